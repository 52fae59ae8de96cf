//! Uploading a report by hand.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::placeholder::ComingSoon;

#[component]
pub fn UploadPage() -> impl IntoView {
    view! {
        <Title text="Upload" />
        <h1>"Upload a report"</h1>
        <ComingSoon
            summary="Paste a Markdown audit report or choose a file, preview what Plumb reads from it, then save it as a snapshot."
            parts=&[
                "Paste text or choose a file; pick or create the project",
                "A parsed preview (score, gaps, checklist) before anything is stored",
                "CI pipelines upload through POST /api/v1/projects/{slug}/snapshots with a token",
            ]
        />
    }
}
