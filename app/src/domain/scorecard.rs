//! A project's scorecard: category scores with their change since the previous snapshot, the
//! readiness checklist grouped by category, and which items are overdue. Pure code.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::lifecycle::ItemStatus;
use crate::domain::taxonomy;

/// A category score as stored for a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    pub category_key: String,
    pub score: Option<f64>,
    pub status: Option<String>,
}

/// One row of the category table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryLine {
    pub key: String,
    pub label: String,
    pub score: Option<f64>,
    pub status: Option<String>,
    /// Change since the previous snapshot, when both scored the category.
    pub delta: Option<f64>,
}

/// The human label of a category key (the key itself when the taxonomy does not know it).
pub fn category_label(key: &str) -> String {
    taxonomy::category(key).map_or_else(|| key.replace('_', " "), |category| category.label.to_owned())
}

/// The latest categories, in their order, each with its change against `previous`.
pub fn category_lines(latest: &[CategoryScore], previous: &[CategoryScore]) -> Vec<CategoryLine> {
    latest
        .iter()
        .map(|category| {
            let before =
                previous.iter().find(|p| p.category_key == category.category_key).and_then(|p| p.score);
            CategoryLine {
                key: category.category_key.clone(),
                label: category_label(&category.category_key),
                score: category.score,
                status: category.status.clone(),
                delta: category.score.zip(before).map(|(now, then)| now - then),
            }
        })
        .collect()
}

/// A readiness control as stored for a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistLine {
    pub text: String,
    /// `done`, `partial` or `missing`.
    pub state: String,
    pub category_key: Option<String>,
    /// Line in the source report.
    pub line: Option<i32>,
}

/// The checklist of one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistGroup {
    pub key: String,
    pub label: String,
    pub done: usize,
    pub partial: usize,
    pub missing: usize,
    pub items: Vec<ChecklistLine>,
}

/// Groups controls by category in taxonomy order (unknown keys after, uncategorized last),
/// keeping each group's items in report order.
pub fn group_checklist(items: Vec<ChecklistLine>) -> Vec<ChecklistGroup> {
    let rank = |key: &str| {
        taxonomy::CATEGORIES.iter().position(|c| c.key == key).unwrap_or(taxonomy::CATEGORIES.len())
    };
    let mut groups: Vec<ChecklistGroup> = Vec::new();
    for item in items {
        let key = item.category_key.clone().unwrap_or_default();
        let group = match groups.iter_mut().position(|group| group.key == key) {
            Some(index) => &mut groups[index],
            None => {
                let label = if key.is_empty() { "Other".to_owned() } else { category_label(&key) };
                groups.push(ChecklistGroup {
                    key: key.clone(),
                    label,
                    done: 0,
                    partial: 0,
                    missing: 0,
                    items: vec![],
                });
                let last = groups.len() - 1;
                &mut groups[last]
            }
        };
        match item.state.as_str() {
            "done" => group.done += 1,
            "partial" => group.partial += 1,
            _ => group.missing += 1,
        }
        group.items.push(item);
    }
    groups.sort_by_key(|group| (group.key.is_empty(), rank(&group.key)));
    groups
}

/// Whether an item with this due date and status is overdue on `today`.
pub fn is_overdue(due: Option<NaiveDate>, status: ItemStatus, today: NaiveDate) -> bool {
    status.is_active() && due.is_some_and(|due| due < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(key: &str, score: Option<f64>) -> CategoryScore {
        CategoryScore { category_key: key.to_owned(), score, status: None }
    }

    fn control(text: &str, state: &str, key: Option<&str>) -> ChecklistLine {
        ChecklistLine {
            text: text.into(),
            state: state.into(),
            category_key: key.map(Into::into),
            line: Some(1),
        }
    }

    #[test]
    fn category_changes_compare_the_same_key_only() {
        let latest =
            [score("security", Some(70.0)), score("testing", Some(50.0)), score("observability", None)];
        let previous = [score("testing", Some(60.0)), score("security", Some(40.0))];
        let lines = category_lines(&latest, &previous);
        let deltas: Vec<Option<f64>> = lines.iter().map(|l| l.delta).collect();
        assert_eq!(deltas, [Some(30.0), Some(-10.0), None]);
        assert_eq!(lines[0].label, category_label("security"));
        assert_eq!(category_label("made_up_key"), "made up key");
    }

    #[test]
    fn the_checklist_groups_by_category_in_taxonomy_order_with_counts() {
        let first = taxonomy::CATEGORIES[0].key;
        let second = taxonomy::CATEGORIES[1].key;
        let groups = group_checklist(vec![
            control("a", "done", Some(second)),
            control("b", "missing", None),
            control("c", "partial", Some(first)),
            control("d", "done", Some(second)),
            control("e", "missing", Some(second)),
        ]);
        let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys, [first, second, ""]);
        assert_eq!((groups[1].done, groups[1].partial, groups[1].missing), (2, 0, 1));
        let texts: Vec<&str> = groups[1].items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["a", "d", "e"], "report order inside a group");
        assert_eq!(groups[2].label, "Other");
    }

    #[test]
    fn only_unfinished_items_past_their_due_date_are_overdue() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 10).expect("date");
        let yesterday = today.pred_opt();
        assert!(is_overdue(yesterday, ItemStatus::Open, today));
        assert!(is_overdue(yesterday, ItemStatus::InProgress, today));
        assert!(!is_overdue(yesterday, ItemStatus::Resolved, today));
        assert!(!is_overdue(yesterday, ItemStatus::AcceptedRisk, today));
        assert!(!is_overdue(Some(today), ItemStatus::Open, today));
        assert!(!is_overdue(None, ItemStatus::Open, today));
    }
}
