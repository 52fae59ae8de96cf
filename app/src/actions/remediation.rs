//! What people do to remediation items (server side): edit the fields they decide and comment.
//! Each change is one transaction holding the item's row lock, writes the item's history and
//! the audit log, and refreshes the project's rollup (the open counts by priority).

use chrono::NaiveDate;
use sqlx::PgPool;

use super::Acting;
use crate::db::{audit, items, rollups, users};
use crate::domain::item_edit::{FieldChange, ItemEdit, check_comment, plan_edit};
use crate::error::{AppError, Result};

/// Applies `edit` to the item. `expected_version` (from the form the person saw) makes a stale
/// form fail instead of silently undoing someone else's change. Returns what changed.
pub async fn edit(
    pool: &PgPool,
    acting: &Acting,
    item_id: i64,
    edit: ItemEdit,
    expected_version: Option<i64>,
    today: NaiveDate,
) -> Result<Vec<FieldChange>> {
    let mut tx = pool.begin().await?;
    let locked = items::lock_fields(&mut tx, item_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("remediation item {item_id}")))?;
    if expected_version.is_some_and(|version| version != locked.version) {
        return Err(AppError::Conflict(
            "someone changed this item after you opened it; reload to see their change, then try again"
                .to_owned(),
        ));
    }
    // The people an owner change names, with their emails so the history reads without a join:
    // the new owner (who must be active) and the one before.
    let mut emails: Vec<(i64, String)> = Vec::new();
    if let Some(owner) = edit.owner_user_id
        && owner != locked.fields.owner_user_id
    {
        if let Some(owner) = owner {
            match users::session_holder(&mut *tx, owner).await? {
                Some(holder) if !holder.disabled => emails.push((owner, holder.user.email)),
                _ => return Err(AppError::invalid("owner", "choose an active user as the owner")),
            }
        }
        if let Some(previous) = locked.fields.owner_user_id
            && let Some(holder) = users::session_holder(&mut *tx, previous).await?
        {
            emails.push((previous, holder.user.email));
        }
    }
    let (next, changes) = plan_edit(&locked.fields, edit, today)
        .map_err(|refused| AppError::invalid(refused.field, refused.message))?;
    if changes.is_empty() {
        return Ok(changes);
    }
    items::store_fields(&mut tx, item_id, &next).await?;
    for change in &changes {
        let (before, after) =
            change.values(|id| emails.iter().find(|(user, _)| *user == id).map(|(_, email)| email.clone()));
        items::record_event(
            &mut tx,
            item_id,
            change.event_kind(),
            acting.actor,
            None,
            Some(before.clone()),
            Some(after.clone()),
        )
        .await?;
        audit::record(
            &mut *tx,
            acting.change(change.audit_action(), "remediation_item", item_id, Some(before), Some(after)),
        )
        .await?;
    }
    rollups::refresh(&mut tx, locked.project_id).await?;
    tx.commit().await?;
    Ok(changes)
}

/// Adds a comment by the acting user; returns its id.
pub async fn comment(
    pool: &PgPool,
    acting: &Acting,
    author_user_id: i64,
    item_id: i64,
    body: &str,
) -> Result<i64> {
    let body = check_comment(body).map_err(|refused| AppError::invalid(refused.field, refused.message))?;
    let mut tx = pool.begin().await?;
    if items::lock_fields(&mut tx, item_id).await?.is_none() {
        return Err(AppError::NotFound(format!("remediation item {item_id}")));
    }
    let comment_id = items::add_comment(&mut tx, item_id, author_user_id, &body).await?;
    let after = serde_json::json!({ "remediation_comment_id": comment_id, "chars": body.chars().count() });
    items::record_event(&mut tx, item_id, "commented", acting.actor, None, None, Some(after.clone())).await?;
    audit::record(&mut *tx, acting.change("item.comment", "remediation_item", item_id, None, Some(after)))
        .await?;
    tx.commit().await?;
    Ok(comment_id)
}
