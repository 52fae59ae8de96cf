//! The signed-in user of a browser session.
//!
//! A session row (tower-sessions, in PostgreSQL) holds only the user's id and the session
//! generation it was started under. Every request re-reads the user, so a role change applies at
//! once, and a disabled user or a bumped generation (password changed or reset) ends the
//! session there and then.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::db::users;
use crate::domain::account::CurrentUser;
use crate::error::{AppError, Result};

const USER_KEY: &str = "plumb.user";
/// The day (days since 1970) the session was last saved. Saving it at most once a day keeps an
/// active session from expiring (its expiry counts from the last save) without a database write
/// on every request.
const REFRESHED_KEY: &str = "plumb.refreshed_day";
/// The session's anti-forgery token: every state-changing request of a signed-in session must
/// carry it (see the server's `csrf` middleware). Random per session, new at every sign-in.
const ANTI_FORGERY_KEY: &str = "plumb.anti_forgery";

fn new_anti_forgery_token() -> String {
    rand::random::<[u8; 32]>().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The session's anti-forgery token (made now for sessions started before there were any).
pub async fn anti_forgery_token(session: &Session) -> Result<String> {
    if let Some(token) = session.get::<String>(ANTI_FORGERY_KEY).await.map_err(AppError::internal)? {
        return Ok(token);
    }
    let token = new_anti_forgery_token();
    session.insert(ANTI_FORGERY_KEY, token.clone()).await.map_err(AppError::internal)?;
    Ok(token)
}

#[derive(Debug, Serialize, Deserialize)]
struct SessionUser {
    user_id: i64,
    generation: i32,
}

/// Marks `session` as `user_id`'s under a new session id (so an id planted before sign-in is
/// worthless afterwards).
pub async fn sign_in(session: &Session, user_id: i64, generation: i32) -> Result<()> {
    session.cycle_id().await.map_err(AppError::internal)?;
    session.insert(ANTI_FORGERY_KEY, new_anti_forgery_token()).await.map_err(AppError::internal)?;
    session.insert(USER_KEY, SessionUser { user_id, generation }).await.map_err(AppError::internal)
}

/// Deletes the session from the store and tells the browser to drop its cookie.
pub async fn sign_out(session: &Session) -> Result<()> {
    session.flush().await.map_err(AppError::internal)
}

/// The user this session belongs to, if it is still valid; ends it when it is not.
pub async fn user_of(pool: &sqlx::PgPool, session: &Session) -> Result<Option<CurrentUser>> {
    let Some(stored) = session.get::<SessionUser>(USER_KEY).await.map_err(AppError::internal)? else {
        return Ok(None);
    };
    match users::session_holder(pool, stored.user_id).await? {
        Some(holder) if !holder.disabled && holder.session_generation == stored.generation => {
            let today = chrono::Utc::now().timestamp().div_euclid(86_400);
            if session.get::<i64>(REFRESHED_KEY).await.map_err(AppError::internal)? != Some(today) {
                session.insert(REFRESHED_KEY, today).await.map_err(AppError::internal)?;
            }
            Ok(Some(holder.user))
        }
        _ => {
            sign_out(session).await?;
            Ok(None)
        }
    }
}
