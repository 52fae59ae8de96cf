//! `plumb serve`: bind, serve until SIGINT/SIGTERM, drain, and leave the database cleanly.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use leptos::config::LeptosOptions;
use tokio::net::TcpListener;

use crate::cli::ServeArgs;
use crate::database::Database;
use crate::http::router;
use crate::state::{AppState, AuthSettings, MetricsAccess};

/// Leptos' own settings, from `serve`'s options (which read the usual `LEPTOS_*` variables).
pub fn leptos_options(args: &ServeArgs) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(args.output_name.as_str())
        .site_root(args.site_root.as_str())
        .site_pkg_dir(args.site_pkg_dir.as_str())
        .site_addr(args.listen)
        .build()
}

/// Runs the server on `database` until a shutdown signal, then closes the database (which stops
/// the private cluster if this process was its last user).
pub async fn run(args: ServeArgs, database: Database) -> anyhow::Result<()> {
    let served = async {
        database.migrate().await?;
        let listener = TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("could not listen on {}", args.listen))?;
        let options = leptos_options(&args);
        warn_if_bundle_missing(&options);
        let base_url = public_base_url(&args, &listener)?;
        print_setup_link(&database.pool, &base_url).await?;
        let state = AppState::new(options, database.pool.clone())
            .with_max_upload_bytes(args.max_upload_bytes)
            .with_auth(auth_settings(&args, &base_url))
            .with_stale_after_days(args.stale_after_days)
            .with_metrics_access(
                args.metrics_token.as_ref().map(|token| MetricsAccess::bearer(&token.0)).unwrap_or_default(),
            );
        let housekeeping = tokio::spawn(housekeeping(database.pool.clone()));
        let served = serve(listener, state, shutdown_signal()).await;
        housekeeping.abort();
        served
    }
    .await;
    let closed = database.close().await;
    served.and(closed)
}

/// Serves Plumb on `listener` until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let address: SocketAddr = listener.local_addr().context("listener has no local address")?;
    // Deliberate console output: people (and scripts) look for this line to find the URL.
    println!("Plumb is running at http://{address}");
    tracing::info!(%address, "listening");
    // Connection info gives the client address for sign-in throttling.
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
        .context("the HTTP server failed")?;
    tracing::info!("HTTP server stopped; in-flight requests finished");
    Ok(())
}

/// The URL people open: `--public-url`, else the listening address (a wildcard address shown as
/// localhost, which is where a first-run link is usually opened).
fn public_base_url(args: &ServeArgs, listener: &TcpListener) -> anyhow::Result<String> {
    if let Some(url) = &args.public_url {
        return Ok(url.trim_end_matches('/').to_owned());
    }
    let mut address = listener.local_addr().context("listener has no local address")?;
    if address.ip().is_unspecified() {
        address.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    Ok(format!("http://{address}"))
}

fn auth_settings(args: &ServeArgs, base_url: &str) -> AuthSettings {
    let public_host = args.public_url.as_deref().and_then(crate::http::origin::url_host).map(str::to_owned);
    AuthSettings {
        secure_cookies: args.secure_cookies || base_url.starts_with("https://"),
        behind_proxy: args.behind_proxy,
        public_https: args.public_url.as_deref().is_some_and(|url| url.starts_with("https://")),
        public_host,
        throttle: Default::default(),
    }
}

/// First run: while nobody has an account, print a one-time link that creates the first admin.
/// It goes to the console on purpose (whoever started Plumb is whoever may set it up), never to
/// the log.
async fn print_setup_link(pool: &sqlx::PgPool, base_url: &str) -> anyhow::Result<()> {
    if let Some(token) = app::actions::setup::issue_if_no_users(pool).await? {
        println!("No one has an account yet. Create the first admin here (the link works once):");
        println!("    {base_url}/setup?token={token}");
    }
    Ok(())
}

/// How often expired data (idempotency keys, sessions, old sign-in failures) is cleared out.
const HOUSEKEEPING_INTERVAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Periodic clean-up while serving. Several instances may run it at once; the deletes are
/// idempotent.
async fn housekeeping(pool: sqlx::PgPool) {
    let mut interval = tokio::time::interval(HOUSEKEEPING_INTERVAL);
    loop {
        interval.tick().await;
        match app::db::idempotency::purge_expired(&pool).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "forgot expired idempotency keys"),
            Err(error) => tracing::warn!(%error, "could not purge expired idempotency keys"),
        }
        if let Err(error) = crate::http::session::delete_expired(pool.clone()).await {
            tracing::warn!(%error, "could not delete expired sessions");
        }
        let day_ago = chrono::Utc::now() - chrono::Duration::days(1);
        if let Err(error) = app::db::login_throttle::purge_started_before(&pool, day_ago).await {
            tracing::warn!(%error, "could not forget old sign-in failures");
        }
        match app::db::drafts::delete_older_than(&pool, day_ago).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "deleted upload drafts older than a day"),
            Err(error) => tracing::warn!(%error, "could not delete old upload drafts"),
        }
    }
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM, the signals terminals and orchestrators send.
pub async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}

/// Pages still render without the browser bundle, but nothing on them reacts: tell the operator.
fn warn_if_bundle_missing(options: &LeptosOptions) {
    let script = Path::new(options.site_root.as_ref())
        .join(options.site_pkg_dir.as_ref())
        .join(format!("{}.js", options.output_name));
    if !script.is_file() {
        tracing::warn!(
            missing = %script.display(),
            "the browser bundle is missing: pages will render but not hydrate; build it with `scripts/build`"
        );
    }
}
