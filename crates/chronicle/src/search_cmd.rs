//! `chronicle search`: full-text search over an ingested store's
//! documents, quotes and events, with structured filters, through the
//! tantivy index `chronicle ingest` keeps beside the database.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use chronicle_search::{Hit, Kind, Query, SearchIndex};
use clap::{Args, ValueEnum};

#[derive(Args)]
pub struct SearchArgs {
    /// What to look for: words (all required), "quoted phrases", -excluded,
    /// OR. Empty lists everything the filters allow, newest first.
    #[arg(default_value = "")]
    query: String,
    /// The database `chronicle ingest` built (its index is `<db>.search`).
    #[arg(long, default_value = "chronicle.db")]
    db: PathBuf,
    /// Only events of this type (VISIT, MEET, CALL, AID_PLEDGE, AID_DELIVERY,
    /// AGREEMENT, GATHERING).
    #[arg(long = "type")]
    event_type: Option<String>,
    /// Only entries naming this actor: ISO code (GBR), name or surname.
    #[arg(long)]
    actor: Option<String>,
    /// Only events of this status (asserted, negated, planned, expected,
    /// hypothetical).
    #[arg(long)]
    status: Option<String>,
    /// Only documents, quotes or events.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// Only entries dated on or after this day (YYYY-MM-DD): an event's own
    /// date, else its document's publication date.
    #[arg(long)]
    since: Option<String>,
    /// Only entries dated on or before this day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output: a readable list, or one JSON object per hit.
    #[arg(long, value_enum, default_value = "text")]
    format: SearchFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Document,
    Quote,
    Event,
}

#[derive(Clone, Copy, ValueEnum)]
enum SearchFormat {
    Text,
    Json,
}

pub fn run(a: SearchArgs) -> Result<()> {
    if !a.db.is_file() {
        bail!(
            "{}: no such database; build one with `chronicle ingest PATH --db {}`",
            a.db.display(),
            a.db.display()
        );
    }
    let dir = SearchIndex::dir_for_db(&a.db);
    let index = SearchIndex::open(&dir).map_err(|e| {
        anyhow::anyhow!(
            "{e} (the index is built by `chronicle ingest`; re-run it on the same --db to rebuild)"
        )
    })?;
    let q = Query {
        text: a.query.clone(),
        kind: a.kind.map(|k| match k {
            KindArg::Document => Kind::Document,
            KindArg::Quote => Kind::Quote,
            KindArg::Event => Kind::Event,
        }),
        event_type: a.event_type.clone(),
        status: a.status.clone(),
        actor: a.actor.clone(),
        since: a
            .since
            .as_deref()
            .map(|d| crate::parse_date_option("--since", d))
            .transpose()?,
        until: a
            .until
            .as_deref()
            .map(|d| crate::parse_date_option("--until", d))
            .transpose()?,
        limit: a.limit,
        ..Query::default()
    };
    let hits = index.search(&q)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        SearchFormat::Json => {
            for h in &hits {
                writeln!(out, "{}", serde_json::to_string(h)?)?;
            }
        }
        SearchFormat::Text => {
            if hits.is_empty() {
                writeln!(out, "no matches")?;
            }
            for h in &hits {
                write_hit(&mut out, h)?;
            }
        }
    }
    Ok(())
}

fn write_hit(out: &mut impl Write, h: &Hit) -> std::io::Result<()> {
    let date = h.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
    let what = match h.kind {
        Kind::Event => format!(
            "{} {}",
            h.event_type.as_deref().unwrap_or("EVENT"),
            h.status.as_deref().unwrap_or("")
        ),
        Kind::Quote => format!(
            "quote, {}",
            h.speaker.as_deref().unwrap_or("unknown speaker")
        ),
        Kind::Document => "document".to_string(),
    };
    let id = h.id.as_deref().map(|i| format!("#{i}")).unwrap_or_default();
    writeln!(out, "{date}  {}  [{}{id}]", what.trim(), h.doc_id)?;
    if let Some(t) = &h.title {
        writeln!(out, "    {t}")?;
    }
    writeln!(out, "    {}", h.snippet.marked("[", "]"))?;
    writeln!(out)
}
