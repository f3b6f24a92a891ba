//! `chronicle ingest PATH...`: many documents into the store.
//!
//! The flow, one batch at a time:
//!
//! 1. [`chronicle_ingest::walk`] streams the documents of the inputs in a
//!    deterministic order; a document that cannot be read is a logged skip.
//! 2. A document whose text is already stored (its content hash, checked
//!    with [`Store::document_id`]) or was met earlier in this run is passed
//!    over before any extraction work.
//! 3. The new documents of a batch are extracted in parallel (one shared
//!    [`Extractor`], which is `Sync`), the results kept in input order.
//! 4. The batch is stored with [`Store::insert_batch`]: one transaction, all
//!    or nothing. While it is written, the next batch is already being
//!    extracted.
//!
//! A kill loses at most the batches not yet committed; running the same
//! command again skips what is stored (content hashes) and carries on, so
//! nothing is lost or stored twice.

use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use chronicle_extract::{Extractor, Meta};
use chronicle_ingest::{Skip, SourceDoc, Walk, WalkOptions};
use chronicle_search::{IndexDoc, SearchIndex};
use chronicle_store::{DocMeta, InsertOutcome, Records, SqliteStore, Store};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

/// How many skipped documents the summary lists per reason.
const EXAMPLES_PER_REASON: usize = 3;

#[derive(clap::Args)]
#[command(after_help = "\
Inputs: .txt, .html, .jsonl (fields id, title, date, url, source, text), \
RSS/Atom feeds and WARC archives, each optionally gzipped; folders are read \
recursively in name order (hidden entries, and README/LICENSE/CHANGELOG \
files found inside folders, are left out).

Documents already in the database (same text) are skipped before any \
extraction work: running the same command again stores nothing new, and \
after an interruption (even kill -9) it resumes where the last committed \
batch ended.

A document's publication date comes from its input (JSON Lines `date`, \
feed entry dates, HTML metadata). Plain text has none: give it with \
--published, e.g.
  chronicle ingest demo --published 2023-09-28
stores demo/seed.txt as published on 2023-09-28 and the dated White House \
documents with their own dates.

Prints a summary, then one JSON line with the same counts. Exits non-zero \
only when no document could be read at all, a path does not exist, or the \
database cannot be opened or written (a failed batch is rolled back whole).")]
pub struct IngestArgs {
    /// Files, folders, `-` for standard input, or (with --fetch) feed URLs.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The database file (created when missing).
    #[arg(long, value_name = "FILE", default_value = "chronicle.db")]
    db: PathBuf,
    /// Publication date (YYYY-MM-DD) for documents whose input gives none,
    /// such as plain .txt files; a date the input gives always wins.
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Accept http(s) feed URLs, and fetch the linked page of a feed entry
    /// whose own text is short (off: the network is never touched).
    #[arg(long)]
    fetch: bool,
    /// Extraction threads [default: one per core].
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Documents stored per transaction (an interruption loses at most the
    /// batches not yet committed).
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..))]
    batch: u32,
    /// No progress bar and no per-document messages on standard error (the
    /// summary is still printed).
    #[arg(long, short)]
    quiet: bool,
}

/// A new document waiting for extraction.
struct Pending {
    doc: SourceDoc,
    published: Option<NaiveDate>,
}

/// A document after extraction: its records, or why there are none.
type Extracted = (Pending, Result<Records, String>);

/// What the run did, for the summary.
#[derive(Default)]
struct Tally {
    /// Documents the walk yielded (readable), whatever became of them.
    read: usize,
    stored: usize,
    /// Stored without a publication date.
    undated: usize,
    /// Dated by --published.
    dated_by_flag: usize,
    /// The text was in the database before.
    present: usize,
    /// The text was met earlier in this run.
    duplicate_texts: usize,
    warnings: usize,
    skipped: usize,
    /// Reason kind → (count, first few skips).
    reasons: BTreeMap<String, (usize, Vec<String>)>,
    entities_new: usize,
    entities_merged: usize,
    events_new: usize,
    events_merged: usize,
    /// Of `events_merged`, aid packages told again by another document.
    restatements: usize,
    quotes: usize,
    /// Time spent writing batches (the extraction of the next batch runs
    /// meanwhile).
    store_time: Duration,
}

impl Tally {
    fn skip(&mut self, skip: &Skip) {
        self.skipped += 1;
        let entry = self.reasons.entry(reason_kind(&skip.reason)).or_default();
        entry.0 += 1;
        if entry.1.len() < EXAMPLES_PER_REASON {
            entry.1.push(skip.to_string());
        }
    }
}

/// Where messages go: above the progress bar, or nowhere with --quiet.
struct Log {
    pb: ProgressBar,
    quiet: bool,
}

impl Log {
    fn line(&self, msg: &str) {
        if !self.quiet {
            self.pb.suspend(|| eprintln!("chronicle: {msg}"));
        }
    }

    fn update(&self, t: &Tally) {
        self.pb.set_message(format!(
            "stored {} · already present {} · skipped {}",
            t.stored,
            t.present + t.duplicate_texts,
            t.skipped
        ));
    }
}

pub fn run(a: IngestArgs) -> Result<()> {
    let started = Instant::now();
    let default_date = a.published.as_deref().map(crate::parse_date).transpose()?;
    let opts = WalkOptions {
        fetch_links: a.fetch,
        ..WalkOptions::default()
    };
    if !a.fetch {
        if let Some(url) = a.paths.iter().map(|p| p.display().to_string()).find(|p| {
            let lower = p.to_ascii_lowercase();
            lower.starts_with("http://") || lower.starts_with("https://")
        }) {
            bail!("{url}: reading URLs needs --fetch");
        }
    }
    let mut walk = chronicle_ingest::walk(&a.paths, &opts)?;
    let mut store = SqliteStore::open(&a.db)?;
    let index_dir = SearchIndex::dir_for_db(&a.db);
    let mut index = SearchIndex::open_or_create(&index_dir)
        .with_context(|| format!("cannot open the search index {}", index_dir.display()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.jobs.map_or(0, usize::from))
        .thread_name(|i| format!("extract-{i}"))
        .build()
        .context("cannot start the extraction threads")?;
    let pb = if a.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let pb = ProgressBar::new_spinner();
        pb.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {pos} documents ({per_sec:1}) {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    };
    let log = Log { pb, quiet: a.quiet };
    let explicit: HashSet<String> = a.paths.iter().map(|p| p.display().to_string()).collect();
    let extractor = Extractor::new();
    let batch_size = a.batch as usize;

    let mut tally = Tally::default();
    let mut seen: HashSet<String> = HashSet::new();
    let outcome = std::thread::scope(|s| -> Result<()> {
        let mut extracting: Option<std::thread::ScopedJoinHandle<'_, Vec<Extracted>>> = None;
        loop {
            let batch = fill_batch(
                &mut walk,
                &store,
                batch_size,
                default_date,
                &explicit,
                &mut seen,
                &mut tally,
                &log,
            )?;
            let finished = match extracting.take() {
                Some(h) => Some(
                    h.join()
                        .map_err(|_| anyhow!("an extraction thread failed"))?,
                ),
                None => None,
            };
            if !batch.is_empty() {
                let (pool, extractor, pb) = (&pool, &extractor, log.pb.clone());
                extracting = Some(s.spawn(move || extract_batch(pool, extractor, batch, &pb)));
            }
            if let Some(done) = finished {
                store_batch(&mut store, &mut index, done, &mut tally, &log)?;
            }
            if extracting.is_none() {
                return Ok(());
            }
        }
    });
    log.pb.finish_and_clear();
    let elapsed = started.elapsed();
    if let Err(e) = outcome {
        return Err(anyhow!(
            "{e:#}; the {} document(s) stored before it are kept: run the same command again to resume",
            tally.stored
        ));
    }
    let counts = store.counts()?;
    print_summary(&a.db, &tally, &counts, elapsed);
    if tally.read == 0 {
        if tally.skipped == 0 {
            bail!("no documents found in the given paths");
        }
        bail!(
            "nothing could be read: {} input(s) or document(s) skipped",
            tally.skipped
        );
    }
    Ok(())
}

/// Reads documents until `size` new ones are collected or the walk ends.
#[allow(clippy::too_many_arguments)]
fn fill_batch(
    walk: &mut Walk,
    store: &SqliteStore,
    size: usize,
    default_date: Option<NaiveDate>,
    explicit: &HashSet<String>,
    seen: &mut HashSet<String>,
    tally: &mut Tally,
    log: &Log,
) -> Result<Vec<Pending>> {
    let mut batch = Vec::with_capacity(size);
    while batch.len() < size {
        let Some(item) = walk.next() else { break };
        let doc = match item {
            Ok(doc) => doc,
            Err(skip) => {
                log.line(&format!("skip: {skip}"));
                tally.skip(&skip);
                log.pb.inc(1);
                continue;
            }
        };
        tally.read += 1;
        if let Some(reason) = folder_extra(&doc, explicit) {
            let skip = Skip {
                origin: doc.origin.clone(),
                reason,
            };
            log.line(&format!("skip: {skip}"));
            tally.skip(&skip);
            log.pb.inc(1);
            continue;
        }
        if !seen.insert(doc.content_hash.clone()) {
            tally.duplicate_texts += 1;
            log.pb.inc(1);
            continue;
        }
        if store.document_id(&doc.content_hash)?.is_some() {
            tally.present += 1;
            log.pb.inc(1);
            if tally.present & 0xff == 0 {
                log.update(tally);
            }
            continue;
        }
        for w in &doc.warnings {
            tally.warnings += 1;
            log.line(&format!("warning: {}: {w}", doc.origin));
        }
        let stated = doc.published.as_deref().and_then(|d| {
            let parsed = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
            if parsed.is_none() {
                tally.warnings += 1;
                log.line(&format!(
                    "warning: {}: unrecognized date {d:?} ignored",
                    doc.origin
                ));
            }
            parsed
        });
        if stated.is_none() && default_date.is_some() {
            tally.dated_by_flag += 1;
        }
        batch.push(Pending {
            published: stated.or(default_date),
            doc,
        });
    }
    log.update(tally);
    Ok(batch)
}

/// A README, LICENSE or CHANGELOG file met inside a folder is the folder's
/// documentation, not an article (named explicitly, it is read).
fn folder_extra(doc: &SourceDoc, explicit: &HashSet<String>) -> Option<String> {
    if doc.format != chronicle_ingest::Format::Text || explicit.contains(&doc.origin) {
        return None;
    }
    let name = Path::new(&doc.origin).file_name()?.to_str()?;
    let upper = name.to_ascii_uppercase();
    ["README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG"]
        .iter()
        .any(|p| upper.starts_with(p))
        .then(|| {
            "a folder's README/LICENSE/CHANGELOG file, not an article (name it to ingest it)".into()
        })
}

/// Extracts a batch on the pool; the results keep the batch's order.
fn extract_batch(
    pool: &rayon::ThreadPool,
    extractor: &Extractor,
    batch: Vec<Pending>,
    pb: &ProgressBar,
) -> Vec<Extracted> {
    pool.install(|| {
        batch
            .into_par_iter()
            .map(|p| {
                let meta = Meta {
                    id: p.doc.id.clone(),
                    title: p.doc.title.clone(),
                    source: p.doc.outlet.clone(),
                    url: p.doc.url.clone(),
                    published: p.published,
                    outlet_country: None,
                };
                // The pipeline is not meant to panic on any input; should it,
                // the document is skipped rather than the run lost.
                let records =
                    catch_unwind(AssertUnwindSafe(|| extractor.extract(&p.doc.text, &meta)))
                        .map_err(|_| {
                            "the extractor failed on this document (internal error)".to_string()
                        });
                pb.inc(1);
                (p, records)
            })
            .collect()
    })
}

/// Stores one extracted batch in one transaction.
fn store_batch(
    store: &mut SqliteStore,
    index: &mut SearchIndex,
    done: Vec<Extracted>,
    tally: &mut Tally,
    log: &Log,
) -> Result<()> {
    let mut docs: Vec<(DocMeta, Records)> = Vec::with_capacity(done.len());
    let mut dated: Vec<bool> = Vec::with_capacity(done.len());
    let first = done.first().map(|(p, _)| p.doc.origin.clone());
    for (p, records) in done {
        match records {
            Ok(records) => {
                let meta = DocMeta {
                    content_hash: p.doc.content_hash,
                    path: Some(p.doc.origin),
                    outlet: p.doc.outlet,
                    published: p.published.map(|d| d.to_string()),
                    text: None,
                };
                dated.push(p.published.is_some());
                docs.push((meta, records));
            }
            Err(reason) => {
                let skip = Skip {
                    origin: p.doc.origin,
                    reason,
                };
                log.line(&format!("skip: {skip}"));
                tally.skip(&skip);
            }
        }
    }
    if docs.is_empty() {
        return Ok(());
    }
    let writing = Instant::now();
    // The search index first: adding a document replaces its entries, so
    // a run killed between the two commits re-indexes the batch it
    // re-extracts; the store's commit then makes the batch final.
    for (_, records) in &docs {
        index
            .add(&IndexDoc::from_records(records, None))
            .context("cannot index the batch")?;
    }
    index.commit().context("cannot commit the search index")?;
    let outcomes = store.insert_batch(&docs).with_context(|| {
        format!(
            "cannot store the batch of {} document(s) starting at {}",
            docs.len(),
            first.as_deref().unwrap_or("?")
        )
    })?;
    tally.store_time += writing.elapsed();
    for (outcome, is_dated) in outcomes.iter().zip(&dated) {
        match outcome {
            InsertOutcome::Inserted(s) => {
                tally.stored += 1;
                tally.undated += usize::from(!is_dated);
                tally.entities_new += s.entities_new;
                tally.entities_merged += s.entities_merged;
                tally.events_new += s.events_new;
                tally.events_merged += s.events_merged;
                tally.restatements += s.restatements;
                tally.quotes += s.quotes;
            }
            // Stored meanwhile by another process.
            InsertOutcome::Skipped { .. } => tally.present += 1,
        }
    }
    log.update(tally);
    Ok(())
}

/// A skip reason without its particulars (quoted values, numbers), so that
/// skips of one kind are counted together.
fn reason_kind(reason: &str) -> String {
    let cut = reason.find([':', '"', '(']).unwrap_or(reason.len());
    let head = reason[..cut].trim();
    let head = if head.is_empty() { reason.trim() } else { head };
    let mut out = String::with_capacity(head.len());
    let mut in_number = false;
    for c in head.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

fn print_summary(db: &Path, t: &Tally, c: &chronicle_store::Counts, elapsed: Duration) {
    use std::fmt::Write as _;
    use std::io::Write as _;
    // Written whole at the end, without panicking on a closed pipe.
    let mut o = String::new();
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        t.read as f64 / secs
    } else {
        0.0
    };
    let _ = writeln!(
        o,
        "ingest: {} document(s) read in {secs:.1} s ({rate:.1} documents/s)",
        t.read
    );
    let mut stored = format!("  stored           {:>7}", t.stored);
    let mut notes = Vec::new();
    if t.undated > 0 {
        notes.push(format!("{} without a publication date", t.undated));
    }
    if t.dated_by_flag > 0 {
        notes.push(format!("{} dated by --published", t.dated_by_flag));
    }
    if !notes.is_empty() {
        stored.push_str(&format!("  ({})", notes.join("; ")));
    }
    let _ = writeln!(o, "{stored}");
    let _ = writeln!(o, "  already present  {:>7}", t.present);
    if t.duplicate_texts > 0 {
        let _ = writeln!(
            o,
            "  duplicate texts  {:>7}  (the same text earlier in this run)",
            t.duplicate_texts
        );
    }
    let _ = writeln!(o, "  skipped          {:>7}", t.skipped);
    for (kind, (n, examples)) in &t.reasons {
        let _ = writeln!(o, "    {n:>6}  {kind}");
        for e in examples {
            let _ = writeln!(o, "              e.g. {e}");
        }
    }
    if t.warnings > 0 {
        let _ = writeln!(
            o,
            "  warnings         {:>7}  (repaired or ignored, see standard error)",
            t.warnings
        );
    }
    let _ = writeln!(
        o,
        "  entities         {:>7} new, {} resolved to stored entities",
        t.entities_new, t.entities_merged
    );
    let _ = writeln!(
        o,
        "  events           {:>7} new, {} merged into stored events ({} of them aid packages told again)",
        t.events_new, t.events_merged, t.restatements
    );
    let _ = writeln!(o, "  quotes           {:>7}", t.quotes);
    let _ = writeln!(o,
        "  database {}: {} documents, {} entities, {} events ({} reported by several documents), {} quotes",
        db.display(),
        c.documents,
        c.entities,
        c.events,
        c.merged_events,
        c.quotes
    );
    let reasons: serde_json::Map<String, serde_json::Value> = t
        .reasons
        .iter()
        .map(|(k, (n, _))| (k.clone(), (*n).into()))
        .collect();
    let json = serde_json::json!({
        "read": t.read,
        "stored": t.stored,
        "undated": t.undated,
        "already_present": t.present,
        "duplicate_texts": t.duplicate_texts,
        "skipped": t.skipped,
        "skip_reasons": reasons,
        "warnings": t.warnings,
        "entities_new": t.entities_new,
        "entities_merged": t.entities_merged,
        "events_new": t.events_new,
        "events_merged": t.events_merged,
        "restatements": t.restatements,
        "quotes": t.quotes,
        "db_documents": c.documents,
        "db_events": c.events,
        "db_merged_events": c.merged_events,
        "elapsed_s": (secs * 1000.0).round() / 1000.0,
        "store_s": (t.store_time.as_secs_f64() * 1000.0).round() / 1000.0,
        "documents_per_s": (rate * 10.0).round() / 10.0,
    });
    let _ = writeln!(o, "{json}");
    let _ = std::io::stdout().lock().write_all(o.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_grouped_by_kind() {
        assert_eq!(
            reason_kind("duplicate id \"a\" (first read at x.jsonl:1)"),
            "duplicate id"
        );
        assert_eq!(
            reason_kind("malformed JSON: expected value at line 1 column 2"),
            "malformed JSON"
        );
        assert_eq!(
            reason_kind("line of 123 bytes is over the 100-byte limit"),
            "line of N bytes is over the N-byte limit"
        );
        assert_eq!(reason_kind("empty file"), "empty file");
    }

    #[test]
    fn the_extractor_can_be_shared_between_threads() {
        fn is_sync<T: Sync>() {}
        is_sync::<Extractor>();
    }
}
