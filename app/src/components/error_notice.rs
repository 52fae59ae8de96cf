//! How a failed server call is shown: what went wrong and what to do, with the matching HTTP
//! status on the server-rendered page (so a denied page is a 403, not a 200 with an error in it).

use leptos::prelude::*;

use crate::error::AppError;

/// Sets the response status while rendering on the server; does nothing in the browser.
pub fn set_response_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(code)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(status))
    {
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// A panel for an error that stopped a page from loading.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    set_response_status(error.status_code());
    let hint = match &error {
        AppError::Unauthorized => view! {
            <p><a class="button" href="/login">"Sign in"</a></p>
        }
        .into_any(),
        AppError::Forbidden => view! {
            <p>"Your role does not include this. An admin can change roles under Admin → Users."</p>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <section class="panel error-panel" role="alert" data-testid="error-notice">
            <h2>{heading(&error)}</h2>
            <p>{error.to_string()}</p>
            {hint}
        </section>
    }
}

fn heading(error: &AppError) -> &'static str {
    match error {
        AppError::Unauthorized => "Please sign in",
        AppError::Forbidden => "Not allowed",
        AppError::NotFound(_) => "Not found",
        AppError::Unavailable(_) => "Unavailable for a moment",
        _ => "Something went wrong",
    }
}

/// The message of a failed form submission, shown above the form.
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            let text = match &error {
                AppError::Validation { field, message } => format!("{}: {message}", field.replace('_', " ")),
                other => other.to_string(),
            };
            view! { <p class="form-error" role="alert" data-testid="form-error">{text}</p> }
        })
    }
}
