//! Administration: users, roles, API tokens and projects.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::placeholder::ComingSoon;

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <Title text="Admin" />
        <h1>"Admin"</h1>
        <ComingSoon
            summary="Who may see and change what, and which pipelines may upload."
            parts=&[
                "Users: create, change role, disable, reset password",
                "API tokens: create with scope and expiry, list with last use, revoke",
                "Projects and the audit log of every change",
            ]
        />
    }
}
