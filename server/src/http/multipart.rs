//! Reading `multipart/form-data` bodies (the upload API's `file` part, the upload page's form)
//! with one rule for size: every part is read in chunks and refused as soon as it passes the
//! limit, so no part is ever held whole beyond it.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::StatusCode;

/// One part of a form, read whole.
#[derive(Debug)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// Why a form could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormFault {
    /// A part (or the body) is over the limit.
    TooLarge,
    /// Not a well-formed multipart body.
    Malformed(String),
}

impl From<MultipartError> for FormFault {
    fn from(error: MultipartError) -> Self {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            FormFault::TooLarge
        } else {
            FormFault::Malformed(error.to_string())
        }
    }
}

/// The parts named in `wanted`, in the order they came, each at most `limit` bytes; other
/// parts are skipped without being kept.
pub async fn read_parts(
    mut multipart: Multipart,
    wanted: &[&str],
    limit: usize,
) -> Result<Vec<Part>, FormFault> {
    let mut parts = Vec::new();
    while let Some(mut field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        if !wanted.contains(&name.as_str()) {
            continue;
        }
        // File names are shown back to people: keep them short.
        let file_name = field.file_name().map(|name| name.chars().take(255).collect::<String>());
        let content_type = field.content_type().map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await? {
            if bytes.len() + chunk.len() > limit {
                return Err(FormFault::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        parts.push(Part { name, file_name, content_type, bytes });
    }
    Ok(parts)
}
