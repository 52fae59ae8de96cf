//! What the parser read from a snapshot's source, now and before: the source never changes,
//! the reading can be replaced by a newer parser (`plumb reparse`), and every earlier reading
//! is kept in `snapshot_reading`.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor};

use crate::domain::rereading::EarlierReading;
use crate::domain::snapshot::Snapshot;

/// A stored snapshot as a new reading needs it: its source and its current reading.
#[derive(Debug, Clone)]
pub struct Rereadable {
    pub snapshot_id: i64,
    pub taken_at: DateTime<Utc>,
    pub source_bytes: Vec<u8>,
    pub parser_version: String,
    pub result: serde_json::Value,
}

/// A project's snapshots in history order (oldest first), sources included.
pub async fn rereadable(conn: &mut PgConnection, project_id: i64) -> sqlx::Result<Vec<Rereadable>> {
    // language=PostgreSQL
    sqlx::query_as!(
        Rereadable,
        r#"
        select snapshot_id, taken_at, source_bytes, parser_version, result
        from snapshot where project_id = $1
        order by taken_at, snapshot_id
        "#,
        project_id
    )
    .fetch_all(conn)
    .await
}

/// Keeps the snapshot's current reading in `snapshot_reading` and puts `reading` (by
/// `parser_version`) in its place, as of `now`. The snapshot's parts are the caller's to
/// replace, in the same transaction.
pub async fn replace(
    conn: &mut PgConnection,
    snapshot_id: i64,
    reading: &Snapshot,
    parser_version: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into snapshot_reading (snapshot_id, parser_version, result, overall_score, verdict, gap_count,
                                      read_at, replaced_at)
        select snapshot_id, parser_version, result, overall_score, verdict,
               coalesce(jsonb_array_length(result -> 'gaps'), 0), read_at, $2
        from snapshot where snapshot_id = $1
        "#,
        snapshot_id,
        now
    )
    .execute(&mut *conn)
    .await?;
    let overall = &reading.overall;
    let result = serde_json::to_value(reading).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update snapshot set parser_version = $2, result = $3, title = $4, overall_score = $5, overall_basis = $6,
                            level = $7, verdict = $8, read_at = $9
        where snapshot_id = $1
        "#,
        snapshot_id,
        parser_version,
        result,
        reading.report.title.clone().unwrap_or_default(),
        overall.score,
        overall.basis.as_str(),
        overall.level.map(i16::from),
        overall.verdict.map(|v| v.as_str()),
        now,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The snapshot's earlier readings, the most recently replaced first.
pub async fn earlier(db: impl PgExecutor<'_>, snapshot_id: i64) -> sqlx::Result<Vec<EarlierReading>> {
    // language=PostgreSQL
    sqlx::query_as!(
        EarlierReading,
        r#"
        select parser_version, overall_score, verdict, gap_count, read_at, replaced_at
        from snapshot_reading where snapshot_id = $1
        order by replaced_at desc, snapshot_reading_id desc
        "#,
        snapshot_id
    )
    .fetch_all(db)
    .await
}

/// Records that `parser_version` reads the snapshot exactly as its current reading says (no
/// earlier reading to keep: nothing changed but the version that vouches for it).
pub async fn confirm(
    conn: &mut PgConnection,
    snapshot_id: i64,
    parser_version: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"update snapshot set parser_version = $2, read_at = $3 where snapshot_id = $1"#,
        snapshot_id,
        parser_version,
        now
    )
    .execute(conn)
    .await?;
    Ok(())
}
