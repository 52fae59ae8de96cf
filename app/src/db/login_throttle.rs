//! Failed sign-ins per throttle key (see [`crate::domain::throttle`] for the policy).

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

use crate::domain::throttle::{Failures, MAX_DOUBLINGS, ThrottlePolicy};

/// Counts one attempt for `key` before its password is checked, and returns the count with it:
/// inside the current window it adds one; once the window (as long as `policy` makes it at the
/// current count) is over it starts a new one. One statement, so concurrent attempts are all
/// counted, each seeing its own number.
pub async fn reserve(
    db: impl PgExecutor<'_>,
    key: &str,
    now: DateTime<Utc>,
    policy: &ThrottlePolicy,
) -> sqlx::Result<Failures> {
    let window_seconds = policy.window.num_milliseconds() as f64 / 1000.0;
    let max_doublings = if policy.backoff { MAX_DOUBLINGS } else { 0 };
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        insert into login_throttle as t (key, failures, window_started_at) values ($1, 1, $2)
        on conflict (key) do update set
            failures = case when t.window_started_at + make_interval(secs => $3 * power(2, least($5::int,
                                greatest(0, (t.failures - $4::int) / greatest($4::int, 1))))) <= $2
                            then 1 else t.failures + 1 end,
            window_started_at = case when t.window_started_at + make_interval(secs => $3 * power(2, least($5::int,
                                greatest(0, (t.failures - $4::int) / greatest($4::int, 1))))) <= $2
                                     then $2 else t.window_started_at end
        returning failures, window_started_at
        "#,
        key,
        now,
        window_seconds,
        policy.max_failures,
        max_doublings
    )
    .fetch_one(db)
    .await?;
    Ok(Failures { count: row.failures, window_started_at: row.window_started_at })
}

/// Gives back one reserved attempt of `key` (the sign-in it was for succeeded).
pub async fn release(db: impl PgExecutor<'_>, key: &str) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"with forgotten as (delete from login_throttle where key = $1 and failures <= 1)
           update login_throttle set failures = failures - 1 where key = $1 and failures > 1"#,
        key
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets the failures of every key that starts with `prefix` (an operator unlocking an
/// account forgets its per-address counts too). Returns how many keys were forgotten.
pub async fn clear_prefix(db: impl PgExecutor<'_>, prefix: &str) -> sqlx::Result<u64> {
    // language=PostgreSQL
    let done =
        sqlx::query!(r#"delete from login_throttle where starts_with(key, $1)"#, prefix).execute(db).await?;
    Ok(done.rows_affected())
}

/// Forgets the failures of `key` (after a successful sign-in of that account). Returns how
/// many keys were forgotten (0 or 1).
pub async fn clear(db: impl PgExecutor<'_>, key: &str) -> sqlx::Result<u64> {
    // language=PostgreSQL
    let done = sqlx::query!(r#"delete from login_throttle where key = $1"#, key).execute(db).await?;
    Ok(done.rows_affected())
}

/// Deletes windows that started before `cutoff` (housekeeping; they no longer throttle).
pub async fn purge_started_before(db: impl PgExecutor<'_>, cutoff: DateTime<Utc>) -> sqlx::Result<u64> {
    // language=PostgreSQL
    let done = sqlx::query!(r#"delete from login_throttle where window_started_at < $1"#, cutoff)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
