use crate::helpers::TestApp;

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
