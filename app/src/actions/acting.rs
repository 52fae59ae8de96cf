//! Who makes a change, and the one way an audit row is built from that.

use crate::db::audit;
use crate::domain::audit::Actor;

/// Who makes a change, for the audit log and an item's history.
#[derive(Debug, Clone, Default)]
pub struct Acting {
    pub actor: Actor,
    pub request_id: Option<String>,
    /// How a change without a user or token came about ("cli", "setup link"); recorded in `after`.
    pub via: Option<&'static str>,
}

impl Acting {
    /// Someone at the server's command line (`plumb user …`, `plumb token …`).
    pub fn command_line() -> Self {
        Self { via: Some("cli"), ..Self::default() }
    }

    /// A signed-in person, in the request `request_id`.
    pub fn user(user_id: i64, request_id: Option<String>) -> Self {
        Self { actor: Actor { user_id: Some(user_id), token_id: None }, request_id, via: None }
    }

    /// A program holding the API token `token_id`, in the request `request_id`.
    pub fn token(token_id: i64, request_id: Option<String>) -> Self {
        Self { actor: Actor { user_id: None, token_id: Some(token_id) }, request_id, via: None }
    }

    /// An audit entry for this actor. `via` joins `after` unless the change names its own
    /// (a project created by `plumb import` says "import", not "cli").
    pub fn change<'a>(
        &'a self,
        action: &'a str,
        entity_type: &'a str,
        entity_id: impl ToString,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> audit::Change<'a> {
        let after = match (after, self.via) {
            (Some(serde_json::Value::Object(mut fields)), Some(via)) => {
                fields.entry("via").or_insert_with(|| via.into());
                Some(serde_json::Value::Object(fields))
            }
            (after, _) => after,
        };
        audit::Change {
            actor: self.actor,
            action,
            entity_type,
            entity_id: entity_id.to_string(),
            before,
            after,
            request_id: self.request_id.as_deref(),
        }
    }
}
