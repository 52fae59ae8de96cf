//! What a page render or server function knows about its request: the signed-in user, the
//! session, the client's address. The server's middleware puts [`Authenticated`] and
//! [`ClientAddress`] into every request before Leptos sees it; when they are missing, the
//! functions here fail closed.

use std::net::IpAddr;

use http::request::Parts;
use leptos::prelude::use_context;
use tower_sessions::Session;

use crate::actions::Acting;
use crate::domain::account::{CurrentUser, Role};
use crate::error::{AppError, Result};

/// The user behind the request's session, resolved once per request by the server.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Option<CurrentUser>);

/// The signed-in session's anti-forgery token, which its forms carry (see
/// [`crate::components::csrf`]).
#[derive(Debug, Clone)]
pub struct AntiForgeryToken(pub String);

/// The client's address (the peer, or the proxy-reported one when configured).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

fn parts() -> Result<Parts> {
    use_context::<Parts>().ok_or_else(|| AppError::internal("BUG: no request parts in the Leptos context"))
}

/// The signed-in user, if any.
pub fn current_user() -> Result<Option<CurrentUser>> {
    let parts = parts()?;
    let authenticated = parts
        .extensions
        .get::<Authenticated>()
        .ok_or_else(|| AppError::internal("BUG: the authentication middleware did not run"))?;
    Ok(authenticated.0.clone())
}

/// The signed-in user if their role is `role` or above: 401 when nobody is signed in, 403 when
/// the role is too low.
pub fn require(role: Role) -> Result<CurrentUser> {
    let user = current_user()?.ok_or(AppError::Unauthorized)?;
    if user.has(role) { Ok(user) } else { Err(AppError::Forbidden) }
}

pub fn session() -> Result<Session> {
    parts()?
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal("BUG: no session layer around the app"))
}

pub fn client_address() -> Result<IpAddr> {
    parts()?
        .extensions
        .get::<ClientAddress>()
        .map(|address| address.0)
        .ok_or_else(|| AppError::internal("BUG: the client address middleware did not run"))
}

/// The anti-forgery token for this request's forms (empty when nobody is signed in: such a
/// request acts as nobody, and the origin check covers it).
pub fn anti_forgery_token() -> String {
    parts()
        .ok()
        .and_then(|parts| parts.extensions.get::<AntiForgeryToken>().map(|token| token.0.clone()))
        .unwrap_or_default()
}

/// The request id the server assigned (it is logged with every line of this request).
pub fn request_id() -> Option<String> {
    let parts = parts().ok()?;
    parts.headers.get("x-request-id")?.to_str().ok().map(str::to_owned)
}

/// `user` acting in this request, for the audit log.
pub fn acting(user: &CurrentUser) -> Acting {
    Acting::user(user.user_id, request_id())
}
