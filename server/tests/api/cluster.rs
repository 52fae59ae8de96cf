//! The private PostgreSQL cluster, driven through the real `plumb` binary.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const PLUMB: &str = env!("CARGO_BIN_EXE_plumb");
const STARTUP: Duration = Duration::from_secs(90);

/// `plumb` with the environment of a machine that has no DATABASE_URL.
fn plumb(data_dir: &Path) -> Command {
    let mut command = Command::new(PLUMB);
    command
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .env("PLUMB_DATA_DIR", data_dir)
        .kill_on_drop(true)
        .stdin(Stdio::null());
    command
}

struct Server {
    child: Child,
    url: String,
}

impl Server {
    async fn start(data_dir: &Path) -> Self {
        let mut child = plumb(data_dir)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = tokio::time::timeout(STARTUP, async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("Plumb is running at ") {
                    return url.to_owned();
                }
            }
            panic!("plumb exited before printing its URL");
        })
        .await
        .expect("plumb did not start in time");
        Self { child, url }
    }

    async fn ready(&self) -> u16 {
        reqwest::get(format!("{}/readyz", self.url)).await.unwrap().status().as_u16()
    }

    /// Sends SIGTERM, as an orchestrator or Ctrl-C would, and waits for a clean exit.
    async fn terminate(mut self) {
        let pid = Pid::from_raw(i32::try_from(self.child.id().unwrap()).unwrap());
        kill(pid, Signal::SIGTERM).unwrap();
        let status = tokio::time::timeout(STARTUP, self.child.wait()).await.unwrap().unwrap();
        assert!(status.success(), "plumb exited with {status}");
    }
}

fn cluster_running(data_dir: &Path) -> bool {
    data_dir.join("postgres/postmaster.pid").exists()
}

async fn connect(data_dir: &Path) -> sqlx::PgConnection {
    PgConnectOptions::new()
        .socket(data_dir.join("postgres"))
        .username("plumb")
        .database("plumb")
        .connect()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_private_cluster_starts_keeps_its_data_across_restarts_and_stops_with_plumb() {
    let data = tempfile::tempdir().unwrap();

    // First start: the cluster is created, migrated and served.
    let server = Server::start(data.path()).await;
    assert_eq!(server.ready().await, 200);
    assert!(cluster_running(data.path()));
    let mut db = connect(data.path()).await;
    sqlx::query("insert into project (slug, name) values ('kept', 'Kept across restarts')")
        .execute(&mut db)
        .await
        .unwrap();
    db.close().await.unwrap();
    server.terminate().await;
    assert!(!cluster_running(data.path()), "the cluster must stop with plumb");

    // Second start: same cluster, same data.
    let server = Server::start(data.path()).await;
    assert_eq!(server.ready().await, 200);
    let mut db = connect(data.path()).await;
    let name: String =
        sqlx::query_scalar("select name from project where slug = 'kept'").fetch_one(&mut db).await.unwrap();
    assert_eq!(name, "Kept across restarts");
    db.close().await.unwrap();
    server.terminate().await;
    assert!(!cluster_running(data.path()));
}

#[tokio::test]
async fn a_command_run_beside_a_server_joins_its_cluster_and_leaves_it_running() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path()).await;

    let migrate = plumb(data.path()).arg("migrate").output().await.unwrap();

    assert!(migrate.status.success(), "{}", String::from_utf8_lossy(&migrate.stderr));
    assert!(String::from_utf8_lossy(&migrate.stdout).contains("Database is up to date"));
    assert!(cluster_running(data.path()), "migrate must not stop the server's cluster");
    assert_eq!(server.ready().await, 200);
    server.terminate().await;
    assert!(!cluster_running(data.path()));
}

#[tokio::test]
async fn a_command_alone_starts_the_cluster_for_its_own_length() {
    let data = tempfile::tempdir().unwrap();

    let migrate = plumb(data.path()).arg("migrate").output().await.unwrap();

    assert!(migrate.status.success(), "{}", String::from_utf8_lossy(&migrate.stderr));
    assert!(data.path().join("postgres/PG_VERSION").is_file(), "the cluster was created");
    assert!(!cluster_running(data.path()), "and stopped again when migrate finished");
}

#[tokio::test]
async fn missing_server_binaries_are_a_clear_error() {
    let data = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();

    let output =
        plumb(data.path()).args(["migrate", "--pg-bin-dir"]).arg(empty.path()).output().await.unwrap();

    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("does not contain initdb, pg_ctl and postgres"), "{stderr}");
    assert!(!data.path().join("postgres/PG_VERSION").exists());
}

#[tokio::test]
async fn a_symlink_planted_in_the_data_dir_is_refused_and_its_target_left_alone() {
    use std::os::unix::fs::MetadataExt;
    let data = tempfile::tempdir().unwrap();
    let target = tempfile::tempdir().unwrap();
    let owner_before = std::fs::metadata(target.path()).unwrap().uid();
    std::os::unix::fs::symlink(target.path(), data.path().join("postgres")).unwrap();

    let output = plumb(data.path()).arg("migrate").output().await.unwrap();

    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("refusing to use") && stderr.contains("symlink"), "{stderr}");
    assert_eq!(
        std::fs::metadata(target.path()).unwrap().uid(),
        owner_before,
        "the target was not handed over"
    );
    assert_eq!(std::fs::read_dir(target.path()).unwrap().count(), 0, "nothing was written there");

    // A data directory that is itself a link is refused the same way.
    let linked = tempfile::tempdir().unwrap();
    let link = linked.path().join("data");
    std::os::unix::fs::symlink(target.path(), &link).unwrap();
    let output = plumb(&link).arg("migrate").output().await.unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
}

#[tokio::test]
async fn only_the_account_running_plumb_may_connect_to_its_cluster() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path()).await;
    let hba = std::fs::read_to_string(data.path().join("postgres/pg_hba.conf")).unwrap();
    assert!(!hba.contains("trust"), "{hba}");
    assert!(hba.contains("peer map=plumb"), "{hba}");

    // The server's own account can reach the socket; under the old `trust` rule it (and so any
    // other service run as that account) could connect as Plumb's superuser. Now the kernel-
    // checked peer rule refuses it. Only root can act as another account.
    if nix::unistd::geteuid().is_root() {
        use std::os::unix::process::CommandExt;
        let psql = plumb::embedded_pg::find_binaries(None, None).unwrap().dir.join("psql");
        let server_account =
            nix::unistd::User::from_name(plumb::embedded_pg::SERVER_ACCOUNT).unwrap().unwrap();
        let output = std::process::Command::new(&psql)
            .arg("-h")
            .arg(data.path().join("postgres"))
            .args(["-U", "plumb", "-d", "plumb", "-c", "select 1"])
            .current_dir("/")
            .uid(server_account.uid.as_raw())
            .gid(server_account.gid.as_raw())
            .output()
            .unwrap();
        assert!(
            !output.status.success(),
            "another account connected: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("Peer authentication failed"), "{stderr}");
    }
    // plumb's own account still connects.
    let mut db = connect(data.path()).await;
    let one: i32 = sqlx::query_scalar("select 1").fetch_one(&mut db).await.unwrap();
    assert_eq!(one, 1);
    db.close().await.unwrap();
    server.terminate().await;
}
