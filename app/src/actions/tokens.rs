//! Issuing and revoking API tokens, the same from the admin page and from `plumb token`.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;

use super::Acting;
use crate::auth::random_hex;
use crate::db::{audit, tokens};
use crate::domain::token::{Permission, TOKEN_PREFIX, display_prefix, token_hash};
use crate::error::{AppError, Result};

/// A new random token: `plumb_` and 256 bits in hex.
pub fn generate() -> String {
    format!("{TOKEN_PREFIX}{}", random_hex(32))
}

pub struct TokenRequest {
    /// Empty: named after its permission and scope.
    pub name: String,
    /// `None`: every project.
    pub project: Option<(i64, String)>,
    pub permission: Permission,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A token just created: the secret is here and nowhere else, ever.
pub struct IssuedToken {
    pub api_token_id: i64,
    pub name: String,
    pub secret: String,
}

pub async fn issue(pool: &PgPool, acting: &Acting, request: TokenRequest) -> Result<IssuedToken> {
    let scope = request.project.as_ref().map_or("all projects", |(_, slug)| slug.as_str());
    let name = match request.name.trim() {
        "" => format!("{} token for {scope}", request.permission.as_str()),
        name if name.chars().count() > 200 => {
            return Err(AppError::invalid("name", "use at most 200 characters"));
        }
        name => name.to_owned(),
    };
    let secret = generate();
    let mut tx = pool.begin().await?;
    let api_token_id = tokens::create(
        &mut *tx,
        tokens::NewToken {
            name: &name,
            display_prefix: &display_prefix(&secret),
            token_sha256: &token_hash(&secret),
            project_id: request.project.as_ref().map(|(id, _)| *id),
            permission: request.permission,
            expires_at: request.expires_at,
            created_by_user_id: acting.actor.user_id,
        },
    )
    .await?;
    let after = json!({
        "name": name, "scope": scope, "permission": request.permission.as_str(), "expires_at": request.expires_at
    });
    audit::record(&mut *tx, acting.change("token.create", "api_token", api_token_id, None, Some(after)))
        .await?;
    tx.commit().await?;
    Ok(IssuedToken { api_token_id, name, secret })
}

pub async fn revoke(pool: &PgPool, acting: &Acting, api_token_id: i64) -> Result<()> {
    let mut tx = pool.begin().await?;
    if !tokens::revoke(&mut *tx, api_token_id).await? {
        return Err(AppError::Conflict(format!("no active token with the id {api_token_id}")));
    }
    let change =
        acting.change("token.revoke", "api_token", api_token_id, None, Some(json!({ "revoked": true })));
    audit::record(&mut *tx, change).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::token::looks_like_token;

    #[test]
    fn generated_tokens_have_the_documented_shape_and_differ() {
        let (a, b) = (generate(), generate());
        assert!(looks_like_token(&a), "{a}");
        assert_ne!(a, b);
    }
}
