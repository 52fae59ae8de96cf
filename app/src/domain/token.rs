//! API tokens: their format, hashing and lifetimes (pure parts; generation needs randomness and
//! lives with the server).
//!
//! A token is `plumb_` followed by 64 hex digits (256 random bits). Only its SHA-256 is stored:
//! a fast hash is enough for a secret with that much entropy (password stretching protects
//! guessable secrets), and it keeps the per-request lookup cheap.

use chrono::{DateTime, Duration, Utc};

/// Every token starts with this, so it is recognisable in logs, diffs and secret scanners.
pub const TOKEN_PREFIX: &str = "plumb_";
/// Characters of a token kept in clear to tell tokens apart in lists.
const DISPLAY_LENGTH: usize = 14;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Upload reports (and read).
    Upload,
    /// Read only.
    Read,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Upload => "upload",
            Permission::Read => "read",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "upload" => Some(Permission::Upload),
            "read" => Some(Permission::Read),
            _ => None,
        }
    }
}

/// A token as listed (never the secret).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TokenListing {
    pub api_token_id: i64,
    pub name: String,
    pub display_prefix: String,
    /// `None`: every project.
    pub project_slug: Option<String>,
    pub permission: String,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl TokenListing {
    /// `active`, `expired` or `revoked` at `now`.
    pub fn state(&self, now: chrono::DateTime<chrono::Utc>) -> &'static str {
        if self.revoked_at.is_some() {
            "revoked"
        } else if self.expires_at.is_some_and(|at| at <= now) {
            "expired"
        } else {
            "active"
        }
    }
}

/// SHA-256 of a token, as stored.
pub fn token_hash(token: &str) -> Vec<u8> {
    super::secret::digest(token).to_vec()
}

/// The part of a token shown in lists: `plumb_3f9a1c2b…`.
pub fn display_prefix(token: &str) -> String {
    token.chars().take(DISPLAY_LENGTH).collect()
}

/// True when `text` has the shape of a Plumb token (cheap check before any lookup).
pub fn looks_like_token(text: &str) -> bool {
    text.strip_prefix(TOKEN_PREFIX)
        .is_some_and(|rest| rest.len() == 64 && rest.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Longest lifetime a token may be given: ten years. A credential meant to outlive that should
/// be rotated instead, and the bound keeps every expiry a representable date.
pub const MAX_LIFETIME_DAYS: i64 = 3652;

/// A lifetime such as `90d`, `12h`, `4w` or `1y` (365 days), at most [`MAX_LIFETIME_DAYS`].
pub fn parse_lifetime(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let too_long = || format!("\"{text}\" is too long: a token lives at most 10 years (3652d)");
    let amount: i64 = match number.parse() {
        Ok(amount) => amount,
        // All digits but out of range for i64: a number, just far too large.
        Err(_) if !number.is_empty() => return Err(too_long()),
        Err(_) => return Err(format!("\"{text}\": expected a number and a unit, like 90d")),
    };
    if amount <= 0 {
        return Err(format!("\"{text}\": the lifetime must be positive"));
    }
    let hours = match unit {
        "h" => Some(amount),
        "d" => amount.checked_mul(24),
        "w" => amount.checked_mul(24 * 7),
        "y" => amount.checked_mul(24 * 365),
        _ => return Err(format!("\"{text}\": unknown unit \"{unit}\" (use h, d, w or y)")),
    };
    match hours {
        Some(hours) if hours <= MAX_LIFETIME_DAYS * 24 => Ok(Duration::hours(hours)),
        _ => Err(too_long()),
    }
}

/// When a token created at `now` with the lifetime `text` expires.
pub fn expiry_after(now: DateTime<Utc>, text: &str) -> Result<DateTime<Utc>, String> {
    let lifetime = parse_lifetime(text)?;
    // Cannot overflow within the bound above, but checked all the same: no input may panic.
    now.checked_add_signed(lifetime).ok_or_else(|| format!("\"{}\" is too long", text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_parse_with_their_units() {
        assert_eq!(parse_lifetime("90d"), Ok(Duration::days(90)));
        assert_eq!(parse_lifetime("12h"), Ok(Duration::hours(12)));
        assert_eq!(parse_lifetime("2w"), Ok(Duration::days(14)));
        assert_eq!(parse_lifetime("1y"), Ok(Duration::days(365)));
        assert!(parse_lifetime("0d").is_err());
        assert!(parse_lifetime("90").is_err());
        assert!(parse_lifetime("ninety days").is_err());
        assert!(parse_lifetime("999999999999999y").is_err());
        assert!(parse_lifetime("300000y").is_err());
        assert!(parse_lifetime("99999999999999999999999d").is_err());
        assert_eq!(parse_lifetime("3652d"), Ok(Duration::days(MAX_LIFETIME_DAYS)));
        assert!(parse_lifetime("3653d").is_err());
        assert!(parse_lifetime("11y").is_err());
    }

    #[test]
    fn tokens_are_recognised_by_shape() {
        let token = format!("{TOKEN_PREFIX}{}", "ab".repeat(32));
        assert!(looks_like_token(&token));
        assert!(!looks_like_token("plumb_xyz"));
        assert!(!looks_like_token(&token.replace("plumb_", "other_")));
        assert_eq!(display_prefix(&token), "plumb_abababab");
        assert_eq!(token_hash(&token).len(), 32);
        assert_ne!(token_hash(&token), token_hash(&format!("{token}0")));
    }
}
