//! Lists the documents `chronicle_ingest::walk` finds: one tab-separated
//! line per document (origin, format, date, id, characters, title) and one
//! `skip` line per document passed over, then a count.
//!
//! `cargo run -p chronicle-ingest --example walk -- [--fetch] PATH...`

use std::path::PathBuf;

fn main() {
    let mut opts = chronicle_ingest::WalkOptions::default();
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--fetch" {
            opts.fetch_links = true;
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    let walk = match chronicle_ingest::walk(&paths, &opts) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("walk: {e}");
            std::process::exit(2);
        }
    };
    let (mut docs, mut skips) = (0usize, 0usize);
    for item in walk {
        match item {
            Ok(d) => {
                docs += 1;
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    d.origin,
                    d.format.name(),
                    d.published.as_deref().unwrap_or("-"),
                    d.id.as_deref().unwrap_or("-"),
                    d.text.chars().count(),
                    d.title.as_deref().unwrap_or("-"),
                );
                for w in &d.warnings {
                    println!("  warning: {w}");
                }
            }
            Err(s) => {
                skips += 1;
                println!("skip\t{s}");
            }
        }
    }
    eprintln!("{docs} document(s), {skips} skipped");
}
