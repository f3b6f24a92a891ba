//! The UI in headless Chromium through chromedriver (WebDriver, fantoccini):
//! the dashboard loads, the event list filters, a document shows its
//! highlights with markup as text, and confirming an event marks it
//! reviewed.
//!
//! Needs `chromium` and `chromium-driver` (Debian); without chromedriver the
//! test says it is skipped, except under CI (`CI` set), where it fails.

#![cfg(unix)]

mod common;

use std::net::TcpListener as StdListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

const TOKEN: &str = "browser-token";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    for name in names {
        let p = PathBuf::from(name);
        if p.is_absolute() && p.is_file() {
            return Some(p);
        }
        if let Some(paths) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&paths) {
                let c = dir.join(name);
                if c.is_file() {
                    return Some(c);
                }
            }
        }
    }
    None
}

/// Kills chromedriver and the browser it started (its own process group)
/// when the test ends, passed or not.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn wait_js(c: &Client, expr: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = c
            .execute(&format!("return ({expr});"), vec![])
            .await
            .unwrap_or(Value::Null);
        if !(v.is_null() || v == Value::Bool(false)) {
            return v;
        }
        if Instant::now() > deadline {
            let body = c
                .execute("return document.body.innerText", vec![])
                .await
                .unwrap_or(Value::Null);
            panic!("timed out waiting for {expr}; page text: {body}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn open(c: &Client, url: &str) {
    c.goto(url).await.expect("goto");
    wait_js(c, "document.body.dataset.ready === '1'").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_ui_works_in_a_browser() {
    let Some(driver) = find_program(&["/usr/bin/chromedriver", "chromedriver"]) else {
        if std::env::var_os("CI").is_some() {
            panic!("chromedriver not found, and CI needs the browser test (apt-get install chromium chromium-driver)");
        }
        eprintln!("skipped: chromedriver not found");
        return;
    };
    let browser = find_program(&["/usr/bin/chromium", "chromium", "chromium-browser"]);

    let f = common::fixture();
    let router = chronicle_serve::app(&common::config(&f, Some(TOKEN))).expect("app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });

    let port = free_port();
    let _driver = Driver(
        Command::new(&driver)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut opts = json!({
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage",
            format!("--user-data-dir={}", profile.path().display()),
        ]
    });
    if let Some(b) = &browser {
        opts["binary"] = json!(b.display().to_string());
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), opts);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let wd = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let c = loop {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&wd)
            .await
        {
            Ok(c) => break c,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("no WebDriver session: {e}"),
        }
    };

    // The dashboard: counts, a donor chart, the network.
    open(&c, &format!("{base}/")).await;
    wait_js(
        &c,
        "document.querySelector('#counts').textContent.includes('3 documents')",
    )
    .await;
    wait_js(
        &c,
        "document.querySelectorAll('#donors svg rect').length > 0",
    )
    .await;
    wait_js(
        &c,
        "document.querySelectorAll('#network svg line').length > 0",
    )
    .await;

    // The event list, filtered by type through the form.
    open(&c, &format!("{base}/events")).await;
    let all = wait_js(&c, "document.querySelectorAll('#event-list li').length").await;
    let select = c.find(Locator::Css("#f-type")).await.unwrap();
    select.select_by_value("VISIT").await.unwrap();
    c.find(Locator::Css("#f-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(&c, "location.search.includes('type=VISIT')").await;
    wait_js(&c, "document.querySelector('#event-list') && document.querySelectorAll('#event-list li').length > 0 && [...document.querySelectorAll('#event-list li')].every(li => li.textContent.includes('VISIT'))").await;
    let visits = wait_js(&c, "document.querySelectorAll('#event-list li').length").await;
    assert!(visits.as_u64() < all.as_u64(), "filtering narrows the list");

    // A document with markup: shown as text, highlights present, jump links.
    open(&c, &format!("{base}/documents/{}", f.script_doc)).await;
    let title = wait_js(&c, "document.querySelector('#doc-title').textContent").await;
    assert_eq!(title, json!(common::SCRIPT_TITLE));
    wait_js(&c, "document.querySelector('#doctext').textContent.includes('<script>window.pwned = 1</script>')").await;
    wait_js(
        &c,
        "document.querySelectorAll('#doctext .hl-mention').length > 0",
    )
    .await;
    wait_js(
        &c,
        "document.querySelectorAll('#doctext .hl-event').length > 0",
    )
    .await;
    let pwned = c.execute("return window.pwned === undefined && document.querySelectorAll('#doctext script, #doctext img, h1 b').length === 0", vec![]).await.unwrap();
    assert_eq!(pwned, json!(true), "article markup must not run or render");
    c.find(Locator::Css("#doc-events a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(&c, "document.querySelector('.flashed') !== null").await;

    // Confirm an event: save the token, press Confirm, see it reviewed.
    let event_id = wait_js(
        &c,
        "document.querySelector('#doctext .hl-event').dataset.event",
    )
    .await;
    let event_id = event_id.as_str().unwrap().to_string();
    c.find(Locator::Css("#token"))
        .await
        .unwrap()
        .send_keys(TOKEN)
        .await
        .unwrap();
    c.find(Locator::Css("#user"))
        .await
        .unwrap()
        .send_keys("browser")
        .await
        .unwrap();
    c.find(Locator::Css("#save-token"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(
        &c,
        "localStorage.getItem('chronicle-token') === 'browser-token'",
    )
    .await;
    open(&c, &format!("{base}/events/{event_id}")).await;
    wait_js(
        &c,
        "document.querySelector('h1 .badge').dataset.review === 'unreviewed'",
    )
    .await;
    c.find(Locator::Css("#confirm"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(&c, "document.querySelector('h1 .badge') && document.querySelector('h1 .badge').dataset.review === 'confirmed'").await;
    wait_js(&c, "document.querySelector('.audit') && document.querySelector('.audit').textContent.includes('browser confirm')").await;
    // And the list says so too.
    open(&c, &format!("{base}/events?status=confirmed")).await;
    wait_js(&c, &format!("document.querySelector('#event-list li[data-id=\"{event_id}\"] .badge').textContent.includes('confirmed')")).await;

    c.close().await.ok();
}
