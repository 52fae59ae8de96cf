//! The gap board and what people change on it: every remediation item of the active projects,
//! in columns by priority; editors assign, schedule, decide status and priority, and comment.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::board::{Assignee, BoardQuery, Column};
use crate::domain::project::ProjectName;
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardView {
    pub columns: Vec<Column>,
    pub projects: Vec<ProjectName>,
    /// Active users: the owner filter and the assignment menu.
    pub assignees: Vec<Assignee>,
    /// Whether the viewer may change items (editors and admins).
    pub may_edit: bool,
    /// The server's date: what "overdue" and ages are counted against.
    pub today: NaiveDate,
}

/// One board view (filters from `query`).
#[server(prefix = "/api/fn", endpoint = "board")]
pub async fn get_board(#[server(default)] query: BoardQuery) -> Result<BoardView, AppError> {
    use crate::db::board::{BoardFilter, cards, project_names};
    use crate::domain::account::Role;
    use crate::domain::board::{MAX_CARDS, OwnerFilter, columns};

    let user = crate::auth::request::require(Role::Viewer)?;
    let pool = super::pool()?;
    let today = chrono::Utc::now().date_naive();
    let assignees = assignees(&pool).await?;
    let projects = project_names(&pool).await?;

    // A filter naming nobody (an unknown project or email) matches nothing rather than everything.
    let mut matches_nothing = false;
    let project_id = match query.project.as_str() {
        "" => None,
        slug => match crate::db::projects::find_id(&pool, slug).await? {
            Some(id) => Some(id),
            None => {
                matches_nothing = true;
                None
            }
        },
    };
    let (owner_user_id, unassigned) = match &query.owner {
        OwnerFilter::Anyone => (None, false),
        OwnerFilter::Mine => (Some(user.user_id), false),
        OwnerFilter::Unassigned => (None, true),
        OwnerFilter::Email(email) => match crate::db::users::id_by_email(&pool, email).await? {
            Some(id) => (Some(id), false),
            None => {
                matches_nothing = true;
                (None, false)
            }
        },
    };
    let filter = BoardFilter {
        project_id,
        category: Some(query.category.clone()).filter(|category| !category.is_empty()),
        owner_user_id,
        unassigned,
        statuses: query.status.statuses().into_iter().map(str::to_owned).collect(),
        overdue: query.overdue,
        today,
        shown: i64::from(query.shown.clamp(1, MAX_CARDS)),
    };
    let (found, totals) =
        if matches_nothing { (Vec::new(), Vec::new()) } else { cards(&pool, &filter).await? };
    Ok(BoardView {
        columns: columns(found, &totals),
        projects,
        assignees,
        may_edit: user.has(Role::Editor),
        today,
    })
}

/// Active users, by name.
#[cfg(feature = "ssr")]
pub(crate) async fn assignees(pool: &sqlx::PgPool) -> Result<Vec<Assignee>, AppError> {
    let mut people: Vec<Assignee> = crate::db::users::list(pool)
        .await?
        .into_iter()
        .filter(|user| user.disabled_at.is_none())
        .map(|user| Assignee {
            user_id: user.app_user_id,
            email: user.email,
            display_name: user.display_name,
        })
        .collect();
    people.sort_by_key(|person| person.display_name.to_lowercase());
    Ok(people)
}
