//! Reports and exports over a chronicle store.
//!
//! # Reports
//!
//! Built from the [`chronicle_store::Store`] trait alone; each implements
//! [`Render`] and is written with [`render`] as an aligned plain-text table
//! (amounts human-readable: "EUR 1.23 bn"), CSV or JSON (raw numbers; an
//! array of objects, the actor report one object). Events a reviewer
//! rejected are left out, as the store's queries do.
//!
//! - [`donors`]: donors ranked by committed aid (AID_PLEDGE, with
//!   [`DonorsOptions::include_deliveries`] AID_DELIVERY too), in EUR or USD
//!   (the store's normalized values), filtered by aid kind and date. Each
//!   merged event counts once; the latest stated running total ("has
//!   committed in all") is shown apart and never added to the packages.
//!   Each row counts the documents behind it and lists the documents of its
//!   largest events.
//! - [`visits`]: VISIT events to a country (who, when, where, sources).
//! - [`actor`]: an entity found by name (the store's entity search, else
//!   event actors whose name holds the words given; `#ID` picks one by id):
//!   its roles over time, its events and its quotes.
//! - [`timeline`]: events by date, filtered by type, actor, country, dates.
//!
//! # Exports
//!
//! [`export::export`] reads every row through the store's read-only export
//! access ([`ExportDb`], `chronicle_store::export`; the `Store` trait has no
//! whole-table listings) and writes one of four
//! formats. `--since`/`--until` select events by date (their start, else
//! their first report's publication) and documents by publication date;
//! `--type` selects events by type, and then only the documents reporting a
//! selected event. Rejected events are left out unless
//! [`ExportFilter::include_rejected`]. Every format says which records are
//! reviewed: the store's `events.reviewed` (0/1) and `events.review_status`
//! (`unreviewed`, `confirmed`, `edited`, `rejected`).
//!
//! ## CSV (a folder)
//!
//! | file | one row per | columns |
//! |---|---|---|
//! | `documents.csv` | stored document | [`export::DOCUMENTS_CSV`] |
//! | `entities.csv` | canonical entity | [`export::ENTITIES_CSV`] (aliases `; `-joined) |
//! | `events.csv` | canonical (merged) event | [`export::EVENTS_CSV`], with `reviewed`, `review_status` |
//! | `event_actors.csv` | event × actor | [`export::EVENT_ACTORS_CSV`] |
//! | `event_sources.csv` | one document's report of an event | [`export::EVENT_SOURCES_CSV`] |
//! | `quotes.csv` | stored quote | [`export::QUOTES_CSV`] |
//!
//! Lists inside a cell are joined with `;` (ids) or `; ` (names).
//!
//! ## JSON Lines of records-v1
//!
//! One line per stored document: the records-v1 object exactly as stored,
//! with `document.text` put back when the store keeps the text, and one
//! added top-level field (records-v1 allows added fields; readers of the
//! contract ignore it) unless `records_only`:
//! `"store": {"document_id": N, "events": [{"id": "v1", "event_id": N,
//! "reviewed": false, "review_status": "unreviewed"}]}`, the canonical event
//! each record event was merged into and its review state.
//!
//! ## PLOVER (JSON Lines)
//!
//! One object per merged event, with the field names of the PLOVER
//! specification's "JSON Data Fields" chapter (newline-delimited, as it
//! recommends):
//!
//! | PLOVER field | from |
//! |---|---|
//! | `id` | `chronicle-` + the canonical event id |
//! | `date`, `enddate` | the event's date (start, else first report's publication), its end when later |
//! | `source`, `recipient` | source and target actors: `code` (ISO3 country), `actor_text`, `identifier_id` (`chronicle:entity:ID`), `identifier_text` |
//! | `event` | `[plover type]` (AID, CONSULT, AGREE) |
//! | `mode` | PLOVER mode (visit, phone, intent, multilateral) or null |
//! | `context` | aid kind: military → `military`, financial → `economic`, humanitarian → `humanitarian` |
//! | `quad_code` | PLOVER quad category of the event (1 verbal, 2 material cooperation) |
//! | `event_loc` | location: `name`, `cc3` |
//! | `event_text` | each report's evidence sentence |
//! | `cite_info` | a list, one citation per reporting document: `corpus`, `citation` (content hash), `url`, `title`, `publication`, `language` |
//! | `coder`, `codebook` | `chronicle VERSION`, `chronicle.records/v1` |
//!
//! Extensions (PLOVER allows added fields): `participants`,
//! `chronicle_type`, `status`, `cameo`, `aid`, `confidence`, `num_sources`
//! (outlets), `num_articles` (documents), `reviewed`, `review_status`.
//! `cite_info` is a list rather than one object because a merged event has
//! several sources.
//!
//! ## GDELT-style TSV
//!
//! A header line, then one line per merged event with the columns of
//! [`export::GDELT_COLUMNS`]: `GLOBALEVENTID` (the canonical event id, stable
//! within one database only), `SQLDATE` (YYYYMMDD), `MonthYear`, `Year`,
//! `FractionDate`, `Actor1Code`/`Actor1Name`/`Actor1CountryCode` (the first
//! source actor; codes are ISO 3166-1 alpha-3, not CAMEO actor codes),
//! `Actor2*` (the first target, else the first participant), `EventCode`
//! (CAMEO), `EventBaseCode`, `EventRootCode`, `QuadClass` (from the CAMEO
//! root), `NumMentions` (reports), `NumSources` (outlets), `NumArticles`
//! (documents), `ActionGeo_FullName`, `ActionGeo_CountryCode`, `SOURCEURL`
//! (the earliest report), then chronicle's `ChronicleType`, `Status`,
//! `PloverType`, `PloverMode`, `DateEnd`, `SourceActors`, `TargetActors`,
//! `Participants`, `AidKind`, `AidCumulative`, `AidCurrency`, `AidValue`,
//! `AidValueEUR`, `AidValueUSD`, `AidMinEUR`, `AidMaxEUR`, `AidMinUSD`,
//! `AidMaxUSD` (bounds of amounts given as ranges), `Confidence`,
//! `Reviewed`, `ReviewStatus`, `SourceURLs`. Tabs and line breaks inside fields become spaces.

pub mod error;
pub mod export;
pub mod output;
pub mod reports;

/// The store crate, for callers that open or fill one.
pub use chronicle_store as store;

pub use chronicle_store::export::{ExportDb, ExportFilter};
pub use error::{ReportError, Result};
pub use export::{export, ExportFormat, ExportOptions, ExportSummary, ExportedFile};
pub use output::{check_date_bound, render, CsvTable, Format, Render, Section};
pub use reports::{
    actor, donors, parse_aid_kind, parse_currency, parse_event_types, timeline, visits,
    ActorReport, DonorLine, DonorsOptions, DonorsReport, EventLine, EventsReport, TimelineOptions,
};
