//! The notice on pages whose feature has not landed yet: says what will be there.

use leptos::prelude::*;

/// A panel describing a page that is planned but not built yet.
#[component]
pub fn ComingSoon(
    /// What the page will let people do, in one sentence.
    summary: &'static str,
    /// The concrete parts the page will have.
    parts: &'static [&'static str],
) -> impl IntoView {
    view! {
        <section class="panel coming-soon" aria-labelledby="coming-soon-title">
            <h2 id="coming-soon-title">"Coming soon"</h2>
            <p>{summary}</p>
            <ul>{parts.iter().map(|part| view! { <li>{*part}</li> }).collect_view()}</ul>
        </section>
    }
}
