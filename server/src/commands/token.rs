//! `plumb token create|list|revoke`: API tokens for pipelines.

use std::io::Write;

use anyhow::{Context, bail};
use app::db::{audit, items::Actor, projects, tokens};
use app::domain::token::{Permission, TOKEN_PREFIX, display_prefix, parse_lifetime, token_hash};
use chrono::Utc;
use rand::RngCore;
use sqlx::PgPool;

/// A new random token: `plumb_` and 256 bits in hex.
pub fn generate_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{TOKEN_PREFIX}{hex}")
}

pub struct CreateToken<'a> {
    pub project: Option<&'a str>,
    pub all: bool,
    pub read_only: bool,
    pub expires_in: Option<&'a str>,
    pub name: Option<&'a str>,
}

/// Creates a token and prints it once (only its hash is kept).
pub async fn create(pool: &PgPool, request: CreateToken<'_>, out: &mut impl Write) -> anyhow::Result<()> {
    let project_id = match (request.project, request.all) {
        (Some(_), true) => bail!("choose either --project SLUG or --all, not both"),
        (None, false) => bail!("say which project the token is for (--project SLUG) or pass --all"),
        (None, true) => None,
        (Some(slug), false) => Some(
            projects::find_id(pool, slug)
                .await?
                .with_context(|| format!("no project with the slug \"{slug}\""))?,
        ),
    };
    let expires_at = match request.expires_in {
        Some(text) => {
            Some(Utc::now() + parse_lifetime(text).map_err(|e| anyhow::anyhow!("--expires-in {e}"))?)
        }
        None => None,
    };
    let permission = if request.read_only { Permission::Read } else { Permission::Upload };
    let scope = request.project.unwrap_or("all projects");
    let name =
        request.name.map_or_else(|| format!("{} token for {scope}", permission.as_str()), str::to_owned);
    let secret = generate_token();
    let prefix = display_prefix(&secret);
    let mut tx = pool.begin().await?;
    let id = tokens::create(
        &mut *tx,
        tokens::NewToken {
            name: &name,
            display_prefix: &prefix,
            token_sha256: &token_hash(&secret),
            project_id,
            permission,
            expires_at,
            created_by_user_id: None,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        audit::Change {
            actor: Actor::default(),
            action: "token.create",
            entity_type: "api_token",
            entity_id: id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "name": name, "scope": scope, "permission": permission.as_str(), "expires_at": expires_at, "via": "cli"
            })),
            request_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    // The secret goes to stdout alone on its line so scripts can capture it; the notes go to stderr.
    eprintln!(
        "Token {id} ({name}): {} on {scope}{}. It is shown only this once.",
        permission.as_str(),
        expires_at.map(|t| format!(", expires {}", t.format("%Y-%m-%d %H:%M UTC"))).unwrap_or_default()
    );
    writeln!(out, "{secret}")?;
    Ok(())
}

pub async fn list(pool: &PgPool, out: &mut impl Write) -> anyhow::Result<()> {
    let listed = tokens::list(pool).await?;
    writeln!(
        out,
        "{:>4}  {:<16} {:<10} {:<20} {:<10} {:<17} {:<17} NAME",
        "ID", "PREFIX", "PERMISSION", "PROJECT", "STATE", "EXPIRES", "LAST USED"
    )?;
    let now = Utc::now();
    let when = |t: Option<chrono::DateTime<Utc>>| {
        t.map_or_else(|| "-".to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string())
    };
    for token in listed {
        let state = if token.revoked_at.is_some() {
            "revoked"
        } else if token.expires_at.is_some_and(|t| t <= now) {
            "expired"
        } else {
            "active"
        };
        writeln!(
            out,
            "{:>4}  {:<16} {:<10} {:<20} {:<10} {:<17} {:<17} {}",
            token.api_token_id,
            format!("{}…", token.display_prefix),
            token.permission,
            token.project_slug.unwrap_or_else(|| "(all)".to_owned()),
            state,
            when(token.expires_at),
            when(token.last_used_at),
            token.name
        )?;
    }
    Ok(())
}

pub async fn revoke(pool: &PgPool, id: i64, out: &mut impl Write) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    if !tokens::revoke(&mut *tx, id).await? {
        bail!("no active token with the id {id}");
    }
    audit::record(
        &mut *tx,
        audit::Change {
            actor: Actor::default(),
            action: "token.revoke",
            entity_type: "api_token",
            entity_id: id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "revoked": true, "via": "cli" })),
            request_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    writeln!(out, "Revoked token {id}.")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::token::looks_like_token;

    #[test]
    fn generated_tokens_have_the_documented_shape_and_differ() {
        let a = generate_token();
        let b = generate_token();
        assert!(looks_like_token(&a), "{a}");
        assert_ne!(a, b);
    }
}
