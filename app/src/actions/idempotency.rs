//! Answers remembered under an `Idempotency-Key`, in two calls: [`recall`] before the work,
//! [`commit_remembered`] at its end, which saves the answer in the work's own transaction so
//! that the answer is remembered exactly when the work is stored.

use serde_json::Value;
use sqlx::{PgPool, Postgres, Transaction};

use crate::db::idempotency;
use crate::error::Result;

/// A request sent with an `Idempotency-Key`.
#[derive(Debug, Clone)]
pub struct Keyed {
    /// Whose keys these are (one caller's key never replays another's answer).
    pub scope: String,
    pub key: String,
    /// What the request said, so that a key used again for another request is refused.
    pub request_sha256: String,
}

/// An answer as sent, and as replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub location: Option<String>,
}

/// What the key recalls.
#[derive(Debug, Clone, PartialEq)]
pub enum Recalled {
    /// The answer to the same request, sent before.
    Answer(Answer),
    /// The key was used for a different request.
    OtherRequest,
}

/// The remembered answer for `keyed`, if its key was used within [`idempotency::KEEP_HOURS`].
pub async fn recall(pool: &PgPool, keyed: &Keyed) -> Result<Option<Recalled>> {
    let Some(saved) = idempotency::find(pool, &keyed.scope, &keyed.key).await? else { return Ok(None) };
    if saved.request_sha256 != keyed.request_sha256 {
        return Ok(Some(Recalled::OtherRequest));
    }
    let status = u16::try_from(saved.response_status).unwrap_or(500);
    Ok(Some(Recalled::Answer(Answer {
        status,
        body: saved.response_body,
        location: saved.response_location,
    })))
}

/// Commits `tx` with `answer` remembered under the key (without a key, just commits); `None`
/// then: send `answer`. When a concurrent request with the same key committed first, `tx` is
/// rolled back and what the key recalls is returned instead.
pub async fn commit_remembered(
    mut tx: Transaction<'_, Postgres>,
    pool: &PgPool,
    keyed: Option<&Keyed>,
    answer: &Answer,
) -> Result<Option<Recalled>> {
    let Some(keyed) = keyed else {
        tx.commit().await?;
        return Ok(None);
    };
    let saved = idempotency::save(
        &mut *tx,
        &keyed.scope,
        &keyed.key,
        &keyed.request_sha256,
        answer.status,
        &answer.body,
        answer.location.as_deref(),
    )
    .await?;
    if saved {
        tx.commit().await?;
        return Ok(None);
    }
    tx.rollback().await?;
    match recall(pool, keyed).await? {
        Some(recalled) => Ok(Some(recalled)),
        None => Err(crate::error::AppError::internal("an idempotency key vanished as it was used")),
    }
}
