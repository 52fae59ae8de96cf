//! Portfolio-wide reads.

use sqlx::PgExecutor;

use crate::api::portfolio::PortfolioOverview;

/// Counts over active (not archived) projects.
pub async fn overview(db: impl PgExecutor<'_>) -> sqlx::Result<PortfolioOverview> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select
            (select count(*) from project where archived_at is null) as "projects!",
            (select count(*) from snapshot s join project p using (project_id)
              where p.archived_at is null) as "snapshots!",
            (select count(*) from remediation_item r join project p using (project_id)
              where p.archived_at is null and r.status in ('open', 'in_progress')) as "open_items!"
        "#
    )
    .fetch_one(db)
    .await?;
    Ok(PortfolioOverview { projects: row.projects, snapshots: row.snapshots, open_items: row.open_items })
}
