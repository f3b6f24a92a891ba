//! The shipped model against UD English EWT test (gold tokenization).

use std::path::Path;

#[test]
fn shipped_model_meets_the_floors_on_ewt_test() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let file = shared.join("data/ud/en_ewt-ud-test.conllu");
    if !shared.is_dir() || !file.is_file() {
        println!("skipping: ../shared not found");
        return;
    }
    let t0 = std::time::Instant::now();
    let tagger = chronicle_tagger::Tagger::get();
    println!("model loaded in {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    let report = chronicle_tagger::eval::evaluate(tagger, &[file]).unwrap();
    print!("{report}");
    let s = &report.files[0];
    let pct = |n: usize| 100.0 * n as f64 / s.tokens as f64;
    assert!(s.tokens > 25_000);
    assert!(
        pct(s.xpos) >= 94.6,
        "XPOS {:.2}% below the 94.6% floor",
        pct(s.xpos)
    );
    assert!(pct(s.upos) >= 95.3, "UPOS {:.2}%", pct(s.upos));
    assert!(
        pct(s.lemma_gold) >= 98.8,
        "lemma (gold XPOS) {:.2}% below the 98.8% floor",
        pct(s.lemma_gold)
    );
    assert!(
        pct(s.lemma_pred) >= 97.0,
        "lemma (predicted XPOS) {:.2}% below the 97.0% floor",
        pct(s.lemma_pred)
    );
}
