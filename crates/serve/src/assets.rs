//! The embedded assets: page shells, script, style sheet, OpenAPI text.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");
pub const OPENAPI: &str = include_str!("../assets/openapi.json");
const SHELL: &str = include_str!("../assets/page.html");

/// The HTML shell of a page: the script renders it from the JSON API.
pub fn page(name: &str) -> Response {
    let title = match name {
        "dashboard" => "Dashboard",
        "events" => "Events",
        "event" => "Event",
        "document" => "Document",
        "actor" => "Actor",
        "search" => "Search",
        _ => "Not found",
    };
    let html = SHELL.replace("{{page}}", name).replace("{{title}}", title);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        html,
    )
        .into_response()
}

/// One embedded asset by name.
pub fn asset(name: &str) -> Response {
    let (ty, body) = match name {
        "app.js" => ("text/javascript; charset=utf-8", APP_JS),
        "app.css" => ("text/css; charset=utf-8", APP_CSS),
        "openapi.json" => ("application/json", OPENAPI),
        _ => return (StatusCode::NOT_FOUND, "not found").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, ty),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}
