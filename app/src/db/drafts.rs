//! Reports uploaded through the page, waiting between preview and save. A draft belongs to the
//! person who uploaded it; nobody else can read it.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

use crate::domain::ingest::PARSER_VERSION;
use crate::domain::snapshot::Snapshot;

/// Drafts one person may have waiting at once; a new one beyond that replaces the oldest.
pub const MAX_DRAFTS_PER_USER: i64 = 10;

pub struct Draft {
    pub file_name: Option<String>,
    pub source_bytes: Vec<u8>,
    pub created_at: DateTime<Utc>,
    /// What was read when the draft was made, if the parser running now read it (`None` for
    /// drafts older than that, or read by another parser version).
    pub preview: Option<Result<Snapshot, String>>,
}

/// Keeps a draft with what was read from it, and forgets the user's oldest drafts beyond
/// [`MAX_DRAFTS_PER_USER`], in one statement.
pub async fn insert(
    db: impl PgExecutor<'_>,
    user_id: i64,
    file_name: Option<&str>,
    bytes: &[u8],
    preview: &Result<Snapshot, String>,
) -> sqlx::Result<i64> {
    let (snapshot, problem) = match preview {
        Ok(snapshot) => {
            (Some(serde_json::to_value(snapshot).map_err(|e| sqlx::Error::Encode(e.into()))?), None)
        }
        Err(problem) => (None, Some(problem.as_str())),
    };
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"with new_draft as (
               insert into upload_draft (app_user_id, file_name, source_bytes, preview_snapshot, preview_problem,
                                         preview_parser_version)
               values ($1, $2, $3, $4, $5, $7) returning upload_draft_id),
           beyond_cap as (
               delete from upload_draft where upload_draft_id in (
                   select upload_draft_id from upload_draft where app_user_id = $1
                   order by created_at desc, upload_draft_id desc offset $6))
           select upload_draft_id as "upload_draft_id!" from new_draft"#,
        user_id,
        file_name,
        bytes,
        snapshot,
        problem,
        // The new draft is not visible to the delete: keep one fewer of the old ones.
        MAX_DRAFTS_PER_USER - 1,
        PARSER_VERSION,
    )
    .fetch_one(db)
    .await
}

/// The user's draft (`None` for another person's or an expired one).
pub async fn find(db: impl PgExecutor<'_>, draft_id: i64, user_id: i64) -> sqlx::Result<Option<Draft>> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"select file_name, source_bytes, created_at, preview_snapshot, preview_problem, preview_parser_version
           from upload_draft where upload_draft_id = $1 and app_user_id = $2"#,
        draft_id,
        user_id
    )
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let current = row.preview_parser_version.as_deref() == Some(PARSER_VERSION);
    let preview = match (row.preview_snapshot, row.preview_problem) {
        _ if !current => None,
        (_, Some(problem)) => Some(Err(problem)),
        (Some(snapshot), None) => {
            Some(Ok(serde_json::from_value(snapshot).map_err(|e| sqlx::Error::Decode(e.into()))?))
        }
        (None, None) => None,
    };
    Ok(Some(Draft {
        file_name: row.file_name,
        source_bytes: row.source_bytes,
        created_at: row.created_at,
        preview,
    }))
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
