//! One remediation item: where it stands, the evidence each audit gave for it, what happened
//! to it, and the conversation about it. Editors change it and comment here.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::item::{CommentItem, ItemView, UpdateItem, get_item};
use crate::components::csrf::CsrfField;
use crate::components::error_notice::FormError;
use crate::components::format::{day, moment};
use crate::components::item_form::{ItemForm, capitalized};
use crate::components::live::LiveRegion;
use crate::components::loaded::Loaded;
use crate::domain::board::{age_days, age_text};
use crate::domain::item::{Comment, Evidence};
use crate::domain::item_edit::MAX_COMMENT_CHARS;
use crate::domain::lifecycle::ItemStatus;
use crate::domain::scorecard::{category_label, is_overdue};
use crate::error::AppError;

#[component]
pub fn ItemPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        params
            .with(|p| (p.get("slug").unwrap_or_default(), p.get("id").and_then(|id| id.parse::<i64>().ok())))
    };
    let update = ServerAction::<UpdateItem>::new();
    let comment = ServerAction::<CommentItem>::new();
    // Pages render once per request on the server (islands), so the data is read once; a
    // form post comes back as a fresh page.
    let view = Resource::new(key, |(slug, id)| async move {
        match id {
            Some(id) => get_item(slug, id).await,
            None => Err(AppError::NotFound("item".to_owned())),
        }
    });
    let last_error = Signal::derive(move || {
        [update.value().get().and_then(Result::err), comment.value().get().and_then(Result::err)]
            .into_iter()
            .flatten()
            .next()
    });
    view! {
        // Edits and comments update the page in place.
        <LiveRegion name="item".to_owned() moves=None>
            <FormError error=last_error />
            <Loaded data=view loading="Loading the item…" title="Item"
                show=move |view| view! { <ItemDetailView view update comment /> } />
        </LiveRegion>
    }
}

#[component]
fn ItemDetailView(
    view: ItemView,
    update: ServerAction<UpdateItem>,
    comment: ServerAction<CommentItem>,
) -> impl IntoView {
    let ItemView { item: detail, evidence, history, comments, assignees, may_edit, today } = view;
    let item = detail.facts.clone();
    let project_href = format!("/projects/{}", item.project_slug);
    let snapshot_href = {
        let slug = item.project_slug.clone();
        move |id: i64| format!("/projects/{slug}/snapshots/{id}")
    };
    let overdue = is_overdue(item.due_date, item.status, today);
    let owner = match (&item.owner_name, &detail.owner_email) {
        (Some(name), Some(email)) => format!("{name} ({email})"),
        _ => "Unassigned".to_owned(),
    };
    view! {
        <Title text=format!("{} · {}", item.title, item.project_name) />
        <p class="breadcrumb">
            <a href="/board">"Gap board"</a> " / " <a href=project_href>{item.project_name.clone()}</a>
            " / " {format!("item {}", item.remediation_item_id)}
        </p>
        <h1>{item.title.clone()}</h1>
        <dl class="facts panel" data-testid="item-facts">
            <div>
                <dt>"Priority"</dt>
                <dd class=format!("priority priority-{}", item.priority.as_str()) data-field="priority">
                    {item.priority.label()}
                    {detail.priority_locked.then(|| view! { <span class="muted small">" (set by a person)"</span> })}
                </dd>
            </div>
            <div><dt>"Status"</dt><dd data-field="status">{item.status.label()}</dd></div>
            <div><dt>"Owner"</dt><dd data-field="owner">{owner}</dd></div>
            <div>
                <dt>"Due"</dt>
                <dd class:overdue=overdue data-field="due">
                    {item.due_date.map_or_else(|| "—".to_owned(), day)}
                    {overdue.then_some(" (overdue)")}
                </dd>
            </div>
            <div><dt>"Category"</dt><dd>{item.category_key.as_deref().map_or_else(|| "—".to_owned(), category_label)}</dd></div>
            <div>
                <dt>"First reported"</dt>
                <dd>
                    <a href=snapshot_href(detail.first_seen_snapshot_id)>{day(detail.first_seen.date_naive())}</a>
                    {format!(" ({} ago)", age_text(age_days(detail.first_seen.date_naive(), today)))}
                </dd>
            </div>
            <div>
                <dt>"Last reported"</dt>
                <dd><a href=snapshot_href(detail.last_seen_snapshot_id)>{day(detail.last_seen.date_naive())}</a></dd>
            </div>
            {(item.status == ItemStatus::AcceptedRisk).then(|| view! {
                <div class="wide">
                    <dt>"Risk accepted"</dt>
                    <dd>
                        {format!("until {}", item.accepted_until.map_or_else(|| "—".to_owned(), day))}
                        ": " {item.accepted_reason.clone().unwrap_or_default()}
                    </dd>
                </div>
            })}
            {detail.resolved_at.map(|at| view! { <div><dt>"Resolved"</dt><dd>{moment(at)}</dd></div> })}
        </dl>
        {may_edit.then(|| view! {
            // The ids bring keyboard focus back here after a save (see components::live).
            <section class="panel" id="item-change">
                <h2>"Change"</h2>
                <ItemForm action=update item=item.clone() assignees id_prefix="item".to_owned() />
            </section>
        })}
        <EvidenceList evidence snapshot_href=snapshot_href.clone() />
        <section class="panel" data-testid="item-history">
            <h2>"History"</h2>
            <ol class="history">
                {history.into_iter().map(|line| view! {
                    <li>
                        <time>{moment(line.at)}</time> " — " {line.text}
                        {line.actor.map(|actor| view! { <span class="muted">{format!(" by {actor}")}</span> })}
                        {line.snapshot_id.map(|id| view! { " " <a href=snapshot_href(id)>"(report)"</a> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <Comments comments may_edit comment item_id=item.remediation_item_id />
    }
}

#[component]
fn EvidenceList(evidence: Vec<Evidence>, snapshot_href: impl Fn(i64) -> String + 'static) -> impl IntoView {
    view! {
        <section class="panel" data-testid="item-evidence">
            <h2>"Evidence"</h2>
            {if evidence.is_empty() {
                view! { <p class="muted">"No report names this gap any more."</p> }.into_any()
            } else {
                view! {
                    <ul class="evidence-list">
                        {evidence.into_iter().map(|gap| {
                            let page = snapshot_href(gap.snapshot_id);
                            let link = match gap.line {
                                Some(line) => format!("{page}#L{line}"),
                                None => page,
                            };
                            let report = if gap.report_title.is_empty() { "Audit".to_owned() } else { gap.report_title.clone() };
                            view! {
                                <li>
                                    <a href=link>{format!("{} of {}", report, day(gap.taken_at.date_naive()))}</a>
                                    {gap.line.map(|line| format!(", line {line}"))}
                                    {gap.priority.map(|p| view! { " · " <span class=format!("priority priority-{p}")>{capitalized(&p)}</span> })}
                                    {gap.effort_hours.map(|hours| format!(" · about {hours} h"))}
                                    <p class="gap-quote"><strong>{gap.title}</strong>
                                        {(!gap.detail.is_empty()).then(|| format!(" — {}", gap.detail))}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn Comments(
    comments: Vec<Comment>,
    may_edit: bool,
    comment: ServerAction<CommentItem>,
    item_id: i64,
) -> impl IntoView {
    view! {
        <section class="panel" id="item-comments" data-testid="item-comments">
            <h2>"Comments"</h2>
            {if comments.is_empty() {
                view! { <p class="muted">"No comments yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="comments">
                        {comments.into_iter().map(|c| view! {
                            <li data-testid="comment">
                                <p class="comment-meta">
                                    <strong>{c.author.unwrap_or_else(|| "A former user".to_owned())}</strong>
                                    " · " <time>{moment(c.created_at)}</time>
                                </p>
                                <p class="comment-body">{c.body}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
            {may_edit.then(|| view! {
                <ActionForm action=comment attr:class="stacked-form" attr:data-testid="comment-form">
                    <CsrfField />
                    <input type="hidden" name="item_id" value=item_id.to_string() />
                    <label>"Add a comment"
                        <textarea name="body" rows="3" required maxlength=MAX_COMMENT_CHARS></textarea>
                    </label>
                    <button type="submit" class="button">"Comment"</button>
                </ActionForm>
            })}
        </section>
    }
}
