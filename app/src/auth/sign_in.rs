//! Signing in with email and password, throttled per account and client address, per client
//! address, and per account (see [`crate::domain::throttle`] for the policy).

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use tower_sessions::Session;

use super::{password, session};
use crate::db::{login_throttle, users};
use crate::domain::throttle::{
    LoginThrottle, ThrottlePolicy, account_key, address_key, describe_wait, pair_key,
};
use crate::error::{AppError, Result};

/// One sign-in attempt.
pub struct Attempt<'a> {
    pub email: &'a str,
    pub password: String,
    pub address: IpAddr,
    pub now: DateTime<Utc>,
}

/// The throttle keys one password check counts against.
pub struct ThrottleKeys {
    pair: String,
    address: String,
    account: String,
}

impl ThrottleKeys {
    pub fn new(user_id: Option<i64>, email: &str, address: IpAddr) -> Self {
        let account = account_key(user_id, email);
        let address = address_key(address);
        Self { pair: pair_key(&account, &address), address, account }
    }

    /// Counts this attempt against each key before the password is checked, and refuses it at
    /// the first key over its limit (later keys are then not counted: a guesser who is already
    /// refused for one account adds nothing to that account's lock for everyone).
    pub async fn reserve(&self, pool: &PgPool, throttle: &LoginThrottle, now: DateTime<Utc>) -> Result<()> {
        let steps: [(&str, &ThrottlePolicy, &str); 3] = [
            (&self.pair, &throttle.per_pair, "for this account from your address"),
            (&self.address, &throttle.per_address, "from your address"),
            (&self.account, &throttle.per_account, "for this account"),
        ];
        for (key, policy, whose) in steps {
            let reserved = login_throttle::reserve(pool, key, now, policy).await?;
            if let Some(wait) = policy.wait_after_reserving(reserved, now) {
                return Err(AppError::TooManyAttempts(format!(
                    "Too many failed sign-ins {whose}. Try again in {}.",
                    describe_wait(wait)
                )));
            }
        }
        Ok(())
    }

    /// The password was right: the account's failures are forgotten, and the attempt given
    /// back to the address (which other accounts share).
    pub async fn succeeded(&self, pool: &PgPool) -> Result<()> {
        login_throttle::clear(pool, &self.pair).await?;
        login_throttle::clear(pool, &self.account).await?;
        login_throttle::release(pool, &self.address).await?;
        Ok(())
    }
}

/// Checks the attempt against the throttle and the stored password; on success the session
/// becomes the user's (under a new id) and the account's failure count is forgotten.
pub async fn sign_in(
    pool: &PgPool,
    throttle: &LoginThrottle,
    session: &Session,
    attempt: Attempt<'_>,
) -> Result<i64> {
    let credentials = users::credentials(pool, attempt.email.trim()).await?;
    let keys = ThrottleKeys::new(
        credentials.as_ref().map(|found| found.app_user_id),
        attempt.email,
        attempt.address,
    );
    // A throttled key is refused before the password is looked at, so waiting is the only way on.
    keys.reserve(pool, throttle, attempt.now).await?;

    let stored_hash = credentials.as_ref().map(|found| found.password_hash.clone());
    let matches = password::verify(stored_hash, attempt.password).await?;
    let Some(credentials) = credentials.filter(|_| matches) else {
        // The reservations stand as the failures they are.
        tracing::info!(throttle_key = %keys.address, "failed sign-in");
        return Err(AppError::InvalidCredentials);
    };
    if credentials.disabled {
        return Err(AppError::Conflict("this account is disabled; ask an admin to enable it".to_owned()));
    }
    keys.succeeded(pool).await?;
    session::sign_in(session, credentials.app_user_id, credentials.session_generation).await?;
    tracing::info!(user_id = credentials.app_user_id, "signed in");
    Ok(credentials.app_user_id)
}
