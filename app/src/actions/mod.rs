//! Use cases: what happens when something is stored or changed, each in one place, between the
//! adapters (server functions in `api`, the REST handlers and the CLI commands of the server
//! crate) and the single-purpose queries in `db`. An action owns its transaction and writes its
//! audit entries; the adapters read input, check access, call one action and map its result.
//!
//! Being gathered here (issue 14): storing reports first; remediation, accounts, tokens and
//! setup still live in `remediation` and `auth`.

pub mod uploads;
