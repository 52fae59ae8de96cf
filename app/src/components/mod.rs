//! Reusable views shared by several pages.

pub mod layout;
pub mod placeholder;
