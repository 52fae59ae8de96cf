//! What every page that reads data shows: a line saying what is loading, then the page, or
//! the reason it could not load (with the HTTP status that reason stands for).

use leptos::prelude::*;
use leptos_meta::Title;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::components::error_notice::ErrorNotice;
use crate::error::AppError;

/// `show` the resource's value once it is there; until then say `loading`. When it cannot be
/// read, the error is shown instead, and `title` (for pages whose title comes from their data)
/// names the page.
#[component]
pub fn Loaded<T, V, F>(
    data: Resource<Result<T, AppError>>,
    /// Said while the data loads ("Loading the board…").
    loading: &'static str,
    /// The page title when the data cannot be read.
    #[prop(optional)]
    title: Option<&'static str>,
    show: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    view! {
        <Suspense fallback=move || view! { <p class="loading">{loading}</p> }>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => show(value).into_any(),
                        Err(error) => view! {
                            {title.map(|text| view! { <Title text /> })}
                            <ErrorNotice error />
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
