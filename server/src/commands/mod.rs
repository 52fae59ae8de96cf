//! Subcommands other than `serve`, one module each.

pub mod demo;
pub mod demo_scale;
pub mod eval;
pub mod import;
pub mod parse;
pub mod project;
pub mod reparse;
pub mod report;
pub mod token;
pub mod user;
