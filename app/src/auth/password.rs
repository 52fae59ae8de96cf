//! Password hashing with argon2id, off the async executor.
//!
//! Parameters: 19 MiB of memory, 2 passes, 1 lane: the OWASP Password Storage Cheat Sheet's
//! recommended minimum for argon2id. Hashes are PHC strings, so the parameters travel with each
//! hash and can be raised later without breaking existing passwords.

use std::sync::OnceLock;
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{AppError, Result};

const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// Password checks that may run at once in this process. Each holds 19 MiB while it runs; more
/// at once would only queue on the two-to-few cores anyway.
const MAX_CONCURRENT_HASHES: usize = 4;
/// How long a check waits for a slot before the request is answered "busy" (503).
const SLOT_WAIT: Duration = Duration::from_secs(2);

static HASHING: Semaphore = Semaphore::const_new(MAX_CONCURRENT_HASHES);

/// A slot for one hash, or 503 when every slot stays busy: memory stays bounded however many
/// sign-ins arrive at once.
async fn slot() -> Result<SemaphorePermit<'static>> {
    match tokio::time::timeout(SLOT_WAIT, HASHING.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(AppError::Unavailable(
            "the server is busy checking passwords; try again in a few seconds".to_owned(),
        )),
    }
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).expect("BUG: argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password (PHC string). Runs on the blocking pool: it takes tens of milliseconds.
pub async fn hash(password: String) -> Result<String> {
    let permit = slot().await?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let salt = SaltString::generate(&mut OsRng);
        hasher().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)
}

/// A hash of a password nobody has, verified against when the email is unknown, so an attacker
/// cannot tell known emails from unknown ones by timing.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(b"no account has this password", &salt)
            .map(|hash| hash.to_string())
            .expect("BUG: hashing the dummy password works")
    })
}

/// Checks `password` against `stored` (or against a dummy hash when there is no such user),
/// always doing the same work. Runs on the blocking pool.
pub async fn verify(stored: Option<String>, password: String) -> Result<bool> {
    let permit = slot().await?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let parsed = PasswordHash::new(&phc).map_err(AppError::internal)?;
        let matches = hasher().verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(known && matches)
    })
    .await
    .map_err(AppError::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery".to_owned()).await.expect("hash");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(verify(Some(stored.clone()), "correct horse battery".to_owned()).await.expect("verify"));
        assert!(!verify(Some(stored), "correct horse battery!".to_owned()).await.expect("verify"));
    }

    #[tokio::test]
    async fn salts_differ_so_equal_passwords_hash_differently() {
        let a = hash("same password here".to_owned()).await.expect("hash");
        let b = hash("same password here".to_owned()).await.expect("hash");
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn when_every_slot_stays_busy_a_check_is_answered_busy_not_queued_forever() {
        // Each test runs in a process of its own (nextest), so the slots are this test's.
        let held: Vec<_> = futures_slots().await;
        let started = std::time::Instant::now();
        let answer = verify(None, "any password at all".to_owned()).await;
        assert!(matches!(answer, Err(AppError::Unavailable(_))), "{answer:?}");
        assert!(started.elapsed() >= SLOT_WAIT);
        drop(held);
        assert!(verify(None, "any password at all".to_owned()).await.is_ok(), "free again");
    }

    async fn futures_slots() -> Vec<SemaphorePermit<'static>> {
        let mut held = Vec::new();
        for _ in 0..MAX_CONCURRENT_HASHES {
            held.push(slot().await.expect("a free slot"));
        }
        held
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies_even_with_the_dummy_password() {
        assert!(!verify(None, "no account has this password".to_owned()).await.expect("verify"));
    }
}
