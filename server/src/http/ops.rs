//! Endpoints for operators and orchestrators: liveness, readiness and metrics.

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;

use super::outage::Probe;
use crate::state::AppState;

/// Readiness must answer quickly even when the database hangs.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// Liveness: the process is up and serving HTTP. Touches nothing else on purpose, so a database
/// outage does not get healthy app servers restarted.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// Readiness: the database answers. 503 otherwise, so a load balancer routes around us.
pub async fn readyz(State(pool): State<PgPool>) -> impl IntoResponse {
    match super::outage::probe(&pool, READY_TIMEOUT).await {
        Probe::Answered => (StatusCode::OK, "ready\n"),
        Probe::Failed(error) => {
            tracing::warn!(%error, "readiness check: database query failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
        Probe::TimedOut => {
            tracing::warn!("readiness check: database did not answer in time");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}

/// Prometheus text exposition of request and pool metrics (with `--metrics-token`, only for a
/// scraper that sends it).
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
    if !state.metrics_access.allows(authorization) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer realm=\"plumb-metrics\"")],
            "send the metrics token: Authorization: Bearer <token>\n",
        )
            .into_response();
    }
    let pool = super::metrics::PoolGauges {
        size: state.pool.size(),
        idle: u32::try_from(state.pool.num_idle()).unwrap_or(u32::MAX),
        max: state.pool.options().get_max_connections(),
    };
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], state.metrics.render(pool))
        .into_response()
}
