//! The fields for choosing a new password.

use leptos::prelude::*;

/// A new password typed twice, with the rules said up front.
#[component]
pub fn PasswordFields(
    /// The name of the first field; the second is `confirm_password`.
    name: &'static str,
) -> impl IntoView {
    use crate::domain::account::MIN_PASSWORD_CHARS;
    view! {
        <label>
            "Password"
            <input type="password" name=name autocomplete="new-password" required minlength=MIN_PASSWORD_CHARS />
            <small>{format!("At least {MIN_PASSWORD_CHARS} characters; a few words make a good passphrase.")}</small>
        </label>
        <label>
            "Password again"
            <input type="password" name="confirm_password" autocomplete="new-password" required />
        </label>
    }
}
