//! Parser-only throughput: `speed FILE.conllu [MODEL]` parses the file's
//! sentences (gold tokens and tags) three times and prints words/s.

use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let a: Vec<String> = std::env::args().collect();
    let sents = chronicle_corpus::conllu::read_file(std::path::Path::new(&a[1]))?;
    let loaded;
    let p = match a.get(2) {
        Some(m) => {
            loaded = chronicle_parser::Parser::from_path(std::path::Path::new(m))?;
            &loaded
        }
        None => chronicle_parser::Parser::get(),
    };
    let data: Vec<(Vec<&str>, Vec<&str>)> = sents
        .iter()
        .map(|s| {
            (
                s.words.iter().map(|w| w.form.as_str()).collect(),
                s.words.iter().map(|w| w.xpos.as_str()).collect(),
            )
        })
        .collect();
    let words: usize = data.iter().map(|d| d.0.len()).sum();
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t0 = Instant::now();
        for (w, t) in &data {
            std::hint::black_box(p.parse(w, t));
        }
        best = best.min(t0.elapsed().as_secs_f64());
    }
    println!(
        "{words} words in {best:.3} s: {:.0} words/s",
        words as f64 / best
    );
    Ok(())
}
