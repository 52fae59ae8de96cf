//! Account changes, the same whether an admin makes them on a page or an operator with
//! `plumb user`: each validates its input, makes the change in one transaction and records it
//! in the audit log.

use serde_json::json;
use sqlx::{PgConnection, PgPool};

use super::Acting;
use crate::auth::password;
use crate::db::{audit, users};
use crate::domain::account::{Role, check_email, check_password};
use crate::error::{AppError, Result};

/// What a new account needs.
pub struct NewAccount {
    pub email: String,
    /// Empty: the part of the email before `@`.
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

/// A checked account whose password is hashed, ready to insert (hashing happens outside any
/// transaction: it takes tens of milliseconds).
pub struct CheckedAccount {
    email: String,
    display_name: String,
    role: Role,
    password_hash: String,
}

/// Checks the email, display name and password, and hashes the password.
pub async fn check(account: NewAccount) -> Result<CheckedAccount> {
    let email = account.email.trim().to_owned();
    check_email(&email).map_err(|message| AppError::invalid("email", message))?;
    let display_name = match account.display_name.trim() {
        "" => email.split('@').next().unwrap_or(&email).to_owned(),
        name if name.chars().count() > 200 => {
            return Err(AppError::invalid("display_name", "use at most 200 characters"));
        }
        name => name.to_owned(),
    };
    check_password(&account.password, &email).map_err(|message| AppError::invalid("password", message))?;
    let password_hash = password::hash(account.password).await?;
    Ok(CheckedAccount { email, display_name, role: account.role, password_hash })
}

/// Inserts a checked account inside the caller's transaction.
pub async fn insert(conn: &mut PgConnection, acting: &Acting, account: &CheckedAccount) -> Result<i64> {
    let new_user = users::NewUser {
        email: &account.email,
        display_name: &account.display_name,
        role: account.role,
        password_hash: &account.password_hash,
    };
    let id = users::create(&mut *conn, new_user)
        .await?
        .ok_or_else(|| AppError::invalid("email", format!("{} already has an account", account.email)))?;
    let after = json!({ "email": account.email, "display_name": account.display_name, "role": account.role.as_str() });
    audit::record(&mut *conn, acting.change("user.create", "app_user", id, None, Some(after))).await?;
    Ok(id)
}

pub async fn create(pool: &PgPool, acting: &Acting, account: NewAccount) -> Result<i64> {
    let checked = check(account).await?;
    let mut tx = pool.begin().await?;
    let id = insert(&mut tx, acting, &checked).await?;
    tx.commit().await?;
    Ok(id)
}

/// Refuses a change that would leave nobody able to administer Plumb.
async fn keep_an_admin(conn: &mut PgConnection, user_id: i64) -> Result<()> {
    // Serialises admin removals, so two admins demoting each other at once cannot both succeed.
    sqlx::query("select pg_advisory_xact_lock(hashtext('plumb.last_admin'))").execute(&mut *conn).await?;
    if users::other_active_admins(&mut *conn, user_id).await? == 0 {
        return Err(AppError::Conflict(
            "this is the last active admin; make someone else an admin first".to_owned(),
        ));
    }
    Ok(())
}

pub async fn set_role(pool: &PgPool, acting: &Acting, user_id: i64, role: Role) -> Result<()> {
    let mut tx = pool.begin().await?;
    if role != Role::Admin {
        keep_an_admin(&mut tx, user_id).await?;
    }
    let before = users::set_role(&mut *tx, user_id, role)
        .await?
        .ok_or_else(|| AppError::NotFound("user".to_owned()))?;
    if before != role.as_str() {
        let change = acting.change(
            "user.set_role",
            "app_user",
            user_id,
            Some(json!({ "role": before })),
            Some(json!({ "role": role.as_str() })),
        );
        audit::record(&mut *tx, change).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Disables (their sessions end at their next request) or re-enables a user.
pub async fn set_disabled(pool: &PgPool, acting: &Acting, user_id: i64, disabled: bool) -> Result<()> {
    let mut tx = pool.begin().await?;
    if disabled {
        keep_an_admin(&mut tx, user_id).await?;
    }
    if !users::set_disabled(&mut *tx, user_id, disabled).await? {
        let state = if disabled { "disabled" } else { "active" };
        return Err(AppError::Conflict(format!("no such user, or the user is already {state}")));
    }
    let action = if disabled { "user.disable" } else { "user.enable" };
    let change = acting.change(
        action,
        "app_user",
        user_id,
        Some(json!({ "disabled": !disabled })),
        Some(json!({ "disabled": disabled })),
    );
    audit::record(&mut *tx, change).await?;
    tx.commit().await?;
    Ok(())
}

/// Lifts every sign-in lock of the account, for everyone and from every address (operators:
/// `plumb user unlock EMAIL`), and says so in the audit log.
pub async fn unlock_sign_in(pool: &PgPool, acting: &Acting, user_id: i64) -> Result<()> {
    use crate::db::login_throttle;
    use crate::domain::throttle::account_key;

    let account = account_key(Some(user_id), "");
    let mut tx = pool.begin().await?;
    // The "|" ends the account part of a pair key, so account 7 does not unlock account 70.
    let forgotten = login_throttle::clear_prefix(&mut *tx, &format!("pair:{account}|")).await?
        + login_throttle::clear(&mut *tx, &account).await?;
    let change = acting.change(
        "user.unlock",
        "app_user",
        user_id,
        None,
        Some(json!({ "forgotten_counts": forgotten })),
    );
    audit::record(&mut *tx, change).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password (an admin's reset, or a change by the user): every existing session of
/// the user ends. Returns the new session generation.
pub async fn set_password(pool: &PgPool, acting: &Acting, user_id: i64, new_password: String) -> Result<i32> {
    let email = users::session_holder(pool, user_id)
        .await?
        .map(|holder| holder.user.email)
        .ok_or_else(|| AppError::NotFound("user".to_owned()))?;
    check_password(&new_password, &email).map_err(|message| AppError::invalid("new_password", message))?;
    let hash = password::hash(new_password).await?;
    let mut tx = pool.begin().await?;
    let generation = users::set_password(&mut *tx, user_id, &hash)
        .await?
        .ok_or_else(|| AppError::NotFound("user".to_owned()))?;
    // Never the hash itself, not even in the audit log.
    let change =
        acting.change("user.set_password", "app_user", user_id, None, Some(json!({ "password": "changed" })));
    audit::record(&mut *tx, change).await?;
    tx.commit().await?;
    Ok(generation)
}

/// The id of the user with `email`, or a clear error.
pub async fn id_by_email(pool: &PgPool, email: &str) -> Result<i64> {
    users::id_by_email(pool, email)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no user with the email {email}")))
}
