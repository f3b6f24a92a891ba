//! Parser invariants that hold for any model: one root, every word a head,
//! linear time on long input, errors for corrupt files.

use super::*;

/// A model with the real labels and no weights: every decision is the first
/// valid class, which must still give a well-formed tree.
fn blank() -> Parser {
    let raw = RawModel {
        clusters: clusters::Clusters::embedded().unwrap().fingerprint,
        labels: vec!["punct".into(), "root".into(), "nsubj".into()],
        tags: train::tag_set(),
        features: Vec::new(),
    };
    Parser::from_raw(&raw).unwrap()
}

fn check_tree(arcs: &[Arc]) {
    let n = arcs.len();
    assert_eq!(arcs.iter().filter(|a| a.head == 0).count(), 1);
    for a in arcs {
        assert!(a.head <= n);
        assert_eq!(a.head == 0, a.rel == "root");
    }
    // Acyclic: every word reaches the root.
    for i in 1..=n {
        let mut x = i;
        for _ in 0..=n {
            if x == 0 {
                break;
            }
            x = arcs[x - 1].head;
        }
        assert_eq!(x, 0, "word {i} does not reach the root");
    }
}

#[test]
fn empty_and_long_sentences() {
    let p = blank();
    assert!(p.parse::<&str, &str>(&[], &[]).is_empty());
    let one = p.parse(&["Hello"], &["UH"]);
    assert_eq!(
        one,
        vec![Arc {
            head: 0,
            rel: "root"
        }]
    );
    let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
    let t0 = std::time::Instant::now();
    let arcs = p.parse(&words, &["NN"]);
    assert_eq!(arcs.len(), 5000);
    check_tree(&arcs);
    assert!(t0.elapsed().as_secs_f64() < 5.0);
    // Unknown and missing tags are fine.
    check_tree(&p.parse(&["a", "b", "c"], &["???"]));
}

#[test]
fn corrupt_model_files_name_the_file() {
    let e = Parser::from_bytes(b"not gzip", "x/parse.bin.gz")
        .err()
        .unwrap();
    assert!(format!("{e:#}").contains("x/parse.bin.gz"), "{e:#}");
    let good = blank_bytes();
    let e = Parser::from_bytes(&good[..good.len() / 2], "cut.gz")
        .err()
        .unwrap();
    assert!(format!("{e:#}").contains("cut.gz"), "{e:#}");
    let e = Parser::from_path(Path::new("/nonexistent/parse.bin.gz"))
        .err()
        .unwrap();
    assert!(format!("{e:#}").contains("/nonexistent/parse.bin.gz"));
    assert!(Parser::from_bytes(&good, "ok").is_ok());
}

fn blank_bytes() -> Vec<u8> {
    RawModel {
        clusters: clusters::Clusters::embedded().unwrap().fingerprint,
        labels: vec!["root".into()],
        tags: train::tag_set(),
        features: Vec::new(),
    }
    .to_bytes()
}

#[test]
fn the_embedded_model_loads_and_parses() {
    let p = Parser::get();
    assert!(p.n_features() > 1000);
    let words = [
        "The",
        "minister",
        "met",
        "his",
        "counterpart",
        "in",
        "Kyiv",
        ".",
    ];
    let tags = ["DT", "NN", "VBD", "PRP$", "NN", "IN", "NNP", "."];
    let arcs = p.parse(&words, &tags);
    check_tree(&arcs);
    assert_eq!(
        arcs[2],
        Arc {
            head: 0,
            rel: "root"
        }
    );
    assert_eq!(
        arcs[1],
        Arc {
            head: 3,
            rel: "nsubj"
        }
    );
    assert_eq!(arcs[4].head, 3);
    assert_eq!(
        arcs[7],
        Arc {
            head: 3,
            rel: "punct"
        }
    );
}

const TINY: &str = "# text = The minister met his counterpart.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
4\this\the\tPRON\tPRP$\t_\t5\tnmod:poss\t_\t_
5\tcounterpart\tcounterpart\tNOUN\tNN\t_\t3\tobj\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# text = A hearing is scheduled today on the issue.
1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_
2\thearing\thearing\tNOUN\tNN\t_\t4\tnsubj:pass\t_\t_
3\tis\tbe\tAUX\tVBZ\t_\t4\taux:pass\t_\t_
4\tscheduled\tschedule\tVERB\tVBN\t_\t0\troot\t_\t_
5\ttoday\ttoday\tNOUN\tNN\t_\t4\tobl:tmod\t_\t_
6\ton\ton\tADP\tIN\t_\t8\tcase\t_\t_
7\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\t_
8\tissue\tissue\tNOUN\tNN\t_\t2\tnmod\t_\tSpaceAfter=No
9\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

";

fn tiny_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("chronicle-parser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn training_handles_non_projective_trees_and_is_deterministic() {
    // The second sentence is non-projective (hearing -> issue crosses
    // scheduled -> today); training lifts it and still learns.
    let f = tiny_file("tiny.conllu", TINY);
    let opts = train::TrainOptions {
        train: vec![f.clone()],
        iterations: 4,
        min_quantized: 0,
        prune: 0.0,
        ..Default::default()
    };
    let a = train::train(&opts, &mut |_| {}).unwrap();
    let b = train::train(&opts, &mut |_| {}).unwrap();
    assert_eq!(a.bytes, b.bytes, "training is not deterministic");
    assert!(a.lifted >= 1);
    let arcs = a.parser.parse(
        &["The", "minister", "met", "his", "counterpart", "."],
        &["DT", "NN", "VBD", "PRP$", "NN", "."],
    );
    check_tree(&arcs);
    assert_eq!(
        arcs[2],
        Arc {
            head: 0,
            rel: "root"
        }
    );
    // Scoring the training file against itself runs all three ways.
    let sents = chronicle_corpus::conllu::read_file(&f).unwrap();
    let c = eval::gold_tokens(&a.parser, &sents, None);
    assert_eq!(c.words, 15);
    let raw = eval::raw_text(&a.parser, chronicle_tagger::Tagger::get(), &sents);
    assert_eq!(raw.words.gold, 15);
    assert!(raw.sentences.f1() > 99.0, "{raw:?}");
}

#[test]
fn malformed_training_files_are_errors_with_line_numbers() {
    let bad = TINY.replace(
        "3\tmet\tmeet\tVERB\tVBD\t_\t0",
        "3\tmet\tmeet\tVERB\tVBD\t_\tX",
    );
    let f = tiny_file("bad.conllu", &bad);
    let opts = train::TrainOptions {
        train: vec![f],
        iterations: 1,
        ..Default::default()
    };
    let e = train::train(&opts, &mut |_| {}).err().unwrap();
    assert!(format!("{e:#}").contains("bad.conllu:4"), "{e:#}");
    // A cycle is skipped with a message, not looped on.
    let cyc = TINY.replace(
        "2\tminister\tminister\tNOUN\tNN\t_\t3",
        "2\tminister\tminister\tNOUN\tNN\t_\t1",
    );
    let f = tiny_file("cycle.conllu", &cyc);
    let mut notes = Vec::new();
    let opts = train::TrainOptions {
        train: vec![f],
        iterations: 1,
        ..Default::default()
    };
    // 1 -> 2 -> 1 is a cycle.
    let t = train::train(&opts, &mut |l| notes.push(l));
    assert!(t.is_ok());
    assert!(notes.iter().any(|l| l.contains("skipped")), "{notes:?}");
}
