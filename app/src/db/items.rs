//! Remediation items and their history.

use chrono::NaiveDate;
use serde_json::Value;
use sqlx::PgConnection;

use crate::domain::lifecycle::{ItemStatus, TrackedItem};
use crate::domain::snapshot::{Gap, Priority};

/// Who (or what) made a change to an item.
#[derive(Debug, Clone, Copy, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub token_id: Option<i64>,
}

/// The project's items with their rows locked for the rest of the transaction.
pub async fn tracked_for_update(conn: &mut PgConnection, project_id: i64) -> sqlx::Result<Vec<TrackedItem>> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select remediation_item_id, fingerprint, title, category_key, priority, priority_locked, status,
               accepted_until
        from remediation_item where project_id = $1
        order by remediation_item_id
        for update
        "#,
        project_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| TrackedItem {
            id: row.remediation_item_id,
            fingerprint: row.fingerprint,
            title: row.title,
            category: row.category_key,
            // The column has a check constraint; medium only guards against a future value.
            priority: Priority::parse(&row.priority).unwrap_or(Priority::Medium),
            priority_locked: row.priority_locked,
            status: ItemStatus::parse(&row.status).unwrap_or(ItemStatus::Open),
            accepted_until: row.accepted_until,
        })
        .collect())
}

/// A new item for `gap`, first seen in `snapshot_id`.
pub struct NewItem<'a> {
    pub project_id: i64,
    pub gap: &'a Gap,
    pub priority: Priority,
    pub due_date: NaiveDate,
    pub snapshot_id: i64,
    /// Set for gaps of an older report that a newer snapshot no longer shows.
    pub resolved_in: Option<i64>,
}

pub async fn create(conn: &mut PgConnection, item: NewItem<'_>) -> sqlx::Result<i64> {
    let status = if item.resolved_in.is_some() { "resolved" } else { "open" };
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        insert into remediation_item (project_id, fingerprint, title, category_key, priority, status, due_date,
                                      first_seen_snapshot_id, last_seen_snapshot_id, resolved_in_snapshot_id,
                                      resolved_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, case when $9::int8 is null then null else now() end)
        returning remediation_item_id
        "#,
        item.project_id,
        item.gap.fingerprint,
        item.gap.title,
        item.gap.category,
        item.priority.as_str(),
        status,
        item.due_date,
        item.snapshot_id,
        item.resolved_in,
    )
    .fetch_one(conn)
    .await
}

/// The gap was in `snapshot_id` again: move first/last seen to cover it, and apply a
/// reported priority when one is given.
pub async fn mark_seen(
    conn: &mut PgConnection,
    item_id: i64,
    snapshot_id: i64,
    priority: Option<Priority>,
) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update remediation_item i set
            last_seen_snapshot_id = case when (s.taken_at, s.snapshot_id) > (l.taken_at, l.snapshot_id)
                                         then s.snapshot_id else i.last_seen_snapshot_id end,
            first_seen_snapshot_id = case when (s.taken_at, s.snapshot_id) < (f.taken_at, f.snapshot_id)
                                          then s.snapshot_id else i.first_seen_snapshot_id end,
            priority = coalesce($3, i.priority)
        from snapshot s, snapshot l, snapshot f
        where i.remediation_item_id = $1 and s.snapshot_id = $2
          and l.snapshot_id = i.last_seen_snapshot_id and f.snapshot_id = i.first_seen_snapshot_id
        "#,
        item_id,
        snapshot_id,
        priority.map(|p| p.as_str()),
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn resolve(conn: &mut PgConnection, item_id: i64, snapshot_id: i64) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update remediation_item set status = 'resolved', resolved_in_snapshot_id = $2, resolved_at = now(),
               accepted_reason = null, accepted_until = null
        where remediation_item_id = $1
        "#,
        item_id,
        snapshot_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn reopen(conn: &mut PgConnection, item_id: i64) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update remediation_item set status = 'open', resolved_in_snapshot_id = null, resolved_at = null,
               accepted_reason = null, accepted_until = null
        where remediation_item_id = $1
        "#,
        item_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The items (of the given ids) that are still open or in progress.
pub async fn still_open(conn: &mut PgConnection, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select remediation_item_id from remediation_item
        where remediation_item_id = any($1) and status in ('open', 'in_progress')
        order by remediation_item_id
        "#,
        ids
    )
    .fetch_all(conn)
    .await
}

/// Appends to an item's history.
pub async fn record_event(
    conn: &mut PgConnection,
    item_id: i64,
    kind: &str,
    actor: Actor,
    snapshot_id: Option<i64>,
    before: Option<Value>,
    after: Option<Value>,
) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into remediation_event (remediation_item_id, kind, actor_user_id, actor_token_id, snapshot_id,
                                       before, after)
        values ($1, $2, $3, $4, $5, $6, $7)
        "#,
        item_id,
        kind,
        actor.user_id,
        actor.token_id,
        snapshot_id,
        before,
        after
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// An item as listed by the API and the board.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ItemListing {
    pub remediation_item_id: i64,
    pub title: String,
    pub category_key: Option<String>,
    pub priority: String,
    pub status: String,
    pub owner_email: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub accepted_until: Option<NaiveDate>,
    pub first_seen_snapshot_id: i64,
    pub last_seen_snapshot_id: i64,
    pub resolved_in_snapshot_id: Option<i64>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Filters for [`list`]; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub status: Option<String>,
    pub priority: Option<String>,
    /// An owner's email, or "unassigned".
    pub owner: Option<String>,
}

pub async fn list(
    db: impl sqlx::PgExecutor<'_>,
    project_id: i64,
    filter: &ItemFilter,
) -> sqlx::Result<Vec<ItemListing>> {
    let unassigned = filter.owner.as_deref() == Some("unassigned");
    let owner = filter.owner.as_deref().filter(|_| !unassigned);
    // language=PostgreSQL
    sqlx::query_as!(
        ItemListing,
        r#"
        select i.remediation_item_id, i.title, i.category_key, i.priority, i.status, u.email as "owner_email?",
               i.due_date, i.accepted_until, i.first_seen_snapshot_id, i.last_seen_snapshot_id,
               i.resolved_in_snapshot_id, i.created_at
        from remediation_item i left join app_user u on u.app_user_id = i.owner_user_id
        where i.project_id = $1
          and ($2::text is null or i.status = $2)
          and ($3::text is null or i.priority = $3)
          and ($4::text is null or lower(u.email) = lower($4))
          and (not $5 or i.owner_user_id is null)
        order by case i.priority when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end,
                 i.due_date nulls last, i.remediation_item_id
        "#,
        project_id,
        filter.status,
        filter.priority,
        owner,
        unassigned
    )
    .fetch_all(db)
    .await
}
