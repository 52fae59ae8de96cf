//! The per-project figures dashboards read, recomputed inside each write's transaction.

use sqlx::PgConnection;

/// How many recent scores the rollup keeps for sparklines.
const RECENT_SCORES: i64 = 12;

/// Recomputes `project_rollup` for one project from its snapshots and items.
pub async fn refresh(conn: &mut PgConnection, project_id: i64) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        with recent as (
            select snapshot_id, taken_at, overall_score, level, verdict,
                   row_number() over (order by taken_at desc, snapshot_id desc) as position
            from snapshot where project_id = $1
            order by taken_at desc, snapshot_id desc
            limit $2
        ), open_items as (
            select count(*) filter (where priority = 'critical') as critical,
                   count(*) filter (where priority = 'high') as high,
                   count(*) filter (where priority = 'medium') as medium,
                   count(*) filter (where priority = 'low') as low
            from remediation_item where project_id = $1 and item_is_active(status)
        )
        insert into project_rollup as r (project_id, latest_snapshot_id, latest_taken_at, snapshot_count, score,
                                         previous_score, level, verdict, open_critical, open_high, open_medium,
                                         open_low, recent_scores, updated_at)
        select $1,
               (select snapshot_id from recent where position = 1),
               (select taken_at from recent where position = 1),
               (select count(*)::int from snapshot where project_id = $1),
               (select overall_score from recent where position = 1),
               (select overall_score from recent where position = 2),
               (select level from recent where position = 1),
               (select verdict from recent where position = 1),
               o.critical::int, o.high::int, o.medium::int, o.low::int,
               coalesce((select array_agg(overall_score order by position desc) from recent
                         where overall_score is not null), '{}'),
               now()
        from open_items o
        on conflict (project_id) do update set
            latest_snapshot_id = excluded.latest_snapshot_id, latest_taken_at = excluded.latest_taken_at,
            snapshot_count = excluded.snapshot_count, score = excluded.score,
            previous_score = excluded.previous_score, level = excluded.level, verdict = excluded.verdict,
            open_critical = excluded.open_critical, open_high = excluded.open_high,
            open_medium = excluded.open_medium, open_low = excluded.open_low,
            recent_scores = excluded.recent_scores, updated_at = excluded.updated_at
        "#,
        project_id,
        RECENT_SCORES
    )
    .execute(&mut *conn)
    .await?;
    refresh_score_months(conn, project_id).await
}

/// Recomputes the project's month-end scores (see the `project_score_month` migration).
async fn refresh_score_months(conn: &mut PgConnection, project_id: i64) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(r#"delete from project_score_month where project_id = $1"#, project_id)
        .execute(&mut *conn)
        .await?;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into project_score_month (project_id, month, score)
        select distinct on (date_trunc('month', taken_at at time zone 'UTC')) project_id, date_trunc('month', taken_at at time zone 'UTC')::date,
               overall_score
        from snapshot
        where project_id = $1 and overall_score is not null
        order by date_trunc('month', taken_at at time zone 'UTC'), taken_at desc, snapshot_id desc
        "#,
        project_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
