//! PDF reports over the sample projects, read back with `pdftotext`: the numbers, names,
//! priorities and dates in them are the database's.

use std::process::Command;

use app::domain::account::Role;
use chrono::TimeZone;

use crate::helpers::{TestApp, scalar};

/// The text of a PDF, laid out (`pdftotext -layout`), and its page count.
fn read_pdf(bytes: &[u8]) -> (String, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).unwrap();
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let pages = text.matches('\u{c}').count().max(1);
    (text, pages)
}

#[tokio::test]
async fn a_project_report_holds_the_databases_numbers_names_priorities_and_dates() {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let editor = app.add_user("grace@example.com", Role::Editor).await;
    let cookie = app.sign_in("grace@example.com").await;
    // Someone owns an item of the latest audit.
    let owned: String = sqlx::query_scalar(
        "update remediation_item set owner_user_id = $1 where remediation_item_id = \
         (select g.remediation_item_id from gap g join project_rollup r on r.latest_snapshot_id = g.snapshot_id \
          join project p using (project_id) where p.slug = 'americano' and g.remediation_item_id is not null \
          order by g.ordinal limit 1) returning title",
    )
    .bind(editor)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();

    let response = app.get_as("/projects/americano/report.pdf", &cookie).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    let (text, pages) = read_pdf(&response.bytes().await.unwrap());

    let (score, taken, sha): (f64, chrono::DateTime<chrono::Utc>, String) = sqlx::query_as(
        "select s.overall_score, s.taken_at, s.source_sha256 from snapshot s \
         join project_rollup r on r.latest_snapshot_id = s.snapshot_id join project p on p.project_id = r.project_id \
         where p.slug = 'americano'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let date = taken.date_naive().to_string();
    assert!(disposition.contains(&format!("americano-{date}.pdf")), "{disposition}");
    assert!(text.contains("Americano"), "{text}");
    assert!(text.contains(&format!("{score:.1}")), "the score: {text}");
    assert!(text.contains(&format!("audit of {date}")), "the date: {text}");
    assert!(text.contains(&sha), "the source hash in the appendix");
    assert!(text.contains("Executive summary") && text.contains("Blocking readiness"), "{text}");
    assert!(text.contains(&format!("Page 1 of {pages}")), "page numbers: {text}");
    assert!((3..=12).contains(&pages), "{pages} pages");

    // Every open item of the latest audit is listed, under its priority.
    let critical: i64 = scalar(
        &app,
        "select count(distinct g.remediation_item_id) from gap g join remediation_item i using (remediation_item_id) \
         join project_rollup r on r.latest_snapshot_id = g.snapshot_id join project p on p.project_id = r.project_id \
         where p.slug = 'americano' and i.priority = 'critical' and i.status <> 'accepted_risk'",
    )
    .await;
    assert!(text.contains(&format!("Critical ({critical})")), "{text}");
    let rows: Vec<&str> = text.lines().filter(|line| line.contains(owned.as_str())).collect();
    assert!(rows.iter().any(|row| row.contains("editor Tester")), "its owner is named in its row: {rows:?}");
    let categories: i64 = scalar(
        &app,
        "select count(*) from snapshot_category c join project_rollup r on r.latest_snapshot_id = c.snapshot_id \
         join project p on p.project_id = r.project_id where p.slug = 'americano'",
    )
    .await;
    assert!(categories > 0);
    app.stop().await;
}

#[tokio::test]
async fn a_report_pinned_to_a_snapshot_shows_that_state_and_is_the_same_document_each_time() {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let (first, first_score, first_taken): (i64, f64, chrono::DateTime<chrono::Utc>) = sqlx::query_as(
        "select s.snapshot_id, s.overall_score, s.taken_at from snapshot s join project p using (project_id) \
         where p.slug = 'topsmile' order by s.taken_at limit 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let stamp = chrono::Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
    let one = app::report::project(&app.db.pool, "topsmile", Some(first), stamp).await.unwrap();
    let two = app::report::project(&app.db.pool, "topsmile", Some(first), stamp).await.unwrap();
    assert!(one.bytes == two.bytes, "same inputs, same document");
    let (text, _) = read_pdf(&one.bytes);
    assert!(text.contains(&format!("{first_score:.1}")), "{text}");
    assert!(text.contains(&format!("audit of {}", first_taken.date_naive())));
    assert!(text.contains("first audit on record"), "nothing before it: {text}");
    assert!(text.contains("Generated by Plumb on 2026-11-01 08:00 UTC"));

    let cookie = app.signed_in(Role::Viewer).await;
    let pinned = app.get_as(&format!("/projects/topsmile/report.pdf?snapshot={first}"), &cookie).await;
    assert_eq!(pinned.status(), 200);
    let (pinned_text, _) = read_pdf(&pinned.bytes().await.unwrap());
    assert!(pinned_text.contains(&format!("audit of {}", first_taken.date_naive())));
    app.stop().await;
}

#[tokio::test]
async fn reports_are_for_signed_in_people_and_real_projects_only() {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let anonymous = app.get("/projects/americano/report.pdf").await;
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()["location"], "/login?next=%2Fprojects%2Famericano%2Freport.pdf");

    let cookie = app.signed_in(Role::Viewer).await;
    assert_eq!(app.get_as("/projects/no-such-project/report.pdf", &cookie).await.status(), 404);
    let other: i64 = scalar(
        &app,
        "select snapshot_id from snapshot join project using (project_id) where slug = 'topsmile' limit 1",
    )
    .await;
    let wrong = app.get_as(&format!("/projects/americano/report.pdf?snapshot={other}"), &cookie).await;
    assert_eq!(wrong.status(), 404, "another project's snapshot");
    assert_eq!(app.get_as("/projects/americano/report.pdf?snapshot=abc", &cookie).await.status(), 400);
    let mut conn = app.db.pool.acquire().await.unwrap();
    app::db::projects::create(&mut conn, "empty", "Empty").await.unwrap().unwrap();
    drop(conn);
    assert_eq!(app.get_as("/projects/empty/report.pdf", &cookie).await.status(), 409, "no audit yet");
    app.stop().await;
}

#[tokio::test]
async fn the_report_command_writes_the_same_pdf_for_cron_jobs() {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("session-hub.pdf");
    let args = plumb::cli::ReportArgs {
        project: Some("session-hub".to_owned()),
        portfolio: false,
        snapshot: None,
        output: output.clone(),
    };
    let mut said = Vec::new();
    plumb::commands::report::run(&app.db.pool, &args, &mut said).await.unwrap();
    assert!(String::from_utf8(said).unwrap().starts_with(&format!("Wrote {}", output.display())));
    let (text, _) = read_pdf(&std::fs::read(&output).unwrap());
    assert!(text.contains("Session Hub"), "{text}");

    let missing = plumb::cli::ReportArgs {
        project: Some("no-such-project".to_owned()),
        portfolio: false,
        snapshot: None,
        output,
    };
    let error = plumb::commands::report::run(&app.db.pool, &missing, &mut Vec::new()).await.unwrap_err();
    assert!(error.to_string().contains("no-such-project"), "{error}");
    app.stop().await;
}

#[tokio::test]
async fn the_portfolio_report_has_a_summary_and_a_page_per_project_the_filters_keep() {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let cookie = app.signed_in(Role::Viewer).await;
    let response = app.get_as("/report.pdf", &cookie).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let (text, pages) = read_pdf(&response.bytes().await.unwrap());
    let projects: Vec<(String, Option<f64>)> =
        sqlx::query_as("select p.name, r.score from project p join project_rollup r using (project_id)")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(pages, 1 + projects.len(), "a summary page and a page per project");
    for (name, score) in &projects {
        assert!(text.matches(name.as_str()).count() >= 2, "{name} in the table and on its page");
        let row = text.lines().find(|line| line.trim_start().starts_with(name.as_str())).unwrap();
        assert!(row.contains(&format!("{:.1}", score.unwrap())), "{row}");
    }
    let critical: i64 = scalar(&app, "select sum(open_critical)::int8 from project_rollup").await;
    assert!(text.contains(&format!("Open items: {critical} critical")), "{text}");

    let verdict: String =
        scalar(&app, "select verdict from project_rollup where verdict = 'ready' limit 1").await;
    let filtered = app.get_as(&format!("/report.pdf?verdict={verdict}"), &cookie).await;
    let (text, pages) = read_pdf(&filtered.bytes().await.unwrap());
    let ready: i64 = scalar(&app, "select count(*) from project_rollup where verdict = 'ready'").await;
    assert_eq!(pages as i64, 1 + ready);
    assert!(text.contains("Projects matching verdict \"ready\"."), "{text}");

    let anonymous = app.get("/report.pdf").await;
    assert_eq!(anonymous.status(), 303);
    let html = app.get_as("/?verdict=ready", &cookie).await.text().await.unwrap();
    assert!(
        html.contains("href=\"/report.pdf?verdict=ready\""),
        "the portfolio page offers its view as a PDF"
    );

    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("portfolio.pdf");
    let args =
        plumb::cli::ReportArgs { project: None, portfolio: true, snapshot: None, output: output.clone() };
    plumb::commands::report::run(&app.db.pool, &args, &mut Vec::new()).await.unwrap();
    assert_eq!(read_pdf(&std::fs::read(&output).unwrap()).1, 1 + projects.len());
    app.stop().await;
}
