//! The gap board: remediation items in columns by priority.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::placeholder::ComingSoon;

#[component]
pub fn BoardPage() -> impl IntoView {
    view! {
        <Title text="Gap board" />
        <h1>"Gap board"</h1>
        <ComingSoon
            summary="Every open remediation item across your projects, in columns by priority."
            parts=&[
                "Columns Critical, High, Medium and Low; each card is one remediation item",
                "Filters by project, category, owner (mine, unassigned), status and overdue",
                "Assign an owner, set a due date, change status or priority, and comment",
            ]
        />
    }
}
