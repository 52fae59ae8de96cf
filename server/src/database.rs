//! The connection to PostgreSQL: an external server from `DATABASE_URL`, or Plumb's private
//! cluster (see [`crate::embedded_pg`]).

use std::time::Duration;

use anyhow::Context;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::cli::DatabaseArgs;
use crate::embedded_pg::{ClusterLease, EmbeddedPostgres, default_data_dir};

/// Every migration in `migrations/`, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

/// How long a request waits for a pooled connection before it fails.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// A pool plus, when Plumb runs its own cluster, the lease that keeps the cluster up.
#[derive(Debug)]
pub struct Database {
    pub pool: PgPool,
    lease: Option<ClusterLease>,
}

impl Database {
    /// Connects as `args` say: `DATABASE_URL` if set, else the private cluster in the data
    /// directory (started for as long as this process needs it, or joined if already running).
    pub async fn connect(args: &DatabaseArgs) -> anyhow::Result<Self> {
        let (options, lease) = match &args.database_url {
            Some(url) => {
                let options: PgConnectOptions =
                    url.parse().context("DATABASE_URL is not a valid PostgreSQL URL")?;
                (options, None)
            }
            None => {
                let data_dir = args.data_dir.clone().unwrap_or_else(default_data_dir);
                let lease =
                    EmbeddedPostgres::new(&data_dir, args.pg_bin_dir.clone()).acquire().await.with_context(
                        || format!("could not start Plumb's private PostgreSQL in {}", data_dir.display()),
                    )?;
                (lease.connect_options(), Some(lease))
            }
        };
        let pool = PgPoolOptions::new()
            .max_connections(args.db_max_connections)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await;
        match pool {
            Ok(pool) => Ok(Self { pool, lease }),
            Err(error) => {
                if let Some(lease) = lease {
                    // Do not leave a cluster running that nobody will use.
                    let _ = lease.release().await;
                }
                Err(error).context("could not connect to PostgreSQL")
            }
        }
    }

    /// Applies pending migrations; applied ones are skipped, so this is safe on every start.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        migrate(&self.pool).await
    }

    /// Closes the pool, then leaves the private cluster (stopping it if we were its last user).
    pub async fn close(self) -> anyhow::Result<()> {
        self.pool.close().await;
        if let Some(lease) = self.lease {
            lease.release().await.context("could not stop Plumb's private PostgreSQL cleanly")?;
        }
        Ok(())
    }
}

/// Applies Plumb's migrations to `pool`.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR.run(pool).await.context("could not apply database migrations")
}
