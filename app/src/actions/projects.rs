//! Creating and archiving projects, each with its audit entry.

use sqlx::{PgConnection, PgPool};

use super::Acting;
use crate::db::{audit, projects};
use crate::error::{AppError, Result};

/// The project a change goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectRef<'a> {
    /// A project that is there (the caller found it, and checked access to it).
    Existing(i64),
    /// The project `slug`, created as `name` when it is not there yet. A project of that slug,
    /// even one created by a concurrent request a moment ago, is used as it is.
    FindOrCreate { slug: &'a str, name: &'a str },
    /// A new project: a taken slug is refused (409), so nobody adds to a project they did not mean.
    New { slug: &'a str, name: &'a str },
}

/// The id of the project `project` names, creating it (audited) in `conn`'s transaction when
/// it asks for that.
pub async fn resolve(conn: &mut PgConnection, acting: &Acting, project: ProjectRef<'_>) -> Result<i64> {
    match project {
        ProjectRef::Existing(id) => Ok(id),
        ProjectRef::FindOrCreate { slug, name } => {
            if let Some(id) = projects::find_id(&mut *conn, slug).await? {
                return Ok(id);
            }
            match create(&mut *conn, acting, slug, name).await? {
                Some(id) => Ok(id),
                None => projects::find_id(&mut *conn, slug).await?.ok_or_else(|| {
                    AppError::internal(format!("the project \"{slug}\" vanished as it was created"))
                }),
            }
        }
        ProjectRef::New { slug, name } => create(&mut *conn, acting, slug, name).await?.ok_or_else(|| {
            AppError::Conflict(format!(
                "there is already a project \"{slug}\"; choose it from the list instead"
            ))
        }),
    }
}

/// Creates a project and records who did it (and through what: `acting.via`); `None` if the
/// slug is taken.
pub async fn create(
    conn: &mut PgConnection,
    acting: &Acting,
    slug: &str,
    name: &str,
) -> sqlx::Result<Option<i64>> {
    let Some(id) = projects::create(&mut *conn, slug, name).await? else { return Ok(None) };
    let after = serde_json::json!({ "slug": slug, "name": name });
    audit::record(&mut *conn, acting.change("project.create", "project", id, None, Some(after))).await?;
    Ok(Some(id))
}

/// Archives the active project `slug` (its history is kept); false when there is none.
pub async fn archive(pool: &PgPool, acting: &Acting, slug: &str) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    if !projects::archive(&mut *tx, slug).await? {
        return Ok(false);
    }
    let after = serde_json::json!({ "archived": true });
    audit::record(&mut *tx, acting.change("project.archive", "project", slug, None, Some(after))).await?;
    tx.commit().await?;
    Ok(true)
}
