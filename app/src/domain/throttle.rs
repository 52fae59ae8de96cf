//! How many failed sign-ins are tolerated: per account *and* client address, per client
//! address, and per account from everywhere.
//!
//! An attempt is counted *before* its password is checked (a reservation, in one statement), so
//! any number of concurrent guesses are counted as they arrive and only those within the limit
//! reach the (expensive) password check; a sign-in that succeeds gives its reservation back.
//!
//! Failures are counted in a fixed window that starts at the first one. A key over its limit is
//! refused, without checking the password, until its window ends. The tight limit is per
//! (account, address): a guesser locks out only itself, never the account's owner elsewhere. An
//! account is locked for everyone only after many more failures (from many addresses), and each
//! further round of failures while locked doubles the lock (backoff); an operator can lift it
//! with `plumb user unlock EMAIL`.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

/// How many times a backing-off lock may double (15 minutes become at most 16 hours).
pub const MAX_DOUBLINGS: i32 = 6;

/// A limit of `max_failures` inside `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub max_failures: i32,
    pub window: Duration,
    /// Whether each further `max_failures` failures past the limit doubles the window.
    pub backoff: bool,
}

/// The failures recorded for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: i32,
    pub window_started_at: DateTime<Utc>,
}

impl ThrottlePolicy {
    pub const fn fixed(max_failures: i32, window: Duration) -> Self {
        Self { max_failures, window, backoff: false }
    }

    /// How often the window has doubled at `count` failures (what the SQL computes too).
    pub fn doublings(&self, count: i32) -> i32 {
        if !self.backoff || self.max_failures <= 0 {
            return 0;
        }
        ((count - self.max_failures) / self.max_failures).clamp(0, MAX_DOUBLINGS)
    }

    /// The window as long as it is at `count` failures.
    pub fn window_at(&self, count: i32) -> Duration {
        self.window * (1 << self.doublings(count))
    }

    /// How long the key must wait before trying again, or `None` when it may try now, given
    /// the failures recorded *before* this attempt.
    pub fn wait(&self, failures: Option<Failures>, now: DateTime<Utc>) -> Option<Duration> {
        let failures = failures?;
        let window_ends = failures.window_started_at + self.window_at(failures.count);
        (failures.count >= self.max_failures && now < window_ends).then(|| window_ends - now)
    }

    /// After reserving an attempt (the count includes it): how long to wait, or `None` when
    /// the attempt may go ahead.
    pub fn wait_after_reserving(&self, reserved: Failures, now: DateTime<Utc>) -> Option<Duration> {
        let before = Failures { count: reserved.count - 1, ..reserved };
        self.wait(Some(before), now)
    }
}

/// The three limits a sign-in must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottle {
    /// Guessing one account's password from one client address.
    pub per_pair: ThrottlePolicy,
    /// One client guessing many accounts. Higher, because an office shares one address.
    pub per_address: ThrottlePolicy,
    /// One account guessed from many addresses: locked for everyone, backing off.
    pub per_account: ThrottlePolicy,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            per_pair: ThrottlePolicy::fixed(5, Duration::minutes(15)),
            per_address: ThrottlePolicy::fixed(30, Duration::minutes(15)),
            per_account: ThrottlePolicy { max_failures: 100, window: Duration::minutes(15), backoff: true },
        }
    }
}

/// The throttle key of an account: its id when the email names one (so the count follows the
/// account whichever way the email is written and however the database folds its case), else
/// the email as typed, trimmed and lowercased.
pub fn account_key(user_id: Option<i64>, email: &str) -> String {
    match user_id {
        Some(id) => format!("account:{id}"),
        None => format!("account:?{}", email.trim().to_lowercase()),
    }
}

/// The throttle key of an account tried from one client address.
pub fn pair_key(account_key: &str, address_key: &str) -> String {
    format!("pair:{account_key}|{address_key}")
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

    #[test]
    fn a_backing_off_lock_doubles_with_each_round_of_failures_up_to_a_bound() {
        let policy = ThrottlePolicy { max_failures: 10, window: Duration::minutes(15), backoff: true };
        assert_eq!(policy.window_at(9), Duration::minutes(15));
        assert_eq!(policy.window_at(10), Duration::minutes(15));
        assert_eq!(policy.window_at(20), Duration::minutes(30));
        assert_eq!(policy.window_at(45), Duration::minutes(15 * 8));
        assert_eq!(policy.window_at(10_000), Duration::minutes(15 * 64));
        assert_eq!(ThrottlePolicy::fixed(10, Duration::minutes(15)).window_at(10_000), Duration::minutes(15));
    }

    #[test]
    fn a_reserved_attempt_goes_ahead_only_within_the_limit() {
        let reserved = |count| Failures { count, window_started_at: at(0) };
        assert_eq!(POLICY.wait_after_reserving(reserved(3), at(1)), None, "the third of three");
        assert_eq!(POLICY.wait_after_reserving(reserved(4), at(1)), Some(Duration::seconds(59)));
    }

    #[test]
    fn accounts_are_keyed_by_id_when_known() {
        assert_eq!(account_key(Some(7), "İnge@Example.com"), "account:7");
        assert_eq!(account_key(None, " Ann@Example.com "), "account:?ann@example.com");
        assert_eq!(pair_key("account:7", "address:10.0.0.1"), "pair:account:7|address:10.0.0.1");
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).expect("in range")
    }

    const POLICY: ThrottlePolicy = ThrottlePolicy::fixed(3, Duration::seconds(60));

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
        assert_eq!(account_key(None, "  Ann@Example.COM "), "account:?ann@example.com");
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
