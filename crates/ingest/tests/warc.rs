//! WARC archives built here, record by record, the way Common Crawl News
//! writes them: each record its own gzip member.

mod common;

use std::io::Write;

use chronicle_ingest::{Format, WalkOptions};
use common::{read_all, TempDir};

fn record(kind: &str, uri: &str, date: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-4000-8000-000000000000>\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len() + block.len() + kind.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn response(uri: &str, http_head: &str, body: &[u8]) -> Vec<u8> {
    let mut block = http_head.replace('\n', "\r\n").into_bytes();
    block.extend_from_slice(b"\r\n\r\n");
    block.extend_from_slice(body);
    record(
        "response",
        uri,
        "2024-06-01T12:00:00Z",
        "application/http; msgtype=response",
        &block,
    )
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

const PAGE: &str = "<html><head><title>Talks in Oslo</title><meta property=\"og:site_name\" content=\"Nordic Wire\">\
<meta name=\"date\" content=\"2024-05-30\"></head><body><nav>Home | News</nav><article>\
<p>The foreign ministers of Norway and Finland met in Oslo on Thursday to discuss Arctic security and energy links.</p>\
<p>They agreed to hold a joint exercise in the autumn, the Norwegian ministry said.</p></article></body></html>";

/// Records of every kind, in the order of a crawl.
fn records() -> Vec<Vec<u8>> {
    let latin1_page: Vec<u8> = encoding_page();
    let mut gz_page = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz_page
        .write_all(PAGE.replace("Oslo on", "Bergen on").as_bytes())
        .unwrap();
    let gz_page = gz_page.finish().unwrap();
    vec![
        record(
            "warcinfo",
            "",
            "2024-06-01T12:00:00Z",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        record(
            "request",
            "https://wire.example/oslo",
            "2024-06-01T12:00:00Z",
            "application/http; msgtype=request",
            b"GET /oslo HTTP/1.1\r\nHost: wire.example\r\n\r\n",
        ),
        response(
            "https://wire.example/oslo",
            "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8",
            PAGE.as_bytes(),
        ),
        response(
            "https://wire.example/paris",
            "HTTP/1.1 200 OK\nContent-Type: text/html; charset=ISO-8859-1",
            &latin1_page,
        ),
        response(
            "https://wire.example/gone",
            "HTTP/1.1 404 Not Found\nContent-Type: text/html",
            b"<html><body>Not found</body></html>",
        ),
        response(
            "https://wire.example/logo.jpg",
            "HTTP/1.1 200 OK\nContent-Type: image/jpeg",
            b"\xff\xd8\xff\xe0 not really a jpeg",
        ),
        response(
            "https://wire.example/bergen",
            "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: gzip",
            &gz_page,
        ),
        record(
            "metadata",
            "https://wire.example/oslo",
            "2024-06-01T12:00:00Z",
            "application/warc-fields",
            b"fetchTimeMs: 12\r\n",
        ),
    ]
}

fn encoding_page() -> Vec<u8> {
    let text = "<html><body><p>Le ministre fran\u{e7}ais a rencontr\u{e9} son homologue allemand \u{e0} Paris mardi pour parler de l'\u{e9}nergie.</p></body></html>";
    encoding_rs_free_latin1(text)
}

/// Latin-1 bytes of a text whose characters are all below U+0100.
fn encoding_rs_free_latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

fn check_full_archive(docs: &[chronicle_ingest::SourceDoc], skips: &[chronicle_ingest::Skip]) {
    assert_eq!(docs.len(), 3, "{docs:#?}\n{skips:#?}");
    let oslo = &docs[0];
    assert_eq!(oslo.format, Format::Warc);
    assert_eq!(oslo.url.as_deref(), Some("https://wire.example/oslo"));
    assert_eq!(oslo.published.as_deref(), Some("2024-05-30"));
    assert_eq!(oslo.outlet.as_deref(), Some("Nordic Wire"));
    assert!(oslo.text.contains("met in Oslo on Thursday"));
    assert!(!oslo.text.contains("Home | News"));
    assert!(oslo.origin.ends_with("#record 3"), "{}", oslo.origin);
    assert!(oslo.id.as_deref().unwrap().starts_with("urn:uuid:"));

    let paris = &docs[1];
    assert!(
        paris.text.contains("fran\u{e7}ais a rencontr\u{e9}"),
        "{}",
        paris.text
    );
    // No date in the page: the crawl date stands in, with a warning.
    assert_eq!(paris.published.as_deref(), Some("2024-06-01"));
    assert_eq!(paris.warnings.len(), 1, "{:?}", paris.warnings);

    assert!(docs[2].text.contains("met in Bergen on Thursday"));
    assert!(docs[2].origin.ends_with("#record 7"));

    let reasons: Vec<(&str, &str)> = skips
        .iter()
        .map(|s| (s.origin.rsplit('#').next().unwrap(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons[0], ("record 5", "HTTP status 404"));
    assert_eq!(reasons[1], ("record 6", "not HTML (image/jpeg)"));
}

#[test]
fn common_crawl_style_warc_gz_is_read() {
    let dir = TempDir::new("warcgz");
    let archive: Vec<u8> = records().iter().flat_map(|r| gz(r)).collect();
    let p = dir.write("CC-NEWS-test.warc.gz", &archive);
    let (docs, skips) = read_all(&[p], &WalkOptions::default());
    check_full_archive(&docs, &skips);
    assert_eq!(skips.len(), 2, "{skips:#?}");
}

#[test]
fn plain_warc_is_read_and_sniffed_without_a_name() {
    let dir = TempDir::new("warc");
    let archive: Vec<u8> = records().concat();
    let p = dir.write("crawl.warc", &archive);
    let (docs, skips) = read_all(&[p], &WalkOptions::default());
    check_full_archive(&docs, &skips);
    let p = dir.write("crawl-without-extension", &gz(&archive));
    let (docs, skips) = read_all(&[p], &WalkOptions::default());
    check_full_archive(&docs, &skips);
}

#[test]
fn truncated_gzip_member_at_the_end_is_a_skip() {
    let dir = TempDir::new("warctrunc");
    let members: Vec<Vec<u8>> = records().iter().map(|r| gz(r)).collect();
    let mut archive: Vec<u8> = members[..7].concat();
    let last = gz(&response(
        "https://wire.example/cut",
        "HTTP/1.1 200 OK\nContent-Type: text/html",
        PAGE.as_bytes(),
    ));
    archive.extend_from_slice(&last[..last.len() / 2]);
    let p = dir.write("cut.warc.gz", &archive);
    let (docs, skips) = read_all(&[p], &WalkOptions::default());
    assert_eq!(docs.len(), 3);
    let last_skip = skips.last().unwrap();
    assert!(last_skip.origin.ends_with("#record 8"), "{last_skip}");
    assert!(
        last_skip.reason.contains("rest of the archive not read"),
        "{last_skip}"
    );
}

#[test]
fn malformed_and_oversized_records_are_skipped_and_reading_resumes() {
    let dir = TempDir::new("warcbad");
    let recs = records();
    let mut archive = recs[2].clone();
    // A record without a Content-Length, then garbage: resynchronized at
    // the next version line.
    archive
        .extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nstray bytes\r\nmore\r\n\r\n");
    archive.extend_from_slice(&recs[3]);
    // An oversized response is stepped over.
    let big = format!("<html><body><p>{}</p></body></html>", "word ".repeat(3000));
    archive.extend_from_slice(&response(
        "https://wire.example/big",
        "HTTP/1.1 200 OK\nContent-Type: text/html",
        big.as_bytes(),
    ));
    archive.extend_from_slice(&recs[6]);
    // A declared length past the end of the file.
    archive.extend_from_slice(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort",
    );
    let p = dir.write("bad.warc", &archive);
    let opts = WalkOptions {
        max_bytes: 8000,
        ..WalkOptions::default()
    };
    let (docs, skips) = read_all(&[p], &opts);
    assert_eq!(docs.len(), 3, "{skips:#?}");
    let reasons: Vec<&str> = skips.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons.len(), 3, "{reasons:#?}");
    assert!(reasons[0].contains("no valid Content-Length"));
    assert!(reasons[1].contains("over the 8000-byte limit"));
    assert!(reasons[2].contains("truncated record"));
}
