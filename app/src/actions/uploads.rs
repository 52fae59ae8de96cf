//! Storing a report, whichever way it comes in (the upload API, the upload page, `plumb import`,
//! `plumb demo`): the project it goes to (found, or created and audited), then the snapshot, its
//! parts, the remediation lifecycle, the rollup and the audit entry, all in the caller's
//! transaction (one upload, one transaction: a failure stores nothing).

use chrono::{DateTime, Days, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use sqlx::PgPool;

use super::Acting;
use super::projects::{self, ProjectRef};
use crate::db::items;
use crate::db::snapshots::{self, NewSnapshot, SnapshotSummary};
use crate::db::{audit, rollups};
use crate::domain::audit::Actor;
use crate::domain::ingest::Parsed;
use crate::domain::lifecycle::{self, Incoming, sla_days};
use crate::domain::snapshot::Snapshot;
use crate::error::Result;

/// Where a report came from.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// Who sends it, in which request, and through what (`via`: upload, upload page, import,
    /// demo), for the audit log and the items' history.
    pub acting: Acting,
    pub commit_sha: Option<String>,
    pub branch: Option<String>,
    pub build_url: Option<String>,
    /// When the report was taken, if the caller says; else the report's date, else now.
    pub taken_at: Option<DateTime<Utc>>,
}

/// What an upload did to the project's remediation items.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChanges {
    pub created: Vec<i64>,
    pub still_open: Vec<i64>,
    pub resolved: Vec<i64>,
    pub reopened: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub snapshot: SnapshotSummary,
    /// False when the project already had a snapshot of the same bytes (nothing was changed).
    pub created: bool,
    pub items: ItemChanges,
}

/// A report as it arrived (`bytes`) and as it was read.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub bytes: &'a [u8],
    pub parsed: &'a Parsed,
}

/// Stores `report` for `project` (created first when it asks for that) in `conn`'s
/// transaction: the one way every upload is stored.
pub async fn store_report(
    conn: &mut PgConnection,
    project: ProjectRef<'_>,
    report: Report<'_>,
    provenance: &Provenance,
) -> Result<Stored> {
    let project_id = projects::resolve(&mut *conn, &provenance.acting, project).await?;
    let parsed = report.parsed;
    Ok(store(conn, project_id, report.bytes, &parsed.text, &parsed.snapshot, provenance, Utc::now()).await?)
}

/// [`store_report`] in a transaction of its own, committed when it succeeds (bulk imports and
/// sample data, where each report stands alone).
pub async fn store_report_alone(
    pool: &PgPool,
    project: ProjectRef<'_>,
    report: Report<'_>,
    provenance: &Provenance,
) -> Result<Stored> {
    let mut tx = pool.begin().await?;
    let stored = store_report(&mut tx, project, report, provenance).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Stores `snapshot` (parsed from `source_bytes`, decoded as `source_text`) for the project as
/// of `now` (which decides what is overdue and, without another date, when it was taken).
pub async fn store(
    conn: &mut PgConnection,
    project_id: i64,
    source_bytes: &[u8],
    source_text: &str,
    snapshot: &Snapshot,
    provenance: &Provenance,
    now: DateTime<Utc>,
) -> sqlx::Result<Stored> {
    crate::db::projects::lock(conn, project_id).await?;
    if let Some(existing) = snapshots::find_by_sha(&mut *conn, project_id, &snapshot.report.sha256).await? {
        return Ok(Stored { snapshot: existing, created: false, items: ItemChanges::default() });
    }
    let taken_at = provenance
        .taken_at
        .or_else(|| snapshot.report.date.map(|date| date.and_time(NaiveTime::MIN).and_utc()))
        .unwrap_or(now);
    let new = NewSnapshot {
        project_id,
        taken_at,
        source_bytes,
        source_text,
        snapshot,
        uploaded_by_user_id: provenance.acting.actor.user_id,
        uploaded_by_token_id: provenance.acting.actor.token_id,
        commit_sha: provenance.commit_sha.as_deref(),
        branch: provenance.branch.as_deref(),
        build_url: provenance.build_url.as_deref(),
    };
    let Some(snapshot_id) = snapshots::insert(&mut *conn, new).await? else {
        // Lost a race to an identical upload that committed first: answer with its snapshot.
        let existing = snapshots::find_by_sha(&mut *conn, project_id, &snapshot.report.sha256).await?;
        return existing
            .map(|existing| Stored { snapshot: existing, created: false, items: ItemChanges::default() })
            .ok_or(sqlx::Error::RowNotFound);
    };

    let (changes, gap_items) = track_gaps(
        &mut *conn,
        Tracking { project_id, snapshot_id, taken_at, snapshot, actor: provenance.acting.actor, now },
    )
    .await?;
    snapshots::insert_parts(&mut *conn, snapshot_id, snapshot, &gap_items).await?;
    rollups::refresh(&mut *conn, project_id).await?;
    let after =
        serde_json::json!({ "project_id": project_id, "sha256": snapshot.report.sha256, "items": changes });
    audit::record(
        &mut *conn,
        provenance.acting.change("snapshot.upload", "snapshot", snapshot_id, None, Some(after)),
    )
    .await?;
    let summary = snapshots::summary(&mut *conn, snapshot_id).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok(Stored { snapshot: summary, created: true, items: changes })
}

/// A snapshot whose gaps the project's remediation items are brought in line with.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tracking<'a> {
    pub project_id: i64,
    pub snapshot_id: i64,
    pub taken_at: DateTime<Utc>,
    pub snapshot: &'a Snapshot,
    pub actor: Actor,
    /// Decides what is overdue and whether accepted risks have expired.
    pub now: DateTime<Utc>,
}

/// Applies the remediation lifecycle ([`lifecycle::plan`]) for a snapshot's gaps: new items,
/// items seen again, resolved and reopened, each with its history entry. Returns what changed
/// and the item that tracks each gap (for the snapshot's parts).
pub(super) async fn track_gaps(
    conn: &mut PgConnection,
    tracking: Tracking<'_>,
) -> sqlx::Result<(ItemChanges, Vec<Option<i64>>)> {
    let Tracking { project_id, snapshot_id, taken_at, snapshot, actor, now } = tracking;
    let next = snapshots::next_after(&mut *conn, project_id, taken_at, snapshot_id).await?;
    let tracked = items::tracked_for_update(&mut *conn, project_id).await?;
    let plan = lifecycle::plan(
        &tracked,
        Incoming { gaps: &snapshot.gaps, is_latest: next.is_none(), today: now.date_naive() },
    );

    let mut changes = ItemChanges::default();
    let mut gap_items: Vec<Option<i64>> = vec![None; snapshot.gaps.len()];
    let opened_on = taken_at.date_naive();
    for new_item in &plan.create {
        let gap = &snapshot.gaps[new_item.gap];
        let due_date = opened_on
            .checked_add_days(Days::new(sla_days(new_item.priority).unsigned_abs()))
            .unwrap_or(opened_on);
        let resolved_in = if new_item.already_resolved { next } else { None };
        let id = items::create(
            &mut *conn,
            items::NewItem {
                project_id,
                gap,
                priority: new_item.priority,
                due_date,
                snapshot_id,
                resolved_in,
            },
        )
        .await?;
        let after = serde_json::json!({ "title": gap.title, "priority": new_item.priority.as_str(), "due_date": due_date });
        items::record_event(&mut *conn, id, "created", actor, Some(snapshot_id), None, Some(after)).await?;
        if let Some(resolved_in) = resolved_in {
            items::record_event(&mut *conn, id, "resolved", actor, Some(resolved_in), None, None).await?;
        } else {
            changes.created.push(id);
        }
        gap_items[new_item.gap] = Some(id);
    }
    for seen in plan.seen.iter().chain(&plan.reopen) {
        gap_items[seen.gap] = Some(seen.item);
        let priority = seen.priority_change.filter(|_| seen.apply_priority).map(|(_, after)| after);
        items::mark_seen(&mut *conn, seen.item, snapshot_id, priority).await?;
        if let Some((before, after)) = seen.priority_change {
            items::record_event(
                &mut *conn,
                seen.item,
                "priority_changed",
                actor,
                Some(snapshot_id),
                Some(serde_json::json!({ "priority": before.as_str() })),
                Some(serde_json::json!({ "priority": after.as_str(), "applied": seen.apply_priority, "source": "report" })),
            )
            .await?;
        }
    }
    for seen in &plan.reopen {
        items::reopen(&mut *conn, seen.item).await?;
        items::record_event(&mut *conn, seen.item, "reopened", actor, Some(snapshot_id), None, None).await?;
        changes.reopened.push(seen.item);
    }
    for &item in &plan.resolve {
        items::resolve(&mut *conn, item, snapshot_id).await?;
        items::record_event(&mut *conn, item, "resolved", actor, Some(snapshot_id), None, None).await?;
        changes.resolved.push(item);
    }
    let seen_ids: Vec<i64> = plan.seen.iter().map(|s| s.item).collect();
    changes.still_open = items::still_open(&mut *conn, &seen_ids).await?;

    Ok((changes, gap_items))
}
