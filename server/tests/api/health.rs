use std::time::Duration;

use plumb::state::AppState;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::helpers::{TestApp, TestDb, serve_args};

#[tokio::test]
async fn healthz_answers_ok_without_touching_the_database() {
    let app = TestApp::spawn().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok\n");
    app.stop().await;
}

#[tokio::test]
async fn readyz_is_200_when_the_database_answers() {
    let app = TestApp::spawn().await;

    let response = app.get("/readyz").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ready\n");
    app.stop().await;
}

#[tokio::test]
async fn readyz_is_503_when_the_database_is_unreachable() {
    // Arrange: a router whose pool points at a socket directory with no server in it.
    let nowhere = tempfile::tempdir().unwrap();
    let unreachable = PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(500))
        .connect_lazy_with(PgConnectOptions::new().socket(nowhere.path()).username("plumb"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let state = AppState::new(plumb::serve::leptos_options(&serve_args(address)), unreachable);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(plumb::serve::serve(listener, state, async {
        let _ = stopped.await;
    }));

    // Act
    let ready = reqwest::get(format!("http://{address}/readyz")).await.unwrap();
    let alive = reqwest::get(format!("http://{address}/healthz")).await.unwrap();

    // Assert: not ready, but alive (so an orchestrator does not restart a healthy process).
    assert_eq!(ready.status(), 503);
    assert_eq!(ready.text().await.unwrap(), "database unavailable\n");
    assert_eq!(alive.status(), 200);
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    // The test database helper is not involved; make sure creating one still works here.
    TestDb::create_empty().await.drop_database().await;
}
