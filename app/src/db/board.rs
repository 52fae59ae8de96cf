//! The gap board's read: the first cards of each priority column and each column's total, for
//! items of active projects, in one indexed pass over the matching items.

use chrono::NaiveDate;
use sqlx::PgExecutor;

use super::items::item_facts;
use crate::domain::board::{Card, ProjectName};

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
    // Ranking and counting happen on the item rows alone; the joins for names and dates are made
    // only for the cards shown.
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        with matching as (
            select i.remediation_item_id, i.priority,
                   count(*) over (partition by i.priority) as total,
                   row_number() over (partition by i.priority
                                      order by i.due_date nulls last, i.remediation_item_id) as rank
            from remediation_item i
            join project p on p.project_id = i.project_id and p.archived_at is null
            where i.status = any($1)
              and ($2::int8 is null or i.project_id = $2)
              and ($3::text is null or i.category_key = $3)
              and ($4::int8 is null or i.owner_user_id = $4)
              and (not $5 or i.owner_user_id is null)
              and (not $6 or (i.due_date < $7 and i.status in ('open', 'in_progress')))
        )
        select i.remediation_item_id, p.slug, p.name, i.title, i.category_key, i.priority, i.status,
               i.owner_user_id, u.display_name as "owner_name?", i.due_date, i.accepted_reason,
               i.accepted_until, f.taken_at as first_seen, m.total as "total!",
               (extract(epoch from i.updated_at) * 1000000)::int8 as "version!"
        from matching m
        join remediation_item i using (remediation_item_id)
        join project p on p.project_id = i.project_id
        join snapshot f on f.snapshot_id = i.first_seen_snapshot_id
        left join app_user u on u.app_user_id = i.owner_user_id
        where m.rank <= $8
        order by case i.priority when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end, m.rank
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
    let mut totals: Vec<(String, i64)> = Vec::new();
    let cards = rows
        .into_iter()
        .map(|row| {
            if !totals.iter().any(|(priority, _)| *priority == row.priority) {
                totals.push((row.priority.clone(), row.total));
            }
            Card { item: item_facts!(row), first_seen: row.first_seen.date_naive() }
        })
        .collect();
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
