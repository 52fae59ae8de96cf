//! Anti-forgery tokens: every state-changing request of a signed-in session must carry the
//! session's token, on top of the same-origin check in [`super::origin`].
//!
//! The origin check stops other sites. This stops markup planted in one of our own pages (a
//! report title, a gap, a project name that escaped its element): a form placed there posts
//! from our origin, but it cannot know the token, which only the session's own pages carry
//! (`app::components::csrf`). The token is read from the `X-Plumb-Csrf` header, the `csrf`
//! query parameter (multipart forms), or the `csrf` field of a form body. Requests that no one
//! is signed in for act as nobody and are not asked for one; the bearer-token REST API never
//! reads cookies and is exempt.

use app::auth::request::{AntiForgeryToken, Authenticated};
use app::domain::secret;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Largest form body read here to look for the field (server functions take small forms).
const MAX_FORM_BODY: usize = 1024 * 1024;

const HEADER: &str = "x-plumb-csrf";
const FIELD: &str = app::components::csrf::FIELD;

fn field_in(query: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find_map(|(name, value)| (name == FIELD).then_some(value))
}

fn refused(reason: &str) -> Response {
    tracing::warn!(reason, "refused a request without its anti-forgery token");
    (
        StatusCode::FORBIDDEN,
        "this form has expired or did not come from a Plumb page: reload the page and try again\n",
    )
        .into_response()
}

/// Middleware (inside `access::identify`, which puts the session's token into the request).
pub async fn require_token(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let signed_in = request.extensions().get::<Authenticated>().is_some_and(|user| user.0.is_some());
    if safe || !signed_in || request.uri().path().starts_with("/api/v1/") {
        return next.run(request).await;
    }
    let Some(AntiForgeryToken(expected)) = request.extensions().get::<AntiForgeryToken>().cloned() else {
        return refused("the session has no token");
    };
    let from_header = request.headers().get(HEADER).and_then(|value| value.to_str().ok()).map(str::to_owned);
    let from_query = request.uri().query().and_then(field_in);
    if let Some(given) = from_header.or(from_query) {
        return if secret::same(&given, &expected) {
            next.run(request).await
        } else {
            refused("wrong token")
        };
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return refused("no token");
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BODY).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "the form is too large\n").into_response();
    };
    let given = std::str::from_utf8(&bytes).ok().and_then(field_in);
    match given {
        Some(given) if secret::same(&given, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes))).await
        }
        Some(_) => refused("wrong token"),
        None => refused("no token"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_is_found_in_a_form_or_query() {
        assert_eq!(field_in("a=1&csrf=abc&b=2"), Some("abc".to_owned()));
        assert_eq!(field_in("csrf=a%2Bb"), Some("a+b".to_owned()));
        assert_eq!(field_in("a=1"), None);
    }
}
