//! Projects.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgExecutor};

/// A project with its latest figures (from the rollup, never from history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub project_id: i64,
    pub slug: String,
    pub name: String,
    pub archived: bool,
    pub snapshot_count: i32,
    pub latest_snapshot_id: Option<i64>,
    pub latest_taken_at: Option<DateTime<Utc>>,
    pub score: Option<f64>,
    pub previous_score: Option<f64>,
    pub level: Option<i16>,
    pub verdict: Option<String>,
    pub open_critical: i32,
    pub open_high: i32,
    pub open_medium: i32,
    pub open_low: i32,
}

pub async fn find_id(db: impl PgExecutor<'_>, slug: &str) -> sqlx::Result<Option<i64>> {
    // language=PostgreSQL
    sqlx::query_scalar!(r#"select project_id from project where slug = $1"#, slug).fetch_optional(db).await
}

/// Creates a project (and its empty rollup); `None` if the slug is taken.
pub async fn create(conn: &mut PgConnection, slug: &str, name: &str) -> sqlx::Result<Option<i64>> {
    // language=PostgreSQL
    let id = sqlx::query_scalar!(
        r#"insert into project (slug, name) values ($1, $2) on conflict (slug) do nothing returning project_id"#,
        slug,
        name
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = id {
        // language=PostgreSQL
        sqlx::query!(r#"insert into project_rollup (project_id) values ($1)"#, id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

/// Holds the project's row lock for the rest of the transaction: uploads to one project run
/// one after the other, so each sees the items the previous one left.
pub async fn lock(conn: &mut PgConnection, project_id: i64) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query_scalar!(r#"select project_id from project where project_id = $1 for update"#, project_id)
        .fetch_one(conn)
        .await?;
    Ok(())
}

/// Archives a project; returns false when there is no such active project.
pub async fn archive(db: impl PgExecutor<'_>, slug: &str) -> sqlx::Result<bool> {
    // language=PostgreSQL
    let done = sqlx::query!(
        r#"update project set archived_at = now() where slug = $1 and archived_at is null"#,
        slug
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn list(db: impl PgExecutor<'_>, include_archived: bool) -> sqlx::Result<Vec<ProjectSummary>> {
    summaries(db, None, include_archived).await
}

pub async fn summary(db: impl PgExecutor<'_>, slug: &str) -> sqlx::Result<Option<ProjectSummary>> {
    Ok(summaries(db, Some(slug), true).await?.into_iter().next())
}

/// Projects with their rollups: one project by slug, or all (archived ones on request).
async fn summaries(
    db: impl PgExecutor<'_>,
    slug: Option<&str>,
    include_archived: bool,
) -> sqlx::Result<Vec<ProjectSummary>> {
    // language=PostgreSQL
    sqlx::query_as!(
        ProjectSummary,
        r#"
        select p.project_id, p.slug, p.name, p.archived_at is not null as "archived!",
               coalesce(r.snapshot_count, 0) as "snapshot_count!", r.latest_snapshot_id as "latest_snapshot_id?",
               r.latest_taken_at as "latest_taken_at?", r.score as "score?", r.previous_score as "previous_score?",
               r.level as "level?", r.verdict as "verdict?",
               coalesce(r.open_critical, 0) as "open_critical!", coalesce(r.open_high, 0) as "open_high!",
               coalesce(r.open_medium, 0) as "open_medium!", coalesce(r.open_low, 0) as "open_low!"
        from project p left join project_rollup r using (project_id)
        where ($1::text is null or p.slug = $1) and ($2 or p.archived_at is null)
        order by p.slug
        "#,
        slug,
        include_archived
    )
    .fetch_all(db)
    .await
}

/// Sets a project's owner and tags.
pub async fn describe(
    db: impl PgExecutor<'_>,
    project_id: i64,
    owner: &str,
    tags: &[String],
) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"update project set owner = $2, tags = $3 where project_id = $1"#,
        project_id,
        owner,
        tags
    )
    .execute(db)
    .await?;
    Ok(())
}
