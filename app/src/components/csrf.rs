//! The anti-forgery field every state-changing form carries.
//!
//! Markup planted in a page (a report title that escapes its element, say) could otherwise
//! place a form that a signed-in person submits with one click, and the request would come from
//! our own origin. Such a form cannot know the session's token, so the server refuses it. The
//! server reads the field from form bodies, and from the `csrf` query parameter for multipart
//! forms (see the server's `http::csrf`).

use leptos::prelude::*;

/// The name of the field (and query parameter).
pub const FIELD: &str = "csrf";

/// `<input type="hidden" name="csrf" value="…">` with this session's token. Inside an island,
/// pass `token` (the island's prop) so the browser renders the same value; elsewhere it is read
/// from the request on the server.
#[component]
pub fn CsrfField(#[prop(optional, into)] token: Option<String>) -> impl IntoView {
    let token = token.unwrap_or_else(session_token);
    view! { <input type="hidden" name=FIELD value=token /> }
}

/// This request's token on the server; nothing in the browser (which never renders it alone).
pub fn session_token() -> String {
    #[cfg(feature = "ssr")]
    return crate::auth::request::anti_forgery_token();
    #[cfg(not(feature = "ssr"))]
    String::new()
}
