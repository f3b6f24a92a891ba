//! The `chronicle` binary end to end: the seed example, every output
//! format, and every kind of bad input (a clear one-line message and a
//! non-zero exit, never a panic or a hang).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chronicle"))
}

fn seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/seed.txt")
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chronicle-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A refusal: non-zero exit, one line on stderr naming the problem, no panic.
fn assert_refused(o: &Output, needle: &str) {
    let err = stderr(o);
    assert!(
        !o.status.success(),
        "expected failure, got success; stderr: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(needle), "{needle:?} not in {err:?}");
    assert!(o.stdout.is_empty());
}

#[test]
fn extract_json_is_records_v1() {
    let o = run(&[
        "extract",
        seed().to_str().unwrap(),
        "--published",
        "2023-09-28",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "chronicle.records/v1");
    assert_eq!(v["document"]["published"], "2023-09-28");
    assert_eq!(v["document"]["language"], "en");
    assert!(v["document"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Western defense officials"));
    assert!(v["entities"].as_array().unwrap().len() > 10);
    assert!(v["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["type"] == "VISIT"));
    assert_eq!(
        v["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|q| q["direct"] == true)
            .count(),
        5
    );
}

#[test]
fn jsonl_is_one_line_and_no_text_drops_the_text() {
    let o = run(&[
        "extract",
        seed().to_str().unwrap(),
        "--format",
        "jsonl",
        "--no-text",
        "--id",
        "seed",
    ]);
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["document"].get("text").is_none());
    assert_eq!(v["document"]["id"], "seed");
    assert!(v["document"]["published"].is_null());
}

#[test]
fn table_lists_entities_events_and_quotes() {
    let o = run(&[
        "extract",
        seed().to_str().unwrap(),
        "--published",
        "2023-09-28",
        "--format",
        "table",
    ]);
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    for s in [
        "ENTITIES",
        "EVENTS",
        "QUOTES",
        "Grant Shapps",
        "VISIT",
        "AID_PLEDGE",
        "2023-09-27",
    ] {
        assert!(out.contains(s), "{s} missing from table:\n{out}");
    }
}

#[test]
fn conllu_shows_tags_lemmas_heads_and_relations() {
    let o = run(&["extract", seed().to_str().unwrap(), "--format", "conllu"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let mut sentences = 0;
    let mut words = 0;
    for block in out.split("\n\n").filter(|b| !b.trim().is_empty()) {
        sentences += 1;
        let rows: Vec<Vec<&str>> = block
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect())
            .collect();
        assert!(block.lines().any(|l| l.starts_with("# text = ")), "{block}");
        let n = rows.len();
        let mut roots = 0;
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r.len(), 10, "ten columns: {r:?}");
            assert_eq!(r[0], (i + 1).to_string());
            let head: usize = r[6].parse().unwrap();
            assert!(head <= n, "{r:?}");
            roots += usize::from(head == 0);
            assert!(!r[7].is_empty() && !r[4].is_empty() && !r[2].is_empty());
        }
        assert_eq!(roots, 1, "one root per sentence: {block}");
        words += n;
    }
    assert!(
        sentences > 10 && words > 300,
        "{sentences} sentences, {words} words"
    );
    // "traveled" has its lemma and a subject.
    assert!(out.contains("\ttraveled\ttravel\tVERB\tVBD\t"), "{out}");
    assert!(out.contains("\tnsubj\t"));
}

#[test]
fn standard_input_is_read() {
    let mut child = bin()
        .args(["extract", "-", "--published", "2023-09-28"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Grant Shapps traveled to Kyiv on Wednesday.\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let visit = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "VISIT")
        .expect("a visit");
    assert_eq!(visit["time"]["start"], "2023-09-27");
}

#[test]
fn html_input_is_reduced_to_article_text() {
    let html = b"<!DOCTYPE html><html><head><title>Visit</title><meta property=\"og:site_name\" content=\"Daily\"></head>\
                 <body><nav>Home | World | Sport</nav><article><h1>Visit</h1><p>Grant Shapps, Britain's defence secretary, \
                 traveled to Kyiv on Wednesday to discuss air defenses with President Volodymyr Zelensky.</p></article>\
                 <script>track()</script></body></html>";
    let p = tmp("page.html", html);
    let o = run(&["extract", p.to_str().unwrap(), "--published", "2023-09-28"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let text = v["document"]["text"].as_str().unwrap();
    assert!(
        text.contains("traveled to Kyiv") && !text.contains("track()") && !text.contains('<'),
        "{text}"
    );
    assert!(v["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["type"] == "VISIT"));
}

#[test]
fn missing_file() {
    assert_refused(&run(&["extract", "no/such/article.txt"]), "no such file");
}

#[test]
fn directory() {
    let dir = std::env::temp_dir();
    assert_refused(&run(&["extract", dir.to_str().unwrap()]), "is a directory");
}

#[test]
fn empty_file() {
    let p = tmp("empty.txt", b"");
    assert_refused(&run(&["extract", p.to_str().unwrap()]), "empty input");
}

#[test]
fn binary_file() {
    let p = tmp("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    assert_refused(&run(&["extract", p.to_str().unwrap()]), "binary data");
    let p = tmp("nul.txt", b"some text\0\0\0more");
    assert_refused(&run(&["extract", p.to_str().unwrap()]), "binary data");
}

#[test]
fn invalid_utf8_is_repaired_with_a_warning() {
    let mut bytes = b"Grant Shapps traveled to Kyiv on Wednesday. ".repeat(4);
    bytes.extend_from_slice(b"Caf\xe9.\n");
    let p = tmp("latin.txt", &bytes);
    let o = run(&["extract", p.to_str().unwrap(), "--format", "jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning") && stderr(&o).contains("invalid UTF-8"),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["document"]["text"].as_str().unwrap().contains('\u{fffd}'));
}

#[test]
fn text_in_another_encoding_is_refused() {
    let p = tmp(
        "utf16.txt",
        &"Kyiv"
            .repeat(50)
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect::<Vec<_>>(),
    );
    // UTF-16 has NUL bytes: refused as binary, with a clear message.
    assert_refused(&run(&["extract", p.to_str().unwrap()]), "binary data");
    let p = tmp(
        "latin1.txt",
        &b"Caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la carte. ".repeat(20),
    );
    assert_refused(&run(&["extract", p.to_str().unwrap()]), "not UTF-8");
}

#[test]
fn fifty_megabyte_article_is_refused_quickly() {
    let p = tmp(
        "huge.txt",
        &b"Grant Shapps traveled to Kyiv on Wednesday.\n".repeat(50 * 1024 * 1024 / 45),
    );
    let o = run(&["extract", p.to_str().unwrap()]);
    assert_refused(&o, "larger than");
    let _ = std::fs::remove_file(p);
}

#[test]
fn bad_arguments_are_one_line_errors() {
    assert_refused(
        &run(&[
            "extract",
            seed().to_str().unwrap(),
            "--published",
            "28/09/2023",
        ]),
        "YYYY-MM-DD",
    );
    assert_refused(
        &run(&[
            "extract",
            seed().to_str().unwrap(),
            "--outlet-country",
            "XX",
        ]),
        "alpha-3",
    );
    assert_refused(&run(&["eval"]), "--gold");
}
