//! The home page: every project at a glance.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::portfolio::{PortfolioOverview, get_portfolio_overview};
use crate::components::error_notice::ErrorNotice;

#[component]
pub fn PortfolioPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_portfolio_overview());

    view! {
        <Title text="Portfolio" />
        <h1>"Portfolio"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading the portfolio…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(overview: PortfolioOverview) -> impl IntoView {
    if overview.projects == 0 {
        return view! {
            <section class="panel empty-state" data-testid="portfolio-empty">
                <h2>"No projects yet"</h2>
                <p>
                    "Plumb turns DevOps audit reports into scorecards, trends and a board of gaps. "
                    "Start by uploading a Markdown report, or load the sample projects with "
                    <code>"plumb demo"</code> "."
                </p>
                <p><a class="button" href="/upload">"Upload a report"</a></p>
            </section>
        }
        .into_any();
    }
    view! {
        <dl class="stats" data-testid="portfolio-stats">
            <div><dt>"Projects"</dt><dd>{overview.projects}</dd></div>
            <div><dt>"Snapshots"</dt><dd>{overview.snapshots}</dd></div>
            <div><dt>"Open items"</dt><dd>{overview.open_items}</dd></div>
        </dl>
    }
    .into_any()
}
