//! The remediation lifecycle across a sequence of realistic reports, through the storage code
//! every upload path uses, against the real database.

use app::actions::uploads::{Provenance, Stored, store};
use app::db::projects;
use app::domain::ingest::read_report;
use chrono::{NaiveDate, NaiveTime, Utc};
use sqlx::PgPool;

use crate::helpers::TestDb;

fn report(date: &str, gaps: &[&str]) -> String {
    let mut text =
        format!("# Platform audit — Ledgerly\n\n**Date:** {date}\n\n**DevOps Score: 6/10**\n\n## Gaps\n\n");
    for gap in gaps {
        text.push_str(&format!("- {gap}\n"));
    }
    text
}

async fn upload(pool: &PgPool, project_id: i64, text: &str) -> Stored {
    let parsed = read_report(text.as_bytes()).unwrap();
    let taken_at = parsed.snapshot.report.date.map(|d| d.and_time(NaiveTime::MIN).and_utc());
    let provenance = Provenance { taken_at, ..Provenance::default() };
    let mut tx = pool.begin().await.unwrap();
    let stored =
        store(&mut tx, project_id, text.as_bytes(), &parsed.text, &parsed.snapshot, &provenance, Utc::now())
            .await
            .unwrap();
    tx.commit().await.unwrap();
    stored
}

async fn item_id(pool: &PgPool, project_id: i64, title_like: &str) -> i64 {
    sqlx::query_scalar(
        "select remediation_item_id from remediation_item where project_id = $1 and title ilike $2",
    )
    .bind(project_id)
    .bind(format!("%{title_like}%"))
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn status(pool: &PgPool, id: i64) -> (String, String) {
    sqlx::query_as("select status, priority from remediation_item where remediation_item_id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn events(pool: &PgPool, id: i64) -> Vec<String> {
    sqlx::query_scalar(
        "select kind from remediation_event where remediation_item_id = $1 order by remediation_event_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn items_follow_gaps_across_a_project_history() {
    let db = TestDb::create().await;
    let pool = &db.pool;
    let mut conn = pool.acquire().await.unwrap();
    let project = projects::create(&mut conn, "ledgerly", "Ledgerly").await.unwrap().unwrap();
    drop(conn);

    // January: three gaps appear.
    let jan = upload(
        pool,
        project,
        &report("2026-01-10", &["P0: No backups", "P1: No alerting", "P2: No load tests"]),
    )
    .await;
    assert!(jan.created);
    assert_eq!(jan.items.created.len(), 3);
    let backups = item_id(pool, project, "backups").await;
    let alerting = item_id(pool, project, "alerting").await;
    let load_tests = item_id(pool, project, "load tests").await;
    let due: NaiveDate =
        sqlx::query_scalar("select due_date from remediation_item where remediation_item_id = $1")
            .bind(backups)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(
        due,
        NaiveDate::from_ymd_opt(2026, 1, 17).unwrap(),
        "critical SLA is 7 days from the report date"
    );
    // A person takes the alerting item.
    sqlx::query("update remediation_item set due_date = '2026-05-01', status = 'in_progress' where remediation_item_id = $1")
        .bind(alerting)
        .execute(pool)
        .await
        .unwrap();

    // February: same gaps, reworded, alerting now P0.
    let feb = upload(
        pool,
        project,
        &report("2026-02-10", &["P0: Missing backups.", "P0: No alerting", "P2: No load tests"]),
    )
    .await;
    assert!(feb.items.created.is_empty());
    assert_eq!(feb.items.still_open, vec![backups, alerting, load_tests]);
    assert_eq!(status(pool, alerting).await, ("in_progress".into(), "critical".into()));
    let kept_due: NaiveDate =
        sqlx::query_scalar("select due_date from remediation_item where remediation_item_id = $1")
            .bind(alerting)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(
        kept_due,
        NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        "an upload never overwrites a person's due date"
    );
    assert!(events(pool, alerting).await.contains(&"priority_changed".to_owned()));

    // The team accepts the load-test risk until the end of the year.
    sqlx::query("update remediation_item set status = 'accepted_risk', accepted_reason = 'Traffic is tiny', accepted_until = '2026-12-31' where remediation_item_id = $1")
        .bind(load_tests)
        .execute(pool)
        .await
        .unwrap();

    // March: backups fixed, load tests no longer mentioned.
    let mar = upload(pool, project, &report("2026-03-10", &["P0: No alerting"])).await;
    assert_eq!(mar.items.resolved, vec![backups]);
    assert_eq!(status(pool, backups).await.0, "resolved");
    assert_eq!(status(pool, load_tests).await.0, "accepted_risk", "an accepted risk holds until it expires");

    // April: backups regress.
    let apr = upload(pool, project, &report("2026-04-10", &["P0: No alerting", "P0: No backups"])).await;
    assert_eq!(apr.items.reopened, vec![backups]);
    assert_eq!(status(pool, backups).await.0, "open");
    assert_eq!(events(pool, backups).await, vec!["created", "resolved", "reopened"]);

    // An older report arrives late: it changes no decisions, and a gap only it had starts resolved.
    let dec = upload(pool, project, &report("2025-12-10", &["P0: No backups", "P1: No CDN"])).await;
    assert!(dec.items.resolved.is_empty() && dec.items.reopened.is_empty());
    assert_eq!(status(pool, backups).await.0, "open");
    let cdn = item_id(pool, project, "CDN").await;
    assert_eq!(status(pool, cdn).await.0, "resolved");
    let first_seen: i64 = sqlx::query_scalar(
        "select first_seen_snapshot_id from remediation_item where remediation_item_id = $1",
    )
    .bind(backups)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(first_seen, dec.snapshot.snapshot_id, "history now starts with the older report");

    // The same report again changes nothing.
    let again = upload(pool, project, &report("2026-04-10", &["P0: No alerting", "P0: No backups"])).await;
    assert!(!again.created);
    assert_eq!(again.snapshot.snapshot_id, apr.snapshot.snapshot_id);

    // The rollup reflects the latest snapshot and the open items, without reading history.
    let summary = projects::summary(pool, "ledgerly").await.unwrap().unwrap();
    assert_eq!(summary.snapshot_count, 5);
    assert_eq!(summary.latest_snapshot_id, Some(apr.snapshot.snapshot_id));
    assert_eq!(summary.score, Some(60.0));
    assert_eq!((summary.open_critical, summary.open_high, summary.open_medium), (2, 0, 0));

    // Every gap row of the latest snapshot links to its item.
    let unlinked: i64 =
        sqlx::query_scalar("select count(*) from gap where snapshot_id = $1 and remediation_item_id is null")
            .bind(apr.snapshot.snapshot_id)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(unlinked, 0);
    db.drop_database().await;
}

#[tokio::test]
async fn a_failed_upload_stores_nothing() {
    let db = TestDb::create().await;
    let pool = &db.pool;
    let mut conn = pool.acquire().await.unwrap();
    let project = projects::create(&mut conn, "atomic", "Atomic").await.unwrap().unwrap();
    drop(conn);
    let text = report("2026-01-10", &["P0: No backups"]);
    let parsed = read_report(text.as_bytes()).unwrap();

    // A snapshot that breaks a constraint half-way (a score the database refuses).
    let mut broken = parsed.snapshot.clone();
    broken.categories.push(app::domain::snapshot::CategoryScore {
        key: "data".into(),
        score: Some(250.0),
        stated: None,
        status: None,
        heading: None,
        line: None,
    });
    let mut tx = pool.begin().await.unwrap();
    let failed =
        store(&mut tx, project, text.as_bytes(), &parsed.text, &broken, &Provenance::default(), Utc::now())
            .await;
    assert!(failed.is_err());
    drop(tx);

    for table in ["snapshot", "remediation_item", "remediation_event", "gap", "audit_log"] {
        let count: i64 =
            sqlx::query_scalar(&format!("select count(*) from {table}")).fetch_one(pool).await.unwrap();
        assert_eq!(count, 0, "{table} must be empty after a rolled-back upload");
    }
    db.drop_database().await;
}
