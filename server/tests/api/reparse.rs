//! Reading stored reports again (`plumb reparse`): the action against a real PostgreSQL, and the
//! command through the real binary.

use app::actions::Acting;
use app::actions::reparse::{Mode, Outcome, reread_project};
use app::actions::uploads::{Provenance, store};
use app::domain::fingerprint::fingerprint;
use app::domain::ingest::{PARSER_VERSION, read_report};
use app::domain::snapshot::{Gap, Snapshot};
use chrono::{DateTime, TimeZone, Utc};
use tokio::process::Command;

use crate::helpers::TestDb;

const OLDER: &str = "# Audit\n\n**Date:** 2026-01-05\n\nOverall score: 50/100\n\n## Gaps\n\n### High Priority\n- No backups\n- No runbooks\n";
const LATEST: &str =
    "# Audit\n\n**Date:** 2026-03-05\n\nOverall score: 70/100\n\n## Gaps\n\n### Critical\n- No backups\n";

fn day(month: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, 5, 0, 0, 0).unwrap()
}

/// What an older parser might have read from `text`: another score, and a gap titled "1".
fn old_reading(text: &str) -> Snapshot {
    let mut snapshot = read_report(text.as_bytes()).unwrap().snapshot;
    snapshot.overall.score = Some(40.0);
    snapshot.gaps.push(Gap {
        title: "1".to_owned(),
        priority: None,
        category: None,
        effort_hours: None,
        detail: None,
        fingerprint: fingerprint("1"),
        line: None,
    });
    snapshot
}

/// A project whose two snapshots were read by "plumb-ingest/0".
async fn project_read_by_an_old_parser(db: &TestDb) -> i64 {
    let project_id: i64 = sqlx::query_scalar(
        "insert into project (slug, name) values ('ledgerly', 'Ledgerly') returning project_id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let provenance = Provenance { acting: Acting::command_line(), ..Provenance::default() };
    for (text, month) in [(OLDER, 1), (LATEST, 3)] {
        let mut tx = db.pool.begin().await.unwrap();
        let text_read = read_report(text.as_bytes()).unwrap().text;
        let snapshot = old_reading(text);
        let provenance = Provenance { taken_at: Some(day(month)), ..provenance.clone() };
        store(&mut tx, project_id, text.as_bytes(), &text_read, &snapshot, &provenance, day(month))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    sqlx::query("update snapshot set parser_version = 'plumb-ingest/0'").execute(&db.pool).await.unwrap();
    project_id
}

async fn items(db: &TestDb) -> Vec<(String, String)> {
    sqlx::query_as("select title, status from remediation_item order by title")
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_dry_run_says_what_would_change_and_changes_nothing() {
    let db = TestDb::create().await;
    let project_id = project_read_by_an_old_parser(&db).await;
    let before = items(&db).await;

    let mut tx = db.pool.begin().await.unwrap();
    let rereading =
        reread_project(&mut tx, project_id, &Acting::command_line(), Mode::DryRun, day(4)).await.unwrap();
    tx.commit().await.unwrap();

    assert_eq!(rereading.changed(), 2);
    let Outcome::Changed { change } = &rereading.snapshots[1].outcome else { panic!("{rereading:?}") };
    assert_eq!(change.score, Some((Some(40.0), Some(70.0))));
    assert_eq!(change.gaps_removed.iter().map(|g| g.title.as_str()).collect::<Vec<_>>(), ["1"]);
    assert!(change.gaps_added.is_empty());
    assert_eq!(items(&db).await, before, "nothing recorded");
    let versions: Vec<String> =
        sqlx::query_scalar("select parser_version from snapshot").fetch_all(&db.pool).await.unwrap();
    assert!(versions.iter().all(|v| v == "plumb-ingest/0"), "{versions:?}");
    db.drop_database().await;
}

#[tokio::test]
async fn recording_keeps_the_old_reading_and_brings_items_and_rollups_in_line() {
    let db = TestDb::create().await;
    let project_id = project_read_by_an_old_parser(&db).await;
    assert!(items(&db).await.contains(&("1".to_owned(), "open".to_owned())), "the old reading's junk item");

    let mut tx = db.pool.begin().await.unwrap();
    let rereading =
        reread_project(&mut tx, project_id, &Acting::command_line(), Mode::Record, day(4)).await.unwrap();
    tx.commit().await.unwrap();

    assert_eq!(rereading.changed(), 2);
    assert_eq!(
        items(&db).await,
        [
            ("1".to_owned(), "resolved".to_owned()),
            ("No backups".to_owned(), "open".to_owned()),
            ("No runbooks".to_owned(), "resolved".to_owned()),
        ]
    );
    // Each snapshot now holds what the current parser reads, and its parts follow.
    let rows: Vec<(String, serde_json::Value, Option<f64>)> =
        sqlx::query_as("select parser_version, result, overall_score from snapshot order by taken_at")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    for ((version, result, score), text) in rows.iter().zip([OLDER, LATEST]) {
        assert_eq!(version, PARSER_VERSION);
        let fresh = serde_json::to_value(read_report(text.as_bytes()).unwrap().snapshot).unwrap();
        assert_eq!(result, &fresh);
        assert_eq!(*score, fresh["overall"]["score"].as_f64());
    }
    let gaps: Vec<String> = sqlx::query_scalar("select title from gap order by snapshot_id, ordinal")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(gaps, ["No backups", "No runbooks", "No backups"]);
    let linked: i64 = sqlx::query_scalar("select count(*) from gap where remediation_item_id is null")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(linked, 0, "every gap is tracked by an item");
    // The earlier readings are kept, and the rollup shows the new score.
    let earlier: Vec<(String, Option<f64>, i32)> = sqlx::query_as(
        "select parser_version, overall_score, gap_count from snapshot_reading order by snapshot_id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        earlier,
        [("plumb-ingest/0".to_owned(), Some(40.0), 3), ("plumb-ingest/0".to_owned(), Some(40.0), 2)]
    );
    let rollup: (Option<f64>, i32) =
        sqlx::query_as("select score, open_critical from project_rollup where project_id = $1")
            .bind(project_id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(rollup, (Some(70.0), 1));
    let audited: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'project.reparse'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // Read again by the same parser, nothing changes.
    let mut tx = db.pool.begin().await.unwrap();
    let again =
        reread_project(&mut tx, project_id, &Acting::command_line(), Mode::Record, day(5)).await.unwrap();
    tx.commit().await.unwrap();
    assert!(again.snapshots.iter().all(|s| s.outcome == Outcome::Current), "{again:?}");
    db.drop_database().await;
}

#[tokio::test]
async fn the_command_prints_each_snapshot_and_records_unless_dry_run() {
    let db = TestDb::create().await;
    project_read_by_an_old_parser(&db).await;
    let plumb = |args: &'static [&'static str]| {
        Command::new(env!("CARGO_BIN_EXE_plumb"))
            .args(args)
            .env("DATABASE_URL", &db.url)
            .env("RUST_LOG", "warn")
            .output()
    };

    let dry = plumb(&["reparse", "--project", "ledgerly", "--dry-run"]).await.unwrap();
    let printed = String::from_utf8_lossy(&dry.stdout);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    assert!(
        printed.contains(&format!("plumb-ingest/0 → {PARSER_VERSION}: score 40 → 70, gaps +0 -1")),
        "{printed}"
    );
    assert!(printed.contains("      - [unrated] 1"), "{printed}");
    assert!(printed.contains("2 snapshot reading(s) would change"), "{printed}");

    let recorded = plumb(&["reparse"]).await.unwrap();
    let printed = String::from_utf8_lossy(&recorded.stdout);
    assert!(printed.contains("items: 0 created, 1 resolved, 0 reopened"), "{printed}");
    let unknown = plumb(&["reparse", "--project", "nope"]).await.unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no project with the slug \"nope\""));
    db.drop_database().await;
}

#[tokio::test]
async fn the_snapshot_page_names_the_parser_and_the_earlier_reading() {
    let db = TestDb::create().await;
    let project_id = project_read_by_an_old_parser(&db).await;
    let mut tx = db.pool.begin().await.unwrap();
    reread_project(&mut tx, project_id, &Acting::command_line(), Mode::Record, day(4)).await.unwrap();
    tx.commit().await.unwrap();
    let latest: i64 = sqlx::query_scalar("select snapshot_id from snapshot order by taken_at desc limit 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let app = crate::helpers::TestApp::spawn_on(db).await;
    let cookie = app.signed_in(app::domain::account::Role::Viewer).await;

    let page =
        app.get_as(&format!("/projects/ledgerly/snapshots/{latest}"), &cookie).await.text().await.unwrap();

    assert!(page.contains(&format!("read by {PARSER_VERSION} on")), "{page}");
    assert!(page.contains("Earlier readings"), "{page}");
    assert!(page.contains("plumb-ingest/0 (read "), "{page}");
    assert!(page.contains("score 40.0 · verdict "), "{page}");
    app.stop().await;
}
