//! Sign-in throttling against attackers: concurrent guesses, targeted lockouts, the operator's
//! unlock, and the current-password check of a session left open. Real HTTP, real PostgreSQL.

use app::domain::account::Role;
use app::domain::throttle::{LoginThrottle, ThrottlePolicy};
use chrono::Duration;
use plumb::state::AuthSettings;
use tokio::process::Command;

use crate::helpers::{PASSWORD, TestApp};

const PLUMB: &str = env!("CARGO_BIN_EXE_plumb");

/// A sign-in from `address` (the app trusts X-Forwarded-For here, as behind a proxy).
async fn sign_in_from(app: &TestApp, address: &str, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/fn/login"))
        .header("origin", &app.address)
        .header("accept", "application/json")
        .header("x-forwarded-for", address)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
}

/// Limits of `pair` per account and address; the other two out of the way.
fn pair_limit(pair: i32) -> LoginThrottle {
    let window = Duration::minutes(15);
    LoginThrottle {
        per_pair: ThrottlePolicy::fixed(pair, window),
        per_address: ThrottlePolicy::fixed(1000, window),
        per_account: ThrottlePolicy::fixed(1000, window),
    }
}

async fn app_with(throttle: LoginThrottle) -> TestApp {
    TestApp::spawn_with_auth(AuthSettings { throttle, behind_proxy: true, ..AuthSettings::default() }).await
}

#[tokio::test]
async fn concurrent_guesses_are_counted_before_any_password_is_checked() {
    let app = app_with(pair_limit(5)).await;
    app.add_user("ann@example.com", Role::Viewer).await;
    let guesses = (0..60).map(|n| {
        let app = &app;
        async move {
            sign_in_from(app, "198.51.100.7", "ann@example.com", &format!("guess {n} is wrong"))
                .await
                .status()
        }
    });
    let statuses = futures_join_all(guesses).await;
    // A guess let through is checked (401) or, when every hashing slot stays busy on a loaded
    // machine, answered busy (503); either way it was counted before any hash ran.
    let checked = statuses.iter().filter(|status| matches!(status.as_u16(), 401 | 503)).count();
    let refused = statuses.iter().filter(|status| status.as_u16() == 429).count();
    assert_eq!(checked, 5, "only the first five guesses reach the password check: {statuses:?}");
    assert_eq!(refused, 55, "{statuses:?}");
    app.stop().await;
}

/// `join_all` without a futures dependency: spawn-free, polls all at once.
async fn futures_join_all<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for future in futures {
        set.push(Box::pin(future));
    }
    let mut outputs: Vec<Option<F::Output>> = (0..set.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (slot, future) in outputs.iter_mut().zip(set.iter_mut()) {
            if slot.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(output) => *slot = Some(output),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    outputs.into_iter().map(|output| output.expect("every future finished")).collect()
}

#[tokio::test]
async fn a_guesser_locks_out_only_itself_until_the_account_is_guessed_from_everywhere() {
    let window = Duration::minutes(15);
    let app = app_with(LoginThrottle {
        per_pair: ThrottlePolicy::fixed(3, window),
        per_address: ThrottlePolicy::fixed(100, window),
        per_account: ThrottlePolicy { max_failures: 6, window, backoff: true },
    })
    .await;
    app.add_user("admin@example.com", Role::Admin).await;

    for _ in 0..3 {
        assert_eq!(
            sign_in_from(&app, "203.0.113.1", "admin@example.com", "wrong guess number").await.status(),
            401
        );
    }
    let attacker = sign_in_from(&app, "203.0.113.1", "admin@example.com", PASSWORD).await;
    assert_eq!(attacker.status(), 429, "the guessing address is refused, even with the password");
    assert!(attacker.text().await.unwrap().contains("for this account from your address"));
    // The admin, elsewhere, is not locked out; and writing the email otherwise changes nothing.
    assert_eq!(sign_in_from(&app, "192.0.2.50", "Admin@Example.com", PASSWORD).await.status(), 200);
    let again = sign_in_from(&app, "203.0.113.1", "ADMIN@example.com", PASSWORD).await;
    assert_eq!(again.status(), 429, "the same account however its email is written");

    // Guesses from many addresses add up to a lock for everyone.
    for n in 0..6 {
        let address = format!("203.0.113.{}", 100 + n);
        assert_eq!(
            sign_in_from(&app, &address, "admin@example.com", "wrong guess number").await.status(),
            401
        );
    }
    let owner = sign_in_from(&app, "192.0.2.50", "admin@example.com", PASSWORD).await;
    assert_eq!(owner.status(), 429);
    assert!(owner.text().await.unwrap().contains("Too many failed sign-ins for this account."));

    // The operator lifts it.
    let unlocked = Command::new(PLUMB)
        .args(["user", "unlock", "admin@example.com"])
        .env("DATABASE_URL", &app.db.url)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap();
    assert!(unlocked.status.success(), "{}", String::from_utf8_lossy(&unlocked.stderr));
    assert!(String::from_utf8_lossy(&unlocked.stdout).contains("Unlocked admin@example.com"));
    assert_eq!(sign_in_from(&app, "192.0.2.50", "admin@example.com", PASSWORD).await.status(), 200);
    assert_eq!(sign_in_from(&app, "203.0.113.1", "admin@example.com", PASSWORD).await.status(), 200);
    let audited: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'user.unlock'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
    app.stop().await;
}

#[tokio::test]
async fn the_current_password_check_of_an_open_session_is_throttled_too() {
    let app = app_with(pair_limit(3)).await;
    let cookie = app.signed_in(Role::Viewer).await;
    let change = |current: &'static str| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            app.call(
                "change_password",
                Some(&cookie),
                &[
                    ("current_password", current),
                    ("new_password", "a brand new passphrase"),
                    ("confirm_password", "a brand new passphrase"),
                ],
            )
            .await
            .status()
        }
    };
    for _ in 0..3 {
        assert_eq!(change("not my password at all").await, 422);
    }
    assert_eq!(change(PASSWORD).await, 429, "the right password waits like everyone else");
    app.stop().await;
}
