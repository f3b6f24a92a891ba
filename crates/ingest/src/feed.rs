//! RSS and Atom feeds (with `feed-rs`): each entry is a document.
//!
//! The text is the entry's content, else its summary, with markup removed.
//! The date is `published`, else `updated`, as a UTC calendar date
//! (`feed-rs` normalizes timestamps to UTC, so an entry stamped late in the
//! evening west of Greenwich dates from the next day). The outlet is the
//! feed's title; the id is the entry's id (`guid`), else its link. With
//! fetching on, an entry with little text is replaced by the text of the
//! page it links to, and a failed fetch is a warning, not a skip.

use crate::fetch::Fetcher;
use crate::html::fragment_to_text;
use crate::source::{html_doc, Skip, SourceDoc, WalkOptions};
use crate::Format;

/// Parses a whole feed (already size-limited) and streams its entries; a
/// feed that does not parse is one skip.
pub(crate) fn feed_docs(
    bytes: &[u8],
    name: &str,
    fetcher: Option<Fetcher>,
    opts: &WalkOptions,
) -> Result<crate::source::Docs, Skip> {
    let parser = feed_rs::parser::Builder::new()
        // Entries without an id get none (rather than a random one), so
        // that ids are deterministic; the entry's link stands in.
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|e| Skip::new(name, format!("not a readable RSS or Atom feed: {e}")))?;
    let outlet = feed
        .title
        .as_ref()
        .map(|t| one_line(&fragment_to_text(&t.content)))
        .filter(|t| !t.is_empty());
    let name = name.to_string();
    let min_chars = opts.min_entry_chars;
    Ok(Box::new(feed.entries.into_iter().enumerate().map(
        move |(i, entry)| {
            entry_doc(
                entry,
                format!("{name}#entry {}", i + 1),
                outlet.clone(),
                fetcher.as_ref(),
                min_chars,
            )
        },
    )))
}

fn entry_doc(
    entry: feed_rs::model::Entry,
    origin: String,
    outlet: Option<String>,
    fetcher: Option<&Fetcher>,
    min_chars: usize,
) -> Result<SourceDoc, Skip> {
    let url = entry
        .links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let content = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .map(fragment_to_text)
        .unwrap_or_default();
    let summary = entry
        .summary
        .as_ref()
        .map(|s| fragment_to_text(&s.content))
        .unwrap_or_default();
    let mut text = if content.trim().is_empty() {
        summary
    } else {
        content
    };
    let mut warnings = Vec::new();
    let mut page = None;
    if let (Some(fetcher), Some(link)) = (fetcher, &url) {
        if text.chars().count() < min_chars {
            match fetcher.get(link).and_then(|f| {
                html_doc(&f.body, f.charset(), link, Format::Html).map_err(|s| s.reason)
            }) {
                Ok(doc) if doc.text.chars().count() > text.chars().count() => {
                    warnings.push(format!("text read from the linked page {link}"));
                    warnings.extend(doc.warnings.iter().cloned());
                    text = doc.text.clone();
                    page = Some(doc);
                }
                Ok(_) => warnings.push(format!(
                    "the linked page {link} has less text than the entry; kept the entry's"
                )),
                Err(reason) => warnings.push(format!("{link}: {reason}; kept the entry's text")),
            }
        }
    }
    if text.trim().is_empty() {
        let why = warnings
            .last()
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        return Err(Skip::new(origin, format!("entry has no text{why}")));
    }
    let title = entry
        .title
        .as_ref()
        .map(|t| one_line(&fragment_to_text(&t.content)))
        .filter(|t| !t.is_empty());
    let mut doc = SourceDoc::new(text, origin, Format::Feed);
    doc.id = Some(entry.id.trim().to_string())
        .filter(|id| !id.is_empty())
        .or_else(|| url.clone());
    doc.published = entry
        .published
        .or(entry.updated)
        .map(|d| d.date_naive().to_string());
    doc.title = title.or_else(|| page.as_ref().and_then(|p| p.title.clone()));
    doc.outlet = outlet.or_else(|| page.as_ref().and_then(|p| p.outlet.clone()));
    if doc.published.is_none() {
        doc.published = page.as_ref().and_then(|p| p.published.clone());
    }
    doc.url = url;
    doc.warnings = warnings;
    Ok(doc)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
