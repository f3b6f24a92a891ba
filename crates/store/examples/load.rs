//! Loads records-v1 JSON files into a store and prints what it holds.
//!
//! `cargo run -p chronicle-store --example load -- DB FILE...`

use chronicle_store::{
    Currency, DateRange, DocMeta, DonorQuery, Records, SqliteStore, Store, TimelineQuery,
};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args.next().ok_or("usage: load DB FILE...")?;
    let mut store = SqliteStore::open(&db)?;
    let mut batch = Vec::new();
    for path in args {
        let text = std::fs::read_to_string(&path)?;
        let records: Records = serde_json::from_str(&text)?;
        batch.push((DocMeta::from_records(&records), records));
    }
    let started = std::time::Instant::now();
    for chunk in batch.chunks(50) {
        let out = store.insert_batch(chunk)?;
        let skipped = out.iter().filter(|o| o.is_skipped()).count();
        eprintln!("batch of {}: {} skipped", chunk.len(), skipped);
    }
    eprintln!("inserted in {:?}", started.elapsed());
    println!("{:?}", store.counts()?);
    println!("\ndonors (EUR, by country):");
    let q = DonorQuery {
        currency: Currency::EUR,
        by_country: true,
        ..DonorQuery::default()
    };
    for row in store.donors(&q)?.iter().take(12) {
        println!(
            "  {:<28} packages {:>3} {:>16.0} (unvalued {}) running total {:?} {:?}",
            row.donor,
            row.packages,
            row.packages_total,
            row.packages_unvalued,
            row.running_total,
            row.running_total_date
        );
    }
    println!("\nvisits to UKR:");
    for v in store.visits_to("UKR", &DateRange::all())? {
        let who: Vec<&str> = v.source.iter().map(|a| a.name.as_str()).collect();
        println!(
            "  {:?} {:?} sources={} loc={:?}",
            v.sort_date,
            who,
            v.source_count,
            v.location.as_ref().map(|l| l.name.as_str())
        );
    }
    println!("\nmerged events:");
    for e in store.timeline(&TimelineQuery::default())? {
        if e.source_count > 1 {
            let names = |v: &[chronicle_store::ActorRef]| {
                v.iter()
                    .map(|a| a.name.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            println!(
                "  #{} {:?} {:?} [{}] -> [{}] +[{}] sources={}",
                e.id,
                e.kind,
                e.sort_date,
                names(&e.source),
                names(&e.target),
                names(&e.participants),
                e.source_count
            );
        }
    }
    Ok(())
}
