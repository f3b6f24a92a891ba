//! chronicle's storage layer: the records of many documents in one
//! database, merged across documents and queried for reports.
//!
//! [`Store`] is the interface (a PostgreSQL backend can implement it later);
//! [`SqliteStore`] implements it on one SQLite file (WAL journal, no
//! server). The schema is versioned: opening an older file migrates it, a
//! newer one is refused (see [`schema`]).
//!
//! # Writing
//!
//! [`Store::insert_document`] stores one document's [`Records`] atomically;
//! [`Store::insert_batch`] stores many in one transaction, so a crash loses
//! at most the batch being written. A document whose content hash is already
//! stored is skipped, so re-running an ingest is harmless.
//!
//! # Merging
//!
//! Merging happens at insert time, inside the inserting transaction, with
//! the rules of [`merge`]:
//!
//! - every record entity is resolved to a canonical entity: countries
//!   (GPE/NORP naming a country) by ISO code, organizations by the
//!   lexicon's short name or by normalized name and recorded aliases,
//!   people by surname key plus compatible given name (or initial) and
//!   country, other places by name within their country;
//! - every record event is compared with the stored events of the same type
//!   that share an actor (or the named event) and have no source from this
//!   document yet; the closest one that [`merge::events_match`] accepts
//!   absorbs it as one more source, else it becomes a new event.
//!
//! A wrong merge corrupts the record while a missed one only duplicates,
//! so [`merge::events_match`] asks for evidence:
//!
//! - the same type (a MEET never merges with a CALL) and compatible status
//!   and location;
//! - actors: MEET, CALL, AGREEMENT and an unnamed GATHERING the same set
//!   of at least two parties; VISIT and AID_* the same source on both
//!   sides, targets equal or one missing; a named GATHERING the same named
//!   event (a name never matches no name, and a bare kind of gathering,
//!   "the Summit", is no name);
//! - dates: resolved dates at most a month long that overlap, or single
//!   days at most [`merge::DAY_SLACK`] apart; a year-granular date never
//!   merges, except a named gathering's, which must overlap the other's
//!   dates (a year written with the name, "the 2023 G7 Summit", dates an
//!   undated mention, and a record whose own date is in another year is
//!   not merged); an event without a resolved date stands at its
//!   publication day and merges only with a report published the same or
//!   the adjacent day or dated within a day of it, and then only with
//!   identical actor sets;
//!   an event with no date at all never merges; MEET and CALL need the
//!   same day on both sides (a resolved day or an undated report's
//!   publication day: the same leaders often talk on consecutive days),
//!   AGREEMENT day-level dates on both sides;
//! - aid: both records state an amount and the amounts agree, both are
//!   packages or both running totals (a total never merges with a package
//!   it contains); aid without an amount never merges.
//!
//! A package of aid told again by a later document ("Last June, the G7
//! committed $50 billion", or a fact sheet repeating an earlier one's
//! bullet) is one more source of the package, not a new one: when no
//! event matches, the stored packages of the same donor and amount are
//! looked up across a year and [`merge::restatement_match`] decides (the
//! same figure in the same currency, the same recipients, donors of which
//! one side names all the other's, and either a date of the text that
//! points back before its publication and overlaps the other report, or
//! the same sentence told again). The merged package keeps the earlier
//! report's date and the donors both name, so a donor counts each package
//! once however often it is restated.
//!
//! Merging is greedy and in insertion order: an event never splits later,
//! and the result can depend on the order documents arrive in.
//!
//! # Reading
//!
//! Query functions return plain structs: [`Store::donors`] (aid per donor,
//! packages and stated running totals apart), [`Store::visits_to`],
//! [`Store::timeline`], an actor's events, quotes and roles, and
//! [`Store::counts`]. Events a reviewer rejected (`review_status =
//! 'rejected'`) are left out of every report.

pub mod error;
pub mod export;
pub mod listing;
pub mod merge;
pub mod reextract;
pub mod review;
pub mod schema;
mod sqlite;

pub use chronicle_records::{AidKind, EventType, Records};
pub use error::{Result, StoreError};
pub use sqlite::{SqliteStore, StoredEvent, STORED_EVENT_COLUMNS};

/// What the caller knows about a document beyond its records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocMeta {
    /// The hash that identifies the text (sha256 of the text); a document
    /// whose hash is stored already is skipped.
    pub content_hash: String,
    /// Where the document was read from.
    pub path: Option<String>,
    /// The outlet; overrides `records.document.source` when given.
    pub outlet: Option<String>,
    /// The publication date; overrides `records.document.published`.
    pub published: Option<String>,
    /// The text, when the records were written without it (`--no-text`).
    pub text: Option<String>,
}

impl DocMeta {
    /// Metadata with only the content hash.
    pub fn new(content_hash: impl Into<String>) -> DocMeta {
        DocMeta {
            content_hash: content_hash.into(),
            ..DocMeta::default()
        }
    }

    /// Metadata taken from the records themselves: the document id (by the
    /// contract the sha256 of the text, or the id the input gave) is the
    /// content hash.
    pub fn from_records(records: &Records) -> DocMeta {
        DocMeta::new(records.document.id.clone())
    }
}

/// What storing one document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    /// The document was new and is stored.
    Inserted(InsertStats),
    /// A document with the same content hash was stored before: nothing
    /// was written.
    Skipped { document_id: i64 },
}

impl InsertOutcome {
    /// The stored document's id, new or old.
    pub fn document_id(&self) -> i64 {
        match self {
            InsertOutcome::Inserted(s) => s.document_id,
            InsertOutcome::Skipped { document_id } => *document_id,
        }
    }

    pub fn is_skipped(&self) -> bool {
        matches!(self, InsertOutcome::Skipped { .. })
    }
}

/// Counts for one inserted document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InsertStats {
    pub document_id: i64,
    /// Record entities that became new canonical entities.
    pub entities_new: usize,
    /// Record entities resolved to an entity already stored.
    pub entities_merged: usize,
    /// Record events that became new events.
    pub events_new: usize,
    /// Record events added as a source of an event already stored.
    pub events_merged: usize,
    /// Of `events_merged`, packages of aid told again by a later (or
    /// earlier) document ([`merge::restatement_match`]).
    pub restatements: usize,
    pub quotes: usize,
    /// Entity ids the records referenced but did not define (ignored).
    pub dangling_refs: usize,
}

/// A date filter on an event's date (its start, else the publication date
/// of its first source). ISO dates, both ends inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateRange {
    pub since: Option<String>,
    pub until: Option<String>,
}

impl DateRange {
    pub fn all() -> DateRange {
        DateRange::default()
    }

    pub fn new(since: Option<&str>, until: Option<&str>) -> DateRange {
        DateRange {
            since: since.map(str::to_string),
            until: until.map(str::to_string),
        }
    }
}

/// The currency a report sums in (the stored normalized value).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Currency {
    #[default]
    EUR,
    USD,
}

/// Filters for [`Store::donors`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DonorQuery {
    pub currency: Currency,
    /// Only this kind of aid.
    pub kind: Option<AidKind>,
    pub range: DateRange,
    /// Count AID_DELIVERY events too (default: pledges only).
    pub include_deliveries: bool,
    /// Group donors by their country (a minister's pledge counts for the
    /// country); otherwise by the canonical source entity.
    pub by_country: bool,
}

/// One donor's line in the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct DonorRow {
    /// The donor's display name.
    pub donor: String,
    /// The canonical entity, when the row is one entity (or the country's
    /// entity when grouped by country and one is stored).
    pub entity_id: Option<i64>,
    pub country: Option<String>,
    /// Sum of the packages (non-cumulative aid) with a point value.
    pub packages_total: f64,
    /// Sums including the bounds of packages given as ranges.
    pub packages_min: f64,
    pub packages_max: f64,
    /// Number of packages (each merged event once).
    pub packages: usize,
    /// Packages with no value in the report currency.
    pub packages_unvalued: usize,
    /// The latest stated running total ("has committed in all"), never
    /// added to the packages.
    pub running_total: Option<f64>,
    pub running_total_date: Option<String>,
    /// The events counted, packages and totals.
    pub events: Vec<i64>,
}

/// A canonical entity as reports show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRef {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub country: Option<String>,
}

/// The aid block of a canonical event.
#[derive(Debug, Clone, PartialEq)]
pub struct AidSummary {
    pub kind: String,
    pub cumulative: bool,
    pub currency: Option<String>,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub value_eur: Option<f64>,
    pub value_usd: Option<f64>,
    pub items: Vec<String>,
}

/// A canonical (merged) event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSummary {
    pub id: i64,
    pub kind: EventType,
    pub status: String,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub granularity: Option<String>,
    /// The date the event is sorted and filtered by.
    pub sort_date: Option<String>,
    pub location: Option<ActorRef>,
    pub source: Vec<ActorRef>,
    pub target: Vec<ActorRef>,
    pub participants: Vec<ActorRef>,
    pub aid: Option<AidSummary>,
    /// Distinct documents reporting it.
    pub source_count: usize,
    pub review_status: String,
}

/// One document's report of a canonical event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSource {
    pub document_id: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// The event's id in that document's records ("v1").
    pub record_event_id: String,
    pub status: String,
    pub evidence_start: Option<usize>,
    pub evidence_end: Option<usize>,
    pub evidence_text: Option<String>,
    pub attribution: Option<String>,
    /// The document's record of the event, as records-v1 JSON.
    pub record_json: String,
}

/// A stored quote.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteRow {
    pub id: i64,
    pub document_id: i64,
    pub speaker: Option<ActorRef>,
    pub speaker_text: Option<String>,
    pub text: String,
    pub direct: bool,
    pub cue: Option<String>,
    pub channel: Option<String>,
    /// The quote's own date, else the document's publication date.
    pub date: Option<String>,
    pub title: Option<String>,
}

/// A title a document gave an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRow {
    pub entity_id: i64,
    pub title: String,
    pub of: Option<String>,
    pub qualifier: Option<String>,
    pub document_id: i64,
    pub published: Option<String>,
}

/// A canonical entity with how often it is mentioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub country: Option<String>,
    pub key: String,
    pub mentions: usize,
    pub documents: usize,
}

/// A document found by full-text search.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentHit {
    pub id: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub snippet: String,
}

/// What the store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub documents: usize,
    pub entities: usize,
    /// Canonical events.
    pub events: usize,
    /// Canonical events reported by more than one document.
    pub merged_events: usize,
    /// Document reports of events (event_sources rows).
    pub sources: usize,
    pub quotes: usize,
    pub mentions: usize,
}

/// Filters for [`Store::timeline`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimelineQuery {
    pub range: DateRange,
    /// Only these types (empty: all).
    pub kinds: Vec<EventType>,
    /// Only events with an actor or location of this country (ISO3).
    pub country: Option<String>,
    /// Only events with this canonical entity as an actor.
    pub actor: Option<i64>,
    pub limit: Option<usize>,
}

/// The storage interface. Every method is one transaction or one read; ids
/// are the backend's row ids.
pub trait Store {
    /// Stores one document and merges its records; a stored content hash is
    /// a no-op.
    fn insert_document(&mut self, meta: &DocMeta, records: &Records) -> Result<InsertOutcome>;

    /// Stores many documents in one transaction: all or nothing. A hash
    /// repeated inside the batch is skipped after its first occurrence.
    fn insert_batch(&mut self, docs: &[(DocMeta, Records)]) -> Result<Vec<InsertOutcome>>;

    /// The id of the document with this content hash, if stored.
    fn document_id(&self, content_hash: &str) -> Result<Option<i64>>;

    fn counts(&self) -> Result<Counts>;

    /// Aid per donor, largest first: packages summed (each merged event
    /// once), stated running totals apart.
    fn donors(&self, query: &DonorQuery) -> Result<Vec<DonorRow>>;

    /// VISIT events whose target or location is in `country` (ISO3), by date.
    fn visits_to(&self, country: &str, range: &DateRange) -> Result<Vec<EventSummary>>;

    /// Events by date, filtered.
    fn timeline(&self, query: &TimelineQuery) -> Result<Vec<EventSummary>>;

    /// The events an entity takes part in, by date.
    fn actor_events(&self, entity_id: i64, range: &DateRange) -> Result<Vec<EventSummary>> {
        self.timeline(&TimelineQuery {
            range: range.clone(),
            actor: Some(entity_id),
            ..TimelineQuery::default()
        })
    }

    /// The quotes an entity is the speaker of, by date.
    fn actor_quotes(&self, entity_id: i64, range: &DateRange) -> Result<Vec<QuoteRow>>;

    /// The titles documents gave an entity, by publication date.
    fn actor_roles(&self, entity_id: i64) -> Result<Vec<RoleRow>>;

    /// One canonical event.
    fn event(&self, event_id: i64) -> Result<Option<EventSummary>>;

    /// Every document's report of a canonical event.
    fn event_sources(&self, event_id: i64) -> Result<Vec<EventSource>>;

    /// Canonical entities whose name or an alias matches `name`
    /// (normalized), most mentioned first.
    fn find_entities(&self, name: &str) -> Result<Vec<EntityRow>>;

    /// Full-text search over document titles and texts (FTS5 syntax).
    fn search(&self, query: &str, limit: usize) -> Result<Vec<DocumentHit>>;
}
