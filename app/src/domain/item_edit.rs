//! What a person changes about a remediation item: owner, due date, status (an accepted risk
//! with its reason and expiry) and priority.
//!
//! Pure planning: given the item as stored and the requested edit, check the edit and list the
//! fields that really change, each of which becomes one entry in the item's history and one in
//! the audit log. A form that sends every field back unchanged changes nothing.

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use super::lifecycle::ItemStatus;
use super::snapshot::Priority;

/// Longest reason for accepting a risk.
pub const MAX_REASON_CHARS: usize = 2000;
/// How far ahead an accepted risk may expire: a risk is accepted for a while, not for good.
pub const MAX_ACCEPTANCE_DAYS: u64 = 3 * 366;
/// Longest comment.
pub const MAX_COMMENT_CHARS: usize = 10_000;

/// The fields people decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFields {
    pub owner_user_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
    pub status: ItemStatus,
    pub accepted_reason: Option<String>,
    pub accepted_until: Option<NaiveDate>,
    pub priority: Priority,
}

/// A requested edit; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemEdit {
    /// `Some(None)` unassigns.
    pub owner_user_id: Option<Option<i64>>,
    /// `Some(None)` clears the due date.
    pub due_date: Option<Option<NaiveDate>>,
    pub status: Option<ItemStatus>,
    /// Only read when the status is (or becomes) accepted risk.
    pub accepted_reason: Option<String>,
    pub accepted_until: Option<NaiveDate>,
    pub priority: Option<Priority>,
}

/// One field that changes, with its value before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldChange {
    Owner { before: Option<i64>, after: Option<i64> },
    DueDate { before: Option<NaiveDate>, after: Option<NaiveDate> },
    Status { before: StatusDecision, after: StatusDecision },
    Priority { before: Priority, after: Priority },
}

/// A status with, for an accepted risk, why and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusDecision {
    pub status: ItemStatus,
    pub reason: Option<String>,
    pub until: Option<NaiveDate>,
}

impl StatusDecision {
    fn json(&self) -> Value {
        match self.status {
            ItemStatus::AcceptedRisk => json!({
                "status": self.status.as_str(),
                "accepted_reason": self.reason,
                "accepted_until": self.until,
            }),
            status => json!({ "status": status.as_str() }),
        }
    }
}

impl FieldChange {
    /// The kind of entry in the item's history.
    pub fn event_kind(&self) -> &'static str {
        match self {
            FieldChange::Owner { .. } => "owner_changed",
            FieldChange::DueDate { .. } => "due_date_changed",
            FieldChange::Status { .. } => "status_changed",
            FieldChange::Priority { .. } => "priority_changed",
        }
    }

    /// The action in the audit log.
    pub fn audit_action(&self) -> &'static str {
        match self {
            FieldChange::Owner { .. } => "item.assign",
            FieldChange::DueDate { .. } => "item.set_due_date",
            FieldChange::Status { .. } => "item.set_status",
            FieldChange::Priority { .. } => "item.set_priority",
        }
    }

    /// Before and after as stored in the history and the audit log; `email_of` names owners so
    /// the history stays readable after a user is gone.
    pub fn values(&self, email_of: impl Fn(i64) -> Option<String>) -> (Value, Value) {
        match self {
            FieldChange::Owner { before, after } => {
                let owner =
                    |id: &Option<i64>| json!({ "owner_user_id": id, "owner_email": id.and_then(&email_of) });
                (owner(before), owner(after))
            }
            FieldChange::DueDate { before, after } => {
                (json!({ "due_date": before }), json!({ "due_date": after }))
            }
            FieldChange::Status { before, after } => (before.json(), after.json()),
            FieldChange::Priority { before, after } => (
                json!({ "priority": before.as_str() }),
                json!({ "priority": after.as_str(), "source": "person" }),
            ),
        }
    }
}

/// Why an edit was refused, with the form field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EditRefused {
    pub field: &'static str,
    pub message: String,
}

fn refuse(field: &'static str, message: impl Into<String>) -> EditRefused {
    EditRefused { field, message: message.into() }
}

/// The edit form as posted (`edit[owner]`, `edit[due_date]`, …; every field text, as a form
/// sends it). A field left out stays as it is: dragging a card posts only `edit[priority]`.
/// A form post cannot tell an empty field from a missing one, so the full edit form also posts
/// `edit[complete]=true`: it carries every field, and an empty owner or due date there means
/// "nobody" and "no date".
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct EditForm {
    /// A user id, or empty to unassign.
    pub owner: Option<String>,
    /// `YYYY-MM-DD`, or empty to clear.
    pub due_date: Option<String>,
    pub status: Option<String>,
    pub accepted_reason: Option<String>,
    /// `YYYY-MM-DD`.
    pub accepted_until: Option<String>,
    pub priority: Option<String>,
    pub complete: bool,
}

impl TryFrom<EditForm> for ItemEdit {
    type Error = EditRefused;

    fn try_from(form: EditForm) -> Result<Self, EditRefused> {
        let owner = form
            .owner
            .map(|owner| match owner.trim() {
                "" => Ok(None),
                id => {
                    id.parse::<i64>().map(Some).map_err(|_| refuse("owner", "choose a person from the list"))
                }
            })
            .transpose()?;
        let status = form
            .status
            .map(|status| {
                ItemStatus::parse(status.trim())
                    .ok_or_else(|| refuse("status", "choose open, in progress, resolved or accepted risk"))
            })
            .transpose()?;
        let priority = form
            .priority
            .map(|priority| {
                Priority::parse(priority.trim())
                    .ok_or_else(|| refuse("priority", "choose critical, high, medium or low"))
            })
            .transpose()?;
        let due_date = form.due_date.map(|text| form_date("due_date", &text)).transpose()?;
        let accepted_until =
            form.accepted_until.map(|text| form_date("accepted_until", &text)).transpose()?;
        Ok(ItemEdit {
            owner_user_id: owner.or(form.complete.then_some(None)),
            due_date: due_date.or(form.complete.then_some(None)),
            status,
            accepted_reason: form.accepted_reason,
            accepted_until: accepted_until.flatten(),
            priority,
        })
    }
}

/// `YYYY-MM-DD`, or empty for none.
fn form_date(field: &'static str, text: &str) -> Result<Option<NaiveDate>, EditRefused> {
    match text.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| refuse(field, format!("\"{text}\" is not a date (YYYY-MM-DD)"))),
    }
}

/// Checks `edit` against the item as it is and lists what changes, in a stable order (owner,
/// due date, status, priority). Returns the fields as they will be stored.
pub fn plan_edit(
    current: &ItemFields,
    edit: ItemEdit,
    today: NaiveDate,
) -> Result<(ItemFields, Vec<FieldChange>), EditRefused> {
    let status = edit.status.unwrap_or(current.status);
    let (accepted_reason, accepted_until) = if status == ItemStatus::AcceptedRisk {
        // An empty reason field keeps the reason there is (a form that does not show it sends none).
        let reason = edit
            .accepted_reason
            .map(|reason| reason.trim().to_owned())
            .filter(|reason| !reason.is_empty())
            .or_else(|| current.accepted_reason.clone());
        let until = edit.accepted_until.or(current.accepted_until);
        (reason, until)
    } else {
        (None, None)
    };
    let decided = StatusDecision { status, reason: accepted_reason.clone(), until: accepted_until };
    let stored = StatusDecision {
        status: current.status,
        reason: current.accepted_reason.clone(),
        until: current.accepted_until,
    };
    if status == ItemStatus::AcceptedRisk && decided != stored {
        check_acceptance(&decided, today)?;
    }

    let next = ItemFields {
        owner_user_id: edit.owner_user_id.unwrap_or(current.owner_user_id),
        due_date: edit.due_date.unwrap_or(current.due_date),
        status,
        accepted_reason,
        accepted_until,
        priority: edit.priority.unwrap_or(current.priority),
    };
    let mut changes = Vec::new();
    if next.owner_user_id != current.owner_user_id {
        changes.push(FieldChange::Owner { before: current.owner_user_id, after: next.owner_user_id });
    }
    if next.due_date != current.due_date {
        changes.push(FieldChange::DueDate { before: current.due_date, after: next.due_date });
    }
    if decided != stored {
        changes.push(FieldChange::Status { before: stored, after: decided });
    }
    if next.priority != current.priority {
        changes.push(FieldChange::Priority { before: current.priority, after: next.priority });
    }
    Ok((next, changes))
}

fn check_acceptance(decision: &StatusDecision, today: NaiveDate) -> Result<(), EditRefused> {
    let Some(reason) = &decision.reason else {
        return Err(refuse("accepted_reason", "accepting a risk needs a reason"));
    };
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(refuse(
            "accepted_reason",
            format!("keep the reason under {MAX_REASON_CHARS} characters"),
        ));
    }
    let Some(until) = decision.until else {
        return Err(refuse("accepted_until", "accepting a risk needs an expiry date"));
    };
    if until <= today {
        return Err(refuse("accepted_until", "the expiry date must be after today"));
    }
    let latest = today.checked_add_days(Days::new(MAX_ACCEPTANCE_DAYS)).unwrap_or(today);
    if until > latest {
        return Err(refuse(
            "accepted_until",
            "a risk can be accepted for at most three years; review it again then",
        ));
    }
    Ok(())
}

/// A comment's text, trimmed, or why it cannot be posted.
pub fn check_comment(body: &str) -> Result<String, EditRefused> {
    let body = body.trim();
    if body.is_empty() {
        return Err(refuse("body", "write something to comment"));
    }
    if body.chars().count() > MAX_COMMENT_CHARS {
        return Err(refuse("body", format!("keep comments under {MAX_COMMENT_CHARS} characters")));
    }
    Ok(body.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(fields: &[(&str, &str)]) -> EditForm {
        let mut form = EditForm::default();
        for &(name, value) in fields {
            let value = Some(value.to_owned());
            match name {
                "owner" => form.owner = value,
                "due_date" => form.due_date = value,
                "status" => form.status = value,
                "accepted_reason" => form.accepted_reason = value,
                "accepted_until" => form.accepted_until = value,
                "priority" => form.priority = value,
                _ => panic!("no field {name}"),
            }
        }
        form
    }

    #[test]
    fn a_form_becomes_an_edit_of_just_the_fields_it_carries() {
        assert_eq!(
            ItemEdit::try_from(EditForm::default()),
            Ok(ItemEdit::default()),
            "nothing posted, nothing changed"
        );
        let dragged = ItemEdit::try_from(form(&[("priority", " high ")])).expect("valid");
        assert_eq!(dragged, ItemEdit { priority: Some(Priority::High), ..ItemEdit::default() });
        let edit = ItemEdit::try_from(form(&[
            ("owner", "42"),
            ("due_date", "2031-01-15"),
            ("status", "accepted_risk"),
            ("accepted_reason", "vendor patch due"),
            ("accepted_until", "2031-02-01"),
        ]))
        .expect("valid");
        assert_eq!(edit.owner_user_id, Some(Some(42)));
        assert_eq!(edit.due_date, Some(NaiveDate::from_ymd_opt(2031, 1, 15)));
        assert_eq!(edit.status, Some(ItemStatus::AcceptedRisk));
        assert_eq!(edit.accepted_reason.as_deref(), Some("vendor patch due"));
        assert_eq!(edit.accepted_until, NaiveDate::from_ymd_opt(2031, 2, 1));
    }

    #[test]
    fn empty_owner_and_date_clear_only_on_the_complete_form() {
        let partial = ItemEdit::try_from(form(&[("owner", ""), ("due_date", "")])).expect("valid");
        assert_eq!(partial.owner_user_id, Some(None), "an owner posted empty unassigns");
        assert_eq!(partial.due_date, Some(None));
        let missing = ItemEdit::try_from(form(&[("status", "open")])).expect("valid");
        assert_eq!((missing.owner_user_id, missing.due_date), (None, None), "left out: left alone");
        let complete =
            ItemEdit::try_from(EditForm { complete: true, ..form(&[("status", "open")]) }).expect("valid");
        assert_eq!(
            (complete.owner_user_id, complete.due_date),
            (Some(None), Some(None)),
            "the full form clears"
        );
    }

    #[test]
    fn bad_form_values_name_their_field() {
        for (field, value) in [
            ("owner", "not-a-number"),
            ("due_date", "31/12/2030"),
            ("accepted_until", "soon"),
            ("status", "done"),
            ("priority", "urgent"),
        ] {
            let refused = ItemEdit::try_from(form(&[(field, value)])).expect_err("refused");
            assert_eq!(refused.field, field, "{value}");
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }

    fn today() -> NaiveDate {
        day(2026, 6, 1)
    }

    fn item() -> ItemFields {
        ItemFields {
            owner_user_id: None,
            due_date: Some(day(2026, 6, 30)),
            status: ItemStatus::Open,
            accepted_reason: None,
            accepted_until: None,
            priority: Priority::High,
        }
    }

    /// What a form sends back when nothing was touched.
    fn unchanged_form(fields: &ItemFields) -> ItemEdit {
        ItemEdit {
            owner_user_id: Some(fields.owner_user_id),
            due_date: Some(fields.due_date),
            status: Some(fields.status),
            accepted_reason: Some(fields.accepted_reason.clone().unwrap_or_default()),
            accepted_until: fields.accepted_until,
            priority: Some(fields.priority),
        }
    }

    #[test]
    fn an_untouched_form_changes_nothing() {
        let (next, changes) = plan_edit(&item(), unchanged_form(&item()), today()).expect("accepted");
        assert_eq!(next, item());
        assert!(changes.is_empty());
        let accepted = ItemFields {
            status: ItemStatus::AcceptedRisk,
            accepted_reason: Some("vendor fix due".into()),
            // Expired already: resubmitting the form unchanged must not be refused for it.
            accepted_until: Some(day(2026, 5, 1)),
            ..item()
        };
        let (_, changes) = plan_edit(&accepted, unchanged_form(&accepted), today()).expect("accepted");
        assert!(changes.is_empty());
    }

    #[test]
    fn each_changed_field_is_one_change_in_a_stable_order() {
        let edit = ItemEdit {
            priority: Some(Priority::Critical),
            owner_user_id: Some(Some(7)),
            due_date: Some(None),
            status: Some(ItemStatus::InProgress),
            ..ItemEdit::default()
        };
        let (next, changes) = plan_edit(&item(), edit, today()).expect("accepted");
        let kinds: Vec<_> = changes.iter().map(FieldChange::event_kind).collect();
        assert_eq!(kinds, ["owner_changed", "due_date_changed", "status_changed", "priority_changed"]);
        assert_eq!(next.owner_user_id, Some(7));
        assert_eq!(next.due_date, None);
        assert_eq!(next.priority, Priority::Critical);
        let actions: Vec<_> = changes.iter().map(FieldChange::audit_action).collect();
        assert_eq!(actions, ["item.assign", "item.set_due_date", "item.set_status", "item.set_priority"]);
    }

    #[test]
    fn accepting_a_risk_needs_a_reason_and_a_future_expiry_within_three_years() {
        let accept = |reason: &str, until: Option<NaiveDate>| ItemEdit {
            status: Some(ItemStatus::AcceptedRisk),
            accepted_reason: Some(reason.to_owned()),
            accepted_until: until,
            ..ItemEdit::default()
        };
        let refused = |edit| plan_edit(&item(), edit, today()).expect_err("refused");
        assert_eq!(refused(accept("  ", Some(day(2026, 9, 1)))).field, "accepted_reason");
        assert_eq!(refused(accept("waiting on vendor", None)).field, "accepted_until");
        assert_eq!(refused(accept("waiting on vendor", Some(today()))).field, "accepted_until");
        assert_eq!(refused(accept("waiting on vendor", Some(day(2030, 1, 1)))).field, "accepted_until");
        assert_eq!(
            refused(accept(&"x".repeat(MAX_REASON_CHARS + 1), Some(day(2026, 9, 1)))).field,
            "accepted_reason"
        );

        let (next, changes) =
            plan_edit(&item(), accept(" waiting on vendor ", Some(day(2026, 9, 1))), today())
                .expect("accepted");
        assert_eq!(next.accepted_reason.as_deref(), Some("waiting on vendor"));
        let (before, after) = changes[0].values(|_| None);
        assert_eq!(before, json!({ "status": "open" }));
        assert_eq!(
            after,
            json!({ "status": "accepted_risk", "accepted_reason": "waiting on vendor", "accepted_until": "2026-09-01" })
        );
    }

    #[test]
    fn leaving_accepted_risk_clears_its_reason_and_expiry() {
        let accepted = ItemFields {
            status: ItemStatus::AcceptedRisk,
            accepted_reason: Some("vendor fix due".into()),
            accepted_until: Some(day(2026, 9, 1)),
            ..item()
        };
        let edit = ItemEdit { status: Some(ItemStatus::Open), ..unchanged_form(&accepted) };
        let (next, changes) = plan_edit(&accepted, edit, today()).expect("accepted");
        assert_eq!((next.accepted_reason, next.accepted_until), (None, None));
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn extending_an_accepted_risk_is_a_status_change_checked_again() {
        let accepted = ItemFields {
            status: ItemStatus::AcceptedRisk,
            accepted_reason: Some("vendor fix due".into()),
            accepted_until: Some(day(2026, 9, 1)),
            ..item()
        };
        let extend = ItemEdit { accepted_until: Some(day(2026, 12, 1)), ..ItemEdit::default() };
        let (next, changes) = plan_edit(&accepted, extend, today()).expect("accepted");
        assert_eq!(next.accepted_until, Some(day(2026, 12, 1)));
        assert_eq!(changes.iter().map(FieldChange::event_kind).collect::<Vec<_>>(), ["status_changed"]);
        let backwards = ItemEdit { accepted_until: Some(day(2026, 1, 1)), ..ItemEdit::default() };
        assert!(plan_edit(&accepted, backwards, today()).is_err());
    }

    #[test]
    fn owner_values_name_the_person() {
        let change = FieldChange::Owner { before: None, after: Some(3) };
        let (before, after) = change.values(|id| (id == 3).then(|| "ada@example.com".to_owned()));
        assert_eq!(before, json!({ "owner_user_id": null, "owner_email": null }));
        assert_eq!(after, json!({ "owner_user_id": 3, "owner_email": "ada@example.com" }));
    }

    #[test]
    fn comments_are_trimmed_and_bounded() {
        assert_eq!(check_comment("  fixed in #12 \n").expect("accepted"), "fixed in #12");
        assert_eq!(check_comment(" \n ").expect_err("refused").field, "body");
        assert!(check_comment(&"é".repeat(MAX_COMMENT_CHARS)).is_ok());
        assert!(check_comment(&"é".repeat(MAX_COMMENT_CHARS + 1)).is_err());
    }
}
