//! Tokenizer and sentence-splitter figures on the UD English test treebanks.
//!
//! Reads `../shared/data/ud` next to the repository (skipped, visibly, when
//! it is absent), prints the report and its JSON line, and checks that the
//! figures stay at or above those reached when the components were written
//! (tuned on train/dev only; see `chronicle-eval`'s `segmentation` module).
//! Run with `cargo test -p chronicle-eval --test segmentation -- --nocapture`.

use chronicle_eval::segmentation::evaluate_segmentation;
use std::path::PathBuf;

#[test]
fn ud_test_segmentation_figures() {
    let ud = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
    let files: Vec<PathBuf> = ["en_ewt-ud-test.conllu", "en_gum-ud-test.conllu"]
        .iter()
        .map(|f| ud.join(f))
        .collect();
    if !files.iter().all(|f| f.is_file()) {
        eprintln!("skipping: ../shared not found");
        return;
    }
    let report = evaluate_segmentation(&files).expect("UD test files should parse");
    println!("{report}");
    println!("{}", report.to_json());

    let ewt = report.row("en_ewt-ud-test.conllu").expect("EWT row");
    let gum = report.row("en_gum-ud-test.conllu").expect("GUM row");
    let news = &report.gum_news;
    assert_eq!(
        ewt.unaligned + gum.unaligned,
        0,
        "every gold token should align to the raw text"
    );
    assert!(news.documents >= 1 && news.tokens.gold > 1000);

    let floor = |what: &str, got: f64, min: f64| assert!(got >= min, "{what}: {got:.4} < {min}");
    floor("GUM news token F1", news.tokens.f1(), 0.99);
    floor("GUM news sentence F1", news.sentences.f1(), 0.92);
    floor("GUM token F1", gum.tokens.f1(), 0.995);
    floor("GUM sentence F1", gum.sentences.f1(), 0.96);
    floor("EWT token F1", ewt.tokens.f1(), 0.985);
    floor("EWT sentence F1", ewt.sentences.f1(), 0.84);
}
