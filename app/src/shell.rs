//! The HTML document and the router: every page of Plumb hangs off [`App`].

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

use crate::components::escape::escape_html;
use crate::components::layout::Layout;
use crate::pages::account::AccountPage;
use crate::pages::admin::{audit::AdminAuditPage, tokens::AdminTokensPage, users::AdminUsersPage};
use crate::pages::item::ItemPage;
use crate::pages::scorecard::ScorecardPage;
use crate::pages::snapshot::SnapshotPage;
use crate::pages::{
    board::BoardPage, login::LoginPage, not_found::NotFoundPage, portfolio::PortfolioPage, setup::SetupPage,
    upload::UploadPage,
};

/// The full HTML document rendered by the server around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: layout, navigation and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Stylesheet id="plumb-css" href="/pkg/plumb.css" />
        // Every title passes through here, and leptos_meta writes it into <head> raw: project
        // names and report titles must not be able to close the <title> (see escape_html).
        <Title formatter=|page: String| {
            if page.is_empty() { "Plumb".to_owned() } else { format!("{} · Plumb", escape_html(&page)) }
        } />
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    // Every page renders after its data (and the header's signed-in user) is loaded
                    // (SsrMode::Async), so the HTML is complete without JavaScript instead of
                    // waiting for streamed chunks that only a script can put in place.
                    <Route path=StaticSegment("") view=PortfolioPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("board") view=BoardPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("upload") view=UploadPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("projects"), ParamSegment("slug")) view=ScorecardPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("projects"), ParamSegment("slug"), StaticSegment("snapshots"), ParamSegment("id"))
                        view=SnapshotPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("projects"), ParamSegment("slug"), StaticSegment("items"), ParamSegment("id"))
                        view=ItemPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("setup") view=SetupPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("admin") view=AdminUsersPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("users")) view=AdminUsersPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("tokens")) view=AdminTokensPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("audit")) view=AdminAuditPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
