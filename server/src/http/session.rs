//! Browser sessions: tower-sessions with a PostgreSQL store, so every `plumb` instance sees the
//! same sessions.

use sqlx::PgPool;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};

use super::session_store::PgSessionStore;

/// The session cookie's name.
pub const COOKIE_NAME: &str = "plumb_session";

/// A session ends after this long without use (it is refreshed at most once a day, see
/// `app::auth::session`).
pub const IDLE_DAYS: i64 = 7;

/// The layer that loads and saves sessions. The cookie is HttpOnly (scripts cannot read it),
/// SameSite=Lax (other sites' forms do not carry it) and Secure when served over HTTPS.
pub fn layer(pool: PgPool, secure: bool) -> SessionManagerLayer<PgSessionStore> {
    SessionManagerLayer::new(PgSessionStore::new(pool))
        .with_name(COOKIE_NAME)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(Duration::days(IDLE_DAYS)))
}

/// Deletes sessions past their expiry (housekeeping; several instances may run it at once).
pub async fn delete_expired(pool: PgPool) -> Result<(), tower_sessions::session_store::Error> {
    PgSessionStore::new(pool).delete_expired().await
}
