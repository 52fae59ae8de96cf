//! One remediation item: what its page shows, and the changes editors make to it (also from
//! the board's cards, which post the same forms).

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::board::Assignee;
use crate::domain::item::{Comment, Evidence, ItemDetail};
use crate::domain::item_edit::EditForm;
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

/// Changes an item from its edit form or a dragged card (see [`EditForm`]). `version`, the
/// item's version the form showed, makes a form that went stale fail instead of undoing someone
/// else's change.
#[server(prefix = "/api/fn", endpoint = "update_item")]
pub async fn update_item(
    item_id: i64,
    #[server(default)] version: Option<i64>,
    #[server(default)] edit: EditForm,
) -> Result<(), AppError> {
    use crate::domain::item_edit::ItemEdit;

    let user = crate::auth::request::require(Role::Editor)?;
    let edit =
        ItemEdit::try_from(edit).map_err(|refused| AppError::invalid(refused.field, refused.message))?;
    let acting = crate::auth::request::acting(&user);
    let today = chrono::Utc::now().date_naive();
    crate::actions::remediation::edit(&super::pool()?, &acting, item_id, edit, version, today).await?;
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "comment_item")]
pub async fn comment_item(item_id: i64, body: String) -> Result<(), AppError> {
    let user = crate::auth::request::require(Role::Editor)?;
    let acting = crate::auth::request::acting(&user);
    crate::actions::remediation::comment(&super::pool()?, &acting, user.user_id, item_id, &body).await?;
    Ok(())
}
