//! Plumb's private PostgreSQL cluster, run from the server binaries installed on the machine.
//!
//! Without `DATABASE_URL`, `plumb` keeps its data in a cluster inside `--data-dir`:
//!
//! ```text
//! <data-dir>/postgres/       the cluster (PGDATA); its Unix socket lives here too
//! <data-dir>/postgres/plumb-postgres.log
//! <data-dir>/.start.lock     held while a process decides to start or stop the cluster
//! <data-dir>/.users.lock     held (shared) by every `plumb` process using the cluster
//! ```
//!
//! The server listens on no TCP port (`listen_addresses = ''`), only on a socket in the cluster
//! directory, so it cannot collide with another PostgreSQL and nobody else can reach it.
//!
//! Several `plumb` processes may use one cluster (a `plumb serve` and a `plumb migrate`, or test
//! processes). The two lock files make that safe without a daemon: every user holds a shared
//! lock on `.users.lock` for as long as it uses the cluster, and whoever leaves last stops it.
//! Starting and stopping happen under the exclusive `.start.lock`, so a process that is joining
//! can never see the cluster stopped from under it. Locks die with their process, so a crash
//! leaves nothing stale behind: the next user finds the cluster running and adopts it.
//!
//! PostgreSQL refuses to run as root. When `plumb` runs as root it runs the cluster as a system
//! user of its own, `plumb-postgres` (created on first use), so that no other service's account
//! (the distribution's `postgres`, `nobody`) can reach Plumb's data. Clusters from earlier
//! versions, run as `postgres` or `nobody`, are handed over to it.
//!
//! Connections are authenticated by the kernel (`peer`): only the OS account that runs `plumb`
//! may connect, as the `plumb` database user; every other local account is refused, and there
//! is no password to keep. `pg_hba.conf` and `pg_ident.conf` are written at every start.
//!
//! The data directory and the cluster directory must be real directories (not symlinks), owned
//! by `plumb`'s account and the server account respectively; anything else is refused before
//! anything is changed, so a planted link can never make Plumb hand another directory over.

use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};

/// The names of the server binaries Plumb needs.
const REQUIRED_BINARIES: [&str; 3] = ["initdb", "pg_ctl", "postgres"];
/// Superuser and database created in a new cluster.
const CLUSTER_USER: &str = "plumb";
const DATABASE_NAME: &str = "plumb";
/// Only names the socket file (`.s.PGSQL.5432`); no TCP port is opened.
const SOCKET_PORT: u16 = 5432;
/// Linux limits a Unix socket path to 107 bytes.
const MAX_SOCKET_PATH: usize = 107;
const START_TIMEOUT_SECS: u32 = 60;

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or in \
         /usr/lib/postgresql/*/bin.\n  Install them (Debian/Ubuntu: `apt-get install postgresql`, \
         Fedora: `dnf install postgresql-server`, macOS: `brew install postgresql@16`), \
         point --pg-bin-dir / PLUMB_PG_BIN_DIR at them, \
         or set DATABASE_URL to use an existing PostgreSQL server."
    )]
    BinariesNotFound,
    #[error("{dir} does not contain initdb, pg_ctl and postgres (from --pg-bin-dir / PLUMB_PG_BIN_DIR)")]
    BadBinDir { dir: PathBuf },
    #[error(
        "the cluster in {data_dir} was created by PostgreSQL {cluster_major}, but only PostgreSQL \
         {found} is installed; install PostgreSQL {cluster_major} or upgrade the cluster with pg_upgrade"
    )]
    VersionMismatch { data_dir: PathBuf, cluster_major: String, found: String },
    #[error(
        "the data directory path is too long for PostgreSQL's Unix socket ({len} bytes, at most \
         {MAX_SOCKET_PATH}): {socket}; choose a shorter --data-dir"
    )]
    SocketPathTooLong { socket: String, len: usize },
    #[error(
        "PostgreSQL cannot run as root, so Plumb runs it as user '{user}', who cannot enter {dir}; \
         choose a --data-dir that user can reach (for example /var/lib/plumb)"
    )]
    NotReachableByServerUser { user: String, dir: PathBuf },
    #[error(
        "{path} exists but is not a PostgreSQL cluster (no PG_VERSION file) and is not empty; move it away or choose another --data-dir"
    )]
    NotACluster { path: PathBuf },
    #[error("{action} failed: {detail}")]
    Command { action: String, detail: String },
    #[error("refusing to use {path}: it {problem}; move it away or choose another --data-dir")]
    Unsafe { path: PathBuf, problem: String },
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    #[error("could not set up the `plumb` database in the private cluster: {0}")]
    Database(#[from] sqlx::Error),
}

fn io_context(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> EmbeddedError {
    let context = context.into();
    move |source| EmbeddedError::Io { context, source }
}

/// A set of PostgreSQL server binaries and their major version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerBinaries {
    pub dir: PathBuf,
    pub major: String,
}

impl ServerBinaries {
    fn tool(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// Where Debian and Ubuntu install each PostgreSQL version: `<root>/<version>/bin`.
const DISTRO_ROOT: &str = "/usr/lib/postgresql";

/// Finds PostgreSQL server binaries: an explicit directory, then PATH, then the Debian/Ubuntu
/// layout `/usr/lib/postgresql/<version>/bin`. When `wanted_major` is given (an existing
/// cluster's version) a matching set is preferred.
pub fn find_binaries(
    explicit: Option<&Path>,
    wanted_major: Option<&str>,
) -> Result<ServerBinaries, EmbeddedError> {
    let path_dirs = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    find_binaries_in(explicit, wanted_major, &path_dirs, Path::new(DISTRO_ROOT))
}

/// [`find_binaries`] with the search places given, so it can be tested on a made-up layout.
fn find_binaries_in(
    explicit: Option<&Path>,
    wanted_major: Option<&str>,
    path_dirs: &[PathBuf],
    distro_root: &Path,
) -> Result<ServerBinaries, EmbeddedError> {
    if let Some(dir) = explicit {
        return probe_dir(dir).ok_or_else(|| EmbeddedError::BadBinDir { dir: dir.to_owned() });
    }
    let mut distro_dirs: Vec<(u32, PathBuf)> = fs::read_dir(distro_root)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| {
                    let version = entry.file_name().to_string_lossy().parse().unwrap_or(0);
                    (version, entry.path().join("bin"))
                })
                .collect()
        })
        .unwrap_or_default();
    // Newest first: a fresh cluster should get the best server the machine has.
    distro_dirs.sort_by(|a, b| b.cmp(a));

    let mut candidates: Vec<ServerBinaries> = Vec::new();
    for dir in path_dirs.iter().chain(distro_dirs.iter().map(|(_, dir)| dir)) {
        if let Some(found) = probe_dir(dir)
            && !candidates.iter().any(|known| known.major == found.major)
        {
            candidates.push(found);
        }
    }
    if let Some(wanted) = wanted_major
        && let Some(matching) = candidates.iter().find(|c| c.major == wanted)
    {
        return Ok(matching.clone());
    }
    // PATH comes first, so a user's own choice wins over the distribution's directories.
    candidates.into_iter().next().ok_or(EmbeddedError::BinariesNotFound)
}

/// The binaries in `dir` and their major version, if all three are there and runnable.
fn probe_dir(dir: &Path) -> Option<ServerBinaries> {
    if !REQUIRED_BINARIES.iter().all(|name| dir.join(name).is_file()) {
        return None;
    }
    // Resolve symlinks (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb) so that
    // initdb finds its sibling `postgres` and share files.
    let real_dir = fs::canonicalize(dir.join("pg_ctl")).ok()?.parent()?.to_owned();
    let output = Command::new(real_dir.join("pg_ctl")).arg("--version").output().ok()?;
    let major = parse_major_version(&String::from_utf8_lossy(&output.stdout))?;
    Some(ServerBinaries { dir: real_dir, major })
}

/// "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "15"; "9.6.24" -> "9.6".
pub fn parse_major_version(version_output: &str) -> Option<String> {
    let number = version_output
        .split_whitespace()
        .find(|word| word.chars().next().is_some_and(|c| c.is_ascii_digit()))?;
    let mut parts = number.split('.');
    let first = parts.next()?;
    let first_value: u32 = first.parse().ok()?;
    if first_value >= 10 { Some(first.to_owned()) } else { Some(format!("{first}.{}", parts.next()?)) }
}

/// The OS account the cluster runs as when `plumb` itself runs as root.
#[derive(Debug, Clone)]
struct ServerUser {
    name: String,
    uid: u32,
    gid: u32,
}

/// The system account Plumb's cluster runs as when `plumb` runs as root.
pub const SERVER_ACCOUNT: &str = "plumb-postgres";
/// Accounts earlier versions ran the cluster as; a cluster owned by one is handed over.
const LEGACY_ACCOUNTS: [&str; 2] = ["postgres", "nobody"];

fn lookup_user(name: &str) -> Option<ServerUser> {
    let user = nix::unistd::User::from_name(name).ok().flatten()?;
    Some(ServerUser { name: name.to_owned(), uid: user.uid.as_raw(), gid: user.gid.as_raw() })
}

/// The server account when we are root (created if missing), else `None`: the cluster then
/// runs as ourselves.
fn server_user_if_root() -> Result<Option<ServerUser>, EmbeddedError> {
    if !nix::unistd::geteuid().is_root() {
        return Ok(None);
    }
    if let Some(user) = lookup_user(SERVER_ACCOUNT) {
        return Ok(Some(user));
    }
    // Several `plumb` processes may start at once on a new machine (tests do): one creates the
    // account while the others wait, then find it. The lock is an flock on /etc/passwd, which
    // only root can take here and nothing else uses (useradd locks another way).
    let passwd = File::open("/etc/passwd").map_err(io_context("could not open /etc/passwd"))?;
    passwd.lock().map_err(io_context("could not lock /etc/passwd"))?;
    if let Some(user) = lookup_user(SERVER_ACCOUNT) {
        return Ok(Some(user));
    }
    // A root shell's PATH usually has /usr/sbin, but a service manager's may not.
    let useradd = ["/usr/sbin/useradd", "/sbin/useradd"]
        .into_iter()
        .map(Path::new)
        .find(|path| path.is_file())
        .map_or_else(|| PathBuf::from("useradd"), Path::to_path_buf);
    let output = Command::new(&useradd)
        .args(["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent"])
        .args(["--shell", "/usr/sbin/nologin", "--comment", "Plumb's private PostgreSQL", SERVER_ACCOUNT])
        .output()
        .map_err(io_context(format!("could not run useradd to create the {SERVER_ACCOUNT} account")))?;
    check_output(&format!("creating the system account {SERVER_ACCOUNT}"), &output)?;
    lookup_user(SERVER_ACCOUNT).map(Some).ok_or_else(|| EmbeddedError::Command {
        action: format!("creating the system account {SERVER_ACCOUNT}"),
        detail: "useradd succeeded but the account cannot be found".to_owned(),
    })
}

/// The name of the OS account this process runs as (what `peer` authentication sees).
fn own_account() -> Result<String, EmbeddedError> {
    let uid = nix::unistd::geteuid();
    nix::unistd::User::from_uid(uid).ok().flatten().map(|user| user.name).ok_or_else(|| {
        EmbeddedError::Command {
            action: "finding this process's account".to_owned(),
            detail: format!("uid {uid} has no name in the user database"),
        }
    })
}

/// Refuses `path` when it is a symlink or owned by someone other than `owner` (a uid). A
/// missing path is fine: it will be created.
fn check_owned(path: &Path, owner: u32) -> Result<(), EmbeddedError> {
    use std::os::unix::fs::MetadataExt;
    let Ok(metadata) = fs::symlink_metadata(path) else { return Ok(()) };
    if metadata.file_type().is_symlink() || !metadata.is_dir() {
        return Err(EmbeddedError::Unsafe {
            path: path.to_owned(),
            problem: "is not a real directory (a symlink, or a file)".to_owned(),
        });
    }
    if metadata.uid() != owner {
        return Err(EmbeddedError::Unsafe {
            path: path.to_owned(),
            problem: format!("belongs to uid {}, not to uid {owner}", metadata.uid()),
        });
    }
    Ok(())
}

/// The default `--data-dir`: the XDG data directory for ordinary users, /var/lib/plumb for root
/// (root's home is usually closed to the `postgres` user the cluster then runs as).
pub fn default_data_dir() -> PathBuf {
    if nix::unistd::geteuid().is_root() {
        return PathBuf::from("/var/lib/plumb");
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("plumb")
}

/// A private cluster in a data directory, not yet in use.
#[derive(Debug)]
pub struct EmbeddedPostgres {
    data_dir: PathBuf,
    pg_bin_dir: Option<PathBuf>,
}

impl EmbeddedPostgres {
    pub fn new(data_dir: impl Into<PathBuf>, pg_bin_dir: Option<PathBuf>) -> Self {
        Self { data_dir: data_dir.into(), pg_bin_dir }
    }

    pub fn cluster_dir(&self) -> PathBuf {
        self.data_dir.join("postgres")
    }

    /// Starts the cluster (creating it on first use) or joins it if another `plumb` process
    /// already runs it, and makes sure the `plumb` database exists.
    pub async fn acquire(self) -> Result<ClusterLease, EmbeddedError> {
        let lease =
            tokio::task::spawn_blocking(move || self.acquire_blocking()).await.map_err(|join| {
                EmbeddedError::Command { action: "starting PostgreSQL".into(), detail: join.to_string() }
            })??;
        lease.ensure_database().await?;
        Ok(lease)
    }

    fn acquire_blocking(self) -> Result<ClusterLease, EmbeddedError> {
        let own_uid = nix::unistd::geteuid().as_raw();
        // Checked before anything is created or changed: a link planted here is refused.
        check_owned(&self.data_dir, own_uid)?;
        let server_user = server_user_if_root()?;
        let cluster_dir = self.cluster_dir();
        fs::create_dir_all(&self.data_dir)
            .map_err(io_context(format!("could not create data directory {}", self.data_dir.display())))?;
        let data_dir = fs::canonicalize(&self.data_dir)
            .map_err(io_context(format!("could not resolve {}", self.data_dir.display())))?;
        let cluster_dir = data_dir.join(cluster_dir.file_name().unwrap_or_default());

        let socket = cluster_dir.join(format!(".s.PGSQL.{SOCKET_PORT}"));
        let socket_len = socket.as_os_str().len();
        if socket_len > MAX_SOCKET_PATH {
            return Err(EmbeddedError::SocketPathTooLong {
                socket: socket.display().to_string(),
                len: socket_len,
            });
        }
        if let Some(user) = &server_user {
            open_path_for(user, &data_dir)?;
        }

        let start_lock = lock_file(&data_dir.join(".start.lock"), LockKind::Exclusive)?;
        let users_lock = lock_file(&data_dir.join(".users.lock"), LockKind::Shared)?;

        let cluster_major =
            fs::read_to_string(cluster_dir.join("PG_VERSION")).ok().map(|v| v.trim().to_owned());
        let binaries = find_binaries(self.pg_bin_dir.as_deref(), cluster_major.as_deref())?;
        if let Some(major) = &cluster_major
            && *major != binaries.major
        {
            return Err(EmbeddedError::VersionMismatch {
                data_dir: cluster_dir,
                cluster_major: major.clone(),
                found: binaries.major,
            });
        }

        let server_uid = server_user.as_ref().map_or(own_uid, |user| user.uid);
        if let Some(user) = &server_user {
            adopt_legacy_cluster(&cluster_dir, user)?;
        }
        check_owned(&cluster_dir, server_uid)?;
        let client_account = own_account()?;
        let lease = ClusterLease {
            data_dir,
            cluster_dir,
            binaries,
            server_user,
            client_account,
            users_lock: Some(users_lock),
        };
        if cluster_major.is_none() {
            lease.init_cluster()?;
        }
        if !lease.is_running()? {
            lease.start()?;
        }
        drop(start_lock);
        Ok(lease)
    }
}

/// Permission to use a running private cluster. Give it back with [`ClusterLease::release`];
/// the last process to do so stops the cluster.
#[derive(Debug)]
pub struct ClusterLease {
    data_dir: PathBuf,
    cluster_dir: PathBuf,
    binaries: ServerBinaries,
    server_user: Option<ServerUser>,
    /// The OS account `plumb` runs as: the only one allowed to connect.
    client_account: String,
    users_lock: Option<File>,
}

impl ClusterLease {
    /// How to connect to the `plumb` database over the cluster's Unix socket.
    pub fn connect_options(&self) -> PgConnectOptions {
        self.connect_options_for(DATABASE_NAME)
    }

    fn connect_options_for(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new_without_pgpass()
            .socket(&self.cluster_dir)
            .port(SOCKET_PORT)
            .username(CLUSTER_USER)
            .database(database)
            .application_name("plumb")
    }

    pub fn cluster_dir(&self) -> &Path {
        &self.cluster_dir
    }

    /// Leaves the cluster; stops it when no other `plumb` process is using it.
    /// Returns whether this call stopped the cluster.
    pub async fn release(mut self) -> Result<bool, EmbeddedError> {
        let users_lock = self.users_lock.take();
        tokio::task::spawn_blocking(move || self.release_blocking(users_lock)).await.map_err(|join| {
            EmbeddedError::Command { action: "stopping PostgreSQL".into(), detail: join.to_string() }
        })?
    }

    fn release_blocking(&self, users_lock: Option<File>) -> Result<bool, EmbeddedError> {
        let start_lock = lock_file(&self.data_dir.join(".start.lock"), LockKind::Exclusive)?;
        drop(users_lock);
        let users_path = self.data_dir.join(".users.lock");
        let probe = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&users_path)
            .map_err(io_context(format!("could not open {}", users_path.display())))?;
        let last_user = probe.try_lock().is_ok();
        let stopped = if last_user && self.is_running()? {
            self.stop()?;
            true
        } else {
            false
        };
        drop(probe);
        drop(start_lock);
        Ok(stopped)
    }

    fn init_cluster(&self) -> Result<(), EmbeddedError> {
        if self.cluster_dir.exists() {
            let empty = fs::read_dir(&self.cluster_dir)
                .map_err(io_context(format!("could not read {}", self.cluster_dir.display())))?
                .next()
                .is_none();
            if !empty {
                return Err(EmbeddedError::NotACluster { path: self.cluster_dir.clone() });
            }
        } else {
            fs::create_dir(&self.cluster_dir)
                .map_err(io_context(format!("could not create {}", self.cluster_dir.display())))?;
        }
        fs::set_permissions(&self.cluster_dir, fs::Permissions::from_mode(0o700))
            .map_err(io_context(format!("could not restrict {}", self.cluster_dir.display())))?;
        if let Some(user) = &self.server_user {
            std::os::unix::fs::lchown(&self.cluster_dir, Some(user.uid), Some(user.gid)).map_err(
                io_context(format!("could not hand {} to user {}", self.cluster_dir.display(), user.name)),
            )?;
        }
        tracing::info!(cluster = %self.cluster_dir.display(), version = %self.binaries.major, "creating a private PostgreSQL cluster");
        let output = self
            .pg_command("initdb")
            .arg("--pgdata")
            .arg(&self.cluster_dir)
            .args([
                "--username",
                CLUSTER_USER,
                // Until start() writes the real rules: nothing may connect over TCP, and locally
                // only the server's own account (peer).
                "--auth-host",
                "reject",
                "--auth-local",
                "peer",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-instructions",
            ])
            .output()
            .map_err(io_context("could not run initdb"))?;
        check_output("initdb", &output)
    }

    fn is_running(&self) -> Result<bool, EmbeddedError> {
        let output = self
            .pg_command("pg_ctl")
            .arg("status")
            .arg("--pgdata")
            .arg(&self.cluster_dir)
            .output()
            .map_err(io_context("could not run pg_ctl status"))?;
        // pg_ctl status: 0 running, 3 not running, 4 no accessible data directory.
        match output.status.code() {
            Some(0) => Ok(true),
            Some(3) => Ok(false),
            _ => check_output("pg_ctl status", &output).map(|()| false),
        }
    }

    /// Writes who may connect: over the socket only, only `plumb`'s own OS account (peer), and
    /// only as the `plumb` database user. Written at every start, so clusters made by earlier
    /// versions (which trusted every local connection) are tightened as well.
    fn write_access_rules(&self) -> Result<(), EmbeddedError> {
        let hba = format!(
            "# Written by plumb at every start; edits are overwritten.\n\
             local all {CLUSTER_USER} peer map=plumb\n"
        );
        let ident = format!(
            "# Written by plumb at every start; edits are overwritten.\n\
             plumb {account} {CLUSTER_USER}\n",
            account = self.client_account
        );
        for (name, text) in [("pg_hba.conf", hba), ("pg_ident.conf", ident)] {
            let path = self.cluster_dir.join(name);
            // Replace, never write through: a link planted in place of the file is removed.
            let _ = fs::remove_file(&path);
            fs::write(&path, text).map_err(io_context(format!("could not write {}", path.display())))?;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
                .map_err(io_context(format!("could not restrict {}", path.display())))?;
            if let Some(user) = &self.server_user {
                std::os::unix::fs::lchown(&path, Some(user.uid), Some(user.gid))
                    .map_err(io_context(format!("could not hand {} to {}", path.display(), user.name)))?;
            }
        }
        Ok(())
    }

    fn start(&self) -> Result<(), EmbeddedError> {
        self.write_access_rules()?;
        let socket_dir = shell_quote(&self.cluster_dir.to_string_lossy());
        // No TCP at all; the socket is only for the owner (root bypasses the mode anyway).
        let server_options = format!(
            "-c listen_addresses='' -c unix_socket_directories={socket_dir} -c unix_socket_permissions=0700 -p {SOCKET_PORT}"
        );
        let log = self.cluster_dir.join("plumb-postgres.log");
        tracing::info!(cluster = %self.cluster_dir.display(), "starting the private PostgreSQL cluster");
        let output = self
            .pg_command("pg_ctl")
            .arg("start")
            .arg("--pgdata")
            .arg(&self.cluster_dir)
            .arg("--log")
            .arg(&log)
            .args(["--wait", "--timeout", &START_TIMEOUT_SECS.to_string(), "-o", &server_options])
            .output()
            .map_err(io_context("could not run pg_ctl start"))?;
        check_output("pg_ctl start", &output).map_err(|error| match error {
            EmbeddedError::Command { action, detail } => EmbeddedError::Command {
                action,
                detail: format!("{detail}\n  server log: {}", log.display()),
            },
            other => other,
        })
    }

    fn stop(&self) -> Result<(), EmbeddedError> {
        tracing::info!(cluster = %self.cluster_dir.display(), "stopping the private PostgreSQL cluster");
        let output = self
            .pg_command("pg_ctl")
            .arg("stop")
            .arg("--pgdata")
            .arg(&self.cluster_dir)
            .args(["--mode", "fast", "--wait"])
            .output()
            .map_err(io_context("could not run pg_ctl stop"))?;
        check_output("pg_ctl stop", &output)
    }

    /// A command for one of the server binaries, run as the server user when we are root,
    /// detached from our terminal's process group so Ctrl-C reaches `plumb` only and `plumb`
    /// shuts the cluster down in order.
    fn pg_command(&self, tool: &str) -> Command {
        let mut command = Command::new(self.binaries.tool(tool));
        command.current_dir("/").process_group(0);
        for var in ["PGDATA", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGOPTIONS"] {
            command.env_remove(var);
        }
        if let Some(user) = &self.server_user {
            command.uid(user.uid).gid(user.gid);
        }
        command
    }

    async fn ensure_database(&self) -> Result<(), EmbeddedError> {
        let mut connection = self.connect_options_for("postgres").connect().await?;
        let exists: bool = sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
            .bind(DATABASE_NAME)
            .fetch_one(&mut connection)
            .await?;
        if !exists {
            // Two processes may race here on a brand-new cluster; losing the race is fine.
            let created =
                sqlx::query(&format!("create database {DATABASE_NAME}")).execute(&mut connection).await;
            if let Err(error) = created {
                // 42P04 duplicate_database, or 23505 when both CREATE DATABASE statements reach the
                // catalog's unique index at the same moment.
                let duplicate = error
                    .as_database_error()
                    .and_then(|e| e.code())
                    .is_some_and(|code| code == "42P04" || code == "23505");
                if !duplicate {
                    return Err(error.into());
                }
            }
        }
        connection.close().await?;
        Ok(())
    }
}

impl Drop for ClusterLease {
    fn drop(&mut self) {
        if self.users_lock.is_some() {
            // Dropped without release(): the lock goes with us, and the next `plumb` to leave
            // stops the cluster. Say so rather than block in a destructor.
            tracing::debug!(cluster = %self.cluster_dir.display(), "cluster lease dropped without release");
        }
    }
}

#[derive(Clone, Copy)]
enum LockKind {
    Shared,
    Exclusive,
}

fn lock_file(path: &Path, kind: LockKind) -> Result<File, EmbeddedError> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io_context(format!("could not open {}", path.display())))?;
    let locked = match kind {
        LockKind::Shared => file.lock_shared(),
        LockKind::Exclusive => file.lock(),
    };
    locked.map_err(io_context(format!("could not lock {}", path.display())))?;
    Ok(file)
}

/// A cluster made by an earlier version as `postgres` or `nobody` becomes the server account's
/// (`chown -R` does not follow symlinks inside it).
fn adopt_legacy_cluster(cluster_dir: &Path, user: &ServerUser) -> Result<(), EmbeddedError> {
    use std::os::unix::fs::MetadataExt;
    let Ok(metadata) = fs::symlink_metadata(cluster_dir) else { return Ok(()) };
    if metadata.file_type().is_symlink() || metadata.uid() == user.uid {
        return Ok(());
    }
    let legacy =
        LEGACY_ACCOUNTS.iter().filter_map(|name| lookup_user(name)).any(|old| old.uid == metadata.uid());
    if !legacy {
        return Ok(());
    }
    tracing::info!(cluster = %cluster_dir.display(), to = %user.name, "handing the private cluster to its own account");
    let output = Command::new("chown")
        .arg("-R")
        .arg(format!("{}:{}", user.uid, user.gid))
        .arg(cluster_dir)
        .output()
        .map_err(io_context("could not run chown"))?;
    check_output(&format!("handing {} to {}", cluster_dir.display(), user.name), &output)
}

/// Makes `dir` enterable by the server user and checks every ancestor is too.
fn open_path_for(user: &ServerUser, dir: &Path) -> Result<(), EmbeddedError> {
    let metadata = fs::metadata(dir).map_err(io_context(format!("could not inspect {}", dir.display())))?;
    let mode = metadata.permissions().mode();
    if mode & 0o001 == 0 {
        // Traverse only: the server user may enter, not list. Lock files stay root's.
        fs::set_permissions(dir, fs::Permissions::from_mode((mode & 0o7777) | 0o011))
            .map_err(io_context(format!("could not open {} to user {}", dir.display(), user.name)))?;
    }
    for ancestor in dir.ancestors().skip(1) {
        let Ok(metadata) = fs::metadata(ancestor) else { continue };
        let mode = metadata.permissions().mode();
        use std::os::unix::fs::MetadataExt;
        let enterable = mode & 0o001 != 0
            || (metadata.uid() == user.uid && mode & 0o100 != 0)
            || (metadata.gid() == user.gid && mode & 0o010 != 0);
        if !enterable {
            return Err(EmbeddedError::NotReachableByServerUser {
                user: user.name.clone(),
                dir: ancestor.to_owned(),
            });
        }
    }
    Ok(())
}

fn check_output(action: &str, output: &Output) -> Result<(), EmbeddedError> {
    if output.status.success() {
        return Ok(());
    }
    let mut detail = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if detail.is_empty() {
        detail = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    }
    Err(EmbeddedError::Command {
        action: action.to_owned(),
        detail: format!("{} ({})", detail, output.status),
    })
}

/// Quotes a value for the shell command line pg_ctl builds from `-o`.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_versions_are_read_from_version_lines() {
        assert_eq!(
            parse_major_version("pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)").as_deref(),
            Some("15")
        );
        assert_eq!(parse_major_version("pg_ctl (PostgreSQL) 17.2").as_deref(), Some("17"));
        assert_eq!(parse_major_version("pg_ctl (PostgreSQL) 9.6.24").as_deref(), Some("9.6"));
        assert_eq!(parse_major_version("no version here"), None);
    }

    #[test]
    fn shell_quoting_survives_quotes_and_spaces() {
        assert_eq!(shell_quote("/tmp/a b"), "'/tmp/a b'");
        assert_eq!(shell_quote("/tmp/it's"), r"'/tmp/it'\''s'");
    }

    #[test]
    fn an_explicit_directory_without_binaries_is_a_clear_error() {
        let empty = tempfile::tempdir().expect("tempdir");
        let error = find_binaries(Some(empty.path()), None).expect_err("no binaries there");
        assert!(error.to_string().contains("PLUMB_PG_BIN_DIR"), "{error}");
    }

    #[test]
    fn no_binaries_anywhere_says_what_to_install_or_set() {
        let empty = tempfile::tempdir().expect("tempdir");
        let error = find_binaries_in(None, None, &[empty.path().to_owned()], empty.path())
            .expect_err("nothing to find");
        assert!(matches!(error, EmbeddedError::BinariesNotFound));
        let message = error.to_string();
        assert!(message.contains("apt-get install postgresql"), "{message}");
        assert!(message.contains("DATABASE_URL"), "{message}");
    }

    #[test]
    fn the_installed_server_binaries_are_found_with_their_version() {
        // This machine has PostgreSQL installed (the test suite needs it anyway).
        let found = find_binaries(None, None).expect("PostgreSQL server binaries installed");
        assert!(found.dir.join("pg_ctl").is_file());
        assert!(!found.major.is_empty() && found.major.chars().next().is_some_and(|c| c.is_ascii_digit()));
    }

    #[test]
    fn a_too_long_data_dir_is_refused_before_anything_starts() {
        let base = tempfile::tempdir().expect("tempdir");
        let long = base.path().join("x".repeat(120));
        let error = EmbeddedPostgres::new(&long, None).acquire_blocking().expect_err("path too long");
        assert!(matches!(error, EmbeddedError::SocketPathTooLong { .. }), "{error}");
    }
}
