//! `chronicle reextract`: runs extraction again over the stored documents
//! and replaces what each contributed (see `chronicle_store::reextract`),
//! keeping what reviewers confirmed, rejected or edited. Batches are
//! extracted in parallel and written one transaction at a time, the search
//! index first (adding a document replaces its entries).

use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chronicle_extract::{Extractor, Meta};
use chronicle_records::Records;
use chronicle_search::{IndexDoc, SearchIndex};
use chronicle_store::reextract::StoredDocument;
use chronicle_store::{SqliteStore, Store};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

#[derive(Args)]
pub struct ReextractArgs {
    /// The database `chronicle ingest` built.
    #[arg(long, value_name = "FILE", default_value = "chronicle.db")]
    db: PathBuf,
    /// Extraction threads [default: one per core].
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Documents replaced per transaction.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..))]
    batch: u32,
    /// No progress bar and no summary on standard error.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Default)]
struct Tally {
    documents: usize,
    failed: usize,
    events_new: usize,
    events_merged: usize,
    events_removed: usize,
    events_reviewed: usize,
}

pub fn run(a: ReextractArgs) -> Result<()> {
    let started = Instant::now();
    let mut store = SqliteStore::open_existing(&a.db)?;
    let index_dir = SearchIndex::dir_for_db(&a.db);
    let mut index = SearchIndex::open_or_create(&index_dir)
        .with_context(|| format!("cannot open the search index {}", index_dir.display()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.jobs.map_or(0, usize::from))
        .thread_name(|i| format!("extract-{i}"))
        .build()
        .context("cannot start the extraction threads")?;
    let ids = store.document_ids()?;
    let pb = if a.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let pb = ProgressBar::new(ids.len() as u64);
        pb.set_style(
            ProgressStyle::with_template("[{elapsed_precise}] {pos}/{len} documents ({per_sec:1})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    };
    let extractor = Extractor::new();
    let mut tally = Tally::default();
    for chunk in ids.chunks(a.batch as usize) {
        let mut docs: Vec<StoredDocument> = Vec::with_capacity(chunk.len());
        for &id in chunk {
            if let Some(d) = store.stored_document(id)? {
                docs.push(d);
            }
        }
        let extracted: Vec<(i64, Option<Records>)> = pool.install(|| {
            docs.par_iter()
                .map(|d| {
                    let r = extract(&extractor, d);
                    pb.inc(1);
                    (d.id, r)
                })
                .collect()
        });
        let mut batch: Vec<(i64, Records)> = Vec::with_capacity(extracted.len());
        for (id, r) in extracted {
            match r {
                Some(r) => batch.push((id, r)),
                None => {
                    tally.failed += 1;
                    if !a.quiet {
                        pb.suspend(|| {
                            eprintln!(
                                "chronicle: document {id}: the extractor failed; kept as it was"
                            )
                        });
                    }
                }
            }
        }
        for (_, records) in &batch {
            index
                .add(&IndexDoc::from_records(records, None))
                .context("cannot index the batch")?;
        }
        index.commit().context("cannot commit the search index")?;
        let first = batch.first().map_or(0, |b| b.0);
        let outcomes = store.replace_records(&batch).with_context(|| {
            format!(
                "cannot store the batch of {} document(s) starting at document {first}",
                batch.len()
            )
        })?;
        for o in outcomes {
            tally.documents += 1;
            tally.events_new += o.stats.events_new;
            tally.events_merged += o.stats.events_merged;
            tally.events_removed += o.events_removed;
            tally.events_reviewed += o.events_reviewed;
        }
    }
    pb.finish_and_clear();
    if !a.quiet {
        let c = store.counts()?;
        eprintln!(
            "chronicle: re-extracted {} document(s) in {:.1}s{}: {} event record(s) stored as new events, {} merged into stored ones, {} already kept by reviewed events; {} unreviewed event(s) replaced; {} events, {} entities in {}",
            tally.documents,
            started.elapsed().as_secs_f64(),
            if tally.failed > 0 {
                format!(" ({} failed and kept as they were)", tally.failed)
            } else {
                String::new()
            },
            tally.events_new,
            tally.events_merged,
            tally.events_reviewed,
            tally.events_removed,
            c.events,
            c.entities,
            a.db.display()
        );
    }
    Ok(())
}

/// The records of one stored document; `None` when the extractor failed.
fn extract(extractor: &Extractor, d: &StoredDocument) -> Option<Records> {
    let meta = Meta {
        id: Some(d.record_id.clone()),
        title: d.title.clone(),
        source: d.outlet.clone(),
        url: d.url.clone(),
        published: d.published.as_deref().and_then(|p| {
            chrono::NaiveDate::parse_from_str(p.get(..10).unwrap_or(p), "%Y-%m-%d").ok()
        }),
        outlet_country: None,
    };
    let text = d.text.as_deref().unwrap_or("");
    catch_unwind(AssertUnwindSafe(|| extractor.extract(text, &meta))).ok()
}
