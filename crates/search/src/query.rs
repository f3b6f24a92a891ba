//! What a search asks ([`Query`]) and what it answers ([`Hit`], [`Snippet`]).

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Kind;

/// A search: full text plus structured filters, all of which must hold.
///
/// ```
/// use chronicle_search::{Kind, Query};
/// let q = Query {
///     event_type: Some("AID_PLEDGE".into()),
///     actor: Some("GBR".into()),
///     since: chrono::NaiveDate::from_ymd_opt(2023, 1, 1),
///     ..Query::new("\"air defense\"")
/// };
/// assert_eq!(q.limit, 20);
/// assert_eq!(q.kind, None::<Kind>);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Tantivy query syntax over titles, texts (article, evidence sentence,
    /// quote) and speakers: words (all required), `"phrases"`, `-excluded`,
    /// `OR`, `field:value`. A word with an apostrophe ("Britain's") is
    /// searched as a phrase and a colon after a word that names no field
    /// ("Ukraine: aid") is ignored; other syntax errors are
    /// [`Error::Query`](crate::Error::Query). Empty matches every entry the
    /// filters allow; the hits then come newest first.
    pub text: String,
    /// Only documents, quotes or events.
    pub kind: Option<Kind>,
    /// Only events of this records-v1 type ("AID_PLEDGE", case-insensitive).
    pub event_type: Option<String>,
    /// Only events of this status ("asserted", "planned", ...).
    pub status: Option<String>,
    /// Only entries naming this actor: an ISO code ("GBR"), a name ("Grant
    /// Shapps"), a surname or an acronym; case, accents and dots are ignored.
    pub actor: Option<String>,
    /// Only entries from this outlet (case-insensitive, whole name).
    pub outlet: Option<String>,
    /// Only entries dated on or after this day (an event's own date, else its
    /// document's publication date).
    pub since: Option<NaiveDate>,
    /// Only entries dated on or before this day.
    pub until: Option<NaiveDate>,
    /// At most this many hits.
    pub limit: usize,
    /// Skip this many hits first (paging).
    pub offset: usize,
}

impl Query {
    /// A query for `text` without filters, at most 20 hits.
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            kind: None,
            event_type: None,
            status: None,
            actor: None,
            outlet: None,
            since: None,
            until: None,
            limit: 20,
            offset: 0,
        }
    }
}

impl Default for Query {
    fn default() -> Self {
        Query::new("")
    }
}

/// Smooths the spots where news text trips tantivy's query grammar, leaving
/// everything else to the parser: a word with an inner apostrophe
/// ("Britain's") becomes a phrase, and a colon after a word that names no
/// field ("Ukraine: aid") becomes a space. Double-quoted phrases are kept
/// as written.
pub(crate) fn prepare(text: &str, is_field: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        // Up to the next phrase, then the phrase itself.
        let (plain, phrase) = match rest.find('"') {
            None => (rest, ""),
            Some(open) => match rest[open + 1..].find('"') {
                Some(len) => (&rest[..open], &rest[open..open + len + 2]),
                None => (&rest[..open], &rest[open..]),
            },
        };
        out.push_str(&prepare_plain(plain, &is_field));
        out.push_str(phrase);
        rest = &rest[plain.len() + phrase.len()..];
    }
    out
}

fn prepare_plain(text: &str, is_field: &impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, word) in words(text) {
        out.push_str(&text[last..start]);
        last = start + word.len();
        let mut word = word.to_string();
        if let Some(colon) = word.find(':') {
            let name = word[..colon].trim_start_matches(['+', '-', '(']);
            if !is_field(name) {
                word.replace_range(colon..colon + 1, " ");
            }
        }
        let bytes = word.as_bytes();
        let inner: Vec<usize> = (1..bytes.len().saturating_sub(1))
            .filter(|&i| {
                bytes[i] == b'\''
                    && bytes[i - 1].is_ascii_alphanumeric()
                    && bytes[i + 1].is_ascii_alphanumeric()
            })
            .collect();
        let inner_apostrophe = !inner.is_empty();
        let core = word.trim_start_matches(['+', '-']);
        let plain_word = !core.starts_with('\'')
            && !core.ends_with('\'')
            && !word.contains(['(', ')', ':', '^', '~', '"']);
        if inner_apostrophe && plain_word {
            let sign_len = word.len() - word.trim_start_matches(['+', '-']).len();
            word.insert(sign_len, '"');
            word.push('"');
        } else if inner_apostrophe {
            for i in inner {
                word.replace_range(i..i + 1, " ");
            }
        }
        out.push_str(&word);
    }
    out.push_str(&text[last..]);
    out
}

/// The whitespace-separated words of `text` with their byte offsets.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// What the entry stands for.
    pub kind: Kind,
    /// The document the entry belongs to.
    pub doc_id: String,
    /// The event id ("v1") or quote id ("q1"); `None` for a document.
    pub id: Option<String>,
    /// The quote's position in its document's `quotes`; `None` otherwise.
    pub quote_index: Option<usize>,
    /// Relevance (BM25); 0 when the query has no text.
    pub score: f32,
    /// The document's title.
    pub title: Option<String>,
    /// The entry's date (see [`Query::since`]).
    pub date: Option<NaiveDate>,
    /// The event type, for events.
    pub event_type: Option<String>,
    /// The event status, for events.
    pub status: Option<String>,
    /// The speaker, for quotes.
    pub speaker: Option<String>,
    /// The document's outlet.
    pub outlet: Option<String>,
    /// A passage of the matched text with the matching words marked.
    pub snippet: Snippet,
}

/// A passage of text and the byte ranges of the words that matched.
///
/// Whitespace runs (newlines included) are collapsed to one space.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// The passage, plain text; `…` marks where it cuts the text short.
    pub text: String,
    /// Byte ranges into `text`, sorted, not overlapping.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The text with each highlight wrapped in `open` and `close`
    /// (`marked("[", "]")`, or terminal escapes).
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 8 * self.highlights.len());
        let mut at = 0;
        for r in &self.highlights {
            let (Some(before), Some(word)) = (self.text.get(at..r.start), self.text.get(r.clone()))
            else {
                continue;
            };
            out.push_str(before);
            out.push_str(open);
            out.push_str(word);
            out.push_str(close);
            at = r.end;
        }
        out.push_str(self.text.get(at..).unwrap_or(""));
        out
    }

    /// Builds a snippet from a fragment and its highlights, collapsing
    /// whitespace and moving the ranges to match.
    pub(crate) fn normalized(fragment: &str, highlights: &[Range<usize>]) -> Snippet {
        // new_at[i]: where the byte at `i` lands in the new text. A space is
        // written only before the next word, so ranges ending on whitespace
        // end right after their word.
        let mut new_at = vec![0usize; fragment.len() + 1];
        let mut text = String::with_capacity(fragment.len());
        let mut pending_space = false;
        for (i, c) in fragment.char_indices() {
            if c.is_whitespace() {
                pending_space = !text.is_empty();
            } else if pending_space {
                text.push(' ');
                pending_space = false;
            }
            new_at[i..i + c.len_utf8()].fill(text.len());
            if !c.is_whitespace() {
                text.push(c);
            }
        }
        new_at[fragment.len()] = text.len();
        let mut sorted = highlights.to_vec();
        sorted.sort_by_key(|r| (r.start, r.end));
        let mut out: Vec<Range<usize>> = Vec::new();
        for r in &sorted {
            if r.start >= r.end || r.end > fragment.len() {
                continue;
            }
            let (s, e) = (new_at[r.start], new_at[r.end]);
            if s < e && text.is_char_boundary(s) && text.is_char_boundary(e) {
                match out.last_mut() {
                    Some(last) if last.end >= s => last.end = last.end.max(e),
                    _ => out.push(s..e),
                }
            }
        }
        Snippet {
            text,
            highlights: out,
        }
    }

    /// Builds a snippet from the passage `range` of `text` (highlights
    /// relative to the passage): the passage is widened over adjacent
    /// punctuation (closing quotes, full stops) and gets `…` where it cuts
    /// the text short.
    pub(crate) fn passage(text: &str, range: Range<usize>, highlights: &[Range<usize>]) -> Snippet {
        let Some(fragment) = text.get(range.clone()) else {
            return Snippet::default();
        };
        let is_punct = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
        let start = text[..range.start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_punct(c))
            .last()
            .map_or(range.start, |(i, _)| i);
        let end = range.end
            + text[range.end..]
                .chars()
                .take_while(|&c| is_punct(c))
                .map(char::len_utf8)
                .sum::<usize>();
        let lead = if text[..start].trim().is_empty() {
            ""
        } else {
            "… "
        };
        let tail = if text[end..].trim().is_empty() {
            ""
        } else {
            " …"
        };
        let shift = lead.len() + (range.start - start);
        let moved: Vec<Range<usize>> = highlights
            .iter()
            .filter(|h| h.end <= fragment.len())
            .map(|h| h.start + shift..h.end + shift)
            .collect();
        Snippet::normalized(&format!("{lead}{}{tail}", &text[start..end]), &moved)
    }

    /// The first `max_chars` characters of `text`, cut at a word boundary,
    /// without highlights.
    pub(crate) fn prefix(text: &str, max_chars: usize) -> Snippet {
        let cut = match text.char_indices().nth(max_chars) {
            None => text,
            Some((at, _)) => {
                let head = &text[..at];
                match head.rfind(char::is_whitespace) {
                    Some(sp) if sp > 0 => &head[..sp],
                    _ => head,
                }
            }
        };
        let mut snippet = Snippet::normalized(cut, &[]);
        if cut.len() < text.trim_end().len() {
            snippet.text.push_str(" …");
        }
        snippet
    }
}

/// Marks highlights with `«` and `»`.
impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.marked("«", "»"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_collapses_whitespace_and_moves_ranges() {
        let s = Snippet::normalized("  air\n\n defense  systems ", &[2..5, 8..15]);
        assert_eq!(s.text, "air defense systems");
        assert_eq!(s.highlights, vec![0..3, 4..11]);
        assert_eq!(s.marked("[", "]"), "[air] [defense] systems");
        assert_eq!(s.to_string(), "«air» «defense» systems");
    }

    #[test]
    fn normalized_handles_multibyte_and_bad_ranges() {
        let f = "Kyiv — “air  defense”";
        let (a, d) = (f.find("air").unwrap(), f.find("defense").unwrap());
        let s = Snippet::normalized(f, &[a..a + 3, d..d + 7, 0..999, 5..5]);
        assert_eq!(s.text, "Kyiv — “air defense”");
        assert_eq!(s.marked("[", "]"), "Kyiv — “[air] [defense]”");
    }

    #[test]
    fn passage_takes_punctuation_and_marks_cuts() {
        let text = "He said: \"We will not waver.\" Then he left the room.";
        let start = text.find("We").unwrap();
        let end = text.find("waver").unwrap() + 5;
        let waver = end - start - 5..end - start;
        let s = Snippet::passage(text, start..end, std::slice::from_ref(&waver));
        assert_eq!(s.marked("[", "]"), "… \"We will not [waver].\" …");
        let whole = Snippet::passage("Kyiv.", 0..4, std::slice::from_ref(&(0..4)));
        assert_eq!(whole.marked("[", "]"), "[Kyiv].");
        assert_eq!(Snippet::passage("abc", 2..9, &[]), Snippet::default());
    }

    #[test]
    fn prepare_eases_apostrophes_and_colons() {
        let field = |f: &str| f == "title";
        assert_eq!(prepare("Britain's aid", field), "\"Britain's\" aid");
        assert_eq!(prepare("-Zelensky's visit", field), "-\"Zelensky's\" visit");
        assert_eq!(prepare("Ukraine: aid", field), "Ukraine  aid");
        assert_eq!(prepare("title:tanks", field), "title:tanks");
        assert_eq!(
            prepare("title:\"air defense\"", field),
            "title:\"air defense\""
        );
        assert_eq!(
            prepare("\"Britain's aid\" x:y", field),
            "\"Britain's aid\" x y"
        );
        assert_eq!(prepare("\"open phrase", field), "\"open phrase");
        assert_eq!(prepare("  air\tdefense ", field), "  air\tdefense ");
        assert_eq!(prepare("", field), "");
        assert_eq!(prepare("'single quoted'", field), "'single quoted'");
        assert_eq!(prepare("'Britain's aid'", field), "'Britain s aid'");
        assert_eq!(prepare("a\u{a0}b's", field), "a\u{a0}\"b's\"");
    }

    #[test]
    fn prefix_cuts_at_a_word() {
        assert_eq!(Snippet::prefix("one two three", 9).text, "one two …");
        assert_eq!(Snippet::prefix("short", 100).text, "short");
        assert_eq!(Snippet::prefix("", 10).text, "");
    }
}
