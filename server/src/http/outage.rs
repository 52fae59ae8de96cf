//! What people see while PostgreSQL cannot be reached: a page (or, for the REST API, a problem
//! document) with status 503 and `Retry-After`, never a bare 500. `/healthz` is untouched, and
//! `/readyz` says 503 on its own.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::http::api::problem::RETRY_AFTER_SECONDS;

/// How long the check for an outage may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// What a trivial query to the database came back with.
pub enum Probe {
    Answered,
    Failed(sqlx::Error),
    TimedOut,
}

/// Asks the database `select 1`, waiting at most `within`.
pub async fn probe(pool: &sqlx::PgPool, within: Duration) -> Probe {
    match tokio::time::timeout(within, sqlx::query("select 1").execute(pool)).await {
        Ok(Ok(_)) => Probe::Answered,
        Ok(Err(error)) => Probe::Failed(error),
        Err(_) => Probe::TimedOut,
    }
}

/// Whether the database answers a trivial query in time.
pub async fn database_answers(pool: &sqlx::PgPool) -> bool {
    matches!(probe(pool, PROBE_TIMEOUT).await, Probe::Answered)
}

/// The "database unavailable" page (plain HTML: the app cannot render without its data).
pub fn page() -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unavailable · Plumb</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>\
         <main><h1>Plumb is unavailable for a moment</h1><p>Sorry: {}.</p>\
         <p>This page can be reloaded in a few seconds.</p></main></body></html>",
        app::error::DATABASE_UNAVAILABLE
    );
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, axum::response::Html(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
