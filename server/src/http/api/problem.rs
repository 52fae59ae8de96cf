//! Errors of the REST API as `application/problem+json` (RFC 9457).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One API error: a stable `type` per kind, a human title and detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem, e.g. `/problems/unknown-project`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For validation problems: the offending field (`gaps[2].priority`, `taken_at`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("/problems/{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            field: None,
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-request", "The request is malformed", detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "Authentication required", detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed", detail)
    }

    pub fn not_found(kind: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, kind, "Not found", detail)
    }

    pub fn unprocessable(kind: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, kind, "The content cannot be used", detail)
    }

    /// 500 for the client; the cause goes to the log.
    pub fn internal(cause: impl std::fmt::Debug) -> Self {
        tracing::error!(error = ?cause, "internal error in the REST API");
        Self::server_error()
    }

    /// The 500 answer itself (for a cause that is logged already).
    fn server_error() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Server error",
            "something went wrong on the server; it has been logged",
        )
    }
}

pub use app::error::RETRY_AFTER_SECONDS;

/// An application error met by a REST handler, as the problem document for its status.
impl From<app::error::AppError> for Problem {
    fn from(error: app::error::AppError) -> Self {
        use app::error::AppError;
        let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match error {
            // AppError::internal logged the cause when it made this.
            AppError::Internal => Problem::server_error(),
            AppError::Validation { field, message } => {
                Problem::unprocessable("invalid", message).with_field(field)
            }
            AppError::NotFound(what) => Problem::not_found("not-found", format!("not found: {what}")),
            AppError::Unauthorized | AppError::InvalidCredentials => Problem::unauthorized(error.to_string()),
            AppError::Forbidden => Problem::forbidden(error.to_string()),
            AppError::Unavailable(detail) => Self::new(status, "unavailable", "Service unavailable", detail),
            other => Self::new(status, "request-failed", "The request failed", other.to_string()),
        }
    }
}

impl From<sqlx::Error> for Problem {
    fn from(cause: sqlx::Error) -> Self {
        // The same judgement as the pages': an outage is 503, anything else is logged as 500.
        app::error::AppError::from(cause).into()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(&self)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            // CI retries an upload that met an outage instead of failing the build for good.
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"plumb\""));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, Problem>;

#[cfg(test)]
mod tests {
    use app::error::AppError;

    use super::*;

    #[test]
    fn application_errors_keep_their_status_and_field() {
        let problem = Problem::from(AppError::invalid("taken_at", "not a date"));
        assert_eq!((problem.status, problem.field.as_deref()), (422, Some("taken_at")));
        assert_eq!(Problem::from(AppError::Forbidden).status, 403);
        let unavailable = Problem::from(AppError::Unavailable("down".into()));
        assert_eq!((unavailable.status, unavailable.kind.as_str()), (503, "/problems/unavailable"));
        assert_eq!(Problem::from(AppError::Internal).status, 500);
        assert_eq!(Problem::from(AppError::Conflict("stale".into())).status, 409);
    }
}
