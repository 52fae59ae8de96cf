//! `POST /upload/draft`: the upload page's form (pasted text or a chosen file, as
//! multipart/form-data). The report is kept as a draft for its uploader and the browser is sent
//! to the preview, `/upload?draft=ID`; saving happens from there. A plain HTML form endpoint
//! (not a server function) so the page works without JavaScript and the browser bundle needs no
//! multipart code.

use app::auth::request::Authenticated;
use app::domain::account::Role;
use axum::Extension;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::http::multipart::{FormFault, read_parts};
use crate::state::AppState;

/// Why a form post made no draft; the upload page explains each (`/upload?problem=…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormProblem {
    Empty,
    TooLarge,
    Malformed,
}

impl FormProblem {
    fn param(self) -> &'static str {
        match self {
            FormProblem::Empty => "empty",
            FormProblem::TooLarge => "too_large",
            FormProblem::Malformed => "malformed",
        }
    }
}

pub async fn create_draft(
    State(state): State<AppState>,
    Extension(Authenticated(user)): Extension<Authenticated>,
    multipart: Multipart,
) -> Response {
    let Some(user) = user else {
        return Redirect::to("/login?next=/upload").into_response();
    };
    if !user.has(Role::Editor) {
        return (StatusCode::FORBIDDEN, "Uploading a report needs the editor role.").into_response();
    }
    let (file_name, bytes) = match read_report(multipart, state.max_upload_bytes).await {
        Ok(report) => report,
        Err(problem) => return Redirect::to(&format!("/upload?problem={}", problem.param())).into_response(),
    };
    // Read once, here: the preview page shows what was read without parsing it again.
    let preview = app::api::upload::read_upload(&bytes).await.map(|parsed| parsed.snapshot);
    match app::db::drafts::insert(&state.pool, user.user_id, file_name.as_deref(), &bytes, &preview).await {
        Ok(draft_id) => Redirect::to(&format!("/upload?draft={draft_id}")).into_response(),
        Err(error) => {
            tracing::error!(%error, "could not store an upload draft");
            (StatusCode::INTERNAL_SERVER_ERROR, "The report could not be stored; the error has been logged.")
                .into_response()
        }
    }
}

/// The chosen file when there is one, else the pasted text (`report`); at most `limit` bytes.
async fn read_report(multipart: Multipart, limit: usize) -> Result<(Option<String>, Vec<u8>), FormProblem> {
    let parts = read_parts(multipart, &["file", "report"], limit).await.map_err(|fault| match fault {
        FormFault::TooLarge => FormProblem::TooLarge,
        FormFault::Malformed(_) => FormProblem::Malformed,
    })?;
    let mut file = None;
    let mut pasted = Vec::new();
    for part in parts {
        match part.name.as_str() {
            "file" if !part.bytes.is_empty() => {
                file = Some((part.file_name.filter(|n| !n.is_empty()), part.bytes))
            }
            "report" => pasted = part.bytes,
            _ => {}
        }
    }
    if let Some(file) = file {
        return Ok(file);
    }
    // A browser sends CRLF line ends for a textarea; the report's lines are the same either way.
    let text = String::from_utf8_lossy(&pasted).replace("\r\n", "\n");
    if text.trim().is_empty() {
        return Err(FormProblem::Empty);
    }
    Ok((None, text.into_bytes()))
}
