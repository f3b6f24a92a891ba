//! No input makes a walk panic or hang: every sample cut short at many
//! points, read under every format's name, and bytes of noise.

mod common;

use std::io::Write;

use chronicle_ingest::{walk, WalkOptions};
use common::{data, TempDir};

const NAMES: [&str; 8] = [
    "x.txt",
    "x.html",
    "x.jsonl",
    "x.rss",
    "x.xml",
    "x.warc",
    "x.warc.gz",
    "x",
];

fn warc_sample() -> Vec<u8> {
    let page = std::fs::read(data("page.html")).unwrap();
    let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
    block.extend_from_slice(&page);
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    rec.extend_from_slice(&block);
    rec.extend_from_slice(b"\r\n\r\n");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&rec).unwrap();
    let mut out = enc.finish().unwrap();
    let again = out.clone();
    out.extend_from_slice(&again);
    out
}

/// Reads `bytes` under every name; returns how many items came out.
fn read_everywhere(dir: &TempDir, bytes: &[u8]) -> usize {
    let mut n = 0;
    for name in NAMES {
        let p = dir.write(name, bytes);
        let opts = WalkOptions {
            max_bytes: 64 * 1024,
            ..WalkOptions::default()
        };
        for item in walk(&[p], &opts).unwrap() {
            if let Ok(d) = item {
                assert!(!d.text.trim().is_empty(), "empty document from {name}");
            }
            n += 1;
        }
    }
    n
}

#[test]
fn truncated_samples_never_panic() {
    let dir = TempDir::new("robust");
    let mut samples: Vec<Vec<u8>> = [
        "page.html",
        "latin1.html",
        "docs.jsonl",
        "feed.rss",
        "feed.atom",
        "note.txt",
    ]
    .iter()
    .map(|n| std::fs::read(data(n)).unwrap())
    .collect();
    samples.push(warc_sample());
    for sample in &samples {
        let step = (sample.len() / 12).max(1);
        let mut cut = 0;
        while cut <= sample.len() {
            read_everywhere(&dir, &sample[..cut]);
            cut += step;
        }
        // One flipped byte in the middle.
        let mut flipped = sample.clone();
        let mid = flipped.len() / 2;
        flipped[mid] ^= 0x5a;
        read_everywhere(&dir, &flipped);
    }
}

#[test]
fn noise_never_panics() {
    let dir = TempDir::new("noise");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for len in [1usize, 2, 7, 100, 3000] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        read_everywhere(&dir, &bytes);
        let mut gz = vec![0x1f, 0x8b];
        gz.extend_from_slice(&bytes);
        read_everywhere(&dir, &gz);
        let mut warc = b"WARC/1.0\r\nContent-Length: 5\r\n".to_vec();
        warc.extend_from_slice(&bytes);
        read_everywhere(&dir, &warc);
    }
    // Odd but well-formed-looking inputs.
    for text in [
        &b"{}\n{\"text\": 5}\n{\"text\": \"\"}\n{\"text\": \"ok\"}"[..],
        b"WARC/1.0\r\n\r\n",
        b"WARC/1.0\r\nContent-Length: 18446744073709551615\r\n\r\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n\r\n\r\n",
        b"<rss><channel><item><description>&bogus;</description></item></channel></rss>",
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry></entry></feed>",
        b"<?xml version=\"1.0\" encoding=\"utf-16\"?><rss/>",
        b"\xef\xbb\xbf",
        b"\n",
    ] {
        read_everywhere(&dir, text);
    }
}
