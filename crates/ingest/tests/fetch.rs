//! Fetching linked pages and feed URLs, against a tiny HTTP server on
//! 127.0.0.1 started by the test.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

use chronicle_ingest::{walk, WalkOptions};
use common::read_all;

const ARTICLE: &str = "<!DOCTYPE html><html><head><title>Aid convoy | Valley Times</title>\
<meta property=\"og:site_name\" content=\"Valley Times\"></head><body><nav>Home | Weather</nav><article>\
<p>A convoy of 40 trucks carrying food and medicine from the European Union crossed into the region on Tuesday, aid officials said.</p>\
<p>The shipment, worth 3 million euros, is the largest since the floods began in March.</p>\
<p>Local authorities said distribution would start in the northern districts on Wednesday.</p>\
</article></body></html>";

/// Serves a few paths until the test process ends; returns the base URL.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Valley Times</title>\
         <item><title>Aid convoy crosses into the region</title><link>{base}/article</link>\
         <guid>vt-1</guid><pubDate>Tue, 02 Jul 2024 10:00:00 GMT</pubDate>\
         <description>A convoy of trucks crossed on Tuesday.</description></item>\
         <item><title>Gone</title><link>{base}/missing</link><guid>vt-2</guid>\
         <description>A short summary of a page that is gone.</description></item>\
         <item><title>Slow</title><link>{base}/slow</link><guid>vt-3</guid>\
         <description>A short summary of a page that never arrives.</description></item>\
         </channel></rss>"
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let feed = feed.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    return;
                }
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) if line == "\r\n" || line == "\n" => break,
                        Ok(_) => {}
                    }
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("/");
                let (status, ctype, body) = match path {
                    "/feed.rss" => ("200 OK", "application/rss+xml", feed),
                    "/article" => ("200 OK", "text/html; charset=utf-8", ARTICLE.to_string()),
                    "/big" => ("200 OK", "text/html", "<p>x</p>".repeat(10_000)),
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(5));
                        return;
                    }
                    _ => ("404 Not Found", "text/plain", "not found".to_string()),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    base
}

fn fetching() -> WalkOptions {
    WalkOptions {
        fetch_links: true,
        fetch_timeout: Duration::from_millis(1500),
        ..WalkOptions::default()
    }
}

#[test]
fn feed_url_is_fetched_and_short_entries_read_their_linked_page() {
    let base = serve();
    let (docs, skips) = read_all(&[PathBuf::from(format!("{base}/feed.rss"))], &fetching());
    assert!(skips.is_empty(), "{skips:#?}");
    assert_eq!(docs.len(), 3);

    let a = &docs[0];
    assert_eq!(a.id.as_deref(), Some("vt-1"));
    assert_eq!(
        a.title.as_deref(),
        Some("Aid convoy crosses into the region")
    );
    assert_eq!(a.published.as_deref(), Some("2024-07-02"));
    assert_eq!(a.outlet.as_deref(), Some("Valley Times"));
    assert!(a.text.contains("worth 3 million euros"), "{}", a.text);
    assert!(!a.text.contains("Weather"));
    assert!(a.warnings[0].starts_with("text read from the linked page"));
    assert!(a.origin.ends_with("/feed.rss#entry 1"));

    // A failed fetch keeps the summary, with a warning.
    let b = &docs[1];
    assert_eq!(b.text, "A short summary of a page that is gone.\n");
    assert!(b.warnings[0].contains("404"), "{:?}", b.warnings);
    // A server that never answers is given up on after the timeout.
    let c = &docs[2];
    assert!(c.text.starts_with("A short summary"));
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
}

#[test]
fn without_fetching_the_summary_is_the_text() {
    let base = serve();
    let dir = common::TempDir::new("fetchoff");
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><link>{base}/article</link>\
         <description>Only a summary.</description></item></channel></rss>"
    );
    let p = dir.write("short.rss", feed.as_bytes());
    let (docs, _) = read_all(&[p], &WalkOptions::default());
    assert_eq!(docs[0].text, "Only a summary.\n");
    assert!(docs[0].warnings.is_empty());
}

#[test]
fn fetched_pages_are_size_limited_and_bad_urls_are_skips() {
    let base = serve();
    let opts = WalkOptions {
        max_bytes: 2000,
        ..fetching()
    };
    let urls = [
        PathBuf::from(format!("{base}/big")),
        PathBuf::from(format!("{base}/nothing-here")),
        PathBuf::from(format!("{base}/article")),
    ];
    let items: Vec<_> = walk(&urls, &opts).unwrap().collect();
    assert_eq!(items.len(), 3);
    let big = items[0].as_ref().unwrap_err();
    assert!(big.reason.contains("limit"), "{big}");
    let missing = items[1].as_ref().unwrap_err();
    assert!(missing.reason.contains("404"), "{missing}");
    let page = items[2].as_ref().unwrap();
    assert_eq!(
        page.url.as_deref(),
        Some(format!("{base}/article").as_str())
    );
    assert_eq!(page.outlet.as_deref(), Some("Valley Times"));
}
