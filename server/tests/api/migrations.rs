use plumb::database::{MIGRATOR, migrate};

use crate::helpers::TestDb;

#[tokio::test]
async fn migrations_apply_to_an_empty_database_and_a_second_run_is_a_no_op() {
    let db = TestDb::create_empty().await;

    migrate(&db.pool).await.unwrap();
    let applied_once: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("select version, checksum from _sqlx_migrations order by version")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    migrate(&db.pool).await.unwrap();
    let applied_twice: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("select version, checksum from _sqlx_migrations order by version")
            .fetch_all(&db.pool)
            .await
            .unwrap();

    assert_eq!(applied_once.len(), MIGRATOR.iter().count());
    assert_eq!(applied_once, applied_twice);
    db.drop_database().await;
}

#[tokio::test]
async fn the_schema_holds_every_concept_of_the_product() {
    let db = TestDb::create().await;

    let tables: Vec<String> = sqlx::query_scalar(
        "select table_schema || '.' || table_name from information_schema.tables \
         where table_schema in ('public', 'tower_sessions') order by 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();

    for expected in [
        "public.project",
        "public.snapshot",
        "public.snapshot_category",
        "public.checklist_item",
        "public.gap",
        "public.remediation_item",
        "public.remediation_event",
        "public.remediation_comment",
        "public.project_rollup",
        "public.app_user",
        "public.api_token",
        "public.audit_log",
        "tower_sessions.session",
    ] {
        assert!(tables.iter().any(|t| t == expected), "missing {expected} in {tables:?}");
    }
    db.drop_database().await;
}

#[tokio::test]
async fn the_same_report_cannot_be_stored_twice_for_a_project() {
    let db = TestDb::create().await;
    let project_id = crate::helpers::insert_project_with_snapshot(&db.pool, "dup").await;

    let again = sqlx::query(
        "insert into snapshot (project_id, taken_at, source_bytes, source_sha256, source_text, \
         parser_version, result, overall_basis) \
         values ($1, now(), $2, encode(sha256($2), 'hex'), '', 'test', '{}', 'none')",
    )
    .bind(project_id)
    .bind(b"# Audit of dup".to_vec())
    .execute(&db.pool)
    .await;

    let error = again.expect_err("duplicate content must be refused by the database");
    let constraint = error.as_database_error().and_then(|e| e.constraint()).map(str::to_owned);
    assert_eq!(constraint.as_deref(), Some("snapshot_project_id_source_sha256_key"));
    db.drop_database().await;
}
