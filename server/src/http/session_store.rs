//! tower-sessions' store on PostgreSQL, in the `tower_sessions.session` table that Plumb's
//! migrations create. Sessions are shared by every `plumb` instance on the same database.
//!
//! Records are stored as JSON. A session id is 128 random bits; a new session is inserted
//! without overwriting, so the (astronomically unlikely) collision with a live id picks a new
//! id instead of taking over someone's session.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

#[derive(Debug, Clone)]
pub struct PgSessionStore {
    pool: PgPool,
}

impl PgSessionStore {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn to_chrono(at: OffsetDateTime) -> session_store::Result<DateTime<Utc>> {
    DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond())
        .ok_or_else(|| backend("session expiry out of range"))
}

fn encode(record: &Record) -> session_store::Result<(String, Vec<u8>, DateTime<Utc>)> {
    let data = serde_json::to_vec(record).map_err(|error| session_store::Error::Encode(error.to_string()))?;
    Ok((record.id.to_string(), data, to_chrono(record.expiry_date)?))
}

#[async_trait]
impl SessionStore for PgSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let (id, data, expiry) = encode(record)?;
            // language=PostgreSQL
            let inserted = sqlx::query!(
                r#"
                insert into tower_sessions.session (id, data, expiry_date) values ($1, $2, $3)
                on conflict (id) do nothing
                "#,
                id,
                data,
                expiry
            )
            .execute(&self.pool)
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (id, data, expiry) = encode(record)?;
        // An update only: a session deleted meanwhile (signed out in another tab, or expired)
        // stays deleted instead of being written back by a request that loaded it earlier.
        // New and re-keyed sessions go through `create`.
        // language=PostgreSQL
        sqlx::query!(
            r#"update tower_sessions.session set data = $2, expiry_date = $3 where id = $1"#,
            id,
            data,
            expiry
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        // language=PostgreSQL
        let data = sqlx::query_scalar!(
            r#"select data from tower_sessions.session where id = $1 and expiry_date > now()"#,
            session_id.to_string()
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        data.map(|bytes| {
            serde_json::from_slice(&bytes).map_err(|error| session_store::Error::Decode(error.to_string()))
        })
        .transpose()
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        // language=PostgreSQL
        sqlx::query!(r#"delete from tower_sessions.session where id = $1"#, session_id.to_string())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for PgSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        // language=PostgreSQL
        sqlx::query!(r#"delete from tower_sessions.session where expiry_date <= now()"#)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
