//! Server functions, grouped by area. Each one reads its context, checks authorization itself,
//! and calls into [`crate::db`] and [`crate::domain`]; no SQL lives here.

pub mod account;
pub mod admin;
pub mod board;
pub mod item;
pub mod portfolio;
pub mod scorecard;
pub mod snapshot;
pub mod upload;

/// The database pool the server provides to every request's reactive context.
#[cfg(feature = "ssr")]
pub(crate) fn pool() -> crate::error::Result<sqlx::PgPool> {
    leptos::prelude::use_context::<sqlx::PgPool>()
        .ok_or_else(|| crate::error::AppError::internal("BUG: no PgPool in the request context"))
}
