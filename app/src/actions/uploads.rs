//! Storing a report, whichever way it comes in (the upload API, the upload page, `plumb import`,
//! `plumb demo`): the project it goes to (found, or created and audited), then the snapshot, its
//! parts, the remediation lifecycle, the rollup and the audit entry, all in the caller's
//! transaction (one upload, one transaction: a failure stores nothing).

use chrono::{DateTime, Days, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use crate::db::items::{self, Actor};
use crate::db::snapshots::{self, NewSnapshot, SnapshotSummary};
use crate::db::{audit, projects, rollups};
use crate::domain::lifecycle::{self, Incoming, sla_days};
use crate::domain::snapshot::Snapshot;

/// Where a report came from.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    pub actor: Actor,
    pub commit_sha: Option<String>,
    pub branch: Option<String>,
    pub build_url: Option<String>,
    /// When the report was taken, if the caller says; else the report's date, else now.
    pub taken_at: Option<DateTime<Utc>>,
    pub request_id: Option<String>,
}

/// What an upload did to the project's remediation items.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
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

/// The project a report goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundProject {
    /// It was there already (or was created by a concurrent upload a moment ago).
    Existing(i64),
    /// This call created it.
    Created(i64),
    /// It is not there, and it was not to be created.
    Missing,
}

impl FoundProject {
    /// The project's id, if there is a project.
    pub fn id(self) -> Option<i64> {
        match self {
            FoundProject::Existing(id) | FoundProject::Created(id) => Some(id),
            FoundProject::Missing => None,
        }
    }
}

/// Who creates a project, and through what (`via`: upload, upload page, import, demo), for the
/// audit log.
#[derive(Debug, Clone, Copy)]
pub struct Creator<'a> {
    pub actor: Actor,
    pub via: &'a str,
    pub request_id: Option<&'a str>,
}

/// The project `slug` names; when it is missing and `create_as` gives a name, it is created
/// (audited) in `conn`'s transaction. A project created concurrently by someone else is found.
pub async fn find_or_create_project(
    conn: &mut PgConnection,
    slug: &str,
    create_as: Option<&str>,
    creator: Creator<'_>,
) -> sqlx::Result<FoundProject> {
    if let Some(id) = projects::find_id(&mut *conn, slug).await? {
        return Ok(FoundProject::Existing(id));
    }
    let Some(name) = create_as else { return Ok(FoundProject::Missing) };
    match projects::create_recorded(&mut *conn, slug, name, creator.actor, creator.via, creator.request_id)
        .await?
    {
        Some(id) => Ok(FoundProject::Created(id)),
        None => Ok(projects::find_id(&mut *conn, slug)
            .await?
            .map_or(FoundProject::Missing, FoundProject::Existing)),
    }
}

/// [`store`] in a transaction of its own, committed when it succeeds (bulk imports and sample
/// data, where each report stands alone).
pub async fn store_committed(
    pool: &sqlx::PgPool,
    project_id: i64,
    parsed: &crate::domain::ingest::Parsed,
    source_bytes: &[u8],
    provenance: &Provenance,
) -> sqlx::Result<Stored> {
    let mut tx = pool.begin().await?;
    let stored =
        store(&mut tx, project_id, source_bytes, &parsed.text, &parsed.snapshot, provenance, Utc::now())
            .await?;
    tx.commit().await?;
    Ok(stored)
}

/// Stores `snapshot` (parsed from `source_bytes`, decoded as `source_text`) for the project.
pub async fn store(
    conn: &mut PgConnection,
    project_id: i64,
    source_bytes: &[u8],
    source_text: &str,
    snapshot: &Snapshot,
    provenance: &Provenance,
    now: DateTime<Utc>,
) -> sqlx::Result<Stored> {
    projects::lock(conn, project_id).await?;
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
        uploaded_by_user_id: provenance.actor.user_id,
        uploaded_by_token_id: provenance.actor.token_id,
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

    let next = snapshots::next_after(&mut *conn, project_id, taken_at, snapshot_id).await?;
    let tracked = items::tracked_for_update(&mut *conn, project_id).await?;
    let plan = lifecycle::plan(
        &tracked,
        Incoming { gaps: &snapshot.gaps, is_latest: next.is_none(), today: now.date_naive() },
    );

    let actor = provenance.actor;
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

    snapshots::insert_parts(&mut *conn, snapshot_id, snapshot, &gap_items).await?;
    rollups::refresh(&mut *conn, project_id).await?;
    audit::record(
        &mut *conn,
        audit::Change {
            actor,
            action: "snapshot.upload",
            entity_type: "snapshot",
            entity_id: snapshot_id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "project_id": project_id, "sha256": snapshot.report.sha256, "items": changes })),
            request_id: provenance.request_id.as_deref(),
        },
    )
    .await?;
    let summary = snapshots::summary(&mut *conn, snapshot_id).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok(Stored { snapshot: summary, created: true, items: changes })
}
