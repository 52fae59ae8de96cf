//! One's own account: who you are signed in as, and changing your password.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::account::{ChangePassword, get_current_user};
use crate::components::csrf::CsrfField;
use crate::components::error_notice::{ErrorNotice, FormError};
use crate::components::live::LiveRegion;
use crate::components::password_fields::PasswordFields;
use crate::error::AppError;

#[component]
pub fn AccountPage() -> impl IntoView {
    let query = use_query_map();
    let changed = move || query.with(|q| q.get("password").as_deref() == Some("changed"));
    let change = ServerAction::<ChangePassword>::new();
    let user = Resource::new(|| (), |_| get_current_user());
    let error = Signal::derive(move || change.value().get().and_then(Result::err));

    view! {
        <Title text="Your account" />
        <h1>"Your account"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match user.await.and_then(|user| user.ok_or(AppError::Unauthorized)) {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(user) => view! {
                        <dl class="facts panel">
                            <div><dt>"Name"</dt><dd>{user.display_name}</dd></div>
                            <div><dt>"Email"</dt><dd>{user.email}</dd></div>
                            <div><dt>"Role"</dt><dd>{user.role.as_str()}</dd></div>
                        </dl>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
        // The change, or why it was refused, shows in place.
        <LiveRegion name="password".to_owned() moves=None>
            <section class="panel auth-card">
                <h2>"Change your password"</h2>
                <Show when=changed>
                    <p class="notice" role="status" data-testid="password-changed">
                        "Your password has been changed. Your other sessions have been signed out."
                    </p>
                </Show>
                <FormError error />
                <ActionForm action=change attr:class="stacked-form" attr:data-testid="change-password-form">
                    <CsrfField />
                    <label>
                        "Current password"
                        <input type="password" name="current_password" autocomplete="current-password" required />
                    </label>
                    <PasswordFields name="new_password" />
                    <button type="submit" class="button">"Change password"</button>
                </ActionForm>
            </section>
        </LiveRegion>
    }
}
