//! People and what they may do: roles, and the rules a password must meet.

use serde::{Deserialize, Serialize};

/// What a signed-in person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Read only.
    Viewer,
    /// Upload, assign, change items, comment.
    Editor,
    /// Everything, including users and tokens.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "viewer" => Some(Role::Viewer),
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Whether this role may change data (upload, assign, comment).
    pub fn may_edit(self) -> bool {
        self >= Role::Editor
    }
}

/// A user as listed (no secrets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserListing {
    pub app_user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub disabled_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The person behind a request, as pages and server functions see them (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

impl CurrentUser {
    /// Whether this user's role is `role` or above.
    pub fn has(&self, role: Role) -> bool {
        self.role >= role
    }
}

/// Where to go after signing in: only a path on this site (`/board?x=1`), never another
/// origin (`//evil.example`, `https://…`, `/\evil`), so a crafted link cannot bounce a user
/// elsewhere. Anything else goes home.
pub fn safe_return_path(requested: &str) -> &str {
    let same_site = requested.starts_with('/')
        && !requested.starts_with("//")
        && !requested.chars().any(|c| c.is_control() || c == '\\');
    if same_site { requested } else { "/" }
}

/// Fewest characters in a password. With no second factor, length is what protects it
/// (OWASP: at least 8 with MFA, 15 recommended without; 12 is the floor here, and passphrases
/// are encouraged).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Most characters (argon2 handles any length; this keeps requests bounded).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Passwords that appear at the top of every breach list: refused whatever their length.
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "password1234",
    "password12345",
    "passwordpassword",
    "qwertyuiop12",
    "qwertyuiopasdf",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "iloveyou1234",
    "letmein12345",
    "welcome12345",
    "administrator",
    "adminadmin123",
    "changeme1234",
    "trustno1trustno1",
    "monkeymonkey",
    "football1234",
    "baseball1234",
    "superman1234",
    "sunshine1234",
    "princess1234",
    "dragondragon",
    "aaaaaaaaaaaa",
    "abcdefghijkl",
    "abcd1234abcd",
    "abc123abc123",
    "qwerty123456",
    "password!234",
    "p@ssw0rd1234",
    "passw0rd1234",
    "zaq12wsxcde3",
    "asdfghjkl123",
    "correcthorsebatterystaple",
    "plumbplumbplumb",
];

/// Checks a new password against the rules; the error says what to change.
pub fn check_password(password: &str, email: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(format!(
            "use at least {MIN_PASSWORD_CHARS} characters (a few words make a good passphrase)"
        ));
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(format!("use at most {MAX_PASSWORD_CHARS} characters"));
    }
    let lowered = password.to_lowercase();
    if COMMON_PASSWORDS.contains(&lowered.as_str()) {
        return Err("this password is among the most common ones; choose another".to_owned());
    }
    if password.chars().all(|c| password.starts_with(c)) {
        return Err("a password of one repeated character is too easy to guess".to_owned());
    }
    let local_part = email.split('@').next().unwrap_or("").to_lowercase();
    if !local_part.is_empty()
        && (lowered == email.to_lowercase() || lowered.contains(&local_part) && local_part.len() >= 4)
    {
        return Err("the password must not contain your email address".to_owned());
    }
    Ok(())
}

/// A plausible email address: something@domain.tld, no spaces, at most 254 characters.
pub fn check_email(email: &str) -> Result<(), String> {
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        });
    if valid { Ok(()) } else { Err(format!("\"{email}\" is not an email address")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_must_be_long_uncommon_and_not_the_email() {
        assert!(check_password("correct horse battery", "ann@example.com").is_ok());
        assert!(check_password("short", "ann@example.com").expect_err("refused").contains("at least 12"));
        assert!(
            check_password("Password1234", "ann@example.com").expect_err("refused").contains("most common")
        );
        assert!(check_password("zzzzzzzzzzzzzz", "ann@example.com").is_err());
        assert!(
            check_password("annabel-the-admin", "annabel@example.com")
                .expect_err("refused")
                .contains("email")
        );
        assert!(check_password(&"x".repeat(300), "ann@example.com").is_err());
        // Length counts characters, not bytes.
        assert!(check_password("ééééé", "ann@example.com").is_err());
    }

    #[test]
    fn only_same_site_paths_are_followed_after_sign_in() {
        assert_eq!(safe_return_path("/board?owner=mine"), "/board?owner=mine");
        assert_eq!(safe_return_path("/"), "/");
        for hostile in [
            "//evil.example/x",
            "https://evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
            "board",
            "/a\nb",
        ] {
            assert_eq!(safe_return_path(hostile), "/", "{hostile:?}");
        }
    }

    #[test]
    fn roles_are_ordered_viewer_editor_admin() {
        let user = |role| CurrentUser { user_id: 1, email: "a@b.c".into(), display_name: "A".into(), role };
        assert!(user(Role::Admin).has(Role::Editor));
        assert!(user(Role::Editor).has(Role::Viewer));
        assert!(!user(Role::Editor).has(Role::Admin));
        assert!(!user(Role::Viewer).has(Role::Editor));
    }

    #[test]
    fn emails_need_a_local_part_and_a_domain() {
        assert!(check_email("ann@example.com").is_ok());
        assert!(check_email("ann@localhost").is_err());
        assert!(check_email("@example.com").is_err());
        assert!(check_email("ann example@example.com").is_err());
    }

    #[test]
    fn roles_order_by_power() {
        assert!(Role::Admin.may_edit() && Role::Editor.may_edit() && !Role::Viewer.may_edit());
        assert_eq!(Role::parse("editor"), Some(Role::Editor));
        assert_eq!(Role::parse("owner"), None);
    }
}
