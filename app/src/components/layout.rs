//! The frame around every page: header with the primary navigation and the signed-in user,
//! then the page, then the footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::account::{Logout, get_current_user};
use crate::components::csrf::CsrfField;
use crate::domain::account::{CurrentUser, Role};

/// Header with the primary navigation, then the page.
///
/// Rendered on the server only; the menu button is the one island in the frame.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let user = Resource::new(|| (), |_| get_current_user());

    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"▮"</span>
                "Plumb"
            </A>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let current = user.await.ok().flatten();
                    let nav_user = current.clone();
                    view! {
                        <PrimaryNav>
                            <NavLinks current=nav_user />
                        </PrimaryNav>
                        {match current {
                            Some(current) => view! { <UserMenu current /> }.into_any(),
                            None => view! {
                                <a class="sign-in-link" href="/login" data-testid="sign-in-link">"Sign in"</a>
                            }
                            .into_any(),
                        }}
                    }
                })}
            </Suspense>
        </header>
        <main id="main" class="page">
            {children()}
        </main>
        <footer class="site-footer">
            "Plumb " {env!("CARGO_PKG_VERSION")} " · DevOps maturity across your projects"
        </footer>
    }
}

/// The primary navigation, which collapses behind a menu button on narrow screens.
///
/// The collapsing only happens once this island has hydrated (effects run in the browser only),
/// so without JavaScript the links simply stay visible and the button stays hidden (see
/// `style/main.css`).
#[island]
fn PrimaryNav(children: Children) -> impl IntoView {
    let (menu_open, set_menu_open) = signal(false);
    let (interactive, set_interactive) = signal(false);
    Effect::new(move |_| set_interactive.set(true));
    view! {
        <div class="nav-menu" class:interactive=move || interactive.get() data-testid="nav-menu">
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
            <nav id="primary-nav" class="primary-nav" class:open=move || menu_open.get() aria-label="Primary">
                {children()}
            </nav>
        </div>
    }
}

/// The links a user's role makes useful (the server checks every action again regardless).
#[component]
fn NavLinks(current: Option<CurrentUser>) -> impl IntoView {
    let role = current.map(|user| user.role);
    let at_least = move |wanted: Role| role.is_some_and(|role| role >= wanted);
    view! {
        <Show when=move || at_least(Role::Viewer)>
            <A href="/" exact=true>"Portfolio"</A>
            <A href="/board">"Gap board"</A>
        </Show>
        <Show when=move || at_least(Role::Editor)>
            <A href="/upload">"Upload"</A>
        </Show>
        <Show when=move || at_least(Role::Admin)>
            <A href="/admin">"Admin"</A>
        </Show>
    }
}

/// Who is signed in, with their password page and the sign-out button (a real form, so it works
/// without JavaScript).
#[component]
fn UserMenu(current: CurrentUser) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    view! {
        <div class="user-menu">
            <a href="/account" class="user-name" data-testid="user-name" title=current.email.clone()>
                {current.display_name.clone()}
                <span class="role-badge">{current.role.as_str()}</span>
            </a>
            <ActionForm action=logout attr:class="inline-form">
                <CsrfField />
                <button type="submit" class="link-button" data-testid="sign-out">"Sign out"</button>
            </ActionForm>
        </div>
    }
}
