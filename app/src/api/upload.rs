//! Uploading a report by hand: the preview of a draft (what Plumb reads from it, before anything
//! is stored) and the save into a project. The draft itself comes from the upload form
//! (`POST /upload/draft`, served by the server crate).

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::project::ProjectName;
use crate::domain::snapshot::Snapshot;
use crate::error::AppError;

/// Longest pasted text sent back into the form for editing (a larger report was a file anyway).
pub const MAX_EDITABLE_BYTES: usize = 512 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadPreview {
    pub draft_id: i64,
    pub file_name: Option<String>,
    pub bytes: usize,
    pub uploaded_at: DateTime<Utc>,
    /// The pasted text, to correct and preview again (`None` for files and very long text).
    pub pasted_text: Option<String>,
    /// What Plumb reads from the report, or why it cannot use it.
    pub read: Result<Snapshot, String>,
    pub projects: Vec<ProjectName>,
    /// An existing project the report's own project name matches.
    pub matching_project: Option<String>,
    /// A slug and name for a new project, from the report.
    pub suggested_slug: String,
    pub suggested_name: String,
    /// Whether the viewer may save (editors and admins).
    pub may_save: bool,
    /// The parser that read it (the one running now: older previews are read again).
    pub parser_version: String,
}

/// Reads an uploaded report: canonical snapshot JSON when it looks like JSON, else a Markdown
/// (or plain text) report. Refuses one with nothing usable in it, or too complex to read.
#[cfg(feature = "ssr")]
pub async fn read_upload(bytes: &[u8]) -> Result<crate::domain::ingest::Parsed, String> {
    use crate::domain::ingest::Format;
    let format = Format::of_content(bytes);
    crate::reading::read_for_storage_off_thread(bytes, format)
        .await
        .map_err(|unstorable| unstorable.to_string())
}

#[server(prefix = "/api/fn", endpoint = "upload_preview")]
pub async fn get_upload_preview(draft_id: i64) -> Result<UploadPreview, AppError> {
    use crate::db::{board::project_names, drafts};
    use crate::domain::account::Role;
    use crate::domain::project::slugify;

    let user = crate::auth::request::require(Role::Viewer)?;
    let pool = super::pool()?;
    let draft = drafts::find(&pool, draft_id, user.user_id).await?.ok_or_else(|| {
        AppError::NotFound(
            "this upload; it may have been saved already, or it is more than a day old".to_owned(),
        )
    })?;
    // Read when the draft was made; drafts from before previews were kept are read now.
    let read = match draft.preview {
        Some(preview) => preview,
        None => read_upload(&draft.source_bytes).await.map(|parsed| parsed.snapshot),
    };
    let projects = project_names(&pool).await?;
    let reported_name =
        read.as_ref().ok().and_then(|snapshot| snapshot.project.name.clone()).unwrap_or_default();
    let suggested_slug = slugify(&reported_name);
    let matching_project = projects
        .iter()
        .find(|project| {
            project.slug == suggested_slug || project.name.eq_ignore_ascii_case(reported_name.trim())
        })
        .map(|project| project.slug.clone())
        .filter(|_| !reported_name.trim().is_empty());
    let pasted_text = (draft.file_name.is_none() && draft.source_bytes.len() <= MAX_EDITABLE_BYTES)
        .then(|| String::from_utf8_lossy(&draft.source_bytes).into_owned());
    Ok(UploadPreview {
        draft_id,
        file_name: draft.file_name,
        bytes: draft.source_bytes.len(),
        uploaded_at: draft.created_at,
        pasted_text,
        read,
        projects,
        matching_project,
        suggested_slug,
        suggested_name: reported_name.trim().to_owned(),
        may_save: user.has(Role::Editor),
        parser_version: crate::domain::ingest::PARSER_VERSION.to_owned(),
    })
}

/// Saves a draft as a snapshot of `project` (a slug), or of a new project when `project` is
/// `"new"` (`new_name`, and `new_slug` or one made from the name); then goes to the snapshot.
#[server(prefix = "/api/fn", endpoint = "save_upload")]
pub async fn save_upload(
    draft_id: i64,
    project: String,
    #[server(default)] new_name: String,
    #[server(default)] new_slug: String,
) -> Result<(), AppError> {
    use crate::actions::Acting;
    use crate::actions::projects::ProjectRef;
    use crate::actions::uploads::{Provenance, Report, store_report};
    use crate::db::drafts;
    use crate::domain::account::Role;
    use crate::domain::project::{slugify, validate_slug};

    let user = crate::auth::request::require(Role::Editor)?;
    let pool = super::pool()?;
    let draft = drafts::find(&pool, draft_id, user.user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("this upload; it may have been saved already".to_owned()))?;
    let parsed =
        read_upload(&draft.source_bytes).await.map_err(|problem| AppError::invalid("report", problem))?;

    let new_name = new_name.trim();
    // The project chosen from the list (its id), or the new one's slug.
    let (slug, existing) = if project == "new" {
        if new_name.is_empty() || new_name.chars().count() > 200 {
            return Err(AppError::invalid("new_name", "give the new project a name of 1 to 200 characters"));
        }
        let slug = match new_slug.trim() {
            "" => slugify(new_name),
            slug => slug.to_owned(),
        };
        validate_slug(&slug)
            .map_err(|problem| AppError::invalid("new_slug", format!("the slug {problem}")))?;
        (slug, None)
    } else {
        let id = crate::db::projects::find_id(&pool, &project).await?.ok_or_else(|| {
            AppError::invalid("project", "choose a project from the list, or create a new one")
        })?;
        (project, Some(id))
    };
    let destination = match existing {
        Some(id) => ProjectRef::Existing(id),
        None => ProjectRef::New { slug: &slug, name: new_name },
    };
    let provenance = Provenance {
        acting: Acting { via: Some("upload page"), ..crate::auth::request::acting(&user) },
        ..Provenance::default()
    };
    let mut tx = pool.begin().await?;
    let report = Report { bytes: &draft.source_bytes, parsed: &parsed };
    let stored = store_report(&mut tx, destination, report, &provenance).await?;
    drafts::delete(&mut *tx, draft_id).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/projects/{slug}/snapshots/{}", stored.snapshot.snapshot_id));
    Ok(())
}
