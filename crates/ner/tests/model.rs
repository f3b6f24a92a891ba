//! Tests of the shipped model: load time, robustness, errors, and the
//! CoNLL-2003 test score when the shared data is present.

use std::path::PathBuf;
use std::time::Instant;

use chronicle_ner::{evaluate, train, EntityType, Ner, TrainOptions};

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("data/conll2003/eng.testb").exists() {
        Some(p)
    } else {
        println!("skipping: ../shared not found");
        None
    }
}

fn tmp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("chronicle-ner-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn embedded_model_loads_and_tags() {
    // Time a fresh load of the shipped file (`Ner::get` may already have
    // run in another test).
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/ner.bin.gz");
    let t = Instant::now();
    let fresh = Ner::from_path(&path).unwrap();
    println!(
        "model: {} features, {} cluster words, loaded in {:.1} ms",
        fresh.num_features(),
        fresh.clusters().len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let ner = Ner::get();
    assert_eq!(ner.num_features(), fresh.num_features());
    let s = [
        "German",
        "Chancellor",
        "Angela",
        "Merkel",
        "met",
        "NATO",
        "officials",
        "in",
        "Brussels",
        "on",
        "Monday",
        ".",
    ];
    let e = ner.tag(&s);
    let found: Vec<(String, EntityType)> = e
        .iter()
        .map(|e| (s[e.start..e.end].join(" "), e.label))
        .collect();
    println!("{found:?}");
    assert!(
        found.contains(&("Angela Merkel".to_string(), EntityType::Per)),
        "{found:?}"
    );
    assert!(
        found.contains(&("Brussels".to_string(), EntityType::Loc)),
        "{found:?}"
    );
    assert!(ner.tag(&[]).is_empty());
}

#[test]
fn long_sentences_and_tokens_do_not_blow_up() {
    let ner = Ner::get();
    let words = [
        "The", "Prime", "Minister", "of", "India", ",", "Narendra", "Modi", ",", "said",
    ];
    let long: Vec<&str> = words.iter().copied().cycle().take(5_000).collect();
    let t = Instant::now();
    let e = ner.tag(&long);
    println!(
        "5,000-token sentence: {} entities in {:.1} ms",
        e.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    assert!(e.iter().all(|e| e.start < e.end && e.end <= long.len()));
    let huge = "A".repeat(10_000) + &"é".repeat(5_000);
    let s = ["Mr", huge.as_str(), "visited", "Paris", huge.as_str()];
    let e = ner.tag(&s);
    assert!(e.iter().all(|e| e.end <= s.len()));
}

#[test]
fn corrupt_model_file_is_an_error_naming_it() {
    let dir = tmp_dir("corrupt");
    let good = Ner::get().to_bytes();
    let path = dir.join("broken-ner.bin.gz");
    std::fs::write(&path, &good[..good.len() / 3]).unwrap();
    let e = Ner::from_path(&path).unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("broken-ner.bin.gz"), "{msg}");
    std::fs::write(&path, b"not a model at all").unwrap();
    let msg = format!("{:#}", Ner::from_path(&path).unwrap_err());
    assert!(msg.contains("broken-ner.bin.gz"), "{msg}");
    let missing = dir.join("missing.bin.gz");
    let msg = format!("{:#}", Ner::from_path(&missing).unwrap_err());
    assert!(msg.contains("missing.bin.gz"), "{msg}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn training_on_a_malformed_conll_file_names_file_and_line() {
    let dir = tmp_dir("malformed");
    let conll = dir.join("conll");
    std::fs::create_dir_all(&conll).unwrap();
    std::fs::write(
        conll.join("eng.train"),
        "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-GERMAN\n",
    )
    .unwrap();
    for f in ["eng.testa", "eng.testb"] {
        std::fs::write(conll.join(f), "EU NNP I-NP I-ORG\n").unwrap();
    }
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // A tiny cluster table so that no clustering runs.
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/clusters.tsv.gz"),
        out.join("clusters.tsv.gz"),
    )
    .unwrap();
    let e = train(&conll, &[], &out, &TrainOptions::default()).unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("eng.train:5"), "{msg}");
    assert!(msg.contains("I-GERMAN"), "{msg}");
    assert!(!out.join("ner.bin.gz").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn conll_test_score() {
    let Some(shared) = shared() else { return };
    let conll = shared.join("data/conll2003");
    let ner = Ner::get();
    let t = Instant::now();
    let r = evaluate(ner, &conll.join("eng.testb")).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!("{r}");
    println!("{}", r.to_json_line());
    println!(
        "tagged {} tokens at {:.0} tokens/s (this profile)",
        r.tokens,
        r.tokens as f64 / secs
    );
    assert!(r.overall().f1() >= 88.0, "testb F1 {:.2}", r.overall().f1());
}
