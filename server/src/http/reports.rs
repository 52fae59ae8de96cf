//! `GET /projects/{slug}/report.pdf[?snapshot=ID]`: a project's PDF report, for anyone signed in
//! (stakeholders get the file from someone who is, or from `plumb report` in a cron job).

use app::auth::request::Authenticated;
use app::error::AppError;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    /// Pin the report to this snapshot (default: the latest).
    pub snapshot: Option<i64>,
}

pub async fn project_report(
    State(state): State<AppState>,
    Extension(Authenticated(user)): Extension<Authenticated>,
    Path(slug): Path<String>,
    Query(query): Query<ReportQuery>,
) -> Response {
    if user.is_none() {
        let next = app::components::url::encode(&format!("/projects/{slug}/report.pdf"));
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    match app::report::project(&state.pool, &slug, query.snapshot, chrono::Utc::now()).await {
        Ok(pdf) => {
            let disposition = format!("inline; filename=\"{}\"", pdf.file_name);
            let mut response = pdf.bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = match error {
                AppError::Internal => "The report could not be made; the error has been logged.".to_owned(),
                other => other.to_string(),
            };
            (status, message).into_response()
        }
    }
}
