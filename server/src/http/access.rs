//! Who is asking, decided once per request before any page or server function runs.
//!
//! [`identify`] puts the client's address and the session's user into the request; each server
//! function then checks authorization itself (see `app::auth::request`). [`guard_pages`] only
//! spares anonymous visitors a page of "sign in" errors by sending them to the sign-in page.

use std::net::{IpAddr, SocketAddr};

use app::auth::request::{Authenticated, ClientAddress};
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
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    } else {
        tracing::error!("BUG: no session layer in front of the identify middleware");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    request.extensions_mut().insert(Authenticated(user));
    next.run(request).await
}

/// Route layer on the Leptos routes: an anonymous visitor asking for a page goes to the sign-in
/// page, which brings them back afterwards. Server functions (`/api/fn/…`) answer 401 themselves.
pub async fn guard_pages(request: Request, next: Next) -> Response {
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
    fn the_forwarded_address_counts_only_behind_a_proxy_and_only_its_last_hop() {
        let request = request_from("10.0.0.2:5000", Some("203.0.113.9, 198.51.100.4"));
        assert_eq!(client_address(&request, false), Some("10.0.0.2".parse().expect("ip")));
        assert_eq!(client_address(&request, true), Some("198.51.100.4".parse().expect("ip")));
        let direct = request_from("10.0.0.2:5000", None);
        assert_eq!(client_address(&direct, true), Some("10.0.0.2".parse().expect("ip")));
    }
}
