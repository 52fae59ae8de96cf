//! The HTTP surface: Leptos pages and server functions, operational endpoints, and the layers
//! every response passes through.

pub mod access;
pub mod api;
pub mod csrf;
pub mod host;
pub mod metrics;
pub mod multipart;
pub mod ops;
pub mod origin;
pub mod outage;
pub mod reports;
pub mod security;
pub mod server_fn_status;
pub mod session;
pub mod session_store;
pub mod source;
pub mod upload_form;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderName;
use axum::middleware;
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::state::AppState;

/// Header carrying the request id, taken from the client (or a proxy) when present.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Bytes a multipart form adds around the report it carries (boundaries, part headers, the
/// empty text field).
const MULTIPART_OVERHEAD: usize = 64 * 1024;

/// Longest request id taken from a client; longer ones are replaced by a new one.
const MAX_REQUEST_ID_LEN: usize = 64;

/// Whether a client's request id is short and plain enough to put into logs and answers.
fn is_usable_request_id(id: &[u8]) -> bool {
    !id.is_empty()
        && id.len() <= MAX_REQUEST_ID_LEN
        && id.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// Middleware: a client-supplied `x-request-id` that is too long or has other characters is
/// dropped, so the next layer makes a fresh one instead of copying it into every log line.
async fn drop_unusable_request_id(
    mut request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let headers = request.headers_mut();
    let usable = headers.get_all(REQUEST_ID_HEADER).iter().count() <= 1
        && headers.get(REQUEST_ID_HEADER).is_none_or(|id| is_usable_request_id(id.as_bytes()));
    if !usable {
        headers.remove(REQUEST_ID_HEADER);
    }
    next.run(request).await
}

/// Plumb's whole router. `main` serves it; integration tests serve the same router on port 0.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);

    // Runs inside every page render and server function: hands the app its database pool and
    // puts the per-response script nonce into the page's Content-Security-Policy.
    let leptos_context = {
        let pool = state.pool.clone();
        let throttle = state.auth.throttle;
        let stale_after = state.stale_after;
        move || {
            provide_context(pool.clone());
            provide_context(throttle);
            provide_context(stale_after);
            security::attach_page_csp();
        }
    };

    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, leptos_context.clone(), {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        })
        .route_layer(middleware::from_fn(access::guard_pages));

    let layers = ServiceBuilder::new()
        .layer(middleware::from_fn(drop_unusable_request_id))
        .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::http::Request<_>| {
                    let request_id = request
                        .headers()
                        .get(REQUEST_ID_HEADER)
                        .and_then(|value| value.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(state.clone(), security::set_headers))
        .layer(middleware::from_fn_with_state(state.clone(), host::refuse_foreign_host))
        .layer(middleware::from_fn_with_state(state.metrics.clone(), metrics::track))
        .layer(middleware::from_fn_with_state(state.clone(), origin::refuse_cross_site))
        .layer(middleware::from_fn(server_fn_status::map_errors))
        .layer(session::layer(state.pool.clone(), state.auth.secure_cookies))
        .layer(middleware::from_fn_with_state(state.clone(), access::identify))
        .layer(middleware::from_fn(csrf::require_token));

    Router::new()
        .merge(api::routes(state.max_upload_bytes))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/projects/{slug}/report.pdf", get(reports::project_report))
        .route("/report.pdf", get(reports::portfolio_report))
        .route("/projects/{slug}/snapshots/{id}/source.txt", get(source::snapshot_source))
        .route(
            "/upload/draft",
            // Room for the multipart framing around a report of the largest size.
            post(upload_form::create_draft)
                .layer(DefaultBodyLimit::max(state.max_upload_bytes + MULTIPART_OVERHEAD)),
        )
        .merge(pages)
        .fallback(file_and_error_handler_with_context::<AppState, _>(leptos_context, app::shell))
        .layer(layers)
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_request_ids_are_kept() {
        assert!(is_usable_request_id(b"6f1c0d2e-ci-42"));
        assert!(!is_usable_request_id(&[b'a'; 65]));
        assert!(!is_usable_request_id(b"id with spaces"));
        assert!(!is_usable_request_id(b"x\"><script>"));
        assert!(!is_usable_request_id(b""));
    }
}
