//! The admin pages' server functions: users, tokens and the audit log, with their effects
//! checked in the database and over the API.

use app::domain::account::Role;
use serde_json::Value;
use tower_sessions::session_store::ExpiredDeletion;

use crate::helpers::{PASSWORD, TestApp};

async fn json(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// The users page's form is a plain form post; the browser lands back on the page, which says
/// the user was created (and a refused form says why, on the same page).
#[tokio::test]
async fn the_new_user_form_returns_to_the_page_saying_what_happened() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(Role::Admin).await;
    let csrf = app.csrf_of(&admin).await.expect("token");
    let post = |email: &'static str| {
        app.client
            .post(app.url("/api/fn/admin_create_user"))
            .header("origin", &app.address)
            .header("referer", app.url("/admin/users"))
            .header("accept", "text/html")
            .header("cookie", &admin)
            .form(&[
                ("email", email),
                ("display_name", "Fay"),
                ("role", "editor"),
                ("password", PASSWORD),
                ("csrf", csrf.as_str()),
            ])
            .send()
    };
    let created = post("fay@example.com").await.unwrap();
    assert!(created.status().is_redirection(), "{}", created.status());
    let back = created.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(back, "/admin/users?created=1");
    let page = app.get_as(&back, &admin).await.text().await.unwrap();
    assert!(page.contains("User created."), "{page}");
    assert!(page.contains("fay@example.com"));

    let refused = post("fay@example.com").await.unwrap();
    let back = refused.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.starts_with(&app.url("/admin/users?")) && back.contains("__err="), "{back}");
    let page = app
        .client
        .get(&back)
        .header("cookie", &admin)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"form-error\""), "{page}");
    assert!(!page.contains("User created."));
    app.stop().await;
}

#[tokio::test]
async fn an_admin_manages_users_and_every_change_is_in_the_filterable_audit_log() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(Role::Admin).await;

    let form =
        [("email", "eve@example.com"), ("display_name", "Eve"), ("role", "viewer"), ("password", PASSWORD)];
    assert_eq!(app.call("admin_create_user", Some(&admin), &form).await.status(), 200);
    let taken = app.call("admin_create_user", Some(&admin), &form).await;
    assert_eq!(taken.status(), 422, "one account per email");
    let eve = app.sign_in("eve@example.com").await;

    let users = json(app.call("admin_users", Some(&admin), &[]).await).await;
    let eve_id = users.as_array().unwrap().iter().find(|user| user["email"] == "eve@example.com").unwrap()
        ["app_user_id"]
        .as_i64()
        .unwrap()
        .to_string();
    let promoted =
        app.call("admin_set_role", Some(&admin), &[("user_id", &eve_id), ("role", "editor")]).await;
    assert_eq!(promoted.status(), 200);
    let me = json(app.call("current_user", Some(&eve), &[]).await).await;
    assert_eq!(me["role"], "editor", "a role change applies to a running session at once");

    let new_password = "orchard violet compass rain";
    let reset = app
        .call("admin_reset_password", Some(&admin), &[("user_id", &eve_id), ("new_password", new_password)])
        .await;
    assert_eq!(reset.status(), 200);
    assert_eq!(app.whoami(&eve).await, None, "a reset ends the user's sessions");
    let with_new = app.call("login", None, &[("email", "eve@example.com"), ("password", new_password)]).await;
    assert_eq!(with_new.status(), 200);

    // Everything above is in the audit log, newest first, with who did it.
    let log = json(app.call("admin_audit", Some(&admin), &[("action", "user")]).await).await;
    let actions: Vec<&str> =
        log["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["user.set_password", "user.set_role", "user.create", "user.create"]);
    let set_role = &log["entries"][1];
    assert_eq!(set_role["actor_user"], "admin@example.com");
    assert_eq!(set_role["before"]["role"], "viewer");
    assert_eq!(set_role["after"]["role"], "editor");
    assert!(!log.to_string().contains("argon2"), "no password hash in the audit log");

    let only_roles = json(app.call("admin_audit", Some(&admin), &[("action", "user.set_role")]).await).await;
    assert_eq!(only_roles["entries"].as_array().unwrap().len(), 1);
    let by_cli =
        json(app.call("admin_audit", Some(&admin), &[("action", "user.create"), ("user", "999999")]).await)
            .await;
    assert_eq!(by_cli["entries"].as_array().unwrap().len(), 0);

    // The page renders the same entries for an admin.
    let html = app.get_as("/admin/audit?action=user.set_role", &admin).await.text().await.unwrap();
    assert_eq!(html.matches("data-testid=\"audit-row\"").count(), 1, "{html}");
    app.stop().await;
}

#[tokio::test]
async fn a_token_created_on_the_admin_page_works_on_the_api_until_revoked() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(Role::Admin).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    app::db::projects::create(&mut conn, "alpha", "Alpha").await.unwrap().unwrap();
    drop(conn);

    let form = [("name", "alpha ci"), ("project", "alpha"), ("permission", "read"), ("expires_in", "30d")];
    let created = json(app.call("admin_create_token", Some(&admin), &form).await).await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    let id = created["api_token_id"].as_i64().unwrap().to_string();
    let stored: Vec<u8> = sqlx::query_scalar("select token_sha256 from api_token where name = 'alpha ci'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_ne!(stored, secret.as_bytes(), "only a hash is kept");

    let read = |token: String| {
        let app = &app;
        async move { app.client.get(app.url("/api/v1/projects/alpha")).bearer_auth(token).send().await.unwrap() }
    };
    assert_eq!(read(secret.clone()).await.status(), 200);
    let listed = json(app.call("admin_tokens", Some(&admin), &[]).await).await;
    let token = &listed["tokens"][0];
    assert_eq!(token["project_slug"], "alpha");
    assert!(token["last_used_at"].is_string(), "the page shows the last use");
    assert!(token["expires_at"].is_string());

    let bad = app
        .call(
            "admin_create_token",
            Some(&admin),
            &[("name", ""), ("project", "nope"), ("permission", "read"), ("expires_in", "")],
        )
        .await;
    assert_eq!(bad.status(), 422);

    assert_eq!(app.call("admin_revoke_token", Some(&admin), &[("api_token_id", &id)]).await.status(), 200);
    assert_eq!(read(secret).await.status(), 401);
    app.stop().await;
}

#[tokio::test]
async fn expired_sessions_stop_working_and_are_deleted() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Viewer).await;
    sqlx::query("update tower_sessions.session set expiry_date = now() - interval '1 second'")
        .execute(&app.db.pool)
        .await
        .unwrap();

    assert_eq!(app.whoami(&cookie).await, None);
    plumb::http::session_store::PgSessionStore::new(app.db.pool.clone()).delete_expired().await.unwrap();
    let left: i64 = sqlx::query_scalar("select count(*) from tower_sessions.session")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
    app.stop().await;
}
