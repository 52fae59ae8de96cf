//! What the portfolio page needs from the server.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Headline counts for the whole portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioOverview {
    pub projects: i64,
    pub snapshots: i64,
    pub open_items: i64,
}

/// Counts of active projects, their snapshots and their open remediation items.
#[server(prefix = "/api/fn", endpoint = "portfolio_overview")]
pub async fn get_portfolio_overview() -> Result<PortfolioOverview, AppError> {
    crate::auth::request::require(crate::domain::account::Role::Viewer)?;
    let pool = super::pool()?;
    Ok(crate::db::portfolio::overview(&pool).await?)
}
