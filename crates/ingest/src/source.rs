//! Many documents from many inputs: [`walk`] streams [`SourceDoc`]s out of
//! files, directories and feed URLs, whatever their format.
//!
//! Formats are recognized by file name first (`.txt`, `.html`/`.htm`/
//! `.xhtml`, `.jsonl`/`.ndjson`, `.rss`/`.atom`/`.xml`, `.warc`, each
//! optionally followed by `.gz`) and otherwise by sniffing the first bytes
//! (gzip magic, `WARC/1.`, a JSON object, a feed root element, HTML
//! markup; anything else is plain text).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::fetch::Fetcher;
use crate::{Format, IngestError, DEFAULT_MAX_BYTES};

/// One document read from an input, with what the input says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceDoc {
    /// The document's identifier in its collection: the JSON Lines `id`,
    /// the feed entry's id (else its link), the WARC record id. `None` for
    /// single files.
    pub id: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The publication date, ISO `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The address the document was published at.
    pub url: Option<String>,
    /// The outlet: JSON Lines `source`, the feed's title, the page's
    /// `og:site_name` or JSON-LD publisher.
    pub outlet: Option<String>,
    /// The text all offsets point into: UTF-8, LF line ends, no BOM.
    pub text: String,
    /// SHA-256 of `text`, lower-case hex: equal texts have equal hashes,
    /// whatever their origin (for the caller's duplicate detection).
    pub content_hash: String,
    /// Where the document came from: `page.html`, `docs.jsonl:17`,
    /// `news.rss#entry 3`, `crawl.warc.gz#record 12`.
    pub origin: String,
    /// What the input was recognized as.
    pub format: Format,
    /// Problems that were repaired or guessed around rather than refused.
    pub warnings: Vec<String>,
}

impl SourceDoc {
    /// A document with `text` (newlines normalized, BOM removed) and its
    /// hash; the metadata is filled in by the caller.
    pub(crate) fn new(text: String, origin: String, format: Format) -> SourceDoc {
        let text = crate::normalize_newlines(text.strip_prefix('\u{feff}').unwrap_or(&text));
        SourceDoc {
            id: None,
            title: None,
            published: None,
            url: None,
            outlet: None,
            content_hash: sha256_hex(&text),
            text,
            origin,
            format,
            warnings: Vec::new(),
        }
    }
}

/// A document (or a whole input) that was passed over, and why. One skip
/// never stops a walk; `Display` gives `origin: reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The document or input passed over, named like [`SourceDoc::origin`].
    pub origin: String,
    /// A one-line reason.
    pub reason: String,
}

impl Skip {
    pub(crate) fn new(origin: impl Into<String>, reason: impl Into<String>) -> Skip {
        Skip {
            origin: origin.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

impl std::error::Error for Skip {}

/// Options of a [`walk`].
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// The largest document accepted, in bytes: a text or HTML file, a
    /// JSON Lines line, a WARC record, a fetched page, a whole feed file.
    /// Collections (JSON Lines, WARC) are streamed and may be any size.
    pub max_bytes: u64,
    /// Fetch the page an entry links to when a feed entry's own text is
    /// shorter than [`WalkOptions::min_entry_chars`], and accept
    /// `http(s)://` feed URLs as inputs. Off by default: a walk then never
    /// touches the network.
    pub fetch_links: bool,
    /// The whole-request time limit of one fetch (connect, redirects,
    /// body).
    pub fetch_timeout: Duration,
    /// Feed entries with fewer characters of text than this are fetched
    /// when [`WalkOptions::fetch_links`] is on.
    pub min_entry_chars: usize,
    /// Skip a document whose [`SourceDoc::id`] was already seen in this
    /// walk (the first one wins). On by default; documents without an id
    /// are never compared. Duplicate *texts* are not detected here: compare
    /// [`SourceDoc::content_hash`].
    pub skip_duplicate_ids: bool,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            fetch_links: false,
            fetch_timeout: Duration::from_secs(20),
            min_entry_chars: 500,
            skip_duplicate_ids: true,
        }
    }
}

/// Streams the documents of `paths`, one at a time, in a deterministic
/// order: the paths as given, directories recursed in byte order of their
/// entry names (hidden entries, starting with `.`, are left out; explicitly
/// named hidden files are read). `-` reads standard input. With
/// [`WalkOptions::fetch_links`], `http://` and `https://` arguments are
/// fetched and read as feeds (or, failing that, as one HTML page).
///
/// The error is for arguments that make the whole walk pointless: a path
/// that does not exist or cannot be examined, a URL without fetching
/// enabled. Everything found later is per document: the iterator yields
/// `Err(Skip)` for an unreadable file, a malformed line or record, an
/// oversized document, a duplicate id, and carries on.
pub fn walk(paths: &[PathBuf], opts: &WalkOptions) -> Result<Walk, IngestError> {
    let mut pending = Vec::with_capacity(paths.len());
    for path in paths {
        let name = path.display().to_string();
        if name == "-" {
            pending.push(Pending::Stdin);
        } else if is_url(&name) {
            if !opts.fetch_links {
                return Err(IngestError::Url {
                    url: name,
                    reason: "reading URLs needs fetching enabled (fetch_links)".into(),
                });
            }
            pending.push(Pending::Url(name));
        } else {
            match std::fs::metadata(path) {
                Ok(_) => pending.push(Pending::Path(path.clone())),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(IngestError::NotFound { path: name })
                }
                Err(source) => return Err(IngestError::Io { path: name, source }),
            }
        }
    }
    pending.reverse();
    let fetcher = opts
        .fetch_links
        .then(|| Fetcher::new(opts.fetch_timeout, opts.max_bytes));
    Ok(Walk {
        opts: opts.clone(),
        pending,
        current: None,
        seen_ids: HashMap::new(),
        visited_dirs: HashSet::new(),
        fetcher,
    })
}

/// The iterator returned by [`walk`]. It is `Send`: a walk can feed a
/// pipeline from its own thread.
pub struct Walk {
    opts: WalkOptions,
    /// Inputs still to open, last first.
    pending: Vec<Pending>,
    current: Option<Docs>,
    seen_ids: HashMap<String, String>,
    visited_dirs: HashSet<PathBuf>,
    fetcher: Option<Fetcher>,
}

impl fmt::Debug for Walk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Walk")
            .field("opts", &self.opts)
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

enum Pending {
    Stdin,
    Url(String),
    Path(PathBuf),
}

/// The documents of one opened input.
pub(crate) type Docs = Box<dyn Iterator<Item = Result<SourceDoc, Skip>> + Send>;

/// A buffered reader of one input, decompressed if it was gzipped.
pub(crate) type Input = Box<dyn BufRead + Send>;

impl Iterator for Walk {
    type Item = Result<SourceDoc, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(docs) = &mut self.current {
                match docs.next() {
                    Some(Ok(doc)) => return Some(self.check_id(doc)),
                    Some(Err(skip)) => return Some(Err(skip)),
                    None => self.current = None,
                }
            }
            match self.pending.pop()? {
                Pending::Stdin => {
                    let input: Input = Box::new(BufReader::new(std::io::stdin()));
                    match self.open_input(input, "-", None) {
                        Ok(docs) => self.current = Some(docs),
                        Err(skip) => return Some(Err(skip)),
                    }
                }
                Pending::Url(url) => match self.open_url(&url) {
                    Ok(docs) => self.current = Some(docs),
                    Err(skip) => return Some(Err(skip)),
                },
                Pending::Path(path) => match self.open_path(&path) {
                    Ok(Some(docs)) => self.current = Some(docs),
                    Ok(None) => {}
                    Err(skip) => return Some(Err(skip)),
                },
            }
        }
    }
}

impl Walk {
    fn check_id(&mut self, doc: SourceDoc) -> Result<SourceDoc, Skip> {
        if !self.opts.skip_duplicate_ids {
            return Ok(doc);
        }
        let Some(id) = &doc.id else { return Ok(doc) };
        if let Some(first) = self.seen_ids.get(id) {
            return Err(Skip::new(
                doc.origin,
                format!("duplicate id {id:?} (first read at {first})"),
            ));
        }
        self.seen_ids.insert(id.clone(), doc.origin.clone());
        Ok(doc)
    }

    /// Opens a file, or lists a directory onto the pending stack (`None`).
    fn open_path(&mut self, path: &Path) -> Result<Option<Docs>, Skip> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| Skip::new(&name, io_reason(&e)))?;
        if meta.is_dir() {
            let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            if !self.visited_dirs.insert(canonical) {
                return Err(Skip::new(name, "directory already read (a link cycle?)"));
            }
            let mut entries = Vec::new();
            for entry in std::fs::read_dir(path).map_err(|e| Skip::new(&name, io_reason(&e)))? {
                let entry = entry.map_err(|e| Skip::new(&name, io_reason(&e)))?;
                let file_name = entry.file_name();
                if file_name.as_encoded_bytes().starts_with(b".") {
                    continue;
                }
                entries.push(file_name);
            }
            entries.sort_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
            self.pending.extend(
                entries
                    .into_iter()
                    .rev()
                    .map(|e| Pending::Path(path.join(e))),
            );
            return Ok(None);
        }
        if !meta.is_file() {
            return Err(Skip::new(name, "not a regular file"));
        }
        if meta.len() == 0 {
            return Err(Skip::new(name, "empty file"));
        }
        let file = File::open(path).map_err(|e| Skip::new(&name, io_reason(&e)))?;
        let input: Input = Box::new(BufReader::with_capacity(64 * 1024, file));
        let ext = extension_format(path);
        self.open_input(input, &name, ext).map(Some)
    }

    /// Recognizes an input's format and starts reading its documents.
    fn open_input(&self, input: Input, name: &str, by_name: Option<Named>) -> Result<Docs, Skip> {
        let (mut input, gzipped) = gunzip(input).map_err(|e| Skip::new(name, io_reason(&e)))?;
        let named = by_name.filter(|n| !n.gz || gzipped).map(|n| n.format);
        let format = match named {
            Some(Kind::Xml) | None => {
                let head = input
                    .fill_buf()
                    .map_err(|e| Skip::new(name, read_reason(&e, gzipped)))?;
                if head.is_empty() {
                    return Err(Skip::new(name, "empty input"));
                }
                sniff(head, named == Some(Kind::Xml))
            }
            Some(k) => k,
        };
        let max = self.opts.max_bytes;
        match format {
            Kind::Jsonl => Ok(Box::new(crate::jsonl::JsonlDocs::new(input, name, max))),
            Kind::Warc => Ok(Box::new(crate::warc::WarcDocs::new(input, name, max))),
            Kind::Feed | Kind::Xml => {
                let bytes = read_all(input, name, max, gzipped)?;
                crate::feed::feed_docs(&bytes, name, self.fetcher.clone(), &self.opts)
            }
            Kind::Html => {
                let bytes = read_all(input, name, max, gzipped)?;
                let doc = html_doc(&bytes, None, name, Format::Html)?;
                Ok(Box::new(std::iter::once(Ok(doc))))
            }
            Kind::Text => {
                let head = input
                    .fill_buf()
                    .map_err(|e| Skip::new(name, read_reason(&e, gzipped)))?;
                if let Some(what) = crate::binary_kind(head) {
                    return Err(Skip::new(
                        name,
                        format!("binary data ({what}), not a document"),
                    ));
                }
                let bytes = read_all(input, name, max, gzipped)?;
                let opts = crate::Options {
                    max_bytes: max,
                    force_html: false,
                };
                let article = crate::from_bytes(&bytes, name, opts)
                    .map_err(|e| Skip::new(name, strip_name(&e.to_string(), name)))?;
                let mut doc = SourceDoc::new(article.text, name.to_string(), article.format);
                doc.title = article.title;
                doc.outlet = article.source;
                doc.published = article.published;
                doc.url = article.url;
                doc.warnings = article
                    .warnings
                    .iter()
                    .map(|w| strip_name(w, name).to_string())
                    .collect();
                Ok(Box::new(std::iter::once(Ok(doc))))
            }
        }
    }

    /// Fetches a URL argument: a feed's entries, or else one HTML page.
    fn open_url(&self, url: &str) -> Result<Docs, Skip> {
        let Some(fetcher) = &self.fetcher else {
            return Err(Skip::new(url, "fetching is disabled"));
        };
        let page = fetcher.get(url).map_err(|e| Skip::new(url, e))?;
        let head = &page.body[..page.body.len().min(4096)];
        let looks_feed = sniff(head, true) == Kind::Feed
            || page
                .content_type
                .as_deref()
                .is_some_and(|t| t.contains("rss") || t.contains("atom"));
        if looks_feed {
            return crate::feed::feed_docs(&page.body, url, self.fetcher.clone(), &self.opts);
        }
        let mut doc = html_doc(&page.body, page.charset(), url, Format::Html)?;
        doc.url.get_or_insert_with(|| url.to_string());
        Ok(Box::new(std::iter::once(Ok(doc))))
    }
}

/// Reads an HTML page into a document; the error names `origin`.
pub(crate) fn html_doc(
    bytes: &[u8],
    http_charset: Option<&str>,
    origin: &str,
    format: Format,
) -> Result<SourceDoc, Skip> {
    let page = crate::html::read_html(bytes, http_charset).map_err(|r| Skip::new(origin, r))?;
    let mut doc = SourceDoc::new(page.text, origin.to_string(), format);
    doc.title = page.title;
    doc.published = page.published;
    doc.outlet = page.outlet;
    doc.url = page.url;
    doc.warnings = page.warnings;
    Ok(doc)
}

/// The formats an input can be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Jsonl,
    Feed,
    /// An `.xml` file: a feed unless its content says HTML.
    Xml,
    Warc,
}

#[derive(Debug, Clone, Copy)]
struct Named {
    format: Kind,
    /// The name ends in `.gz` (after the format's extension).
    gz: bool,
}

fn extension_format(path: &Path) -> Option<Named> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (stem, gz) = match name.strip_suffix(".gz") {
        Some(stem) => (stem, true),
        None => (name.as_str(), false),
    };
    let ext = stem.rsplit_once('.')?.1;
    let format = match ext {
        "txt" | "text" => Kind::Text,
        "html" | "htm" | "xhtml" => Kind::Html,
        "jsonl" | "ndjson" => Kind::Jsonl,
        "rss" | "atom" => Kind::Feed,
        "xml" => Kind::Xml,
        "warc" => Kind::Warc,
        _ => return None,
    };
    Some(Named { format, gz })
}

/// Recognizes a format from an input's first bytes.
fn sniff(head: &[u8], xml_name: bool) -> Kind {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.starts_with(b"WARC/") {
        return Kind::Warc;
    }
    if head.starts_with(b"{") {
        return Kind::Jsonl;
    }
    let lower = String::from_utf8_lossy(&head[..head.len().min(2048)]).to_ascii_lowercase();
    let feed_root = lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf");
    if lower.starts_with('<') && feed_root && !lower.contains("<html") {
        return Kind::Feed;
    }
    if crate::looks_like_html(&lower) || (lower.starts_with("<?xml") && lower.contains("<html")) {
        return Kind::Html;
    }
    if xml_name {
        return Kind::Feed;
    }
    Kind::Text
}

/// Wraps a gzipped input (recognized by its magic bytes) in a
/// decompressor that reads all members in turn.
fn gunzip(mut input: Input) -> std::io::Result<(Input, bool)> {
    let head = input.fill_buf()?;
    if head.starts_with(b"\x1f\x8b") {
        let decoder = flate2::bufread::MultiGzDecoder::new(input);
        Ok((Box::new(BufReader::with_capacity(64 * 1024, decoder)), true))
    } else {
        Ok((input, false))
    }
}

/// Reads a whole single-document input, refusing more than `max` bytes.
fn read_all(input: Input, name: &str, max: u64, gzipped: bool) -> Result<Vec<u8>, Skip> {
    match crate::read_limited(input, name, max) {
        Ok(bytes) if bytes.is_empty() => Err(Skip::new(name, "empty input")),
        Ok(bytes) => Ok(bytes),
        Err(crate::IngestError::Io { source, .. }) => {
            Err(Skip::new(name, read_reason(&source, gzipped)))
        }
        Err(crate::IngestError::TooLarge { limit, .. }) => Err(Skip::new(
            name,
            format!("larger than the {limit}-byte limit"),
        )),
        Err(e) => Err(Skip::new(name, strip_name(&e.to_string(), name))),
    }
}

pub(crate) fn is_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    format!("cannot read: {e}")
}

/// A read error, named as a damaged archive when it came from gzip.
pub(crate) fn read_reason(e: &std::io::Error, gzipped: bool) -> String {
    if gzipped {
        format!("damaged or truncated gzip data: {e}")
    } else {
        io_reason(e)
    }
}

/// Drops a leading `name: ` from a message that names its input.
fn strip_name<'a>(msg: &'a str, name: &str) -> &'a str {
    msg.strip_prefix(name)
        .and_then(|m| m.strip_prefix(": "))
        .unwrap_or(msg)
}

pub(crate) fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        hex.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
    }
    hex
}

/// Reads one line (through `\n`) into `buf`, at most `max` bytes of it;
/// a longer line is consumed whole and reported with its length, without
/// being kept in memory.
pub(crate) fn read_line_bounded(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut over = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(match (total, over) {
                (0, _) => Line::Eof,
                (n, true) => Line::TooLong(n),
                _ => Line::Read,
            });
        }
        let (n, found) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if !over {
            if buf.len() + n > max {
                over = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&avail[..n]);
            }
        }
        total += n as u64;
        r.consume(n);
        if found {
            return Ok(if over {
                Line::TooLong(total)
            } else {
                Line::Read
            });
        }
    }
}

/// What [`read_line_bounded`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line {
    /// A line is in the buffer.
    Read,
    /// A line of this many bytes was passed over.
    TooLong(u64),
    /// The input ended.
    Eof,
}

/// Reads exactly `len` bytes unless the input ends first.
pub(crate) fn read_exactly(r: &mut dyn BufRead, len: u64) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(len.min(1 << 20) as usize);
    r.take(len).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_can_move_between_threads() {
        fn is_send<T: Send>() {}
        is_send::<Walk>();
    }

    #[test]
    fn formats_are_sniffed() {
        assert_eq!(sniff(b"WARC/1.0\r\n", false), Kind::Warc);
        assert_eq!(sniff(b"  {\"id\": 1}\n", false), Kind::Jsonl);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rss version=\"2.0\">", false),
            Kind::Feed
        );
        assert_eq!(
            sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", false),
            Kind::Feed
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html>", false), Kind::Html);
        assert_eq!(sniff(b"Just words.", false), Kind::Text);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><doc/>", true), Kind::Feed);
    }

    #[test]
    fn names_give_formats() {
        let f = |n: &str| extension_format(Path::new(n)).map(|n| (n.format, n.gz));
        assert_eq!(f("a/CC-NEWS-1.warc.gz"), Some((Kind::Warc, true)));
        assert_eq!(f("docs.JSONL"), Some((Kind::Jsonl, false)));
        assert_eq!(f("x.htm"), Some((Kind::Html, false)));
        assert_eq!(f("README"), None);
        assert_eq!(f("x.pdf"), None);
    }

    #[test]
    fn long_lines_are_passed_over() {
        let mut r: &[u8] = b"short\nxxxxxxxxxxxxxxxxxxxx\nlast";
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), Line::Read);
        assert_eq!(buf, b"short\n");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 10).unwrap(),
            Line::TooLong(21)
        );
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), Line::Read);
        assert_eq!(buf, b"last");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), Line::Eof);
    }

    #[test]
    fn hashes_are_sha256_hex() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
