//! The HTTP surface: Leptos pages and server functions, operational endpoints, and the layers
//! every response passes through.

pub mod access;
pub mod api;
pub mod metrics;
pub mod ops;
pub mod origin;
pub mod reports;
pub mod security;
pub mod server_fn_status;
pub mod session;
pub mod session_store;
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
        .layer(middleware::from_fn(security::set_headers))
        .layer(middleware::from_fn_with_state(state.metrics.clone(), metrics::track))
        .layer(middleware::from_fn_with_state(state.clone(), origin::refuse_cross_site))
        .layer(middleware::from_fn(server_fn_status::map_errors))
        .layer(session::layer(state.pool.clone(), state.auth.secure_cookies))
        .layer(middleware::from_fn_with_state(state.clone(), access::identify));

    Router::new()
        .merge(api::routes(state.max_upload_bytes))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/projects/{slug}/report.pdf", get(reports::project_report))
        .route("/report.pdf", get(reports::portfolio_report))
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
