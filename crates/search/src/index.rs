//! [`SearchIndex`]: opening, writing and searching the tantivy index.

use std::ops::Bound;
use std::path::{Path, PathBuf};

use chronicle_records::EventType;
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DateTime, DocAddress, Index, IndexBuilder, IndexReader, IndexWriter, Order, ReloadPolicy,
    Searcher, TantivyDocument, TantivyError, Term,
};

use crate::input::IndexDoc;
use crate::query::{prepare, Hit, Query, Snippet};
use crate::schema::{self, fold_key, Fields};
use crate::{Error, Kind};

/// Memory budget of the single indexing thread.
const WRITER_MEMORY: usize = 50_000_000;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 200;

/// A full-text index of documents, quotes and events.
///
/// Searching needs no lock; the first write takes the index's writer lock
/// (one writer per directory) and keeps it until the value is dropped.
/// Writes become visible to searches at [`SearchIndex::commit`]; uncommitted
/// writes are discarded on drop.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter<TantivyDocument>>,
    fields: Fields,
    /// The directory, or "memory", for messages.
    location: String,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("location", &self.location)
            .field("writing", &self.writer.is_some())
            .finish()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if
    /// there is none.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<SearchIndex, Error> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| open_error(dir, e.to_string()))?;
        let directory = MmapDirectory::open(dir).map_err(|e| open_error(dir, e.to_string()))?;
        let (schema, fields) = schema::build();
        let index = IndexBuilder::new()
            .schema(schema)
            .tokenizers(schema::tokenizers())
            .open_or_create(directory)
            .map_err(|e| open_error(dir, describe(e)))?;
        SearchIndex::with_index(index, fields, dir.display().to_string())
    }

    /// Opens the existing index in `dir`; an error if there is none.
    pub fn open(dir: impl AsRef<Path>) -> Result<SearchIndex, Error> {
        let dir = dir.as_ref();
        if !dir.is_dir() {
            return Err(open_error(dir, "no such directory".into()));
        }
        let directory = MmapDirectory::open(dir).map_err(|e| open_error(dir, e.to_string()))?;
        match Index::exists(&directory) {
            Ok(true) => {}
            Ok(false) => return Err(open_error(dir, "no search index in this directory".into())),
            Err(e) => return Err(open_error(dir, e.to_string())),
        }
        let mut index = Index::open(directory).map_err(|e| open_error(dir, describe(e)))?;
        let (schema, fields) = schema::build();
        if index.schema() != schema {
            return Err(open_error(
                dir,
                describe(TantivyError::SchemaError(String::new())),
            ));
        }
        index.set_tokenizers(schema::tokenizers());
        SearchIndex::with_index(index, fields, dir.display().to_string())
    }

    /// An empty index held in memory, for tests and one-off use.
    pub fn in_memory() -> Result<SearchIndex, Error> {
        let (schema, fields) = schema::build();
        let index = IndexBuilder::new()
            .schema(schema)
            .tokenizers(schema::tokenizers())
            .create_in_ram()?;
        SearchIndex::with_index(index, fields, "memory".into())
    }

    /// Where the index of the store at `db` lives: `<db>.search` next to it
    /// (`news.db` → `news.db.search`).
    pub fn dir_for_db(db: impl AsRef<Path>) -> PathBuf {
        let mut p = db.as_ref().as_os_str().to_owned();
        p.push(".search");
        PathBuf::from(p)
    }

    fn with_index(index: Index, fields: Fields, location: String) -> Result<SearchIndex, Error> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::Open {
                location: location.clone(),
                message: describe(e),
            })?;
        Ok(SearchIndex {
            index,
            reader,
            writer: None,
            fields,
            location,
        })
    }

    fn writer(&mut self) -> Result<&mut IndexWriter<TantivyDocument>, Error> {
        if self.writer.is_none() {
            let w = self
                .index
                .writer_with_num_threads(1, WRITER_MEMORY)
                .map_err(|e| Error::Write {
                    location: self.location.clone(),
                    message: describe(e),
                })?;
            self.writer = Some(w);
        }
        Ok(self.writer.as_mut().expect("writer was just set"))
    }

    /// Adds a document with its quotes and events, replacing whatever the
    /// index held for the same `doc_id`. Visible after [`SearchIndex::commit`].
    pub fn add(&mut self, doc: &IndexDoc) -> Result<(), Error> {
        if doc.doc_id.trim().is_empty() {
            return Err(Error::EmptyDocId);
        }
        let f = self.fields;
        let entries = entries(&f, doc);
        let w = self.writer()?;
        w.delete_term(Term::from_field_text(f.doc_id, &doc.doc_id));
        for e in entries {
            w.add_document(e)?;
        }
        Ok(())
    }

    /// Removes a document and its quotes and events. Visible after
    /// [`SearchIndex::commit`]; an unknown id is not an error.
    pub fn delete_doc(&mut self, doc_id: &str) -> Result<(), Error> {
        let term = Term::from_field_text(self.fields.doc_id, doc_id);
        self.writer()?.delete_term(term);
        Ok(())
    }

    /// Removes everything (before a full rebuild). Visible after
    /// [`SearchIndex::commit`].
    pub fn clear(&mut self) -> Result<(), Error> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Makes the writes so far durable and visible to searches. Call it once
    /// per batch of documents, not per document.
    pub fn commit(&mut self) -> Result<(), Error> {
        if let Some(w) = self.writer.as_mut() {
            w.commit()?;
            self.reader.reload()?;
        }
        Ok(())
    }

    /// Picks up commits made by another process since this one opened.
    pub fn reload(&self) -> Result<(), Error> {
        Ok(self.reader.reload()?)
    }

    /// The number of entries searchable now (documents, quotes and events).
    pub fn num_entries(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a search. A malformed query string is an [`Error::Query`].
    pub fn search(&self, q: &Query) -> Result<Vec<Hit>, Error> {
        let f = self.fields;
        let text_query = if q.text.trim().is_empty() {
            None
        } else {
            let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.text, f.speaker]);
            parser.set_conjunction_by_default();
            let schema = self.index.schema();
            let text = prepare(&q.text, |name| schema.get_field(name).is_ok());
            Some(parser.parse_query(&text).map_err(|e| Error::Query {
                query: q.text.clone(),
                message: e.to_string(),
            })?)
        };

        let mut filters: Vec<Box<dyn tantivy::query::Query>> = Vec::new();
        let term_filter = |field, value: &str| -> Box<dyn tantivy::query::Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(kind) = q.kind {
            filters.push(term_filter(f.kind, kind.as_str()));
        }
        if let Some(t) = &q.event_type {
            let norm = t.trim().to_ascii_uppercase().replace(['-', ' '], "_");
            let Some(t) = EventType::parse(&norm) else {
                return Err(Error::UnknownEventType(t.clone()));
            };
            filters.push(term_filter(f.event_type, t.as_str()));
        }
        if let Some(s) = &q.status {
            filters.push(term_filter(f.status, &s.trim().to_ascii_lowercase()));
        }
        if let Some(a) = &q.actor {
            filters.push(term_filter(f.actors, &fold_key(a)));
        }
        if let Some(o) = &q.outlet {
            filters.push(term_filter(f.outlet, &fold_key(o)));
        }
        if let (Some(s), Some(u)) = (q.since, q.until) {
            if s > u {
                return Err(Error::DateRange { since: s, until: u });
            }
        }
        if q.since.is_some() || q.until.is_some() {
            let bound = |d: Option<chrono::NaiveDate>| match d {
                Some(d) => Bound::Included(Term::from_field_date_for_search(
                    f.date,
                    schema::to_datetime(d),
                )),
                None => Bound::Unbounded,
            };
            filters.push(Box::new(RangeQuery::new(bound(q.since), bound(q.until))));
        }

        let searcher = self.reader.searcher();
        let total = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = q.limit.min(total);
        if limit == 0 || q.offset >= total {
            return Ok(Vec::new());
        }

        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        if let Some(t) = &text_query {
            clauses.push((Occur::Must, t.box_clone()));
        }
        for filter in filters {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        let query: Box<dyn tantivy::query::Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };

        let top = TopDocs::with_limit(limit).and_offset(q.offset);
        let found: Vec<(f32, DocAddress)> = if text_query.is_some() {
            searcher.search(&query, &top.order_by_score())?
        } else {
            searcher
                .search(
                    &query,
                    &top.order_by_fast_field::<DateTime>("date", Order::Desc),
                )?
                .into_iter()
                .map(|(_, addr)| (0.0, addr))
                .collect()
        };

        let snippets = match &text_query {
            Some(t) => Some(Snippets::new(&searcher, t.as_ref(), &f)?),
            None => None,
        };
        let mut hits = Vec::with_capacity(found.len());
        for (score, addr) in found {
            let doc: TantivyDocument = searcher.doc(addr)?;
            hits.push(hit(&f, &doc, score, snippets.as_ref()));
        }
        Ok(hits)
    }
}

/// The snippet generators of the full-text fields.
struct Snippets {
    text: SnippetGenerator,
    title: SnippetGenerator,
    speaker: SnippetGenerator,
}

impl Snippets {
    fn new(
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        f: &Fields,
    ) -> Result<Snippets, Error> {
        let make = |field| -> Result<SnippetGenerator, Error> {
            let mut g = SnippetGenerator::create(searcher, query, field)?;
            g.set_max_num_chars(SNIPPET_CHARS);
            Ok(g)
        };
        Ok(Snippets {
            text: make(f.text)?,
            title: make(f.title)?,
            speaker: make(f.speaker)?,
        })
    }
}

/// Builds the index entries of one document.
fn entries(f: &Fields, doc: &IndexDoc) -> Vec<TantivyDocument> {
    let common = |kind: Kind, date: Option<chrono::NaiveDate>, actors: &[String]| {
        let mut d = TantivyDocument::new();
        d.add_text(f.kind, kind.as_str());
        d.add_text(f.doc_id, &doc.doc_id);
        if let Some(t) = &doc.title {
            d.add_text(f.title_display, t);
        }
        if let Some(o) = &doc.outlet {
            d.add_text(f.outlet, fold_key(o));
            d.add_text(f.outlet_display, o);
        }
        if let Some(day) = date.or(doc.published) {
            d.add_date(f.date, schema::to_datetime(day));
        }
        let mut keys: Vec<String> = actors.iter().map(|a| fold_key(a)).collect();
        keys.sort();
        keys.dedup();
        for k in keys.iter().filter(|k| !k.is_empty()) {
            d.add_text(f.actors, k);
        }
        d
    };

    let mut out = Vec::with_capacity(1 + doc.quotes.len() + doc.events.len());
    let mut d = common(Kind::Document, None, &doc.actors);
    if let Some(t) = &doc.title {
        d.add_text(f.title, t);
    }
    d.add_text(f.text, &doc.text);
    out.push(d);

    for (i, q) in doc.quotes.iter().enumerate() {
        let mut d = common(Kind::Quote, q.date, &q.actors);
        d.add_text(f.id, &q.id);
        d.add_u64(f.quote_index, i as u64);
        d.add_text(f.text, &q.text);
        if let Some(s) = &q.speaker {
            d.add_text(f.speaker, s);
        }
        out.push(d);
    }

    for e in &doc.events {
        let mut d = common(Kind::Event, e.date, &e.actors);
        d.add_text(f.id, &e.id);
        d.add_text(f.event_type, e.kind.trim().to_ascii_uppercase());
        d.add_text(f.status, e.status.trim().to_ascii_lowercase());
        d.add_text(f.text, &e.evidence);
        out.push(d);
    }
    out
}

/// Turns a stored entry into a hit.
fn hit(f: &Fields, doc: &TantivyDocument, score: f32, snippets: Option<&Snippets>) -> Hit {
    let text_of = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let kind = text_of(f.kind)
        .and_then(|k| k.parse().ok())
        .unwrap_or(Kind::Document);
    let body = text_of(f.text).unwrap_or_default();
    let title = text_of(f.title_display);
    let speaker = text_of(f.speaker);

    let mut snippet = None;
    if let Some(s) = snippets {
        let mut candidates = vec![(&s.text, body.as_str())];
        if kind == Kind::Document {
            candidates.push((&s.title, title.as_deref().unwrap_or("")));
        }
        candidates.push((&s.speaker, speaker.as_deref().unwrap_or("")));
        for (generator, text) in candidates {
            let sn = generator.snippet(text);
            if !sn.highlighted().is_empty() {
                snippet = Some(Snippet::passage(
                    text,
                    sn.fragment_range(),
                    sn.highlighted(),
                ));
                break;
            }
        }
    }
    let snippet = snippet.unwrap_or_else(|| Snippet::prefix(&body, SNIPPET_CHARS));

    Hit {
        kind,
        doc_id: text_of(f.doc_id).unwrap_or_default(),
        id: text_of(f.id),
        quote_index: doc
            .get_first(f.quote_index)
            .and_then(|v| v.as_u64())
            .and_then(|i| usize::try_from(i).ok()),
        score,
        title,
        date: doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(schema::from_datetime),
        event_type: text_of(f.event_type),
        status: text_of(f.status),
        speaker,
        outlet: text_of(f.outlet_display),
        snippet,
    }
}

fn open_error(dir: &Path, message: String) -> Error {
    Error::Open {
        location: dir.display().to_string(),
        message,
    }
}

/// A one-line account of a tantivy error met while opening or writing.
fn describe(e: TantivyError) -> String {
    match e {
        TantivyError::SchemaError(_) => {
            "the index was built with a different schema; delete the directory and re-index".into()
        }
        TantivyError::LockFailure(_, _) => {
            "another process holds the writer lock, or the directory is not writable".into()
        }
        TantivyError::DataCorruption(c) => format!("the index is corrupt: {c:?}"),
        other => other.to_string().replace('\n', " "),
    }
}
