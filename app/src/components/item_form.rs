//! The form that changes a remediation item: owner, due date, status (with the reason and expiry
//! an accepted risk needs) and priority. The board's cards and the item page share it; it posts
//! as a plain form without JavaScript.

use leptos::prelude::*;

use crate::api::item::UpdateItem;
use crate::components::csrf::CsrfField;
use crate::components::escape::escape_html;
use crate::components::format::day;
use crate::domain::board::Assignee;
use crate::domain::item::ItemFacts;
use crate::domain::lifecycle::ItemStatus;
use crate::domain::snapshot::Priority;

#[component]
pub fn ItemForm(
    action: ServerAction<UpdateItem>,
    item: ItemFacts,
    assignees: Vec<Assignee>,
    /// Tells the ids of several forms on one page apart.
    id_prefix: String,
) -> impl IntoView {
    let item_id = item.remediation_item_id;
    let field = move |name: &str| format!("{id_prefix}-{item_id}-{name}");
    let status = item.status;
    let priority = item.priority;
    view! {
        <ActionForm action attr:class="item-form" attr:data-testid="item-form">
            <CsrfField />
            <input type="hidden" name="item_id" value=item_id.to_string() />
            <input type="hidden" name="version" value=item.version.to_string() />
            // Every field is here, so an empty owner or due date means "none" (see EditForm).
            <input type="hidden" name="edit[complete]" value="true" />
            <label for=field("owner")>"Owner"</label>
            <select name="edit[owner]" id=field("owner")>
                <option value="" selected=item.owner_user_id.is_none()>"Unassigned"</option>
                {assignees.into_iter().map(|person| {
                    let selected = Some(person.user_id) == item.owner_user_id;
                    let text = format!("{} ({})", person.display_name, person.email);
                    view! { <option value=person.user_id.to_string() selected=selected>{text}</option> }
                }).collect_view()}
            </select>
            <label for=field("due")>"Due date"</label>
            <input type="date" name="edit[due_date]" id=field("due") value=item.due_date.map(day).unwrap_or_default() />
            <label for=field("status")>"Status"</label>
            <select name="edit[status]" id=field("status")>
                {ItemStatus::ALL.into_iter().map(|choice| view! {
                    <option value=choice.as_str() selected=choice == status>{choice.label()}</option>
                }).collect_view()}
            </select>
            <fieldset class="accepted-risk">
                <legend>"For an accepted risk"</legend>
                <label for=field("reason")>"Reason"</label>
                <textarea name="edit[accepted_reason]" id=field("reason") rows="2" maxlength="2000">
                    {escape_html(item.accepted_reason.as_deref().unwrap_or_default())}
                </textarea>
                <label for=field("until")>"Accepted until"</label>
                <input type="date" name="edit[accepted_until]" id=field("until")
                    value=item.accepted_until.map(day).unwrap_or_default() />
            </fieldset>
            <label for=field("priority")>"Priority"</label>
            <select name="edit[priority]" id=field("priority")>
                {Priority::ALL.into_iter().map(|choice| view! {
                    <option value=choice.as_str() selected=choice == priority>{choice.label()}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="small-button">"Save"</button>
        </ActionForm>
    }
}

/// "critical" → "Critical".
pub fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
