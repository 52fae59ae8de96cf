//! API tokens: create (the secret is shown once), list with last use, revoke.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminTabs, when};
use crate::api::admin::{CreateToken, CreatedToken, ProjectChoice, RevokeToken, list_tokens};
use crate::components::csrf::{CsrfField, session_token};
use crate::components::error_notice::FormError;
use crate::components::live::{LiveRegion, refresh_live_regions};
use crate::components::loaded::Loaded;
use crate::domain::token::TokenListing;

#[component]
pub fn AdminTokensPage() -> impl IntoView {
    let revoke = ServerAction::<RevokeToken>::new();
    // Pages render once per request on the server (islands), so the data is read once; a
    // form post comes back as a fresh page.
    let page = Resource::new(|| (), |_| list_tokens());
    let error = Signal::derive(move || revoke.value().get().and_then(Result::err));

    view! {
        <Title text="API tokens" />
        <h1>"Administration"</h1>
        <AdminTabs />
        <Loaded data=page loading="Loading tokens…" show=move |page| view! {
            // Revoking updates the table in place, and so does creating a token.
            <LiveRegion name="tokens".to_owned() moves=None>
                <FormError error />
                <TokenTable tokens=page.tokens as_of=page.as_of revoke />
            </LiveRegion>
            <NewTokenForm projects=page.projects csrf=session_token() />
        } />
    }
}

/// The new token's secret, this one time.
#[component]
fn ShowOnce(token: CreatedToken) -> impl IntoView {
    view! {
        <section class="panel notice" role="status" data-testid="new-token">
            <h2>{format!("Token {} created: {}", token.api_token_id, token.name)}</h2>
            <p>"Copy it now: Plumb keeps only a hash and cannot show it again."</p>
            <pre class="secret"><code data-testid="new-token-secret">{token.secret}</code></pre>
            <p>"Pipelines send it as " <code>"Authorization: Bearer <token>"</code> "."</p>
        </section>
    }
}

#[component]
fn TokenTable(
    tokens: Vec<TokenListing>,
    as_of: chrono::DateTime<chrono::Utc>,
    revoke: ServerAction<RevokeToken>,
) -> impl IntoView {
    if tokens.is_empty() {
        return view! {
            <p class="panel empty-state">"No API tokens yet. Create one below for each CI pipeline that uploads reports."</p>
        }
        .into_any();
    }
    let rows = tokens
        .into_iter()
        .map(|token| {
            let state = token.state(as_of);
            let optional = |at: Option<chrono::DateTime<chrono::Utc>>| at.map_or_else(|| "—".to_owned(), when);
            view! {
                <tr data-testid="token-row">
                    <td>{token.api_token_id}</td>
                    <th scope="row">{token.name.clone()}</th>
                    <td><code>{format!("{}…", token.display_prefix)}</code></td>
                    <td>{token.project_slug.clone().unwrap_or_else(|| "all projects".to_owned())}</td>
                    <td>{token.permission.clone()}</td>
                    <td><span class=format!("state state-{state}")>{state}</span></td>
                    <td>{optional(token.expires_at)}</td>
                    <td>{optional(token.last_used_at)}</td>
                    <td>
                        <Show when=move || state == "active">
                            <ActionForm action=revoke attr:class="inline-form">
                                <CsrfField />
                                <input type="hidden" name="api_token_id" value=token.api_token_id.to_string() />
                                <button type="submit" class="small-button danger">"Revoke"</button>
                            </ActionForm>
                        </Show>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="token-table">
                <caption class="visually-hidden">"API tokens"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Id"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Starts with"</th>
                        <th scope="col">"Scope"</th>
                        <th scope="col">"Permission"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Creating a token is the one form here that needs JavaScript: the secret comes back from the
/// server function this once, and a plain form post would lose it in the redirect back.
#[island]
fn NewTokenForm(projects: Vec<ProjectChoice>, csrf: String) -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let created = move || create.value().get().and_then(Result::ok);
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Ok(_))) {
            refresh_live_regions();
        }
    });
    view! {
        <FormError error />
        {move || created().map(|token| view! { <ShowOnce token /> })}
        <section class="panel">
            <h2>"Create a token"</h2>
            <noscript>
                <p class="notice">
                    "Showing a new token's secret needs JavaScript. Without it, use "
                    <code>"plumb token create"</code> " on the server."
                </p>
            </noscript>
            <ActionForm action=create attr:class="grid-form" attr:data-testid="new-token-form">
                <CsrfField token=csrf />
                <label>"Name" <input type="text" name="name" maxlength="200" placeholder="e.g. GitLab CI for payments" /></label>
                <label>
                    "Project"
                    <select name="project">
                        <option value="">"All projects"</option>
                        {projects.into_iter().map(|project| view! {
                            <option value=project.slug.clone()>{format!("{} ({})", project.name, project.slug)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "Permission"
                    <select name="permission">
                        <option value="upload">"Upload and read"</option>
                        <option value="read">"Read only"</option>
                    </select>
                </label>
                <label>
                    "Expires after"
                    <select name="expires_in">
                        <option value="30d">"30 days"</option>
                        <option value="90d" selected>"90 days"</option>
                        <option value="1y">"1 year"</option>
                        <option value="">"Never"</option>
                    </select>
                </label>
                <button type="submit" class="button">"Create token"</button>
            </ActionForm>
        </section>
    }
}
