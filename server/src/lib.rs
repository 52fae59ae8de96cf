//! The `plumb` binary's library: everything `main.rs` wires together, exposed so integration
//! tests can build the same router against their own database.

pub mod cli;
pub mod commands;
pub mod database;
pub mod embedded_pg;
pub mod http;
pub mod serve;
pub mod state;
pub mod telemetry;
