//! What a page says about itself: its character encoding, and the title,
//! publication date, outlet and address in its metadata.

use encoding_rs::Encoding;

use crate::date::iso_date;

/// Metadata found in an HTML page's markup. Every field is optional; a
/// value is taken from the first source that has one, in the order given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    /// `og:title`, `twitter:title`, JSON-LD `headline`/`name`.
    pub title: Option<String>,
    /// ISO `YYYY-MM-DD` from `article:published_time`, JSON-LD
    /// `datePublished`, `<meta name="date">` (and `pubdate`,
    /// `publish-date`, `dc.date`, `itemprop="datePublished"`), then the
    /// first `<time datetime>`.
    pub published: Option<String>,
    /// `og:site_name`, JSON-LD `publisher.name`, `application-name`.
    pub outlet: Option<String>,
    /// `og:url`, then `<link rel="canonical">`.
    pub url: Option<String>,
}

/// Reads the metadata of an HTML page. Never fails; malformed JSON-LD is
/// ignored.
pub fn page_meta(html: &str) -> PageMeta {
    let doc = dom_query::Document::from(html);
    let meta = |sels: &[&str]| -> Option<String> {
        sels.iter().find_map(|sel| {
            doc.select(sel)
                .iter()
                .find_map(|n| n.attr("content").and_then(|v| clean(&v)))
        })
    };
    let mut ld = LdMeta::default();
    for node in doc.select(r#"script[type="application/ld+json"]"#).iter() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(node.text().trim()) {
            ld.read(&v, 0);
        }
    }
    let title = meta(&[
        r#"meta[property="og:title"]"#,
        r#"meta[name="og:title"]"#,
        r#"meta[name="twitter:title"]"#,
    ])
    .or(ld.headline.clone());
    let published = meta(&[
        r#"meta[property="article:published_time"]"#,
        r#"meta[name="article:published_time"]"#,
    ])
    .and_then(|d| iso_date(&d))
    .or_else(|| ld.published.as_deref().and_then(iso_date))
    .or_else(|| {
        meta(&[
            r#"meta[name="date"]"#,
            r#"meta[name="pubdate"]"#,
            r#"meta[name="publish-date"]"#,
            r#"meta[name="publication_date"]"#,
            r#"meta[name="dc.date"]"#,
            r#"meta[name="DC.date"]"#,
            r#"meta[name="dcterms.date"]"#,
            r#"meta[itemprop="datePublished"]"#,
        ])
        .and_then(|d| iso_date(&d))
    })
    .or_else(|| {
        doc.select("time[datetime]")
            .iter()
            .find_map(|n| n.attr("datetime").and_then(|d| iso_date(&d)))
    });
    let outlet = meta(&[
        r#"meta[property="og:site_name"]"#,
        r#"meta[name="og:site_name"]"#,
    ])
    .or(ld.publisher.clone())
    .or_else(|| meta(&[r#"meta[name="application-name"]"#]));
    let url = meta(&[r#"meta[property="og:url"]"#]).or_else(|| {
        doc.select(r#"link[rel="canonical"]"#)
            .iter()
            .find_map(|n| n.attr("href").and_then(|v| clean(&v)))
    });
    PageMeta {
        title,
        published,
        outlet,
        url,
    }
}

/// The fields read from JSON-LD blocks: the first article-like object wins.
#[derive(Default)]
struct LdMeta {
    headline: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
}

impl LdMeta {
    fn read(&mut self, v: &serde_json::Value, depth: usize) {
        if depth > 8 {
            return;
        }
        match v {
            serde_json::Value::Array(items) => {
                for item in items {
                    self.read(item, depth + 1);
                }
            }
            serde_json::Value::Object(obj) => {
                if let Some(graph) = obj.get("@graph") {
                    self.read(graph, depth + 1);
                }
                let date = obj.get("datePublished").and_then(|d| d.as_str());
                if self.published.is_none() {
                    self.published = date.map(str::to_string);
                }
                if date.is_some() || is_article_type(obj.get("@type")) {
                    if self.headline.is_none() {
                        self.headline = obj
                            .get("headline")
                            .or_else(|| obj.get("name"))
                            .and_then(|h| h.as_str())
                            .and_then(clean);
                    }
                    if self.publisher.is_none() {
                        self.publisher = match obj.get("publisher") {
                            Some(serde_json::Value::String(s)) => clean(s),
                            Some(serde_json::Value::Object(p)) => {
                                p.get("name").and_then(|n| n.as_str()).and_then(clean)
                            }
                            Some(serde_json::Value::Array(ps)) => ps
                                .iter()
                                .find_map(|p| p.get("name").and_then(|n| n.as_str()))
                                .and_then(clean),
                            _ => None,
                        };
                    }
                }
            }
            _ => {}
        }
    }
}

fn is_article_type(t: Option<&serde_json::Value>) -> bool {
    let is = |s: &str| s.ends_with("Article") || s == "Report" || s == "BlogPosting";
    match t {
        Some(serde_json::Value::String(s)) => is(s),
        Some(serde_json::Value::Array(ts)) => ts.iter().filter_map(|t| t.as_str()).any(is),
        _ => false,
    }
}

/// Collapses whitespace; `None` when nothing is left.
fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// Decodes an HTML page's bytes to text. The encoding is taken from, in
/// order: a byte-order mark, `http_charset` (the `charset` parameter of an
/// HTTP `Content-Type`), a `<meta charset>` or `<meta http-equiv=
/// "Content-Type">` declaration in the first 4 KiB; undeclared pages are
/// UTF-8 when they are valid UTF-8 and windows-1252 (the web's default)
/// otherwise. Returns the text and warnings for what was guessed or
/// repaired.
pub fn decode_html(bytes: &[u8], http_charset: Option<&str>) -> (String, Vec<String>) {
    let mut warnings = Vec::new();
    let declared = http_charset
        .and_then(|l| Encoding::for_label(l.trim().trim_matches(['"', '\'']).as_bytes()))
        .or_else(|| meta_charset(bytes));
    let enc = match declared {
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => {
            warnings.push(
                "no character encoding declared and not UTF-8; decoded as windows-1252".into(),
            );
            encoding_rs::WINDOWS_1252
        }
    };
    let (text, used, had_errors) = enc.decode(bytes);
    if had_errors {
        warnings.push(format!(
            "invalid {} byte sequences replaced with U+FFFD",
            used.name()
        ));
    }
    (text.into_owned(), warnings)
}

/// The encoding a page declares in a `<meta>` tag near its start.
/// Following the HTML standard, a declared UTF-16 means UTF-8 (the bytes
/// read as ASCII-compatible), and `x-user-defined` means windows-1252.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head: Vec<u8> = head.to_ascii_lowercase();
    let mut rest = &head[..];
    while let Some(i) = find(rest, b"<meta") {
        let tag = &rest[i..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(j) = find(tag, b"charset") {
            let mut v = &tag[j + 7..];
            v = trim_start(v);
            if let Some(after) = v.strip_prefix(b"=") {
                let v = trim_start(after);
                let v = v
                    .strip_prefix(b"\"")
                    .or_else(|| v.strip_prefix(b"'"))
                    .unwrap_or(v);
                let len = v
                    .iter()
                    .position(|&b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(&b)))
                    .unwrap_or(v.len());
                if let Some(enc) = Encoding::for_label(&v[..len]) {
                    return Some(
                        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                            encoding_rs::UTF_8
                        } else if enc == encoding_rs::X_USER_DEFINED {
                            encoding_rs::WINDOWS_1252
                        } else {
                            enc
                        },
                    );
                }
            }
        }
        rest = &rest[i + 5..];
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(mut v: &[u8]) -> &[u8] {
    while let [b, rest @ ..] = v {
        if b.is_ascii_whitespace() {
            v = rest;
        } else {
            break;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets_are_honored() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>caf\xe9 \x93quoted\x94</body></html>";
        let (t, w) = decode_html(page, None);
        assert!(t.contains("caf\u{e9} \u{201c}quoted\u{201d}"), "{t}");
        assert!(w.is_empty());
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>na\xefve";
        assert!(decode_html(page, None).0.contains("na\u{ef}ve"));
        // The HTTP header wins over the page.
        let page = b"<meta charset=\"utf-8\"><p>\xe9t\xe9";
        assert!(decode_html(page, Some("latin1"))
            .0
            .contains("\u{e9}t\u{e9}"));
    }

    #[test]
    fn undeclared_pages_fall_back_with_a_warning() {
        let (t, w) = decode_html("<p>caf\u{e9}</p>".as_bytes(), None);
        assert!(t.contains("caf\u{e9}") && w.is_empty());
        let (t, w) = decode_html(b"<p>caf\xe9</p>", None);
        assert!(t.contains("caf\u{e9}"));
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn json_ld_and_meta_tags_are_read() {
        let html = r#"<html><head>
            <meta property="og:site_name" content="Example  News">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Site"},
              {"@type":"NewsArticle","headline":"A headline","datePublished":"2024-05-06T10:00:00+02:00",
               "publisher":{"@type":"Organization","name":"Example Media"}}]}</script>
            <link rel="canonical" href="https://example.org/a">
            </head><body><time datetime="2020-01-01">old</time></body></html>"#;
        let m = page_meta(html);
        assert_eq!(m.title.as_deref(), Some("A headline"));
        assert_eq!(m.published.as_deref(), Some("2024-05-06"));
        assert_eq!(m.outlet.as_deref(), Some("Example News"));
        assert_eq!(m.url.as_deref(), Some("https://example.org/a"));
    }

    #[test]
    fn time_element_is_the_last_resort_and_bad_json_ld_is_ignored() {
        let html = r#"<script type="application/ld+json">{not json</script>
            <p>Text <time datetime="2023-07-08T09:00">July 8</time></p>"#;
        let m = page_meta(html);
        assert_eq!(m.published.as_deref(), Some("2023-07-08"));
        assert_eq!(m.title, None);
    }
}
