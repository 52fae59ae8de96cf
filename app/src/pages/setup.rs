//! The first run: the one-time link `plumb serve` prints opens this page, which creates the
//! first admin.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::account::{SetupFirstAdmin, get_setup_status};
use crate::components::csrf::CsrfField;
use crate::components::error_notice::{ErrorNotice, FormError};
use crate::components::live::LiveRegion;
use crate::components::password_fields::PasswordFields;

#[component]
pub fn SetupPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token")).unwrap_or_default();
    let status = Resource::new(token, |token| get_setup_status(Some(token)));
    let setup = ServerAction::<SetupFirstAdmin>::new();
    let error = Signal::derive(move || setup.value().get().and_then(Result::err));

    view! {
        <Title text="Set up Plumb" />
        // A refused form shows its reason in place; the new admin goes on to the portfolio.
        <LiveRegion name="setup".to_owned() moves=None>
            <section class="panel auth-card">
                <h1>"Set up Plumb"</h1>
                <Suspense fallback=|| view! { <p class="loading">"Checking the link…"</p> }>
                    {move || Suspend::new(async move {
                        match status.await {
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok(status) if !status.needs_setup => view! {
                                <p data-testid="setup-done">
                                    "Plumb is set up already. " <a href="/login">"Sign in"</a>
                                    " or ask an admin for an account."
                                </p>
                            }
                            .into_any(),
                            Ok(status) if !status.token_usable => view! {
                                <p data-testid="setup-bad-link">
                                    "This setup link is not valid: it may be mistyped or from an earlier "
                                    "start. Use the link in the console output of the running "
                                    <code>"plumb serve"</code> "."
                                </p>
                            }
                            .into_any(),
                            Ok(_) => view! {
                                <p>"Create the first admin account. Admins can then invite everyone else."</p>
                                <FormError error />
                                <ActionForm action=setup attr:class="stacked-form" attr:data-testid="setup-form">
                                    <CsrfField />
                                    <input type="hidden" name="token" value=token />
                                    <label>"Email" <input type="email" name="email" autocomplete="username" required /></label>
                                    <label>"Your name" <input type="text" name="display_name" autocomplete="name" maxlength="200" /></label>
                                    <PasswordFields name="password" />
                                    <button type="submit" class="button">"Create the admin and sign in"</button>
                                </ActionForm>
                            }
                            .into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </LiveRegion>
    }
}
