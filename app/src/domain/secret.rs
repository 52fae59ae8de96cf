//! Secrets kept and compared by their SHA-256.
//!
//! Every secret Plumb issues (API tokens, the first-run setup token, the metrics scrape token,
//! anti-forgery tokens) has 256 random bits, so a fast hash is enough to store it (password
//! stretching protects guessable secrets). Comparing digests rather than the secrets keeps the
//! time a comparison takes unrelated to how much of a guess was right: a guess that shares a
//! prefix with the secret does not share a prefix of its digest.

use sha2::{Digest, Sha256};

/// SHA-256 of a secret, as stored.
pub fn digest(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether `given` is the secret whose digest is `expected`.
pub fn matches(given: &str, expected: &[u8; 32]) -> bool {
    digest(given) == *expected
}

/// Whether two secrets are the same, in time that says nothing about where they differ.
pub fn same(given: &str, expected: &str) -> bool {
    matches(given, &digest(expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_matches_only_its_own_digest() {
        let stored = digest("plumb_secret");
        assert!(matches("plumb_secret", &stored));
        assert!(!matches("plumb_secreT", &stored));
        assert!(!matches("plumb_secret ", &stored));
        assert!(!matches("", &stored));
    }

    #[test]
    fn same_compares_whole_secrets() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abcd"));
        assert!(!same("abd", "abc"));
    }
}
