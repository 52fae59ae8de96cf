//! Read endpoints of the REST API.

use app::db::items::{self, ItemFilter};
use app::db::{projects, snapshots};
use app::domain::lifecycle::ItemStatus;
use app::domain::snapshot::Priority;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::problem::{ApiResult, Problem};
use super::schema::{Category, Item, ProjectSummary, SnapshotSummary};
use crate::state::AppState;

/// The project, if it exists and the caller may read it (404 either way, so a token does not
/// learn which other projects exist).
async fn readable_project(state: &AppState, caller: &Caller, slug: &str) -> ApiResult<ProjectSummary> {
    match projects::summary(&state.pool, slug).await? {
        Some(project) if caller.may_read(project.project_id) => Ok(project.into()),
        _ => Err(Problem::not_found(
            "unknown-project",
            format!("there is no project \"{slug}\" for this token"),
        )),
    }
}

/// Projects the token may read.
#[utoipa::path(get, path = "/api/v1/projects", tag = "projects",
    params(("archived" = Option<bool>, Query, description = "Include archived projects")),
    responses((status = 200, body = [ProjectSummary]), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_projects(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ArchivedQuery>,
) -> ApiResult<Json<Vec<ProjectSummary>>> {
    let all = projects::list(&state.pool, query.archived.unwrap_or(false)).await?;
    Ok(Json(all.into_iter().filter(|p| caller.may_read(p.project_id)).map(ProjectSummary::from).collect()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ArchivedQuery {
    pub archived: Option<bool>,
}

/// A project with its latest scores.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProjectDetail {
    #[serde(flatten)]
    pub project: ProjectSummary,
    /// Categories of the latest snapshot.
    pub categories: Vec<Category>,
}

#[utoipa::path(get, path = "/api/v1/projects/{slug}", tag = "projects",
    params(("slug" = String, Path)),
    responses((status = 200, body = ProjectDetail), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_project(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> ApiResult<Json<ProjectDetail>> {
    let project = readable_project(&state, &caller, &slug).await?;
    let categories = match project.latest_snapshot_id {
        Some(id) => snapshots::categories(&state.pool, id).await?.into_iter().map(Category::from).collect(),
        None => Vec::new(),
    };
    Ok(Json(ProjectDetail { project, categories }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// 1-based page number (default 1).
    pub page: Option<i64>,
    /// Page size, 1–100 (default 20).
    pub per_page: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SnapshotPage {
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    pub snapshots: Vec<SnapshotSummary>,
}

/// A project's snapshots, newest first.
#[utoipa::path(get, path = "/api/v1/projects/{slug}/snapshots", tag = "snapshots",
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = SnapshotPage), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_snapshots(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<SnapshotPage>> {
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(20);
    if page < 1 {
        return Err(Problem::bad_request("page starts at 1").with_field("page"));
    }
    if !(1..=100).contains(&per_page) {
        return Err(Problem::bad_request("per_page must be 1 to 100").with_field("per_page"));
    }
    let project = readable_project(&state, &caller, &slug).await?;
    let (rows, total) =
        snapshots::page(&state.pool, project.project_id, per_page, (page - 1).saturating_mul(per_page))
            .await?;
    let snapshots = rows.into_iter().map(SnapshotSummary::from).collect();
    Ok(Json(SnapshotPage { page, per_page, total, snapshots }))
}

/// One snapshot as canonical JSON (plumb.snapshot/v1).
#[utoipa::path(get, path = "/api/v1/projects/{slug}/snapshots/{id}", tag = "snapshots",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, description = "The canonical snapshot JSON (docs/SNAPSHOT.md)", body = Object),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_snapshot(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, id)): Path<(String, i64)>,
) -> ApiResult<Json<serde_json::Value>> {
    let project = readable_project(&state, &caller, &slug).await?;
    snapshots::canonical(&state.pool, project.project_id, id).await?.map(Json).ok_or_else(|| {
        Problem::not_found("unknown-snapshot", format!("project \"{slug}\" has no snapshot {id}"))
    })
}

/// The report exactly as uploaded.
#[utoipa::path(get, path = "/api/v1/projects/{slug}/snapshots/{id}/source", tag = "snapshots",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, description = "The uploaded bytes", content_type = "application/octet-stream"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_source(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, id)): Path<(String, i64)>,
) -> ApiResult<Response> {
    let project = readable_project(&state, &caller, &slug).await?;
    let bytes = snapshots::source(&state.pool, project.project_id, id).await?.ok_or_else(|| {
        Problem::not_found("unknown-snapshot", format!("project \"{slug}\" has no snapshot {id}"))
    })?;
    // Served as an attachment of opaque bytes: never rendered by the browser from here.
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    if let Ok(disposition) = HeaderValue::from_str(&format!("attachment; filename=\"{slug}-{id}.md\"")) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok(response)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ItemQuery {
    /// open, in_progress, resolved or accepted_risk
    pub status: Option<String>,
    /// critical, high, medium or low
    pub priority: Option<String>,
    /// An owner's email, or "unassigned"
    pub owner: Option<String>,
}

/// A project's remediation items, most urgent first.
#[utoipa::path(get, path = "/api/v1/projects/{slug}/items", tag = "items",
    params(("slug" = String, Path), ItemQuery),
    responses((status = 200, body = [Item]), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_items(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Query(query): Query<ItemQuery>,
) -> ApiResult<Json<Vec<Item>>> {
    if let Some(status) = &query.status
        && ItemStatus::parse(status).is_none()
    {
        return Err(Problem::bad_request(format!("unknown status \"{status}\"")).with_field("status"));
    }
    if let Some(priority) = &query.priority
        && Priority::parse(priority).is_none()
    {
        return Err(Problem::bad_request(format!("unknown priority \"{priority}\"")).with_field("priority"));
    }
    let project = readable_project(&state, &caller, &slug).await?;
    let filter = ItemFilter { status: query.status, priority: query.priority, owner: query.owner };
    Ok(Json(
        items::list(&state.pool, project.project_id, &filter).await?.into_iter().map(Item::from).collect(),
    ))
}
