//! Columns that hold one word of a fixed set (a priority, a status, a role, a permission),
//! decoded into the domain's enum once, here. A word the code does not know is a corrupt row
//! and fails the query; it never turns silently into a default.

use crate::domain::account::Role;
use crate::domain::lifecycle::ItemStatus;
use crate::domain::snapshot::Priority;
use crate::domain::token::Permission;

fn word<T>(kind: &str, text: &str, parse: impl Fn(&str) -> Option<T>) -> sqlx::Result<T> {
    parse(text)
        .ok_or_else(|| sqlx::Error::Decode(format!("the database holds an unknown {kind} \"{text}\"").into()))
}

pub fn priority(text: &str) -> sqlx::Result<Priority> {
    word("priority", text, Priority::parse)
}

pub fn item_status(text: &str) -> sqlx::Result<ItemStatus> {
    word("item status", text, ItemStatus::parse)
}

pub fn role(text: &str) -> sqlx::Result<Role> {
    word("role", text, Role::parse)
}

pub fn permission(text: &str) -> sqlx::Result<Permission> {
    word("token permission", text, Permission::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_words_decode_and_unknown_ones_fail() {
        assert_eq!(priority("high").ok(), Some(Priority::High));
        assert_eq!(item_status("accepted_risk").ok(), Some(ItemStatus::AcceptedRisk));
        assert_eq!(role("viewer").ok(), Some(Role::Viewer));
        assert_eq!(permission("upload").ok(), Some(Permission::Upload));
        let error = priority("urgent").err().map(|error| error.to_string()).unwrap_or_default();
        assert!(error.contains("unknown priority \"urgent\""), "{error}");
        assert!(item_status("Open").is_err(), "stored words are exact");
    }
}
