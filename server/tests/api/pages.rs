use app::domain::account::Role;

use crate::helpers::{TestApp, insert_project_with_snapshot};

#[tokio::test]
async fn a_new_installation_shows_the_empty_portfolio_with_what_to_do_next() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Admin).await;

    let response = app.get_as("/", &cookie).await;

    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Portfolio · Plumb</title>"), "{html}");
    assert!(html.contains("<h1>Portfolio</h1>"), "{html}");
    assert!(html.contains("No projects yet"), "{html}");
    assert!(html.contains(r#"href="/upload""#), "{html}");
    // Rendered after the data loaded: no loading placeholder left for a reader without JS.
    assert!(!html.contains("Loading the portfolio"), "{html}");
    app.stop().await;
}

#[tokio::test]
async fn the_portfolio_counts_what_is_in_the_database() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Admin).await;
    insert_project_with_snapshot(&app.db.pool, "alpha").await;
    insert_project_with_snapshot(&app.db.pool, "beta").await;
    sqlx::query("update project set archived_at = now() where slug = 'beta'")
        .execute(&app.db.pool)
        .await
        .unwrap();

    let html = app.get_as("/", &cookie).await.text().await.unwrap();

    assert!(!html.contains("No projects yet"), "{html}");
    let stat = |label: &str| {
        let start = html.find(&format!("<dt>{label}</dt>")).unwrap_or_else(|| panic!("no {label} in {html}"));
        let value = &html[start..];
        let value = &value[value.find("<dd>").unwrap() + 4..];
        value[..value.find("</dd>").unwrap()].to_owned()
    };
    // The archived project is not counted.
    assert_eq!(stat("Projects"), "1");
    assert_eq!(html.matches("data-testid=\"portfolio-row\"").count(), 1, "{html}");
    app.stop().await;
}

#[tokio::test]
async fn every_page_in_the_navigation_renders() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Admin).await;

    for (path, heading) in [
        ("/", "Portfolio"),
        ("/board", "Gap board"),
        ("/upload", "Upload a report"),
        ("/admin", "Administration"),
    ] {
        let response = app.get_as(path, &cookie).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("<h1>{heading}</h1>")), "{path}: {html}");
        let nav = &html[html.find("<nav").unwrap()..html.find("</nav>").unwrap()];
        for (href, text) in
            [("/", "Portfolio"), ("/board", "Gap board"), ("/upload", "Upload"), ("/admin", "Admin")]
        {
            assert!(
                nav.contains(&format!(r#"href="{href}""#)) && nav.contains(&format!(">{text}</a>")),
                "{path}: {nav}"
            );
        }
        // The current page is marked for assistive technology (and styled from that).
        assert_eq!(nav.matches(r#"aria-current="page""#).count(), 1, "{path}: {nav}");
        assert!(html.contains(r#"href="/pkg/plumb.css""#), "{path} lacks the stylesheet");
    }
    app.stop().await;
}

#[tokio::test]
async fn an_unknown_path_is_a_404_page() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Admin).await;

    let response = app.get_as("/projects/nope/nothing-here", &cookie).await;

    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("<h1>Page not found</h1>"), "{html}");
    app.stop().await;
}

#[tokio::test]
async fn the_portfolio_server_function_answers_json() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Admin).await;
    insert_project_with_snapshot(&app.db.pool, "gamma").await;

    let response = app.call("portfolio", Some(&cookie), &[]).await;

    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["total"], 1);
    assert_eq!(body["rows"][0]["project"]["slug"], "gamma");
    app.stop().await;
}
