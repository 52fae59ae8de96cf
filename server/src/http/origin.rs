//! Cross-site request forgery: a state-changing request from a browser must come from a page
//! of this site. The session cookie is `SameSite=Lax` as well; this check does not rely on it.
//!
//! Browsers mark every request with `Sec-Fetch-Site` (and POSTs with `Origin`); a request
//! carrying neither is refused too, since it cannot show where it came from. The bearer-token
//! API under `/api/v1/` never reads cookies, so it is exempt.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// The host (and port) of an absolute URL or an origin: `https://plumb.example.com:8443/x`
/// gives `plumb.example.com:8443`; `None` for opaque origins such as `null`.
pub fn url_host(url: &str) -> Option<&str> {
    url.split_once("://").map(|(_, rest)| rest.split('/').next().unwrap_or(rest))
}

/// Whether a state-changing request's headers show it was sent by a page of this site.
/// `public_host` is the host (and port) of `--public-url`, when set.
pub fn is_same_origin(headers: &HeaderMap, public_host: Option<&str>) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|value| value.to_str().ok()) {
        // "none": typed by the user or a bookmark, not triggered by another site.
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let Some(origin_host) = url_host(origin) else {
        return false; // "null" and other opaque origins
    };
    let request_host = headers.get(header::HOST).and_then(|value| value.to_str().ok());
    request_host.is_some_and(|host| host.eq_ignore_ascii_case(origin_host))
        || public_host.is_some_and(|host| host.eq_ignore_ascii_case(origin_host))
}

/// Middleware: refuses cross-site (or unattributable) state-changing requests with 403.
pub async fn refuse_cross_site(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe_method = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe_method
        || request.uri().path().starts_with("/api/v1/")
        || is_same_origin(request.headers(), state.auth.public_host.as_deref())
    {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "refused a cross-site state-changing request");
    (StatusCode::FORBIDDEN, "cross-site request refused: this form must be sent from a Plumb page\n")
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                header::HeaderName::from_bytes(name.as_bytes()).expect("name"),
                value.parse().expect("value"),
            );
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_origin(&headers(&[("sec-fetch-site", "same-origin")]), None));
        assert!(is_same_origin(&headers(&[("sec-fetch-site", "none")]), None));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "cross-site"), ("origin", "http://a")]), None));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "same-site")]), None));
    }

    #[test]
    fn the_host_of_a_url_or_origin_is_what_lies_between_scheme_and_path() {
        assert_eq!(url_host("https://plumb.example.com:8443/x/y"), Some("plumb.example.com:8443"));
        assert_eq!(url_host("http://plumb.test/"), Some("plumb.test"));
        assert_eq!(url_host("http://plumb.test"), Some("plumb.test"));
        assert_eq!(url_host("null"), None);
    }

    #[test]
    fn otherwise_the_origin_must_match_the_host_or_the_public_url() {
        let same = headers(&[("origin", "http://plumb.test:3000"), ("host", "plumb.test:3000")]);
        assert!(is_same_origin(&same, None));
        let other = headers(&[("origin", "https://evil.example"), ("host", "plumb.test:3000")]);
        assert!(!is_same_origin(&other, None));
        let proxied = headers(&[("origin", "https://plumb.example.com"), ("host", "10.0.0.5:3000")]);
        assert!(is_same_origin(&proxied, Some("plumb.example.com")));
        assert!(!is_same_origin(&headers(&[("origin", "null"), ("host", "a")]), None));
        assert!(!is_same_origin(&headers(&[("host", "plumb.test")]), None), "no evidence at all");
    }
}
