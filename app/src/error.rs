//! The one error type that crosses the wire between server functions and the browser.
//!
//! Variants are what a user may be told; internal causes are logged on the server and never
//! serialized (see [`AppError::internal`]).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 404: the thing asked for does not exist (or the caller may not know it exists).
    #[error("not found: {0}")]
    NotFound(String),
    /// 401: the caller is not signed in.
    #[error("you need to sign in")]
    Unauthorized,
    /// 401: a sign-in with an unknown email or a wrong password (deliberately not saying which).
    #[error("the email or password is not right")]
    InvalidCredentials,
    /// 429: too many failed attempts; the text says how long to wait.
    #[error("{0}")]
    TooManyAttempts(String),
    /// 403: signed in, but not allowed to do this.
    #[error("you are not allowed to do this")]
    Forbidden,
    /// 422: input failed validation; `field` names the offending input.
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    /// 409: the change conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// 400: the request itself is malformed (missing or undecodable arguments).
    #[error("the request is malformed: {0}")]
    BadRequest(String),
    /// 503: the server cannot take this now (the database is unreachable, or every password
    /// check slot is busy); the text says so, and the answer carries `Retry-After`.
    #[error("{0}")]
    Unavailable(String),
    /// 500: something broke on the server; details are in its log, not here.
    #[error("something went wrong on the server; the error has been logged")]
    Internal,
    /// Transport trouble between browser and server (network, encoding).
    #[error("could not reach the server: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status code this error is reported with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::Unauthorized | AppError::InvalidCredentials => 401,
            AppError::TooManyAttempts(_) => 429,
            AppError::Forbidden => 403,
            AppError::Validation { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::BadRequest(_) => 400,
            AppError::Unavailable(_) => 503,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
        }
    }

    /// A validation error on `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation { field: field.to_owned(), message: message.into() }
    }

    /// Logs `cause` with its full detail and returns the opaque [`AppError::Internal`].
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Debug) -> Self {
        tracing::error!(error = ?cause, "internal error");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Raised on the server while decoding what the client sent: the client's mistake.
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::Deserialization(message)
            | ServerFnErrorErr::UnsupportedRequestMethod(message) => AppError::BadRequest(message),
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// What a person is told while the database cannot be reached.
pub const DATABASE_UNAVAILABLE: &str =
    "the database is unavailable at the moment; nothing was changed, try again in a little while";

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(cause: sqlx::Error) -> Self {
        if is_outage(&cause) {
            tracing::warn!(error = %cause, "database unavailable");
            return AppError::Unavailable(DATABASE_UNAVAILABLE.to_owned());
        }
        AppError::internal(cause)
    }
}

/// The answer of a plain endpoint (a PDF, a raw report) that failed: the error's status and
/// message as text, and `Retry-After` while the database is away. Server functions and pages
/// report errors their own way; this is for the routes outside them.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        use axum::http::{HeaderValue, StatusCode, header};
        let status = StatusCode::from_u16(self.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, format!("{self}\n")).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
        }
        response
    }
}

/// Seconds a client is asked to wait before retrying a 503.
pub const RETRY_AFTER_SECONDS: &str = "5";

/// Whether `error` means the database cannot be reached (rather than a query that failed).
#[cfg(feature = "ssr")]
pub fn is_outage(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
            true
        }
        // 57P01..57P03: the server is shutting down or starting up; 08xxx: connection exceptions.
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_maps_to_its_documented_status() {
        assert_eq!(AppError::NotFound("project".into()).status_code(), 404);
        assert_eq!(AppError::Unauthorized.status_code(), 401);
        assert_eq!(AppError::Forbidden.status_code(), 403);
        assert_eq!(AppError::InvalidCredentials.status_code(), 401);
        assert_eq!(AppError::TooManyAttempts("wait".into()).status_code(), 429);
        let validation = AppError::Validation { field: "slug".into(), message: "empty".into() };
        assert_eq!(validation.status_code(), 422);
        assert_eq!(AppError::Conflict("taken".into()).status_code(), 409);
        assert_eq!(AppError::Internal.status_code(), 500);
        assert_eq!(AppError::Unavailable("busy".into()).status_code(), 503);
        assert_eq!(AppError::BadRequest("no email".into()).status_code(), 400);
    }

    #[test]
    fn errors_survive_the_wire_encoding() {
        let original = AppError::Validation { field: "email".into(), message: "missing @".into() };
        let decoded = AppError::de(original.ser());
        assert_eq!(decoded, original);
    }
}
