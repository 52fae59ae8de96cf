//! People who sign in. The password hash never leaves this module's callers on the server and
//! is not serializable.

use sqlx::PgExecutor;

use crate::domain::account::{CurrentUser, Role, UserListing};

/// What a login needs: deliberately not `Serialize`, so the hash cannot end up in a response.
#[derive(Debug, Clone)]
pub struct UserCredentials {
    pub app_user_id: i64,
    pub password_hash: String,
    pub disabled: bool,
    pub session_generation: i32,
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
        select app_user_id, password_hash, disabled_at is not null as "disabled!", session_generation
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

/// The user a session belongs to, with what decides whether the session still holds.
pub struct SessionHolder {
    pub user: CurrentUser,
    pub session_generation: i32,
    pub disabled: bool,
}

pub async fn session_holder(db: impl PgExecutor<'_>, user_id: i64) -> sqlx::Result<Option<SessionHolder>> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select app_user_id, email, display_name, role, session_generation, disabled_at is not null as "disabled!"
        from app_user where app_user_id = $1
        "#,
        user_id
    )
    .fetch_optional(db)
    .await?;
    row.map(|row| {
        Ok(SessionHolder {
            user: CurrentUser {
                user_id: row.app_user_id,
                email: row.email,
                display_name: row.display_name,
                role: super::decode::role(&row.role)?,
            },
            session_generation: row.session_generation,
            disabled: row.disabled,
        })
    })
    .transpose()
}

/// Whether anyone has an account yet (the first run offers the setup link until then).
pub async fn any_exist(db: impl PgExecutor<'_>) -> sqlx::Result<bool> {
    // language=PostgreSQL
    sqlx::query_scalar!(r#"select exists (select 1 from app_user) as "exists!""#).fetch_one(db).await
}

pub async fn id_by_email(db: impl PgExecutor<'_>, email: &str) -> sqlx::Result<Option<i64>> {
    // language=PostgreSQL
    sqlx::query_scalar!(r#"select app_user_id from app_user where lower(email) = lower($1)"#, email)
        .fetch_optional(db)
        .await
}

/// Sets a user's role; returns the previous role, or `None` when there is no such user.
pub async fn set_role(db: impl PgExecutor<'_>, user_id: i64, role: Role) -> sqlx::Result<Option<String>> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        update app_user u set role = $2 from app_user before
        where u.app_user_id = $1 and before.app_user_id = u.app_user_id
        returning before.role
        "#,
        user_id,
        role.as_str()
    )
    .fetch_optional(db)
    .await
}

/// Disables or re-enables a user; false when the user does not exist or is already in that state.
/// A disabled user's sessions end at their next request.
pub async fn set_disabled(db: impl PgExecutor<'_>, user_id: i64, disabled: bool) -> sqlx::Result<bool> {
    // language=PostgreSQL
    let done = sqlx::query!(
        r#"
        update app_user set disabled_at = case when $2 then now() end
        where app_user_id = $1 and (disabled_at is not null) <> $2
        "#,
        user_id,
        disabled
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores a new password hash and starts a new session generation, which ends every session
/// the user had. Returns the new generation, or `None` when there is no such user.
pub async fn set_password(
    db: impl PgExecutor<'_>,
    user_id: i64,
    password_hash: &str,
) -> sqlx::Result<Option<i32>> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        update app_user set password_hash = $2, session_generation = session_generation + 1
        where app_user_id = $1
        returning session_generation
        "#,
        user_id,
        password_hash
    )
    .fetch_optional(db)
    .await
}

/// The stored hash of one user (for changing one's own password).
pub async fn password_hash(db: impl PgExecutor<'_>, user_id: i64) -> sqlx::Result<Option<String>> {
    // language=PostgreSQL
    sqlx::query_scalar!(r#"select password_hash from app_user where app_user_id = $1"#, user_id)
        .fetch_optional(db)
        .await
}

/// The number of active admins other than `user_id` (an admin may not remove the last admin).
pub async fn other_active_admins(db: impl PgExecutor<'_>, user_id: i64) -> sqlx::Result<i64> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select count(*) as "count!" from app_user
        where role = 'admin' and disabled_at is null and app_user_id <> $1
        "#,
        user_id
    )
    .fetch_one(db)
    .await
}
