//! A project's scorecard over the sample projects: every figure is the database's.

use app::domain::account::Role;
use serde_json::Value;

use crate::helpers::{TestApp, scalar};

#[tokio::test]
async fn the_scorecard_shows_what_the_latest_snapshots_hold() {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let cookie = app.signed_in(Role::Viewer).await;
    let latest = "(select latest_snapshot_id from project_rollup join project using (project_id) where slug = 'americano')";

    let response = app.call("scorecard", Some(&cookie), &[("slug", "americano")]).await;
    assert_eq!(response.status(), 200);
    let card: Value = response.json().await.unwrap();

    let score: f64 = scalar(
        &app,
        "select score from project_rollup join project using (project_id) where slug = 'americano'",
    )
    .await;
    assert_eq!(card["project"]["score"].as_f64(), Some(score));
    let categories: i64 =
        scalar(&app, &format!("select count(*) from snapshot_category where snapshot_id = {latest}")).await;
    assert_eq!(card["categories"].as_array().unwrap().len() as i64, categories);
    assert!(
        card["categories"].as_array().unwrap().iter().any(|c| c["delta"].is_number()),
        "changes against the previous audit"
    );

    let missing: i64 = scalar(
        &app,
        &format!("select count(*) from checklist_item where snapshot_id = {latest} and state = 'missing'"),
    )
    .await;
    let shown_missing: i64 =
        card["checklist"].as_array().unwrap().iter().map(|g| g["missing"].as_i64().unwrap()).sum();
    assert_eq!(shown_missing, missing);
    let all: i64 =
        scalar(&app, &format!("select count(*) from checklist_item where snapshot_id = {latest}")).await;
    let shown_all: usize =
        card["checklist"].as_array().unwrap().iter().map(|g| g["items"].as_array().unwrap().len()).sum();
    assert_eq!(shown_all as i64, all);

    let open: i64 = scalar(
        &app,
        "select count(*) from remediation_item join project using (project_id) \
         where slug = 'americano' and status in ('open', 'in_progress')",
    )
    .await;
    assert_eq!(card["open_items"].as_array().unwrap().len() as i64, open);
    assert_eq!(card["history"].as_array().unwrap().len(), 4);
    assert_eq!(card["snapshot_count"], 4);
    let svg = card["trend_svg"].as_str().unwrap();
    assert!(svg.contains("<title>Americano: scores over time</title>"), "{svg}");
    assert!(card["trend_text"].as_str().unwrap().starts_with("Overall score from"));

    // The page renders the same, and the portfolio links to it.
    let html = app.get_as("/projects/americano", &cookie).await.text().await.unwrap();
    assert!(html.contains("<h1>Americano"), "{html}");
    assert!(html.contains("href=\"/projects/americano/report.pdf\""), "the PDF is offered");
    assert_eq!(html.matches("data-testid=\"history-row\"").count(), 4);
    assert_eq!(html.matches("data-testid=\"open-item\"").count() as i64, open);
    assert_eq!(
        html.matches("href=\"/projects/americano/items/").count() as i64,
        open,
        "each item links to its page"
    );
    let portfolio = app.get_as("/", &cookie).await.text().await.unwrap();
    assert!(portfolio.contains("href=\"/projects/americano\""));
    app.stop().await;
}

#[tokio::test]
async fn an_unknown_project_is_a_404_and_a_new_one_says_what_to_do() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Viewer).await;
    let missing = app.get_as("/projects/no-such-project", &cookie).await;
    assert_eq!(missing.status(), 404);
    let mut conn = app.db.pool.acquire().await.unwrap();
    app::db::projects::create(&mut conn, "fresh", "Fresh").await.unwrap().unwrap();
    drop(conn);
    let fresh = app.get_as("/projects/fresh", &cookie).await;
    assert_eq!(fresh.status(), 200);
    assert!(fresh.text().await.unwrap().contains("data-testid=\"scorecard-empty\""));
    // An archived project keeps its scorecard, marked as archived; the portfolio leaves it out.
    sqlx::query("update project set archived_at = now() where slug = 'fresh'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let archived = app.get_as("/projects/fresh", &cookie).await.text().await.unwrap();
    assert!(archived.contains("<span class=\"badge\">archived</span>"), "{archived}");
    app.stop().await;
}

#[tokio::test]
async fn a_snapshot_shows_its_changes_since_the_previous_one_and_its_numbered_source() {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let cookie = app.signed_in(Role::Viewer).await;
    let ids: Vec<i64> = sqlx::query_scalar(
        "select snapshot_id from snapshot join project using (project_id) where slug = 'americano' \
         order by taken_at desc, snapshot_id desc limit 2",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let (latest, previous) = (ids[0], ids[1]);
    let count = |sql: String| {
        let app = &app;
        async move { sqlx::query_scalar::<_, i64>(&sql).fetch_one(&app.db.pool).await.unwrap() }
    };
    let resolved = count(format!(
        "select count(*) from gap g where snapshot_id = {previous} \
         and not exists (select 1 from gap n where n.snapshot_id = {latest} and n.fingerprint = g.fingerprint)"
    ))
    .await;
    let new = count(format!(
        "select count(*) from gap g where snapshot_id = {latest} \
         and not exists (select 1 from gap o where o.snapshot_id = {previous} and o.fingerprint = g.fingerprint)"
    ))
    .await;
    let lines = count(format!(
        "select count(*) from snapshot, regexp_split_to_table(source_text, E'\\n') as line \
         where snapshot_id = {latest} and btrim(line, E' \\t\\r') <> ''"
    ))
    .await;

    let id = latest.to_string();
    let view: Value = app
        .call("snapshot", Some(&cookie), &[("slug", "americano"), ("snapshot_id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["diff"]["resolved_gaps"].as_array().unwrap().len() as i64, resolved);
    assert_eq!(view["diff"]["new_gaps"].as_array().unwrap().len() as i64, new);
    assert_eq!(view["previous"][0], previous);
    assert!(resolved >= 1, "the demo fixes a gap between the last two audits");

    let html =
        app.get_as(&format!("/projects/americano/snapshots/{latest}"), &cookie).await.text().await.unwrap();
    assert!(html.contains("data-testid=\"snapshot-diff\""), "{html}");
    // Every source line with text on it has its anchor; blank lines have none.
    let anchors = html.matches("class=\"line-anchor\" id=\"L").count() as i64;
    assert_eq!(anchors, lines, "{anchors} anchors for {lines} lines with text");
    assert!(!html.contains("<script>alert"), "the source is text, never markup");
    assert!(html.contains("<h3>") || html.contains("<h4>"), "the report's Markdown is rendered");
    assert_eq!(html.matches("<h1").count(), 1, "one h1: the page's");

    // The scorecard links into it.
    let card = app.get_as("/projects/americano", &cookie).await.text().await.unwrap();
    assert!(card.contains(&format!("href=\"/projects/americano/snapshots/{latest}\"")), "history links");
    assert!(card.contains(&format!("/projects/americano/snapshots/{latest}#L")), "evidence links");

    // A snapshot of another project is not found under this one.
    let other: i64 = sqlx::query_scalar(
        "select snapshot_id from snapshot join project using (project_id) where slug = 'topsmile' limit 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let wrong = app.get_as(&format!("/projects/americano/snapshots/{other}"), &cookie).await;
    assert_eq!(wrong.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn report_text_that_looks_like_markup_stays_text() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Viewer).await;
    let report =
        "# Audit\n\nOverall score: 50/100\n\n<script>alert('x')</script> <img src=x onerror=alert(1)>\n";
    let parsed = app::domain::ingest::read_report(report.as_bytes()).unwrap();
    let mut conn = app.db.pool.acquire().await.unwrap();
    let project_id = app::db::projects::create(&mut conn, "tricky", "Tricky").await.unwrap().unwrap();
    drop(conn);
    let stored = app::actions::uploads::store_report_alone(
        &app.db.pool,
        app::actions::projects::ProjectRef::Existing(project_id),
        app::actions::uploads::Report { bytes: report.as_bytes(), parsed: &parsed },
        &app::actions::uploads::Provenance::default(),
    )
    .await
    .unwrap();
    let html = app
        .get_as(&format!("/projects/tricky/snapshots/{}", stored.snapshot.snapshot_id), &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("&lt;script&gt;alert"), "{html}");
    app.stop().await;
}
