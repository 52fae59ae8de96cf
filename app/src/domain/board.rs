//! The gap board: which remediation items it shows (filters kept in the URL, so a view can be
//! shared) and how a card reads.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::item::ItemFacts;
use super::lifecycle::ItemStatus;
use super::snapshot::Priority;

/// Cards a column shows at first; "show more" adds as many again.
pub const CARDS_PER_STEP: u32 = 30;
/// The most cards a column shows, however far "show more" is followed.
pub const MAX_CARDS: u32 = 600;

/// Which statuses the board shows. On the wire it is its URL value ("", "open", …, "all").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum StatusFilter {
    /// Open and in progress: the work still to do.
    #[default]
    Active,
    Only(ItemStatus),
    All,
}

impl StatusFilter {
    /// Every choice, with its URL value and label, in menu order.
    pub const CHOICES: [(StatusFilter, &'static str, &'static str); 6] = [
        (StatusFilter::Active, "", "Open or in progress"),
        (StatusFilter::Only(ItemStatus::Open), "open", "Open"),
        (StatusFilter::Only(ItemStatus::InProgress), "in_progress", "In progress"),
        (StatusFilter::Only(ItemStatus::AcceptedRisk), "accepted_risk", "Accepted risk"),
        (StatusFilter::Only(ItemStatus::Resolved), "resolved", "Resolved"),
        (StatusFilter::All, "all", "Any status"),
    ];

    pub fn as_param(self) -> &'static str {
        Self::CHOICES.iter().find(|(filter, _, _)| *filter == self).map_or("", |(_, param, _)| param)
    }

    pub fn parse(param: &str) -> Option<Self> {
        Self::CHOICES.iter().find(|(_, value, _)| *value == param).map(|(filter, _, _)| *filter)
    }

    /// The statuses (as stored) this filter lets through.
    pub fn statuses(self) -> Vec<&'static str> {
        match self {
            StatusFilter::Active => vec![ItemStatus::Open.as_str(), ItemStatus::InProgress.as_str()],
            StatusFilter::Only(status) => vec![status.as_str()],
            StatusFilter::All => ItemStatus::ALL.iter().map(|status| status.as_str()).collect(),
        }
    }
}

/// Whose items the board shows. On the wire it is its URL value ("", "mine", "unassigned" or
/// an email).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum OwnerFilter {
    #[default]
    Anyone,
    /// The signed-in user's.
    Mine,
    Unassigned,
    /// A person's, by email.
    Email(String),
}

impl OwnerFilter {
    pub fn parse(param: &str) -> Self {
        match param.trim() {
            "" => OwnerFilter::Anyone,
            "mine" => OwnerFilter::Mine,
            "unassigned" => OwnerFilter::Unassigned,
            email => OwnerFilter::Email(email.to_lowercase()),
        }
    }

    pub fn as_param(&self) -> String {
        match self {
            OwnerFilter::Anyone => String::new(),
            OwnerFilter::Mine => "mine".to_owned(),
            OwnerFilter::Unassigned => "unassigned".to_owned(),
            OwnerFilter::Email(email) => email.clone(),
        }
    }
}

impl From<StatusFilter> for String {
    fn from(filter: StatusFilter) -> Self {
        filter.as_param().to_owned()
    }
}

impl TryFrom<String> for StatusFilter {
    type Error = String;

    fn try_from(param: String) -> Result<Self, Self::Error> {
        StatusFilter::parse(&param).ok_or_else(|| format!("unknown status filter \"{param}\""))
    }
}

impl From<OwnerFilter> for String {
    fn from(filter: OwnerFilter) -> Self {
        filter.as_param()
    }
}

impl From<String> for OwnerFilter {
    fn from(param: String) -> Self {
        OwnerFilter::parse(&param)
    }
}

/// A board view, as its URL says (`project`, `category`, `owner`, `status`, `overdue`, `shown`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardQuery {
    /// A project slug, or empty for every project.
    pub project: String,
    /// A category key, or empty for any.
    pub category: String,
    pub owner: OwnerFilter,
    pub status: StatusFilter,
    /// Only items past their due date.
    pub overdue: bool,
    /// Cards per column.
    pub shown: u32,
}

impl Default for BoardQuery {
    fn default() -> Self {
        Self {
            project: String::new(),
            category: String::new(),
            owner: OwnerFilter::Anyone,
            status: StatusFilter::Active,
            overdue: false,
            shown: CARDS_PER_STEP,
        }
    }
}

impl BoardQuery {
    /// Reads a view from URL parameters; unknown or malformed values fall back to defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| get(key).map(|value| value.trim().to_owned()).unwrap_or_default();
        Self {
            project: text("project"),
            category: text("category"),
            owner: OwnerFilter::parse(&text("owner")),
            status: StatusFilter::parse(&text("status")).unwrap_or_default(),
            overdue: matches!(text("overdue").as_str(), "1" | "true" | "on" | "yes"),
            shown: text("shown")
                .parse::<u32>()
                .ok()
                .map(|shown| shown.clamp(1, MAX_CARDS))
                .unwrap_or(CARDS_PER_STEP),
        }
    }

    /// The URL parameters of this view (defaults left out).
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        for (key, value) in [
            ("project", self.project.clone()),
            ("category", self.category.clone()),
            ("owner", self.owner.as_param()),
            ("status", self.status.as_param().to_owned()),
        ] {
            if !value.is_empty() {
                params.push((key, value));
            }
        }
        if self.overdue {
            params.push(("overdue", "1".to_owned()));
        }
        if self.shown != CARDS_PER_STEP {
            params.push(("shown", self.shown.to_string()));
        }
        params
    }

    /// The same view with more cards per column.
    pub fn show_more(&self) -> Self {
        Self { shown: self.shown.saturating_add(CARDS_PER_STEP).min(MAX_CARDS), ..self.clone() }
    }

    pub fn is_filtered(&self) -> bool {
        let unpaged = Self { shown: CARDS_PER_STEP, ..self.clone() };
        unpaged != Self::default()
    }
}

/// One remediation item on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub item: ItemFacts,
    /// When the gap was first reported (the first snapshot's date).
    pub first_seen: NaiveDate,
}

/// Someone an item can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignee {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
}

/// A column: a priority, its first cards, and how many items it holds in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub priority: Priority,
    pub cards: Vec<Card>,
    pub total: i64,
}

/// Arranges cards (any order) into the four priority columns, keeping each column's order.
pub fn columns(cards: Vec<Card>, totals: &[(String, i64)]) -> Vec<Column> {
    let mut columns: Vec<Column> = Priority::ALL
        .into_iter()
        .map(|priority| Column {
            priority,
            cards: Vec::new(),
            total: totals.iter().find(|(name, _)| name == priority.as_str()).map_or(0, |(_, total)| *total),
        })
        .collect();
    for card in cards {
        if let Some(column) = columns.iter_mut().find(|column| column.priority == card.item.priority) {
            column.cards.push(card);
        }
    }
    columns
}

/// Whole days from `since` to `today` (0 for the same day or a future date).
pub fn age_days(since: NaiveDate, today: NaiveDate) -> i64 {
    (today - since).num_days().max(0)
}

/// "3 days", "1 day", "today".
pub fn age_text(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "1 day".to_owned(),
        days => format!("{days} days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BoardQuery {
        BoardQuery::from_params(|key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned()))
    }

    #[test]
    fn defaults_show_active_items_of_everyone() {
        let query = params(&[]);
        assert_eq!(query, BoardQuery::default());
        assert_eq!(query.status.statuses(), ["open", "in_progress"]);
        assert!(query.to_params().is_empty());
        assert!(!query.is_filtered());
    }

    #[test]
    fn a_view_survives_the_round_trip_through_its_url() {
        let query = params(&[
            ("project", "topsmile"),
            ("category", "security"),
            ("owner", "Ada@Example.com"),
            ("status", "accepted_risk"),
            ("overdue", "on"),
            ("shown", "60"),
        ]);
        assert_eq!(query.owner, OwnerFilter::Email("ada@example.com".to_owned()));
        assert_eq!(query.status, StatusFilter::Only(ItemStatus::AcceptedRisk));
        assert!(query.overdue && query.is_filtered());
        let url: Vec<(String, String)> =
            query.to_params().into_iter().map(|(key, value)| (key.to_owned(), value)).collect();
        let again =
            BoardQuery::from_params(|key| url.iter().find(|(k, _)| k == key).map(|(_, value)| value.clone()));
        assert_eq!(again, query);
    }

    #[test]
    fn malformed_values_fall_back_to_defaults() {
        let query = params(&[("status", "bogus"), ("shown", "-4"), ("overdue", "maybe")]);
        assert_eq!(query, BoardQuery::default());
        assert_eq!(params(&[("shown", "999999")]).shown, MAX_CARDS);
        assert_eq!(params(&[("shown", "0")]).shown, 1);
        assert_eq!(params(&[("owner", "mine")]).owner, OwnerFilter::Mine);
        assert_eq!(params(&[("owner", "unassigned")]).owner, OwnerFilter::Unassigned);
        assert_eq!(params(&[("status", "all")]).status.statuses().len(), 4);
    }

    #[test]
    fn show_more_adds_a_step_up_to_the_cap() {
        let query = BoardQuery::default().show_more();
        assert_eq!(query.shown, 2 * CARDS_PER_STEP);
        assert!(!query.is_filtered(), "paging is not filtering");
        let capped = BoardQuery { shown: MAX_CARDS, ..BoardQuery::default() }.show_more();
        assert_eq!(capped.shown, MAX_CARDS);
    }

    fn card(id: i64, priority: Priority) -> Card {
        Card {
            item: ItemFacts {
                remediation_item_id: id,
                project_slug: "p".to_owned(),
                project_name: "P".to_owned(),
                title: format!("item {id}"),
                category_key: None,
                priority,
                status: crate::domain::lifecycle::ItemStatus::Open,
                owner_user_id: None,
                owner_name: None,
                due_date: None,
                accepted_reason: None,
                accepted_until: None,
                version: 0,
            },
            first_seen: NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"),
        }
    }

    #[test]
    fn cards_land_in_their_priority_column_in_order() {
        let cards = vec![card(1, Priority::Low), card(2, Priority::Critical), card(3, Priority::Low)];
        let columns = columns(cards, &[("low".to_owned(), 7), ("critical".to_owned(), 1)]);
        let ids: Vec<Vec<i64>> = columns
            .iter()
            .map(|c| c.cards.iter().map(|card| card.item.remediation_item_id).collect())
            .collect();
        assert_eq!(ids, vec![vec![2], vec![], vec![], vec![1, 3]]);
        let totals: Vec<i64> = columns.iter().map(|c| c.total).collect();
        assert_eq!(totals, [1, 0, 0, 7]);
    }

    #[test]
    fn ages_count_whole_days_and_never_go_negative() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).expect("a real date");
        assert_eq!(age_days(day(1), day(11)), 10);
        assert_eq!(age_days(day(11), day(1)), 0);
        assert_eq!(age_text(0), "today");
        assert_eq!(age_text(1), "1 day");
        assert_eq!(age_text(12), "12 days");
    }
}
