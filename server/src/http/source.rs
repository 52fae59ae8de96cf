//! `GET /projects/{slug}/snapshots/{id}/source.txt`: a snapshot's report as the text it was
//! read from, for anyone signed in. The snapshot page renders at most the first part of a long
//! report and links here for the rest. Served as plain text that browsers never sniff or run.

use app::auth::request::Authenticated;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::state::AppState;

pub async fn snapshot_source(
    State(state): State<AppState>,
    Extension(Authenticated(user)): Extension<Authenticated>,
    Path((slug, snapshot_id)): Path<(String, i64)>,
) -> Response {
    read(&state, user.is_some(), &slug, snapshot_id).await.unwrap_or_else(IntoResponse::into_response)
}

async fn read(
    state: &AppState,
    signed_in: bool,
    slug: &str,
    snapshot_id: i64,
) -> Result<Response, app::error::AppError> {
    if !signed_in {
        let next =
            app::components::url::encode(&format!("/projects/{slug}/snapshots/{snapshot_id}/source.txt"));
        return Ok(Redirect::to(&format!("/login?next={next}")).into_response());
    }
    let found = match app::db::projects::find_id(&state.pool, slug).await? {
        Some(project_id) => app::db::scorecard::stored(&state.pool, project_id, snapshot_id).await?,
        None => None,
    };
    let Some(stored) = found else {
        return Ok((StatusCode::NOT_FOUND, format!("project \"{slug}\" has no snapshot {snapshot_id}\n"))
            .into_response());
    };
    let mut response = stored.source_text.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    Ok(response)
}
