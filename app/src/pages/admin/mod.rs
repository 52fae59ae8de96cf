//! Administration: users, API tokens and the audit log (admins only; every server function
//! checks that again).

pub mod audit;
pub mod tokens;
pub mod users;

use leptos::prelude::*;
use leptos_router::components::A;

/// The tabs between the admin pages.
#[component]
pub fn AdminTabs() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Administration">
            <A href="/admin/users">"Users"</A>
            <A href="/admin/tokens">"API tokens"</A>
            <A href="/admin/audit">"Audit log"</A>
        </nav>
    }
}

/// "2026-11-22 14:05 UTC": the admin pages show exact times.
pub use crate::components::format::moment as when;
