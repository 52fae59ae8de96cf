//! How scores, changes and verdicts read on every page.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use leptos::prelude::*;

// Dates are formatted by hand rather than with chrono's `format`: its strftime machinery would
// be compiled into the browser bundle for four fixed patterns.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

/// `2026-11-22`
pub fn day(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `2026-11-22 14:05 UTC`
pub fn moment(at: DateTime<Utc>) -> String {
    format!("{} {:02}:{:02} UTC", day(at.date_naive()), at.hour(), at.minute())
}

/// `November 2026`
pub fn month_long(date: NaiveDate) -> String {
    format!("{} {}", month_name(date), date.year())
}

/// `Nov 2026`
pub fn month_short(date: NaiveDate) -> String {
    format!("{} {}", &month_name(date)[..3], date.year())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_the_same_everywhere() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 7).expect("date");
        assert_eq!(day(date), "2026-03-07");
        assert_eq!(month_long(date), "March 2026");
        assert_eq!(month_short(date), "Mar 2026");
        let at = date.and_hms_opt(9, 5, 59).expect("time").and_utc();
        assert_eq!(moment(at), "2026-03-07 09:05 UTC");
        // The same as chrono's own formatting, which the server side may use.
        assert_eq!(month_short(date), date.format("%b %Y").to_string());
        assert_eq!(moment(at), at.format("%Y-%m-%d %H:%M UTC").to_string());
    }
}
