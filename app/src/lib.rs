//! Plumb's Leptos application.
//!
//! One crate serves both sides: with the `ssr` feature it renders pages and runs the server
//! functions inside the `plumb` binary; with `hydrate` it becomes the browser bundle, which only
//! brings the interactive parts of those server-rendered pages to life (Leptos' islands: the
//! `#[island]` components). Domain logic lives in [`domain`] and compiles on both sides.

#![recursion_limit = "256"]

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod charts;
pub mod components;
#[cfg(feature = "ssr")]
pub mod db;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reading;
#[cfg(feature = "ssr")]
pub mod report;
mod shell;

pub use shell::{App, shell};

/// The browser entry point: wasm-bindgen exports it and the hydration script calls it once the
/// bundle has loaded, before it hydrates each island on the page. Pages themselves are plain
/// server-rendered HTML (islands mode): only `#[island]` components run in the browser.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
