//! Spawning the app and giving each test its own database.

use std::path::PathBuf;

use app::actions::Acting;
use app::actions::accounts::NewAccount;
use app::domain::account::Role;
use plumb::cli::ServeArgs;
use plumb::embedded_pg::{ClusterLease, EmbeddedPostgres};
use plumb::state::{AppState, AuthSettings};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A database of its own for one test, on DATABASE_URL's server or on a private cluster that
/// all test processes share (see `plumb::embedded_pg` for how they share it).
pub struct TestDb {
    pub pool: PgPool,
    /// A URL for this database, for commands run as separate processes.
    pub url: String,
    name: String,
    admin: PgConnectOptions,
    lease: Option<ClusterLease>,
}

/// Where the test processes' shared private cluster lives when DATABASE_URL is not set.
fn test_cluster_dir() -> PathBuf {
    std::env::var_os("PLUMB_TEST_DATA_DIR").map(PathBuf::from).unwrap_or_else(|| {
        std::env::temp_dir().join(format!("plumb-test-cluster-{}", nix::unistd::geteuid()))
    })
}

impl TestDb {
    /// A fresh, migrated database.
    pub async fn create() -> Self {
        let db = Self::create_empty().await;
        plumb::database::migrate(&db.pool).await.unwrap();
        db
    }

    /// A fresh database with no tables.
    pub async fn create_empty() -> Self {
        let name = format!("plumb_test_{}", uuid::Uuid::new_v4().simple());
        let (admin, lease, url) = match std::env::var("DATABASE_URL") {
            Ok(base) => {
                let mut url = reqwest::Url::parse(&base).unwrap();
                url.set_path(&name);
                (base.parse::<PgConnectOptions>().unwrap(), None, url.to_string())
            }
            Err(_) => {
                let lease = EmbeddedPostgres::new(test_cluster_dir(), None).acquire().await.unwrap();
                let url = format!("postgres://plumb@localhost/{name}?host={}", lease.cluster_dir().display());
                (lease.connect_options(), Some(lease), url)
            }
        };
        let mut connection = admin.connect().await.unwrap();
        sqlx::query(&format!("create database {name}")).execute(&mut connection).await.unwrap();
        connection.close().await.unwrap();
        let pool = PgPoolOptions::new()
            .max_connections(5)
            .connect_with(admin.clone().database(&name))
            .await
            .unwrap();
        Self { pool, url, name, admin, lease }
    }

    /// Drops the database and leaves the shared cluster. Tests call it last; a failed test
    /// skips it, which only leaves a throwaway database behind.
    pub async fn drop_database(self) {
        self.pool.close().await;
        let mut connection = self.admin.connect().await.unwrap();
        sqlx::query(&format!("drop database if exists {} with (force)", self.name))
            .execute(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
        if let Some(lease) = self.lease {
            lease.release().await.unwrap();
        }
    }
}

/// The router served on 127.0.0.1:0 in this process.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: TestDb,
    /// Anti-forgery tokens of the sessions seen so far, by cookie.
    tokens: std::sync::Mutex<std::collections::HashMap<String, String>>,
    shutdown: oneshot::Sender<()>,
    server: JoinHandle<anyhow::Result<()>>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_on(TestDb::create().await).await
    }

    pub async fn spawn_on(db: TestDb) -> Self {
        Self::spawn_configured(db, AuthSettings::default()).await
    }

    /// The app with its own sign-in settings (short throttle windows, Secure cookies, …).
    pub async fn spawn_with_auth(auth: AuthSettings) -> Self {
        Self::spawn_configured(TestDb::create().await, auth).await
    }

    async fn spawn_configured(db: TestDb, auth: AuthSettings) -> Self {
        Self::spawn_with_state(db, |state| state.with_auth(auth)).await
    }

    /// The app with settings of its own, made from the defaults by `configure`.
    pub async fn spawn_with_state(db: TestDb, configure: impl FnOnce(AppState) -> AppState) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let args = serve_args(listener.local_addr().unwrap());
        let state = configure(AppState::new(plumb::serve::leptos_options(&args), db.pool.clone()));
        let (shutdown, stop) = oneshot::channel::<()>();
        let server = tokio::spawn(plumb::serve::serve(listener, state, async {
            let _ = stop.await;
        }));
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Self { address, client, db, tokens: Default::default(), shutdown, server }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Creates an account with [`PASSWORD`].
    pub async fn add_user(&self, email: &str, role: Role) -> i64 {
        let account = NewAccount {
            email: email.to_owned(),
            display_name: format!("{} Tester", role.as_str()),
            role,
            password: PASSWORD.to_owned(),
        };
        app::actions::accounts::create(&self.db.pool, &Acting::command_line(), account).await.unwrap()
    }

    /// Signs in through the login server function; returns the `Cookie` header value.
    pub async fn sign_in(&self, email: &str) -> String {
        let response = self.call("login", None, &[("email", email), ("password", PASSWORD)]).await;
        assert_eq!(response.status(), 200, "sign-in of {email} failed");
        session_cookie(&response).expect("a session cookie after signing in")
    }

    /// An account of `role` that is signed in; returns its `Cookie` header value.
    pub async fn signed_in(&self, role: Role) -> String {
        let email = format!("{}@example.com", role.as_str());
        self.add_user(&email, role).await;
        self.sign_in(&email).await
    }

    /// Calls a server function the way the browser bundle does (same origin, JSON answer, and
    /// for a signed-in session the anti-forgery token its pages carry).
    pub async fn call(
        &self,
        endpoint: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut fields: Vec<(String, String)> =
            form.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
        let mut request = self
            .client
            .post(self.url(&format!("/api/fn/{endpoint}")))
            .header("origin", &self.address)
            .header("accept", "application/json");
        if let Some(cookie) = cookie {
            if let Some(token) = self.csrf_of(cookie).await {
                fields.push(("csrf".to_owned(), token));
            }
            request = request.header("cookie", cookie);
        }
        request.form(&fields).send().await.unwrap()
    }

    /// The anti-forgery token of the session behind `cookie`, read from a page as a browser
    /// would (`None` when the session is nobody's).
    pub async fn csrf_of(&self, cookie: &str) -> Option<String> {
        if let Some(token) = self.tokens.lock().unwrap().get(cookie) {
            return Some(token.clone());
        }
        let page = self.get_as("/account", cookie).await.text().await.unwrap();
        let token = csrf_in(&page)?;
        self.tokens.lock().unwrap().insert(cookie.to_owned(), token.clone());
        Some(token)
    }

    /// GETs a page with a session cookie.
    pub async fn get_as(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client.get(self.url(path)).header("cookie", cookie).send().await.unwrap()
    }

    /// Who the server thinks `cookie` belongs to (None: anonymous).
    pub async fn whoami(&self, cookie: &str) -> Option<String> {
        let response = self.call("current_user", Some(cookie), &[]).await;
        assert_eq!(response.status(), 200);
        let user: Option<serde_json::Value> = response.json().await.unwrap();
        user.map(|user| user["email"].as_str().unwrap().to_owned())
    }

    /// Stops the server gracefully and drops the test database.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        self.server.await.unwrap().unwrap();
        self.db.drop_database().await;
    }
}

/// The anti-forgery token in a page's forms, if it has any.
pub fn csrf_in(page: &str) -> Option<String> {
    let start = page.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let token = &page[start..start + page[start..].find('"')?];
    (!token.is_empty()).then(|| token.to_owned())
}

/// The password of every account tests create.
pub const PASSWORD: &str = "river stone lantern path";

/// `plumb_session=<id>` from a response's Set-Cookie, if it sets a live session.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response.headers().get_all("set-cookie").iter().find_map(|header| {
        let pair = header.to_str().ok()?.split(';').next()?.trim();
        let value = pair.strip_prefix("plumb_session=")?;
        (!value.is_empty()).then(|| pair.to_owned())
    })
}

/// `serve`'s options as the binary would parse them with no flags, on the given address.
pub fn serve_args(listen: std::net::SocketAddr) -> ServeArgs {
    use clap::Parser;
    #[derive(Parser)]
    struct Only {
        #[command(flatten)]
        serve: ServeArgs,
    }
    let mut args = Only::try_parse_from(["plumb"]).unwrap().serve;
    args.listen = listen;
    args
}

/// Inserts a project and one snapshot of it, the way an upload would leave them.
pub async fn insert_project_with_snapshot(pool: &PgPool, slug: &str) -> i64 {
    let project_id: i64 =
        sqlx::query_scalar("insert into project (slug, name) values ($1, $2) returning project_id")
            .bind(slug)
            .bind(format!("Project {slug}"))
            .fetch_one(pool)
            .await
            .unwrap();
    sqlx::query(
        "insert into snapshot (project_id, taken_at, source_bytes, source_sha256, source_text, \
         parser_version, result, overall_basis) \
         values ($1, now(), $2, encode(sha256($2), 'hex'), $3, 'test', '{}', 'none')",
    )
    .bind(project_id)
    .bind(format!("# Audit of {slug}").into_bytes())
    .bind(format!("# Audit of {slug}"))
    .execute(pool)
    .await
    .unwrap();
    project_id
}

/// The one value `sql` selects.
pub async fn scalar<T>(app: &TestApp, sql: &str) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Send + Unpin,
{
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}
