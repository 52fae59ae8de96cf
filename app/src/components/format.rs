//! How scores, changes and verdicts read on every page.

use leptos::prelude::*;

/// `72.5`, or a dash when there is no score.
pub fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_owned(), |score| format!("{score:.1}"))
}

/// `L3`, or a dash when there is no level.
pub fn level_text(level: Option<i16>) -> String {
    level.map_or_else(|| "—".to_owned(), |level| format!("L{level}"))
}

/// `ready` → "Ready", and so on; a dash for none.
pub fn verdict_label(verdict: &str) -> &'static str {
    match verdict {
        "ready" => "Ready",
        "conditional" => "Conditional",
        "not_ready" => "Not ready",
        _ => "—",
    }
}

/// A change with its direction in words and arrows, not only in colour: "▲ +4.0", "▼ -2.5",
/// "= 0.0", or a dash.
pub fn delta_badge(delta: Option<f64>) -> impl IntoView {
    let (class, text) = match delta {
        Some(d) if d > 0.05 => ("delta up", format!("▲ +{d:.1}")),
        Some(d) if d < -0.05 => ("delta down", format!("▼ {d:.1}")),
        Some(d) => ("delta flat", format!("= {:.1}", d.abs())),
        None => ("delta", "—".to_owned()),
    };
    view! { <span class=class>{text}</span> }
}
