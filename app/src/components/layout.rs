//! The frame around every page: header with the primary navigation and the signed-in user,
//! then the page, then the footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::account::{Logout, get_current_user};
use crate::domain::account::{CurrentUser, Role};

/// Bumped whenever someone signs in or out on this page, so the header asks again who it is.
#[derive(Debug, Clone, Copy)]
pub struct SignInChanged(pub RwSignal<u32>);

impl SignInChanged {
    pub fn notify(self) {
        self.0.update(|version| *version += 1);
    }
}

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

    let changed = SignInChanged(RwSignal::new(0));
    provide_context(changed);
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if logout.version().get() > 0 {
            changed.notify();
        }
    });
    let user = Resource::new(move || changed.0.get(), |_| get_current_user());
    let close_menu = move |_| set_menu_open.set(false);

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
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let current = user.await.ok().flatten();
                        view! { <NavLinks current on_pick=close_menu /> }
                    })}
                </Transition>
            </nav>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await.ok().flatten() {
                        Some(current) => view! { <UserMenu current logout /> }.into_any(),
                        None => view! {
                            <a class="sign-in-link" href="/login" data-testid="sign-in-link">"Sign in"</a>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </header>
        <main id="main" class="page">
            {children()}
        </main>
        <footer class="site-footer">
            "Plumb " {env!("CARGO_PKG_VERSION")} " · DevOps maturity across your projects"
        </footer>
    }
}

/// The links a user's role makes useful (the server checks every action again regardless).
#[component]
fn NavLinks(
    current: Option<CurrentUser>,
    on_pick: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let role = current.map(|user| user.role);
    let at_least = move |wanted: Role| role.is_some_and(|role| role >= wanted);
    view! {
        <Show when=move || at_least(Role::Viewer)>
            <A href="/" exact=true on:click=on_pick>"Portfolio"</A>
            <A href="/board" on:click=on_pick>"Gap board"</A>
        </Show>
        <Show when=move || at_least(Role::Editor)>
            <A href="/upload" on:click=on_pick>"Upload"</A>
        </Show>
        <Show when=move || at_least(Role::Admin)>
            <A href="/admin" on:click=on_pick>"Admin"</A>
        </Show>
    }
}

/// Who is signed in, with their password page and the sign-out button (a real form, so it works
/// without JavaScript).
#[component]
fn UserMenu(current: CurrentUser, logout: ServerAction<Logout>) -> impl IntoView {
    view! {
        <div class="user-menu">
            <a href="/account" class="user-name" data-testid="user-name" title=current.email.clone()>
                {current.display_name.clone()}
                <span class="role-badge">{current.role.as_str()}</span>
            </a>
            <ActionForm action=logout attr:class="inline-form">
                <button type="submit" class="link-button" data-testid="sign-out">"Sign out"</button>
            </ActionForm>
        </div>
    }
}
