//! Fetching pages and feeds over HTTP, for [`crate::walk`] with
//! `fetch_links` on: a time limit on every request and a size limit on
//! every body.

use std::time::Duration;

/// A blocking HTTP client with the walk's limits.
#[derive(Clone)]
pub(crate) struct Fetcher {
    agent: ureq::Agent,
    max_bytes: u64,
}

/// A fetched body and its declared content type.
pub(crate) struct Fetched {
    pub body: Vec<u8>,
    pub content_type: Option<String>,
}

impl Fetched {
    /// The `charset` parameter of the content type.
    pub(crate) fn charset(&self) -> Option<&str> {
        charset_param(self.content_type.as_deref()?)
    }
}

impl Fetcher {
    pub(crate) fn new(timeout: Duration, max_bytes: u64) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(5)
            .user_agent(concat!("chronicle-ingest/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Fetcher { agent, max_bytes }
    }

    /// Fetches `url` (http or https only); the error is a one-line reason.
    pub(crate) fn get(&self, url: &str) -> Result<Fetched, String> {
        if !crate::source::is_url(url) {
            return Err(format!("not an http(s) address: {url:?}"));
        }
        let mut resp = self
            .agent
            .get(url)
            .call()
            .map_err(|e| format!("fetch failed: {e}"))?;
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(n) => {
                    format!("fetched body is larger than the {n}-byte limit")
                }
                e => format!("fetch failed: {e}"),
            })?;
        if body.is_empty() {
            return Err("fetched body is empty".into());
        }
        Ok(Fetched { body, content_type })
    }
}

/// The `charset` parameter of a `Content-Type` value.
pub(crate) fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
            .filter(|v| !v.is_empty())
    })
}
