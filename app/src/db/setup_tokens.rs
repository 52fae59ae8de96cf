//! One-time links that create the first admin. Only SHA-256 hashes are stored.

use sqlx::PgExecutor;

pub async fn create(db: impl PgExecutor<'_>, token_sha256: &[u8]) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"insert into setup_token (token_sha256) values ($1) on conflict do nothing"#,
        token_sha256
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn is_valid(db: impl PgExecutor<'_>, token_sha256: &[u8]) -> sqlx::Result<bool> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"select exists (select 1 from setup_token where token_sha256 = $1) as "exists!""#,
        token_sha256
    )
    .fetch_one(db)
    .await
}

/// Deletes every setup token: once the first admin exists, none of them may be used again.
pub async fn delete_all(db: impl PgExecutor<'_>) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(r#"delete from setup_token"#).execute(db).await?;
    Ok(())
}
