//! `chronicle ingest` end to end, on the built binary: every input format,
//! idempotent re-runs, resuming after `kill -9`, and the errors that stop a
//! run (a missing path, a read-only or foreign database, nothing readable).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chronicle"))
}

/// A sample shipped with the ingest crate.
fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/tests/data")
        .join(name)
}

fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("chronicle-ingest-cli-")
        .tempdir()
        .expect("temp dir")
}

/// Runs `chronicle ingest ARGS... --db DB --quiet`.
fn ingest(db: &Path, args: &[&Path], extra: &[&str]) -> Output {
    let mut cmd = bin();
    cmd.arg("ingest")
        .args(args)
        .arg("--db")
        .arg(db)
        .arg("--quiet");
    cmd.args(extra);
    cmd.output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The summary's JSON line (the last line on standard output) of a run that
/// must have succeeded.
fn summary(o: &Output) -> Value {
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "ingest failed: {}\nstdout: {out}",
        stderr(o)
    );
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
    let last = out.lines().last().expect("a summary");
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {last}"))
}

fn n(v: &Value, key: &str) -> u64 {
    v[key].as_u64().unwrap_or_else(|| panic!("no {key} in {v}"))
}

/// A failure: non-zero exit, one `chronicle:` line naming the problem.
fn assert_refused(o: &Output, needle: &str) {
    let err = stderr(o);
    assert!(!o.status.success(), "expected failure; stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let last = err.lines().last().unwrap_or("");
    assert!(last.starts_with("chronicle: "), "{err}");
    assert!(last.contains(needle), "wanted {needle:?} in: {err}");
}

/// (path, published, record id) of every stored document, by row id.
fn documents(db: &Path) -> Vec<(String, Option<String>, String)> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("db opens");
    let mut stmt = conn
        .prepare("SELECT path, published, record_id FROM documents ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// The number of stored documents, or `None` while the database is not
/// there or not set up yet.
fn stored_count(db: &Path) -> Option<usize> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()?;
    conn.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get::<_, i64>(0))
        .ok()
        .map(|n| n as usize)
}

#[test]
fn reingest_stores_nothing_new() {
    let dir = tempdir();
    let db = dir.path().join("c.db");
    let docs = sample("docs.jsonl");
    let first = summary(&ingest(&db, &[&docs], &[]));
    // Three readouts and one document with an unreadable date; a broken
    // line, a numeric title, a missing text, an array and a repeated id are
    // skipped with their reasons.
    assert_eq!(n(&first, "stored"), 4, "{first}");
    assert_eq!(n(&first, "skipped"), 5, "{first}");
    assert_eq!(n(&first, "undated"), 1, "{first}");
    assert_eq!(first["skip_reasons"]["duplicate id"], 1, "{first}");
    assert_eq!(first["skip_reasons"]["malformed JSON"], 1, "{first}");
    assert!(n(&first, "warnings") >= 1, "{first}");
    assert!(n(&first, "events_new") >= 3, "{first}");

    let second = summary(&ingest(&db, &[&docs], &["--jobs", "1", "--batch", "1"]));
    assert_eq!(n(&second, "stored"), 0, "{second}");
    assert_eq!(n(&second, "already_present"), 4, "{second}");
    assert_eq!(n(&second, "events_new"), 0, "{second}");
    assert_eq!(n(&second, "db_documents"), 4, "{second}");
    assert_eq!(n(&second, "db_events"), n(&first, "db_events"));
    assert_eq!(documents(&db).len(), 4);
}

/// Short distinct articles; `dupes` of them appear twice (a second id with
/// the same text), and one id is used twice with different texts.
fn generated_corpus(count: usize) -> (String, Vec<String>) {
    let countries = [
        ("France", "Paris"),
        ("Germany", "Berlin"),
        ("Japan", "Tokyo"),
        ("Kenya", "Nairobi"),
        ("Brazil", "Brasilia"),
        ("Canada", "Ottawa"),
        ("India", "New Delhi"),
        ("Poland", "Warsaw"),
    ];
    let mut lines = String::new();
    let mut expected_ids = Vec::new();
    for i in 0..count {
        let (a, _) = countries[i % countries.len()];
        let (b, city) = countries[(i / countries.len() + 1 + i) % countries.len()];
        let text = format!(
            "The foreign minister of {a} met the ambassador of {b} in {city} on Monday. \
             They discussed trade and humanitarian aid (bulletin {i})."
        );
        let id = format!("doc-{i:04}");
        let line = serde_json::json!({"id": &id, "date": "2024-02-05", "title": format!("Bulletin {i}"), "text": text});
        lines.push_str(&line.to_string());
        lines.push('\n');
        expected_ids.push(id.clone());
        if i % 50 == 7 {
            // The same text under another id: stored once, under the first.
            let copy =
                serde_json::json!({"id": format!("copy-{i}"), "date": "2024-02-05", "text": text});
            lines.push_str(&copy.to_string());
            lines.push('\n');
        }
        if i % 100 == 3 {
            // A reused id: a logged skip.
            let again = serde_json::json!({"id": &id, "text": format!("Another text {i}.")});
            lines.push_str(&again.to_string());
            lines.push('\n');
        }
    }
    (lines, expected_ids)
}

#[test]
fn a_killed_ingest_resumes_without_loss_or_duplicates() {
    let dir = tempdir();
    let db = dir.path().join("k.db");
    let total = 400;
    let (corpus, expected_ids) = generated_corpus(total);
    let input = dir.path().join("bulletins.jsonl");
    std::fs::write(&input, corpus).unwrap();

    let mut child = bin()
        .arg("ingest")
        .arg(&input)
        .arg("--db")
        .arg(&db)
        .args(["--batch", "8", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut interrupted = false;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if stored_count(&db).is_some_and(|n| n >= 8) {
            child.kill().unwrap(); // SIGKILL: no chance to clean up
            child.wait().unwrap();
            interrupted = true;
            break;
        }
        assert!(Instant::now() < deadline, "no batch committed in 30 s");
        std::thread::sleep(Duration::from_millis(5));
    }
    let after_kill = stored_count(&db).expect("the committed batches are readable");
    if interrupted {
        assert!(after_kill < total, "killed after everything was stored");
        // Whole batches only.
        assert!(after_kill >= 8, "{after_kill}");
    } else {
        eprintln!("note: the ingest finished before it could be killed");
    }

    let resumed = summary(&ingest(&db, &[&input], &[]));
    assert_eq!(
        n(&resumed, "already_present") as usize,
        after_kill,
        "{resumed}"
    );
    assert_eq!(
        n(&resumed, "stored") as usize,
        total - after_kill,
        "{resumed}"
    );
    assert_eq!(n(&resumed, "duplicate_texts"), 8, "{resumed}");
    assert_eq!(resumed["skip_reasons"]["duplicate id"], 4, "{resumed}");

    let docs = documents(&db);
    assert_eq!(docs.len(), total);
    let ids: Vec<String> = docs.iter().map(|d| d.2.clone()).collect();
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), total, "a document was stored twice");
    // Input order is kept across batches, threads and the restart.
    assert_eq!(ids, expected_ids);
    assert!(docs.iter().all(|d| d.1.as_deref() == Some("2024-02-05")));

    let again = summary(&ingest(&db, &[&input], &[]));
    assert_eq!(n(&again, "stored"), 0, "{again}");
}

fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-06-01T12:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{:08x}-0000-4000-8000-000000000000>\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len() + block.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// A Common Crawl style archive: each record its own gzip member.
fn warc_gz() -> Vec<u8> {
    let page = "<html><head><title>Talks in Oslo</title>\
        <meta property=\"og:site_name\" content=\"Nordic Wire\">\
        <meta name=\"date\" content=\"2024-05-30\"></head><body><article>\
        <p>The foreign ministers of Norway and Finland met in Oslo on Thursday to discuss Arctic security.</p>\
        <p>They agreed to hold a joint exercise in the autumn, the Norwegian ministry said.</p>\
        </article></body></html>";
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
    http.extend_from_slice(page.as_bytes());
    [
        warc_record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        warc_record(
            "response",
            "https://wire.example/oslo",
            "application/http; msgtype=response",
            &http,
        ),
    ]
    .iter()
    .flat_map(|r| gz(r))
    .collect()
}

#[test]
fn every_input_format_is_stored_with_its_date() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["note.txt", "page.html", "feed.rss", "feed.atom"] {
        std::fs::copy(sample(name), inputs.join(name)).unwrap();
    }
    std::fs::write(
        inputs.join("wire.jsonl"),
        "{\"id\": \"w1\", \"date\": \"2024-04-02\", \"title\": \"Aid\", \"text\": \"Germany pledged 10 million euros in humanitarian aid to Sudan on Tuesday.\"}\n",
    )
    .unwrap();
    std::fs::write(inputs.join("crawl.warc.gz"), warc_gz()).unwrap();
    // A folder's README is its documentation, not an article.
    std::fs::write(inputs.join("README.md"), "# Inputs\n\nTest files.\n").unwrap();

    let db = dir.path().join("f.db");
    let out = summary(&ingest(&db, &[&inputs], &["--published", "2024-01-15"]));
    let docs = documents(&db);
    let published = |file: &str| -> Vec<Option<String>> {
        let prefix = inputs.join(file).display().to_string();
        docs.iter()
            .filter(|d| d.0.starts_with(&prefix))
            .map(|d| d.1.clone())
            .collect()
    };
    let one = |d: &str| vec![Some(d.to_string())];
    // Plain text has no date of its own: --published gives it.
    assert_eq!(published("note.txt"), one("2024-01-15"), "{docs:#?}");
    // Dated inputs keep their own dates.
    assert_eq!(published("page.html"), one("2024-03-14"), "{docs:#?}");
    assert_eq!(published("wire.jsonl"), one("2024-04-02"), "{docs:#?}");
    assert_eq!(published("crawl.warc.gz"), one("2024-05-30"), "{docs:#?}");
    let rss = published("feed.rss");
    assert!(!rss.is_empty(), "{docs:#?}");
    assert!(rss.contains(&Some("2024-04-12".into())), "{rss:?}");
    let atom = published("feed.atom");
    assert!(!atom.is_empty(), "{docs:#?}");
    assert!(atom.contains(&Some("2024-05-02".into())), "{atom:?}");
    assert!(published("README.md").is_empty(), "{docs:#?}");
    assert_eq!(n(&out, "stored") as usize, docs.len(), "{out}");
    assert_eq!(n(&out, "undated"), 0, "{out}");
}

#[test]
fn a_missing_path_is_an_error_before_anything_is_written() {
    let dir = tempdir();
    let db = dir.path().join("m.db");
    let missing = dir.path().join("no-such-file.jsonl");
    let o = ingest(&db, &[&sample("note.txt"), &missing], &[]);
    assert_refused(&o, "no-such-file.jsonl: no such file");
    assert!(!db.exists(), "the database was created anyway");
}

#[test]
fn nothing_readable_is_an_error() {
    let dir = tempdir();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let db = dir.path().join("n.db");
    let o = ingest(&db, &[&empty, &binary], &[]);
    assert_refused(&o, "nothing could be read: 2");
    // The summary still lists why.
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("empty file"), "{out}");
}

#[test]
fn a_foreign_database_file_is_refused() {
    let dir = tempdir();
    let db = dir.path().join("notes.db");
    std::fs::write(&db, "these are my notes, not a database\n".repeat(200)).unwrap();
    let o = ingest(&db, &[&sample("note.txt")], &[]);
    assert_refused(&o, "not a chronicle database");
}

#[test]
fn a_read_only_database_is_refused_and_left_unchanged() {
    let dir = tempdir();
    let db = dir.path().join("ro.db");
    summary(&ingest(&db, &[&sample("note.txt")], &[]));
    let mut perms = std::fs::metadata(&db).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&db, perms).unwrap();
    // Root ignores permission bits: make the file immutable instead.
    let writable = std::fs::OpenOptions::new().append(true).open(&db).is_ok();
    let immutable = writable
        && Command::new("chattr")
            .arg("+i")
            .arg(&db)
            .status()
            .is_ok_and(|s| s.success());
    if writable && !immutable {
        eprintln!("note: cannot make a file read-only here (root without chattr); not checked");
        return;
    }
    let o = ingest(&db, &[&sample("page.html")], &[]);
    if immutable {
        let _ = Command::new("chattr").arg("-i").arg(&db).status();
    }
    assert_refused(&o, "read-only");
    assert_eq!(stored_count(&db), Some(1));
}

#[test]
fn a_url_needs_fetch() {
    let dir = tempdir();
    let db = dir.path().join("u.db");
    let o = ingest(&db, &[Path::new("https://news.example/feed.rss")], &[]);
    assert_refused(&o, "reading URLs needs --fetch");
    assert!(!db.exists());
}
