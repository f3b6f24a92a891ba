//! `walk` over the shipped samples: HTML pages, JSON Lines, feeds, text,
//! directories.

mod common;

use std::path::PathBuf;

use chronicle_ingest::{walk, Format, IngestError, WalkOptions};
use common::{data, origin_file, read_all, TempDir};

fn opts() -> WalkOptions {
    WalkOptions::default()
}

#[test]
fn html_page_gives_text_and_metadata_without_boilerplate() {
    let (docs, skips) = read_all(&[data("page.html")], &opts());
    assert!(skips.is_empty(), "{skips:?}");
    let [d] = &docs[..] else { panic!("{docs:?}") };
    assert_eq!(d.format, Format::Html);
    assert_eq!(
        d.title.as_deref(),
        Some("Ministers agree on grain corridor")
    );
    assert_eq!(d.published.as_deref(), Some("2024-03-14"));
    assert_eq!(d.outlet.as_deref(), Some("Harbor Gazette"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://gazette.example/world/grain-corridor")
    );
    assert!(d
        .text
        .contains("second grain corridor through the port of Constanta"));
    assert!(d.text.contains("meet again in Chisinau next month"));
    for junk in [
        "Subscribe",
        "Most read",
        "Privacy",
        "analytics",
        "font-family",
    ] {
        assert!(!d.text.contains(junk), "{junk:?} in {:?}", d.text);
    }
    assert_eq!(d.id, None);
    assert_eq!(d.content_hash.len(), 64);
    assert!(d.origin.ends_with("page.html"));
}

#[test]
fn windows_1252_page_is_decoded_by_its_declared_charset() {
    let (docs, skips) = read_all(&[data("latin1.html")], &opts());
    assert!(skips.is_empty(), "{skips:?}");
    let d = &docs[0];
    assert!(
        d.text.contains("at a caf\u{e9} in N\u{ee}mes"),
        "{}",
        d.text
    );
    assert!(d.text.contains("\u{201c}pipeline question\u{201d}"));
    assert!(d.text.contains("\u{20ac}40 million"));
    assert!(!d.text.contains('\u{fffd}'));
    assert_eq!(d.published.as_deref(), Some("2023-11-05"));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn read_path_also_decodes_declared_charsets_and_reads_metadata() {
    let a = chronicle_ingest::read_path(&data("latin1.html"), chronicle_ingest::Options::default())
        .unwrap();
    assert!(a.text.contains("N\u{ee}mes"));
    assert_eq!(a.published.as_deref(), Some("2023-11-05"));
    let a = chronicle_ingest::read_path(&data("page.html"), chronicle_ingest::Options::default())
        .unwrap();
    assert_eq!(a.source.as_deref(), Some("Harbor Gazette"));
    assert_eq!(a.published.as_deref(), Some("2024-03-14"));
}

#[test]
fn json_lines_skip_bad_lines_by_number_and_go_on() {
    let (docs, skips) = read_all(&[data("docs.jsonl")], &opts());
    let ids: Vec<_> = docs.iter().map(|d| d.id.as_deref().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "2025-01-23-readout-of-president-donald-j-trumps-call-with-president-bukele",
            "2025-01-26-readout-of-president-donald-j-trumps-call-with-prime-minister-starmer-of-the-united-kingdom",
            "2025-02-01-readout-of-president-donald-j-trumps-call-with-president-el-sisi-of-egypt",
            "odd-date",
        ]
    );
    let first = &docs[0];
    assert_eq!(first.format, Format::Jsonl);
    assert_eq!(first.published.as_deref(), Some("2025-01-23"));
    assert_eq!(first.outlet.as_deref(), Some("The White House"));
    assert!(first
        .title
        .as_deref()
        .unwrap()
        .starts_with("Readout of President"));
    assert!(first
        .url
        .as_deref()
        .unwrap()
        .starts_with("https://www.whitehouse.gov/"));
    assert!(first
        .text
        .starts_with("Today, President Donald J. Trump held a call"));
    assert!(first.origin.ends_with("docs.jsonl:1"));

    let odd = &docs[3];
    assert_eq!(odd.published, None);
    assert_eq!(odd.warnings.len(), 1, "{:?}", odd.warnings);
    assert!(odd.text.contains("read.\nIt has CRLF"), "{:?}", odd.text);

    let got: Vec<(String, &str)> = skips
        .iter()
        .map(|s| {
            let line = s.origin.rsplit(':').next().unwrap().to_string();
            (line, s.reason.as_str())
        })
        .collect();
    let lines: Vec<&str> = got.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(lines, ["2", "5", "6", "7", "8"], "{skips:?}");
    assert!(got[0].1.starts_with("malformed JSON"));
    assert!(got[1].1.contains("`title` is a number"));
    assert!(got[2].1.starts_with("no text"));
    assert!(got[3].1.contains("not a JSON object"));
    assert!(got[4].1.starts_with("duplicate id"), "{}", got[4].1);
    assert!(got[4].1.contains("docs.jsonl:1"));
}

#[test]
fn duplicate_ids_can_be_left_to_the_caller() {
    let o = WalkOptions {
        skip_duplicate_ids: false,
        ..opts()
    };
    let (docs, skips) = read_all(&[data("docs.jsonl")], &o);
    assert_eq!(docs.len(), 5);
    assert_eq!(skips.len(), 4);
    // Reading the same file twice repeats every id.
    let (docs, skips) = read_all(&[data("docs.jsonl"), data("docs.jsonl")], &opts());
    assert_eq!(docs.len(), 4);
    assert_eq!(
        skips
            .iter()
            .filter(|s| s.reason.starts_with("duplicate id"))
            .count(),
        1 + 5
    );
}

#[test]
fn overlong_json_lines_are_skipped_without_stopping() {
    let dir = TempDir::new("longline");
    let mut body = String::from("{\"id\": \"a\", \"text\": \"short one\"}\n");
    body.push_str(&format!(
        "{{\"id\": \"b\", \"text\": \"{}\"}}\n",
        "x".repeat(5000)
    ));
    body.push_str("{\"id\": \"c\", \"text\": \"after the long one\"}");
    let p = dir.write("big.ndjson", body.as_bytes());
    let o = WalkOptions {
        max_bytes: 1000,
        ..opts()
    };
    let (docs, skips) = read_all(&[p], &o);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].text, "after the long one");
    assert_eq!(skips.len(), 1);
    assert!(skips[0].origin.ends_with("big.ndjson:2"));
    assert!(skips[0].reason.contains("over the 1000-byte limit"));
}

#[test]
fn rss_entries_are_documents() {
    let (docs, skips) = read_all(&[data("feed.rss")], &opts());
    assert_eq!(docs.len(), 2, "{docs:?}");
    let a = &docs[0];
    assert_eq!(a.format, Format::Feed);
    assert_eq!(a.id.as_deref(), Some("gazette-2024-0412"));
    assert_eq!(
        a.title.as_deref(),
        Some("Japan pledges flood aid to Pakistan")
    );
    assert_eq!(a.published.as_deref(), Some("2024-04-12"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://gazette.example/world/flood-aid")
    );
    assert_eq!(a.outlet.as_deref(), Some("Harbor Gazette: World"));
    assert!(
        a.text.starts_with("Japan pledged 5 million dollars"),
        "{}",
        a.text
    );
    assert!(a.text.contains("\nThe aid will be delivered"));
    assert!(!a.text.contains("track()") && !a.text.contains('<'));
    assert!(a.origin.ends_with("feed.rss#entry 1"));

    let b = &docs[1];
    assert_eq!(
        b.title.as_deref(),
        Some("Kenya and Ethiopia sign border deal")
    );
    assert_eq!(
        b.id.as_deref(),
        Some("https://gazette.example/world/border-deal")
    );
    assert!(
        b.text.contains("on cross-border trade in Nairobi"),
        "{}",
        b.text
    );

    assert_eq!(skips.len(), 1);
    assert!(skips[0].origin.ends_with("feed.rss#entry 3"));
    assert!(skips[0].reason.starts_with("entry has no text"));
}

#[test]
fn atom_entries_are_documents() {
    let (docs, skips) = read_all(&[data("feed.atom")], &opts());
    assert!(skips.is_empty(), "{skips:?}");
    assert_eq!(docs.len(), 2);
    assert_eq!(
        docs[0].id.as_deref(),
        Some("urn:example:mfa:press:2024-118")
    );
    assert_eq!(docs[0].published.as_deref(), Some("2024-05-02"));
    assert_eq!(
        docs[0].url.as_deref(),
        Some("https://mfa.example/press/2024-118")
    );
    assert!(docs[0]
        .text
        .starts_with("The Foreign Minister received the Ambassador of Ghana"));
    assert_eq!(
        docs[0].outlet.as_deref(),
        Some("Ministry of Foreign Affairs \u{2014} Press releases")
    );
    // Only `updated`: it stands in for the publication date.
    assert_eq!(docs[1].published.as_deref(), Some("2024-04-30"));
    assert!(docs[1]
        .text
        .contains("2 million euros for refugees in Chad"));
}

#[test]
fn malformed_feed_is_one_skip() {
    let dir = TempDir::new("badfeed");
    let p = dir.write(
        "broken.rss",
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>x",
    );
    let q = dir.write("after.txt", b"Text after the broken feed.");
    let (docs, skips) = read_all(&[p, q], &opts());
    assert_eq!(docs.len(), 1);
    assert_eq!(skips.len(), 1);
    assert!(skips[0].reason.contains("feed"), "{}", skips[0]);
}

#[test]
fn directories_are_walked_in_name_order_without_hidden_files() {
    let (docs, skips) = read_all(&[data("")], &opts());
    let mut files: Vec<String> = docs
        .iter()
        .map(|d| origin_file(&d.origin))
        .chain(skips.iter().map(|s| origin_file(&s.origin)))
        .collect();
    files.dedup();
    // Documents and skips interleave in reading order; each file once.
    let mut in_order: Vec<(String, String)> = Vec::new();
    for item in walk(&[data("")], &opts()).unwrap() {
        let origin = match item {
            Ok(d) => d.origin,
            Err(s) => s.origin,
        };
        let f = origin_file(&origin);
        if in_order.last().map(|(x, _)| x) != Some(&f) {
            in_order.push((f, origin));
        }
    }
    let order: Vec<&str> = in_order.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        order,
        [
            "docs.jsonl",
            "feed.atom",
            "feed.rss",
            "latin1.html",
            "note.txt",
            "page.html"
        ]
    );
    assert!(!docs.iter().any(|d| d.text.contains("hidden file")));
    let note = docs
        .iter()
        .find(|d| d.origin.ends_with("note.txt"))
        .unwrap();
    assert_eq!(note.format, Format::Text);
    assert!(note
        .text
        .starts_with("The president of Chile visited Buenos Aires"));
    // Explicitly named, a hidden file is read.
    let (docs, _) = read_all(&[data(".hidden.txt")], &opts());
    assert_eq!(docs.len(), 1);
}

#[test]
fn walks_are_deterministic() {
    let a: Vec<String> = read_all(&[data("")], &opts())
        .0
        .iter()
        .map(|d| d.content_hash.clone())
        .collect();
    let b: Vec<String> = read_all(&[data("")], &opts())
        .0
        .iter()
        .map(|d| d.content_hash.clone())
        .collect();
    assert_eq!(a, b);
    assert_eq!(a.len(), 4 + 2 + 2 + 1 + 1 + 1);
}

#[test]
fn fatal_errors_are_values_before_anything_is_read() {
    let e = walk(
        &[data("note.txt"), PathBuf::from("no/such/file.jsonl")],
        &opts(),
    )
    .unwrap_err();
    assert!(matches!(e, IngestError::NotFound { .. }), "{e}");
    assert_eq!(e.to_string(), "no/such/file.jsonl: no such file");
    let e = walk(&[PathBuf::from("https://example.org/feed.rss")], &opts()).unwrap_err();
    assert!(matches!(e, IngestError::Url { .. }));
    assert!(e.to_string().contains("fetching"));
}

#[test]
fn bad_files_are_skipped_and_the_walk_goes_on() {
    let dir = TempDir::new("badfiles");
    dir.write("a-empty.txt", b"");
    dir.write("b-binary.dat", b"\x89PNG\r\n\x1a\n\0\0\0binary");
    dir.write("c-blank.txt", b"   \n\n");
    dir.write("d-nul.html", b"<html>\0\0\0</html>");
    dir.write("e-empty.jsonl", b"\n\n");
    dir.write("f-bad.gz", b"\x1f\x8b\x08\x00garbage that is not deflate");
    dir.write("g-bad-utf8.txt", &b"caf\xe9 na\xefve ".repeat(20));
    dir.write(
        "h-script-only.html",
        b"<html><body><script>x()</script></body></html>",
    );
    dir.write("sub/z-ok.txt", b"The last document.");
    let (docs, skips) = read_all(std::slice::from_ref(&dir.0), &opts());
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0].text, "The last document.");
    let skipped: Vec<String> = skips.iter().map(|s| origin_file(&s.origin)).collect();
    assert_eq!(
        skipped,
        [
            "a-empty.txt",
            "b-binary.dat",
            "c-blank.txt",
            "d-nul.html",
            "f-bad.gz",
            "g-bad-utf8.txt",
            "h-script-only.html"
        ],
        "{skips:#?}"
    );
}

#[test]
fn gzipped_collections_are_read_transparently() {
    use std::io::Write;
    let dir = TempDir::new("gz");
    let jsonl = std::fs::read(data("docs.jsonl")).unwrap();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&jsonl).unwrap();
    let gz = enc.finish().unwrap();
    let p = dir.write("docs.jsonl.gz", &gz);
    let (docs, skips) = read_all(&[p], &opts());
    assert_eq!((docs.len(), skips.len()), (4, 5));
    // Cut short: what was read stays read, the end is one skip.
    let p = dir.write("cut.jsonl.gz", &gz[..gz.len() * 2 / 3]);
    let (docs, skips) = read_all(&[p], &opts());
    assert!(docs.len() < 4);
    assert!(
        skips.last().unwrap().reason.contains("cannot read further"),
        "{skips:?}"
    );
}
