//! Reusable views shared by several pages.

pub mod csrf;
pub mod error_notice;
pub mod escape;
pub mod filter_select;
pub mod format;
pub mod item_form;
pub mod layout;
pub mod live;
pub mod loaded;
pub mod password_fields;
pub mod placeholder;
pub mod url;
