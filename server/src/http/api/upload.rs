//! `POST /api/v1/projects/{slug}/snapshots`: CI pushes a report.

use app::actions::Acting;
use app::actions::idempotency::{self, Answer, Keyed, Recalled};
use app::actions::projects::ProjectRef;
use app::actions::uploads::{self, Provenance, Report};
use app::db::projects;
use app::domain::ingest::{Format, ParseError, Parsed, Unstorable, hex_sha256};
use app::domain::project::validate_slug;
use app::reading::read_for_storage_off_thread;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::problem::{ApiResult, Problem};
use super::schema::{ItemChanges, SnapshotSummary};
use crate::http::REQUEST_ID_HEADER;
use crate::http::multipart::{FormFault, read_parts};
use crate::state::AppState;

/// Options of an upload, from the query string or `X-Plumb-*` headers (the query wins).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadOptions {
    /// Parse, match and answer, but store nothing. Header: `X-Plumb-Dry-Run`.
    pub dry_run: Option<bool>,
    /// Create the project if it does not exist (needs an upload token for all projects).
    /// Header: `X-Plumb-Create-Project`.
    pub create_project: Option<bool>,
    /// Name of a project created by this upload (default: the report's project name, else the
    /// slug). Header: `X-Plumb-Project-Name`.
    pub name: Option<String>,
    /// Commit the report was made for. Header: `X-Plumb-Commit`.
    pub commit: Option<String>,
    /// Branch. Header: `X-Plumb-Branch`.
    pub branch: Option<String>,
    /// Link to the CI run. Header: `X-Plumb-Build-Url`.
    pub build_url: Option<String>,
    /// When the report was taken (RFC 3339 or YYYY-MM-DD); else the report's own date, else now.
    /// Header: `X-Plumb-Taken-At`.
    pub taken_at: Option<String>,
}

/// The answer to an upload.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UploadResponse {
    pub project: String,
    /// False when the project already had this exact report (nothing changed).
    pub created: bool,
    pub dry_run: bool,
    pub snapshot: SnapshotSummary,
    /// What the upload did to the project's remediation items (ids).
    pub items: ItemChanges,
    /// The parser's notes: repaired encodings, skipped targets and sub-scores, derived values.
    pub warnings: Vec<String>,
}

const MAX_TEXT_FIELD: usize = 2048;

/// Upload a report (Markdown, canonical JSON, or a multipart `file`).
#[utoipa::path(
    post,
    path = "/api/v1/projects/{slug}/snapshots",
    tag = "snapshots",
    params(("slug" = String, Path, description = "Project slug"), UploadOptions,
           ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for the same key and request")),
    request_body(description = "The report: text/markdown, text/plain, application/json (plumb.snapshot/v1) or multipart/form-data with a `file` part", content_type = "text/markdown"),
    responses(
        (status = 201, description = "Stored; Location names the snapshot", body = UploadResponse),
        (status = 200, description = "The same report was already stored (or a dry run)", body = UploadResponse),
        (status = 400, description = "Bad query or headers", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No, unknown, revoked or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read-only token for this project", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project for this token (missing, or another project's), and no create_project", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over PLUMB_MAX_UPLOAD_BYTES", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Unsupported content type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid JSON, nothing usable in the report, or a report over the limits (too-complex)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn upload(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    caller: Caller,
    request: Request,
) -> ApiResult<Response> {
    let headers = request.headers().clone();
    let options = options(&request, &headers)?;
    let dry_run = options.dry_run.unwrap_or(false);
    let taken_at = options.taken_at.as_deref().map(parse_taken_at).transpose()?;
    for (name, value) in [
        ("name", &options.name),
        ("commit", &options.commit),
        ("branch", &options.branch),
        ("build_url", &options.build_url),
    ] {
        if value.as_ref().is_some_and(|v| v.len() > MAX_TEXT_FIELD) {
            return Err(Problem::bad_request(format!("{name} is longer than {MAX_TEXT_FIELD} characters"))
                .with_field(name));
        }
    }

    // Authorization comes before reading the body: a caller that may not upload learns nothing,
    // not even whether a project it cannot read exists (it gets the answer for a missing one).
    let create = options.create_project.unwrap_or(false);
    let project_id = match projects::find_id(&state.pool, &slug).await? {
        Some(id) if caller.may_upload(id) => Some(id),
        Some(id) if caller.may_read(id) => {
            return Err(Problem::forbidden(format!("this token may only read the project \"{slug}\"")));
        }
        None if create && caller.may_create_projects() => {
            validate_slug(&slug).map_err(|problem| {
                Problem::bad_request(format!("invalid project slug: {problem}")).with_field("slug")
            })?;
            None
        }
        _ => {
            let hint = if caller.may_create_projects() {
                "pass create_project=true to create it"
            } else if create {
                "creating projects needs an upload token for all projects"
            } else {
                "check the slug and the token's project"
            };
            return Err(Problem::not_found(
                "unknown-project",
                format!("there is no project \"{slug}\" for this token; {hint}"),
            ));
        }
    };

    let (bytes, content_kind) = read_body(&state, request).await?;
    let keyed = idempotency_key(&headers)?.map(|key| Keyed {
        scope: caller.idempotency_scope(),
        key,
        request_sha256: hex_sha256(
            &[slug.as_bytes(), b"\n", options_fingerprint(&options).as_bytes(), b"\n", &bytes].concat(),
        ),
    });
    if let Some(keyed) = &keyed
        && let Some(recalled) = idempotency::recall(&state.pool, keyed).await?
    {
        return replay(recalled);
    }
    let parsed = parse(&bytes, content_kind).await?;

    let request_id = headers.get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let provenance = Provenance {
        acting: Acting { via: Some("upload"), ..Acting::token(caller.0.api_token_id, request_id) },
        commit_sha: options.commit.clone(),
        branch: options.branch.clone(),
        build_url: options.build_url.clone(),
        taken_at,
    };
    let name =
        options.name.clone().or_else(|| parsed.snapshot.project.name.clone()).unwrap_or_else(|| slug.clone());
    let project = match project_id {
        Some(id) => ProjectRef::Existing(id),
        None => ProjectRef::FindOrCreate { slug: &slug, name: &name },
    };

    let mut tx = state.pool.begin().await?;
    let stored =
        uploads::store_report(&mut tx, project, Report { bytes: &bytes, parsed: &parsed }, &provenance)
            .await?;
    let status = if stored.created && !dry_run { StatusCode::CREATED } else { StatusCode::OK };
    let body = UploadResponse {
        project: slug.clone(),
        created: stored.created,
        dry_run,
        snapshot: stored.snapshot.into(),
        items: stored.items.into(),
        warnings: parsed.snapshot.warnings.clone(),
    };
    let answer = Answer {
        status: status.as_u16(),
        body: serde_json::to_value(&body).map_err(Problem::internal)?,
        location: Some(format!("/api/v1/projects/{slug}/snapshots/{}", body.snapshot.snapshot_id)),
    };
    if dry_run {
        tx.rollback().await?;
        return Ok(respond(&Answer { location: None, ..answer }));
    }
    match idempotency::commit_remembered(tx, &state.pool, keyed.as_ref(), &answer).await? {
        None => Ok(respond(&answer)),
        Some(recalled) => replay(recalled),
    }
}

/// An upload answer: the body, and the snapshot's Location when it was created.
fn respond(answer: &Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, axum::Json(&answer.body)).into_response();
    if let Some(location) = answer.location.as_deref().and_then(|l| HeaderValue::from_str(l).ok())
        && status == StatusCode::CREATED
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The answer an Idempotency-Key recalls, marked as a replay; a 422 if the key was used for
/// another request.
fn replay(recalled: Recalled) -> ApiResult<Response> {
    let Recalled::Answer(answer) = recalled else {
        return Err(Problem::unprocessable(
            "idempotency-key-reused",
            "this Idempotency-Key was already used for a different request",
        ));
    };
    let mut response = respond(&answer);
    response.headers_mut().insert("idempotent-replay", HeaderValue::from_static("true"));
    Ok(response)
}

fn options(request: &Request, headers: &HeaderMap) -> ApiResult<UploadOptions> {
    let mut options: UploadOptions = match request.uri().query() {
        Some(query) => serde_urlencoded::from_str(query)
            .map_err(|e| Problem::bad_request(format!("invalid query: {e}")))?,
        None => UploadOptions::default(),
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let flag = |name: &str| -> ApiResult<Option<bool>> {
        header(name)
            .map(|value| match value.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Ok(true),
                "false" | "0" | "no" => Ok(false),
                _ => Err(Problem::bad_request(format!("{name} must be true or false")).with_field(name)),
            })
            .transpose()
    };
    options.dry_run = options.dry_run.or(flag("x-plumb-dry-run")?);
    options.create_project = options.create_project.or(flag("x-plumb-create-project")?);
    options.name = options.name.or_else(|| header("x-plumb-project-name"));
    options.commit = options.commit.or_else(|| header("x-plumb-commit"));
    options.branch = options.branch.or_else(|| header("x-plumb-branch"));
    options.build_url = options.build_url.or_else(|| header("x-plumb-build-url"));
    options.taken_at = options.taken_at.or_else(|| header("x-plumb-taken-at"));
    Ok(options)
}

/// Options that change the outcome, for the idempotency request hash.
fn options_fingerprint(options: &UploadOptions) -> String {
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        options.dry_run,
        options.create_project,
        options.name,
        options.commit,
        options.branch,
        options.build_url,
        options.taken_at
    )
}

fn parse_taken_at(text: &str) -> ApiResult<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|date| date.and_time(NaiveTime::MIN).and_utc()).map_err(
        |_| {
            Problem::bad_request(format!("taken_at \"{text}\" is neither RFC 3339 nor YYYY-MM-DD"))
                .with_field("taken_at")
        },
    )
}

fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(value) = headers.get("idempotency-key") else { return Ok(None) };
    let key = value
        .to_str()
        .map_err(|_| Problem::bad_request("Idempotency-Key must be text").with_field("Idempotency-Key"))?;
    if key.is_empty() || key.len() > 255 {
        return Err(
            Problem::bad_request("Idempotency-Key must be 1 to 255 characters").with_field("Idempotency-Key")
        );
    }
    Ok(Some(key.to_owned()))
}

fn kind_of(content_type: &str) -> Option<Format> {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "text/markdown" | "text/x-markdown" | "text/plain" => Some(Format::Report),
        "application/json" => Some(Format::CanonicalJson),
        _ => None,
    }
}

/// Reads the body within the size limit: raw Markdown/JSON, or the `file` part of a form.
async fn read_body(state: &AppState, request: Request) -> ApiResult<(Vec<u8>, Format)> {
    let limit = state.max_upload_bytes;
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "The report is too large",
            format!("uploads are limited to {limit} bytes (PLUMB_MAX_UPLOAD_BYTES)"),
        )
    };
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    if content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
        let multipart = Multipart::from_request(request, state)
            .await
            .map_err(|e| Problem::bad_request(format!("invalid multipart body: {e}")))?;
        let parts = read_parts(multipart, &["file"], limit).await.map_err(|fault| match fault {
            FormFault::TooLarge => too_large(),
            FormFault::Malformed(detail) => Problem::bad_request(format!("invalid multipart body: {detail}")),
        })?;
        if let Some(part) = parts.into_iter().next() {
            let json_name =
                part.file_name.as_deref().is_some_and(|name| name.to_ascii_lowercase().ends_with(".json"));
            let kind = match part.content_type.as_deref().and_then(kind_of) {
                Some(kind) => kind,
                None if json_name => Format::CanonicalJson,
                None => Format::Report,
            };
            return Ok((part.bytes, kind));
        }
        return Err(Problem::bad_request("the multipart body has no \"file\" part").with_field("file"));
    }
    let kind = kind_of(&content_type).ok_or_else(|| {
        Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported content type",
            format!(
                "send text/markdown, text/plain, application/json or multipart/form-data, not \"{}\"",
                if content_type.is_empty() { "(none)" } else { &content_type }
            ),
        )
    })?;
    let collected = Limited::new(request.into_body(), limit).collect().await.map_err(|error| {
        if error.downcast_ref::<LengthLimitError>().is_some() {
            too_large()
        } else {
            Problem::bad_request(format!("could not read the body: {error}"))
        }
    })?;
    Ok((collected.to_bytes().to_vec(), kind))
}

async fn parse(bytes: &[u8], format: Format) -> ApiResult<Parsed> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::unprocessable("empty-report", "the body is empty"));
    }
    read_for_storage_off_thread(bytes, format).await.map_err(|unstorable| {
        // The detail is the message every way in shows; the type tells programs the kind.
        let kind = match &unstorable {
            Unstorable::InvalidJson(_) => "invalid-snapshot",
            Unstorable::Unreadable(ParseError::TooComplex(_)) => "too-complex",
            Unstorable::Unreadable(_) => "unreadable-report",
            Unstorable::NothingUsable => "nothing-usable",
        };
        let field = match &unstorable {
            Unstorable::InvalidJson(invalid) => Some(invalid.path.clone()),
            _ => None,
        };
        let problem = Problem::unprocessable(kind, unstorable.to_string());
        match field {
            Some(field) => problem.with_field(field),
            None => problem,
        }
    })
}
