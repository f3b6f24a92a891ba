use super::*;
use crate::model::{Entry, RawModel};

fn toy_raw() -> RawModel {
    RawModel {
        clusters: crate::clusters::Clusters::embedded().unwrap().fingerprint,
        labels: vec![
            Tag {
                xpos: "NN",
                upos: "NOUN",
            },
            Tag {
                xpos: "DT",
                upos: "DET",
            },
        ],
        tagdict: vec![("the".into(), 1)],
        ambdict: vec![("cat".into(), 1), ("dog".into(), 3)],
        features: vec![
            (
                7,
                vec![
                    Entry {
                        label: 0,
                        weight: 5,
                    },
                    Entry {
                        label: 1,
                        weight: -3,
                    },
                ],
            ),
            (
                1000,
                vec![Entry {
                    label: 1,
                    weight: 300,
                }],
            ),
        ],
    }
}

fn toy_lemma() -> Vec<u8> {
    Lemmatizer::train([("met", "VBD", "meet"), ("ministers", "NNS", "minister")]).to_bytes()
}

#[test]
fn pos_model_round_trips() {
    let raw = toy_raw();
    let bytes = raw.to_bytes();
    let back = PosModel::from_bytes(&codec::gunzip(&bytes).unwrap()).unwrap();
    assert_eq!(back.labels, raw.labels);
    assert_eq!(back.tagdict, raw.tagdict);
    assert_eq!(back.features, raw.features);
    assert_eq!(back.to_bytes(), bytes);
    let t = Tagger::from_bytes(&bytes, "p", &toy_lemma(), "l").unwrap();
    assert_eq!(t.tag(&["the", "cat"])[0].xpos, "DT");
    assert_eq!(t.n_features(), 2);
    assert_eq!(t.lemmatize("met", "VBD"), "meet");
}

#[test]
fn corrupt_or_truncated_models_are_errors_naming_the_file() {
    let pos = toy_raw().to_bytes();
    let lem = toy_lemma();
    // Truncated gzip, garbage, empty.
    for bad in [&pos[..pos.len() / 2], b"not a model at all".as_slice(), &[]] {
        let e = Tagger::from_bytes(bad, "models/pos.bin.gz", &lem, "l")
            .err()
            .expect("corrupt model must fail");
        let msg = format!("{e:#}");
        assert!(msg.contains("models/pos.bin.gz"), "{msg}");
        let e = Tagger::from_bytes(&pos, "p", bad, "models/lemma.bin.gz")
            .err()
            .expect("corrupt model must fail");
        assert!(format!("{e:#}").contains("models/lemma.bin.gz"));
    }
    // Valid gzip around truncated or altered content: every cut fails.
    let raw = codec::gunzip(&pos).unwrap();
    for cut in 0..raw.len() {
        let mut w = codec::Writer::default();
        w.bytes(&raw[..cut]);
        assert!(
            Tagger::from_bytes(&w.finish_gz(), "p", &lem, "l").is_err(),
            "cut {cut}"
        );
    }
    for i in 0..raw.len() {
        let mut b = raw.clone();
        b[i] ^= 0xff;
        let mut w = codec::Writer::default();
        w.bytes(&b);
        // Must not panic; may or may not be an error.
        let _ = Tagger::from_bytes(&w.finish_gz(), "p", &lem, "l");
    }
}

#[test]
fn from_paths_names_missing_and_corrupt_files() {
    let dir = std::env::temp_dir().join(format!("chronicle-tagger-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (p, l) = (dir.join("pos.bin.gz"), dir.join("lemma.bin.gz"));
    std::fs::write(&p, &toy_raw().to_bytes()[..20]).unwrap();
    std::fs::write(&l, toy_lemma()).unwrap();
    let msg = format!("{:#}", Tagger::from_paths(&p, &l).err().unwrap());
    assert!(
        msg.contains("pos.bin.gz") && msg.contains("corrupt"),
        "{msg}"
    );
    let msg = format!(
        "{:#}",
        Tagger::from_paths(&dir.join("nope"), &l).err().unwrap()
    );
    assert!(msg.contains("nope"), "{msg}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn embedded_model_loads_and_tags() {
    let t0 = std::time::Instant::now();
    let t = Tagger::get();
    println!(
        "embedded model loaded in {:.1} ms ({} features)",
        t0.elapsed().as_secs_f64() * 1e3,
        t.n_features()
    );
    let words = [
        "The",
        "minister",
        "met",
        "his",
        "counterparts",
        "in",
        "Kyiv",
        ".",
    ];
    let tags: Vec<&str> = t.tag(&words).iter().map(|t| t.xpos).collect();
    assert_eq!(tags, ["DT", "NN", "VBD", "PRP$", "NNS", "IN", "NNP", "."]);
    let up: Vec<&str> = t.tag(&words).iter().map(|t| t.upos).collect();
    assert_eq!(up[2], "VERB");
    assert_eq!(up[6], "PROPN");
    assert!(t.tag::<&str>(&[]).is_empty());
    for (w, x, l) in [
        ("met", "VBD", "meet"),
        ("meets", "VBZ", "meet"),
        ("meeting", "VBG", "meet"),
        ("pledged", "VBD", "pledge"),
        ("visited", "VBD", "visit"),
        ("ministers", "NNS", "minister"),
        ("was", "VBD", "be"),
        ("Ukraine", "NNP", "Ukraine"),
    ] {
        assert_eq!(t.lemmatize(w, x), l, "{w}/{x}");
    }
}

#[test]
fn huge_sentences_and_tokens_do_not_blow_up() {
    let t = Tagger::get();
    let words: Vec<String> = (0..5000)
        .map(|i| ["the", "talks", "in", "Geneva", "ended", "."][i % 6].to_string())
        .collect();
    assert_eq!(t.tag(&words).len(), 5000);
    let long = "ab-".repeat(3400);
    let tags = t.tag(&[long.as_str(), "x", &"Z".repeat(10_000)]);
    assert_eq!(tags.len(), 3);
    let _ = t.lemmatize(&long, tags[0].xpos);
    let _ = t.lemmatize(&"é".repeat(10_000), "NNS");
}

#[test]
fn tagging_speed() {
    let t = Tagger::get();
    let sent = "The European Union pledged another 50 million euros in humanitarian aid to \
                Ukraine on Tuesday , the foreign ministers said after meeting in Brussels .";
    let words: Vec<&str> = sent.split(' ').collect();
    let reps = if cfg!(debug_assertions) { 200 } else { 5000 };
    let t0 = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        n += t.tag(&words).len();
    }
    let s = t0.elapsed().as_secs_f64();
    println!(
        "tagged {n} tokens in {s:.3} s: {:.0} tokens/s",
        n as f64 / s
    );
    let t0 = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        for (w, tag) in words.iter().zip(t.tag(&words)) {
            n += usize::from(!t.lemmatize(w, tag.xpos).is_empty());
        }
    }
    let s = t0.elapsed().as_secs_f64();
    println!(
        "tagged and lemmatized {n} tokens in {s:.3} s: {:.0} tokens/s",
        n as f64 / s
    );
    // Tag + lemmatize, over EWT dev when the shared data is there.
    let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud/en_ewt-ud-dev.conllu");
    let sents: Vec<Vec<String>> = match chronicle_corpus::conllu::read_file(&dev) {
        Ok(ss) => ss
            .iter()
            .map(|s| s.words.iter().map(|w| w.form.clone()).collect())
            .collect(),
        Err(_) => vec![words.iter().map(|w| w.to_string()).collect(); 100],
    };
    let reps = if cfg!(debug_assertions) { 1 } else { 5 };
    let t0 = std::time::Instant::now();
    let n: usize = (0..reps)
        .map(|_| sents.iter().map(|s| t.tag(s).len()).sum::<usize>())
        .sum();
    println!(
        "tagged {n} tokens (EWT dev or the sentence above): {:.0} tokens/s",
        n as f64 / t0.elapsed().as_secs_f64()
    );
    let t0 = std::time::Instant::now();
    let (mut n, mut bytes) = (0, 0);
    for _ in 0..reps {
        for s in &sents {
            for (w, tag) in s.iter().zip(t.tag(s)) {
                bytes += t.lemmatize(w, tag.xpos).len();
                n += 1;
            }
        }
    }
    let s = t0.elapsed().as_secs_f64();
    assert!(bytes > 0);
    println!(
        "tagged and lemmatized {n} tokens in {s:.3} s: {:.0} tokens/s",
        n as f64 / s
    );
}

#[test]
fn a_model_trained_with_other_clusters_is_refused() {
    let mut raw = toy_raw();
    raw.clusters ^= 1;
    let e = Tagger::from_bytes(&raw.to_bytes(), "models/pos.bin.gz", &toy_lemma(), "l")
        .err()
        .expect("cluster mismatch must fail");
    let msg = format!("{e:#}");
    assert!(
        msg.contains("models/pos.bin.gz") && msg.contains("cluster table"),
        "{msg}"
    );
}

#[test]
fn word_table_normalizes_for_clusters() {
    let c = clusters::Clusters::embedded().unwrap();
    let (w, _) = &c.words[c.words.len() / 2];
    let t = model::WordTable::new(&[], &[("cat".into(), 5)], c);
    let mut buf: [String; 2] = Default::default();
    let unknown = clusters::unknown();
    assert_ne!(t.lookup(w, &mut buf).clus, unknown, "{w}");
    assert_eq!(t.lookup("zzqxzzqx", &mut buf).clus, unknown);
    // Lowercase fallback for the ambiguity class, marked as such.
    assert_eq!(t.lookup("cat", &mut buf).amb, 5);
    assert_eq!(t.lookup("Cat", &mut buf).amb, 5 | 1 << 63);
    assert_eq!(t.lookup("cAT", &mut buf).amb, 0);
    // Digits are looked up as 0 (the table holds numbers that way).
    if c.words.iter().any(|(w, _)| w == "0") {
        assert_eq!(t.lookup("7", &mut buf).clus, t.lookup("0", &mut buf).clus);
    }
    assert!(t.lookup("the", &mut buf).dict.is_none());
}
