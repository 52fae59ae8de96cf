//! How many failed sign-ins are tolerated, per account and per client address.
//!
//! Failures are counted in a fixed window that starts at the first failure. Once a key reaches
//! its limit, sign-ins for that key are refused (without checking the password) until the
//! window ends; then the count starts over. Only the throttled key waits: one account's failures
//! never block another account, and the per-address limit is high enough for an office behind
//! one address.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

/// A limit of `max_failures` inside `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub max_failures: i32,
    pub window: Duration,
}

/// The failures recorded for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: i32,
    pub window_started_at: DateTime<Utc>,
}

impl ThrottlePolicy {
    /// How long the key must wait before trying again, or `None` when it may try now.
    pub fn wait(&self, failures: Option<Failures>, now: DateTime<Utc>) -> Option<Duration> {
        let failures = failures?;
        let window_ends = failures.window_started_at + self.window;
        (failures.count >= self.max_failures && now < window_ends).then(|| window_ends - now)
    }
}

/// Both limits a sign-in must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottle {
    /// Guessing one person's password, from anywhere.
    pub per_account: ThrottlePolicy,
    /// One client guessing many accounts. Higher, because an office shares one address.
    pub per_address: ThrottlePolicy,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            per_account: ThrottlePolicy { max_failures: 5, window: Duration::minutes(15) },
            per_address: ThrottlePolicy { max_failures: 30, window: Duration::minutes(15) },
        }
    }
}

/// The throttle key of an account: its email, trimmed and lowercased as sign-in matches it.
pub fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

/// The throttle key of a client address. IPv6 clients usually hold a whole /64, so the key is
/// the /64 prefix; otherwise a client could rotate addresses to escape the limit.
pub fn address_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => format!("address:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("address:{v4}"),
            None => {
                let s = v6.segments();
                format!("address:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// "14 minutes", "1 minute", "40 seconds": how a wait is told to a person.
pub fn describe_wait(wait: Duration) -> String {
    let seconds = wait.num_seconds().max(1);
    if seconds < 60 {
        return format!("{seconds} second{}", if seconds == 1 { "" } else { "s" });
    }
    let minutes = (seconds + 59) / 60;
    format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).expect("in range")
    }

    const POLICY: ThrottlePolicy = ThrottlePolicy { max_failures: 3, window: Duration::seconds(60) };

    #[test]
    fn a_key_waits_only_once_it_reaches_the_limit_and_only_until_the_window_ends() {
        assert_eq!(POLICY.wait(None, at(0)), None);
        let two = Failures { count: 2, window_started_at: at(0) };
        assert_eq!(POLICY.wait(Some(two), at(10)), None);
        let three = Failures { count: 3, window_started_at: at(0) };
        assert_eq!(POLICY.wait(Some(three), at(10)), Some(Duration::seconds(50)));
        assert_eq!(POLICY.wait(Some(three), at(60)), None, "the window is over");
    }

    #[test]
    fn keys_normalise_emails_and_group_ipv6_by_prefix() {
        assert_eq!(account_key("  Ann@Example.COM "), "account:ann@example.com");
        assert_eq!(address_key("192.0.2.7".parse().expect("ip")), "address:192.0.2.7");
        assert_eq!(
            address_key("2001:db8:1:2:aaaa::1".parse().expect("ip")),
            address_key("2001:db8:1:2:bbbb::9".parse().expect("ip"))
        );
        assert_eq!(address_key("::ffff:192.0.2.7".parse().expect("ip")), "address:192.0.2.7");
    }

    #[test]
    fn waits_are_told_in_words() {
        assert_eq!(describe_wait(Duration::seconds(1)), "1 second");
        assert_eq!(describe_wait(Duration::seconds(40)), "40 seconds");
        assert_eq!(describe_wait(Duration::seconds(61)), "2 minutes");
        assert_eq!(describe_wait(Duration::minutes(15)), "15 minutes");
    }
}
