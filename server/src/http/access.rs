//! Who is asking, decided once per request before any page or server function runs.
//!
//! [`identify`] puts the client's address and the session's user into the request; each server
//! function then checks authorization itself (see `app::auth::request`). [`guard_pages`] only
//! spares anonymous visitors a page of "sign in" errors by sending them to the sign-in page.

use std::net::{IpAddr, SocketAddr};

use app::auth::request::{AntiForgeryToken, Authenticated, ClientAddress};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::state::AppState;

/// Pages anyone may open.
const PUBLIC_PAGES: &[&str] = &["/login", "/setup"];

/// Paths that never depend on who asks: the browser bundle, static files, operations, and the
/// token-only REST API. Browsers send the session cookie with them too; not looking it up saves
/// two queries per asset.
fn anyone_alike(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/api/v1/")
        || matches!(path, "/favicon.svg" | "/healthz" | "/readyz" | "/metrics" | "/api/openapi.json")
}

/// The client's address: the TCP peer, or with `--behind-proxy` the address the proxy appended
/// last to `X-Forwarded-For` (earlier entries are whatever the client claimed).
fn client_address(request: &Request, behind_proxy: bool) -> Option<IpAddr> {
    let forwarded = || {
        let header = request.headers().get_all("x-forwarded-for").into_iter().next_back()?;
        header.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()
    };
    let peer = || request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    if behind_proxy { forwarded().or_else(peer) } else { peer() }
}

/// Middleware: records the client address and the signed-in user (API routes use bearer tokens
/// only and get no user here).
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let address = client_address(&request, state.auth.behind_proxy).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    request.extensions_mut().insert(ClientAddress(address));
    let user = if anyone_alike(request.uri().path()) {
        None
    } else if let Some(session) = request.extensions().get::<Session>().cloned() {
        match app::auth::session::user_of(&state.pool, &session).await {
            Ok(user) => user,
            Err(app::error::AppError::Unavailable(_)) => return super::outage::page(),
            // The session store reports an outage as a store error: tell the two apart.
            Err(_) if !super::outage::database_answers(&state.pool).await => return super::outage::page(),
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    } else {
        tracing::error!("BUG: no session layer in front of the identify middleware");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let signed_in = user.is_some();
    if signed_in && let Some(session) = request.extensions().get::<Session>().cloned() {
        match app::auth::session::anti_forgery_token(&session).await {
            Ok(token) => {
                request.extensions_mut().insert(AntiForgeryToken(token));
            }
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
    request.extensions_mut().insert(Authenticated(user));
    let mut response = next.run(request).await;
    // What a signed-in person sees is theirs: no cache (shared or the browser's) may keep it.
    if signed_in {
        response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    }
    response
}

/// Route layer on the Leptos routes: an anonymous visitor asking for a page goes to the sign-in
/// page, which brings them back afterwards. Server functions (`/api/fn/…`) answer 401 themselves.
pub async fn guard_pages(mut request: Request, next: Next) -> Response {
    if !is_same_origin_navigation(request.headers()) {
        forget_form_error(&mut request);
    }
    let path = request.uri().path();
    let is_page = matches!(*request.method(), Method::GET | Method::HEAD) && !path.starts_with("/api/");
    let signed_in = request.extensions().get::<Authenticated>().is_some_and(|user| user.0.is_some());
    if !is_page || signed_in || PUBLIC_PAGES.contains(&path) {
        return next.run(request).await;
    }
    let wanted = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
    let query = serde_urlencoded::to_string([("next", wanted)]).unwrap_or_default();
    let mut response = Redirect::to(&format!("/login?{query}")).into_response();
    // Pages differ per user: never let a shared cache keep one.
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    response
}

/// Leptos reports a failed no-JavaScript form post by redirecting back with `__path` and
/// `__err` in the query, and the page shows that error. Only a navigation from one of our own
/// pages can be such a redirect: from anywhere else (a link in a mail, another site) the text is
/// whatever the link's author wrote, so it is dropped before the page renders.
fn is_same_origin_navigation(headers: &axum::http::HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|value| value.to_str().ok()) {
        // Not "none": a link opened from another program arrives that way too.
        return site == "same-origin";
    }
    // Browsers without fetch metadata: the redirect keeps our page as the referrer
    // (Referrer-Policy: same-origin sends it only to ourselves).
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok());
    let referrer_host =
        headers.get(header::REFERER).and_then(|value| value.to_str().ok()).and_then(super::origin::url_host);
    matches!((host, referrer_host), (Some(host), Some(referrer)) if host.eq_ignore_ascii_case(referrer))
}

/// Removes `__err` and `__path` from the request's query.
fn forget_form_error(request: &mut Request) {
    let Some(query) = request.uri().query() else { return };
    if !query.contains("__err") && !query.contains("__path") {
        return;
    }
    let kept: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, _)| name != "__err" && name != "__path")
        .collect();
    let query = serde_urlencoded::to_string(&kept).unwrap_or_default();
    let path = request.uri().path();
    let path_and_query = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
    let mut parts = request.uri().clone().into_parts();
    match path_and_query.parse() {
        Ok(parsed) => parts.path_and_query = Some(parsed),
        Err(_) => return,
    }
    if let Ok(uri) = axum::http::Uri::from_parts(parts) {
        *request.uri_mut() = uri;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_from(peer: &str, forwarded: Option<&str>) -> Request {
        let mut builder = Request::builder().uri("/");
        if let Some(value) = forwarded {
            builder = builder.header("x-forwarded-for", value);
        }
        let mut request = builder.body(axum::body::Body::empty()).expect("request");
        request.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().expect("addr")));
        request
    }

    #[test]
    fn a_form_error_is_kept_only_on_a_navigation_from_our_own_pages() {
        let navigation = |headers: &[(&str, &str)]| {
            let mut builder = Request::builder().uri("/login?next=%2F&__path=x&__err=SGk%3D");
            for (name, value) in headers {
                builder = builder.header(*name, *value);
            }
            let mut request = builder.body(axum::body::Body::empty()).expect("request");
            if !is_same_origin_navigation(request.headers()) {
                forget_form_error(&mut request);
            }
            request.uri().to_string()
        };
        let kept = "/login?next=%2F&__path=x&__err=SGk%3D";
        assert_eq!(navigation(&[("sec-fetch-site", "same-origin")]), kept);
        assert_eq!(navigation(&[("sec-fetch-site", "cross-site")]), "/login?next=%2F");
        assert_eq!(navigation(&[("sec-fetch-site", "none")]), "/login?next=%2F");
        assert_eq!(navigation(&[]), "/login?next=%2F");
        assert_eq!(navigation(&[("host", "plumb.test"), ("referer", "http://plumb.test/login")]), kept);
        assert_eq!(
            navigation(&[("host", "plumb.test"), ("referer", "https://evil.example/")]),
            "/login?next=%2F"
        );
    }

    #[test]
    fn the_forwarded_address_counts_only_behind_a_proxy_and_only_its_last_hop() {
        let request = request_from("10.0.0.2:5000", Some("203.0.113.9, 198.51.100.4"));
        assert_eq!(client_address(&request, false), Some("10.0.0.2".parse().expect("ip")));
        assert_eq!(client_address(&request, true), Some("198.51.100.4".parse().expect("ip")));
        let direct = request_from("10.0.0.2:5000", None);
        assert_eq!(client_address(&direct, true), Some("10.0.0.2".parse().expect("ip")));
    }
}
