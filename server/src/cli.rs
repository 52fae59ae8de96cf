//! The command line: `plumb [serve]`, `plumb migrate`, and the options they share.
//!
//! Every option also reads an environment variable, so the same binary is configured the same
//! way on a laptop, in CI and in a container.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "plumb", version, about = "DevOps maturity across your projects")]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The subcommand to run; `serve` with its defaults when none was given.
    pub fn selected_command(&self) -> Command {
        self.command.clone().unwrap_or_else(|| Command::Serve(ServeArgs::default_from_env()))
    }
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Run the web server (the default when no subcommand is given).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Parse audit reports and print their canonical snapshot JSON (plumb.snapshot/v1).
    Parse(ParseArgs),
    /// Measure the reader on labelled reports: headline, verdict, prioritized gaps, per language.
    Eval(EvalArgs),
    /// Store a folder of historical reports for one project, oldest first.
    Import(ImportArgs),
    /// Read stored reports again with the current parser: show what changes, and record it
    /// (the earlier reading kept) unless --dry-run.
    Reparse(ReparseArgs),
    /// Manage projects from scripts.
    #[command(subcommand)]
    Project(ProjectCommand),
    /// Load the sample reports as sample projects, each with a history.
    Demo(DemoArgs),
    /// Manage API tokens for pipelines.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage user accounts from scripts.
    #[command(subcommand)]
    User(UserCommand),
    /// Write a project's PDF report (for cron jobs).
    Report(ReportArgs),
}

#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Create a user (asks for the password, or reads one line with --password-stdin).
    Create {
        #[arg(long)]
        email: String,
        /// admin, editor or viewer.
        #[arg(long, value_parser = parse_role, default_value = "viewer")]
        role: app::domain::account::Role,
        /// Display name (default: the part of the email before @).
        #[arg(long)]
        name: Option<String>,
        /// Read the password from standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users with their role and state.
    List,
    /// Change a user's role.
    SetRole {
        email: String,
        #[arg(value_parser = parse_role)]
        role: app::domain::account::Role,
    },
    /// Disable a user: they can no longer sign in.
    Disable { email: String },
    /// Lift a sign-in lock: forget the account's failed sign-ins from every address.
    Unlock { email: String },
}

fn parse_role(text: &str) -> Result<app::domain::account::Role, String> {
    app::domain::account::Role::parse(text)
        .ok_or_else(|| format!("\"{text}\" is not a role (admin, editor, viewer)"))
}

#[derive(Debug, Clone, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it (only once; Plumb keeps a hash).
    Create {
        /// The project the token may upload to (and read).
        #[arg(long, value_name = "SLUG")]
        project: Option<String>,
        /// Every project (and creating projects on upload).
        #[arg(long)]
        all: bool,
        /// Read only: no uploads.
        #[arg(long)]
        read_only: bool,
        /// Lifetime: 12h, 90d, 4w, 1y (at most 10 years). Default: no expiry.
        #[arg(long, value_name = "DURATION")]
        expires_in: Option<String>,
        /// A name to recognise the token by (default: its scope).
        #[arg(long)]
        name: Option<String>,
    },
    /// List tokens with their scope, state and last use.
    List,
    /// Revoke a token by id.
    Revoke { id: i64 },
}

#[derive(Debug, Clone, Args)]
pub struct EvalArgs {
    /// The labels: a JSON list with each report's file name, headline score, accepted verdicts
    /// and prioritized gaps (see app/tests/corpus/README.md).
    #[arg(value_name = "LABELS")]
    pub labels: PathBuf,
    /// The folder holding the labelled reports.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Also list what each report got wrong.
    #[arg(long)]
    pub misses: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Report files or folders (their .md, .markdown, .txt and .json files, recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The project the reports belong to.
    #[arg(long, value_name = "SLUG")]
    pub project: String,

    /// Create the project if it does not exist (named after the reports' project name).
    #[arg(long)]
    pub create: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ReparseArgs {
    /// Only this project (default: every project, archived ones included).
    #[arg(long, value_name = "SLUG")]
    pub project: Option<String>,

    /// Show what would change; record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ProjectCommand {
    /// List projects with their latest score, level, verdict and open critical/high items.
    List {
        /// Include archived projects.
        #[arg(long)]
        all: bool,
    },
    /// Create a project.
    Create {
        /// Lowercase letters, digits and dashes.
        slug: String,
        /// Display name (default: the slug).
        #[arg(long)]
        name: Option<String>,
    },
    /// Archive a project: hidden from dashboards, history kept.
    Archive { slug: String },
}

#[derive(Debug, Clone, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["project", "portfolio"]))]
pub struct ReportArgs {
    /// A project's report, by slug.
    #[arg(long, value_name = "SLUG")]
    pub project: Option<String>,

    /// The portfolio report: a summary page and a page per active project.
    #[arg(long)]
    pub portfolio: bool,

    /// Pin a project report to this snapshot (default: the project's latest).
    #[arg(long, value_name = "ID", requires = "project")]
    pub snapshot: Option<i64>,

    /// Where to write the PDF.
    #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
    pub output: std::path::PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Load nothing when the database already has projects (for first starts).
    #[arg(long)]
    pub if_empty: bool,

    /// Instead of the five sample projects, generate this many (for benchmarks).
    #[arg(long, value_name = "N", conflicts_with = "if_empty", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub scale: Option<u32>,

    /// With --scale: audits per generated project, a week apart.
    #[arg(long, default_value_t = 50, requires = "scale", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub snapshots: u32,

    /// With --scale: the seed of the generator (same seed, same data).
    #[arg(long, default_value_t = 1, requires = "scale")]
    pub seed: u64,
}

#[derive(Debug, Clone, Args)]
pub struct ParseArgs {
    /// Report files (Markdown or text). Several files print a JSON array.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Indent the JSON for reading.
    #[arg(long)]
    pub pretty: bool,
}

/// Where the data lives. Shared by every subcommand that touches the database.
#[derive(Clone, Args)]
pub struct DatabaseArgs {
    /// PostgreSQL connection URL. When unset, Plumb runs a private PostgreSQL cluster in
    /// `--data-dir` from the server binaries installed on this machine.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Directory for Plumb's private PostgreSQL cluster (used only without DATABASE_URL).
    /// Default: $XDG_DATA_HOME/plumb or ~/.local/share/plumb; /var/lib/plumb when run as root.
    #[arg(long, env = "PLUMB_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// Directory holding initdb, pg_ctl and postgres, if they are not on PATH or in
    /// /usr/lib/postgresql/*/bin.
    #[arg(long, env = "PLUMB_PG_BIN_DIR", global = true)]
    pub pg_bin_dir: Option<PathBuf>,

    /// Largest number of pooled database connections per `plumb` process.
    #[arg(long, env = "PLUMB_DB_MAX_CONNECTIONS", default_value_t = 10, global = true)]
    pub db_max_connections: u32,
}

impl std::fmt::Debug for DatabaseArgs {
    // A connection URL may carry a password: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseArgs")
            .field("database_url", &self.database_url.as_ref().map(|_| "<redacted>"))
            .field("data_dir", &self.data_dir)
            .field("pg_bin_dir", &self.pg_bin_dir)
            .field("db_max_connections", &self.db_max_connections)
            .finish()
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on. Port 0 picks a free port (the chosen URL is printed).
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,

    /// Directory with the built site: the wasm bundle, its JavaScript glue, CSS and assets.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Sub-directory of the site root holding the bundle.
    #[arg(long, env = "LEPTOS_SITE_PKG_DIR", default_value = "pkg")]
    pub site_pkg_dir: String,

    /// Base name of the bundle files (`<name>.js`, `<name>_bg.wasm`, `<name>.css`).
    #[arg(long, env = "LEPTOS_OUTPUT_NAME", default_value = "plumb")]
    pub output_name: String,

    /// Largest report the upload API accepts, in bytes (enforced while reading).
    #[arg(long, env = "PLUMB_MAX_UPLOAD_BYTES", default_value_t = crate::state::DEFAULT_MAX_UPLOAD_BYTES)]
    pub max_upload_bytes: usize,

    /// The address people open, e.g. https://plumb.example.com (used in the printed setup link,
    /// accepted as the origin of forms, and https here makes session cookies Secure).
    #[arg(long, env = "PLUMB_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,

    /// Mark session cookies Secure even without an https public URL (TLS ends in front of Plumb).
    #[arg(long, env = "PLUMB_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Days after its last audit when the portfolio marks a project stale.
    #[arg(long, env = "PLUMB_STALE_AFTER_DAYS", default_value_t = 90, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub stale_after_days: i64,

    /// A reverse proxy in front of Plumb appends the client's address to X-Forwarded-For: use it
    /// for sign-in throttling. Only set this when such a proxy is the sole way in.
    #[arg(long, env = "PLUMB_BEHIND_PROXY")]
    pub behind_proxy: bool,

    /// Serve /metrics only to scrapers that send `Authorization: Bearer <this token>`.
    /// Without it /metrics is open, as for a listener that only the scraper can reach.
    #[arg(long, env = "PLUMB_METRICS_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub metrics_token: Option<Secret>,
}

/// A value that must never reach a log: its `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().is_empty() { Err("must not be empty".to_owned()) } else { Ok(Self(text.to_owned())) }
    }
}

impl ServeArgs {
    /// `serve`'s options when no subcommand was typed: defaults and environment variables.
    fn default_from_env() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        // Parsing an empty command line applies the same env/default rules as `plumb serve`.
        match Only::try_parse_from(["plumb"]) {
            Ok(only) => only.serve,
            Err(error) => error.exit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_subcommand_means_serve() {
        let cli = Cli::try_parse_from(["plumb"]).expect("parses");
        assert!(matches!(cli.selected_command(), Command::Serve(_)));
    }

    #[test]
    fn database_options_are_accepted_after_the_subcommand() {
        let cli = Cli::try_parse_from(["plumb", "migrate", "--data-dir", "/tmp/x"]).expect("parses");
        assert!(matches!(cli.selected_command(), Command::Migrate));
        assert_eq!(cli.database.data_dir, Some(PathBuf::from("/tmp/x")));
    }

    #[test]
    fn a_bad_listen_address_is_rejected_with_the_flag_named() {
        let error = Cli::try_parse_from(["plumb", "serve", "--listen", "localhost"]).expect_err("must fail");
        assert!(error.to_string().contains("--listen"), "{error}");
    }

    #[test]
    fn debug_output_never_shows_the_metrics_token() {
        let cli = Cli::try_parse_from(["plumb", "serve", "--metrics-token", "s3cret"]).expect("parses");
        let shown = format!("{:?}", cli.selected_command());
        assert!(!shown.contains("s3cret") && shown.contains("redacted"), "{shown}");
    }

    #[test]
    fn debug_output_never_shows_the_database_url() {
        let cli =
            Cli::try_parse_from(["plumb", "--database-url", "postgres://u:secret@h/db"]).expect("parses");
        let shown = format!("{:?}", cli.database);
        assert!(!shown.contains("secret"), "{shown}");
    }
}
