//! Database access: free async functions per aggregate, each taking `impl PgExecutor` (or a
//! connection inside a transaction), so the same function runs on the pool or in a
//! transaction.

pub mod audit;
pub mod board;
pub mod decode;
pub mod drafts;
pub mod idempotency;
pub mod items;
pub mod login_throttle;
pub mod portfolio;
pub mod projects;
pub mod readings;
pub mod rollups;
pub mod scorecard;
pub mod setup_tokens;
pub mod snapshots;
pub mod tokens;
pub mod users;
