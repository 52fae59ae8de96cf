//! Uploading through the page: the form keeps the report as a draft for its uploader, the
//! preview shows what the parser reads, and saving stores it exactly like the API would.

use app::domain::account::Role;
use app::domain::ingest::parse_report;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::helpers::TestApp;

const TOPSMILE: &[u8] = include_bytes!("../../../app/tests/fixtures/reports/001_4df81c36344b7789.txt");
const CATEGORY_TABLE: &[u8] = include_bytes!("../../../app/tests/fixtures/reports/100_category_table.md");

/// Posts the upload form; returns the status and where it sends the browser.
pub async fn post_form(app: &TestApp, cookie: Option<&str>, form: Form) -> (u16, String) {
    // The form's action carries the session's anti-forgery token, as the page writes it.
    let action = match cookie {
        Some(cookie) => format!("/upload/draft?csrf={}", app.csrf_of(cookie).await.unwrap_or_default()),
        None => "/upload/draft".to_owned(),
    };
    let mut request = app.client.post(app.url(&action)).header("origin", &app.address).multipart(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let location =
        response.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default();
    (response.status().as_u16(), location)
}

pub fn pasted(text: &[u8]) -> Form {
    Form::new()
        .text("report", String::from_utf8_lossy(text).into_owned())
        .part("file", Part::bytes(Vec::new()).file_name(""))
}

fn draft_id(location: &str) -> String {
    location.strip_prefix("/upload?draft=").unwrap_or_else(|| panic!("not a draft: {location}")).to_owned()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn a_pasted_report_is_previewed_then_saved_into_a_new_project() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Editor).await;

    let (status, location) = post_form(&app, Some(&cookie), pasted(TOPSMILE)).await;
    assert_eq!(status, 303);
    let draft = draft_id(&location);
    assert_eq!(count(&app, "select count(*) from snapshot").await, 0, "a preview stores no snapshot");

    let preview: Value =
        app.call("upload_preview", Some(&cookie), &[("draft_id", &draft)]).await.json().await.unwrap();
    let expected = parse_report(TOPSMILE).unwrap();
    assert_eq!(preview["read"]["Ok"]["overall"]["score"].as_f64(), expected.overall.score);
    assert_eq!(preview["read"]["Ok"]["gaps"].as_array().unwrap().len(), expected.gaps.len());
    assert_eq!(preview["suggested_slug"], "topsmile");
    assert_eq!(preview["matching_project"], Value::Null);
    assert!(preview["pasted_text"].as_str().unwrap().contains("TopSmile"));

    let html = app.get_as(&location, &cookie).await.text().await.unwrap();
    assert!(html.contains("data-testid=\"upload-preview\""));
    let read_by = format!("Read by {}.", app::domain::ingest::PARSER_VERSION);
    assert!(html.contains(&read_by), "the preview names the parser");
    assert!(html.contains(&format!("{:.1}", expected.overall.score.unwrap())), "the score is shown");
    assert_eq!(html.matches("class=\"priority priority-").count(), expected.gaps.len());

    let saved = app
        .call(
            "save_upload",
            Some(&cookie),
            &[("draft_id", &draft), ("project", "new"), ("new_name", "TopSmile"), ("new_slug", "")],
        )
        .await;
    // The browser bundle follows the Location header (a plain form post gets a 302 with it).
    assert_eq!(saved.status(), 200, "{}", saved.status());
    let snapshot: i64 = count(
        &app,
        "select snapshot_id from snapshot join project using (project_id) where slug = 'topsmile'",
    )
    .await;
    assert_eq!(saved.headers()["location"], format!("/projects/topsmile/snapshots/{snapshot}").as_str());
    let stored: Vec<u8> = sqlx::query_scalar("select source_bytes from snapshot where snapshot_id = $1")
        .bind(snapshot)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, TOPSMILE, "the report is kept byte for byte");
    let items = count(&app, "select count(*) from remediation_item").await;
    assert_eq!(items as usize, expected.gaps.len());
    let editor: i64 =
        count(&app, "select app_user_id from app_user where email = 'editor@example.com'").await;
    let audited = count(
        &app,
        &format!("select count(*) from audit_log where actor_user_id = {editor} and action in ('project.create', 'snapshot.upload')"),
    )
    .await;
    assert_eq!(audited, 2);
    assert_eq!(count(&app, "select count(*) from upload_draft").await, 0, "the draft is gone once saved");
    let again = app.call("upload_preview", Some(&cookie), &[("draft_id", &draft)]).await;
    assert_eq!(again.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn a_preview_read_by_an_older_parser_is_read_again() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Editor).await;
    let (_, location) = post_form(&app, Some(&cookie), pasted(TOPSMILE)).await;
    let draft = draft_id(&location);
    // What an older parser kept with the draft: another score, under its version.
    sqlx::query(
        "update upload_draft set preview_snapshot = jsonb_set(preview_snapshot, '{overall,score}', '1'), \
         preview_parser_version = 'plumb-ingest/0'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();

    let preview: Value =
        app.call("upload_preview", Some(&cookie), &[("draft_id", &draft)]).await.json().await.unwrap();

    assert_eq!(
        preview["read"]["Ok"]["overall"]["score"].as_f64(),
        parse_report(TOPSMILE).unwrap().overall.score
    );
    assert_eq!(preview["parser_version"], app::domain::ingest::PARSER_VERSION);
    app.stop().await;
}

#[tokio::test]
async fn a_file_wins_over_text_and_saves_into_an_existing_project() {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let cookie = app.signed_in(Role::Editor).await;
    let form = Form::new()
        .text("report", "ignored when a file is chosen")
        .part("file", Part::bytes(CATEGORY_TABLE.to_vec()).file_name("audit.md"));
    let (status, location) = post_form(&app, Some(&cookie), form).await;
    assert_eq!(status, 303);
    let draft = draft_id(&location);
    let preview: Value =
        app.call("upload_preview", Some(&cookie), &[("draft_id", &draft)]).await.json().await.unwrap();
    assert_eq!(preview["file_name"], "audit.md");
    assert_eq!(preview["bytes"], CATEGORY_TABLE.len());
    assert_eq!(preview["pasted_text"], Value::Null);
    assert_eq!(preview["projects"].as_array().unwrap().len(), 5);

    let before =
        count(&app, "select count(*) from snapshot join project using (project_id) where slug = 'americano'")
            .await;
    let saved =
        app.call("save_upload", Some(&cookie), &[("draft_id", &draft), ("project", "americano")]).await;
    assert_eq!(saved.status(), 200);
    assert!(saved.headers()["location"].to_str().unwrap().starts_with("/projects/americano/snapshots/"));
    let after =
        count(&app, "select count(*) from snapshot join project using (project_id) where slug = 'americano'")
            .await;
    assert_eq!(after, before + 1);
    app.stop().await;
}

#[tokio::test]
async fn bad_input_gets_a_clear_answer_and_stores_nothing() {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let cookie = app.signed_in(Role::Editor).await;
    let snapshots = count(&app, "select count(*) from snapshot").await;

    assert_eq!(
        post_form(&app, Some(&cookie), pasted(b"  \r\n ")).await,
        (303, "/upload?problem=empty".to_owned())
    );
    let huge = vec![b'x'; 2 * 1024 * 1024 + 1];
    let form = Form::new().part("file", Part::bytes(huge).file_name("huge.md"));
    assert_eq!(post_form(&app, Some(&cookie), form).await, (303, "/upload?problem=too_large".to_owned()));
    let html = app.get_as("/upload?problem=too_large", &cookie).await.text().await.unwrap();
    assert!(html.contains("larger than this server accepts"));

    // Text with nothing usable in it becomes a draft whose preview says why it cannot be saved.
    let (_, location) = post_form(&app, Some(&cookie), pasted(b"Shopping list\n\n- eggs\n- milk\n")).await;
    let draft = draft_id(&location);
    let preview: Value =
        app.call("upload_preview", Some(&cookie), &[("draft_id", &draft)]).await.json().await.unwrap();
    assert!(preview["read"]["Err"].as_str().unwrap().contains("nothing it can use"), "{preview}");
    let html = app.get_as(&location, &cookie).await.text().await.unwrap();
    assert!(html.contains("data-testid=\"upload-problem\""));
    assert!(html.contains("- eggs"), "the text comes back to be corrected");
    let refused =
        app.call("save_upload", Some(&cookie), &[("draft_id", &draft), ("project", "americano")]).await;
    assert_eq!(refused.status(), 422);

    // A good report into a new project whose slug is taken, or a bad slug, or no project.
    let (_, location) = post_form(&app, Some(&cookie), pasted(TOPSMILE)).await;
    let draft = draft_id(&location);
    let taken = app
        .call(
            "save_upload",
            Some(&cookie),
            &[("draft_id", &draft), ("project", "new"), ("new_name", "Again"), ("new_slug", "americano")],
        )
        .await;
    assert_eq!(taken.status(), 409);
    let bad_slug = app
        .call(
            "save_upload",
            Some(&cookie),
            &[("draft_id", &draft), ("project", "new"), ("new_name", "X"), ("new_slug", "Not A Slug")],
        )
        .await;
    assert_eq!(bad_slug.status(), 422);
    let unknown =
        app.call("save_upload", Some(&cookie), &[("draft_id", &draft), ("project", "no-such-project")]).await;
    assert_eq!(unknown.status(), 422);
    assert_eq!(count(&app, "select count(*) from snapshot").await, snapshots, "nothing was stored");
    assert_eq!(count(&app, "select count(*) from project").await, 5);
    app.stop().await;
}

#[tokio::test]
async fn drafts_belong_to_their_uploader_and_need_an_editor() {
    let app = TestApp::spawn().await;
    let editor = app.signed_in(Role::Editor).await;
    let viewer = app.signed_in(Role::Viewer).await;
    let (_, location) = post_form(&app, Some(&editor), pasted(TOPSMILE)).await;
    let draft = draft_id(&location);

    let others = app.call("upload_preview", Some(&viewer), &[("draft_id", &draft)]).await;
    assert_eq!(others.status(), 404, "another person's draft is not there for them");
    let (status, _) = post_form(&app, Some(&viewer), pasted(TOPSMILE)).await;
    assert_eq!(status, 403);
    let (status, location) = post_form(&app, None, pasted(TOPSMILE)).await;
    assert_eq!((status, location.as_str()), (303, "/login?next=/upload"));
    let html = app.get_as("/upload", &viewer).await.text().await.unwrap();
    assert!(html.contains("data-testid=\"upload-not-allowed\""));
    assert!(!html.contains("data-testid=\"upload-form\""));

    // Another site cannot post the form in the editor's name.
    let cross_site = app
        .client
        .post(app.url("/upload/draft"))
        .header("origin", "https://evil.example")
        .header("cookie", &editor)
        .multipart(pasted(TOPSMILE))
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert_eq!(count(&app, "select count(*) from upload_draft").await, 1);
    app.stop().await;
}
