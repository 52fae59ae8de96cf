//! DNS rebinding: a page on another site whose name an attacker points at Plumb's address can
//! make the browser send it requests that look same-origin to that page. When `--public-url`
//! is set, Plumb therefore answers only requests that name its public host. Health, readiness
//! and metrics answer whatever host they are asked by (orchestrators and scrapers use
//! addresses), and they touch no user's data.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// The host a request is for: `Host`, or behind a trusted proxy the `X-Forwarded-Host` it set.
fn requested_host(headers: &HeaderMap, behind_proxy: bool) -> Option<&str> {
    let forwarded = || headers.get("x-forwarded-host")?.to_str().ok()?.rsplit(',').next().map(str::trim);
    let host = || headers.get(header::HOST)?.to_str().ok();
    if behind_proxy { forwarded().or_else(host) } else { host() }
}

/// Whether a request for `requested` may be answered when the public host is `public`.
pub fn is_public_host(requested: Option<&str>, public: &str) -> bool {
    requested.is_some_and(|host| host.eq_ignore_ascii_case(public))
}

/// Middleware: 421 for requests naming another host than the public URL's.
pub async fn refuse_foreign_host(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(public) = state.auth.public_host.as_deref() else {
        return next.run(request).await;
    };
    let ops = matches!(request.uri().path(), "/healthz" | "/readyz" | "/metrics");
    if ops || is_public_host(requested_host(request.headers(), state.auth.behind_proxy), public) {
        return next.run(request).await;
    }
    tracing::warn!(host = ?request.headers().get(header::HOST), "refused a request for another host");
    (StatusCode::MISDIRECTED_REQUEST, format!("this server answers for {public} only\n")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_public_host_is_answered() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "Plumb.Example.com".parse().expect("value"));
        assert!(is_public_host(requested_host(&headers, false), "plumb.example.com"));
        headers.insert(header::HOST, "rebound.evil.example".parse().expect("value"));
        assert!(!is_public_host(requested_host(&headers, false), "plumb.example.com"));
        headers.insert("x-forwarded-host", "plumb.example.com".parse().expect("value"));
        assert!(!is_public_host(requested_host(&headers, false), "plumb.example.com"), "not behind a proxy");
        assert!(is_public_host(requested_host(&headers, true), "plumb.example.com"));
        assert!(!is_public_host(None, "plumb.example.com"));
    }
}
