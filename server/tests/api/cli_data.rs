//! `plumb demo`, `plumb import` and `plumb project` through the real binary.

use std::path::Path;
use std::process::Output;

use tokio::process::Command;

use crate::helpers::TestDb;

const PLUMB: &str = env!("CARGO_BIN_EXE_plumb");

async fn plumb(db: &TestDb, args: &[&str]) -> Output {
    Command::new(PLUMB)
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn demo_loads_five_projects_with_history_once() {
    let db = TestDb::create().await;

    let first = plumb(&db, &["demo"]).await;
    let second = plumb(&db, &["demo"]).await;
    let if_empty = plumb(&db, &["demo", "--if-empty"]).await;

    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(stdout(&first).contains("TopSmile (topsmile): 4 new snapshot(s)"), "{}", stdout(&first));
    assert!(stdout(&second).contains("TopSmile (topsmile): 0 new snapshot(s)"), "{}", stdout(&second));
    assert!(stdout(&if_empty).contains("already has projects"));
    let snapshots: i64 =
        sqlx::query_scalar("select count(*) from snapshot").fetch_one(&db.pool).await.unwrap();
    assert_eq!(snapshots, 20);
    // The history has resolved items (gaps fixed between audits) and a trend.
    let resolved: i64 = sqlx::query_scalar("select count(*) from remediation_item where status = 'resolved'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(resolved >= 5, "{resolved}");
    let recent: Vec<f64> =
        sqlx::query_scalar("select unnest(recent_scores) from project_rollup r join project p using (project_id) where slug = 'americano'")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(recent.len(), 4);
    assert!(recent.windows(2).all(|w| w[0] <= w[1]), "scores improve towards the latest: {recent:?}");
    db.drop_database().await;
}

#[tokio::test]
async fn import_stores_the_good_files_oldest_first_and_fails_for_the_bad_one() {
    let db = TestDb::create().await;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "b-later.md",
        "# Audit\n\n**Date:** 2026-02-01\n\n**DevOps Score: 6/10**\n\n## Gaps\n\n- P1: No alerting\n",
    );
    write(
        "a-earlier.md",
        "# Audit\n\n**Date:** 2026-01-01\n\n**DevOps Score: 4/10**\n\n## Gaps\n\n- P0: No backups\n- P1: No alerting\n",
    );
    write(
        "c-broken.json",
        "{\"schema\": \"plumb.snapshot/v1\", \"gaps\": [{\"title\": \"x\", \"priority\": \"urgent\"}]}",
    );
    write("notes.png", "ignored: not a report file");

    let output =
        plumb(&db, &["import", dir.path().to_str().unwrap(), "--project", "ledgerly", "--create"]).await;

    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let table = stdout(&output);
    assert!(table.contains("FAILED") && table.contains("gaps[0].priority"), "{table}");
    assert!(table.contains("3 file(s): 2 stored or already there, 1 failed."), "{table}");
    let dates: Vec<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("select taken_at from snapshot order by snapshot_id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        dates.iter().map(|d| d.date_naive().to_string()).collect::<Vec<_>>(),
        vec!["2026-01-01", "2026-02-01"]
    );
    let backups: String =
        sqlx::query_scalar("select status from remediation_item where title ilike '%backups%'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(backups, "resolved", "stored in date order, so the later report resolved it");
    db.drop_database().await;
}

#[tokio::test]
async fn import_into_an_unknown_project_needs_create() {
    let db = TestDb::create().await;
    let report =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/tests/fixtures/reports/001_4df81c36344b7789.txt");

    let output = plumb(&db, &["import", report.to_str().unwrap(), "--project", "topsmile"]).await;

    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("pass --create"));
    db.drop_database().await;
}

#[tokio::test]
async fn projects_are_created_listed_and_archived_from_scripts() {
    let db = TestDb::create().await;

    let created = plumb(&db, &["project", "create", "payments-api", "--name", "Payments API"]).await;
    let duplicate = plumb(&db, &["project", "create", "payments-api"]).await;
    let invalid = plumb(&db, &["project", "create", "Payments API"]).await;
    let listed = plumb(&db, &["project", "list"]).await;
    let archived = plumb(&db, &["project", "archive", "payments-api"]).await;
    let after = plumb(&db, &["project", "list"]).await;
    let all = plumb(&db, &["project", "list", "--all"]).await;

    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert_eq!(duplicate.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("already exists"));
    assert_eq!(invalid.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("invalid project slug"));
    assert!(stdout(&listed).contains("payments-api") && stdout(&listed).contains("Payments API"));
    assert!(archived.status.success());
    assert!(!stdout(&after).contains("payments-api"));
    assert!(stdout(&all).contains("Payments API (archived)"));
    let audit: i64 = sqlx::query_scalar("select count(*) from audit_log where entity_type = 'project'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(audit, 2);
    db.drop_database().await;
}

#[tokio::test]
async fn tokens_are_created_shown_once_listed_and_revoked() {
    let db = TestDb::create().await;
    plumb(&db, &["project", "create", "svc"]).await;

    let created =
        plumb(&db, &["token", "create", "--project", "svc", "--expires-in", "90d", "--name", "ci"]).await;
    let read_only = plumb(&db, &["token", "create", "--all", "--read-only"]).await;
    let neither = plumb(&db, &["token", "create"]).await;
    let bad_lifetime = plumb(&db, &["token", "create", "--all", "--expires-in", "soon"]).await;

    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let secret = stdout(&created).trim().to_owned();
    assert!(app::domain::token::looks_like_token(&secret), "{secret}");
    assert!(String::from_utf8_lossy(&created.stderr).contains("shown only this once"));
    assert!(read_only.status.success());
    assert_eq!(neither.status.code(), Some(1));
    assert_eq!(bad_lifetime.status.code(), Some(1));
    let stored: Vec<u8> = sqlx::query_scalar("select token_sha256 from api_token where name = 'ci'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(stored, app::domain::token::token_hash(&secret), "only the hash is stored");
    let listed = stdout(&plumb(&db, &["token", "list"]).await);
    assert!(listed.contains(&secret[..14]) && !listed.contains(&secret), "{listed}");
    assert!(listed.contains("svc") && listed.contains("(all)") && listed.contains("active"), "{listed}");

    let id: i64 = sqlx::query_scalar("select api_token_id from api_token where name = 'ci'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let revoked = plumb(&db, &["token", "revoke", &id.to_string()]).await;
    let again = plumb(&db, &["token", "revoke", &id.to_string()]).await;
    assert!(revoked.status.success());
    assert_eq!(again.status.code(), Some(1));
    assert!(stdout(&plumb(&db, &["token", "list"]).await).contains("revoked"));
    db.drop_database().await;
}

/// `plumb` with `input` on standard input.
async fn plumb_with_input(db: &TestDb, args: &[&str], input: &str) -> Output {
    use tokio::io::AsyncWriteExt;
    let mut child = Command::new(PLUMB)
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).await.unwrap();
    child.wait_with_output().await.unwrap()
}

#[tokio::test]
async fn users_are_created_with_hashed_passwords_and_managed_from_scripts() {
    let db = TestDb::create().await;

    let created = plumb_with_input(
        &db,
        &[
            "user",
            "create",
            "--email",
            "Ann@Example.com",
            "--role",
            "admin",
            "--name",
            "Ann",
            "--password-stdin",
        ],
        "correct horse battery\n",
    )
    .await;
    let same_email = plumb_with_input(
        &db,
        &["user", "create", "--email", "ann@example.com", "--password-stdin"],
        "another long passphrase\n",
    )
    .await;
    let weak = plumb_with_input(
        &db,
        &["user", "create", "--email", "bob@example.com", "--password-stdin"],
        "short\n",
    )
    .await;
    let common = plumb_with_input(
        &db,
        &["user", "create", "--email", "bob@example.com", "--password-stdin"],
        "password1234\n",
    )
    .await;
    let bad_role =
        plumb(&db, &["user", "create", "--email", "bob@example.com", "--role", "owner", "--password-stdin"])
            .await;

    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert_eq!(same_email.status.code(), Some(1), "emails are unique whatever their case");
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 12"));
    assert!(String::from_utf8_lossy(&common.stderr).contains("most common"));
    assert_eq!(bad_role.status.code(), Some(2), "clap refuses an unknown role");
    let hash: String =
        sqlx::query_scalar("select password_hash from app_user where email = 'Ann@Example.com'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    assert!(!hash.contains("correct horse"));

    // Ann is the only admin: she cannot be demoted or disabled until someone else is one.
    let last_admin = plumb(&db, &["user", "set-role", "ann@example.com", "editor"]).await;
    assert_eq!(last_admin.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&last_admin.stderr).contains("last active admin"));
    let second_admin = plumb_with_input(
        &db,
        &["user", "create", "--email", "bea@example.com", "--role", "admin", "--password-stdin"],
        "another long passphrase\n",
    )
    .await;
    assert!(second_admin.status.success());

    let demoted = plumb(&db, &["user", "set-role", "ann@example.com", "editor"]).await;
    let disabled = plumb(&db, &["user", "disable", "ann@example.com"]).await;
    let listed = stdout(&plumb(&db, &["user", "list"]).await);
    assert!(stdout(&demoted).contains("ann@example.com is now editor"), "{}", stdout(&demoted));
    assert!(disabled.status.success());
    assert!(
        listed.contains("Ann@Example.com") && listed.contains("editor") && listed.contains("disabled"),
        "{listed}"
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where entity_type = 'app_user' order by audit_log_id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(actions, vec!["user.create", "user.create", "user.set_role", "user.disable"]);
    let via: String = sqlx::query_scalar("select after->>'via' from audit_log order by audit_log_id limit 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(via, "cli", "changes from the command line say so");
    db.drop_database().await;
}
