//! The extractor parses only the sentences it reads the parse of
//! (`needs_parse`); parsing every sentence must give the same records. Run
//! on the seed article and, when the shared folder is next to the
//! repository, on the dev gold texts and 120 White House documents.

use chronicle_extract::{Extractor, Meta};

fn same_records(texts: &[(String, Option<chrono::NaiveDate>)]) {
    let selective = Extractor::new();
    let full = Extractor::parsing_everything();
    for (i, (text, published)) in texts.iter().enumerate() {
        let meta = Meta {
            published: *published,
            ..Default::default()
        };
        let a = selective.extract(text, &meta);
        let b = full.extract(text, &meta);
        assert!(
            a == b,
            "document {i} differs when every sentence is parsed:\n{}",
            text.chars().take(200).collect::<String>()
        );
    }
}

#[test]
fn the_seed_gives_the_same_records_with_every_sentence_parsed() {
    let text = include_str!("../../../demo/seed.txt").to_string();
    same_records(&[(text, chrono::NaiveDate::from_ymd_opt(2023, 9, 28))]);
}

#[test]
fn shared_texts_give_the_same_records_with_every_sentence_parsed() {
    let shared = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if !shared.is_dir() {
        eprintln!("skipping: ../shared not found");
        return;
    }
    let mut texts = Vec::new();
    let dev = shared.join("gold/dev/texts");
    let mut files: Vec<_> = std::fs::read_dir(&dev)
        .expect("dev texts")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for f in files {
        texts.push((std::fs::read_to_string(&f).expect("dev text"), None));
    }
    let wh = std::fs::read_to_string(shared.join("data/whitehouse/docs.jsonl")).expect("docs");
    for line in wh.lines().take(120) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let date = v["date"]
            .as_str()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        texts.push((v["text"].as_str().unwrap_or_default().to_string(), date));
    }
    same_records(&texts);
}
