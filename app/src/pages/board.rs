//! The gap board: remediation items in columns by priority. Filters live in the URL; editors
//! change an item with the form on its card (a plain form without JavaScript) or, with
//! JavaScript, drag a card to another column to change its priority. The board is a live
//! region: with JavaScript, filters and edits update it in place.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::board::{BoardView, get_board};
use crate::api::item::UpdateItem;
use crate::components::error_notice::FormError;
use crate::components::filter_select::FilterSelect;
use crate::components::format::day;
use crate::components::item_form::ItemForm;
use crate::components::live::{LiveRegion, MoveTarget};
use crate::components::loaded::Loaded;
use crate::components::url::href;
use crate::domain::board::{Assignee, BoardQuery, Card, Column, StatusFilter, age_days, age_text};
use crate::domain::lifecycle::ItemStatus;
use crate::domain::scorecard::{category_label, is_overdue};
use crate::domain::taxonomy::CATEGORIES;

#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| BoardQuery::from_params(|key| p.get(key))));
    let update = ServerAction::<UpdateItem>::new();
    // Pages render once per request on the server (islands), so the data is read once; a
    // form post comes back as a fresh page.
    let board = Resource::new(move || query.get(), get_board);
    let last_error = Signal::derive(move || update.value().get().and_then(Result::err));

    view! {
        <Title text="Gap board" />
        <h1>"Gap board"</h1>
        // Filters, "show more", the cards' forms and dragging a card all update the board in place.
        <LiveRegion name="board".to_owned() moves=Some(card_moves())>
            <FormError error=last_error />
            <Loaded data=board loading="Loading the board…"
                show=move |view| view! { <Board view query=query.get_untracked() update /> } />
        </LiveRegion>
    }
}

/// Dropping a card on a column posts its new priority, as the card's form would.
fn card_moves() -> MoveTarget {
    MoveTarget {
        action: <UpdateItem as leptos::server_fn::ServerFn>::PATH.to_owned(),
        id_field: "item_id".to_owned(),
        to_field: "edit[priority]".to_owned(),
    }
}

#[component]
fn Board(view: BoardView, query: BoardQuery, update: ServerAction<UpdateItem>) -> impl IntoView {
    let BoardView { columns, projects, assignees, may_edit, today } = view;
    let nothing_at_all = !query.is_filtered() && columns.iter().all(|column| column.total == 0);
    let project_choices = projects.into_iter().map(|project| (project.slug, project.name)).collect();
    let owner_choices =
        assignees.iter().map(|person| (person.email.clone(), person.display_name.clone())).collect();
    let context = CardContext { assignees, may_edit, today, update };
    let more = (columns.iter().any(|column| column.total > column.cards.len() as i64))
        .then(|| href("/board", &query.show_more().to_params()));

    view! {
        <BoardFilters query=query.clone() project_choices owner_choices />
        {if nothing_at_all {
            view! {
                <section class="panel empty-state" data-testid="board-empty">
                    <h2>"Nothing to fix yet"</h2>
                    <p>
                        "Each gap an audit report names becomes a remediation item here. "
                        "Upload a report and its gaps appear in these columns by priority."
                    </p>
                    <p><a class="button" href="/upload">"Upload a report"</a></p>
                </section>
            }
            .into_any()
        } else {
            view! {
                {may_edit.then(|| view! {
                    <p class="muted board-hint">
                        "Open a card's “Change” to assign it, set a due date, status or priority. "
                        "With JavaScript you can also drag a card to another column."
                    </p>
                })}
                <div class="board" data-testid="board">
                    {columns.into_iter().map(|column| view! { <BoardColumn column context=context.clone() /> }).collect_view()}
                </div>
                {more.map(|more| view! {
                    <p class="board-more"><a href=more class="button" data-testid="board-more">"Show more cards"</a></p>
                })}
            }
            .into_any()
        }}
    }
}

#[component]
fn BoardFilters(
    query: BoardQuery,
    project_choices: Vec<(String, String)>,
    owner_choices: Vec<(String, String)>,
) -> impl IntoView {
    let categories = CATEGORIES.iter().map(|c| (c.key.to_owned(), c.label.to_owned())).collect();
    let owners = [("mine".to_owned(), "Me".to_owned()), ("unassigned".to_owned(), "Unassigned".to_owned())]
        .into_iter()
        .chain(owner_choices)
        .collect();
    let current_status = query.status.as_param();
    view! {
        <form method="get" action="/board" class="filter-bar panel" data-testid="board-filters" role="search">
            <FilterSelect label="Project" name="project" any="Every project" choices=project_choices current=query.project.clone() />
            <FilterSelect label="Category" name="category" any="Any" choices=categories current=query.category.clone() />
            <FilterSelect label="Owner" name="owner" any="Anyone" choices=owners current=query.owner.as_param() />
            <label>
                "Status"
                <select name="status">
                    {StatusFilter::CHOICES.into_iter().map(|(_, value, text)| view! {
                        <option value=value selected=value == current_status>{text}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="checkbox">
                <input type="checkbox" name="overdue" value="1" checked=query.overdue />
                "Overdue only"
            </label>
            <button type="submit" class="small-button">"Apply"</button>
            {query.is_filtered().then(|| view! { <a href="/board">"Clear filters"</a> })}
        </form>
    }
}

/// What every card needs besides its item.
#[derive(Clone)]
struct CardContext {
    assignees: Vec<Assignee>,
    may_edit: bool,
    today: chrono::NaiveDate,
    update: ServerAction<UpdateItem>,
}

#[component]
fn BoardColumn(column: Column, context: CardContext) -> impl IntoView {
    let priority = column.priority;
    let name = priority.label();
    let heading_id = format!("column-{}", priority.as_str());
    let labelled_by = heading_id.clone();
    let shown = column.cards.len();
    let count = if (shown as i64) < column.total {
        format!("{shown} of {}", column.total)
    } else {
        column.total.to_string()
    };
    view! {
        <section
            class=format!("board-column column-{}", priority.as_str())
            aria-labelledby=labelled_by
            data-testid="board-column"
            data-priority=priority.as_str()
            // Where a dragged card lands (see components::live): its priority becomes this one.
            data-move-to=context.may_edit.then_some(priority.as_str())
        >
            <h2 id=heading_id>
                <span class=format!("priority priority-{}", priority.as_str())>{name}</span>
                " " <span class="column-count">{count}</span>
            </h2>
            {if column.cards.is_empty() {
                view! { <p class="muted column-empty">"No items."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards">
                        {column.cards.into_iter().map(|card| view! { <BoardCard card context=context.clone() /> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn BoardCard(card: Card, context: CardContext) -> impl IntoView {
    let CardContext { assignees, may_edit, today, update } = context;
    let Card { item: card, first_seen } = card;
    let overdue = is_overdue(card.due_date, card.status, today);
    let status_label = card.status.label();
    let item_href = format!("/projects/{}/items/{}", card.project_slug, card.remediation_item_id);
    let item_id = card.remediation_item_id;
    let due = card.due_date.map(|due| {
        view! {
            <span class=if overdue { "due overdue" } else { "due" }>
                {if overdue { format!("Overdue since {}", day(due)) } else { format!("Due {}", day(due)) }}
            </span>
        }
    });
    let accepted = card.status == ItemStatus::AcceptedRisk;
    view! {
        <li
            class=if overdue { "card is-overdue" } else { "card" }
            id=format!("card-{item_id}")
            data-testid="board-card"
            data-item-id=item_id.to_string()
            draggable=if may_edit { "true" } else { "false" }
            data-move-item=may_edit.then(|| item_id.to_string())
        >
            <a class="card-title" href=item_href>{card.title.clone()}</a>
            <span class="card-project">{card.project_name.clone()}</span>
            <dl class="card-facts">
                <div><dt>"Category"</dt><dd>{card.category_key.as_deref().map_or_else(|| "—".to_owned(), category_label)}</dd></div>
                <div><dt>"Owner"</dt><dd data-field="owner">{card.owner_name.clone().unwrap_or_else(|| "Unassigned".to_owned())}</dd></div>
                <div><dt>"Status"</dt><dd data-field="status">{status_label}</dd></div>
                <div><dt>"Age"</dt><dd>{age_text(age_days(first_seen, today))}</dd></div>
            </dl>
            {due}
            {card.accepted_until.filter(|_| accepted).map(|until| view! { <span class="due">{format!("Accepted until {}", day(until))}</span> })}
            {may_edit.then(|| view! {
                <details class="card-edit">
                    <summary>"Change"</summary>
                    <ItemForm action=update item=card.clone() assignees id_prefix="card".to_owned() />
                </details>
            })}
        </li>
    }
}
