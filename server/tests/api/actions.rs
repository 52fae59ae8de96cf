//! The use cases on their own, against a real PostgreSQL (the REST and page tests exercise
//! them end to end; these pin what each promises).

use app::actions::uploads::{Creator, FoundProject, Provenance, find_or_create_project, store};
use app::db::items::Actor;
use app::domain::ingest::read_report;
use chrono::Utc;

use crate::helpers::TestDb;

const REPORT: &str =
    "# Audit\n\nOverall score: 60/100\n\n## Gaps\n\n### High Priority\n- No backups\n- No runbooks\n";

fn creator(via: &str) -> Creator<'_> {
    Creator { actor: Actor::default(), via, request_id: Some("req-1") }
}

#[tokio::test]
async fn a_project_is_found_created_once_and_never_made_up() {
    let db = TestDb::create().await;
    let mut tx = db.pool.begin().await.unwrap();
    assert_eq!(
        find_or_create_project(&mut tx, "alpha", None, creator("test")).await.unwrap(),
        FoundProject::Missing
    );
    let created = find_or_create_project(&mut tx, "alpha", Some("Alpha"), creator("import")).await.unwrap();
    let FoundProject::Created(id) = created else { panic!("{created:?}") };
    let again =
        find_or_create_project(&mut tx, "alpha", Some("Another name"), creator("import")).await.unwrap();
    assert_eq!(again, FoundProject::Existing(id), "found, not created twice or renamed");
    tx.commit().await.unwrap();
    let (name, via): (String, String) = sqlx::query_as(
        "select p.name, a.after->>'via' from project p join audit_log a on a.entity_id = p.project_id::text \
         where a.action = 'project.create'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((name.as_str(), via.as_str()), ("Alpha", "import"));
    db.drop_database().await;
}

#[tokio::test]
async fn storing_the_same_report_twice_stores_it_once_and_items_follow_gaps() {
    let db = TestDb::create().await;
    let mut tx = db.pool.begin().await.unwrap();
    let project =
        find_or_create_project(&mut tx, "alpha", Some("Alpha"), creator("test")).await.unwrap().id().unwrap();
    let parsed = read_report(REPORT.as_bytes()).unwrap();
    let mut stored = Vec::new();
    for _ in 0..2 {
        let provenance = Provenance::default();
        let bytes = REPORT.as_bytes();
        stored.push(
            store(&mut tx, project, bytes, &parsed.text, &parsed.snapshot, &provenance, Utc::now())
                .await
                .unwrap(),
        );
    }
    let (first, second) = (&stored[0], &stored[1]);
    tx.commit().await.unwrap();
    assert!(first.created && !second.created);
    assert_eq!(first.snapshot.snapshot_id, second.snapshot.snapshot_id);
    assert_eq!(first.items.created.len(), 2, "one item per gap");
    assert!(second.items.created.is_empty());
    let uploads: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'snapshot.upload'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(uploads, 1, "audited once");
    db.drop_database().await;
}
