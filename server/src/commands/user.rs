//! `plumb user create|list|set-role|disable|unlock`: accounts for scripted set-ups. The changes
//! themselves are `app::actions::accounts`, shared with the admin pages.

use std::io::{BufRead, Write};

use anyhow::{Context, bail};
use app::actions::Acting;
use app::actions::accounts::{self, NewAccount};
use app::db::users;
use app::domain::account::Role;
use sqlx::PgPool;

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
    let password = read_password(request.password_stdin)?;
    let account = NewAccount {
        email: request.email.to_owned(),
        display_name: request.name.unwrap_or_default().to_owned(),
        role: request.role,
        password,
    };
    accounts::create(pool, &Acting::command_line(), account).await?;
    writeln!(out, "Created {} as {}.", request.email.trim(), request.role.as_str())?;
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
    let user_id = accounts::id_by_email(pool, email).await?;
    accounts::set_role(pool, &Acting::command_line(), user_id, role).await?;
    writeln!(out, "{email} is now {}.", role.as_str())?;
    Ok(())
}

pub async fn disable(pool: &PgPool, email: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let user_id = accounts::id_by_email(pool, email).await?;
    accounts::set_disabled(pool, &Acting::command_line(), user_id, true).await?;
    writeln!(out, "Disabled {email}; they can no longer sign in and their sessions have ended.")?;
    Ok(())
}

pub async fn unlock(pool: &PgPool, email: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let user_id = accounts::id_by_email(pool, email).await?;
    accounts::unlock_sign_in(pool, &Acting::command_line(), user_id).await?;
    writeln!(out, "Unlocked {email}: failed sign-ins from every address are forgotten.")?;
    Ok(())
}
