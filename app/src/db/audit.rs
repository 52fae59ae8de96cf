//! The audit log: who changed what, when.

use serde_json::Value;
use sqlx::PgExecutor;

use crate::domain::audit::Actor;
use crate::domain::audit::{AuditEntry, AuditFilter};

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

/// Newest first, at most `limit` entries.
pub async fn list(
    db: impl PgExecutor<'_>,
    filter: &AuditFilter,
    limit: i64,
) -> sqlx::Result<Vec<AuditEntry>> {
    // language=PostgreSQL
    sqlx::query_as!(
        AuditEntry,
        r#"
        select a.audit_log_id, a.created_at, u.email as "actor_user?", t.name as "actor_token?", a.action,
               a.entity_type, a.entity_id, a.before, a.after
        from audit_log a
        left join app_user u on u.app_user_id = a.actor_user_id
        left join api_token t on t.api_token_id = a.actor_token_id
        where ($1::text is null or a.action = $1 or starts_with(a.action, $1 || '.'))
          and ($2::bigint is null or a.actor_user_id = $2)
          and ($3::text is null or a.entity_type = $3)
          and ($4::bigint is null or a.audit_log_id < $4)
        order by a.audit_log_id desc
        limit $5
        "#,
        filter.action,
        filter.actor_user_id,
        filter.entity_type,
        filter.before_id,
        limit
    )
    .fetch_all(db)
    .await
}

/// The distinct actions and entity types recorded so far (for the filter menus).
pub async fn vocabulary(db: impl PgExecutor<'_>) -> sqlx::Result<(Vec<String>, Vec<String>)> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select array(select distinct action from audit_log order by 1) as "actions!",
               array(select distinct entity_type from audit_log order by 1) as "entity_types!"
        "#
    )
    .fetch_one(db)
    .await?;
    Ok((row.actions, row.entity_types))
}
