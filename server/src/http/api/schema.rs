//! The REST API's answer types: the contract uploaders and dashboards code against
//! (`/api/v1/openapi.json`, versioned with the path). They are built from the rows `app::db`
//! reads, field by field, so a change to a query, a table or a page's row type changes the API
//! only when this file says so (and the compiler points here when a row loses a field).

use app::db::{items, projects, snapshots};
use app::domain::lifecycle::ItemStatus;
use app::domain::snapshot::Priority;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A project with its latest figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProjectSummary {
    pub project_id: i64,
    pub slug: String,
    pub name: String,
    pub archived: bool,
    pub snapshot_count: i32,
    pub latest_snapshot_id: Option<i64>,
    pub latest_taken_at: Option<DateTime<Utc>>,
    pub score: Option<f64>,
    pub previous_score: Option<f64>,
    pub level: Option<i16>,
    pub verdict: Option<String>,
    pub open_critical: i32,
    pub open_high: i32,
    pub open_medium: i32,
    pub open_low: i32,
}

impl From<projects::ProjectSummary> for ProjectSummary {
    fn from(row: projects::ProjectSummary) -> Self {
        Self {
            project_id: row.project_id,
            slug: row.slug,
            name: row.name,
            archived: row.archived,
            snapshot_count: row.snapshot_count,
            latest_snapshot_id: row.latest_snapshot_id,
            latest_taken_at: row.latest_taken_at,
            score: row.score,
            previous_score: row.previous_score,
            level: row.level,
            verdict: row.verdict,
            open_critical: row.open_critical,
            open_high: row.open_high,
            open_medium: row.open_medium,
            open_low: row.open_low,
        }
    }
}

/// One stored snapshot, without its parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SnapshotSummary {
    pub snapshot_id: i64,
    pub project_id: i64,
    pub taken_at: DateTime<Utc>,
    pub source_sha256: String,
    pub title: String,
    pub overall_score: Option<f64>,
    /// How the headline score was found: stated, derived or none.
    pub overall_basis: String,
    pub level: Option<i16>,
    pub verdict: Option<String>,
    pub parser_version: String,
    pub commit_sha: Option<String>,
    pub branch: Option<String>,
    pub build_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<snapshots::SnapshotSummary> for SnapshotSummary {
    fn from(row: snapshots::SnapshotSummary) -> Self {
        Self {
            snapshot_id: row.snapshot_id,
            project_id: row.project_id,
            taken_at: row.taken_at,
            source_sha256: row.source_sha256,
            title: row.title,
            overall_score: row.overall_score,
            overall_basis: row.overall_basis,
            level: row.level,
            verdict: row.verdict,
            parser_version: row.parser_version,
            commit_sha: row.commit_sha,
            branch: row.branch,
            build_url: row.build_url,
            created_at: row.created_at,
        }
    }
}

/// One category of a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Category {
    pub category_key: String,
    pub score: Option<f64>,
    pub status: Option<String>,
    pub heading: String,
}

impl From<snapshots::CategoryRow> for Category {
    fn from(row: snapshots::CategoryRow) -> Self {
        Self { category_key: row.category_key, score: row.score, status: row.status, heading: row.heading }
    }
}

/// A remediation item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Item {
    pub remediation_item_id: i64,
    pub title: String,
    pub category_key: Option<String>,
    /// critical, high, medium or low
    #[schema(value_type = String)]
    pub priority: Priority,
    /// open, in_progress, resolved or accepted_risk
    #[schema(value_type = String)]
    pub status: ItemStatus,
    pub owner_email: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub accepted_until: Option<NaiveDate>,
    pub first_seen_snapshot_id: i64,
    pub last_seen_snapshot_id: i64,
    pub resolved_in_snapshot_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<items::ItemListing> for Item {
    fn from(row: items::ItemListing) -> Self {
        Self {
            remediation_item_id: row.remediation_item_id,
            title: row.title,
            category_key: row.category_key,
            priority: row.priority,
            status: row.status,
            owner_email: row.owner_email,
            due_date: row.due_date,
            accepted_until: row.accepted_until,
            first_seen_snapshot_id: row.first_seen_snapshot_id,
            last_seen_snapshot_id: row.last_seen_snapshot_id,
            resolved_in_snapshot_id: row.resolved_in_snapshot_id,
            created_at: row.created_at,
        }
    }
}

/// What an upload did to the project's remediation items (ids).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemChanges {
    pub created: Vec<i64>,
    pub still_open: Vec<i64>,
    pub resolved: Vec<i64>,
    pub reopened: Vec<i64>,
}

impl From<app::actions::uploads::ItemChanges> for ItemChanges {
    fn from(changes: app::actions::uploads::ItemChanges) -> Self {
        Self {
            created: changes.created,
            still_open: changes.still_open,
            resolved: changes.resolved,
            reopened: changes.reopened,
        }
    }
}
