//! A small store for the tests: the seed article, a second report of its
//! Kyiv visits, and a document whose title and text hold markup.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chronicle_extract::{Extractor, Meta};
use chronicle_store::{DocMeta, SqliteStore, Store};

/// Text with markup that must show as text.
pub const SCRIPT_TITLE: &str = "<script>window.pwned = 1</script> Leaders <b>meet</b>";
pub const SCRIPT_TEXT: &str = "WASHINGTON — <script>window.pwned = 1</script> President Joe Biden met \
with Chancellor Olaf Scholz of Germany at the White House on Friday, the White House said. \
<img src=x onerror=\"window.pwned = 2\"> The United States pledged $400 million in military aid to Ukraine, \
officials said. \"We stand with Ukraine,\" Biden said.\n";

const SECOND: &str = "NATO Secretary General Jens Stoltenberg visited Kyiv on Thursday, \
where he met with President Volodymyr Zelensky, officials said.\n";

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    /// The document with markup.
    pub script_doc: i64,
}

fn store_text(
    store: &mut SqliteStore,
    ex: &Extractor,
    text: &str,
    title: &str,
    published: &str,
    hash: &str,
) -> i64 {
    let meta = Meta {
        id: Some(hash.to_string()),
        title: Some(title.to_string()),
        source: Some("test".into()),
        url: None,
        published: chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok(),
        outlet_country: None,
    };
    let records = ex.extract(text, &meta);
    let dm = DocMeta {
        content_hash: hash.to_string(),
        path: None,
        outlet: Some("test".into()),
        published: Some(published.to_string()),
        text: Some(text.to_string()),
    };
    store
        .insert_document(&dm, &records)
        .expect("insert")
        .document_id()
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("test.db");
    let mut store = SqliteStore::open(&db).expect("open");
    let ex = Extractor::new();
    let seed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/seed.txt"))
            .expect("demo/seed.txt");
    store_text(&mut store, &ex, &seed, "Seed article", "2023-09-28", "seed");
    store_text(
        &mut store,
        &ex,
        SECOND,
        "Stoltenberg in Kyiv",
        "2023-09-28",
        "second",
    );
    let script_doc = store_text(
        &mut store,
        &ex,
        SCRIPT_TEXT,
        SCRIPT_TITLE,
        "2023-10-06",
        "script",
    );
    drop(store);
    Fixture {
        dir,
        db,
        script_doc,
    }
}

pub fn config(f: &Fixture, token: Option<&str>) -> chronicle_serve::Config {
    chronicle_serve::Config {
        db: f.db.clone(),
        token: token.map(str::to_string),
        user: "tester".into(),
        readers: 2,
    }
}
