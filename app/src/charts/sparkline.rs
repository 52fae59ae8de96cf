//! The small trend line in a portfolio row. Hand-written SVG rather than plotters: it is one
//! polyline, drawn up to a thousand times per page, and a few hundred bytes each.

const WIDTH: f64 = 100.0;
const HEIGHT: f64 = 24.0;
const PAD: f64 = 2.0;

/// A polyline of `scores` (0–100, oldest first) scaled to the full score range, so lines of
/// different projects compare. `None` with fewer than two scores: nothing to draw.
pub fn sparkline(scores: &[f64]) -> Option<String> {
    if scores.len() < 2 {
        return None;
    }
    let step = (WIDTH - 2.0 * PAD) / (scores.len() - 1) as f64;
    let y = |score: f64| PAD + (HEIGHT - 2.0 * PAD) * (1.0 - score.clamp(0.0, 100.0) / 100.0);
    let points: Vec<String> = scores
        .iter()
        .enumerate()
        .map(|(i, score)| format!("{:.1},{:.1}", PAD + step * i as f64, y(*score)))
        .collect();
    let (last_x, last_y) = (PAD + step * (scores.len() - 1) as f64, y(scores[scores.len() - 1]));
    Some(format!(
        r#"<svg class="sparkline" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" aria-hidden="true" focusable="false"><polyline fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" points="{}"/><circle cx="{last_x:.1}" cy="{last_y:.1}" r="2" fill="currentColor"/></svg>"#,
        points.join(" ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_point_per_score_scaled_to_the_full_range() {
        let svg = sparkline(&[0.0, 50.0, 100.0]).expect("drawn");
        assert!(svg.contains(r#"points="2.0,22.0 50.0,12.0 98.0,2.0""#), "{svg}");
        assert!(svg.contains(r#"<circle cx="98.0" cy="2.0""#), "{svg}");
        assert!(svg.contains(r#"aria-hidden="true""#));
    }

    #[test]
    fn too_few_scores_draw_nothing_and_wild_values_stay_inside() {
        assert_eq!(sparkline(&[]), None);
        assert_eq!(sparkline(&[42.0]), None);
        let svg = sparkline(&[-20.0, 250.0]).expect("drawn");
        assert!(svg.contains(r#"points="2.0,22.0 98.0,2.0""#), "{svg}");
    }
}
