//! The use cases on their own, against a real PostgreSQL (the REST and page tests exercise
//! them end to end; these pin what each promises).

use app::actions::Acting;
use app::actions::idempotency::{self, Answer, Keyed, Recalled};
use app::actions::projects::{self, ProjectRef};
use app::actions::uploads::{Provenance, Report, store_report, store_report_alone};
use app::domain::ingest::read_report;
use app::error::AppError;
use serde_json::json;

use crate::helpers::TestDb;

const REPORT: &str =
    "# Audit\n\nOverall score: 60/100\n\n## Gaps\n\n### High Priority\n- No backups\n- No runbooks\n";

fn importing() -> Acting {
    Acting { via: Some("import"), request_id: Some("req-1".to_owned()), ..Acting::command_line() }
}

async fn audit_rows(db: &TestDb, action: &str) -> Vec<(Option<String>, serde_json::Value)> {
    sqlx::query_as("select request_id, after from audit_log where action = $1 order by audit_log_id")
        .bind(action)
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_project_is_found_created_once_and_a_new_one_never_reuses_a_slug() {
    let db = TestDb::create().await;
    let mut tx = db.pool.begin().await.unwrap();
    let alpha = ProjectRef::FindOrCreate { slug: "alpha", name: "Alpha" };
    let id = projects::resolve(&mut tx, &importing(), alpha).await.unwrap();
    let again = ProjectRef::FindOrCreate { slug: "alpha", name: "Another name" };
    assert_eq!(
        projects::resolve(&mut tx, &importing(), again).await.unwrap(),
        id,
        "found, not created twice"
    );
    assert_eq!(projects::resolve(&mut tx, &importing(), ProjectRef::Existing(id)).await.unwrap(), id);
    let taken = ProjectRef::New { slug: "alpha", name: "Alpha again" };
    let refused = projects::resolve(&mut tx, &importing(), taken).await.unwrap_err();
    assert!(
        matches!(&refused, AppError::Conflict(message) if message.contains("already a project \"alpha\""))
    );
    tx.commit().await.unwrap();

    let name: String = sqlx::query_scalar("select name from project where project_id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(name, "Alpha", "not renamed by a later find");
    let created = audit_rows(&db, "project.create").await;
    assert_eq!(created.len(), 1, "audited once");
    assert_eq!(created[0].0.as_deref(), Some("req-1"));
    assert_eq!(created[0].1, json!({ "slug": "alpha", "name": "Alpha", "via": "import" }));
    db.drop_database().await;
}

#[tokio::test]
async fn archiving_is_audited_and_happens_once() {
    let db = TestDb::create().await;
    let mut tx = db.pool.begin().await.unwrap();
    projects::create(&mut tx, &Acting::command_line(), "alpha", "Alpha").await.unwrap().unwrap();
    assert!(projects::create(&mut tx, &Acting::command_line(), "alpha", "Alpha").await.unwrap().is_none());
    tx.commit().await.unwrap();
    assert!(projects::archive(&db.pool, &Acting::command_line(), "alpha").await.unwrap());
    assert!(
        !projects::archive(&db.pool, &Acting::command_line(), "alpha").await.unwrap(),
        "already archived"
    );
    assert!(!projects::archive(&db.pool, &Acting::command_line(), "nope").await.unwrap());
    let archived = audit_rows(&db, "project.archive").await;
    assert_eq!(archived.len(), 1);
    assert_eq!(archived[0].1, json!({ "archived": true, "via": "cli" }));
    db.drop_database().await;
}

#[tokio::test]
async fn storing_the_same_report_twice_stores_it_once_and_items_follow_gaps() {
    let db = TestDb::create().await;
    let parsed = read_report(REPORT.as_bytes()).unwrap();
    let report = Report { bytes: REPORT.as_bytes(), parsed: &parsed };
    let provenance = Provenance { acting: importing(), ..Provenance::default() };
    let alpha = ProjectRef::FindOrCreate { slug: "alpha", name: "Alpha" };
    let first = store_report_alone(&db.pool, alpha, report, &provenance).await.unwrap();
    let second = store_report_alone(&db.pool, alpha, report, &provenance).await.unwrap();
    assert!(first.created && !second.created);
    assert_eq!(first.snapshot.snapshot_id, second.snapshot.snapshot_id);
    assert_eq!(first.items.created.len(), 2, "one item per gap");
    assert!(second.items.created.is_empty());
    let uploads = audit_rows(&db, "snapshot.upload").await;
    assert_eq!(uploads.len(), 1, "audited once");
    assert_eq!(uploads[0].1["via"], "import");
    assert_eq!(uploads[0].1["items"]["created"].as_array().map(Vec::len), Some(2));
    db.drop_database().await;
}

#[tokio::test]
async fn a_failed_store_leaves_nothing_behind() {
    let db = TestDb::create().await;
    let parsed = read_report(REPORT.as_bytes()).unwrap();
    let mut tx = db.pool.begin().await.unwrap();
    let report = Report { bytes: REPORT.as_bytes(), parsed: &parsed };
    let provenance = Provenance::default();
    let new = ProjectRef::New { slug: "alpha", name: "Alpha" };
    store_report(&mut tx, new, report, &provenance).await.unwrap();
    // Storing into a project that does not exist fails the transaction as a whole.
    assert!(store_report(&mut tx, ProjectRef::Existing(i64::MAX), report, &provenance).await.is_err());
    drop(tx);
    let projects: i64 = sqlx::query_scalar("select count(*) from project").fetch_one(&db.pool).await.unwrap();
    let snapshots: i64 =
        sqlx::query_scalar("select count(*) from snapshot").fetch_one(&db.pool).await.unwrap();
    assert_eq!((projects, snapshots), (0, 0), "one upload, one transaction");
    db.drop_database().await;
}

fn keyed(key: &str, request: &str) -> Keyed {
    Keyed { scope: "token:1".to_owned(), key: key.to_owned(), request_sha256: request.to_owned() }
}

fn answer(snapshot: i64) -> Answer {
    Answer { status: 201, body: json!({ "snapshot": snapshot }), location: Some(format!("/s/{snapshot}")) }
}

#[tokio::test]
async fn an_answer_is_remembered_with_its_work_and_replayed_for_the_same_request_only() {
    let db = TestDb::create().await;
    let key = keyed("k-1", "sha-a");
    assert_eq!(idempotency::recall(&db.pool, &key).await.unwrap(), None, "nothing before the first request");

    let tx = db.pool.begin().await.unwrap();
    assert_eq!(idempotency::commit_remembered(tx, &db.pool, Some(&key), &answer(1)).await.unwrap(), None);
    assert_eq!(idempotency::recall(&db.pool, &key).await.unwrap(), Some(Recalled::Answer(answer(1))));
    assert_eq!(
        idempotency::recall(&db.pool, &keyed("k-1", "sha-b")).await.unwrap(),
        Some(Recalled::OtherRequest),
        "a key used again for another request is refused"
    );
    let other_caller = Keyed { scope: "token:2".to_owned(), ..key.clone() };
    assert_eq!(idempotency::recall(&db.pool, &other_caller).await.unwrap(), None, "keys are per caller");

    // A request that did its work without seeing the first one's answer (a race) loses: its
    // work is rolled back and it answers as the first did.
    let mut tx = db.pool.begin().await.unwrap();
    sqlx::query("insert into project (slug, name) values ('raced', 'Raced')")
        .execute(&mut *tx)
        .await
        .unwrap();
    let lost = idempotency::commit_remembered(tx, &db.pool, Some(&key), &answer(2)).await.unwrap();
    assert_eq!(lost, Some(Recalled::Answer(answer(1))));
    let raced: i64 = sqlx::query_scalar("select count(*) from project where slug = 'raced'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(raced, 0, "the losing request's work is not kept");

    // Without a key the work is simply committed.
    let mut tx = db.pool.begin().await.unwrap();
    sqlx::query("insert into project (slug, name) values ('kept', 'Kept')").execute(&mut *tx).await.unwrap();
    assert_eq!(idempotency::commit_remembered(tx, &db.pool, None, &answer(3)).await.unwrap(), None);
    let kept: i64 = sqlx::query_scalar("select count(*) from project where slug = 'kept'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(kept, 1);
    db.drop_database().await;
}
