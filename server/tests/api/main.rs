//! Integration tests: the real `plumb` router on a real TCP port against a real PostgreSQL
//! (DATABASE_URL when set, else Plumb's own private cluster), and the real binary for the
//! embedded-cluster lifecycle.
#![expect(clippy::unwrap_used, reason = "tests fail loudly on broken assumptions")]

mod access;
mod accounts;
mod actions;
mod admin;
mod board;
mod cli_data;
mod cli_parse;
mod cluster;
mod hardening;
mod health;
mod helpers;
mod lifecycle;
mod metrics;
mod migrations;
mod pages;
mod portfolio;
mod reparse;
mod reports;
mod scorecard;
mod security;
mod throttle;
mod upload_api;
mod upload_page;
