//! `plumb user create|list|set-role|disable`: accounts for scripted set-ups.

use std::io::{BufRead, Write};

use anyhow::{Context, bail};
use app::db::{audit, items::Actor, users};
use app::domain::account::{Role, check_email, check_password};
use sqlx::PgPool;

use crate::auth::password;

pub struct CreateUser<'a> {
    pub email: &'a str,
    pub name: Option<&'a str>,
    pub role: Role,
    /// Read the password from standard input (one line) instead of prompting.
    pub password_stdin: bool,
}

/// The new password: from standard input, or typed twice at a prompt that does not echo.
fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("could not read the password from standard input")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ")
        .context("no terminal to ask for a password; use --password-stdin")?;
    let second = rpassword::prompt_password("Password again: ")?;
    if first != second {
        bail!("the passwords differ");
    }
    Ok(first)
}

pub async fn create(pool: &PgPool, request: CreateUser<'_>, out: &mut impl Write) -> anyhow::Result<()> {
    check_email(request.email).map_err(|e| anyhow::anyhow!(e))?;
    let secret = read_password(request.password_stdin)?;
    check_password(&secret, request.email).map_err(|e| anyhow::anyhow!("password rejected: {e}"))?;
    let hash = password::hash(secret).await?;
    let name = request.name.unwrap_or_else(|| request.email.split('@').next().unwrap_or(request.email));
    let mut tx = pool.begin().await?;
    let Some(id) = users::create(
        &mut *tx,
        users::NewUser { email: request.email, display_name: name, role: request.role, password_hash: &hash },
    )
    .await?
    else {
        bail!("a user with the email {} already exists", request.email);
    };
    audit::record(
        &mut *tx,
        audit::Change {
            actor: Actor::default(),
            action: "user.create",
            entity_type: "app_user",
            entity_id: id.to_string(),
            before: None,
            after: Some(
                serde_json::json!({ "email": request.email, "role": request.role.as_str(), "via": "cli" }),
            ),
            request_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    writeln!(out, "Created {} ({}) as {}.", request.email, name, request.role.as_str())?;
    Ok(())
}

pub async fn list(pool: &PgPool, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "{:>4}  {:<32} {:<24} {:<7} {:<9} CREATED", "ID", "EMAIL", "NAME", "ROLE", "STATE")?;
    for user in users::list(pool).await? {
        writeln!(
            out,
            "{:>4}  {:<32} {:<24} {:<7} {:<9} {}",
            user.app_user_id,
            user.email,
            user.display_name,
            user.role,
            if user.disabled_at.is_some() { "disabled" } else { "active" },
            user.created_at.format("%Y-%m-%d")
        )?;
    }
    Ok(())
}

pub async fn set_role(pool: &PgPool, email: &str, role: Role, out: &mut impl Write) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    let Some(before) = users::set_role(&mut *tx, email, role).await? else {
        bail!("no user with the email {email}");
    };
    audit::record(
        &mut *tx,
        audit::Change {
            actor: Actor::default(),
            action: "user.set_role",
            entity_type: "app_user",
            entity_id: email.to_owned(),
            before: Some(serde_json::json!({ "role": before })),
            after: Some(serde_json::json!({ "role": role.as_str(), "via": "cli" })),
            request_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    writeln!(out, "{email} is now {} (was {before}).", role.as_str())?;
    Ok(())
}

pub async fn disable(pool: &PgPool, email: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    if !users::disable(&mut *tx, email).await? {
        bail!("no active user with the email {email}");
    }
    audit::record(
        &mut *tx,
        audit::Change {
            actor: Actor::default(),
            action: "user.disable",
            entity_type: "app_user",
            entity_id: email.to_owned(),
            before: None,
            after: Some(serde_json::json!({ "disabled": true, "via": "cli" })),
            request_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    writeln!(out, "Disabled {email}; they can no longer sign in.")?;
    Ok(())
}
