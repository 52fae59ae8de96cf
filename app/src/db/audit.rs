//! The audit log: who changed what, when.

use serde_json::Value;
use sqlx::PgExecutor;

use super::items::Actor;

/// One change, with the state before and after where it has one.
pub struct Change<'a> {
    pub actor: Actor,
    /// e.g. `snapshot.upload`, `project.create`, `token.revoke`
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub request_id: Option<&'a str>,
}

pub async fn record(db: impl PgExecutor<'_>, change: Change<'_>) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into audit_log (actor_user_id, actor_token_id, action, entity_type, entity_id, before, after,
                               request_id)
        values ($1, $2, $3, $4, $5, $6, $7, $8)
        "#,
        change.actor.user_id,
        change.actor.token_id,
        change.action,
        change.entity_type,
        change.entity_id,
        change.before,
        change.after,
        change.request_id
    )
    .execute(db)
    .await?;
    Ok(())
}
