//! Routed pages, one module per page.

pub mod account;
pub mod admin;
pub mod board;
pub mod item;
pub mod login;
pub mod not_found;
pub mod portfolio;
pub mod scorecard;
pub mod setup;
pub mod snapshot;
pub mod upload;
