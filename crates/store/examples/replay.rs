//! Replays the documents of one store into a fresh one and times the
//! inserts: a benchmark of the store alone (merging included), without
//! extraction.
//!
//! `cargo run --release -p chronicle-store --example replay -- SOURCE_DB NEW_DB [BATCH [FIRST [COUNT]]]`
//!
//! The documents are read back from SOURCE_DB (their records JSON, text and
//! metadata) in the order they were stored, and inserted into NEW_DB in
//! batches of BATCH (default 64, as `ingest`). FIRST and COUNT pick a slice
//! of them (default: all): inserting a slice into an empty NEW_DB and into
//! one that holds the others tells how the cost grows with the store.

use chronicle_store::{DocMeta, Records, SqliteStore, Store};
use rusqlite::{Connection, OpenFlags};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: replay SOURCE_DB NEW_DB [BATCH [FIRST [COUNT]]]";
    let src = args.next().ok_or(usage)?;
    let dst = args.next().ok_or(usage)?;
    let batch: usize = match args.next() {
        Some(b) => b.parse()?,
        None => 64,
    };
    let first: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(0);
    let count: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(usize::MAX);
    let conn = Connection::open_with_flags(&src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = conn.prepare(
        "SELECT content_hash, path, outlet, published, text, records_json FROM documents ORDER BY id",
    )?;
    let docs = stmt
        .query_map([], |r| {
            Ok((
                DocMeta {
                    content_hash: r.get(0)?,
                    path: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    text: None,
                },
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut all = Vec::with_capacity(docs.len());
    for (meta, text, json) in docs.into_iter().skip(first).take(count) {
        let mut records: Records = serde_json::from_str(&json)?;
        records.document.text = text;
        all.push((meta, records));
    }
    eprintln!("{} documents read from {src}", all.len());

    let mut store = SqliteStore::open(&dst)?;
    let started = std::time::Instant::now();
    let mut lap = started;
    let mut done = 0usize;
    for chunk in all.chunks(batch) {
        store.insert_batch(chunk)?;
        let before = done;
        done += chunk.len();
        if done / 1000 != before / 1000 {
            let now = std::time::Instant::now();
            let per_doc = (now - lap).as_secs_f64() * 1000.0 / (done - before).max(1) as f64;
            eprintln!(
                "{done:>6} documents, {:>7.2} s, last batch {per_doc:.2} ms/document",
                (now - started).as_secs_f64()
            );
        }
        lap = std::time::Instant::now();
    }
    let total = started.elapsed().as_secs_f64();
    eprintln!(
        "inserted {done} documents in {total:.2} s ({:.2} ms/document)",
        total * 1000.0 / done.max(1) as f64
    );
    println!("{:?}", store.counts()?);
    Ok(())
}
