//! The frame around every page: header, primary navigation and footer.

use leptos::prelude::*;
use leptos_router::components::A;

/// Header with the primary navigation, then the page.
///
/// On narrow screens the navigation collapses behind a menu button. That only happens once the
/// page has hydrated (effects run in the browser only), so without JavaScript the links simply
/// stay visible and the button stays hidden (see `style/main.css`).
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let (menu_open, set_menu_open) = signal(false);
    let (interactive, set_interactive) = signal(false);
    Effect::new(move |_| set_interactive.set(true));

    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header" class:interactive=move || interactive.get()>
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"▮"</span>
                "Plumb"
            </A>
            <button
                type="button"
                class="menu-toggle"
                aria-controls="primary-nav"
                aria-expanded=move || menu_open.get().to_string()
                data-testid="menu-toggle"
                on:click=move |_| set_menu_open.update(|open| *open = !*open)
            >
                {move || if menu_open.get() { "Close menu" } else { "Menu" }}
            </button>
            <nav
                id="primary-nav"
                class="primary-nav"
                class:open=move || menu_open.get()
                aria-label="Primary"
            >
                <A href="/" exact=true on:click=move |_| set_menu_open.set(false)>
                    "Portfolio"
                </A>
                <A href="/board" on:click=move |_| set_menu_open.set(false)>
                    "Gap board"
                </A>
                <A href="/upload" on:click=move |_| set_menu_open.set(false)>
                    "Upload"
                </A>
                <A href="/admin" on:click=move |_| set_menu_open.set(false)>
                    "Admin"
                </A>
            </nav>
        </header>
        <main id="main" class="page">
            {children()}
        </main>
        <footer class="site-footer">
            "Plumb " {env!("CARGO_PKG_VERSION")} " · DevOps maturity across your projects"
        </footer>
    }
}
