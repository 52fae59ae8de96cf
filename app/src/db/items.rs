//! Remediation items and their history.

use chrono::NaiveDate;
use serde_json::Value;
use sqlx::PgConnection;

use super::decode;
use crate::domain::audit::Actor;
use crate::domain::item::{Comment, Evidence, ItemDetail, ItemEvent};
use crate::domain::item_edit::ItemFields;
use crate::domain::lifecycle::{ItemStatus, TrackedItem};
use crate::domain::report::OpenItemFacts;
use crate::domain::snapshot::{Gap, Priority};

/// [`ItemFacts`] from a query row that selects the item's columns with the project's `slug` and
/// `name`, the owner's display name as `owner_name` and the version as `version` (the board's
/// and the item page's queries differ otherwise, so their row types do).
macro_rules! item_facts {
    ($row:expr) => {
        $crate::domain::item::ItemFacts {
            remediation_item_id: $row.remediation_item_id,
            project_slug: $row.slug,
            project_name: $row.name,
            title: $row.title,
            category_key: $row.category_key,
            priority: $crate::db::decode::priority(&$row.priority)?,
            status: $crate::db::decode::item_status(&$row.status)?,
            owner_user_id: $row.owner_user_id,
            owner_name: $row.owner_name,
            due_date: $row.due_date,
            accepted_reason: $row.accepted_reason,
            accepted_until: $row.accepted_until,
            version: $row.version,
        }
    };
}
pub(crate) use item_facts;

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
    rows.into_iter()
        .map(|row| {
            Ok(TrackedItem {
                id: row.remediation_item_id,
                fingerprint: row.fingerprint,
                title: row.title,
                category: row.category_key,
                priority: decode::priority(&row.priority)?,
                priority_locked: row.priority_locked,
                status: decode::item_status(&row.status)?,
                accepted_until: row.accepted_until,
            })
        })
        .collect()
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
        where remediation_item_id = any($1) and item_is_active(status)
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
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ItemListing {
    pub remediation_item_id: i64,
    pub title: String,
    pub category_key: Option<String>,
    pub priority: Priority,
    pub status: ItemStatus,
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
    let rows = sqlx::query!(
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
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(ItemListing {
                remediation_item_id: row.remediation_item_id,
                title: row.title,
                category_key: row.category_key,
                priority: decode::priority(&row.priority)?,
                status: decode::item_status(&row.status)?,
                owner_email: row.owner_email,
                due_date: row.due_date,
                accepted_until: row.accepted_until,
                first_seen_snapshot_id: row.first_seen_snapshot_id,
                last_seen_snapshot_id: row.last_seen_snapshot_id,
                resolved_in_snapshot_id: row.resolved_in_snapshot_id,
                created_at: row.created_at,
            })
        })
        .collect()
}

/// The fields people decide, with the row locked for the rest of the transaction, and the
/// item's project and version (its `updated_at` in microseconds, for stale-form detection).
pub struct LockedItem {
    pub project_id: i64,
    pub version: i64,
    pub fields: ItemFields,
}

pub async fn lock_fields(conn: &mut PgConnection, item_id: i64) -> sqlx::Result<Option<LockedItem>> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select project_id, owner_user_id, due_date, status, accepted_reason, accepted_until, priority,
               (extract(epoch from updated_at) * 1000000)::int8 as "version!"
        from remediation_item where remediation_item_id = $1
        for update
        "#,
        item_id
    )
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(LockedItem {
            project_id: row.project_id,
            version: row.version,
            fields: ItemFields {
                owner_user_id: row.owner_user_id,
                due_date: row.due_date,
                status: decode::item_status(&row.status)?,
                accepted_reason: row.accepted_reason,
                accepted_until: row.accepted_until,
                priority: decode::priority(&row.priority)?,
            },
        })
    })
    .transpose()
}

/// Stores what a person decided. A priority set by a person is locked against reports; marking
/// an item resolved by hand stamps the time (an upload that still shows the gap reopens it).
pub async fn store_fields(conn: &mut PgConnection, item_id: i64, fields: &ItemFields) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update remediation_item set
            owner_user_id = $2, due_date = $3, status = $4, accepted_reason = $5, accepted_until = $6,
            priority = $7,
            priority_locked = priority_locked or priority <> $7,
            resolved_at = case when $4 = 'resolved' then coalesce(resolved_at, now()) end,
            resolved_in_snapshot_id = case when $4 = 'resolved' then resolved_in_snapshot_id end
        where remediation_item_id = $1
        "#,
        item_id,
        fields.owner_user_id,
        fields.due_date,
        fields.status.as_str(),
        fields.accepted_reason,
        fields.accepted_until,
        fields.priority.as_str(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The item, when it belongs to the project `slug`.
pub async fn detail(
    db: impl sqlx::PgExecutor<'_>,
    slug: &str,
    item_id: i64,
) -> sqlx::Result<Option<ItemDetail>> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select i.remediation_item_id, p.slug, p.name, i.title, i.category_key, i.priority, i.priority_locked,
               i.status, i.owner_user_id, u.display_name as "owner_name?", u.email as "owner_email?", i.due_date,
               i.accepted_reason, i.accepted_until, i.first_seen_snapshot_id, f.taken_at as first_seen,
               i.last_seen_snapshot_id, l.taken_at as last_seen, i.resolved_at,
               (extract(epoch from i.updated_at) * 1000000)::int8 as "version!"
        from remediation_item i
        join project p on p.project_id = i.project_id
        join snapshot f on f.snapshot_id = i.first_seen_snapshot_id
        join snapshot l on l.snapshot_id = i.last_seen_snapshot_id
        left join app_user u on u.app_user_id = i.owner_user_id
        where i.remediation_item_id = $1 and p.slug = $2
        "#,
        item_id,
        slug
    )
    .fetch_optional(db)
    .await?;
    row.map(|row| {
        Ok(ItemDetail {
            facts: item_facts!(row),
            priority_locked: row.priority_locked,
            owner_email: row.owner_email,
            first_seen_snapshot_id: row.first_seen_snapshot_id,
            first_seen: row.first_seen,
            last_seen_snapshot_id: row.last_seen_snapshot_id,
            last_seen: row.last_seen,
            resolved_at: row.resolved_at,
        })
    })
    .transpose()
}

/// Every snapshot that reported the item's gap, newest first.
pub async fn evidence(db: impl sqlx::PgExecutor<'_>, item_id: i64) -> sqlx::Result<Vec<Evidence>> {
    // language=PostgreSQL
    sqlx::query_as!(
        Evidence,
        r#"
        select s.snapshot_id, s.taken_at, s.title as report_title, g.title, g.priority, g.effort_hours, g.detail, g.line
        from gap g join snapshot s using (snapshot_id)
        where g.remediation_item_id = $1
        order by s.taken_at desc, s.snapshot_id desc, g.ordinal
        "#,
        item_id
    )
    .fetch_all(db)
    .await
}

/// The item's history, oldest first.
pub async fn history(db: impl sqlx::PgExecutor<'_>, item_id: i64) -> sqlx::Result<Vec<ItemEvent>> {
    // language=PostgreSQL
    sqlx::query_as!(
        ItemEvent,
        r#"
        select e.kind, coalesce(u.email, 'token ' || t.name) as actor, e.snapshot_id, e.before, e.after, e.created_at
        from remediation_event e
        left join app_user u on u.app_user_id = e.actor_user_id
        left join api_token t on t.api_token_id = e.actor_token_id
        where e.remediation_item_id = $1
        order by e.created_at, e.remediation_event_id
        "#,
        item_id
    )
    .fetch_all(db)
    .await
}

/// The item's comments, oldest first.
pub async fn comments(db: impl sqlx::PgExecutor<'_>, item_id: i64) -> sqlx::Result<Vec<Comment>> {
    // language=PostgreSQL
    sqlx::query_as!(
        Comment,
        r#"
        select c.remediation_comment_id, u.display_name as "author?", c.body, c.created_at
        from remediation_comment c left join app_user u on u.app_user_id = c.author_user_id
        where c.remediation_item_id = $1
        order by c.created_at, c.remediation_comment_id
        "#,
        item_id
    )
    .fetch_all(db)
    .await
}

pub async fn add_comment(
    conn: &mut PgConnection,
    item_id: i64,
    author_user_id: i64,
    body: &str,
) -> sqlx::Result<i64> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        insert into remediation_comment (remediation_item_id, author_user_id, body) values ($1, $2, $3)
        returning remediation_comment_id
        "#,
        item_id,
        author_user_id,
        body
    )
    .fetch_one(conn)
    .await
}

/// The items behind the gaps of a snapshot, except accepted risks (they are decided, not open),
/// as a PDF report lists them.
pub async fn reported_in(
    db: impl sqlx::PgExecutor<'_>,
    snapshot_id: i64,
) -> sqlx::Result<Vec<OpenItemFacts>> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select distinct on (i.remediation_item_id) i.title, i.category_key, i.priority,
               u.display_name as "owner?", i.due_date
        from gap g
        join remediation_item i on i.remediation_item_id = g.remediation_item_id
        left join app_user u on u.app_user_id = i.owner_user_id
        where g.snapshot_id = $1 and i.status <> 'accepted_risk'
        order by i.remediation_item_id
        "#,
        snapshot_id
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(OpenItemFacts {
                title: row.title,
                category_key: row.category_key,
                priority: decode::priority(&row.priority)?,
                owner: row.owner,
                due_date: row.due_date,
            })
        })
        .collect()
}
