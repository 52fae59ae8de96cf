//! Administration: users, API tokens and the audit log. Every function here is for admins only
//! and says so first.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::account::UserListing;
use crate::domain::audit::AuditEntry;
use crate::domain::token::TokenListing;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{auth::request, domain::account::Role};

/// Entries per page of the audit log.
pub const AUDIT_PAGE_SIZE: i64 = 50;

#[server(prefix = "/api/fn", endpoint = "admin_users")]
pub async fn list_users() -> Result<Vec<UserListing>, AppError> {
    request::require(Role::Admin)?;
    Ok(crate::db::users::list(&super::pool()?).await?)
}

#[cfg(feature = "ssr")]
fn parse_role(text: &str) -> Result<Role, AppError> {
    Role::parse(text).ok_or_else(|| AppError::invalid("role", "choose admin, editor or viewer"))
}

#[server(prefix = "/api/fn", endpoint = "admin_create_user")]
pub async fn create_user(
    email: String,
    display_name: String,
    role: String,
    password: String,
) -> Result<(), AppError> {
    use crate::actions::accounts::{self, NewAccount};
    let admin = request::require(Role::Admin)?;
    let account = NewAccount { email, display_name, role: parse_role(&role)?, password };
    accounts::create(&super::pool()?, &request::acting(&admin), account).await?;
    // The users page says "created" when it is shown with this marker.
    leptos_axum::redirect("/admin/users?created=1");
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "admin_set_role")]
pub async fn set_user_role(user_id: i64, role: String) -> Result<(), AppError> {
    let admin = request::require(Role::Admin)?;
    let role = parse_role(&role)?;
    crate::actions::accounts::set_role(&super::pool()?, &request::acting(&admin), user_id, role).await
}

#[server(prefix = "/api/fn", endpoint = "admin_set_disabled")]
pub async fn set_user_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    let admin = request::require(Role::Admin)?;
    if disabled && user_id == admin.user_id {
        return Err(AppError::Conflict("you cannot disable your own account".to_owned()));
    }
    crate::actions::accounts::set_disabled(&super::pool()?, &request::acting(&admin), user_id, disabled).await
}

/// Sets a new password for a user (who then signs in with it); all their sessions end.
#[server(prefix = "/api/fn", endpoint = "admin_reset_password")]
pub async fn reset_user_password(user_id: i64, new_password: String) -> Result<(), AppError> {
    let admin = request::require(Role::Admin)?;
    crate::actions::accounts::set_password(&super::pool()?, &request::acting(&admin), user_id, new_password)
        .await?;
    Ok(())
}

/// A project a token can be scoped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectChoice {
    pub slug: String,
    pub name: String,
}

/// The tokens page: every token and the projects a new one can be scoped to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokensPage {
    pub tokens: Vec<TokenListing>,
    pub projects: Vec<ProjectChoice>,
    /// The server's clock when listing, to tell expired tokens (the browser's clock may be off).
    pub as_of: chrono::DateTime<chrono::Utc>,
}

#[server(prefix = "/api/fn", endpoint = "admin_tokens")]
pub async fn list_tokens() -> Result<TokensPage, AppError> {
    request::require(Role::Admin)?;
    let pool = super::pool()?;
    let tokens = crate::db::tokens::list(&pool).await?;
    let projects = crate::db::projects::list(&pool, false)
        .await?
        .into_iter()
        .map(|project| ProjectChoice { slug: project.slug, name: project.name })
        .collect();
    Ok(TokensPage { tokens, projects, as_of: chrono::Utc::now() })
}

/// A token just created; its secret is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    pub api_token_id: i64,
    pub name: String,
    pub secret: String,
}

/// `project`: a slug, or empty for every project. `permission`: `upload` or `read`.
/// `expires_in`: a lifetime like `90d`, or empty for none.
#[server(prefix = "/api/fn", endpoint = "admin_create_token")]
pub async fn create_token(
    name: String,
    project: String,
    permission: String,
    expires_in: String,
    // Sent by the island's form like every other field, so that the server's anti-forgery
    // check (which runs before this function) finds it in the body.
    #[server(default)] csrf: String,
) -> Result<CreatedToken, AppError> {
    let _ = csrf;
    use crate::actions::tokens::{TokenRequest, issue};
    use crate::domain::token::{Permission, expiry_after};

    let admin = request::require(Role::Admin)?;
    let pool = super::pool()?;
    let permission = Permission::parse(&permission)
        .ok_or_else(|| AppError::invalid("permission", "choose upload or read"))?;
    let project = match project.trim() {
        "" => None,
        slug => {
            let id = crate::db::projects::find_id(&pool, slug).await?.ok_or_else(|| {
                AppError::invalid("project", format!("no project with the slug \"{slug}\""))
            })?;
            Some((id, slug.to_owned()))
        }
    };
    let expires_at = match expires_in.trim() {
        "" => None,
        text => Some(expiry_after(chrono::Utc::now(), text).map_err(|m| AppError::invalid("expires_in", m))?),
    };
    let request = TokenRequest { name, project, permission, expires_at };
    let issued = issue(&pool, &request::acting(&admin), request).await?;
    Ok(CreatedToken { api_token_id: issued.api_token_id, name: issued.name, secret: issued.secret })
}

#[server(prefix = "/api/fn", endpoint = "admin_revoke_token")]
pub async fn revoke_token(api_token_id: i64) -> Result<(), AppError> {
    let admin = request::require(Role::Admin)?;
    crate::actions::tokens::revoke(&super::pool()?, &request::acting(&admin), api_token_id).await
}

/// One page of the audit log with what its filter menus offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// The id to continue from for older entries, when there are more.
    pub next_before_id: Option<i64>,
    pub actions: Vec<String>,
    pub entity_types: Vec<String>,
    pub users: Vec<(i64, String)>,
}

/// `action`: an action or its area (`user`); `user`: who; `entity`: the kind of thing changed;
/// `before`: continue below this entry id.
#[server(prefix = "/api/fn", endpoint = "admin_audit")]
pub async fn list_audit(
    action: Option<String>,
    user: Option<i64>,
    entity: Option<String>,
    before: Option<i64>,
) -> Result<AuditPage, AppError> {
    request::require(Role::Admin)?;
    let filter = crate::domain::audit::AuditFilter {
        action,
        actor_user_id: user,
        entity_type: entity,
        before_id: before,
    };
    let pool = super::pool()?;
    let mut entries = crate::db::audit::list(&pool, &filter, AUDIT_PAGE_SIZE + 1).await?;
    let next_before_id = if entries.len() as i64 > AUDIT_PAGE_SIZE {
        entries.truncate(AUDIT_PAGE_SIZE as usize);
        entries.last().map(|entry| entry.audit_log_id)
    } else {
        None
    };
    let (actions, entity_types) = crate::db::audit::vocabulary(&pool).await?;
    let users =
        crate::db::users::list(&pool).await?.into_iter().map(|user| (user.app_user_id, user.email)).collect();
    Ok(AuditPage { entries, next_before_id, actions, entity_types, users })
}
