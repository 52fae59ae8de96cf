//! What the audit log shows: who changed what, when, with the state before and after.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Who (or what) made a change: a signed-in user, an API token, or neither (the command line,
/// sample data). It is what an audit row and an item's history name; building those rows is
/// `actions::Acting`'s job.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub token_id: Option<i64>,
}

/// One audit entry as the admin page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub audit_log_id: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The user's email, the token's name, or `None` for the command line.
    pub actor_user: Option<String>,
    pub actor_token: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Which entries to list; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// An action (`user.create`) or its area (`user`).
    pub action: Option<String>,
    pub actor_user_id: Option<i64>,
    pub entity_type: Option<String>,
    /// Entries older than this id (the next page after the last one shown).
    pub before_id: Option<i64>,
}
