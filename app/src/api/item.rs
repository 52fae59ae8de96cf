//! One remediation item: what its page shows, and the changes editors make to it (also from
//! the board's cards, which post the same forms).

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::board::Assignee;
use crate::domain::item::{Comment, Evidence, ItemDetail};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::domain::account::Role;

/// A history entry as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub text: String,
    pub actor: Option<String>,
    pub snapshot_id: Option<i64>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub item: ItemDetail,
    pub evidence: Vec<Evidence>,
    pub history: Vec<HistoryLine>,
    pub comments: Vec<Comment>,
    pub assignees: Vec<Assignee>,
    pub may_edit: bool,
    pub today: NaiveDate,
}

#[server(prefix = "/api/fn", endpoint = "item")]
pub async fn get_item(slug: String, item_id: i64) -> Result<ItemView, AppError> {
    use crate::db::items;
    use crate::domain::item::describe_event;

    let user = crate::auth::request::require(Role::Viewer)?;
    let pool = super::pool()?;
    let item = items::detail(&pool, &slug, item_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("item {item_id} of project {slug}")))?;
    let history = items::history(&pool, item_id)
        .await?
        .into_iter()
        .map(|event| HistoryLine {
            text: describe_event(&event.kind, event.before.as_ref(), event.after.as_ref()),
            actor: event.actor,
            snapshot_id: event.snapshot_id,
            at: event.created_at,
        })
        .collect();
    Ok(ItemView {
        item,
        evidence: items::evidence(&pool, item_id).await?,
        history,
        comments: items::comments(&pool, item_id).await?,
        assignees: super::board::assignees(&pool).await?,
        may_edit: user.has(Role::Editor),
        today: Utc::now().date_naive(),
    })
}

pub use edit::{UpdateItem, update_item};

// Each field of the edit form is an argument of its own (so the form posts without
// JavaScript), which is more than clippy's default of seven.
#[allow(clippy::too_many_arguments)]
mod edit {
    use leptos::prelude::*;

    use crate::error::AppError;
    #[cfg(feature = "ssr")]
    use {super::parse_date, crate::domain::account::Role, chrono::Utc};

    /// Changes an item. Every field is optional: one left out stays as it is (dragging a card sends
    /// only `priority`); the edit form sends them all with `version`, the item's version it showed,
    /// so a form that went stale is refused instead of undoing someone else's change.
    /// `owner`: a user id, or empty to unassign. Dates are `YYYY-MM-DD`, or empty to clear.
    ///
    /// A browser's form post cannot tell "empty" from "left out" (both arrive as `None`), so the
    /// edit form also sends `complete=true`: it carries every field, and an owner or due date
    /// that is missing there means "nobody" and "no date".
    #[server(prefix = "/api/fn", endpoint = "update_item")]
    pub async fn update_item(
        item_id: i64,
        #[server(default)] version: Option<i64>,
        #[server(default)] owner: Option<String>,
        #[server(default)] due_date: Option<String>,
        #[server(default)] status: Option<String>,
        #[server(default)] accepted_reason: Option<String>,
        #[server(default)] accepted_until: Option<String>,
        #[server(default)] priority: Option<String>,
        #[server(default)] complete: bool,
    ) -> Result<(), AppError> {
        use crate::domain::item_edit::ItemEdit;
        use crate::domain::lifecycle::ItemStatus;
        use crate::domain::snapshot::Priority;

        let user = crate::auth::request::require(Role::Editor)?;
        let owner = owner
            .map(|owner| match owner.trim() {
                "" => Ok(None),
                id => id
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| AppError::invalid("owner", "choose a person from the list")),
            })
            .transpose()?
            .or(complete.then_some(None));
        let status = status
            .map(|status| {
                ItemStatus::parse(status.trim()).ok_or_else(|| {
                    AppError::invalid("status", "choose open, in progress, resolved or accepted risk")
                })
            })
            .transpose()?;
        let priority = priority
            .map(|priority| {
                Priority::parse(priority.trim())
                    .ok_or_else(|| AppError::invalid("priority", "choose critical, high, medium or low"))
            })
            .transpose()?;
        let edit = ItemEdit {
            owner_user_id: owner,
            due_date: due_date
                .map(|text| parse_date("due_date", &text))
                .transpose()?
                .or(complete.then_some(None)),
            status,
            accepted_reason,
            accepted_until: accepted_until
                .map(|text| parse_date("accepted_until", &text))
                .transpose()?
                .flatten(),
            priority,
        };
        let acting = crate::auth::request::acting(&user);
        crate::actions::remediation::edit(
            &crate::api::pool()?,
            &acting,
            item_id,
            edit,
            version,
            Utc::now().date_naive(),
        )
        .await?;
        Ok(())
    }
}

/// `YYYY-MM-DD`, or empty for none.
#[cfg(feature = "ssr")]
fn parse_date(field: &str, text: &str) -> Result<Option<NaiveDate>, AppError> {
    match text.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::invalid(field, format!("\"{text}\" is not a date (YYYY-MM-DD)"))),
    }
}

#[server(prefix = "/api/fn", endpoint = "comment_item")]
pub async fn comment_item(item_id: i64, body: String) -> Result<(), AppError> {
    let user = crate::auth::request::require(Role::Editor)?;
    let acting = crate::auth::request::acting(&user);
    crate::actions::remediation::comment(&super::pool()?, &acting, user.user_id, item_id, &body).await?;
    Ok(())
}
