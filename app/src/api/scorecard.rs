//! A project's scorecard: headline, trend chart, categories, checklist, open items, history.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::lifecycle::ItemStatus;
use crate::domain::portfolio::PortfolioRow;
use crate::domain::scorecard::{CategoryLine, ChecklistGroup};
use crate::domain::snapshot::Priority;
use crate::error::AppError;

/// Snapshots listed in the history section.
pub const HISTORY_SHOWN: i64 = 20;

/// An open remediation item as the scorecard lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenItem {
    pub remediation_item_id: i64,
    pub title: String,
    pub category: Option<String>,
    pub priority: Priority,
    pub status: ItemStatus,
    pub owner_email: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub overdue: bool,
}

/// One past snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub snapshot_id: i64,
    pub taken_at: DateTime<Utc>,
    pub title: String,
    pub score: Option<f64>,
    pub level: Option<i16>,
    pub verdict: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub project: PortfolioRow,
    pub snapshot_count: i64,
    /// SVG of the overall and category scores over time.
    pub trend_svg: Option<String>,
    /// The chart in words.
    pub trend_text: String,
    /// Each line's name and CSS colour.
    pub trend_legend: Vec<(String, String)>,
    pub categories: Vec<CategoryLine>,
    pub checklist: Vec<ChecklistGroup>,
    pub open_items: Vec<OpenItem>,
    pub history: Vec<HistoryEntry>,
}

#[server(prefix = "/api/fn", endpoint = "scorecard")]
pub async fn get_scorecard(slug: String) -> Result<Scorecard, AppError> {
    use crate::charts::trend::{TrendChart, render};
    use crate::db::{items, portfolio, scorecard as store, snapshots};
    use crate::domain::scorecard::{category_label, category_lines, group_checklist, is_overdue};

    crate::auth::request::require(crate::domain::account::Role::Viewer)?;
    let pool = super::pool()?;
    let project =
        portfolio::row(&pool, &slug).await?.ok_or_else(|| AppError::NotFound(format!("project {slug}")))?;

    let history = store::score_history(&pool, project.project_id).await?;
    let latest = history.last().map(|point| point.snapshot_id);
    let previous = history.iter().rev().nth(1).map(|point| point.snapshot_id);
    let (categories, checklist) = match latest {
        Some(latest) => {
            let now = store::categories(&pool, latest).await?;
            let before = match previous {
                Some(previous) => store::categories(&pool, previous).await?,
                None => Vec::new(),
            };
            (category_lines(&now, &before), group_checklist(store::checklist(&pool, latest).await?))
        }
        None => (Vec::new(), Vec::new()),
    };

    let series = crate::charts::trend::project_series(
        &history,
        store::category_history(&pool, project.project_id).await?,
        &categories,
    );
    let title = format!("{}: scores over time", project.name);
    let trend_svg = render(&TrendChart { title: &title, series: &series, width: 760, height: 340 });
    let trend_legend = crate::charts::trend::legend(&series);
    let trend_text = crate::charts::trend::describe_overall(&series);

    let today = Utc::now().date_naive();
    let open_items = items::list(&pool, project.project_id, &items::ItemFilter::default())
        .await?
        .into_iter()
        .filter(|item| item.status.is_active())
        .map(|item| OpenItem {
            overdue: is_overdue(item.due_date, item.status, today),
            remediation_item_id: item.remediation_item_id,
            category: item.category_key.as_deref().map(category_label),
            title: item.title,
            priority: item.priority,
            status: item.status,
            owner_email: item.owner_email,
            due_date: item.due_date,
        })
        .collect();
    let (recent, snapshot_count) = snapshots::page(&pool, project.project_id, HISTORY_SHOWN, 0).await?;
    let history = recent
        .into_iter()
        .map(|snapshot| HistoryEntry {
            snapshot_id: snapshot.snapshot_id,
            taken_at: snapshot.taken_at,
            title: snapshot.title,
            score: snapshot.overall_score,
            level: snapshot.level,
            verdict: snapshot.verdict,
        })
        .collect();
    Ok(Scorecard {
        project,
        snapshot_count,
        trend_svg,
        trend_text,
        trend_legend,
        categories,
        checklist,
        open_items,
        history,
    })
}
