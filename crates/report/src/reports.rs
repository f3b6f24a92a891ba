//! The reports: donors, visits, an actor's record and the timeline. Each
//! one is built from the [`Store`] trait alone (so any backend serves it)
//! and implements [`Render`] for the terminal, CSV and JSON.

use std::collections::BTreeSet;

use chronicle_store::{
    ActorRef, AidKind, Currency, DateRange, DonorQuery, EntityRow, EventSource, EventSummary,
    EventType, Store, TimelineQuery,
};
use serde::Serialize;
use serde_json::Value;

use crate::error::{ReportError, Result};
use crate::output::{day, human_amount, human_opt, raw_num, CsvTable, Render, Section};

/// The currency code a [`Currency`] is written as.
pub fn currency_code(c: Currency) -> &'static str {
    match c {
        Currency::EUR => "EUR",
        Currency::USD => "USD",
    }
}

/// `EUR` or `USD`.
pub fn parse_currency(s: &str) -> Result<Currency> {
    match s.trim().to_ascii_uppercase().as_str() {
        "EUR" => Ok(Currency::EUR),
        "USD" => Ok(Currency::USD),
        _ => Err(ReportError::Invalid(format!(
            "currency {s:?}: expected EUR or USD"
        ))),
    }
}

/// `military`, `financial` or `humanitarian` (or `unspecified`).
pub fn parse_aid_kind(s: &str) -> Result<AidKind> {
    match s.trim().to_ascii_lowercase().as_str() {
        "military" => Ok(AidKind::Military),
        "financial" => Ok(AidKind::Financial),
        "humanitarian" => Ok(AidKind::Humanitarian),
        "unspecified" => Ok(AidKind::Unspecified),
        _ => Err(ReportError::Invalid(format!(
            "aid kind {s:?}: expected military, financial or humanitarian"
        ))),
    }
}

/// Event types from a comma-separated list (`VISIT,MEET`; any case).
pub fn parse_event_types(list: &str) -> Result<Vec<EventType>> {
    let mut out = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let t = EventType::parse(&part.to_ascii_uppercase()).ok_or_else(|| {
            let all: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
            ReportError::Invalid(format!(
                "event type {part:?}: expected one of {}",
                all.join(", ")
            ))
        })?;
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

// ------------------------------------------------------------ shared rows

/// A canonical entity as the reports write it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorOut {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub country: Option<String>,
}

impl From<&ActorRef> for ActorOut {
    fn from(a: &ActorRef) -> ActorOut {
        ActorOut {
            id: a.id,
            kind: a.kind.clone(),
            name: a.name.clone(),
            country: a.country.clone(),
        }
    }
}

/// One document reporting an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceDoc {
    pub event_id: i64,
    pub document_id: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// The sentence the event rests on in that document.
    pub evidence: Option<String>,
}

impl SourceDoc {
    fn from_source(event_id: i64, s: &EventSource) -> SourceDoc {
        SourceDoc {
            event_id,
            document_id: s.document_id,
            title: s.title.clone(),
            url: s.url.clone(),
            outlet: s.outlet.clone(),
            published: s.published.clone(),
            evidence: s.evidence_text.clone(),
        }
    }

    /// How a table cites it: outlet, title or url, whichever is known.
    fn cite(&self) -> String {
        let name = self
            .title
            .clone()
            .or_else(|| self.url.clone())
            .unwrap_or_else(|| format!("document {}", self.document_id));
        match &self.outlet {
            Some(o) => format!("{o}: {name}"),
            None => name,
        }
    }
}

/// The documents of an event, each once, oldest first.
fn sources_of(store: &dyn Store, event_id: i64) -> Result<Vec<SourceDoc>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for s in store.event_sources(event_id)? {
        if seen.insert(s.document_id) {
            out.push(SourceDoc::from_source(event_id, &s));
        }
    }
    Ok(out)
}

/// The aid block of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AidOut {
    pub kind: String,
    /// A stated running total, not one package.
    pub cumulative: bool,
    /// The currency the text states.
    pub currency: Option<String>,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub value_eur: Option<f64>,
    pub value_usd: Option<f64>,
    pub items: Vec<String>,
}

/// A canonical (merged) event with its sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventLine {
    pub event_id: i64,
    /// The event's date (its start, else the first report's publication).
    pub date: Option<String>,
    pub date_end: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub source: Vec<ActorOut>,
    pub target: Vec<ActorOut>,
    pub participants: Vec<ActorOut>,
    pub location: Option<ActorOut>,
    pub aid: Option<AidOut>,
    /// Distinct documents reporting it.
    pub documents: usize,
    /// `unreviewed`, `confirmed` or `edited` (rejected events are left out).
    pub review_status: String,
    pub sources: Vec<SourceDoc>,
}

impl EventLine {
    fn load(store: &dyn Store, e: &EventSummary) -> Result<EventLine> {
        let sources = sources_of(store, e.id)?;
        Ok(EventLine {
            event_id: e.id,
            date: e.date_start.clone().or_else(|| e.sort_date.clone()),
            date_end: e
                .date_end
                .clone()
                .filter(|d| Some(d) != e.date_start.as_ref()),
            kind: e.kind.as_str().to_string(),
            status: e.status.clone(),
            source: e.source.iter().map(ActorOut::from).collect(),
            target: e.target.iter().map(ActorOut::from).collect(),
            participants: e.participants.iter().map(ActorOut::from).collect(),
            location: e.location.as_ref().map(ActorOut::from),
            aid: e.aid.as_ref().map(|a| AidOut {
                kind: a.kind.clone(),
                cumulative: a.cumulative,
                currency: a.currency.clone(),
                value: a.value,
                min: a.min,
                max: a.max,
                value_eur: a.value_eur,
                value_usd: a.value_usd,
                items: a.items.clone(),
            }),
            documents: e.source_count.max(sources.len()),
            review_status: e.review_status.clone(),
            sources,
        })
    }

    /// The amount as a table shows it: the normalized EUR value, else the
    /// stated one; "(total)" marks a running total.
    fn amount_cell(&self) -> String {
        let Some(a) = &self.aid else {
            return String::new();
        };
        let cur = a.currency.as_deref().unwrap_or("");
        let shown = match (a.value_eur, a.value, a.min, a.max) {
            (Some(v), _, _, _) => human_amount("EUR", v),
            (None, Some(v), _, _) => human_amount(cur, v),
            (None, None, Some(lo), Some(hi)) => {
                format!("{} – {}", human_amount(cur, lo), human_amount(cur, hi))
            }
            (None, None, Some(lo), None) => format!("≥ {}", human_amount(cur, lo)),
            (None, None, None, Some(hi)) => format!("≤ {}", human_amount(cur, hi)),
            _ => String::new(),
        };
        let shown = shown.trim().to_string();
        if a.cumulative && !shown.is_empty() {
            format!("{shown} (total)")
        } else {
            shown
        }
    }

    fn first_source(&self) -> String {
        self.sources
            .first()
            .map(SourceDoc::cite)
            .unwrap_or_default()
    }
}

fn names(actors: &[ActorOut]) -> String {
    actors
        .iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn countries(actors: &[ActorOut]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for a in actors {
        if let Some(c) = a.country.as_deref() {
            if !seen.contains(&c) {
                seen.push(c);
            }
        }
    }
    seen.join("; ")
}

fn ids(actors: &[ActorOut]) -> String {
    actors
        .iter()
        .map(|a| a.id.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

fn place(l: &Option<ActorOut>) -> String {
    match l {
        Some(a) => match &a.country {
            Some(c) if *c != a.name => format!("{} ({c})", a.name),
            _ => a.name.clone(),
        },
        None => String::new(),
    }
}

fn urls(sources: &[SourceDoc]) -> String {
    sources
        .iter()
        .filter_map(|s| s.url.as_deref())
        .collect::<Vec<_>>()
        .join(" ")
}

fn titles(sources: &[SourceDoc]) -> String {
    sources
        .iter()
        .filter_map(|s| s.title.as_deref())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The CSV columns every event listing shares.
const EVENT_CSV: &[&str] = &[
    "event_id",
    "date",
    "date_end",
    "type",
    "status",
    "source_ids",
    "source_names",
    "source_countries",
    "target_ids",
    "target_names",
    "target_countries",
    "participant_names",
    "location",
    "location_country",
    "aid_kind",
    "aid_cumulative",
    "currency",
    "value",
    "value_eur",
    "value_usd",
    "documents",
    "review_status",
    "source_urls",
    "source_titles",
];

fn event_csv_row(e: &EventLine) -> Vec<String> {
    let aid = e.aid.as_ref();
    vec![
        e.event_id.to_string(),
        day(e.date.as_deref()),
        day(e.date_end.as_deref()),
        e.kind.clone(),
        e.status.clone(),
        ids(&e.source),
        names(&e.source),
        countries(&e.source),
        ids(&e.target),
        names(&e.target),
        countries(&e.target),
        names(&e.participants),
        e.location
            .as_ref()
            .map(|l| l.name.clone())
            .unwrap_or_default(),
        e.location
            .as_ref()
            .and_then(|l| l.country.clone())
            .unwrap_or_default(),
        aid.map(|a| a.kind.clone()).unwrap_or_default(),
        aid.map(|a| a.cumulative.to_string()).unwrap_or_default(),
        aid.and_then(|a| a.currency.clone()).unwrap_or_default(),
        raw_num(aid.and_then(|a| a.value)),
        raw_num(aid.and_then(|a| a.value_eur)),
        raw_num(aid.and_then(|a| a.value_usd)),
        e.documents.to_string(),
        e.review_status.clone(),
        urls(&e.sources),
        titles(&e.sources),
    ]
}

// ------------------------------------------------------------------ donors

/// What [`donors`] ranks.
#[derive(Debug, Clone, PartialEq)]
pub struct DonorsOptions {
    /// The currency totals are summed in (the store's normalized values).
    pub currency: Currency,
    /// Only this kind of aid.
    pub kind: Option<AidKind>,
    pub range: DateRange,
    /// Count AID_DELIVERY events too (default: pledges only).
    pub include_deliveries: bool,
    /// One row per canonical donor entity (a minister apart from the
    /// country); by default donors are grouped by country.
    pub by_entity: bool,
    /// How many of a donor's largest events list their documents.
    pub top_events: usize,
    /// Show the sources in the terminal table (CSV and JSON always have them).
    pub show_sources: bool,
    /// At most this many donors.
    pub limit: Option<usize>,
    /// Also rank donors that are neither a state nor an international
    /// organization the lexicon knows (by default they are left out and
    /// counted, like the Kiel tracker ranks governments and institutions).
    pub all_donors: bool,
}

impl Default for DonorsOptions {
    fn default() -> DonorsOptions {
        DonorsOptions {
            currency: Currency::EUR,
            kind: None,
            range: DateRange::all(),
            include_deliveries: false,
            by_entity: false,
            top_events: 3,
            show_sources: false,
            limit: None,
            all_donors: false,
        }
    }
}

/// One donor's line: packages summed (each merged event once), the stated
/// running total apart, never added.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DonorLine {
    pub rank: usize,
    pub donor: String,
    pub entity_id: Option<i64>,
    pub country: Option<String>,
    pub currency: String,
    /// Packages (non-cumulative aid events), each merged event once.
    pub packages: usize,
    /// Packages with no point value in the currency (not in `total`).
    pub packages_unvalued: usize,
    /// Sum of the packages with a point value.
    pub total: f64,
    /// Sums with the bounds of packages given as ranges.
    pub total_min: f64,
    pub total_max: f64,
    /// The latest running total a source states; never added to `total`.
    pub running_total: Option<f64>,
    pub running_total_date: Option<String>,
    /// The events counted (packages and running totals).
    pub events: Vec<i64>,
    /// Distinct documents reporting those events.
    pub documents: usize,
    /// The documents of the largest events (`top_events` of them).
    pub sources: Vec<SourceDoc>,
    /// Of `events`, those a reviewer confirmed or edited.
    pub reviewed_events: usize,
}

/// The donors ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct DonorsReport {
    pub options: DonorsOptions,
    pub rows: Vec<DonorLine>,
    /// Donors left out as neither a state nor an international
    /// organization (see [`DonorsOptions::all_donors`]).
    pub hidden: usize,
}

/// Ranks donors by committed aid, largest first.
pub fn donors(store: &dyn Store, opts: &DonorsOptions) -> Result<DonorsReport> {
    let q = DonorQuery {
        currency: opts.currency,
        kind: opts.kind,
        range: opts.range.clone(),
        include_deliveries: opts.include_deliveries,
        by_country: !opts.by_entity,
    };
    let mut rows = Vec::new();
    let mut hidden = 0;
    let lex = chronicle_lexicon::Lexicon::get();
    let kept = store.donors(&q)?.into_iter().filter(|r| {
        let state_or_org = r.country.is_some() || lex.org(&r.donor).is_some();
        if !state_or_org && !opts.all_donors {
            hidden += 1;
        }
        state_or_org || opts.all_donors
    });
    let kept: Vec<_> = kept.collect();
    for (i, r) in kept.into_iter().enumerate() {
        if opts.limit.is_some_and(|l| i >= l) {
            break;
        }
        // Every document of every counted event, once; the largest events'
        // documents listed.
        let mut docs = BTreeSet::new();
        let mut valued: Vec<(f64, i64)> = Vec::new();
        let mut reviewed_events = 0;
        for &ev in &r.events {
            for s in store.event_sources(ev)? {
                docs.insert(s.document_id);
            }
            let event = store.event(ev)?;
            if event
                .as_ref()
                .is_some_and(|e| matches!(e.review_status.as_str(), "confirmed" | "edited"))
            {
                reviewed_events += 1;
            }
            let value = event.and_then(|e| e.aid).and_then(|a| {
                match opts.currency {
                    Currency::EUR => a.value_eur,
                    Currency::USD => a.value_usd,
                }
                .or(a.max)
            });
            valued.push((value.unwrap_or(0.0), ev));
        }
        valued.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut sources = Vec::new();
        for (_, ev) in valued.iter().take(opts.top_events) {
            sources.extend(sources_of(store, *ev)?);
        }
        rows.push(DonorLine {
            rank: i + 1,
            donor: r.donor,
            entity_id: r.entity_id,
            country: r.country,
            currency: currency_code(opts.currency).to_string(),
            packages: r.packages,
            packages_unvalued: r.packages_unvalued,
            total: r.packages_total,
            total_min: r.packages_min,
            total_max: r.packages_max,
            running_total: r.running_total,
            running_total_date: r.running_total_date,
            events: r.events,
            documents: docs.len(),
            sources,
            reviewed_events,
        });
    }
    Ok(DonorsReport {
        options: opts.clone(),
        rows,
        hidden,
    })
}

impl Render for DonorsReport {
    fn sections(&self) -> (Vec<Section>, Vec<String>) {
        let cur = currency_code(self.options.currency);
        let mut s = Section::new(&[
            "#",
            "donor",
            "country",
            "packages",
            "total",
            "range",
            "stated total",
            "as of",
            "docs",
        ])
        .right(&[0, 3, 4, 6, 8]);
        for r in &self.rows {
            let range = if r.total_min != r.total || r.total_max != r.total {
                format!(
                    "{} – {}",
                    human_amount(cur, r.total_min),
                    human_amount(cur, r.total_max)
                )
            } else {
                String::new()
            };
            let packages = if r.packages_unvalued > 0 {
                format!("{} ({} unvalued)", r.packages, r.packages_unvalued)
            } else {
                r.packages.to_string()
            };
            s.rows.push(vec![
                r.rank.to_string(),
                r.donor.clone(),
                r.country.clone().unwrap_or_default(),
                packages,
                if r.packages == 0 {
                    String::new()
                } else {
                    human_amount(cur, r.total)
                },
                range,
                human_opt(cur, r.running_total),
                day(r.running_total_date.as_deref()),
                r.documents.to_string(),
            ]);
        }
        let mut sections = vec![s];
        if self.options.show_sources {
            let mut src =
                Section::new(&["donor", "event", "published", "source", "url"]).titled(format!(
                    "Sources of each donor's {} largest events",
                    self.options.top_events
                ));
            for r in &self.rows {
                for d in &r.sources {
                    src.rows.push(vec![
                        r.donor.clone(),
                        d.event_id.to_string(),
                        day(d.published.as_deref()),
                        d.cite(),
                        d.url.clone().unwrap_or_default(),
                    ]);
                }
            }
            sections.push(src);
        }
        let mut notes = vec![String::new()];
        notes.push(format!(
            "total: packages announced ({}{}), each merged event once; stated total: the latest running total a source gives, never added to the packages.",
            if self.options.include_deliveries {
                "pledges and deliveries"
            } else {
                "pledges"
            },
            self.options
                .kind
                .map(|k| format!(", {} aid", k.as_str()))
                .unwrap_or_default()
        ));
        if self.hidden > 0 {
            notes.push(format!(
                "{} other donor(s) that are neither a state nor a known international organization are left out (--all-donors shows them).",
                self.hidden
            ));
        }
        (sections, notes)
    }

    fn csv(&self) -> CsvTable {
        let mut t = CsvTable::new(&[
            "rank",
            "donor",
            "entity_id",
            "country",
            "currency",
            "packages",
            "packages_unvalued",
            "total",
            "total_min",
            "total_max",
            "running_total",
            "running_total_date",
            "documents",
            "events",
            "source_urls",
            "reviewed_events",
        ]);
        for r in &self.rows {
            t.rows.push(vec![
                r.rank.to_string(),
                r.donor.clone(),
                r.entity_id.map(|i| i.to_string()).unwrap_or_default(),
                r.country.clone().unwrap_or_default(),
                r.currency.clone(),
                r.packages.to_string(),
                r.packages_unvalued.to_string(),
                raw_num(Some(r.total)),
                raw_num(Some(r.total_min)),
                raw_num(Some(r.total_max)),
                raw_num(r.running_total),
                r.running_total_date.clone().unwrap_or_default(),
                r.documents.to_string(),
                r.events
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join(";"),
                urls(&r.sources),
                r.reviewed_events.to_string(),
            ]);
        }
        t
    }

    fn json(&self) -> Result<Value> {
        Ok(serde_json::to_value(&self.rows)?)
    }
}

// ------------------------------------------------------------------ events

/// A list of events: the visits report and the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct EventsReport {
    /// What the list is ("visits to UKR", "timeline").
    pub title: String,
    /// Visits are shown as visitor → host.
    pub visits: bool,
    pub rows: Vec<EventLine>,
    /// Remarks for the terminal (an actor name that matched several).
    pub notes: Vec<String>,
}

/// VISIT events to a country (ISO3): who came, when, where, reported by whom.
pub fn visits(store: &dyn Store, country: &str, range: &DateRange) -> Result<EventsReport> {
    let c = country.trim().to_ascii_uppercase();
    if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(ReportError::Invalid(format!(
            "--to {country:?}: expected an ISO 3166-1 alpha-3 country code"
        )));
    }
    let mut rows = Vec::new();
    for e in store.visits_to(&c, range)? {
        rows.push(EventLine::load(store, &e)?);
    }
    Ok(EventsReport {
        title: format!("Visits to {c}"),
        visits: true,
        rows,
        notes: Vec::new(),
    })
}

/// What [`timeline`] lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimelineOptions {
    pub range: DateRange,
    /// Only these types (empty: all).
    pub kinds: Vec<EventType>,
    /// Only events with an actor or place in this country (ISO3).
    pub country: Option<String>,
    /// Only events this actor (a name, resolved like `actor`) takes part in.
    pub actor: Option<String>,
    pub limit: Option<usize>,
}

/// Events by date, filtered.
pub fn timeline(store: &dyn Store, opts: &TimelineOptions) -> Result<EventsReport> {
    let mut notes = Vec::new();
    let actor = match &opts.actor {
        Some(name) => {
            let (entity, others) = resolve_actor(store, name)?;
            if !others.is_empty() {
                notes.push(other_matches_note(&entity, &others));
            }
            Some(entity.id)
        }
        None => None,
    };
    let q = TimelineQuery {
        range: opts.range.clone(),
        kinds: opts.kinds.clone(),
        country: opts.country.as_ref().map(|c| c.trim().to_ascii_uppercase()),
        actor,
        limit: opts.limit,
    };
    let mut rows = Vec::new();
    for e in store.timeline(&q)? {
        rows.push(EventLine::load(store, &e)?);
    }
    Ok(EventsReport {
        title: "Timeline".into(),
        visits: false,
        rows,
        notes,
    })
}

impl Render for EventsReport {
    fn sections(&self) -> (Vec<Section>, Vec<String>) {
        let s = if self.visits {
            let mut s = Section::new(&[
                "date", "visitor", "from", "host", "where", "status", "docs", "source",
            ])
            .right(&[6]);
            for e in &self.rows {
                s.rows.push(vec![
                    day(e.date.as_deref()),
                    names(&e.source),
                    countries(&e.source),
                    names(&e.target),
                    place(&e.location),
                    e.status.clone(),
                    e.documents.to_string(),
                    e.first_source(),
                ]);
            }
            s
        } else {
            let mut s = Section::new(&[
                "date", "type", "status", "source", "target", "where", "amount", "docs", "review",
            ])
            .right(&[7]);
            for e in &self.rows {
                let mut target = names(&e.target);
                if !e.participants.is_empty() {
                    if !target.is_empty() {
                        target.push_str("; ");
                    }
                    target.push_str(&format!("with {}", names(&e.participants)));
                }
                s.rows.push(vec![
                    day(e.date.as_deref()),
                    e.kind.clone(),
                    e.status.clone(),
                    names(&e.source),
                    target,
                    place(&e.location),
                    e.amount_cell(),
                    e.documents.to_string(),
                    e.review_status.clone(),
                ]);
            }
            s
        };
        let mut notes = self.notes.clone();
        notes.insert(0, format!("\n{}: {} events", self.title, self.rows.len()));
        (vec![s], notes)
    }

    fn csv(&self) -> CsvTable {
        let mut t = CsvTable::new(EVENT_CSV);
        for e in &self.rows {
            t.rows.push(event_csv_row(e));
        }
        t
    }

    fn json(&self) -> Result<Value> {
        Ok(serde_json::to_value(&self.rows)?)
    }
}

// ------------------------------------------------------------------- actor

/// A canonical entity with how often it is mentioned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityOut {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub country: Option<String>,
    pub key: String,
    pub mentions: usize,
    pub documents: usize,
}

impl From<&EntityRow> for EntityOut {
    fn from(e: &EntityRow) -> EntityOut {
        EntityOut {
            id: e.id,
            kind: e.kind.clone(),
            name: e.name.clone(),
            country: e.country.clone(),
            key: e.key.clone(),
            mentions: e.mentions,
            documents: e.documents,
        }
    }
}

/// A title the documents give the actor, with when it was seen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleOut {
    pub title: String,
    pub of: Option<String>,
    pub qualifier: Option<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Documents giving it.
    pub documents: usize,
}

/// An event of the actor's, with the part the actor plays.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorEvent {
    /// `source`, `target` or `participant`.
    pub role: String,
    #[serde(flatten)]
    pub event: EventLine,
}

/// A quote the actor is the speaker of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteOut {
    pub quote_id: i64,
    pub date: Option<String>,
    pub text: String,
    pub direct: bool,
    pub cue: Option<String>,
    pub channel: Option<String>,
    pub document_id: i64,
    pub title: Option<String>,
}

/// Everything the store knows about one actor, over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorReport {
    pub entity: EntityOut,
    /// Other entities the name matched (less mentioned).
    pub other_matches: Vec<EntityOut>,
    pub roles: Vec<RoleOut>,
    pub events: Vec<ActorEvent>,
    pub quotes: Vec<QuoteOut>,
}

/// The entity a name means: the most mentioned match, and the others.
pub fn resolve_actor(store: &dyn Store, name: &str) -> Result<(EntityOut, Vec<EntityOut>)> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ReportError::Invalid("empty actor name".into()));
    }
    // "#12" names an entity by id.
    if let Some(id) = name.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
        return entity_by_id(store, id).map(|e| (e, Vec::new()));
    }
    let found = store.find_entities(name)?;
    let mut it = found.iter().map(EntityOut::from);
    if let Some(first) = it.next() {
        return Ok((first, it.collect()));
    }
    // No name or alias matches: actors of events whose name contains the
    // words asked for ("Shapps" for "Grant Shapps"), most active first.
    let partial = actors_named_like(store, name)?;
    let mut it = partial.into_iter();
    match it.next() {
        Some(first) => Ok((first, it.collect())),
        None => Err(ReportError::NotFound(format!(
            "no actor named {name:?} in the store"
        ))),
    }
}

/// Event actors whose name holds every word of `name` (case-insensitive,
/// whole words), by how many events they take part in. The store's entity
/// search matches whole names and aliases only.
fn actors_named_like(store: &dyn Store, name: &str) -> Result<Vec<EntityOut>> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let matches = |n: &str| {
        let have: Vec<String> = n
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .collect();
        words.iter().all(|w| have.contains(w))
    };
    let mut seen: Vec<(ActorRef, usize)> = Vec::new();
    for e in store.timeline(&TimelineQuery::default())? {
        let mut ids_here = BTreeSet::new();
        for a in e.source.iter().chain(&e.target).chain(&e.participants) {
            if !ids_here.insert(a.id) || !matches(&a.name) {
                continue;
            }
            match seen.iter_mut().find(|(s, _)| s.id == a.id) {
                Some((_, n)) => *n += 1,
                None => seen.push((a.clone(), 1)),
            }
        }
    }
    seen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
    let mut out = Vec::new();
    for (a, _) in seen {
        let row = store
            .find_entities(&a.name)?
            .into_iter()
            .find(|r| r.id == a.id);
        out.push(match row {
            Some(r) => EntityOut::from(&r),
            None => EntityOut {
                id: a.id,
                kind: a.kind,
                name: a.name,
                country: a.country,
                key: String::new(),
                mentions: 0,
                documents: 0,
            },
        });
    }
    Ok(out)
}

fn entity_by_id(store: &dyn Store, id: i64) -> Result<EntityOut> {
    // The store has no entity-by-id lookup; an event or a role would name
    // it, so go through the entity's name.
    let events = store.actor_events(id, &DateRange::all())?;
    let mut named: Option<ActorRef> = None;
    for e in &events {
        for a in e.source.iter().chain(&e.target).chain(&e.participants) {
            if a.id == id {
                named = Some(a.clone());
            }
        }
    }
    if named.is_none() {
        if let Some(q) = store.actor_quotes(id, &DateRange::all())?.first() {
            named = q.speaker.clone();
        }
    }
    let Some(a) = named else {
        return Err(ReportError::NotFound(format!(
            "no entity #{id} with events or quotes in the store"
        )));
    };
    let found = store.find_entities(&a.name)?;
    if let Some(row) = found.iter().find(|r| r.id == id) {
        return Ok(EntityOut::from(row));
    }
    Ok(EntityOut {
        id,
        kind: a.kind,
        name: a.name,
        country: a.country,
        key: String::new(),
        mentions: 0,
        documents: 0,
    })
}

fn other_matches_note(entity: &EntityOut, others: &[EntityOut]) -> String {
    let list: Vec<String> = others
        .iter()
        .take(5)
        .map(|o| format!("#{} {} ({})", o.id, o.name, o.kind))
        .collect();
    format!(
        "showing #{} {}; the name also matches {} (pick one with \"#ID\")",
        entity.id,
        entity.name,
        list.join(", ")
    )
}

/// An actor's roles, events and quotes over time. `name` is resolved with
/// the store's entity search (`#ID` picks an entity by id).
pub fn actor(store: &dyn Store, name: &str, range: &DateRange) -> Result<ActorReport> {
    let (entity, other_matches) = resolve_actor(store, name)?;
    // Roles: one line per title, with the first and last publication dates.
    let mut roles: Vec<RoleOut> = Vec::new();
    let mut role_docs: Vec<BTreeSet<i64>> = Vec::new();
    for r in store.actor_roles(entity.id)? {
        let i = match roles
            .iter()
            .position(|o| o.title == r.title && o.of == r.of && o.qualifier == r.qualifier)
        {
            Some(i) => i,
            None => {
                roles.push(RoleOut {
                    title: r.title.clone(),
                    of: r.of.clone(),
                    qualifier: r.qualifier.clone(),
                    first_seen: None,
                    last_seen: None,
                    documents: 0,
                });
                role_docs.push(BTreeSet::new());
                roles.len() - 1
            }
        };
        let o = &mut roles[i];
        if let Some(p) = &r.published {
            if o.first_seen.as_ref().is_none_or(|f| p < f) {
                o.first_seen = Some(p.clone());
            }
            if o.last_seen.as_ref().is_none_or(|l| p > l) {
                o.last_seen = Some(p.clone());
            }
        }
        role_docs[i].insert(r.document_id);
        o.documents = role_docs[i].len();
    }
    let mut events = Vec::new();
    for e in store.actor_events(entity.id, range)? {
        let role = if e.source.iter().any(|a| a.id == entity.id) {
            "source"
        } else if e.target.iter().any(|a| a.id == entity.id) {
            "target"
        } else {
            "participant"
        };
        events.push(ActorEvent {
            role: role.into(),
            event: EventLine::load(store, &e)?,
        });
    }
    let quotes = store
        .actor_quotes(entity.id, range)?
        .into_iter()
        .map(|q| QuoteOut {
            quote_id: q.id,
            date: q.date,
            text: q.text,
            direct: q.direct,
            cue: q.cue,
            channel: q.channel,
            document_id: q.document_id,
            title: q.title,
        })
        .collect();
    Ok(ActorReport {
        entity,
        other_matches,
        roles,
        events,
        quotes,
    })
}

impl ActorReport {
    /// The other actors of an event, seen from this one.
    fn counterparts(&self, e: &EventLine) -> String {
        let me = self.entity.id;
        let others: Vec<&ActorOut> = e
            .source
            .iter()
            .chain(&e.target)
            .chain(&e.participants)
            .filter(|a| a.id != me)
            .collect();
        others
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Render for ActorReport {
    fn sections(&self) -> (Vec<Section>, Vec<String>) {
        let e = &self.entity;
        let head = format!(
            "#{} {} ({}{}), {} mentions in {} documents",
            e.id,
            e.name,
            e.kind,
            e.country
                .as_ref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default(),
            e.mentions,
            e.documents
        );
        let mut roles = Section::new(&[
            "title",
            "of",
            "qualifier",
            "first seen",
            "last seen",
            "docs",
        ])
        .titled(format!("{head}\n\nRoles"))
        .right(&[5]);
        for r in &self.roles {
            roles.rows.push(vec![
                r.title.clone(),
                r.of.clone().unwrap_or_default(),
                r.qualifier.clone().unwrap_or_default(),
                day(r.first_seen.as_deref()),
                day(r.last_seen.as_deref()),
                r.documents.to_string(),
            ]);
        }
        let mut events = Section::new(&[
            "date", "type", "as", "with", "where", "amount", "status", "docs",
        ])
        .titled("Events")
        .right(&[7]);
        for a in &self.events {
            let ev = &a.event;
            events.rows.push(vec![
                day(ev.date.as_deref()),
                ev.kind.clone(),
                a.role.clone(),
                self.counterparts(ev),
                place(&ev.location),
                ev.amount_cell(),
                ev.status.clone(),
                ev.documents.to_string(),
            ]);
        }
        let mut quotes =
            Section::new(&["date", "quote", "direct", "cue", "document"]).titled("Quotes");
        for q in &self.quotes {
            quotes.rows.push(vec![
                day(q.date.as_deref()),
                q.text.clone(),
                if q.direct { "yes" } else { "no" }.into(),
                q.cue.clone().unwrap_or_default(),
                q.title
                    .clone()
                    .unwrap_or_else(|| format!("document {}", q.document_id)),
            ]);
        }
        let mut notes = Vec::new();
        if !self.other_matches.is_empty() {
            notes.push(String::new());
            notes.push(other_matches_note(&self.entity, &self.other_matches));
        }
        (vec![roles, events, quotes], notes)
    }

    /// One row per role, event and quote, by section.
    fn csv(&self) -> CsvTable {
        let mut t = CsvTable::new(&[
            "entity_id",
            "entity_name",
            "section",
            "date",
            "item_id",
            "type",
            "role",
            "text",
            "counterparts",
            "location",
            "documents",
            "review_status",
            "source_urls",
        ]);
        let base = |section: &str| -> Vec<String> {
            vec![
                self.entity.id.to_string(),
                self.entity.name.clone(),
                section.to_string(),
            ]
        };
        for r in &self.roles {
            let mut row = base("role");
            let text = match (&r.qualifier, &r.of) {
                (Some(q), Some(of)) => format!("{q} {} ({of})", r.title),
                (Some(q), None) => format!("{q} {}", r.title),
                (None, Some(of)) => format!("{} ({of})", r.title),
                (None, None) => r.title.clone(),
            };
            row.extend([
                r.first_seen.clone().unwrap_or_default(),
                String::new(),
                "ROLE".into(),
                String::new(),
                text,
                String::new(),
                String::new(),
                r.documents.to_string(),
                String::new(),
                String::new(),
            ]);
            t.rows.push(row);
        }
        for a in &self.events {
            let e = &a.event;
            let mut row = base("event");
            row.extend([
                day(e.date.as_deref()),
                e.event_id.to_string(),
                e.kind.clone(),
                a.role.clone(),
                e.status.clone(),
                self.counterparts(e),
                e.location
                    .as_ref()
                    .map(|l| l.name.clone())
                    .unwrap_or_default(),
                e.documents.to_string(),
                e.review_status.clone(),
                urls(&e.sources),
            ]);
            t.rows.push(row);
        }
        for q in &self.quotes {
            let mut row = base("quote");
            row.extend([
                day(q.date.as_deref()),
                q.quote_id.to_string(),
                if q.direct { "QUOTE" } else { "REPORTED" }.into(),
                "speaker".into(),
                q.text.clone(),
                String::new(),
                String::new(),
                "1".into(),
                String::new(),
                String::new(),
            ]);
            t.rows.push(row);
        }
        t
    }

    fn json(&self) -> Result<Value> {
        Ok(serde_json::to_value(self)?)
    }
}
