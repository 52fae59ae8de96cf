//! The REST API: uploads (every status code, idempotency, dry runs, multipart), tokens and their
//! scopes, and the read endpoints, over real HTTP against the real database.

use app::actions::tokens::generate as generate_token;
use app::db::tokens::{self, NewToken};
use app::domain::token::{Permission, display_prefix, token_hash};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::TestApp;

const TOPSMILE: &str = include_str!("../../../app/tests/fixtures/reports/001_4df81c36344b7789.txt");

async fn token(
    app: &TestApp,
    project: Option<&str>,
    permission: Permission,
    expires_in: Option<Duration>,
) -> (i64, String) {
    let project_id = match project {
        Some(slug) => Some(app::db::projects::find_id(&app.db.pool, slug).await.unwrap().unwrap()),
        None => None,
    };
    let secret = generate_token();
    let id = tokens::create(
        &app.db.pool,
        NewToken {
            name: "test",
            display_prefix: &display_prefix(&secret),
            token_sha256: &token_hash(&secret),
            project_id,
            permission,
            expires_at: expires_in.map(|d| Utc::now() + d),
            created_by_user_id: None,
        },
    )
    .await
    .unwrap();
    (id, secret)
}

async fn project(app: &TestApp, slug: &str) {
    let mut conn = app.db.pool.acquire().await.unwrap();
    app::db::projects::create(&mut conn, slug, slug).await.unwrap().unwrap();
}

fn upload(app: &TestApp, slug: &str, token: &str) -> reqwest::RequestBuilder {
    app.client.post(app.url(&format!("/api/v1/projects/{slug}/snapshots"))).bearer_auth(token)
}

async fn problem(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    assert_eq!(response.headers()["content-type"], "application/problem+json", "{status}");
    (status, response.json().await.unwrap())
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("select count(*) from {table}")).fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn a_markdown_upload_is_stored_and_answers_201_with_location_and_item_changes() {
    let app = TestApp::spawn().await;
    project(&app, "topsmile").await;
    let (_, secret) = token(&app, Some("topsmile"), Permission::Upload, None).await;

    let response = upload(&app, "topsmile", &secret)
        .header("content-type", "text/markdown; charset=utf-8")
        .query(&[
            ("commit", "abc123"),
            ("branch", "main"),
            ("build_url", "https://ci.example/1"),
            ("taken_at", "2026-01-05"),
        ])
        .body(TOPSMILE)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/projects/topsmile/snapshots/{}", body["snapshot"]["snapshot_id"]));
    assert_eq!(body["created"], true);
    assert_eq!(body["snapshot"]["overall_score"], 75.0);
    assert_eq!(body["snapshot"]["commit_sha"], "abc123");
    assert_eq!(body["snapshot"]["taken_at"], "2026-01-05T00:00:00Z");
    assert_eq!(
        body["items"]["created"].as_array().unwrap().len(),
        count(&app, "remediation_item").await as usize
    );
    assert!(body["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains("mojibake")));
    // The stored canonical JSON and source are readable back.
    let canonical: Value =
        app.client.get(app.url(&location)).bearer_auth(&secret).send().await.unwrap().json().await.unwrap();
    assert_eq!(canonical["project"]["name"], "TopSmile");
    let source =
        app.client.get(app.url(&format!("{location}/source"))).bearer_auth(&secret).send().await.unwrap();
    assert_eq!(source.headers()["content-type"], "application/octet-stream");
    assert_eq!(source.bytes().await.unwrap(), TOPSMILE.as_bytes());
    app.stop().await;
}

#[tokio::test]
async fn the_same_content_again_is_200_with_the_existing_snapshot() {
    let app = TestApp::spawn().await;
    project(&app, "topsmile").await;
    let (_, secret) = token(&app, Some("topsmile"), Permission::Upload, None).await;

    let first: Value = upload(&app, "topsmile", &secret)
        .header("content-type", "text/plain")
        .body(TOPSMILE)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let again = upload(&app, "topsmile", &secret)
        .header("content-type", "text/plain")
        .body(TOPSMILE)
        .send()
        .await
        .unwrap();

    assert_eq!(again.status(), StatusCode::OK);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["created"], false);
    assert_eq!(again["snapshot"]["snapshot_id"], first["snapshot"]["snapshot_id"]);
    assert_eq!(count(&app, "snapshot").await, 1);
    app.stop().await;
}

#[tokio::test]
async fn fifty_concurrent_identical_uploads_make_exactly_one_snapshot() {
    let app = TestApp::spawn().await;
    project(&app, "topsmile").await;
    let (_, secret) = token(&app, Some("topsmile"), Permission::Upload, None).await;

    let mut uploads = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let request =
            upload(&app, "topsmile", &secret).header("content-type", "text/markdown").body(TOPSMILE);
        uploads.spawn(async move { request.send().await.unwrap().status() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = uploads.join_next().await {
        statuses.push(status.unwrap());
    }

    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 49, "{statuses:?}");
    assert_eq!(count(&app, "snapshot").await, 1);
    let items: i64 = count(&app, "remediation_item").await;
    let gaps: i64 = count(&app, "gap").await;
    assert_eq!(items, gaps, "one item per gap, not one per request");
    app.stop().await;
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_answer_and_refuses_another_request() {
    let app = TestApp::spawn().await;
    project(&app, "topsmile").await;
    let (_, secret) = token(&app, Some("topsmile"), Permission::Upload, None).await;
    let send = |body: &'static str| {
        upload(&app, "topsmile", &secret)
            .header("content-type", "text/markdown")
            .header("idempotency-key", "build-42")
            .body(body)
    };

    let first = send(TOPSMILE).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first_location = first.headers()["location"].clone();
    let first_body: Value = first.json().await.unwrap();
    let replay = send(TOPSMILE).send().await.unwrap();
    let other = send("# Other report\n\n**DevOps Score: 2/10**\n").send().await.unwrap();

    assert_eq!(replay.status(), StatusCode::CREATED, "a replay answers exactly as the first time");
    assert_eq!(replay.headers()["location"], first_location);
    assert_eq!(replay.headers()["idempotent-replay"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap(), first_body);
    let (status, body) = problem(other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["type"], "/problems/idempotency-key-reused");
    assert_eq!(count(&app, "snapshot").await, 1);
    app.stop().await;
}

#[tokio::test]
async fn a_dry_run_answers_the_same_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let (_, secret) = token(&app, None, Permission::Upload, None).await;

    let response = upload(&app, "fresh", &secret)
        .query(&[("dry_run", "true"), ("create_project", "true")])
        .header("content-type", "text/markdown")
        .body(TOPSMILE)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("location").is_none());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["dry_run"], true);
    assert!(!body["items"]["created"].as_array().unwrap().is_empty(), "the answer says what would happen");
    for table in ["project", "snapshot", "remediation_item", "audit_log"] {
        assert_eq!(count(&app, table).await, 0, "{table}");
    }
    app.stop().await;
}

#[tokio::test]
async fn json_and_multipart_uploads_are_accepted() {
    let app = TestApp::spawn().await;
    project(&app, "svc").await;
    let (_, secret) = token(&app, Some("svc"), Permission::Upload, None).await;
    let json = serde_json::json!({
        "schema": "plumb.snapshot/v1",
        "report": { "title": "Pipeline audit", "date": "2026-02-01" },
        "overall": { "stated": { "value": 6, "scale": 10 } },
        "gaps": [ { "title": "No rollback", "priority": "high", "category": "deployment" } ]
    });

    let from_json = upload(&app, "svc", &secret).json(&json).send().await.unwrap();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(TOPSMILE.as_bytes().to_vec())
            .file_name("audit.md")
            .mime_str("text/markdown")
            .unwrap(),
    );
    let from_form = upload(&app, "svc", &secret).multipart(form).send().await.unwrap();

    assert_eq!(from_json.status(), StatusCode::CREATED);
    let body: Value = from_json.json().await.unwrap();
    assert_eq!(body["snapshot"]["overall_score"], 60.0);
    assert_eq!(body["snapshot"]["taken_at"], "2026-02-01T00:00:00Z");
    assert_eq!(from_form.status(), StatusCode::CREATED);
    assert_eq!(count(&app, "snapshot").await, 2);
    app.stop().await;
}

#[tokio::test]
async fn every_error_is_problem_json_with_the_right_status() {
    let app = TestApp::spawn().await;
    project(&app, "alpha").await;
    project(&app, "beta").await;
    let (_, alpha) = token(&app, Some("alpha"), Permission::Upload, None).await;
    let (_, reader) = token(&app, Some("alpha"), Permission::Read, None).await;
    let (revoked_id, revoked) = token(&app, Some("alpha"), Permission::Upload, None).await;
    tokens::revoke(&app.db.pool, revoked_id).await.unwrap();
    let (_, expired) = token(&app, Some("alpha"), Permission::Upload, Some(Duration::seconds(-1))).await;
    let markdown =
        |request: reqwest::RequestBuilder| request.header("content-type", "text/markdown").body(TOPSMILE);

    let cases: Vec<(&str, reqwest::RequestBuilder, StatusCode, &str)> = vec![
        ("no token", markdown(app.client.post(app.url("/api/v1/projects/alpha/snapshots"))), StatusCode::UNAUTHORIZED, "unauthorized"),
        ("not a token", markdown(upload(&app, "alpha", "hunter2")), StatusCode::UNAUTHORIZED, "unauthorized"),
        ("unknown token", markdown(upload(&app, "alpha", &generate_token())), StatusCode::UNAUTHORIZED, "unauthorized"),
        ("revoked token", markdown(upload(&app, "alpha", &revoked)), StatusCode::UNAUTHORIZED, "unauthorized"),
        ("expired token", markdown(upload(&app, "alpha", &expired)), StatusCode::UNAUTHORIZED, "unauthorized"),
        // Another project's token learns nothing about it: the answer is the one for a missing project.
        ("other project", markdown(upload(&app, "beta", &alpha)), StatusCode::NOT_FOUND, "unknown-project"),
        ("read-only token", markdown(upload(&app, "alpha", &reader)), StatusCode::FORBIDDEN, "forbidden"),
        ("creating with a project token", markdown(upload(&app, "gamma", &alpha).query(&[("create_project", "true")])), StatusCode::NOT_FOUND, "unknown-project"),
        ("creating over another project", markdown(upload(&app, "beta", &alpha).query(&[("create_project", "true")])), StatusCode::NOT_FOUND, "unknown-project"),
        ("unknown project", markdown(upload(&app, "gamma", &alpha)), StatusCode::NOT_FOUND, "unknown-project"),
        ("bad query", markdown(upload(&app, "alpha", &alpha).query(&[("dry_run", "perhaps")])), StatusCode::BAD_REQUEST, "bad-request"),
        ("bad taken_at", markdown(upload(&app, "alpha", &alpha).query(&[("taken_at", "yesterday")])), StatusCode::BAD_REQUEST, "bad-request"),
        ("bad header flag", markdown(upload(&app, "alpha", &alpha).header("x-plumb-dry-run", "maybe")), StatusCode::BAD_REQUEST, "bad-request"),
        ("too large", upload(&app, "alpha", &alpha).header("content-type", "text/markdown").body(vec![b'a'; 3 * 1024 * 1024]), StatusCode::PAYLOAD_TOO_LARGE, "too-large"),
        ("unsupported type", upload(&app, "alpha", &alpha).header("content-type", "application/pdf").body("%PDF"), StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"),
        ("broken JSON", upload(&app, "alpha", &alpha).header("content-type", "application/json").body("{\"schema\": "), StatusCode::UNPROCESSABLE_ENTITY, "invalid-snapshot"),
        ("invalid snapshot", upload(&app, "alpha", &alpha).json(&serde_json::json!({"schema": "plumb.snapshot/v1", "gaps": [{"title": "x", "priority": "urgent"}]})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-snapshot"),
        ("nothing usable", upload(&app, "alpha", &alpha).header("content-type", "text/markdown").body("# Meeting notes\n\nWe talked about lunch.\n"), StatusCode::UNPROCESSABLE_ENTITY, "nothing-usable"),
        ("binary", upload(&app, "alpha", &alpha).header("content-type", "text/plain").body(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()), StatusCode::UNPROCESSABLE_ENTITY, "unreadable-report"),
    ];
    for (case, request, status, kind) in cases {
        let (got, body) = problem(request.send().await.unwrap()).await;
        assert_eq!(got, status, "{case}: {body}");
        assert_eq!(body["type"], format!("/problems/{kind}"), "{case}: {body}");
        assert_eq!(body["status"], status.as_u16(), "{case}");
        assert!(!body["detail"].as_str().unwrap().is_empty(), "{case}");
    }
    // Existing and missing projects are told apart by nothing but the slug they name.
    let detail = |slug: &'static str| {
        let request = markdown(upload(&app, slug, &alpha));
        async move {
            problem(request.send().await.unwrap()).await.1["detail"].as_str().unwrap().replace(slug, "?")
        }
    };
    assert_eq!(detail("beta").await, detail("gamma").await);
    let (_, invalid) = problem(upload(&app, "alpha", &alpha).json(&serde_json::json!({"schema": "plumb.snapshot/v1", "gaps": [{"title": "x", "priority": "urgent"}]})).send().await.unwrap()).await;
    assert_eq!(invalid["field"], "gaps[0].priority");
    assert_eq!(count(&app, "snapshot").await, 0, "no failed request stored anything");
    // Revoked and expired tokens were not marked as used.
    let used: i64 = sqlx::query_scalar("select count(*) from api_token where last_used_at is not null")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(used, 2, "only the two valid tokens were used");
    app.stop().await;
}

#[tokio::test]
async fn read_endpoints_respect_token_scope_and_paginate() {
    let app = TestApp::spawn().await;
    project(&app, "alpha").await;
    project(&app, "beta").await;
    let (_, all) = token(&app, None, Permission::Upload, None).await;
    let (_, alpha_reader) = token(&app, Some("alpha"), Permission::Read, None).await;
    for (date, score) in [("2026-01-01", 4), ("2026-02-01", 5), ("2026-03-01", 6)] {
        let report = format!(
            "# Audit\n\n**Date:** {date}\n\n**DevOps Score: {score}/10**\n\n## Gaps\n\n- P1: No alerting\n- P3: Old README\n"
        );
        let response = upload(&app, "alpha", &all)
            .header("content-type", "text/markdown")
            .body(report)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let get = |path: &str, token: &str| app.client.get(app.url(path)).bearer_auth(token.to_owned()).send();

    let listed: Vec<Value> = get("/api/v1/projects", &alpha_reader).await.unwrap().json().await.unwrap();
    let detail: Value = get("/api/v1/projects/alpha", &alpha_reader).await.unwrap().json().await.unwrap();
    let hidden = get("/api/v1/projects/beta", &alpha_reader).await.unwrap();
    let page: Value = get("/api/v1/projects/alpha/snapshots?page=2&per_page=2", &alpha_reader)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bad_page = get("/api/v1/projects/alpha/snapshots?per_page=500", &alpha_reader).await.unwrap();
    let high: Vec<Value> = get("/api/v1/projects/alpha/items?priority=high&status=open", &alpha_reader)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let unassigned: Vec<Value> = get("/api/v1/projects/alpha/items?owner=unassigned", &alpha_reader)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bad_status = get("/api/v1/projects/alpha/items?status=done", &alpha_reader).await.unwrap();
    let missing_snapshot = get("/api/v1/projects/alpha/snapshots/999999", &alpha_reader).await.unwrap();

    assert_eq!(listed.iter().map(|p| p["slug"].as_str().unwrap()).collect::<Vec<_>>(), vec!["alpha"]);
    assert_eq!(detail["score"], 60.0);
    assert_eq!(detail["previous_score"], 50.0);
    assert_eq!(detail["snapshot_count"], 3);
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND, "a token does not learn about other projects");
    assert_eq!((page["total"].as_i64(), page["snapshots"].as_array().unwrap().len()), (Some(3), 1));
    assert_eq!(page["snapshots"][0]["overall_score"], 40.0, "newest first: page 2 holds the oldest");
    assert_eq!(bad_page.status(), StatusCode::BAD_REQUEST);
    assert_eq!(high.len(), 1);
    assert_eq!(high[0]["title"], "No alerting");
    assert_eq!(unassigned.len(), 2);
    assert_eq!(bad_status.status(), StatusCode::BAD_REQUEST);
    assert_eq!(missing_snapshot.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = TestApp::spawn().await;

    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();

    let paths = document["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/projects", "get"),
        ("/api/v1/projects/{slug}", "get"),
        ("/api/v1/projects/{slug}/snapshots", "post"),
        ("/api/v1/projects/{slug}/snapshots", "get"),
        ("/api/v1/projects/{slug}/snapshots/{id}", "get"),
        ("/api/v1/projects/{slug}/snapshots/{id}/source", "get"),
        ("/api/v1/projects/{slug}/items", "get"),
    ] {
        assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path} is undocumented");
    }
    let upload_responses =
        document["paths"]["/api/v1/projects/{slug}/snapshots"]["post"]["responses"].as_object().unwrap();
    for status in ["200", "201", "400", "401", "403", "404", "413", "415", "422"] {
        assert!(upload_responses.contains_key(status), "upload response {status} undocumented");
    }
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    app.stop().await;
}

#[tokio::test]
async fn options_can_come_as_x_plumb_headers_like_the_readme_examples() {
    let app = TestApp::spawn().await;
    let (_, secret) = token(&app, None, Permission::Upload, None).await;

    let response = upload(&app, "svc", &secret)
        .header("content-type", "text/markdown")
        .header("x-plumb-create-project", "true")
        .header("x-plumb-project-name", "Payments API")
        .header("x-plumb-commit", "0123abcd")
        .header("x-plumb-branch", "release/1.2")
        .header("x-plumb-build-url", "https://ci.example/runs/7")
        .header("x-plumb-taken-at", "2026-03-01T12:00:00Z")
        .body(TOPSMILE)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["snapshot"]["commit_sha"], "0123abcd");
    assert_eq!(body["snapshot"]["branch"], "release/1.2");
    assert_eq!(body["snapshot"]["build_url"], "https://ci.example/runs/7");
    assert_eq!(body["snapshot"]["taken_at"], "2026-03-01T12:00:00Z");
    let name: String = sqlx::query_scalar("select name from project where slug = 'svc'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(name, "Payments API");
    app.stop().await;
}
