//! Scores over time: one line per series (the first drawn heavier), dated x axis, 0–100 y axis
//! and a title. The legend is left to the page, in HTML (see [`legend`]): it reads in both
//! colour schemes, wraps on phones and never covers a line. Used for the portfolio average and
//! for a project's overall and category scores.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

use super::palette::{self, GRID, INK, SERIES};

/// One line of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// Oldest first.
    pub points: Vec<(NaiveDate, f64)>,
}

pub struct TrendChart<'a> {
    pub title: &'a str,
    pub series: &'a [Series],
    pub width: u32,
    pub height: u32,
}

fn day_number(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce())
}

/// A tick label: the month and year over long spans, the day and month over short ones (where
/// several ticks fall in one month).
fn label(day: f64, span_days: f64) -> String {
    let pattern = if span_days > 200.0 { "%b %Y" } else { "%d %b" };
    NaiveDate::from_num_days_from_ce_opt(day.round() as i32)
        .map(|date| date.format(pattern).to_string())
        .unwrap_or_default()
}

/// Each series' name and colour (CSS), in drawing order, for the legend beside the chart.
pub fn legend(series: &[Series]) -> Vec<(String, String)> {
    series.iter().enumerate().map(|(index, series)| (series.name.clone(), palette::css(index))).collect()
}

/// The chart as an SVG document that scales to its container, or `None` when there is no point
/// to draw.
pub fn render(chart: &TrendChart<'_>) -> Option<String> {
    let dates: Vec<NaiveDate> = chart.series.iter().flat_map(|s| s.points.iter().map(|(d, _)| *d)).collect();
    let (first, last) = (*dates.iter().min()?, *dates.iter().max()?);
    // A single date still gets a visible span (a week either side).
    let (from, to) = if first == last {
        (day_number(first) - 7.0, day_number(last) + 7.0)
    } else {
        (day_number(first), day_number(last))
    };
    let mut svg = String::new();
    let drawn = draw(&mut svg, chart, from..to);
    if let Err(error) = drawn {
        #[cfg(feature = "ssr")]
        tracing::error!(%error, title = chart.title, "a chart could not be drawn");
        let _ = error;
        return None;
    }
    Some(responsive(&svg, chart.title))
}

fn draw(svg: &mut String, chart: &TrendChart<'_>, days: std::ops::Range<f64>) -> Result<(), String> {
    draw_into(svg, chart, days).map_err(|error| error.to_string())
}

fn draw_into<'a>(
    svg: &'a mut String,
    chart: &TrendChart<'_>,
    days: std::ops::Range<f64>,
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let span_days = days.end - days.start;
    let x_label = move |day: &f64| label(*day, span_days);
    let root = SVGBackend::with_string(svg, (chart.width, chart.height)).into_drawing_area();
    let mut plot = ChartBuilder::on(&root)
        .caption(chart.title, ("sans-serif", 18).into_font().color(&INK))
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(44)
        .build_cartesian_2d(days, 0f64..100f64)?;
    plot.configure_mesh()
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&x_label)
        .y_label_formatter(&|score| format!("{score:.0}"))
        .y_desc("Score")
        .axis_style(INK)
        .label_style(("sans-serif", 12).into_font().color(&INK))
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID.mix(0.6))
        .draw()?;
    // Drawn last to first, so the first (headline) series ends up on top, and heavier.
    for (index, series) in chart.series.iter().enumerate().rev() {
        let color = SERIES[index % SERIES.len()];
        let (width, radius) = if index == 0 { (3, 4) } else { (2, 2) };
        let points: Vec<(f64, f64)> =
            series.points.iter().map(|(date, score)| (day_number(*date), *score)).collect();
        plot.draw_series(LineSeries::new(points.clone(), color.stroke_width(width)))?;
        plot.draw_series(points.into_iter().map(|point| Circle::new(point, radius, color.filled())))?;
    }
    root.present()?;
    Ok(())
}

/// Drops the fixed size (the viewBox stays, so the chart scales) and names the drawing; the page
/// gives the text alternative next to it.
fn responsive(svg: &str, title: &str) -> String {
    let escaped = title.replace('&', "&amp;").replace('<', "&lt;");
    match svg.split_once('>') {
        Some((open, rest)) => {
            let open = open
                .split(' ')
                .filter(|attribute| !attribute.starts_with("width=") && !attribute.starts_with("height="))
                .collect::<Vec<_>>()
                .join(" ");
            format!(
                r#"{open} class="chart" aria-hidden="true" focusable="false"><title>{escaped}</title>{rest}"#
            )
        }
        None => svg.to_owned(),
    }
}

/// A project's lines: the overall score, then each category of the latest snapshot (in its
/// order; categories older snapshots had and the latest dropped are left out). `history` is the
/// project's snapshots oldest first; `category_points` their category scores, oldest first.
pub fn project_series(
    history: &[crate::db::scorecard::ScorePoint],
    category_points: Vec<crate::db::scorecard::CategoryPoint>,
    categories: &[crate::domain::scorecard::CategoryLine],
) -> Vec<Series> {
    use std::collections::BTreeMap;

    let mut series = vec![Series {
        name: "Overall".to_owned(),
        points: history
            .iter()
            .filter_map(|point| Some((point.taken_at.date_naive(), point.score?)))
            .collect(),
    }];
    let mut by_category: BTreeMap<String, Vec<(NaiveDate, f64)>> = BTreeMap::new();
    for point in category_points {
        by_category.entry(point.category_key).or_default().push((point.taken_at.date_naive(), point.score));
    }
    for line in categories {
        if let Some(points) = by_category.remove(&line.key) {
            series.push(Series { name: line.label.clone(), points });
        }
    }
    series
}

/// The first series (the overall score) in words: "Overall score from 41.0 on 2026-01-05 to
/// 72.5 on 2026-06-05 over 6 scored snapshot(s); lowest 38.0, highest 72.5."
pub fn describe_overall(series: &[Series]) -> String {
    let points = series.first().map(|series| series.points.as_slice()).unwrap_or_default();
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return "No overall score yet.".to_owned();
    };
    let lowest = points.iter().map(|(_, score)| *score).fold(f64::INFINITY, f64::min);
    let highest = points.iter().map(|(_, score)| *score).fold(f64::NEG_INFINITY, f64::max);
    format!(
        "Overall score from {:.1} on {} to {:.1} on {} over {} scored snapshot(s); lowest {lowest:.1}, highest {highest:.1}.",
        first.1,
        first.0,
        last.1,
        last.0,
        points.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid")
    }

    /// The visible texts of an SVG, trimmed.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|part| {
                let body = &part[part.find('>')? + 1..];
                Some(body[..body.find("</text>")?].trim().to_owned())
            })
            .collect()
    }

    #[test]
    fn draws_a_titled_scalable_chart_with_dated_axes_and_a_legend_for_the_page() {
        let series = [
            Series {
                name: "Overall".into(),
                points: vec![(date(2025, 6, 5), 40.0), (date(2026, 6, 5), 72.5)],
            },
            Series {
                name: "Security".into(),
                points: vec![(date(2025, 6, 5), 20.0), (date(2026, 6, 5), 60.0)],
            },
        ];
        let svg = render(&TrendChart { title: "Scores over time", series: &series, width: 640, height: 320 })
            .expect("drawn");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("viewBox=\"0 0 640 320\""));
        assert!(!svg.contains("width=\"640\""), "the size is left to CSS");
        assert!(svg.contains("<title>Scores over time</title>"));
        let texts = texts(&svg);
        let has = |text: &str| texts.iter().any(|t| t == text);
        assert!(has("Scores over time"), "a visible title: {texts:?}");
        assert!(has("Score"), "the y axis says what it measures: {texts:?}");
        assert!(
            texts.iter().filter(|t| t.len() == 8 && (t.ends_with(" 2025") || t.ends_with(" 2026"))).count()
                >= 2,
            "dates: {texts:?}"
        );
        assert!(has("0") && has("100"), "whole-number scores: {texts:?}");
        assert_eq!(
            legend(&series),
            [("Overall".to_owned(), "#2f6fd0".to_owned()), ("Security".to_owned(), "#d97a1c".to_owned())]
        );
        let line_in =
            |color: &str| svg.contains(&format!("<polyline fill=\"none\" opacity=\"1\" stroke=\"{color}\""));
        assert!(line_in("#2F6FD0") && line_in("#D97A1C"), "one coloured line per series");
    }

    #[test]
    fn short_spans_label_days_long_ones_months() {
        assert_eq!(label(f64::from(date(2026, 3, 9).num_days_from_ce()), 60.0), "09 Mar");
        assert_eq!(label(f64::from(date(2026, 3, 9).num_days_from_ce()), 365.0), "Mar 2026");
    }

    #[test]
    fn nothing_to_draw_is_none_and_one_date_still_draws() {
        assert_eq!(render(&TrendChart { title: "Empty", series: &[], width: 300, height: 200 }), None);
        let one = [Series { name: "Overall".into(), points: vec![(date(2026, 3, 1), 55.0)] }];
        let svg = render(&TrendChart { title: "One", series: &one, width: 300, height: 200 }).expect("drawn");
        assert!(svg.contains("<circle"), "{svg}");
    }
}
