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
    pub text: String,
    pub title: Option<String>,
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
