//! What the portfolio page needs from the server: the rows of one view, the figures above them,
//! and the score-over-time chart.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::portfolio::{Facets, MonthAverage, PortfolioQuery, PortfolioRow, Summary};
use crate::error::AppError;

/// Projects per page.
pub const PAGE_SIZE: usize = 50;
/// Months the score-over-time chart covers.
pub const TREND_MONTHS: u32 = 12;

/// How old a project's last snapshot may be before the portfolio marks it stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaleAfterDays(pub i64);

impl Default for StaleAfterDays {
    fn default() -> Self {
        Self(90)
    }
}

/// One row as shown: the project, whether it is stale, and its sparkline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownRow {
    pub project: PortfolioRow,
    pub stale: bool,
    /// SVG markup drawn by the server; `None` with fewer than two scores.
    pub sparkline: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioView {
    pub rows: Vec<ShownRow>,
    pub page: u32,
    pub pages: u32,
    /// Projects the filters keep (all pages).
    pub matching: usize,
    /// Active projects in the portfolio.
    pub total: usize,
    pub facets: Facets,
    /// Over the projects the filters keep.
    pub summary: Summary,
    /// The average score at each month end, over the projects the filters keep.
    pub trend: Vec<MonthAverage>,
    pub trend_svg: Option<String>,
    pub stale_after_days: i64,
}

/// One view of the portfolio (filters, order and page from `query`).
#[server(prefix = "/api/fn", endpoint = "portfolio")]
pub async fn get_portfolio(#[server(default)] query: PortfolioQuery) -> Result<PortfolioView, AppError> {
    use std::collections::HashSet;

    use chrono::{Duration, Utc};

    use crate::charts::{sparkline::sparkline, trend};
    use crate::domain::portfolio::{facets, last_months, monthly_average, paginate, select, summarize};

    crate::auth::request::require(crate::domain::account::Role::Viewer)?;
    let pool = super::pool()?;
    let stale_after_days = use_context::<StaleAfterDays>().unwrap_or_default().0;
    let stale_after = Duration::days(stale_after_days);
    let now = Utc::now();

    let all = crate::db::portfolio::rows(&pool).await?;
    let total = all.len();
    let facets = facets(&all);
    let selected = select(all, &query);
    let summary = summarize(&selected, now, stale_after);
    let shown_ids: HashSet<i64> = selected.iter().map(|row| row.project_id).collect();
    let months = last_months(now.date_naive(), TREND_MONTHS);
    let since = months.first().copied().unwrap_or_else(|| now.date_naive());
    let scores = crate::db::portfolio::month_scores(&pool, since).await?;
    let averages = monthly_average(&scores, &months, &shown_ids);

    let series = [trend::Series {
        name: "Average score".to_owned(),
        points: averages.iter().filter_map(|point| Some((point.month, point.average?))).collect(),
    }];
    let title = format!("Average score, last {TREND_MONTHS} months");
    let trend_svg =
        trend::render(&trend::TrendChart { title: &title, series: &series, width: 560, height: 260 });

    let matching = selected.len();
    let (page_rows, page, pages) = paginate(selected, query.page, PAGE_SIZE);
    let rows = page_rows
        .into_iter()
        .map(|project| ShownRow {
            stale: project.is_stale(now, stale_after),
            sparkline: sparkline(&project.recent_scores),
            project,
        })
        .collect();
    Ok(PortfolioView {
        rows,
        page,
        pages,
        matching,
        total,
        facets,
        summary,
        trend: averages,
        trend_svg,
        stale_after_days,
    })
}
