//! People who sign in. The password hash never leaves this module's callers on the server and
//! is not serializable.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgExecutor;

use crate::domain::account::Role;

/// A user as listed (no secrets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserListing {
    pub app_user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// What a login needs: deliberately not `Serialize`, so the hash cannot end up in a response.
#[derive(Debug, Clone)]
pub struct UserCredentials {
    pub app_user_id: i64,
    pub password_hash: String,
    pub disabled: bool,
    pub role: String,
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
}

/// Creates a user; `None` when the email (in any letter case) is taken.
pub async fn create(db: impl PgExecutor<'_>, user: NewUser<'_>) -> sqlx::Result<Option<i64>> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        insert into app_user (email, display_name, role, password_hash)
        values ($1, $2, $3, $4)
        on conflict ((lower(email))) do nothing
        returning app_user_id
        "#,
        user.email,
        user.display_name,
        user.role.as_str(),
        user.password_hash
    )
    .fetch_optional(db)
    .await
}

pub async fn credentials(db: impl PgExecutor<'_>, email: &str) -> sqlx::Result<Option<UserCredentials>> {
    // language=PostgreSQL
    sqlx::query_as!(
        UserCredentials,
        r#"
        select app_user_id, password_hash, disabled_at is not null as "disabled!", role
        from app_user where lower(email) = lower($1)
        "#,
        email
    )
    .fetch_optional(db)
    .await
}

pub async fn list(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<UserListing>> {
    // language=PostgreSQL
    sqlx::query_as!(
        UserListing,
        r#"select app_user_id, email, display_name, role, disabled_at, created_at from app_user order by lower(email)"#
    )
    .fetch_all(db)
    .await
}

/// Sets a user's role; returns the previous role, or `None` when there is no such user.
pub async fn set_role(db: impl PgExecutor<'_>, email: &str, role: Role) -> sqlx::Result<Option<String>> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        update app_user u set role = $2 from app_user before
        where lower(u.email) = lower($1) and before.app_user_id = u.app_user_id
        returning before.role
        "#,
        email,
        role.as_str()
    )
    .fetch_optional(db)
    .await
}

/// Disables a user (they can no longer sign in); false when there is no such active user.
pub async fn disable(db: impl PgExecutor<'_>, email: &str) -> sqlx::Result<bool> {
    // language=PostgreSQL
    let done = sqlx::query!(
        r#"update app_user set disabled_at = now() where lower(email) = lower($1) and disabled_at is null"#,
        email
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
