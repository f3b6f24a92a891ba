//! Tagging speed of the embedded model on one thread:
//! `cargo run -p chronicle-ner --release --example bench -- CONLL_FILE [REPEAT]`
//!
//! Prints wall-clock speed and, where Linux's `/proc/thread-self/schedstat`
//! is readable, speed per second on the CPU (steadier on a busy machine).
use std::time::Instant;

use chronicle_ner::conll::read_conll;
use chronicle_ner::Ner;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: bench CONLL_FILE [REPEAT]"))?;
    let repeat: usize = match std::env::args().nth(2) {
        Some(r) => r.parse()?,
        None => 3,
    };
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
    let cpu = cpu_ns();
    let t = Instant::now();
    for _ in 0..repeat {
        for s in &sents {
            ents += ner.tag(s).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let total = (repeat * tokens) as f64;
    println!(
        "{tokens} tokens x{repeat} in {secs:.2}s: {:.0} tokens/s ({ents} entities)",
        total / secs,
    );
    if let (Some(a), Some(b)) = (cpu, cpu_ns()) {
        let cpu_secs = (b - a) as f64 * 1e-9;
        println!(
            "on the CPU {cpu_secs:.2}s: {:.0} tokens per CPU-second",
            total / cpu_secs
        );
    }
    Ok(())
}

/// Nanoseconds this thread has run on a CPU (Linux only).
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}
