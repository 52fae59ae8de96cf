//! API tokens: stored as SHA-256 hashes, scoped to a project or all, revocable, expiring.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

use crate::domain::token::{Permission, TokenListing};

/// What a valid token grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenGrant {
    pub api_token_id: i64,
    pub project_id: Option<i64>,
    pub permission: Permission,
}

/// Why a presented token does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Revoked,
    Expired,
}

pub struct NewToken<'a> {
    pub name: &'a str,
    pub display_prefix: &'a str,
    pub token_sha256: &'a [u8],
    pub project_id: Option<i64>,
    pub permission: Permission,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_by_user_id: Option<i64>,
}

pub async fn create(db: impl PgExecutor<'_>, token: NewToken<'_>) -> sqlx::Result<i64> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        insert into api_token (name, display_prefix, token_sha256, project_id, permission, expires_at,
                               created_by_user_id)
        values ($1, $2, $3, $4, $5, $6, $7)
        returning api_token_id
        "#,
        token.name,
        token.display_prefix,
        token.token_sha256,
        token.project_id,
        token.permission.as_str(),
        token.expires_at,
        token.created_by_user_id
    )
    .fetch_one(db)
    .await
}

/// Looks a presented token up by its hash, checks it, and records its use.
pub async fn authenticate(
    db: impl PgExecutor<'_>,
    token_sha256: &[u8],
    now: DateTime<Utc>,
) -> sqlx::Result<Result<TokenGrant, TokenProblem>> {
    // One statement: touching last_used_at only for valid tokens, and reading the verdict.
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        with found as (
            select api_token_id, project_id, permission, revoked_at, expires_at
            from api_token where token_sha256 = $1
        ), touched as (
            update api_token t set last_used_at = $2
            from found f
            where t.api_token_id = f.api_token_id and f.revoked_at is null
              and (f.expires_at is null or f.expires_at > $2)
            returning t.api_token_id
        )
        select f.api_token_id, f.project_id, f.permission, f.revoked_at, f.expires_at,
               exists (select 1 from touched) as "valid!"
        from found f
        "#,
        token_sha256,
        now
    )
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(Err(TokenProblem::Unknown)) };
    if row.revoked_at.is_some() {
        return Ok(Err(TokenProblem::Revoked));
    }
    if !row.valid {
        return Ok(Err(TokenProblem::Expired));
    }
    let permission = super::decode::permission(&row.permission)?;
    Ok(Ok(TokenGrant { api_token_id: row.api_token_id, project_id: row.project_id, permission }))
}

pub async fn list(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<TokenListing>> {
    // language=PostgreSQL
    sqlx::query_as!(
        TokenListing,
        r#"
        select t.api_token_id, t.name, t.display_prefix, p.slug as "project_slug?", t.permission, t.expires_at,
               t.revoked_at, t.last_used_at, t.created_at
        from api_token t left join project p using (project_id)
        order by t.api_token_id
        "#
    )
    .fetch_all(db)
    .await
}

/// Revokes a token; false when there is no such token or it was already revoked.
pub async fn revoke(db: impl PgExecutor<'_>, api_token_id: i64) -> sqlx::Result<bool> {
    // language=PostgreSQL
    let done = sqlx::query!(
        r#"update api_token set revoked_at = now() where api_token_id = $1 and revoked_at is null"#,
        api_token_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
