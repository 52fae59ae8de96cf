//! The portfolio over the sample projects: what the page and its server function show is what
//! the database holds, in the order and with the filters the URL asks for.

use app::domain::account::Role;
use serde_json::Value;

use crate::helpers::TestApp;

async fn with_samples() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let cookie = app.signed_in(Role::Viewer).await;
    (app, cookie)
}

/// The slugs of the rows a page shows, in order.
fn row_slugs(html: &str) -> Vec<String> {
    html.split("data-testid=\"portfolio-row\" data-slug=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect()
}

#[tokio::test]
async fn rows_sort_by_any_column_in_the_order_the_database_gives() {
    let (app, cookie) = with_samples().await;
    let by_score: Vec<String> = sqlx::query_scalar(
        "select p.slug from project p join project_rollup r using (project_id) order by r.score desc, p.name",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(by_score.len(), 5);

    let html = app.get_as("/?sort=score&dir=desc", &cookie).await.text().await.unwrap();
    assert_eq!(row_slugs(&html), by_score);
    assert!(html.contains("aria-sort=\"descending\""), "the sorted column says so");
    let ascending = app.get_as("/?sort=score", &cookie).await.text().await.unwrap();
    let mut reversed = by_score.clone();
    reversed.reverse();
    assert_eq!(row_slugs(&ascending), reversed);

    let by_name: Vec<String> = sqlx::query_scalar("select slug from project order by lower(name)")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(row_slugs(&app.get_as("/", &cookie).await.text().await.unwrap()), by_name);
    app.stop().await;
}

#[tokio::test]
async fn filters_and_search_narrow_the_rows_and_the_figures() {
    let (app, cookie) = with_samples().await;
    let (verdict, expected): (String, Vec<String>) = {
        let verdict: String =
            sqlx::query_scalar("select verdict from project_rollup where verdict is not null limit 1")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        let slugs = sqlx::query_scalar(
            "select p.slug from project p join project_rollup r using (project_id) where r.verdict = $1 \
             order by lower(p.name)",
        )
        .bind(&verdict)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        (verdict, slugs)
    };
    let html = app.get_as(&format!("/?verdict={verdict}"), &cookie).await.text().await.unwrap();
    assert_eq!(row_slugs(&html), expected);

    let searched = app.get_as("/?q=TOPSMILE", &cookie).await.text().await.unwrap();
    assert_eq!(row_slugs(&searched), ["topsmile"]);
    assert!(searched.contains("1 of 5"), "the headline counts what the filter keeps");

    let nothing = app.get_as("/?q=no-such-project", &cookie).await.text().await.unwrap();
    assert!(nothing.contains("data-testid=\"portfolio-no-match\""), "{nothing}");
    app.stop().await;
}

#[tokio::test]
async fn the_figures_above_the_table_add_up_to_the_database() {
    let (app, cookie) = with_samples().await;
    let response = app.call("portfolio", Some(&cookie), &[]).await;
    assert_eq!(response.status(), 200);
    let view: Value = response.json().await.unwrap();

    let open: Vec<i64> = sqlx::query_scalar(
        "select count(*) filter (where priority = p) from remediation_item, \
         unnest(array['critical', 'high', 'medium', 'low']) as p \
         where status in ('open', 'in_progress') group by p order by array_position(array['critical', 'high', 'medium', 'low'], p)",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let shown: Vec<i64> =
        view["summary"]["open_by_priority"].as_array().unwrap().iter().map(|n| n.as_i64().unwrap()).collect();
    assert_eq!(shown, open);
    let levels: i64 =
        view["summary"]["by_level"].as_array().unwrap().iter().map(|n| n.as_i64().unwrap()).sum();
    assert_eq!(levels + view["summary"]["unleveled"].as_i64().unwrap(), 5);

    let average: f64 =
        sqlx::query_scalar("select avg(score) from project_rollup").fetch_one(&app.db.pool).await.unwrap();
    assert!((view["summary"]["average_score"].as_f64().unwrap() - average).abs() < 1e-9);
    assert_eq!(view["trend"].as_array().unwrap().len(), 12);
    assert!(view["trend_svg"].as_str().unwrap().contains("<title>Average score, last 12 months</title>"));

    // Every row with at least two scores has a sparkline; the sample projects have four each.
    for row in view["rows"].as_array().unwrap() {
        assert!(row["sparkline"].as_str().unwrap().contains("<polyline"), "{row}");
    }
    app.stop().await;
}

#[tokio::test]
async fn archived_projects_are_left_out_and_old_audits_are_marked_stale() {
    let (app, cookie) = with_samples().await;
    sqlx::query("update project set archived_at = now() where slug = 'americano'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query(
        "update project_rollup set latest_taken_at = now() - interval '400 days' \
         where project_id = (select project_id from project where slug = 'topsmile')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();

    let html = app.get_as("/", &cookie).await.text().await.unwrap();
    let slugs = row_slugs(&html);
    assert!(!slugs.contains(&"americano".to_owned()), "{slugs:?}");
    assert_eq!(slugs.len(), 4);
    let topsmile = &html[html.find("data-slug=\"topsmile\"").unwrap()..];
    let topsmile = &topsmile[..topsmile.find("</tr>").unwrap()];
    assert!(topsmile.contains("badge-stale"), "{topsmile}");
    app.stop().await;
}

#[tokio::test]
async fn the_scale_generator_builds_a_realistic_repeatable_portfolio() {
    use plumb::commands::demo_scale::{Scale, run};
    let app = TestApp::spawn().await;
    let scale = || Scale { projects: 3, snapshots: 6, seed: 7 };
    run(&app.db.pool, scale(), &mut Vec::new()).await.unwrap();

    let counts: Vec<(String, String, Vec<String>, i64)> = sqlx::query_as(
        "select p.slug, p.owner, p.tags, count(s.*) from project p join snapshot s using (project_id) \
         group by p.project_id order by p.slug",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(counts.len(), 3);
    for (slug, owner, tags, snapshots) in &counts {
        assert!(slug.starts_with("scale-"), "{slug}");
        assert!(owner.ends_with(" team"), "{owner}");
        assert_eq!(tags.len(), 2);
        assert_eq!(*snapshots, 6);
    }
    // Weekly history ending this week, with rollups and month scores kept.
    let span: f64 = sqlx::query_scalar(
        "select (extract(epoch from max(taken_at) - min(taken_at)) / 86400)::float8 from snapshot",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(span.round(), 35.0);
    let rollups: i64 = sqlx::query_scalar("select count(*) from project_rollup where snapshot_count = 6")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(rollups, 3);
    let months: i64 =
        sqlx::query_scalar("select count(*) from project_score_month").fetch_one(&app.db.pool).await.unwrap();
    assert!(months >= 3, "{months}");

    // The same seed again adds nothing.
    run(&app.db.pool, scale(), &mut Vec::new()).await.unwrap();
    let total: i64 =
        sqlx::query_scalar("select count(*) from snapshot").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(total, 18);
    app.stop().await;
}
