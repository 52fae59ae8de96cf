//! Regression tests of the security review (issue 13) on real parts: the router over HTTP, a
//! real PostgreSQL, the real binary. Each would fail on the code before the fix.

use std::time::Duration;

use app::actions::projects::ProjectRef;
use app::actions::uploads::{Provenance, Report, store_report_alone};
use app::domain::account::Role;
use app::domain::ingest::read_canonical_json;
use plumb::state::{AppState, AuthSettings};
use reqwest::multipart::Form;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestDb, csrf_in};
use crate::upload_page::{pasted as pasted_form, post_form};

const PLUMB: &str = env!("CARGO_BIN_EXE_plumb");

/// Closes `<title>` and refreshes the page to another site, if it ever reaches the head raw.
const HOSTILE_TITLE: &str =
    r#"Audit </title><meta http-equiv="refresh" content="0;url=https://evil.example/">"#;
/// Closes the head and plants a form that would create an admin.
const HOSTILE_FORM: &str = r#"Backups </title></head><body><form action="/api/fn/admin_create_user" method="post"><input name="role" value="admin"><button>Continue</button></form>"#;

fn title_of(html: &str) -> &str {
    let start = html.find("<title>").map_or(0, |at| at + "<title>".len());
    let end = html[start..].find("</title>").map_or(html.len(), |at| start + at);
    &html[start..end]
}

fn assert_inert(page: &str, html: &str) {
    assert!(!title_of(html).contains('<'), "{page}: markup in the title: {}", title_of(html));
    assert!(!html.contains(r#"<meta http-equiv="refresh""#), "{page}: a planted refresh");
    assert!(!html.contains(r#"<form action="/api/fn/admin_create_user""#), "{page}: a planted form");
}

/// A project named `name` with one snapshot of `snapshot` (canonical JSON); returns its id.
async fn project_with_snapshot(app: &TestApp, slug: &str, name: &str, snapshot: Value) -> i64 {
    let mut conn = app.db.pool.acquire().await.unwrap();
    let project_id = app::db::projects::create(&mut conn, slug, name).await.unwrap().unwrap();
    drop(conn);
    let bytes = serde_json::to_vec(&snapshot).unwrap();
    let parsed = read_canonical_json(&bytes).unwrap();
    let report = Report { bytes: &bytes, parsed: &parsed };
    store_report_alone(&app.db.pool, ProjectRef::Existing(project_id), report, &Provenance::default())
        .await
        .unwrap();
    project_id
}

async fn id(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn hostile_names_never_leave_the_title_of_any_page() {
    let app = TestApp::spawn().await;
    let snapshot = json!({
        "schema": "plumb.snapshot/v1",
        "report": { "title": HOSTILE_TITLE },
        "gaps": [{ "title": HOSTILE_FORM, "priority": "high" }],
    });
    project_with_snapshot(&app, "evil", HOSTILE_FORM, snapshot).await;
    let snapshot_id = id(&app, "select snapshot_id from snapshot").await;
    let item_id = id(&app, "select remediation_item_id from remediation_item").await;
    let cookie = app.signed_in(Role::Viewer).await;
    for page in [
        "/projects/evil".to_owned(),
        format!("/projects/evil/snapshots/{snapshot_id}"),
        format!("/projects/evil/items/{item_id}"),
    ] {
        let response = app.get_as(&page, &cookie).await;
        assert_eq!(response.status(), 200, "{page}");
        let html = response.text().await.unwrap();
        assert_inert(&page, &html);
        assert!(
            title_of(&html).contains("&lt;/title&gt;"),
            "{page}: the name is shown as text: {}",
            title_of(&html)
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn textarea_content_cannot_close_its_textarea() {
    let app = TestApp::spawn().await;
    project_with_snapshot(
        &app,
        "alpha",
        "Alpha",
        json!({ "schema": "plumb.snapshot/v1", "gaps": [{ "title": "No backups", "priority": "high" }] }),
    )
    .await;
    let item_id = id(&app, "select remediation_item_id from remediation_item").await;
    let reason = format!("vendor fix due </textarea>{HOSTILE_FORM}");
    sqlx::query(
        "update remediation_item set status = 'accepted_risk', accepted_reason = $1, \
         accepted_until = current_date + 30 where remediation_item_id = $2",
    )
    .bind(&reason)
    .bind(item_id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let editor = app.signed_in(Role::Editor).await;
    let html = app.get_as(&format!("/projects/alpha/items/{item_id}"), &editor).await.text().await.unwrap();
    assert_inert("item page", &html);
    assert!(html.contains("vendor fix due &lt;/textarea&gt;"), "the reason is shown as written");

    // The upload page puts pasted text back into its textarea for correcting.
    let pasted = format!("Meeting notes </textarea>{HOSTILE_FORM}\n");
    let (_, location) = post_form(&app, Some(&editor), pasted_form(pasted.as_bytes())).await;
    let html = app.get_as(&location, &editor).await.text().await.unwrap();
    assert_inert("upload preview", &html);
    assert!(html.contains("Meeting notes &lt;/textarea&gt;"), "{html}");
    app.stop().await;
}

#[tokio::test]
async fn the_upload_form_needs_the_sessions_token() {
    let app = TestApp::spawn().await;
    let editor = app.signed_in(Role::Editor).await;
    let post = |action: String| {
        let app = &app;
        let editor = editor.clone();
        async move {
            let form = Form::new().text("report", "# Audit\n\nOverall score: 70/100\n");
            app.client
                .post(app.url(&action))
                .header("origin", &app.address)
                .header("cookie", editor)
                .multipart(form)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(post("/upload/draft".to_owned()).await, 403, "no token");
    assert_eq!(post(format!("/upload/draft?csrf={}", "ab".repeat(32))).await, 403, "a guess");
    let page = app.get_as("/upload", &editor).await.text().await.unwrap();
    let token = csrf_in(&page).expect("the page's forms carry the token");
    assert!(page.contains(&format!("action=\"/upload/draft?csrf={token}\"")), "the form posts with it");
    assert_eq!(post(format!("/upload/draft?csrf={token}")).await, 303);
    app.stop().await;
}

#[tokio::test]
async fn reports_over_the_bounds_are_refused_quickly_with_a_clear_422() {
    let app = TestApp::spawn().await;
    let token = app::actions::tokens::issue(
        &app.db.pool,
        &app::actions::Acting::command_line(),
        app::actions::tokens::TokenRequest {
            name: String::new(),
            project: None,
            permission: app::domain::token::Permission::Upload,
            expires_at: None,
        },
    )
    .await
    .unwrap()
    .secret;
    let upload = |body: String| {
        let app = &app;
        let token = token.clone();
        async move {
            let response = app
                .client
                .post(app.url("/api/v1/projects/big/snapshots?create_project=true&dry_run=true"))
                .bearer_auth(token)
                .header("content-type", "text/markdown")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = upload(format!("# Audit\n\n{}", "1/10 ".repeat(20_000))).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["type"], "/problems/too-complex");
    assert!(body["detail"].as_str().unwrap().contains("more than 100 scores"), "{body}");
    let (status, body) = upload("x\n".repeat(60_000)).await;
    assert_eq!((status, body["type"].as_str()), (422, Some("/problems/too-complex")), "{body}");
    // Distinct gaps (digits are not part of a gap's identity, so the words differ).
    let word =
        |n: usize| (0..3).map(|i| char::from(b'a' + ((n / 26usize.pow(i)) % 26) as u8)).collect::<String>();
    let gaps: String = (0..2_100).map(|n| format!("- 🔴 Critical: missing control {}\n", word(n))).collect();
    let (status, body) = upload(format!("# Audit\n\n## Gaps\n\n{gaps}")).await;
    assert_eq!((status, body["type"].as_str()), (422, Some("/problems/too-complex")), "{body}");
    // Blank lines cost nothing: 2 MiB of them around a real report is read like the report.
    let (status, body) =
        upload(format!("# Audit\n{}Overall score: 70/100\n", "\n".repeat(2 * 1024 * 1000))).await;
    assert_eq!(status, 200, "{body}");
    app.stop().await;
}

#[tokio::test]
async fn blank_lines_cost_the_snapshot_page_nothing_and_long_reports_link_their_raw_text() {
    let app = TestApp::spawn().await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    let project_id = app::db::projects::create(&mut conn, "long", "Long").await.unwrap().unwrap();
    drop(conn);
    let blank = format!("# Audit\n\nOverall score: 70/100\n{}- ❌ No backups\n", "\n".repeat(1_500_000));
    let long: String = std::iter::once("# Audit\n\nOverall score: 60/100\n\n".to_owned())
        .chain((0..12_000).map(|n| format!("- ✅ Control number {n} is in place and reviewed\n")))
        .collect();
    for report in [&blank, &long] {
        let parsed = app::domain::ingest::read_report(report.as_bytes()).unwrap();
        let report = Report { bytes: report.as_bytes(), parsed: &parsed };
        store_report_alone(&app.db.pool, ProjectRef::Existing(project_id), report, &Provenance::default())
            .await
            .unwrap();
    }
    let ids: Vec<i64> = sqlx::query_scalar("select snapshot_id from snapshot order by snapshot_id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let cookie = app.signed_in(Role::Viewer).await;
    let page =
        app.get_as(&format!("/projects/long/snapshots/{}", ids[0]), &cookie).await.text().await.unwrap();
    assert!(page.len() < 200 * 1024, "{} bytes for a short report padded with blank lines", page.len());
    assert_eq!(page.matches("class=\"line-anchor\"").count(), 3, "one anchor per line with text");

    let page =
        app.get_as(&format!("/projects/long/snapshots/{}", ids[1]), &cookie).await.text().await.unwrap();
    assert!(page.contains("data-testid=\"source-cut\""), "the page says it shows part of the report");
    let raw_href = format!("/projects/long/snapshots/{}/source.txt", ids[1]);
    assert!(page.contains(&raw_href));
    let raw = app.get_as(&raw_href, &cookie).await;
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(raw.text().await.unwrap(), long, "the raw text is all of it");
    assert_eq!(app.get(&raw_href).await.status(), 303, "anonymous visitors sign in first");
    assert_eq!(app.get_as("/projects/long/snapshots/999999/source.txt", &cookie).await.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn token_lifetimes_are_bounded_and_never_overflow() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(Role::Admin).await;
    for expires_in in ["300000y", "99999999999999999999d", "11y"] {
        let response = app
            .call(
                "admin_create_token",
                Some(&admin),
                &[("name", "ci"), ("project", ""), ("permission", "upload"), ("expires_in", expires_in)],
            )
            .await;
        assert_eq!(response.status(), 422, "{expires_in}");
        let error: Value = response.json().await.unwrap();
        assert!(error.to_string().contains("10 years"), "{expires_in}: {error}");
    }
    let ok = app
        .call(
            "admin_create_token",
            Some(&admin),
            &[("name", "ci"), ("project", ""), ("permission", "upload"), ("expires_in", "10y")],
        )
        .await;
    assert_eq!(ok.status(), 200);
    let cli = tokio::process::Command::new(PLUMB)
        .args(["token", "create", "--all", "--expires-in", "300000y"])
        .env("DATABASE_URL", &app.db.url)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap();
    assert!(!cli.status.success());
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(
        stderr.contains("--expires-in") && stderr.contains("10 years") && !stderr.contains("panicked"),
        "{stderr}"
    );
    app.stop().await;
}

#[tokio::test]
async fn responses_carry_the_headers_a_deployment_needs() {
    // HSTS with an https public URL.
    let app = TestApp::spawn_with_auth(AuthSettings { public_https: true, ..AuthSettings::default() }).await;
    assert_eq!(app.get("/login").await.headers()["strict-transport-security"], "max-age=31536000");
    app.stop().await;

    let app = TestApp::spawn().await;
    assert!(app.get("/login").await.headers().get("strict-transport-security").is_none(), "not over http");
    // Signed-in pages are never cached.
    let cookie = app.signed_in(Role::Viewer).await;
    assert_eq!(app.get_as("/", &cookie).await.headers()["cache-control"], "no-store");
    // A client's request id is kept only when short and plain.
    let with_id = |id: String| {
        let app = &app;
        async move {
            let response =
                app.client.get(app.url("/healthz")).header("x-request-id", id).send().await.unwrap();
            response.headers()["x-request-id"].to_str().unwrap().to_owned()
        }
    };
    assert_eq!(with_id("ci-run-42".to_owned()).await, "ci-run-42");
    let long = "a".repeat(5000);
    let replaced = with_id(long.clone()).await;
    assert!(replaced != long && replaced.len() <= 64, "{replaced}");
    assert_ne!(with_id("x\"><b>".to_owned()).await, "x\"><b>");
    app.stop().await;
}

#[tokio::test]
async fn with_a_public_url_other_hosts_are_refused() {
    let auth = AuthSettings { public_host: Some("plumb.example.com".to_owned()), ..AuthSettings::default() };
    let app = TestApp::spawn_with_auth(auth).await;
    let rebound =
        app.client.get(app.url("/login")).header("host", "rebound.evil.example").send().await.unwrap();
    assert_eq!(rebound.status(), 421);
    assert_eq!(app.get("/login").await.status(), 421, "an address is another host too");
    let named = app.client.get(app.url("/login")).header("host", "plumb.example.com").send().await.unwrap();
    assert_eq!(named.status(), 200);
    assert_eq!(app.get("/healthz").await.status(), 200, "orchestrators probe by address");
    app.stop().await;
}

#[tokio::test]
async fn a_session_deleted_by_sign_out_is_never_written_back() {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::session_store::SessionStore;
    let db = TestDb::create().await;
    let store = plumb::http::session_store::PgSessionStore::new(db.pool.clone());
    let mut record = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: tower_sessions::cookie::time::OffsetDateTime::now_utc()
            + tower_sessions::cookie::time::Duration::hours(1),
    };
    store.create(&mut record).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_some());
    // Sign-out deletes the row while a slower request of the same session is still running…
    store.delete(&record.id).await.unwrap();
    // …which then saves what it loaded earlier.
    store.save(&record).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none(), "the signed-out session came back");
    db.drop_database().await;
}

#[tokio::test]
async fn the_audit_filter_matches_actions_literally_and_drafts_are_capped() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(Role::Admin).await;
    app.add_user("someone@example.com", Role::Viewer).await;
    let entries = |action: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let page: Value =
                app.call("admin_audit", Some(&admin), &[("action", action)]).await.json().await.unwrap();
            page["entries"].as_array().unwrap().len()
        }
    };
    assert!(entries("user").await >= 2, "user.* entries");
    assert_eq!(entries("%").await, 0, "a wildcard is a character, not a pattern");
    assert_eq!(entries("_ser").await, 0);

    let editor = app.signed_in(Role::Editor).await;
    for n in 0..(app::db::drafts::MAX_DRAFTS_PER_USER + 3) {
        let report = format!("# Audit {n}\n\nOverall score: 70/100\n");
        assert_eq!(post_form(&app, Some(&editor), pasted_form(report.as_bytes())).await.0, 303);
    }
    let kept: i64 =
        sqlx::query_scalar("select count(*) from upload_draft").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(kept, app::db::drafts::MAX_DRAFTS_PER_USER);
    app.stop().await;
}

#[tokio::test]
async fn while_the_database_is_away_answers_are_503_with_retry_after_and_come_quickly() {
    // A pool whose server is gone: every connection attempt fails.
    let unreachable = sqlx::postgres::PgConnectOptions::new().host("127.0.0.1").port(1).username("plumb");
    let pool = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(2))
        .connect_lazy_with(unreachable);
    let db = TestDb::create().await;
    let app = TestApp::spawn_with_state(db, move |state: AppState| AppState { pool, ..state }).await;
    let started = std::time::Instant::now();

    let upload = app
        .client
        .post(app.url("/api/v1/projects/alpha/snapshots"))
        .bearer_auth(format!("plumb_{}", "ab".repeat(32)))
        .header("content-type", "text/markdown")
        .body("# Audit\n\nOverall score: 70/100\n")
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 503);
    assert_eq!(upload.headers()["content-type"], "application/problem+json");
    assert!(upload.headers().contains_key("retry-after"));
    let problem: Value = upload.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/unavailable");

    let sign_in =
        app.call("login", None, &[("email", "ann@example.com"), ("password", "whatever it is")]).await;
    assert_eq!(sign_in.status(), 503);
    assert!(sign_in.headers().contains_key("retry-after"));
    assert!(sign_in.text().await.unwrap().contains("database is unavailable"));
    let session = tower_sessions::session::Id::default();
    let signed_in = app
        .client
        .get(app.url("/"))
        .header("cookie", format!("plumb_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 503);
    assert!(signed_in.headers().contains_key("retry-after"));
    assert!(signed_in.text().await.unwrap().contains("database is unavailable"));

    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 503);
    assert!(started.elapsed() < Duration::from_secs(20), "no answer waited long: {:?}", started.elapsed());
    app.stop().await;
}
