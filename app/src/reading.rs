//! Reading an upload on the server: off the async workers, and within a deadline.
//!
//! Parsing is pure CPU work and linear in the report's size (docs/PERFORMANCE.md), but a 2 MiB
//! report still takes tens of milliseconds: on an async worker it would stall every other
//! request that worker serves. It runs on tokio's blocking pool instead, and an answer that
//! does not come within [`READ_DEADLINE`] is a refusal ("report too complex"), never a hung
//! request.

use std::time::Duration;

use crate::domain::ingest::limits::TooComplex;
use crate::domain::ingest::{Format, ParseError, Parsed, Unstorable, read_for_storage};

/// Longest a report may take to read.
pub const READ_DEADLINE: Duration = Duration::from_secs(10);

/// [`read_for_storage`] on the blocking pool, refused after [`READ_DEADLINE`].
pub async fn read_for_storage_off_thread(bytes: &[u8], format: Format) -> Result<Parsed, Unstorable> {
    let owned = bytes.to_vec();
    let reading = tokio::task::spawn_blocking(move || read_for_storage(&owned, format));
    let too_slow = || {
        Unstorable::Unreadable(ParseError::TooComplex(TooComplex::Slow { seconds: READ_DEADLINE.as_secs() }))
    };
    match tokio::time::timeout(READ_DEADLINE, reading).await {
        Ok(Ok(read)) => read,
        // The parser does not panic (it is fuzzed); were it to, the report is still refused.
        Ok(Err(join_error)) => {
            tracing::error!(%join_error, "reading a report failed");
            Err(too_slow())
        }
        Err(_) => {
            tracing::warn!(bytes = bytes.len(), "reading a report passed the deadline");
            Err(too_slow())
        }
    }
}
