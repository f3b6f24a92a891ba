//! Turns what a user hands chronicle into clean article text.
//!
//! This is the first stage of the pipeline. It has two entry points:
//!
//! - [`read_path`] / [`from_bytes`] read **one article** (a file or
//!   standard input) for `chronicle extract`: they refuse what is not an
//!   article — a missing path, a directory, an empty or binary file, an
//!   oversized input — with a one-line reason, repair invalid UTF-8 lossily
//!   with a warning, decode HTML pages by their declared charset and strip
//!   them down to their readable text.
//! - [`walk`] reads **many documents** with their metadata (title,
//!   publication date, address, outlet) from files, directories and — when
//!   fetching is enabled — feed URLs: plain text, HTML pages, JSON Lines
//!   collections, RSS and Atom feeds, and WARC archives (optionally
//!   gzipped). It streams one [`SourceDoc`] at a time; a document that
//!   cannot be read is a [`Skip`] naming it, and the walk goes on.
//!
//! Everything downstream sees only the text ([`Article::text`],
//! [`SourceDoc::text`]); the offsets of every record point into it. No
//! input makes this crate panic: errors are values with one-line messages.

mod date;
mod feed;
mod fetch;
mod html;
mod jsonl;
mod meta;
mod source;
mod warc;

use std::io::Read;
use std::path::Path;

pub use date::iso_date;
pub use html::{html_to_text, PageText};
pub use meta::{decode_html, page_meta, PageMeta};
pub use source::{walk, Skip, SourceDoc, Walk, WalkOptions};

/// The largest input accepted by default: 16 MiB. News articles are a few
/// kilobytes; anything far larger is almost certainly not one article.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Inputs whose invalid UTF-8 exceeds this share of bytes are refused
/// rather than repaired: they are in another encoding or not text at all.
const MAX_INVALID_SHARE: f64 = 0.02;

/// An article read from its input, ready for the pipeline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// The text all offsets point into: UTF-8, LF line ends, no BOM.
    pub text: String,
    /// The page title, for HTML input.
    pub title: Option<String>,
    /// The outlet, where the input names it (HTML `og:site_name`).
    pub source: Option<String>,
    /// The publication date (ISO `YYYY-MM-DD`), where an HTML page's
    /// metadata gives one.
    pub published: Option<String>,
    /// The page's own address (`og:url` or canonical link), for HTML input.
    pub url: Option<String>,
    /// Problems that were repaired rather than refused.
    pub warnings: Vec<String>,
    /// What the input was recognized as.
    pub format: Format,
}

/// The kind of input recognized.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    #[default]
    Text,
    /// An HTML page.
    Html,
    /// One line of a JSON Lines collection.
    Jsonl,
    /// An entry of an RSS or Atom feed.
    Feed,
    /// A record of a WARC archive.
    Warc,
}

impl Format {
    /// The lower-case name: `text`, `html`, `jsonl`, `feed`, `warc`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::Feed => "feed",
            Format::Warc => "warc",
        }
    }
}

/// Why an input was refused. `Display` gives a one-line reason.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: no such file")]
    NotFound { path: String },
    #[error("{path}: is a directory, not a file")]
    IsDirectory { path: String },
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: empty input, no text to extract")]
    Empty { path: String },
    #[error("{path}: binary data ({what}), not a text or HTML article")]
    Binary { path: String, what: String },
    #[error("{path}: input is larger than the {limit}-byte limit ({size} bytes); split it into articles or raise --max-bytes")]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}: not UTF-8 text ({invalid} of {total} bytes are invalid); convert it to UTF-8 first")]
    Encoding {
        path: String,
        invalid: usize,
        total: usize,
    },
    #[error("{path}: HTML page has no readable text")]
    NoHtmlText { path: String },
    #[error("{url}: {reason}")]
    Url { url: String, reason: String },
}

/// Reading options.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Refuse inputs larger than this many bytes.
    pub max_bytes: u64,
    /// Treat the input as HTML even without an `.html` name or markup start.
    pub force_html: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: DEFAULT_MAX_BYTES,
            force_html: false,
        }
    }
}

/// Reads an article from `path`; `-` reads standard input.
pub fn read_path(path: &Path, opts: Options) -> Result<Article, IngestError> {
    let name = path.display().to_string();
    if name == "-" {
        let stdin = std::io::stdin();
        let bytes = read_limited(stdin.lock(), &name, opts.max_bytes)?;
        return from_bytes(&bytes, &name, opts);
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(IngestError::NotFound { path: name })
        }
        Err(source) => return Err(IngestError::Io { path: name, source }),
    };
    if meta.is_dir() {
        return Err(IngestError::IsDirectory { path: name });
    }
    if meta.is_file() && meta.len() > opts.max_bytes {
        return Err(IngestError::TooLarge {
            path: name,
            size: meta.len(),
            limit: opts.max_bytes,
        });
    }
    let file = std::fs::File::open(path).map_err(|source| IngestError::Io {
        path: name.clone(),
        source,
    })?;
    let bytes = read_limited(file, &name, opts.max_bytes)?;
    let html_name = matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("html" | "htm" | "xhtml")
    );
    from_bytes(
        &bytes,
        &name,
        Options {
            force_html: opts.force_html || html_name,
            ..opts
        },
    )
}

/// Reads at most `limit` bytes; more is an error, so a pipe or device that
/// never ends cannot exhaust memory.
pub(crate) fn read_limited(
    reader: impl Read,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io {
            path: name.to_string(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(IngestError::TooLarge {
            path: name.to_string(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Turns raw bytes into an article: refuses binary data, repairs invalid
/// UTF-8 (replacing each bad sequence with U+FFFD and warning), normalizes
/// line ends, and extracts readable text from HTML.
pub fn from_bytes(bytes: &[u8], name: &str, opts: Options) -> Result<Article, IngestError> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(IngestError::TooLarge {
            path: name.into(),
            size: bytes.len() as u64,
            limit: opts.max_bytes,
        });
    }
    if let Some(what) = binary_kind(bytes) {
        return Err(IngestError::Binary {
            path: name.into(),
            what,
        });
    }
    let head = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let head = String::from_utf8_lossy(&head[..head.len().min(1024)]);
    if opts.force_html || looks_like_html(&head) {
        return html_article(bytes, name);
    }
    let mut warnings = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let invalid = count_invalid_utf8(bytes);
            if invalid as f64 > MAX_INVALID_SHARE * bytes.len() as f64 {
                return Err(IngestError::Encoding {
                    path: name.into(),
                    invalid,
                    total: bytes.len(),
                });
            }
            warnings.push(format!(
                "{name}: {invalid} invalid UTF-8 byte(s) replaced with U+FFFD"
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let text = normalize_newlines(text.strip_prefix('\u{feff}').unwrap_or(&text));
    if text.trim().is_empty() {
        return Err(IngestError::Empty { path: name.into() });
    }
    Ok(Article {
        text,
        warnings,
        ..Default::default()
    })
}

/// An HTML page as one article: decoded by its declared charset, reduced
/// to its readable text, with the metadata it gives.
fn html_article(bytes: &[u8], name: &str) -> Result<Article, IngestError> {
    let (html, warnings) = meta::decode_html(bytes, None);
    let html = html.strip_prefix('\u{feff}').unwrap_or(&html);
    if html.trim().is_empty() {
        return Err(IngestError::Empty { path: name.into() });
    }
    let page = html_to_text(html);
    if page.text.trim().is_empty() {
        return Err(IngestError::NoHtmlText { path: name.into() });
    }
    let meta = page_meta(html);
    Ok(Article {
        text: page.text,
        title: meta.title.or(page.title),
        source: meta.outlet.or(page.site_name),
        published: meta.published,
        url: meta.url,
        warnings: warnings
            .into_iter()
            .map(|w| format!("{name}: {w}"))
            .collect(),
        format: Format::Html,
    })
}

/// Recognizes binary data: a known file signature, a NUL byte, or many
/// control characters near the start.
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<String> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "ZIP archive or office document"),
        (b"\x1f\x8b", "gzip"),
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"\x7fELF", "executable"),
        (b"BZh", "bzip2"),
        (b"\xfd7zXZ", "xz"),
        (b"(\xb5/\xfd", "zstd"),
        (b"SQLite format 3\0", "SQLite database"),
    ];
    for (sig, what) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Some((*what).to_string());
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Some("contains NUL bytes".into());
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if !head.is_empty() && controls * 10 > head.len() {
        return Some("mostly control characters".into());
    }
    None
}

fn count_invalid_utf8(mut bytes: &[u8]) -> usize {
    let mut invalid = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return invalid,
            Err(e) => {
                let bad = e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                invalid += bad;
                bytes = &bytes[e.valid_up_to() + bad..];
            }
        }
    }
}

pub(crate) fn normalize_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

pub(crate) fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || (head.starts_with('<') && (head.contains("<head") || head.contains("<body")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options::default()
    }

    #[test]
    fn plain_text_passes_through_with_normalized_newlines() {
        let a = from_bytes(b"\xef\xbb\xbfHello.\r\nWorld.\r\n", "t", opts()).unwrap();
        assert_eq!(a.text, "Hello.\nWorld.\n");
        assert!(a.warnings.is_empty());
        assert_eq!(a.format, Format::Text);
    }

    #[test]
    fn empty_and_blank_inputs_are_refused() {
        assert!(matches!(
            from_bytes(b"", "t", opts()),
            Err(IngestError::Empty { .. })
        ));
        assert!(matches!(
            from_bytes(b" \n\t\n", "t", opts()),
            Err(IngestError::Empty { .. })
        ));
    }

    #[test]
    fn binary_inputs_are_refused() {
        for b in [
            &b"%PDF-1.4 ..."[..],
            b"\x1f\x8b\x08\x00rest",
            b"abc\0def",
            b"\x01\x02\x03\x04\x05\x06",
        ] {
            let e = from_bytes(b, "t", opts()).unwrap_err();
            assert!(matches!(e, IngestError::Binary { .. }), "{e}");
        }
    }

    #[test]
    fn a_few_invalid_bytes_are_repaired_with_a_warning() {
        let mut b = b"Kyiv is the capital of Ukraine. ".repeat(10);
        b.push(0xff);
        let a = from_bytes(&b, "t", opts()).unwrap();
        assert!(a.text.ends_with('\u{fffd}'));
        assert_eq!(a.warnings.len(), 1);
        assert!(a.warnings[0].contains("1 invalid UTF-8 byte"));
    }

    #[test]
    fn mostly_invalid_utf8_is_refused() {
        let b: Vec<u8> = "caf\u{e9} ".bytes().collect::<Vec<_>>();
        let latin1: Vec<u8> = b"caf\xe9 na\xefve r\xe9sum\xe9 ".repeat(5);
        assert!(from_bytes(&b, "t", opts()).is_ok());
        assert!(matches!(
            from_bytes(&latin1, "t", opts()),
            Err(IngestError::Encoding { .. })
        ));
    }

    #[test]
    fn oversized_input_is_refused_before_reading_all_of_it() {
        let small = Options {
            max_bytes: 10,
            force_html: false,
        };
        let e = read_limited(&b"0123456789abc"[..], "t", small.max_bytes).unwrap_err();
        assert!(matches!(e, IngestError::TooLarge { .. }));
        assert!(e.to_string().contains("--max-bytes"));
    }

    #[test]
    fn html_is_reduced_to_text() {
        let html = "<!DOCTYPE html><html><head><title>Visit</title></head><body><nav>Home | World</nav>\
                    <article><p>The minister traveled to Kyiv on Wednesday.</p><p>He met the president.</p></article>\
                    <script>var x = 1;</script></body></html>";
        let a = from_bytes(html.as_bytes(), "t", opts()).unwrap();
        assert_eq!(a.format, Format::Html);
        assert!(
            a.text.contains("traveled to Kyiv on Wednesday."),
            "{}",
            a.text
        );
        assert!(a.text.contains("He met the president."));
        assert!(!a.text.contains("var x"));
        assert!(!a.text.contains('<'));
    }

    #[test]
    fn html_with_a_bom_or_a_legacy_charset_is_recognized_and_decoded() {
        let a = from_bytes(
            b"\xef\xbb\xbf<html><body><p>Kyiv talks.</p></body></html>",
            "t",
            opts(),
        )
        .unwrap();
        assert_eq!(a.format, Format::Html);
        assert_eq!(a.text, "Kyiv talks.\n");
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>R\xe9union \xe0 Gen\xe8ve.</p></body></html>";
        let a = from_bytes(page, "t", opts()).unwrap();
        assert_eq!(a.text, "R\u{e9}union \u{e0} Gen\u{e8}ve.\n");
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn missing_file_and_directory_have_clear_errors() {
        let e = read_path(Path::new("definitely/not/here.txt"), opts()).unwrap_err();
        assert_eq!(e.to_string(), "definitely/not/here.txt: no such file");
        let dir = std::env::temp_dir();
        let e = read_path(&dir, opts()).unwrap_err();
        assert!(e.to_string().ends_with("is a directory, not a file"));
    }
}
