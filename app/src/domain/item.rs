//! A remediation item's page: the item, the evidence each snapshot gave for it, its history and
//! its comments; and how a history entry reads.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::lifecycle::ItemStatus;
use super::snapshot::Priority;

/// What a board card and an item page both show, and what the edit form starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemFacts {
    pub remediation_item_id: i64,
    pub project_slug: String,
    pub project_name: String,
    pub title: String,
    pub category_key: Option<String>,
    pub priority: Priority,
    pub status: ItemStatus,
    pub owner_user_id: Option<i64>,
    pub owner_name: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub accepted_reason: Option<String>,
    pub accepted_until: Option<NaiveDate>,
    /// `updated_at` in microseconds: the edit form carries it back so a stale form is refused.
    pub version: i64,
}

/// An item with everything its page shows at the top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDetail {
    pub facts: ItemFacts,
    pub priority_locked: bool,
    pub owner_email: Option<String>,
    pub first_seen_snapshot_id: i64,
    pub first_seen: DateTime<Utc>,
    pub last_seen_snapshot_id: i64,
    pub last_seen: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// The gap as one snapshot reported it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub snapshot_id: i64,
    pub taken_at: DateTime<Utc>,
    pub report_title: String,
    pub title: String,
    pub priority: Option<String>,
    pub effort_hours: Option<f64>,
    pub detail: String,
    pub line: Option<i32>,
}

/// One entry of an item's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemEvent {
    pub kind: String,
    /// The person's email or the token's name; `None` for a change nobody is named for.
    pub actor: Option<String>,
    pub snapshot_id: Option<i64>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub created_at: DateTime<Utc>,
}

/// A comment on an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub remediation_comment_id: i64,
    pub author: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// One history entry in words: "Owner: unassigned → ada@example.com".
pub fn describe_event(kind: &str, before: Option<&Value>, after: Option<&Value>) -> String {
    let field = |value: Option<&Value>, key: &str| -> Option<String> {
        match value?.get(key)? {
            Value::Null => None,
            Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    };
    let status = |value: Option<&Value>| {
        let Some(status) = field(value, "status") else { return "—".to_owned() };
        let label = ItemStatus::label_of(&status);
        match (field(value, "accepted_until"), field(value, "accepted_reason")) {
            (Some(until), Some(reason)) => format!("{label} until {until} ({reason})"),
            _ => label,
        }
    };
    match kind {
        "created" => format!(
            "Found in a report ({} priority, due {})",
            field(after, "priority").unwrap_or_else(|| "no".to_owned()),
            field(after, "due_date").unwrap_or_else(|| "—".to_owned())
        ),
        "resolved" => "Resolved: a newer report no longer shows the gap".to_owned(),
        "reopened" => "Reopened: the gap is back in a newer report".to_owned(),
        "owner_changed" => format!(
            "Owner: {} → {}",
            field(before, "owner_email").unwrap_or_else(|| "unassigned".to_owned()),
            field(after, "owner_email").unwrap_or_else(|| "unassigned".to_owned())
        ),
        "due_date_changed" => format!(
            "Due date: {} → {}",
            field(before, "due_date").unwrap_or_else(|| "none".to_owned()),
            field(after, "due_date").unwrap_or_else(|| "none".to_owned())
        ),
        "status_changed" => format!("Status: {} → {}", status(before), status(after)),
        "priority_changed" => {
            let from = field(before, "priority").unwrap_or_default();
            let to = field(after, "priority").unwrap_or_default();
            let applied = after.and_then(|after| after.get("applied")).and_then(Value::as_bool);
            match (field(after, "source").as_deref(), applied) {
                (Some("report"), Some(false)) => {
                    format!("The report says {to} (was {from}); kept {from}, which a person set")
                }
                (Some("report"), _) => format!("Priority: {from} → {to}, as the report says"),
                _ => format!("Priority: {from} → {to}"),
            }
        }
        "commented" => "Commented".to_owned(),
        other => other.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn history_entries_read_as_sentences() {
        let d = |kind, before: Value, after: Value| describe_event(kind, Some(&before), Some(&after));
        assert_eq!(
            d("owner_changed", json!({ "owner_email": null }), json!({ "owner_email": "ada@example.com" })),
            "Owner: unassigned → ada@example.com"
        );
        assert_eq!(
            d("due_date_changed", json!({ "due_date": "2026-01-05" }), json!({ "due_date": null })),
            "Due date: 2026-01-05 → none"
        );
        assert_eq!(
            d(
                "status_changed",
                json!({ "status": "open" }),
                json!({ "status": "accepted_risk", "accepted_reason": "vendor", "accepted_until": "2026-09-01" })
            ),
            "Status: Open → Accepted risk until 2026-09-01 (vendor)"
        );
        assert_eq!(
            d(
                "priority_changed",
                json!({ "priority": "low" }),
                json!({ "priority": "high", "source": "person" })
            ),
            "Priority: low → high"
        );
        assert_eq!(
            d(
                "priority_changed",
                json!({ "priority": "low" }),
                json!({ "priority": "high", "source": "report", "applied": false })
            ),
            "The report says high (was low); kept low, which a person set"
        );
        assert_eq!(
            describe_event(
                "created",
                None,
                Some(&json!({ "priority": "critical", "due_date": "2026-02-01" }))
            ),
            "Found in a report (critical priority, due 2026-02-01)"
        );
        assert_eq!(
            describe_event("resolved", None, None),
            "Resolved: a newer report no longer shows the gap"
        );
        assert_eq!(describe_event("something_new", None, None), "something new");
    }

    #[test]
    fn odd_values_do_not_break_the_sentence() {
        let odd = json!({ "owner_email": 42, "status": "weird" });
        assert_eq!(describe_event("owner_changed", Some(&odd), Some(&json!([]))), "Owner: 42 → unassigned");
        assert_eq!(describe_event("status_changed", Some(&odd), None), "Status: weird → —");
    }
}
