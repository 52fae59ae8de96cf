//! Users: create, change role, disable or enable, reset password.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminTabs, when};
use crate::api::admin::{CreateUser, ResetUserPassword, SetUserDisabled, SetUserRole, list_users};
use crate::components::csrf::CsrfField;
use crate::components::error_notice::FormError;
use crate::components::live::LiveRegion;
use crate::components::loaded::Loaded;
use crate::domain::account::{MIN_PASSWORD_CHARS, UserListing};

const ROLES: [&str; 3] = ["viewer", "editor", "admin"];

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let set_role = ServerAction::<SetUserRole>::new();
    let set_disabled = ServerAction::<SetUserDisabled>::new();
    let reset = ServerAction::<ResetUserPassword>::new();
    // Pages render once per request on the server (islands), so the data is read once; a
    // form post comes back as a fresh page.
    let users = Resource::new(|| (), |_| list_users());
    let last_error = Signal::derive(move || {
        [create.value().get(), set_role.value().get(), set_disabled.value().get(), reset.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::err)
    });
    let actions = RowActions { set_role, set_disabled, reset };

    view! {
        <Title text="Users" />
        <h1>"Administration"</h1>
        <AdminTabs />
        <LiveRegion name="users".to_owned() moves=None>
            <FormError error=last_error />
            <Loaded data=users loading="Loading users…" show=move |users| view! {
                <UserTable users actions />
                <NewUserForm create />
            } />
        </LiveRegion>
    }
}

#[derive(Clone, Copy)]
struct RowActions {
    set_role: ServerAction<SetUserRole>,
    set_disabled: ServerAction<SetUserDisabled>,
    reset: ServerAction<ResetUserPassword>,
}

#[component]
fn UserTable(users: Vec<UserListing>, actions: RowActions) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="user-table">
                <caption class="visually-hidden">"People who can sign in"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Reset password"</th>
                    </tr>
                </thead>
                <tbody>
                    {users.into_iter().map(|user| view! { <UserRow user actions /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn UserRow(user: UserListing, actions: RowActions) -> impl IntoView {
    let id = user.app_user_id;
    let role_label = format!("Role of {}", user.email);
    let reset_label = format!("New password for {}", user.email);
    let disabled = user.disabled_at.is_some();
    let current_role = user.role.clone();
    view! {
        <tr data-testid="user-row" data-email=user.email.clone()>
            <th scope="row">{user.email.clone()}</th>
            <td>{user.display_name.clone()}</td>
            <td>
                <ActionForm action=actions.set_role attr:class="inline-form">
                    <CsrfField />
                    <input type="hidden" name="user_id" value=id.to_string() />
                    <label class="visually-hidden" for=format!("role-{id}")>{role_label.clone()}</label>
                    <select name="role" id=format!("role-{id}")>
                        {ROLES.iter().map(|role| view! {
                            <option value=*role selected=*role == current_role>{*role}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="small-button">"Save role"</button>
                </ActionForm>
            </td>
            <td>
                <span class=if disabled { "state state-off" } else { "state state-on" }>
                    {if disabled { "disabled" } else { "active" }}
                </span>
                <ActionForm action=actions.set_disabled attr:class="inline-form">
                    <CsrfField />
                    <input type="hidden" name="user_id" value=id.to_string() />
                    <input type="hidden" name="disabled" value=(!disabled).to_string() />
                    <button type="submit" class="small-button">{if disabled { "Enable" } else { "Disable" }}</button>
                </ActionForm>
            </td>
            <td>{when(user.created_at)}</td>
            <td>
                <ActionForm action=actions.reset attr:class="inline-form">
                    <CsrfField />
                    <input type="hidden" name="user_id" value=id.to_string() />
                    <label class="visually-hidden" for=format!("reset-{id}")>{reset_label.clone()}</label>
                    <input type="password" name="new_password" id=format!("reset-{id}") autocomplete="new-password"
                        minlength=MIN_PASSWORD_CHARS required placeholder="New password" />
                    <button type="submit" class="small-button">"Set"</button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn NewUserForm(create: ServerAction<CreateUser>) -> impl IntoView {
    // create_user sends the browser back here with `created` in the URL.
    let query = use_query_map();
    let created = move || query.with(|q| q.get("created").is_some());
    view! {
        <section class="panel">
            <h2>"Add a user"</h2>
            <Show when=created>
                <p class="notice" role="status">"User created. Tell them their email and password."</p>
            </Show>
            <ActionForm action=create attr:class="grid-form" attr:data-testid="new-user-form">
                <CsrfField />
                <label>"Email" <input type="email" name="email" required autocomplete="off" /></label>
                <label>"Name" <input type="text" name="display_name" maxlength="200" /></label>
                <label>
                    "Role"
                    <select name="role">
                        {ROLES.iter().map(|role| view! { <option value=*role>{*role}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Password"
                    <input type="password" name="password" required minlength=MIN_PASSWORD_CHARS autocomplete="new-password" />
                </label>
                <button type="submit" class="button">"Add user"</button>
            </ActionForm>
        </section>
    }
}
