//! The first run: while nobody has an account, `plumb serve` prints a one-time link whose page
//! creates the first admin. The token in the link is random (256 bits), stored only as a
//! SHA-256, and every such token is deleted once the first admin exists.

use sqlx::PgPool;
use tower_sessions::Session;

use super::Acting;
use super::accounts::{self, NewAccount};
use crate::auth::{random_hex, session};
use crate::db::{setup_tokens, users};
use crate::domain::account::Role;
use crate::domain::secret;
use crate::error::{AppError, Result};

fn digest(token: &str) -> Vec<u8> {
    secret::digest(token.trim()).to_vec()
}

/// A new setup token when no user exists yet, else `None`.
pub async fn issue_if_no_users(pool: &PgPool) -> Result<Option<String>> {
    if users::any_exist(pool).await? {
        return Ok(None);
    }
    let token = random_hex(32);
    setup_tokens::create(pool, &digest(&token)).await?;
    Ok(Some(token))
}

/// Whether `token` may still create the first admin.
pub async fn is_usable(pool: &PgPool, token: &str) -> Result<bool> {
    Ok(!users::any_exist(pool).await? && setup_tokens::is_valid(pool, &digest(token)).await?)
}

/// Creates the first admin with a valid setup token and signs them in on `session`.
pub async fn create_first_admin(
    pool: &PgPool,
    session: &Session,
    token: &str,
    account: NewAccount,
) -> Result<i64> {
    let used_up = || AppError::Conflict("this setup link has been used already; sign in instead".to_owned());
    if !is_usable(pool, token).await? {
        return Err(used_up());
    }
    let checked = accounts::check(NewAccount { role: Role::Admin, ..account }).await?;
    let mut tx = pool.begin().await?;
    // Two people opening the link at once: the second waits here, then finds a user.
    sqlx::query("select pg_advisory_xact_lock(hashtext('plumb.setup'))").execute(&mut *tx).await?;
    if users::any_exist(&mut *tx).await? || !setup_tokens::is_valid(&mut *tx, &digest(token)).await? {
        return Err(used_up());
    }
    let acting = Acting { via: Some("setup link"), ..Acting::default() };
    let user_id = accounts::insert(&mut tx, &acting, &checked).await?;
    setup_tokens::delete_all(&mut *tx).await?;
    tx.commit().await?;
    let holder = users::session_holder(pool, user_id)
        .await?
        .ok_or_else(|| AppError::internal("BUG: new admin vanished"))?;
    session::sign_in(session, user_id, holder.session_generation).await?;
    Ok(user_id)
}
