//! What every request handler can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

use crate::http::metrics::Metrics;

/// Largest upload accepted unless PLUMB_MAX_UPLOAD_BYTES says otherwise (2 MiB).
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub metrics: Arc<Metrics>,
    pub max_upload_bytes: usize,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, pool: PgPool) -> Self {
        Self {
            leptos_options,
            pool,
            metrics: Arc::new(Metrics::default()),
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
        }
    }

    pub fn with_max_upload_bytes(mut self, bytes: usize) -> Self {
        self.max_upload_bytes = bytes;
        self
    }
}
