//! Portfolio-wide reads, from the rollups only (never snapshot history).

use chrono::NaiveDate;
use sqlx::PgExecutor;

use crate::domain::portfolio::{MonthScore, PortfolioRow};

/// Every active project with its rollup.
pub async fn rows(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<PortfolioRow>> {
    rows_where(db, None).await
}

/// One project (archived or not) with its rollup.
pub async fn row(db: impl PgExecutor<'_>, slug: &str) -> sqlx::Result<Option<PortfolioRow>> {
    Ok(rows_where(db, Some(slug)).await?.into_iter().next())
}

/// Active projects, or the one with `slug` whatever its state.
async fn rows_where(db: impl PgExecutor<'_>, slug: Option<&str>) -> sqlx::Result<Vec<PortfolioRow>> {
    // language=PostgreSQL
    sqlx::query_as!(
        PortfolioRow,
        r#"
        select p.project_id, p.slug, p.name, p.owner, p.tags, p.archived_at is not null as "archived!",
               r.score as "score?", r.previous_score as "previous_score?", r.level as "level?",
               r.verdict as "verdict?",
               coalesce(r.open_critical, 0) as "open_critical!", coalesce(r.open_high, 0) as "open_high!",
               coalesce(r.open_medium, 0) as "open_medium!", coalesce(r.open_low, 0) as "open_low!",
               r.latest_taken_at as "latest_taken_at?", coalesce(r.recent_scores, '{}') as "recent_scores!"
        from project p left join project_rollup r using (project_id)
        where ($1::text is null and p.archived_at is null) or p.slug = $1
        "#,
        slug
    )
    .fetch_all(db)
    .await
}

/// Month-end scores of active projects from `since` on, plus each project's last one before it
/// (so a project audited before the window still counts in it).
pub async fn month_scores(db: impl PgExecutor<'_>, since: NaiveDate) -> sqlx::Result<Vec<MonthScore>> {
    // language=PostgreSQL
    sqlx::query_as!(
        MonthScore,
        r#"
        select m.project_id as "project_id!", m.month as "month!", m.score as "score!"
        from project_score_month m join project p using (project_id)
        where p.archived_at is null and m.month >= $1
        union all
        select * from (
            select distinct on (m.project_id) m.project_id, m.month, m.score
            from project_score_month m join project p using (project_id)
            where p.archived_at is null and m.month < $1
            order by m.project_id, m.month desc
        ) before_window
        "#,
        since
    )
    .fetch_all(db)
    .await
}
