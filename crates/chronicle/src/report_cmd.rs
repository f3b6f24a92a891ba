//! `chronicle report` (donors, visits, actor, timeline) and `chronicle
//! export` (csv, jsonl, plover, gdelt): reports and exports over a store,
//! opened read-only. The work is done by the `chronicle-report` crate.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use chronicle_report::store::{AidKind, Currency, DateRange, SqliteStore, StoreError};
use chronicle_report::{
    check_date_bound, parse_event_types, DonorsOptions, ExportDb, ExportFilter, ExportFormat,
    ExportOptions, Format, Render, TimelineOptions,
};
use clap::{Args, Subcommand, ValueEnum};

#[derive(Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    command: ReportCommand,
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Donors ranked by committed aid (pledges; packages summed, each merged
    /// event once; stated running totals shown apart, never added).
    Donors(DonorsArgs),
    /// Who visited a country, when, where, and who reported it.
    Visits(VisitsArgs),
    /// One actor's roles, events and quotes over time.
    Actor(ActorArgs),
    /// Events by date.
    Timeline(TimelineArgs),
}

#[derive(Args)]
struct StoreArgs {
    /// The store to read (opened read-only).
    #[arg(long, default_value = "chronicle.db")]
    db: PathBuf,
    /// table: aligned columns; csv, json: raw numbers, stable field names.
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
}

#[derive(Args)]
struct RangeArgs {
    /// Only events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    since: Option<String>,
    /// Only events on or before this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    until: Option<String>,
}

impl RangeArgs {
    fn range(&self) -> Result<DateRange> {
        let since = self
            .since
            .as_deref()
            .map(|s| check_date_bound("--since", s))
            .transpose()?;
        let until = self
            .until
            .as_deref()
            .map(|s| check_date_bound("--until", s))
            .transpose()?;
        Ok(DateRange { since, until })
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Table,
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Military,
    Financial,
    Humanitarian,
}

#[derive(Clone, Copy, ValueEnum)]
enum Cur {
    #[value(name = "EUR", alias = "eur")]
    Eur,
    #[value(name = "USD", alias = "usd")]
    Usd,
}

#[derive(Args)]
struct DonorsArgs {
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    range: RangeArgs,
    /// Only this kind of aid.
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// The currency totals are summed in (values normalized at ingest).
    #[arg(long, value_enum, default_value = "EUR")]
    currency: Cur,
    /// Count reported deliveries (AID_DELIVERY) as well as pledges.
    #[arg(long)]
    deliveries: bool,
    /// One row per donor entity (a minister apart from the country) instead
    /// of one per country.
    #[arg(long)]
    by_entity: bool,
    /// Also rank donors that are neither a state nor a known international
    /// organization (by default they are left out and counted).
    #[arg(long)]
    all_donors: bool,
    /// List the documents (title, url) of each donor's largest events.
    #[arg(long)]
    sources: bool,
    /// How many of a donor's largest events list their documents.
    #[arg(long, default_value_t = 3)]
    top_events: usize,
    /// At most this many donors.
    #[arg(long)]
    limit: Option<usize>,
}

#[derive(Args)]
struct VisitsArgs {
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    range: RangeArgs,
    /// The visited country (ISO 3166-1 alpha-3, e.g. UKR).
    #[arg(long)]
    to: String,
}

#[derive(Args)]
struct ActorArgs {
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    range: RangeArgs,
    /// The actor's name (any recorded spelling or alias), an ISO3 country
    /// code, or #ID for a store entity id.
    name: String,
}

#[derive(Args)]
struct TimelineArgs {
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    range: RangeArgs,
    /// Only these event types (comma-separated: VISIT,MEET,CALL,AID_PLEDGE,
    /// AID_DELIVERY,AGREEMENT,GATHERING).
    #[arg(long = "type")]
    types: Option<String>,
    /// Only events this actor takes part in (a name, ISO3 code or #ID).
    #[arg(long)]
    actor: Option<String>,
    /// Only events with an actor or place in this country (ISO3).
    #[arg(long)]
    country: Option<String>,
    /// At most this many events.
    #[arg(long)]
    limit: Option<usize>,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The store to read (opened read-only).
    #[arg(long, default_value = "chronicle.db")]
    db: PathBuf,
    /// csv: a folder of CSV files; jsonl: records-v1, one document a line;
    /// plover: PLOVER JSON, one merged event a line; gdelt: GDELT-style TSV.
    #[arg(long, value_enum)]
    format: ExportKind,
    /// A folder (csv) or a file (`-` for standard output).
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    range: RangeArgs,
    /// Only these event types (comma-separated), and the documents reporting them.
    #[arg(long = "type")]
    types: Option<String>,
    /// Keep events a reviewer rejected (left out by default).
    #[arg(long)]
    include_rejected: bool,
    /// jsonl: the records-v1 objects alone, without the added `store` block
    /// (canonical event ids and review state).
    #[arg(long)]
    records_only: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportKind {
    Csv,
    Jsonl,
    Plover,
    Gdelt,
}

fn open_store(db: &Path) -> Result<SqliteStore> {
    SqliteStore::open_read_only(db).map_err(|e| match e {
        StoreError::NotFound { .. } => anyhow!("{e} (give the store with --db FILE)"),
        e => anyhow!(e),
    })
}

fn format_of(f: OutFormat) -> Format {
    match f {
        OutFormat::Table => Format::Table,
        OutFormat::Csv => Format::Csv,
        OutFormat::Json => Format::Json,
    }
}

/// Writes a report to standard output; a closed pipe (`| head`) is not an
/// error.
fn print(report: &dyn Render, format: OutFormat) -> Result<()> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match chronicle_report::render(report, format_of(format), &mut lock) {
        Err(e) if e.is_broken_pipe() => Ok(()),
        other => other.map_err(Into::into),
    }
}

/// `chronicle report ...`.
pub fn report(a: ReportArgs) -> Result<()> {
    match a.command {
        ReportCommand::Donors(d) => {
            let range = d.range.range()?;
            let store = open_store(&d.store.db)?;
            let opts = DonorsOptions {
                currency: match d.currency {
                    Cur::Eur => Currency::EUR,
                    Cur::Usd => Currency::USD,
                },
                kind: d.kind.map(|k| match k {
                    Kind::Military => AidKind::Military,
                    Kind::Financial => AidKind::Financial,
                    Kind::Humanitarian => AidKind::Humanitarian,
                }),
                range,
                include_deliveries: d.deliveries,
                by_entity: d.by_entity,
                all_donors: d.all_donors,
                top_events: d.top_events,
                show_sources: d.sources,
                limit: d.limit,
            };
            let r = chronicle_report::donors(&store, &opts)?;
            print(&r, d.store.format)
        }
        ReportCommand::Visits(v) => {
            let range = v.range.range()?;
            let store = open_store(&v.store.db)?;
            let r = chronicle_report::visits(&store, &v.to, &range)?;
            print(&r, v.store.format)
        }
        ReportCommand::Actor(x) => {
            let range = x.range.range()?;
            let store = open_store(&x.store.db)?;
            let r = chronicle_report::actor(&store, &x.name, &range)?;
            print(&r, x.store.format)
        }
        ReportCommand::Timeline(t) => {
            let range = t.range.range()?;
            let kinds = match &t.types {
                Some(list) => parse_event_types(list)?,
                None => Vec::new(),
            };
            let store = open_store(&t.store.db)?;
            let opts = TimelineOptions {
                range,
                kinds,
                country: t.country.clone(),
                actor: t.actor.clone(),
                limit: t.limit,
            };
            let r = chronicle_report::timeline(&store, &opts)?;
            print(&r, t.store.format)
        }
    }
}

/// `chronicle export ...`: writes the export, then one summary line on
/// standard error.
pub fn export(a: ExportArgs) -> Result<()> {
    let range = a.range.range()?;
    let kinds = match &a.types {
        Some(list) => parse_event_types(list)?,
        None => Vec::new(),
    };
    let format = match a.format {
        ExportKind::Csv => ExportFormat::Csv,
        ExportKind::Jsonl => ExportFormat::Jsonl,
        ExportKind::Plover => ExportFormat::Plover,
        ExportKind::Gdelt => ExportFormat::Gdelt,
    };
    // Open through the store first: a missing file gets the same message
    // as the reports.
    drop(open_store(&a.db)?);
    let db = ExportDb::open(&a.db)?;
    let opts = ExportOptions {
        filter: ExportFilter {
            range,
            kinds,
            include_rejected: a.include_rejected,
        },
        records_only: a.records_only,
    };
    let s = chronicle_report::export(&db, format, &a.out, &opts)?;
    let files: Vec<String> = s
        .files
        .iter()
        .map(|f| format!("{} ({} rows)", f.path, f.rows))
        .collect();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "exported {} events ({} reviewed), {} documents as {}: {}",
        s.events,
        s.reviewed,
        s.documents,
        format.as_str(),
        files.join(", ")
    );
    Ok(())
}
