//! Use cases: what happens when something is stored or changed, each in one place, between the
//! adapters (server functions in `api`, the REST handlers and the CLI commands of the server
//! crate) and the single-purpose queries in `db`. An action owns its transaction and writes its
//! audit entries (built by [`Acting::change`], the one way); the adapters read input, check
//! access, call one action and map its result.

pub mod accounts;
mod acting;
pub mod idempotency;
pub mod projects;
pub mod remediation;
pub mod reparse;
pub mod setup;
pub mod tokens;
pub mod uploads;

pub use acting::Acting;
