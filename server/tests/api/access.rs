//! The authorization matrix: every page, server function and API route × anonymous, viewer,
//! editor, admin, upload token, read token and revoked token, each answered as expected.
//! Server functions are called directly (not through pages), so each must check by itself.

use app::actions::Acting;
use app::actions::tokens::{TokenRequest, issue, revoke};
use app::domain::account::Role;
use app::domain::token::Permission;

use crate::helpers::TestApp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Viewer,
    Editor,
    Admin,
    UploadToken,
    ReadToken,
    RevokedToken,
}

const EVERYONE: [Who; 7] = [
    Who::Anonymous,
    Who::Viewer,
    Who::Editor,
    Who::Admin,
    Who::UploadToken,
    Who::ReadToken,
    Who::RevokedToken,
];

impl Who {
    /// The role of a signed-in person; tokens and anonymous visitors have none on pages and
    /// server functions (tokens work only on /api/v1).
    fn role(self) -> Option<Role> {
        match self {
            Who::Viewer => Some(Role::Viewer),
            Who::Editor => Some(Role::Editor),
            Who::Admin => Some(Role::Admin),
            _ => None,
        }
    }
}

/// What a caller may expect from a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Any answer but 401 and 403 (the call may still fail validation on purpose).
    Allowed,
    Status(u16),
    /// A redirect to the sign-in page.
    SignIn,
}

/// A signed-in browser: its cookie and the anti-forgery token its pages carry.
struct Browser {
    cookie: String,
    csrf: String,
}

async fn browser(app: &TestApp, role: Role) -> Browser {
    let cookie = app.signed_in(role).await;
    let csrf = app.csrf_of(&cookie).await.expect("a signed-in page carries a token");
    Browser { cookie, csrf }
}

struct Credentials {
    viewer: Browser,
    editor: Browser,
    admin: Browser,
    upload: String,
    read: String,
    revoked: String,
}

async fn credentials(app: &TestApp) -> Credentials {
    let token =
        |permission| TokenRequest { name: String::new(), project: None, permission, expires_at: None };
    let acting = Acting::command_line();
    let upload = issue(&app.db.pool, &acting, token(Permission::Upload)).await.unwrap().secret;
    let read = issue(&app.db.pool, &acting, token(Permission::Read)).await.unwrap();
    let revoked = issue(&app.db.pool, &acting, token(Permission::Upload)).await.unwrap();
    revoke(&app.db.pool, &acting, revoked.api_token_id).await.unwrap();
    Credentials {
        viewer: browser(app, Role::Viewer).await,
        editor: browser(app, Role::Editor).await,
        admin: browser(app, Role::Admin).await,
        upload,
        read: read.secret,
        revoked: revoked.secret,
    }
}

fn with_identity(
    request: reqwest::RequestBuilder,
    who: Who,
    credentials: &Credentials,
) -> reqwest::RequestBuilder {
    match who {
        Who::Anonymous => request,
        Who::Viewer => as_browser(request, &credentials.viewer),
        Who::Editor => as_browser(request, &credentials.editor),
        Who::Admin => as_browser(request, &credentials.admin),
        Who::UploadToken => request.bearer_auth(&credentials.upload),
        Who::ReadToken => request.bearer_auth(&credentials.read),
        Who::RevokedToken => request.bearer_auth(&credentials.revoked),
    }
}

fn as_browser(request: reqwest::RequestBuilder, browser: &Browser) -> reqwest::RequestBuilder {
    request.header("cookie", &browser.cookie).header("x-plumb-csrf", &browser.csrf)
}

fn check(route: &str, who: Who, expect: Expect, response: &reqwest::Response, failures: &mut Vec<String>) {
    let status = response.status().as_u16();
    let location = response.headers().get("location").and_then(|value| value.to_str().ok()).unwrap_or("");
    let met = match expect {
        Expect::Allowed => !matches!(status, 401 | 403) && status < 500,
        Expect::Status(wanted) => status == wanted,
        Expect::SignIn => status == 303 && location.starts_with("/login?next="),
    };
    if !met {
        failures.push(format!("{route} as {who:?}: expected {expect:?}, got {status} {location}"));
    }
}

/// The minimum role a page needs; `None` for public pages.
const PAGES: &[(&str, Option<Role>)] = &[
    ("/", Some(Role::Viewer)),
    ("/board", Some(Role::Viewer)),
    ("/upload", Some(Role::Viewer)),
    ("/account", Some(Role::Viewer)),
    ("/admin", Some(Role::Admin)),
    ("/admin/users", Some(Role::Admin)),
    ("/admin/tokens", Some(Role::Admin)),
    ("/admin/audit", Some(Role::Admin)),
    ("/login", None),
    ("/setup", None),
];

/// A server function's endpoint, harmless arguments, and the minimum role it needs (`None`: anyone).
type ServerFnCase = (&'static str, &'static [(&'static str, &'static str)], Option<Role>);

const SERVER_FNS: &[ServerFnCase] = &[
    ("current_user", &[], None),
    ("setup_status", &[], None),
    ("portfolio", &[], Some(Role::Viewer)),
    ("scorecard", &[("slug", "no-such-project")], Some(Role::Viewer)),
    ("snapshot", &[("slug", "no-such-project"), ("snapshot_id", "1")], Some(Role::Viewer)),
    ("board", &[], Some(Role::Viewer)),
    ("item", &[("slug", "no-such-project"), ("item_id", "1")], Some(Role::Viewer)),
    ("update_item", &[("item_id", "999999"), ("edit[priority]", "high")], Some(Role::Editor)),
    ("comment_item", &[("item_id", "999999"), ("body", "hello")], Some(Role::Editor)),
    ("upload_preview", &[("draft_id", "999999")], Some(Role::Viewer)),
    ("save_upload", &[("draft_id", "999999"), ("project", "no-such-project")], Some(Role::Editor)),
    (
        "change_password",
        &[("current_password", "wrong"), ("new_password", "x"), ("confirm_password", "x")],
        Some(Role::Viewer),
    ),
    ("admin_users", &[], Some(Role::Admin)),
    (
        "admin_create_user",
        &[("email", "not an email"), ("display_name", ""), ("role", "viewer"), ("password", "x")],
        Some(Role::Admin),
    ),
    ("admin_set_role", &[("user_id", "999999"), ("role", "viewer")], Some(Role::Admin)),
    ("admin_set_disabled", &[("user_id", "999999"), ("disabled", "false")], Some(Role::Admin)),
    ("admin_reset_password", &[("user_id", "999999"), ("new_password", "x")], Some(Role::Admin)),
    ("admin_tokens", &[], Some(Role::Admin)),
    (
        "admin_create_token",
        &[("name", ""), ("project", ""), ("permission", "neither"), ("expires_in", "")],
        Some(Role::Admin),
    ),
    ("admin_revoke_token", &[("api_token_id", "999999")], Some(Role::Admin)),
    ("admin_audit", &[], Some(Role::Admin)),
];

#[tokio::test]
async fn every_page_and_server_function_checks_who_is_asking() {
    let app = TestApp::spawn().await;
    let credentials = credentials(&app).await;
    let mut failures = Vec::new();

    for &(path, needs) in PAGES {
        for who in EVERYONE {
            let expect = match (needs, who.role()) {
                (None, _) => Expect::Status(200),
                (Some(_), None) => Expect::SignIn,
                (Some(needed), Some(role)) if role >= needed => Expect::Status(200),
                (Some(_), Some(_)) => Expect::Status(403),
            };
            let response =
                with_identity(app.client.get(app.url(path)), who, &credentials).send().await.unwrap();
            check(path, who, expect, &response, &mut failures);
        }
    }

    for &(endpoint, form, needs) in SERVER_FNS {
        for who in EVERYONE {
            let expect = match (needs, who.role()) {
                (None, _) => Expect::Allowed,
                (Some(_), None) => Expect::Status(401),
                (Some(needed), Some(role)) if role >= needed => Expect::Allowed,
                (Some(_), Some(_)) => Expect::Status(403),
            };
            let request = app
                .client
                .post(app.url(&format!("/api/fn/{endpoint}")))
                .header("origin", &app.address)
                .form(form);
            let response = with_identity(request, who, &credentials).send().await.unwrap();
            check(endpoint, who, expect, &response, &mut failures);
        }
    }

    assert!(failures.is_empty(), "{} wrong answers:\n{}", failures.len(), failures.join("\n"));
    // Nothing above changed anything: the denied calls were denied, the allowed ones invalid.
    let changes: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action not like 'token.%' and action <> 'user.create'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(changes, 0);
    app.stop().await;
}

#[tokio::test]
async fn the_rest_api_takes_tokens_only() {
    let app = TestApp::spawn().await;
    let credentials = credentials(&app).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    app::db::projects::create(&mut conn, "alpha", "Alpha").await.unwrap().unwrap();
    drop(conn);
    let mut failures = Vec::new();

    let reads = [
        "/api/v1/projects",
        "/api/v1/projects/alpha",
        "/api/v1/projects/alpha/snapshots",
        "/api/v1/projects/alpha/items",
    ];
    for path in reads {
        for who in EVERYONE {
            let expect = match who {
                Who::UploadToken | Who::ReadToken => Expect::Status(200),
                // Session cookies mean nothing here, whatever the role.
                _ => Expect::Status(401),
            };
            let response =
                with_identity(app.client.get(app.url(path)), who, &credentials).send().await.unwrap();
            check(path, who, expect, &response, &mut failures);
        }
    }

    let upload = "/api/v1/projects/alpha/snapshots?dry_run=true";
    for who in EVERYONE {
        let expect = match who {
            Who::UploadToken => Expect::Status(200),
            Who::ReadToken => Expect::Status(403),
            _ => Expect::Status(401),
        };
        let request = app
            .client
            .post(app.url(upload))
            .header("content-type", "text/markdown")
            .body("# Audit\n\nOverall score: 70/100\n");
        let response = with_identity(request, who, &credentials).send().await.unwrap();
        check(upload, who, expect, &response, &mut failures);
    }

    assert!(failures.is_empty(), "{} wrong answers:\n{}", failures.len(), failures.join("\n"));
    app.stop().await;
}
