//! The PDF reports, for anyone signed in (stakeholders get the file from someone who is, or from
//! `plumb report` in a cron job): `GET /projects/{slug}/report.pdf[?snapshot=ID]` and
//! `GET /report.pdf`.

use app::auth::request::Authenticated;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
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
    respond(app::report::project(&state.pool, &slug, query.snapshot, chrono::Utc::now()).await)
}

/// A PDF inline with its file name, or the error's status and message.
fn respond(made: app::error::Result<app::report::Pdf>) -> Response {
    match made {
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
        Err(error) => error.into_response(),
    }
}

/// `GET /report.pdf?q=&tag=&owner=&verdict=&level=&sort=&dir=`: the portfolio report, for the
/// projects the portfolio page shows with the same filters and order.
pub async fn portfolio_report(
    State(state): State<AppState>,
    Extension(Authenticated(user)): Extension<Authenticated>,
    Query(params): Query<std::collections::HashMap<String, String>>,
) -> Response {
    if user.is_none() {
        return Redirect::to("/login?next=%2Freport.pdf").into_response();
    }
    let query = app::domain::portfolio::PortfolioQuery::from_params(|key| params.get(key).cloned());
    respond(app::report::portfolio(&state.pool, &query, state.stale_after.0, chrono::Utc::now()).await)
}
