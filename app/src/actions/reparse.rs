//! Reading stored reports again with the current parser (`plumb reparse`): what each
//! snapshot's new reading would change and, when asked, recording it (the earlier reading kept)
//! and bringing the project's remediation items and rollups in line, all in the caller's
//! transaction (one per project).
//!
//! The changed snapshots are brought in line newest first: an older reading then meets the
//! items its successors track, exactly as an older report uploaded after newer ones does (its
//! gaps that match nothing become items already resolved by the next snapshot). Only the
//! latest snapshot resolves and reopens items.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;

use super::Acting;
use super::uploads::{ItemChanges, Tracking, track_gaps};
use crate::db::readings::{self, Rereadable};
use crate::db::{audit, rollups, snapshots};
use crate::domain::ingest::{Format, PARSER_VERSION, Parsed, read_for_storage};
use crate::domain::rereading::{ReadingChange, compare};
use crate::domain::snapshot::Snapshot;

/// What reading one snapshot again gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Already read by the current parser.
    Current,
    /// Uploaded as canonical snapshot JSON: the uploader's own reading, not the parser's.
    UploadedJson,
    /// The current parser refuses the source (the old reading stays).
    Unreadable {
        reason: String,
    },
    /// Read again, the same as before.
    Same,
    Changed {
        change: ReadingChange,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotRereading {
    pub snapshot_id: i64,
    pub taken_at: DateTime<Utc>,
    /// The parser that read it before.
    pub parser_version: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProjectRereading {
    /// Every snapshot, oldest first.
    pub snapshots: Vec<SnapshotRereading>,
    /// What recording the new readings did to the items (empty on a dry run).
    pub items: ItemChanges,
}

impl ProjectRereading {
    pub fn changed(&self) -> usize {
        self.snapshots.iter().filter(|s| matches!(s.outcome, Outcome::Changed { .. })).count()
    }
}

/// Whether to record the new readings or only say what they would change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    DryRun,
    Record,
}

/// Reads every snapshot of the project again as of `now`; in [`Mode::Record`] stores the new
/// readings that differ and brings items and rollups in line.
pub async fn reread_project(
    conn: &mut PgConnection,
    project_id: i64,
    acting: &Acting,
    mode: Mode,
    now: DateTime<Utc>,
) -> sqlx::Result<ProjectRereading> {
    crate::db::projects::lock(conn, project_id).await?;
    let stored = readings::rereadable(&mut *conn, project_id).await?;
    let mut rereading = ProjectRereading::default();
    let mut replaced = Vec::new();
    for row in &stored {
        let (outcome, parsed) = reread(row);
        if mode == Mode::Record && outcome == Outcome::Same {
            readings::confirm(&mut *conn, row.snapshot_id, PARSER_VERSION, now).await?;
        }
        if let Some(parsed) = parsed.filter(|_| matches!(outcome, Outcome::Changed { .. })) {
            replaced.push((row, parsed.snapshot));
        }
        rereading.snapshots.push(SnapshotRereading {
            snapshot_id: row.snapshot_id,
            taken_at: row.taken_at,
            parser_version: row.parser_version.clone(),
            outcome,
        });
    }
    if mode == Mode::DryRun || replaced.is_empty() {
        return Ok(rereading);
    }

    for (row, snapshot) in replaced.iter().rev() {
        readings::replace(&mut *conn, row.snapshot_id, snapshot, PARSER_VERSION, now).await?;
        snapshots::delete_parts(&mut *conn, row.snapshot_id).await?;
        let tracking = Tracking {
            project_id,
            snapshot_id: row.snapshot_id,
            taken_at: row.taken_at,
            snapshot,
            actor: acting.actor,
            now,
        };
        let (changes, gap_items) = track_gaps(&mut *conn, tracking).await?;
        snapshots::insert_parts(&mut *conn, row.snapshot_id, snapshot, &gap_items).await?;
        merge(&mut rereading.items, changes);
    }
    rollups::refresh(&mut *conn, project_id).await?;
    let ids: Vec<i64> = replaced.iter().map(|(row, _)| row.snapshot_id).collect();
    let after = serde_json::json!({
        "parser_version": PARSER_VERSION,
        "snapshots": ids,
        "items": rereading.items,
    });
    audit::record(&mut *conn, acting.change("project.reparse", "project", project_id, None, Some(after)))
        .await?;
    Ok(rereading)
}

/// Reads one stored snapshot again: the outcome, and the new reading when there is one.
fn reread(row: &Rereadable) -> (Outcome, Option<Parsed>) {
    if row.parser_version == PARSER_VERSION {
        return (Outcome::Current, None);
    }
    if Format::of_content(&row.source_bytes) == Format::CanonicalJson {
        return (Outcome::UploadedJson, None);
    }
    let parsed = match read_for_storage(&row.source_bytes, Format::Report) {
        Ok(parsed) => parsed,
        Err(refusal) => return (Outcome::Unreadable { reason: refusal.to_string() }, None),
    };
    // A stored reading that no longer decodes is replaced whole.
    let before = serde_json::from_value::<Snapshot>(row.result.clone()).ok();
    let change = compare(before.as_ref(), &parsed.snapshot);
    let outcome = if change.is_none() { Outcome::Same } else { Outcome::Changed { change } };
    (outcome, Some(parsed))
}

fn merge(total: &mut ItemChanges, more: ItemChanges) {
    total.created.extend(more.created);
    total.still_open.extend(more.still_open);
    total.resolved.extend(more.resolved);
    total.reopened.extend(more.reopened);
}
