//! Signing in and out over real HTTP: the setup link, cookies, session rotation and endings,
//! throttling, return paths and the cross-site check.

use std::time::Duration;

use app::domain::account::Role;
use app::domain::throttle::{LoginThrottle, ThrottlePolicy};
use plumb::state::AuthSettings;
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, session_cookie};

async fn error_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

async fn setup(app: &TestApp, token: &str, password: &str, confirm: &str) -> reqwest::Response {
    let form = [
        ("token", token),
        ("email", "first@example.com"),
        ("display_name", "First Admin"),
        ("password", password),
        ("confirm_password", confirm),
    ];
    app.call("setup", None, &form).await
}

#[tokio::test]
async fn the_setup_link_creates_the_first_admin_once_and_signs_them_in() {
    let app = TestApp::spawn().await;
    let token = app::actions::setup::issue_if_no_users(&app.db.pool).await.unwrap().unwrap();
    let login = app.get("/login").await.text().await.unwrap();
    assert!(login.contains("data-testid=\"setup-hint\""), "the login page points to the setup link");
    let page = app.get(&format!("/setup?token={token}")).await.text().await.unwrap();
    assert!(page.contains("data-testid=\"setup-form\""), "{page}");
    let bad_link = app.get("/setup?token=0123").await.text().await.unwrap();
    assert!(bad_link.contains("data-testid=\"setup-bad-link\""), "{bad_link}");

    let mismatch = setup(&app, &token, PASSWORD, "something else entirely").await;
    assert_eq!(mismatch.status(), 422);
    let weak = setup(&app, &token, "short", "short").await;
    assert_eq!(weak.status(), 422);
    assert!(error_of(weak).await.to_string().contains("at least 12"));

    let created = setup(&app, &token, PASSWORD, PASSWORD).await;
    assert_eq!(created.status(), 200);
    let cookie = session_cookie(&created).unwrap();
    assert_eq!(app.whoami(&cookie).await.as_deref(), Some("first@example.com"));
    let role: String = sqlx::query_scalar("select role from app_user").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(role, "admin");

    let again = setup(&app, &token, PASSWORD, PASSWORD).await;
    assert_eq!(again.status(), 409, "the link works once");
    assert!(app::actions::setup::issue_if_no_users(&app.db.pool).await.unwrap().is_none());
    let login = app.get("/login").await.text().await.unwrap();
    assert!(!login.contains("data-testid=\"setup-hint\""), "no setup hint once someone exists");
    app.stop().await;
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_secure_when_configured() {
    for secure in [false, true] {
        let app =
            TestApp::spawn_with_auth(AuthSettings { secure_cookies: secure, ..AuthSettings::default() })
                .await;
        app.add_user("ann@example.com", Role::Viewer).await;
        let response = app.call("login", None, &[("email", "ann@example.com"), ("password", PASSWORD)]).await;
        let header = response.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(header.starts_with("plumb_session="), "{header}");
        assert!(header.contains("HttpOnly"), "{header}");
        assert!(header.contains("SameSite=Lax"), "{header}");
        assert!(header.contains("Path=/"), "{header}");
        assert_eq!(header.contains("Secure"), secure, "{header}");
        app.stop().await;
    }
}

#[tokio::test]
async fn signing_in_rotates_the_session_id_and_the_old_one_stops_working() {
    let app = TestApp::spawn().await;
    app.add_user("ann@example.com", Role::Editor).await;
    let first = app.sign_in("ann@example.com").await;

    // Signing in again from the same browser (sending the old cookie) gets a new id.
    let response =
        app.call("login", Some(&first), &[("email", "ann@example.com"), ("password", PASSWORD)]).await;
    let second = session_cookie(&response).unwrap();

    assert_ne!(first, second);
    assert_eq!(app.whoami(&second).await.as_deref(), Some("ann@example.com"));
    assert_eq!(app.whoami(&first).await, None, "the old id was deleted on the server");
    app.stop().await;
}

#[tokio::test]
async fn signing_out_deletes_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Viewer).await;
    let sessions = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from tower_sessions.session")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    assert_eq!(sessions().await, 1);

    let response = app.call("logout", Some(&cookie), &[]).await;
    assert_eq!(response.status(), 200);
    let removal = response.headers()["set-cookie"].to_str().unwrap();
    assert!(removal.contains("Max-Age=0"), "the browser is told to drop it: {removal}");

    assert_eq!(sessions().await, 0);
    // A copy of the old cookie is worthless.
    assert_eq!(app.whoami(&cookie).await, None);
    let page = app.get_as("/", &cookie).await;
    assert_eq!(page.status(), 303);
    app.stop().await;
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session_and_renews_this_one() {
    let app = TestApp::spawn().await;
    app.add_user("ann@example.com", Role::Viewer).await;
    let laptop = app.sign_in("ann@example.com").await;
    let phone = app.sign_in("ann@example.com").await;
    let new_password = "a brand new passphrase here";

    let wrong = app
        .call(
            "change_password",
            Some(&laptop),
            &[
                ("current_password", "not it at all"),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 422);

    let changed = app
        .call(
            "change_password",
            Some(&laptop),
            &[
                ("current_password", PASSWORD),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
    assert_eq!(changed.status(), 200);
    let renewed = session_cookie(&changed).unwrap();

    assert_ne!(renewed, laptop);
    assert_eq!(app.whoami(&renewed).await.as_deref(), Some("ann@example.com"));
    assert_eq!(app.whoami(&laptop).await, None, "the old session id is gone");
    assert_eq!(app.whoami(&phone).await, None, "other sessions end");
    let old = app.call("login", None, &[("email", "ann@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(old.status(), 401);
    let new = app.call("login", None, &[("email", "ann@example.com"), ("password", new_password)]).await;
    assert_eq!(new.status(), 200);
    let audit: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'user.set_password'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(audit, 1);
    app.stop().await;
}

#[tokio::test]
async fn a_disabled_user_is_signed_out_and_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(Role::Admin).await;
    let viewer_id = app.add_user("vic@example.com", Role::Viewer).await;
    let viewer = app.sign_in("vic@example.com").await;

    let id = viewer_id.to_string();
    let response =
        app.call("admin_set_disabled", Some(&admin), &[("user_id", &id), ("disabled", "true")]).await;
    assert_eq!(response.status(), 200);

    assert_eq!(app.whoami(&viewer).await, None);
    let again = app.call("login", None, &[("email", "vic@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(again.status(), 409);
    assert!(error_of(again).await.to_string().contains("disabled"));

    // An admin cannot lock themselves out.
    let me: i64 = sqlx::query_scalar("select app_user_id from app_user where email = 'admin@example.com'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let me = me.to_string();
    let refused =
        app.call("admin_set_disabled", Some(&admin), &[("user_id", &me), ("disabled", "true")]).await;
    assert_eq!(refused.status(), 409);
    app.stop().await;
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_per_account_and_address_and_recover_after_the_window() {
    // Long enough that three password checks on a loaded machine end well inside it.
    let window = chrono::Duration::seconds(10);
    let throttle = LoginThrottle {
        per_pair: ThrottlePolicy::fixed(3, window),
        per_address: ThrottlePolicy::fixed(100, window),
        per_account: ThrottlePolicy::fixed(100, window),
    };
    let app = TestApp::spawn_with_auth(AuthSettings { throttle, ..AuthSettings::default() }).await;
    app.add_user("ann@example.com", Role::Viewer).await;
    app.add_user("bob@example.com", Role::Viewer).await;
    let attempt = |email: &'static str, password: &'static str| {
        let app = &app;
        async move { app.call("login", None, &[("email", email), ("password", password)]).await }
    };

    let window_opened = std::time::Instant::now();
    for _ in 0..3 {
        assert_eq!(attempt("ann@example.com", "wrong guess number").await.status(), 401);
    }
    // Now even the right password is refused, with a clear message.
    let throttled = attempt("ann@example.com", PASSWORD).await;
    assert_eq!(throttled.status(), 429);
    let message = error_of(throttled).await.to_string();
    assert!(message.contains("Too many failed sign-ins for this account"), "{message}");
    assert!(message.contains("Try again in"), "{message}");
    // Nobody else is locked out, even from the same address.
    assert_eq!(attempt("bob@example.com", PASSWORD).await.status(), 200);

    let window_end = Duration::from_secs(10) + Duration::from_millis(300);
    tokio::time::sleep(window_end.saturating_sub(window_opened.elapsed())).await;
    assert_eq!(attempt("ann@example.com", PASSWORD).await.status(), 200, "the window is over");
    app.stop().await;
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_per_client_address() {
    let throttle = LoginThrottle {
        per_pair: ThrottlePolicy::fixed(100, chrono::Duration::minutes(5)),
        per_address: ThrottlePolicy::fixed(4, chrono::Duration::minutes(5)),
        per_account: ThrottlePolicy::fixed(100, chrono::Duration::minutes(5)),
    };
    let app = TestApp::spawn_with_auth(AuthSettings { throttle, ..AuthSettings::default() }).await;
    app.add_user("ann@example.com", Role::Viewer).await;
    for n in 0..4 {
        let email = format!("guess{n}@example.com");
        let response =
            app.call("login", None, &[("email", &email), ("password", "wrong guess number")]).await;
        assert_eq!(response.status(), 401);
    }
    let throttled = app.call("login", None, &[("email", "ann@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(throttled.status(), 429);
    assert!(error_of(throttled).await.to_string().contains("from your address"));
    app.stop().await;
}

#[tokio::test]
async fn after_signing_in_a_plain_form_returns_to_the_page_asked_for_on_this_site_only() {
    let app = TestApp::spawn().await;
    app.add_user("ann@example.com", Role::Viewer).await;
    let anonymous = app.get("/board?owner=mine").await;
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()["location"], "/login?next=%2Fboard%3Fowner%3Dmine");

    let form_post = |next: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/fn/login"))
                .header("origin", &app.address)
                .header("accept", "text/html")
                .header("referer", app.url("/login"))
                .form(&[("email", "ann@example.com"), ("password", PASSWORD), ("next", next)])
                .send()
                .await
                .unwrap()
        }
    };
    let back = form_post("/board?owner=mine").await;
    assert_eq!(back.status(), 302);
    assert_eq!(back.headers()["location"], "/board?owner=mine");
    for hostile in ["//evil.example/x", "https://evil.example/"] {
        let response = form_post(hostile).await;
        assert_eq!(response.headers()["location"], "/", "{hostile}");
    }

    // A failed plain-form sign-in goes back to the form with the error for the page to show.
    let failed = app
        .client
        .post(app.url("/api/fn/login"))
        .header("origin", &app.address)
        .header("accept", "text/html")
        .header("referer", app.url("/login"))
        .form(&[("email", "ann@example.com"), ("password", "wrong guess number")])
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), 302);
    let location = failed.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("__err="), "{location}");
    // The browser follows the redirect from our own page, and says so.
    let followed = |site: &'static str| {
        let app = &app;
        let location = location.clone();
        async move {
            app.client
                .get(location)
                .header("sec-fetch-site", site)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let page = followed("same-origin").await;
    assert!(page.contains("the email or password is not right"), "{page}");
    // The same link opened from anywhere else shows no error: its text is the link author's.
    for site in ["cross-site", "same-site", "none"] {
        let page = followed(site).await;
        assert!(!page.contains("the email or password is not right"), "{site}: {page}");
        assert!(!page.contains("data-testid=\"form-error\""), "{site}");
    }
    app.stop().await;
}

#[tokio::test]
async fn cross_site_and_unattributed_posts_are_refused() {
    let app = TestApp::spawn().await;
    let cookie = app.signed_in(Role::Admin).await;
    let token = app.csrf_of(&cookie).await.expect("signed-in pages carry a token");
    let post = |headers: &'static [(&'static str, &'static str)], csrf: Option<String>| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            let mut form = vec![
                ("email", "mallory@example.com".to_owned()),
                ("display_name", String::new()),
                ("role", "admin".to_owned()),
                ("password", PASSWORD.to_owned()),
            ];
            if let Some(csrf) = csrf {
                form.push(("csrf", csrf));
            }
            let mut request =
                app.client.post(app.url("/api/fn/admin_create_user")).header("cookie", cookie).form(&form);
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            request.send().await.unwrap()
        }
    };
    let with_token = || Some(token.clone());

    assert_eq!(post(&[("origin", "https://evil.example")], with_token()).await.status(), 403);
    assert_eq!(
        post(&[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")], with_token())
            .await
            .status(),
        403
    );
    assert_eq!(post(&[("origin", "null")], with_token()).await.status(), 403);
    assert_eq!(post(&[], with_token()).await.status(), 403, "no Origin and no fetch metadata");
    // A form planted in one of our own pages posts from our origin, but cannot know the token.
    assert_eq!(post(&[("sec-fetch-site", "same-origin")], None).await.status(), 403, "no token");
    assert_eq!(
        post(&[("sec-fetch-site", "same-origin")], Some("0".repeat(64))).await.status(),
        403,
        "a guessed token"
    );
    let created: i64 =
        sqlx::query_scalar("select count(*) from app_user where email = 'mallory@example.com'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(created, 0);

    assert_eq!(post(&[("sec-fetch-site", "same-origin")], with_token()).await.status(), 200);
    // Another session's token is no good either, and signing in again makes a new one.
    let other = app.signed_in(Role::Editor).await;
    let other_token = app.csrf_of(&other).await.expect("token");
    assert_ne!(other_token, token);
    // Not even signing out goes without it (a planted "sign out" button does nothing).
    let sign_out = |csrf: Option<String>| {
        let app = &app;
        let other = other.clone();
        async move {
            let mut form = Vec::new();
            if let Some(csrf) = csrf {
                form.push(("csrf", csrf));
            }
            let request = app.client.post(app.url("/api/fn/logout")).header("origin", &app.address);
            request.header("cookie", other).form(&form).send().await.unwrap().status()
        }
    };
    assert_eq!(sign_out(None).await, 403);
    assert_eq!(app.whoami(&other).await.as_deref(), Some("editor@example.com"), "still signed in");
    let status = sign_out(Some(other_token)).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    assert_eq!(app.whoami(&other).await, None, "signed out with the token");
    app.stop().await;
}
