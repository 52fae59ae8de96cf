//! Server functions answer every error with 500 and the error in the body. This layer gives the
//! response the status the error stands for (401, 403, 422, …), so clients, proxies and metrics
//! see what happened. Plain form posts are left alone: their answer is a redirect back to the
//! form with the error in the URL.

use app::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use leptos::server_fn::error::FromServerFnError;

/// Error bodies are a few hundred bytes; anything larger is passed on untouched.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn map_errors(request: Request, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/fn/");
    let response = next.run(request).await;
    let failed = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response.headers().contains_key("serverfnerror");
    if !is_server_fn || !failed {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        tracing::error!("a server function's error body could not be read");
        return Response::from_parts(parts, Body::empty());
    };
    let status = StatusCode::from_u16(AppError::de(bytes.clone()).status_code());
    parts.status = status.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if parts.status == StatusCode::SERVICE_UNAVAILABLE {
        parts.headers.insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static(crate::http::api::problem::RETRY_AFTER_SECONDS),
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}
