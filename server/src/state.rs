//! What every request handler can reach.

use std::sync::Arc;

use app::api::portfolio::StaleAfterDays;
use app::domain::secret;
use app::domain::throttle::LoginThrottle;
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
    pub auth: AuthSettings,
    /// How old a last audit may be before the portfolio calls the project stale.
    pub stale_after: StaleAfterDays,
    pub metrics_access: MetricsAccess,
}

/// Who may read `/metrics`: anyone, or only a scraper with the bearer token, kept as its
/// digest ([`secret`]).
#[derive(Debug, Clone, Default)]
pub struct MetricsAccess {
    token_sha256: Option<[u8; 32]>,
}

impl MetricsAccess {
    pub fn bearer(token: &str) -> Self {
        Self { token_sha256: Some(secret::digest(token)) }
    }

    /// Whether a request with this `Authorization` header value may read the metrics.
    pub fn allows(&self, authorization: Option<&str>) -> bool {
        let Some(expected) = &self.token_sha256 else { return true };
        authorization
            .and_then(|value| value.strip_prefix("Bearer "))
            .is_some_and(|given| secret::matches(given.trim(), expected))
    }
}

/// How people sign in and how their sessions are kept.
#[derive(Debug, Clone, Default)]
pub struct AuthSettings {
    /// Mark the session cookie `Secure` (the site is served over HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from the last `X-Forwarded-For` hop (a trusted proxy adds it).
    pub behind_proxy: bool,
    /// Host and port of the public URL, accepted as a form's origin besides the `Host` header;
    /// when set, requests naming another host are refused (DNS rebinding).
    pub public_host: Option<String>,
    /// The public URL is https: responses carry `Strict-Transport-Security`.
    pub public_https: bool,
    pub throttle: LoginThrottle,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, pool: PgPool) -> Self {
        Self {
            leptos_options,
            pool,
            metrics: Arc::new(Metrics::default()),
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            auth: AuthSettings::default(),
            stale_after: StaleAfterDays::default(),
            metrics_access: MetricsAccess::default(),
        }
    }

    pub fn with_auth(mut self, auth: AuthSettings) -> Self {
        self.auth = auth;
        self
    }

    pub fn with_stale_after_days(mut self, days: i64) -> Self {
        self.stale_after = StaleAfterDays(days);
        self
    }

    pub fn with_metrics_access(mut self, access: MetricsAccess) -> Self {
        self.metrics_access = access;
        self
    }

    pub fn with_max_upload_bytes(mut self, bytes: usize) -> Self {
        self.max_upload_bytes = bytes;
        self
    }
}
