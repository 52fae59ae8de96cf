//! `plumb token create|list|revoke`: API tokens for pipelines.

use std::io::Write;

use anyhow::{Context, bail};
use app::actions::Acting;
use app::actions::tokens::{self as issuing, TokenRequest};
use app::db::{projects, tokens};
use app::domain::token::{Permission, expiry_after};
use chrono::Utc;
use sqlx::PgPool;

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
        Some(text) => Some(expiry_after(Utc::now(), text).map_err(|e| anyhow::anyhow!("--expires-in {e}"))?),
        None => None,
    };
    let permission = if request.read_only { Permission::Read } else { Permission::Upload };
    let scope = request.project.unwrap_or("all projects");
    let token_request = TokenRequest {
        name: request.name.unwrap_or_default().to_owned(),
        project: project_id.zip(request.project.map(str::to_owned)),
        permission,
        expires_at,
    };
    let issued = issuing::issue(pool, &Acting::command_line(), token_request).await?;
    let (id, name, secret) = (issued.api_token_id, issued.name, issued.secret);
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
        let state = token.state(now);
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
    issuing::revoke(pool, &Acting::command_line(), id).await?;
    writeln!(out, "Revoked token {id}.")?;
    Ok(())
}
