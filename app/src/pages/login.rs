//! Signing in. Works as a plain form; the first run points to the setup link.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::account::{Login, get_setup_status};
use crate::components::csrf::CsrfField;
use crate::components::error_notice::FormError;
use crate::components::live::LiveRegion;

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_else(|| "/".to_owned());
    let signed_out = move || query.with(|q| q.get("signed_out").is_some());
    let login = ServerAction::<Login>::new();
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    let setup = Resource::new(|| (), |_| get_setup_status(None));

    view! {
        <Title text="Sign in" />
        // A refused sign-in shows its reason in place; a successful one goes on to the page asked for.
        <LiveRegion name="login".to_owned() moves=None>
            <section class="panel auth-card">
                <h1>"Sign in"</h1>
                <Show when=signed_out>
                    <p class="notice" role="status">"You have signed out."</p>
                </Show>
                <FormError error />
                <ActionForm action=login attr:class="stacked-form" attr:data-testid="login-form">
                    <CsrfField />
                    <input type="hidden" name="next" value=next />
                    <label>
                        "Email"
                        <input type="email" name="email" autocomplete="username" required autofocus />
                    </label>
                    <label>
                        "Password"
                        <input type="password" name="password" autocomplete="current-password" required />
                    </label>
                    <button type="submit" class="button">"Sign in"</button>
                </ActionForm>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        setup.await.ok().filter(|status| status.needs_setup).map(|_| view! {
                            <div class="notice" data-testid="setup-hint">
                                <h2>"First time here?"</h2>
                                <p>
                                    "Nobody has an account yet. When Plumb starts without accounts, it prints "
                                    "a one-time setup link in its console output (the terminal or container "
                                    "log where " <code>"plumb serve"</code> " runs). Open that link to create "
                                    "the first admin."
                                </p>
                            </div>
                        })
                    })}
                </Suspense>
            </section>
        </LiveRegion>
    }
}
