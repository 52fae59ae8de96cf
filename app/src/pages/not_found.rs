//! The page for any path Plumb does not know.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    view! {
        <Title text="Page not found" />
        <h1>"Page not found"</h1>
        <p data-testid="not-found">
            "There is nothing at this address. It may have moved, or the link may be mistyped."
        </p>
        <p><a class="button" href="/">"Back to the portfolio"</a></p>
    }
}
