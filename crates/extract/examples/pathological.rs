//! Benchmark of pathological articles: extraction time must grow linearly
//! with the length of the text, whatever the text is made of.
//!
//! `cargo run --release -p chronicle-extract --example pathological [KB]`
//!
//! For each kind of bad input (unbalanced and nested quotation marks, one
//! quotation spanning the whole article, a table flattened to text, an
//! all-caps headline article, one name mentioned a thousand times, one
//! sentence without a full stop) it builds an article of about KB
//! kilobytes (default 64) and one twice as long, extracts both (best of
//! three) and prints the time per kilobyte of each and their ratio: a
//! ratio near 1 is linear, near 2 quadratic. A normal article built the
//! same way is the reference.

use std::time::Instant;

use chronicle_extract::{Extractor, Meta};

const NORMAL: &str = "Defense Secretary Grant Shapps traveled to Kyiv on Wednesday and met President Volodymyr Zelensky. \
“We will keep supporting Ukraine,” Mr. Shapps said. Britain has committed several billion dollars in military aid.\n";

/// Builds an article of about the given number of bytes.
type Maker = Box<dyn Fn(usize) -> String>;

fn kinds() -> Vec<(&'static str, Maker)> {
    let repeat = |unit: &'static str| -> Maker {
        Box::new(move |bytes| unit.repeat(bytes / unit.len() + 1))
    };
    vec![
        ("normal news", repeat(NORMAL)),
        (
            "unbalanced and nested quotes",
            repeat("“He said “that ‘we will’ and \" then » « Mr. Shapps said “ no. "),
        ),
        (
            "one quote spanning the article",
            Box::new(|bytes| {
                format!(
                    "“{}”",
                    NORMAL
                        .replace(['“', '”'], "")
                        .repeat(bytes / NORMAL.len() + 1)
                )
            }),
        ),
        (
            "table flattened to text",
            repeat("Ukraine | 530 | million | euros | 2023 | Kyiv | France | 12 | tanks |\n"),
        ),
        (
            "all-caps headlines",
            repeat("BRITAIN PLEDGES $3 BILLION IN MILITARY AID TO UKRAINE AS SHAPPS VISITS KYIV\n"),
        ),
        (
            "one name a thousand times",
            repeat("Zelensky, Zelensky and Mr. Zelensky met Zelensky. "),
        ),
        (
            "one endless sentence",
            repeat("Shapps met Zelensky in Kyiv and pledged aid to Ukraine and said that "),
        ),
    ]
}

fn seconds(ex: &Extractor, text: &str) -> f64 {
    let meta = Meta {
        published: chrono::NaiveDate::from_ymd_opt(2023, 9, 28),
        ..Default::default()
    };
    (0..3)
        .map(|_| {
            let t0 = Instant::now();
            std::hint::black_box(ex.extract(text, &meta));
            t0.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let kb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(64);
    let ex = Extractor::new();
    println!(
        "{:<32} {:>12} {:>12} {:>7}",
        "article", "ms/KB (1x)", "ms/KB (2x)", "ratio"
    );
    for (name, make) in kinds() {
        let a = make(kb * 1024);
        let b = make(2 * kb * 1024);
        let ta = seconds(&ex, &a) * 1e3 / (a.len() as f64 / 1024.0);
        let tb = seconds(&ex, &b) * 1e3 / (b.len() as f64 / 1024.0);
        println!("{name:<32} {ta:>12.3} {tb:>12.3} {:>7.2}", tb / ta);
    }
}
