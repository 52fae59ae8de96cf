//! Database access: free async functions per aggregate, each taking `impl PgExecutor` so the
//! same function runs on the pool or inside a transaction.

pub mod portfolio;
