//! A labelled menu in a filter form: "any" first, then the choices, the current one selected.

use leptos::prelude::*;

#[component]
pub fn FilterSelect(
    label: &'static str,
    /// The URL parameter it sets.
    name: &'static str,
    /// What the empty choice says ("Any", "Anyone").
    any: &'static str,
    /// (value, text) pairs.
    choices: Vec<(String, String)>,
    /// The value chosen now ("" for none).
    current: String,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <select name=name>
                <option value="">{any}</option>
                {choices.into_iter().map(|(value, text)| {
                    let selected = value == current;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// Choices whose text is their value.
pub fn plain_choices(values: Vec<String>) -> Vec<(String, String)> {
    values.into_iter().map(|value| (value.clone(), value)).collect()
}
