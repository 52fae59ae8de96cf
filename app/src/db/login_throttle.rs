//! Failed sign-ins per throttle key (see [`crate::domain::throttle`] for the policy).

use chrono::{DateTime, Duration, Utc};
use sqlx::PgExecutor;

use crate::domain::throttle::Failures;

/// The recorded failures of `key`, if any.
pub async fn failures(db: impl PgExecutor<'_>, key: &str) -> sqlx::Result<Option<Failures>> {
    // language=PostgreSQL
    let row = sqlx::query!(r#"select failures, window_started_at from login_throttle where key = $1"#, key)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|row| Failures { count: row.failures, window_started_at: row.window_started_at }))
}

/// Counts one failure for `key`: inside the current window it adds one; once the window is
/// over it starts a new one. One statement, so concurrent failures all count.
pub async fn record_failure(
    db: impl PgExecutor<'_>,
    key: &str,
    now: DateTime<Utc>,
    window: Duration,
) -> sqlx::Result<()> {
    let window_seconds = window.num_milliseconds() as f64 / 1000.0;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into login_throttle as t (key, failures, window_started_at) values ($1, 1, $2)
        on conflict (key) do update set
            failures = case when t.window_started_at + make_interval(secs => $3) <= $2 then 1
                            else t.failures + 1 end,
            window_started_at = case when t.window_started_at + make_interval(secs => $3) <= $2 then $2
                                     else t.window_started_at end
        "#,
        key,
        now,
        window_seconds
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets the failures of `key` (after a successful sign-in of that account).
pub async fn clear(db: impl PgExecutor<'_>, key: &str) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(r#"delete from login_throttle where key = $1"#, key).execute(db).await?;
    Ok(())
}

/// Deletes windows that started before `cutoff` (housekeeping; they no longer throttle).
pub async fn purge_started_before(db: impl PgExecutor<'_>, cutoff: DateTime<Utc>) -> sqlx::Result<u64> {
    // language=PostgreSQL
    let done = sqlx::query!(r#"delete from login_throttle where window_started_at < $1"#, cutoff)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
