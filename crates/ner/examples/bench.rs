//! Tagging speed of the embedded model on one thread:
//! `cargo run -p chronicle-ner --release --example bench -- CONLL_FILE`
use std::time::Instant;

use chronicle_ner::conll::read_conll;
use chronicle_ner::Ner;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: bench CONLL_FILE"))?;
    let t = Instant::now();
    let ner = Ner::get();
    println!("load: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let docs = read_conll(std::path::Path::new(&path))?;
    let sents: Vec<Vec<&str>> = docs
        .iter()
        .flat_map(|d| d.sentences.iter())
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let tokens: usize = sents.iter().map(Vec::len).sum();
    let t = Instant::now();
    ner.tag(&["Warm", "up", "the", "lexicon", "in", "Paris"]);
    println!(
        "first tag (lexicon and gazetteer load): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut ents = 0;
    let t = Instant::now();
    for _ in 0..3 {
        for s in &sents {
            ents += ner.tag(s).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} tokens x3 in {:.2}s: {:.0} tokens/s ({} entities)",
        tokens,
        secs,
        3.0 * tokens as f64 / secs,
        ents
    );
    Ok(())
}
