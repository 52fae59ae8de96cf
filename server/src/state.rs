//! What every request handler can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

use crate::http::metrics::Metrics;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, pool: PgPool) -> Self {
        Self { leptos_options, pool, metrics: Arc::new(Metrics::default()) }
    }
}
