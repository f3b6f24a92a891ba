//! The shipped model against UD English EWT test (gold tokens and tags).

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
    let parser = chronicle_parser::Parser::get();
    println!("model loaded in {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    let sents = chronicle_corpus::conllu::read_file(&file).unwrap();
    let c = chronicle_parser::eval::gold_tokens(parser, &sents, None);
    println!(
        "EWT test, gold tokens and tags: {} words, UAS {:.2}, LAS {:.2}",
        c.words,
        c.uas(),
        c.las()
    );
    assert!(c.words > 25_000);
    assert!(c.uas() >= 85.0, "UAS {:.2} below the 85 floor", c.uas());
    assert!(c.las() >= 81.0, "LAS {:.2} below the 81 floor", c.las());
}
