//! Signing in with email and password, throttled per account and per client address.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use tower_sessions::Session;

use super::{password, session};
use crate::db::{login_throttle, users};
use crate::domain::throttle::{LoginThrottle, account_key, address_key, describe_wait};
use crate::error::{AppError, Result};

/// One sign-in attempt.
pub struct Attempt<'a> {
    pub email: &'a str,
    pub password: String,
    pub address: IpAddr,
    pub now: DateTime<Utc>,
}

/// Checks the attempt against the throttle and the stored password; on success the session
/// becomes the user's (under a new id) and the account's failure count is forgotten.
pub async fn sign_in(
    pool: &PgPool,
    throttle: &LoginThrottle,
    session: &Session,
    attempt: Attempt<'_>,
) -> Result<i64> {
    let account = account_key(attempt.email);
    let address = address_key(attempt.address);
    // A throttled key is refused before the password is looked at, so waiting is the only way on.
    if let Some(wait) =
        throttle.per_account.wait(login_throttle::failures(pool, &account).await?, attempt.now)
    {
        return Err(AppError::TooManyAttempts(format!(
            "Too many failed sign-ins for this account. Try again in {}.",
            describe_wait(wait)
        )));
    }
    if let Some(wait) =
        throttle.per_address.wait(login_throttle::failures(pool, &address).await?, attempt.now)
    {
        return Err(AppError::TooManyAttempts(format!(
            "Too many failed sign-ins from your address. Try again in {}.",
            describe_wait(wait)
        )));
    }

    let credentials = users::credentials(pool, attempt.email.trim()).await?;
    let stored_hash = credentials.as_ref().map(|found| found.password_hash.clone());
    let matches = password::verify(stored_hash, attempt.password).await?;
    let Some(credentials) = credentials.filter(|_| matches) else {
        login_throttle::record_failure(pool, &account, attempt.now, throttle.per_account.window).await?;
        login_throttle::record_failure(pool, &address, attempt.now, throttle.per_address.window).await?;
        tracing::info!(throttle_key = %address, "failed sign-in");
        return Err(AppError::InvalidCredentials);
    };
    if credentials.disabled {
        return Err(AppError::Conflict("this account is disabled; ask an admin to enable it".to_owned()));
    }
    login_throttle::clear(pool, &account).await?;
    session::sign_in(session, credentials.app_user_id, credentials.session_generation).await?;
    tracing::info!(user_id = credentials.app_user_id, "signed in");
    Ok(credentials.app_user_id)
}
