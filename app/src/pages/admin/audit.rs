//! The audit log: every change, newest first, filterable by action, person and kind of thing.
//! Filters live in the URL, so a filtered view can be shared.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminTabs, when};
use crate::api::admin::{AuditPage, list_audit};
use crate::components::filter_select::{FilterSelect, plain_choices};
use crate::components::live::LiveRegion;
use crate::components::loaded::Loaded;
use crate::components::url::href;
use crate::domain::audit::{AuditEntry, AuditFilter};

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            let text = |key: &str| q.get(key).filter(|value| !value.is_empty());
            AuditFilter {
                action: text("action"),
                actor_user_id: text("user").and_then(|id| id.parse().ok()),
                entity_type: text("entity"),
                before_id: text("before").and_then(|id| id.parse().ok()),
            }
        })
    });
    let page = Resource::new(
        move || filter.get(),
        |filter| list_audit(filter.action, filter.actor_user_id, filter.entity_type, filter.before_id),
    );

    view! {
        <Title text="Audit log" />
        <h1>"Administration"</h1>
        <AdminTabs />
        <LiveRegion name="audit".to_owned() moves=None>
            <Loaded data=page loading="Loading the audit log…"
                show=move |page| view! { <AuditView page filter=filter.get_untracked() /> } />
        </LiveRegion>
    }
}

#[component]
fn AuditView(page: AuditPage, filter: AuditFilter) -> impl IntoView {
    let older = page.next_before_id.map(|before| {
        let mut pairs = vec![("before", before.to_string())];
        if let Some(action) = &filter.action {
            pairs.push(("action", action.clone()));
        }
        if let Some(user) = filter.actor_user_id {
            pairs.push(("user", user.to_string()));
        }
        if let Some(entity) = &filter.entity_type {
            pairs.push(("entity", entity.clone()));
        }
        href("/admin/audit", &pairs)
    });
    let user_id = filter.actor_user_id;
    let users = page.users.into_iter().map(|(id, email)| (id.to_string(), email)).collect::<Vec<_>>();
    view! {
        <form method="get" action="/admin/audit" class="filter-bar" data-testid="audit-filter">
            <FilterSelect label="Action" name="action" any="Any" choices=plain_choices(page.actions) current=filter.action.clone().unwrap_or_default() />
            <FilterSelect label="By" name="user" any="Anyone" choices=users current=user_id.map(|id| id.to_string()).unwrap_or_default() />
            <FilterSelect label="Kind" name="entity" any="Any" choices=plain_choices(page.entity_types) current=filter.entity_type.clone().unwrap_or_default() />
            <button type="submit" class="small-button">"Filter"</button>
            <a href="/admin/audit">"Clear"</a>
        </form>
        {if page.entries.is_empty() {
            view! { <p class="panel empty-state" data-testid="audit-empty">"No changes match these filters."</p> }.into_any()
        } else {
            view! { <AuditTable entries=page.entries /> }.into_any()
        }}
        {older.map(|href| view! { <p><a href=href class="button" data-testid="audit-older">"Older entries"</a></p> })}
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    let json =
        |value: Option<serde_json::Value>| value.map_or_else(|| "—".to_owned(), |value| value.to_string());
    view! {
        <div class="table-scroll">
            <table class="data-table audit-table" data-testid="audit-table">
                <caption class="visually-hidden">"Changes, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Before"</th>
                        <th scope="col">"After"</th>
                    </tr>
                </thead>
                <tbody>
                    {entries.into_iter().map(|entry| {
                        let via = entry.after.as_ref().and_then(|after| after.get("via")).and_then(|via| via.as_str());
                        let who = entry
                            .actor_user
                            .or_else(|| entry.actor_token.map(|name| format!("token: {name}")))
                            .unwrap_or_else(|| match via {
                                Some("cli") => "server command line".to_owned(),
                                Some(other) => other.to_owned(),
                                None => "Plumb".to_owned(),
                            });
                        view! {
                            <tr data-testid="audit-row">
                                <td>{when(entry.created_at)}</td>
                                <td>{who}</td>
                                <td><code>{entry.action}</code></td>
                                <td>{format!("{} {}", entry.entity_type, entry.entity_id.unwrap_or_default())}</td>
                                <td><code class="json">{json(entry.before)}</code></td>
                                <td><code class="json">{json(entry.after)}</code></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
