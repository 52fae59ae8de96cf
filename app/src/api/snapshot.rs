//! One snapshot: what the parser read, the source report with line anchors, and what changed
//! since the previous snapshot.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::diff::SnapshotDiff;
use crate::domain::rereading::EarlierReading;
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotView {
    pub project_slug: String,
    pub project_name: String,
    pub snapshot_id: i64,
    pub taken_at: DateTime<Utc>,
    pub title: String,
    pub score: Option<f64>,
    pub level: Option<u8>,
    pub verdict: Option<String>,
    pub source_sha256: String,
    pub parser_version: String,
    pub read_at: DateTime<Utc>,
    /// What older parsers read from the same report, before `plumb reparse` replaced it.
    pub earlier_readings: Vec<EarlierReading>,
    pub warnings: Vec<String>,
    /// The previous snapshot, if any, and what changed since.
    pub previous: Option<(i64, DateTime<Utc>)>,
    pub diff: SnapshotDiff,
    /// The decoded report rendered as sanitized HTML with an anchor per line (`#L42`); see
    /// [`crate::markdown`].
    pub source_html: String,
    /// False when the report is longer than is rendered (the raw text has all of it).
    pub source_complete: bool,
}

#[server(prefix = "/api/fn", endpoint = "snapshot")]
pub async fn get_snapshot(slug: String, snapshot_id: i64) -> Result<SnapshotView, AppError> {
    use crate::db::{portfolio, scorecard as store};
    use crate::domain::diff::diff;
    use crate::domain::snapshot::Snapshot;

    crate::auth::request::require(crate::domain::account::Role::Viewer)?;
    let pool = super::pool()?;
    let not_found = || AppError::NotFound(format!("snapshot {snapshot_id} of {slug}"));
    let project = portfolio::row(&pool, &slug).await?.ok_or_else(not_found)?;
    let stored = store::stored(&pool, project.project_id, snapshot_id).await?.ok_or_else(not_found)?;
    let decode =
        |value: serde_json::Value| serde_json::from_value::<Snapshot>(value).map_err(AppError::internal);
    let snapshot = decode(stored.result)?;

    let history = store::score_history(&pool, project.project_id).await?;
    let position = history.iter().position(|point| point.snapshot_id == snapshot_id);
    let previous =
        position.and_then(|at| at.checked_sub(1)).map(|at| (history[at].snapshot_id, history[at].taken_at));
    let previous_snapshot = match previous {
        Some((id, _)) => {
            crate::db::snapshots::canonical(&pool, project.project_id, id).await?.map(decode).transpose()?
        }
        None => None,
    };
    let diff = diff(previous_snapshot.as_ref(), &snapshot);
    let (source_html, source_complete) = crate::markdown::render_with_line_anchors(&stored.source_text);
    let earlier_readings = crate::db::readings::earlier(&pool, snapshot_id).await?;
    Ok(SnapshotView {
        project_slug: project.slug,
        project_name: project.name,
        snapshot_id,
        taken_at: stored.taken_at,
        title: snapshot.report.title.clone().unwrap_or_default(),
        score: snapshot.overall.score,
        level: snapshot.overall.level,
        verdict: snapshot.overall.verdict.map(|verdict| verdict.as_str().to_owned()),
        source_sha256: stored.source_sha256,
        parser_version: stored.parser_version,
        read_at: stored.read_at,
        earlier_readings,
        warnings: snapshot.warnings,
        previous,
        diff,
        source_html,
        source_complete,
    })
}
