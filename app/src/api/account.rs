//! Signing in and out, one's own password, and the first-run setup.
//!
//! Each of these works as a plain HTML form post too: on success the server answers with a
//! redirect, and on failure Leptos sends the browser back to the form with the error in the URL.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::account::CurrentUser;
use crate::error::AppError;

/// The signed-in user, or `None`. Anyone may ask.
#[server(prefix = "/api/fn", endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    crate::auth::request::current_user()
}

/// Signs in and goes to `next` (a path on this site; anything else goes home).
#[server(prefix = "/api/fn", endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::auth::{request, sign_in};
    use crate::domain::account::safe_return_path;
    use crate::domain::throttle::LoginThrottle;

    let pool = super::pool()?;
    let throttle = use_context::<LoginThrottle>().unwrap_or_default();
    let session = request::session()?;
    let attempt = sign_in::Attempt {
        email: &email,
        password,
        address: request::client_address()?,
        now: chrono::Utc::now(),
    };
    sign_in::sign_in(&pool, &throttle, &session, attempt).await?;
    leptos_axum::redirect(safe_return_path(next.as_deref().unwrap_or("/")));
    Ok(())
}

/// Ends the session (it is deleted on the server, so a copied cookie is useless too).
#[server(prefix = "/api/fn", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::auth::session::sign_out(&crate::auth::request::session()?).await?;
    leptos_axum::redirect("/login?signed_out=1");
    Ok(())
}

/// Changes the signed-in user's password. Every other session of theirs ends; this one
/// continues under a new id.
#[server(prefix = "/api/fn", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::actions::accounts;
    use crate::auth::{password, request, session};
    use crate::domain::account::Role;

    let user = request::require(Role::Viewer)?;
    let pool = super::pool()?;
    // The current password is guessed like a sign-in (say, on a session left open): the same
    // throttle counts the check.
    let throttle = use_context::<crate::domain::throttle::LoginThrottle>().unwrap_or_default();
    let keys = crate::auth::sign_in::ThrottleKeys::new(Some(user.user_id), "", request::client_address()?);
    keys.reserve(&pool, &throttle, chrono::Utc::now()).await?;
    let stored = crate::db::users::password_hash(&pool, user.user_id).await?;
    if !password::verify(stored, current_password).await? {
        return Err(AppError::invalid("current_password", "this is not your current password"));
    }
    keys.succeeded(&pool).await?;
    if new_password != confirm_password {
        return Err(AppError::invalid("confirm_password", "the two new passwords differ"));
    }
    let generation =
        accounts::set_password(&pool, &request::acting(&user), user.user_id, new_password).await?;
    session::sign_in(&request::session()?, user.user_id, generation).await?;
    leptos_axum::redirect("/account?password=changed");
    Ok(())
}

/// What the setup and sign-in pages need to know about the first run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupStatus {
    /// Nobody has an account yet.
    pub needs_setup: bool,
    /// The token given is one `plumb serve` printed and it is still unused.
    pub token_usable: bool,
}

/// Public: says whether the first admin still has to be created (no secrets).
#[server(prefix = "/api/fn", endpoint = "setup_status")]
pub async fn get_setup_status(token: Option<String>) -> Result<SetupStatus, AppError> {
    let pool = super::pool()?;
    let needs_setup = !crate::db::users::any_exist(&pool).await?;
    let token_usable = match token.as_deref() {
        Some(token) if needs_setup && !token.is_empty() => {
            crate::actions::setup::is_usable(&pool, token).await?
        }
        _ => false,
    };
    Ok(SetupStatus { needs_setup, token_usable })
}

/// Creates the first admin with the one-time setup token, signs them in and goes home.
#[server(prefix = "/api/fn", endpoint = "setup")]
pub async fn setup_first_admin(
    token: String,
    email: String,
    display_name: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::actions::accounts::NewAccount;
    use crate::domain::account::Role;

    if password != confirm_password {
        return Err(AppError::invalid("confirm_password", "the two passwords differ"));
    }
    let pool = super::pool()?;
    let session = crate::auth::request::session()?;
    let account = NewAccount { email, display_name, role: Role::Admin, password };
    crate::actions::setup::create_first_admin(&pool, &session, &token, account).await?;
    leptos_axum::redirect("/");
    Ok(())
}
