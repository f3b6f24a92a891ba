//! Rebuilds `demo/whitehouse-ukraine.jsonl`: the White House statements,
//! readouts and fact sheets about Ukraine and aid, selected from the shared
//! White House collection (US government works, public domain).
//!
//! `cargo run -p chronicle --example demo_corpus -- SHARED_DIR [OUT]`
//!
//! `SHARED_DIR` is the shared data folder (holding
//! `data/whitehouse/docs.jsonl`); `OUT` defaults to
//! `demo/whitehouse-ukraine.jsonl`. The selection is deterministic: a
//! document is kept when
//!
//! - its text is at most 16,000 characters (statements, readouts and fact
//!   sheets rather than long transcripts),
//! - it is about Ukraine: its title names Ukraine or Zelenskyy, or its text
//!   names Ukraine at least three times, and
//! - it is about aid or security: its title or text (any case) has
//!   "assistance", "security", "package", "Zelensk" or the word "aid".
//!
//! The documents are written in order of date, then id, with the fields
//! `id`, `title`, `date`, `url`, `source` and `text`.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

use serde_json::Value;

const MAX_CHARS: usize = 16_000;

fn main() {
    if let Err(e) = run() {
        eprintln!("demo_corpus: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let shared = PathBuf::from(args.next().ok_or("usage: demo_corpus SHARED_DIR [OUT]")?);
    let out = args.next().map_or_else(
        || PathBuf::from("demo/whitehouse-ukraine.jsonl"),
        PathBuf::from,
    );
    let input = shared.join("data/whitehouse/docs.jsonl");
    let file = std::fs::File::open(&input).map_err(|e| format!("{}: {e}", input.display()))?;
    let mut kept: Vec<(String, String, String)> = Vec::new();
    let mut total = 0usize;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        total += 1;
        let doc: Value = serde_json::from_str(&line)
            .map_err(|e| format!("{}:{}: {e}", input.display(), n + 1))?;
        let field = |k: &str| doc.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let (title, text) = (field("title"), field("text"));
        if !selected(&title, &text) {
            continue;
        }
        let mut out_line = String::from("{");
        for (i, key) in ["id", "title", "date", "url", "source", "text"]
            .iter()
            .enumerate()
        {
            if i > 0 {
                out_line.push_str(", ");
            }
            out_line.push_str(&serde_json::to_string(key)?);
            out_line.push_str(": ");
            out_line.push_str(&serde_json::to_string(&field(key))?);
        }
        out_line.push('}');
        kept.push((field("date"), field("id"), out_line));
    }
    kept.sort();
    let mut w = BufWriter::new(std::fs::File::create(&out)?);
    let mut bytes = 0usize;
    for (_, _, line) in &kept {
        writeln!(w, "{line}")?;
        bytes += line.len() + 1;
    }
    w.flush()?;
    eprintln!(
        "{} of {total} documents, {bytes} bytes -> {}",
        kept.len(),
        out.display()
    );
    Ok(())
}

fn selected(title: &str, text: &str) -> bool {
    if text.chars().count() > MAX_CHARS {
        return false;
    }
    let about_ukraine = title.contains("Ukrain")
        || title.contains("Zelensk")
        || text.matches("Ukrain").count() >= 3;
    about_ukraine && (about_aid(&title.to_lowercase()) || about_aid(&text.to_lowercase()))
}

/// "assistance", "security", "package", "zelensk" anywhere, or "aid" as a
/// word (not "said", "raid", "aide").
fn about_aid(lower: &str) -> bool {
    ["assistance", "security", "package", "zelensk"]
        .iter()
        .any(|k| lower.contains(k))
        || lower.match_indices("aid").any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + 3..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}
