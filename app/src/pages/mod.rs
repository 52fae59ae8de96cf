//! Routed pages, one module per page.

pub mod admin;
pub mod board;
pub mod not_found;
pub mod portfolio;
pub mod upload;
