use plumb::http::security::DEFAULT_CSP;

use crate::helpers::TestApp;

#[tokio::test]
async fn pages_allow_only_the_scripts_carrying_this_responses_nonce() {
    let app = TestApp::spawn().await;

    let response = app.get("/login").await;
    let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let html = response.text().await.unwrap();

    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy}"));
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let scripts = html.matches("<script").count();
    assert!(scripts >= 1, "{html}");
    assert_eq!(html.matches(&format!(r#"nonce="{nonce}""#)).count(), scripts, "{html}");

    // A second response gets a different nonce.
    let again = app.get("/login").await;
    assert!(!again.headers()["content-security-policy"].to_str().unwrap().contains(nonce));
    app.stop().await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;

    for path in ["/", "/healthz", "/metrics", "/pkg/does-not-exist.js"] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert!(headers.contains_key("content-security-policy"), "{path}");
    }
    let health = app.get("/healthz").await;
    assert_eq!(health.headers()["content-security-policy"], DEFAULT_CSP);
    app.stop().await;
}

#[tokio::test]
async fn request_ids_are_generated_or_propagated() {
    let app = TestApp::spawn().await;

    let generated = app.get("/healthz").await;
    let given = app.client.get(app.url("/healthz")).header("x-request-id", "ci-run-42").send().await.unwrap();

    let id = generated.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    assert_eq!(given.headers()["x-request-id"], "ci-run-42");
    app.stop().await;
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = TestApp::spawn().await;

    let response = app.client.get(app.url("/login")).header("accept-encoding", "gzip").send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
    app.stop().await;
}
