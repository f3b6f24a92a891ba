//! HTML pages to article text.
//!
//! The readable part of a page is found with `dom_smoothie` (a port of
//! Mozilla's Readability); when it finds no article (a very short page, a
//! bare fragment) the text of the whole body is used instead. Either way the
//! result is normalized to one paragraph per line, which is what the
//! sentence splitter expects.

use dom_smoothie::{Config, Readability, TextMode};

/// The text and metadata recovered from an HTML page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageText {
    /// The readable text, one paragraph per line.
    pub text: String,
    /// The article title Readability found (or the `<title>`).
    pub title: Option<String>,
    /// The site name Readability found in the page's metadata.
    pub site_name: Option<String>,
}

/// Extracts the readable text of an HTML page. Never fails: broken markup
/// is parsed leniently, and a page without text gives an empty `text`.
pub fn html_to_text(html: &str) -> PageText {
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Default::default()
    };
    if let Ok(mut r) = Readability::new(html, None, Some(cfg)) {
        if let Ok(article) = r.parse() {
            let text = normalize(&article.text_content);
            if !text.is_empty() {
                let title = Some(article.title.trim().to_string()).filter(|t| !t.is_empty());
                let site_name = article
                    .site_name
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                return PageText {
                    text,
                    title,
                    site_name,
                };
            }
        }
    }
    let doc = dom_query::Document::from(html);
    doc.select("script, style, noscript, template").remove();
    let title = Some(doc.select("title").text().trim().to_string()).filter(|t| !t.is_empty());
    let body = doc.select("body");
    let raw = if body.exists() {
        body.formatted_text()
    } else {
        doc.root().formatted_text()
    };
    PageText {
        text: normalize(&raw),
        title,
        site_name: None,
    }
}

/// The text of an HTML fragment (a feed entry's content or summary): all
/// of its text, scripts and styles removed, one paragraph per line. Plain
/// text without markup or entities is only normalized.
pub(crate) fn fragment_to_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return normalize(html);
    }
    let doc = dom_query::Document::fragment(html);
    doc.select("script, style, noscript, template").remove();
    normalize(&doc.root().formatted_text())
}

/// An HTML page read for [`crate::walk`]: its text and metadata.
#[derive(Debug, Clone, Default)]
pub(crate) struct HtmlPage {
    pub text: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub warnings: Vec<String>,
}

/// Decodes a page by its declared charset, extracts its text and reads its
/// metadata. The error is a one-line reason.
pub(crate) fn read_html(bytes: &[u8], http_charset: Option<&str>) -> Result<HtmlPage, String> {
    if let Some(what) = crate::binary_kind(bytes) {
        return Err(format!("binary data ({what}), not an HTML page"));
    }
    let (html, warnings) = crate::meta::decode_html(bytes, http_charset);
    let page = html_to_text(&html);
    if page.text.trim().is_empty() {
        return Err("HTML page has no readable text".into());
    }
    let meta = crate::meta::page_meta(&html);
    Ok(HtmlPage {
        text: page.text,
        title: meta.title.or(page.title),
        published: meta.published,
        outlet: meta.outlet.or(page.site_name),
        url: meta.url,
        warnings,
    })
}

/// Collapses runs of spaces and tabs, trims lines, and keeps one line per
/// paragraph (blank lines dropped).
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut first = true;
        for word in line.split_whitespace() {
            if !first {
                out.push(' ');
            }
            out.push_str(word);
            first = false;
        }
        if !first {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_markup_still_gives_text() {
        let p = html_to_text("<p>Unclosed <b>bold <i>and italic<p>Second   paragraph");
        assert!(p.text.contains("Unclosed bold and italic"), "{:?}", p.text);
        assert!(p.text.contains("Second paragraph"));
    }

    #[test]
    fn a_page_without_text_gives_empty_text() {
        assert_eq!(
            html_to_text("<html><body><script>x()</script></body></html>").text,
            ""
        );
    }
}
