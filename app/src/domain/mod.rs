//! Pure domain logic: no database, no HTTP, no Leptos. Compiles for the server and the browser.

pub mod account;
pub mod audit;
pub mod board;
pub mod diff;
pub mod fingerprint;
pub mod ingest;
pub mod item;
pub mod item_edit;
pub mod lifecycle;
pub mod portfolio;
pub mod project;
pub mod report;
pub mod rereading;
pub mod scorecard;
pub mod secret;
pub mod snapshot;
pub mod taxonomy;
pub mod throttle;
pub mod token;
