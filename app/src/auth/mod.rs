//! Who is asking and what they may do (server side only): sessions, password hashing, sign-in
//! throttling, the first-run setup link, and the account and token changes that people make on
//! admin pages and scripts make with the `plumb` command.

pub mod accounts;
pub mod password;
pub mod request;
pub mod session;
pub mod setup;
pub mod sign_in;
pub mod tokens;

use crate::db::audit;
use crate::db::items::Actor;

/// Who makes a change, for the audit log.
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

    pub fn user(user_id: i64, request_id: Option<String>) -> Self {
        Self { actor: Actor { user_id: Some(user_id), token_id: None }, request_id, via: None }
    }

    /// An audit entry for this actor.
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
                fields.insert("via".to_owned(), via.into());
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

/// `bytes` random bytes as lowercase hex, from the operating system's generator.
pub fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}
