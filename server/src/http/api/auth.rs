//! Bearer tokens on `/api/v1/*`: every handler asks for a [`Caller`] and checks what it may do
//! with the project at hand.

use app::db::tokens::{self, TokenGrant, TokenProblem};
use app::domain::token::{Permission, looks_like_token, token_hash};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::Utc;

use super::problem::Problem;
use crate::state::AppState;

/// An authenticated API caller.
#[derive(Debug, Clone, Copy)]
pub struct Caller(pub TokenGrant);

impl Caller {
    /// May this caller read the project?
    pub fn may_read(&self, project_id: i64) -> bool {
        self.0.project_id.is_none_or(|scope| scope == project_id)
    }

    /// May this caller upload to the project?
    pub fn may_upload(&self, project_id: i64) -> bool {
        self.0.permission == Permission::Upload && self.may_read(project_id)
    }

    /// May this caller create projects (an upload token for all projects)?
    pub fn may_create_projects(&self) -> bool {
        self.0.permission == Permission::Upload && self.0.project_id.is_none()
    }

    /// The key that scopes this caller's idempotency keys.
    pub fn idempotency_scope(&self) -> String {
        format!("token:{}", self.0.api_token_id)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| Problem::unauthorized("send an API token: Authorization: Bearer plumb_…"))?;
        let token =
            header.to_str().ok().and_then(|value| value.strip_prefix("Bearer ")).map(str::trim).ok_or_else(
                || Problem::unauthorized("the Authorization header must be \"Bearer <token>\""),
            )?;
        if !looks_like_token(token) {
            return Err(Problem::unauthorized("that is not a Plumb API token"));
        }
        match tokens::authenticate(&state.pool, &token_hash(token), Utc::now()).await? {
            Ok(grant) => Ok(Caller(grant)),
            Err(TokenProblem::Unknown) => Err(Problem::unauthorized("unknown API token")),
            Err(TokenProblem::Revoked) => Err(Problem::unauthorized("this API token was revoked")),
            Err(TokenProblem::Expired) => Err(Problem::unauthorized("this API token has expired")),
        }
    }
}
