//! The REST API under `/api/v1` (bearer tokens only) and its OpenAPI document.

pub mod auth;
pub mod problem;
pub mod read;
pub mod schema;
pub mod upload;

use axum::Json;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Plumb API", description = "Upload DevOps audit reports and read projects, snapshots and remediation items."),
    paths(
        upload::upload,
        read::list_projects,
        read::get_project,
        read::list_snapshots,
        read::get_snapshot,
        read::get_source,
        read::list_items,
    ),
    components(schemas(problem::Problem, upload::UploadResponse, read::ProjectDetail, read::SnapshotPage)),
    modifiers(&BearerAuth),
    tags((name = "snapshots"), (name = "projects"), (name = "items"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("plumb_<64 hex>").build(),
            ),
        );
    }
}

/// The API routes. Bodies are read by the upload handler itself against the configured limit,
/// so axum's default limit is lifted to that limit for multipart parsing.
pub fn routes(max_upload_bytes: usize) -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/api/v1/projects", get(read::list_projects))
        .route("/api/v1/projects/{slug}", get(read::get_project))
        .route(
            "/api/v1/projects/{slug}/snapshots",
            post(upload::upload).get(read::list_snapshots).layer(DefaultBodyLimit::max(max_upload_bytes)),
        )
        .route("/api/v1/projects/{slug}/snapshots/{id}", get(read::get_snapshot))
        .route("/api/v1/projects/{slug}/snapshots/{id}/source", get(read::get_source))
        .route("/api/v1/projects/{slug}/items", get(read::list_items))
}
