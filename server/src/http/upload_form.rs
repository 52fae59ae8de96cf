//! `POST /upload/draft`: the upload page's form (pasted text or a chosen file, as
//! multipart/form-data). The report is kept as a draft for its uploader and the browser is sent
//! to the preview, `/upload?draft=ID`; saving happens from there. A plain HTML form endpoint
//! (not a server function) so the page works without JavaScript and the browser bundle needs no
//! multipart code.

use app::auth::request::Authenticated;
use app::domain::account::Role;
use axum::Extension;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

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
async fn read_report(
    mut multipart: Multipart,
    limit: usize,
) -> Result<(Option<String>, Vec<u8>), FormProblem> {
    let mut file: Option<(Option<String>, Vec<u8>)> = None;
    let mut pasted: Vec<u8> = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(classify)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(|name| name.chars().take(255).collect::<String>());
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(classify)? {
            if bytes.len() + chunk.len() > limit {
                return Err(FormProblem::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" if !bytes.is_empty() => file = Some((file_name.filter(|n| !n.is_empty()), bytes)),
            "report" => pasted = bytes,
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

fn classify(error: MultipartError) -> FormProblem {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        FormProblem::TooLarge
    } else {
        FormProblem::Malformed
    }
}
