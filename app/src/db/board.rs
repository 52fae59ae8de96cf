//! The gap board's read: the first cards of each priority column and each column's total, for
//! items of active projects.

use chrono::NaiveDate;
use sqlx::PgExecutor;

use super::items::item_facts;
use crate::domain::board::Card;
use crate::domain::project::ProjectName;

/// A board query with names resolved to ids.
#[derive(Debug, Clone, Default)]
pub struct BoardFilter {
    pub project_id: Option<i64>,
    pub category: Option<String>,
    /// Only this person's items.
    pub owner_user_id: Option<i64>,
    /// Only items without an owner.
    pub unassigned: bool,
    /// Stored statuses to show.
    pub statuses: Vec<String>,
    /// Only open or in-progress items due before `today`.
    pub overdue: bool,
    pub today: NaiveDate,
    /// Cards per column.
    pub shown: i64,
}

/// Cards (ordered by column, then due date) and the number of matching items per priority.
pub async fn cards(
    db: impl PgExecutor<'_>,
    filter: &BoardFilter,
) -> sqlx::Result<(Vec<Card>, Vec<(String, i64)>)> {
    // `board_items` (migration 6) holds the filter; each column's first cards come from the
    // board index, and one pass counts all four columns.
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select i.remediation_item_id as "remediation_item_id!", p.slug, p.name, i.title as "title!",
               i.category_key, c.priority as "priority!", i.status as "status!", i.owner_user_id,
               u.display_name as "owner_name?", i.due_date, i.accepted_reason, i.accepted_until,
               f.taken_at as first_seen, (extract(epoch from i.updated_at) * 1000000)::int8 as "version!",
               totals.critical as "critical!", totals.high as "high!", totals.medium as "medium!", totals.low as "low!"
        from unnest('{critical,high,medium,low}'::text[]) with ordinality as c(priority, ord)
        cross join lateral (
            select * from board_items($1, $2, $3, $4, $5, $6, $7) b
            where b.priority = c.priority
            order by b.due_date nulls last, b.remediation_item_id
            limit $8
        ) i
        join project p on p.project_id = i.project_id
        join snapshot f on f.snapshot_id = i.first_seen_snapshot_id
        left join app_user u on u.app_user_id = i.owner_user_id
        cross join (
            select count(*) filter (where priority = 'critical') as critical,
                   count(*) filter (where priority = 'high') as high,
                   count(*) filter (where priority = 'medium') as medium,
                   count(*) filter (where priority = 'low') as low
            from board_items($1, $2, $3, $4, $5, $6, $7)
        ) totals
        order by c.ord, i.due_date nulls last, i.remediation_item_id
        "#,
        &filter.statuses,
        filter.project_id,
        filter.category,
        filter.owner_user_id,
        filter.unassigned,
        filter.overdue,
        filter.today,
        filter.shown,
    )
    .fetch_all(db)
    .await?;
    let totals = rows
        .first()
        .map(|row| {
            [("critical", row.critical), ("high", row.high), ("medium", row.medium), ("low", row.low)]
                .map(|(priority, total)| (priority.to_owned(), total))
                .to_vec()
        })
        .unwrap_or_default();
    let cards = rows
        .into_iter()
        .map(|row| Ok(Card { first_seen: row.first_seen.date_naive(), item: item_facts!(row) }))
        .collect::<sqlx::Result<_>>()?;
    Ok((cards, totals))
}

/// Active projects by name, for the project filter.
pub async fn project_names(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<ProjectName>> {
    // language=PostgreSQL
    sqlx::query_as!(
        ProjectName,
        r#"select slug, name from project where archived_at is null order by lower(name), slug"#
    )
    .fetch_all(db)
    .await
}
