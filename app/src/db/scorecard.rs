//! What a project's scorecard reads: its score history (for the trend chart; one project's
//! snapshots, not the portfolio's), a snapshot's categories and checklist.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

use crate::domain::scorecard::{CategoryScore, ChecklistLine};

/// A snapshot's place in the history, with its overall score.
pub struct ScorePoint {
    pub snapshot_id: i64,
    pub taken_at: DateTime<Utc>,
    pub score: Option<f64>,
}

/// Every snapshot of the project, oldest first.
pub async fn score_history(db: impl PgExecutor<'_>, project_id: i64) -> sqlx::Result<Vec<ScorePoint>> {
    // language=PostgreSQL
    sqlx::query_as!(
        ScorePoint,
        r#"
        select snapshot_id, taken_at, overall_score as score from snapshot
        where project_id = $1 order by taken_at, snapshot_id
        "#,
        project_id
    )
    .fetch_all(db)
    .await
}

/// The project's last two snapshots, oldest first (the latest and the one it is compared with).
pub async fn score_history_tail(db: impl PgExecutor<'_>, project_id: i64) -> sqlx::Result<Vec<ScorePoint>> {
    // language=PostgreSQL
    let mut tail = sqlx::query_as!(
        ScorePoint,
        r#"
        select snapshot_id, taken_at, overall_score as score from snapshot
        where project_id = $1 order by taken_at desc, snapshot_id desc limit 2
        "#,
        project_id
    )
    .fetch_all(db)
    .await?;
    tail.reverse();
    Ok(tail)
}

/// A category's score in one snapshot.
pub struct CategoryPoint {
    pub taken_at: DateTime<Utc>,
    pub category_key: String,
    pub score: f64,
}

/// Every scored category of every snapshot of the project, oldest first.
pub async fn category_history(db: impl PgExecutor<'_>, project_id: i64) -> sqlx::Result<Vec<CategoryPoint>> {
    // language=PostgreSQL
    sqlx::query_as!(
        CategoryPoint,
        r#"
        select s.taken_at, c.category_key, c.score as "score!"
        from snapshot s join snapshot_category c using (snapshot_id)
        where s.project_id = $1 and c.score is not null
        order by s.taken_at, s.snapshot_id, c.ordinal
        "#,
        project_id
    )
    .fetch_all(db)
    .await
}

pub async fn categories(db: impl PgExecutor<'_>, snapshot_id: i64) -> sqlx::Result<Vec<CategoryScore>> {
    // language=PostgreSQL
    sqlx::query_as!(
        CategoryScore,
        r#"select category_key, score, status from snapshot_category where snapshot_id = $1 order by ordinal"#,
        snapshot_id
    )
    .fetch_all(db)
    .await
}

pub async fn checklist(db: impl PgExecutor<'_>, snapshot_id: i64) -> sqlx::Result<Vec<ChecklistLine>> {
    // language=PostgreSQL
    sqlx::query_as!(
        ChecklistLine,
        r#"select text, state, category_key, line from checklist_item where snapshot_id = $1 order by ordinal"#,
        snapshot_id
    )
    .fetch_all(db)
    .await
}

/// A snapshot's canonical JSON and decoded source text, when it belongs to the project.
pub struct StoredSnapshot {
    pub taken_at: DateTime<Utc>,
    pub result: serde_json::Value,
    pub source_text: String,
    pub source_sha256: String,
    pub parser_version: String,
    /// When that parser read it (the upload, or a later `plumb reparse`).
    pub read_at: DateTime<Utc>,
}

pub async fn stored(
    db: impl PgExecutor<'_>,
    project_id: i64,
    snapshot_id: i64,
) -> sqlx::Result<Option<StoredSnapshot>> {
    // language=PostgreSQL
    sqlx::query_as!(
        StoredSnapshot,
        r#"
        select taken_at, result, source_text, source_sha256, parser_version, read_at
        from snapshot where project_id = $1 and snapshot_id = $2
        "#,
        project_id,
        snapshot_id
    )
    .fetch_optional(db)
    .await
}
