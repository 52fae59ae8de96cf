//! Reports uploaded through the page, waiting between preview and save. A draft belongs to the
//! person who uploaded it; nobody else can read it.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

pub struct Draft {
    pub file_name: Option<String>,
    pub source_bytes: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(
    db: impl PgExecutor<'_>,
    user_id: i64,
    file_name: Option<&str>,
    bytes: &[u8],
) -> sqlx::Result<i64> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"insert into upload_draft (app_user_id, file_name, source_bytes) values ($1, $2, $3) returning upload_draft_id"#,
        user_id,
        file_name,
        bytes
    )
    .fetch_one(db)
    .await
}

/// The user's draft (`None` for another person's or an expired one).
pub async fn find(db: impl PgExecutor<'_>, draft_id: i64, user_id: i64) -> sqlx::Result<Option<Draft>> {
    // language=PostgreSQL
    sqlx::query_as!(
        Draft,
        r#"select file_name, source_bytes, created_at from upload_draft where upload_draft_id = $1 and app_user_id = $2"#,
        draft_id,
        user_id
    )
    .fetch_optional(db)
    .await
}

pub async fn delete(db: impl PgExecutor<'_>, draft_id: i64) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(r#"delete from upload_draft where upload_draft_id = $1"#, draft_id).execute(db).await?;
    Ok(())
}

/// Deletes drafts created before `before`; returns how many.
pub async fn delete_older_than(db: impl PgExecutor<'_>, before: DateTime<Utc>) -> sqlx::Result<u64> {
    // language=PostgreSQL
    let done = sqlx::query!(r#"delete from upload_draft where created_at < $1"#, before).execute(db).await?;
    Ok(done.rows_affected())
}
