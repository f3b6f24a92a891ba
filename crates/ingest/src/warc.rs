//! WARC archives (ISO 28500, as written by Common Crawl News), read record
//! by record from a stream.
//!
//! Only `response` records holding an HTTP 200 answer with an HTML page,
//! and `resource` records of HTML, are documents. Other record types
//! (`warcinfo`, `request`, `metadata`, `revisit`, ...) describe the crawl
//! and are passed over silently; a response that is not a readable HTML
//! page is a [`Skip`] naming the record. A record that is too large is
//! stepped over without being held in memory. When the archive itself is
//! damaged — a truncated record, a cut gzip stream — the reader says so
//! once and stops reading that input; a record whose header is malformed
//! is skipped by looking for the next `WARC/` version line.
//!
//! This is a small reader of its own rather than the `warc` crate: it keeps
//! memory bounded per record and per header line, and never reads on after
//! an I/O error, so a damaged file cannot make it loop.

use std::io::Read;

use crate::source::{html_doc, read_exactly, read_line_bounded, Input, Line, Skip, SourceDoc};
use crate::Format;

/// The longest WARC or HTTP header line or block accepted.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Streams the documents of a WARC input.
pub(crate) struct WarcDocs {
    input: Input,
    name: String,
    max: u64,
    record: u64,
    done: bool,
    /// A version line found while looking past a malformed record.
    pending_version: Option<Vec<u8>>,
}

/// One record: its header fields (names lower-cased) and its block.
struct Record {
    fields: Vec<(String, String)>,
    block: Vec<u8>,
}

impl Record {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What reading one record gave.
enum Read1 {
    Record(Record),
    /// Not a document; read on.
    Pass,
    /// The record (or stretch of input) is passed over for this reason.
    Skip(String),
    /// The input cannot be read any further, for this reason.
    Fatal(String),
    End,
}

impl WarcDocs {
    pub(crate) fn new(input: Input, name: &str, max: u64) -> WarcDocs {
        WarcDocs {
            input,
            name: name.to_string(),
            max,
            record: 0,
            done: false,
            pending_version: None,
        }
    }

    fn origin(&self) -> String {
        format!("{}#record {}", self.name, self.record)
    }

    fn read_record(&mut self) -> Read1 {
        let mut line = Vec::new();
        // The version line: after blank lines, or found while resyncing.
        let version = match self.pending_version.take() {
            Some(v) => v,
            None => loop {
                match read_line_bounded(&mut self.input, &mut line, MAX_HEADER_BYTES) {
                    Err(e) => return Read1::Fatal(crate::source::read_reason(&e, false)),
                    Ok(Line::Eof) => return Read1::End,
                    Ok(Line::TooLong(_)) => {
                        self.record += 1;
                        return self.resync("no WARC header");
                    }
                    Ok(Line::Read) if is_blank(&line) => continue,
                    Ok(Line::Read) => break std::mem::take(&mut line),
                }
            },
        };
        self.record += 1;
        if !version.starts_with(b"WARC/") {
            return self.resync("no WARC header");
        }
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut header_bytes = version.len();
        loop {
            match read_line_bounded(&mut self.input, &mut line, MAX_HEADER_BYTES) {
                Err(e) => return Read1::Fatal(format!("truncated record header: {e}")),
                Ok(Line::Eof) => return Read1::Fatal("truncated record header".into()),
                Ok(Line::TooLong(_)) => return self.resync("header line too long"),
                Ok(Line::Read) if is_blank(&line) => break,
                Ok(Line::Read) => {
                    header_bytes += line.len();
                    if header_bytes > MAX_HEADER_BYTES {
                        return self.resync("record header too long");
                    }
                    let text = String::from_utf8_lossy(&line);
                    let text = text.trim_end_matches(['\r', '\n']);
                    if text.starts_with([' ', '\t']) {
                        if let Some((_, v)) = fields.last_mut() {
                            v.push(' ');
                            v.push_str(text.trim());
                        }
                    } else if let Some((k, v)) = text.split_once(':') {
                        fields.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                    } else {
                        return self.resync("malformed header line");
                    }
                }
            }
        }
        let length = fields
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse::<u64>().ok());
        let Some(length) = length else {
            return self.resync("no valid Content-Length");
        };
        let kind = fields
            .iter()
            .find(|(k, _)| k == "warc-type")
            .map(|(_, v)| v.to_ascii_lowercase())
            .unwrap_or_default();
        let wanted = matches!(kind.as_str(), "response" | "resource");
        if !wanted || length > self.max {
            // Step over the block without keeping it.
            let skipped =
                match std::io::copy(&mut (&mut self.input).take(length), &mut std::io::sink()) {
                    Ok(n) => n,
                    Err(e) => return Read1::Fatal(format!("truncated record: {e}")),
                };
            if skipped < length {
                return Read1::Fatal(format!("truncated record ({skipped} of {length} bytes)"));
            }
            return if wanted {
                Read1::Skip(format!(
                    "record of {length} bytes is over the {}-byte limit",
                    self.max
                ))
            } else {
                Read1::Pass
            };
        }
        let block = match read_exactly(&mut self.input, length) {
            Ok(b) => b,
            Err(e) => return Read1::Fatal(format!("truncated record: {e}")),
        };
        if (block.len() as u64) < length {
            return Read1::Fatal(format!(
                "truncated record ({} of {length} bytes)",
                block.len()
            ));
        }
        Read1::Record(Record { fields, block })
    }

    /// Looks for the next version line after a malformed record; the
    /// malformed stretch is reported as a skip.
    fn resync(&mut self, why: &str) -> Read1 {
        let mut line = Vec::new();
        loop {
            match read_line_bounded(&mut self.input, &mut line, MAX_HEADER_BYTES) {
                Err(e) => return Read1::Fatal(format!("{why}; then: {e}")),
                Ok(Line::Eof) => {
                    self.done = true;
                    return Read1::Skip(format!(
                        "malformed record ({why}); nothing readable after it"
                    ));
                }
                Ok(Line::TooLong(_)) => {}
                Ok(Line::Read) if line.starts_with(b"WARC/1.") || line.starts_with(b"WARC/0.") => {
                    self.pending_version = Some(line);
                    return Read1::Skip(format!("malformed record ({why})"));
                }
                Ok(Line::Read) => {}
            }
        }
    }
}

impl Iterator for WarcDocs {
    type Item = Result<SourceDoc, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.read_record() {
                Read1::End => self.done = true,
                Read1::Pass => {}
                Read1::Fatal(reason) => {
                    self.done = true;
                    return Some(Err(Skip::new(
                        self.origin(),
                        format!("{reason}; rest of the archive not read"),
                    )));
                }
                Read1::Skip(reason) => return Some(Err(Skip::new(self.origin(), reason))),
                Read1::Record(rec) => {
                    let origin = self.origin();
                    return Some(record_doc(&rec, origin, self.max));
                }
            }
        }
        None
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&b| b == b'\r' || b == b'\n')
}

/// A `response` or `resource` record as a document.
fn record_doc(rec: &Record, origin: String, max: u64) -> Result<SourceDoc, Skip> {
    let kind = rec.field("warc-type").unwrap_or("").to_ascii_lowercase();
    let (payload, content_type) = if kind == "response" {
        let record_type = rec.field("content-type").unwrap_or("application/http");
        if !record_type
            .to_ascii_lowercase()
            .starts_with("application/http")
        {
            return Err(Skip::new(
                origin,
                format!("response record is not HTTP ({record_type})"),
            ));
        }
        let http = parse_http(&rec.block, max).map_err(|r| Skip::new(&origin, r))?;
        (http.body, http.content_type)
    } else {
        (
            std::borrow::Cow::Borrowed(&rec.block[..]),
            rec.field("content-type").map(str::to_string),
        )
    };
    match &content_type {
        Some(t) if !is_html_type(t) => {
            return Err(Skip::new(origin, format!("not HTML ({})", t.trim())));
        }
        None => {
            let head = String::from_utf8_lossy(&payload[..payload.len().min(1024)]);
            if !crate::looks_like_html(&head) {
                return Err(Skip::new(origin, "no content type and not HTML"));
            }
        }
        Some(_) => {}
    }
    let charset = content_type
        .as_deref()
        .and_then(crate::fetch::charset_param);
    let mut doc = html_doc(&payload, charset, &origin, Format::Warc)?;
    doc.id = rec
        .field("warc-record-id")
        .map(|id| id.trim_matches(['<', '>']).to_string())
        .filter(|id| !id.is_empty());
    let target = rec
        .field("warc-target-uri")
        .map(|u| u.trim_matches(['<', '>']).to_string())
        .filter(|u| !u.is_empty());
    doc.url = target.or(doc.url.take());
    if doc.published.is_none() {
        if let Some(d) = rec.field("warc-date").and_then(crate::date::iso_date) {
            doc.published = Some(d);
            doc.warnings
                .push("no publication date in the page; used the crawl date (WARC-Date)".into());
        }
    }
    Ok(doc)
}

fn is_html_type(t: &str) -> bool {
    let mime = t
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "text/html" || mime == "application/xhtml+xml"
}

struct Http<'a> {
    content_type: Option<String>,
    body: std::borrow::Cow<'a, [u8]>,
}

/// Reads an HTTP response: status 200 required; chunked transfer and
/// gzip/deflate content encodings are undone (within `max` bytes).
fn parse_http(block: &[u8], max: u64) -> Result<Http<'_>, String> {
    let head_len = block.len().min(MAX_HEADER_BYTES);
    let (end, sep) = find(&block[..head_len], b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| find(&block[..head_len], b"\n\n").map(|i| (i, 2)))
        .ok_or("malformed HTTP response (no end of headers)")?;
    let head = String::from_utf8_lossy(&block[..end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    let proto = parts.next().unwrap_or("");
    if !proto.starts_with("HTTP/") {
        return Err(format!("malformed HTTP status line {:?}", cut(status_line)));
    }
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("malformed HTTP status line {:?}", cut(status_line)))?;
    if status != 200 {
        return Err(format!("HTTP status {status}"));
    }
    let mut content_type = None;
    let mut encoding = None;
    let mut chunked = false;
    for line in lines {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(v.to_string()),
            "content-encoding" => encoding = Some(v.to_ascii_lowercase()),
            "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
            _ => {}
        }
    }
    let mut body = std::borrow::Cow::Borrowed(&block[end + sep..]);
    if chunked {
        body = std::borrow::Cow::Owned(dechunk(&body)?);
    }
    match encoding.as_deref() {
        None | Some("" | "identity") => {}
        Some("gzip" | "x-gzip") => {
            body =
                std::borrow::Cow::Owned(inflate(flate2::read::MultiGzDecoder::new(&body[..]), max)?)
        }
        Some("deflate") => {
            body = std::borrow::Cow::Owned(inflate(flate2::read::ZlibDecoder::new(&body[..]), max)?)
        }
        Some(other) => return Err(format!("unsupported content encoding {other:?}")),
    }
    Ok(Http { content_type, body })
}

fn inflate(r: impl Read, max: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.take(max.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| format!("damaged compressed body: {e}"))?;
    if out.len() as u64 > max {
        return Err(format!("decompressed body is over the {max}-byte limit"));
    }
    Ok(out)
}

/// Undoes HTTP/1.1 chunked transfer coding.
fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let Some(eol) = find(body, b"\n") else {
            return Err("malformed chunked body".into());
        };
        let size_line = String::from_utf8_lossy(&body[..eol]);
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16).map_err(|_| "malformed chunked body")?;
        body = &body[eol + 1..];
        if size == 0 {
            return Ok(out);
        }
        if size > body.len() {
            return Err("truncated chunked body".into());
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size..];
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn cut(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_responses_are_read() {
        let http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        let h = parse_http(http, 1000).unwrap();
        assert_eq!(&h.body[..], b"hello world");
        assert_eq!(
            h.content_type.as_deref(),
            Some("text/html; charset=iso-8859-1")
        );
        assert_eq!(
            parse_http(b"HTTP/1.1 404 Not Found\r\n\r\nx", 1000)
                .err()
                .unwrap(),
            "HTTP status 404"
        );
        assert!(parse_http(b"garbage", 1000).is_err());
        assert!(parse_http(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nnot gzip",
            1000
        )
        .is_err());
    }

    #[test]
    fn bad_chunks_are_errors() {
        assert!(dechunk(b"zz\r\nabc").is_err());
        assert!(dechunk(b"ff\r\nabc").is_err());
        assert!(dechunk(b"3\r\nabc").is_err());
    }
}
