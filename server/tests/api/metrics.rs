use plumb::state::MetricsAccess;

use crate::helpers::{TestApp, TestDb};

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_and_status() {
    let app = TestApp::spawn().await;
    app.get("/healthz").await;
    app.get("/healthz").await;
    app.get("/no/such/page").await;

    let response = app.get("/metrics").await;

    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.unwrap();
    assert!(
        text.contains(r#"plumb_http_requests_total{method="GET",route="/healthz",status="200"} 2"#),
        "{text}"
    );
    // Unknown paths share one label instead of creating a series per URL.
    assert!(
        text.contains(r#"plumb_http_requests_total{method="GET",route="fallback",status="404"} 1"#),
        "{text}"
    );
    assert!(!text.contains("/no/such/page"), "{text}");
    assert!(text.contains(r#"plumb_http_request_duration_seconds_count{method="GET",route="/healthz"} 2"#));
    assert!(text.contains("plumb_db_pool_max_connections 5\n"), "{text}");
    app.stop().await;
}

#[tokio::test]
async fn invented_methods_share_one_label_whatever_their_length() {
    let app = TestApp::spawn().await;
    for n in 0..50 {
        let method = reqwest::Method::from_bytes(format!("M{n}{}", "X".repeat(4096)).as_bytes()).unwrap();
        app.client.request(method, app.url("/healthz")).send().await.unwrap();
    }
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(!text.contains("XXXX"), "an invented method became a label");
    assert!(text.contains(r#"method="OTHER",route="/healthz""#), "{text}");
    // Small, whatever was sent: a handful of series, not one per method.
    assert!(text.len() < 16 * 1024, "{} bytes", text.len());
    app.stop().await;
}

#[tokio::test]
async fn with_a_metrics_token_only_the_scraper_reads_metrics() {
    let app = TestApp::spawn_with_state(TestDb::create().await, |state| {
        state.with_metrics_access(MetricsAccess::bearer("scrape-secret"))
    })
    .await;
    let anonymous = app.get("/metrics").await;
    assert_eq!(anonymous.status(), 401);
    assert!(anonymous.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
    let wrong = app.client.get(app.url("/metrics")).bearer_auth("guess").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let scraper = app.client.get(app.url("/metrics")).bearer_auth("scrape-secret").send().await.unwrap();
    assert_eq!(scraper.status(), 200);
    assert!(scraper.text().await.unwrap().contains("plumb_db_pool_max_connections"));
    app.stop().await;
}
