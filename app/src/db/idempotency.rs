//! Stored answers for uploads sent with an `Idempotency-Key`.

use serde_json::Value;
use sqlx::PgExecutor;

/// How long a key is remembered.
pub const KEEP_HOURS: i32 = 24;

pub struct Saved {
    pub request_sha256: String,
    pub response_status: i16,
    pub response_body: Value,
    pub response_location: Option<String>,
}

pub async fn find(db: impl PgExecutor<'_>, caller: &str, key: &str) -> sqlx::Result<Option<Saved>> {
    // language=PostgreSQL
    sqlx::query_as!(
        Saved,
        r#"
        select request_sha256, response_status, response_body, response_location
        from idempotency_key
        where caller = $1 and key = $2 and created_at > now() - make_interval(hours => $3)
        "#,
        caller,
        key,
        KEEP_HOURS
    )
    .fetch_optional(db)
    .await
}

/// Saves the answer for a key; false when the key is already taken (by a concurrent request).
pub async fn save(
    db: impl PgExecutor<'_>,
    caller: &str,
    key: &str,
    request_sha256: &str,
    status: u16,
    body: &Value,
    location: Option<&str>,
) -> sqlx::Result<bool> {
    // language=PostgreSQL
    let saved = sqlx::query!(
        r#"
        insert into idempotency_key (caller, key, request_sha256, response_status, response_body, response_location)
        values ($1, $2, $3, $4, $5, $6)
        on conflict (caller, key) do update set
            request_sha256 = excluded.request_sha256, response_status = excluded.response_status,
            response_body = excluded.response_body, response_location = excluded.response_location,
            created_at = now()
        where idempotency_key.created_at <= now() - make_interval(hours => $7)
        "#,
        caller,
        key,
        request_sha256,
        i16::try_from(status).unwrap_or(500),
        body,
        location,
        KEEP_HOURS
    )
    .execute(db)
    .await?;
    Ok(saved.rows_affected() == 1)
}

/// Forgets keys older than [`KEEP_HOURS`].
pub async fn purge_expired(db: impl PgExecutor<'_>) -> sqlx::Result<u64> {
    // language=PostgreSQL
    let done = sqlx::query!(
        r#"delete from idempotency_key where created_at <= now() - make_interval(hours => $1)"#,
        KEEP_HOURS
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
