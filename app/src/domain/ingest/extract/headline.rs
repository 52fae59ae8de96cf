//! Choosing the headline score. Every score statement is a candidate; each is weighed by what
//! its label says and where it stands, and the heaviest wins (the earlier one on a tie). A
//! figure that is a target, a projection or a previous score is never a candidate, nor a risk
//! or confidence figure (a risk score rises as maturity falls), nor one whose label says nothing
//! about being a score, an overall figure, maturity or readiness.
//!
//! The weights, and why:
//!
//! | what | weight | because |
//! |---|---|---|
//! | label says score / rating / grade / note … or maturity | +25 | a figure meant as a score |
//! | label says readiness or quality (and neither of those) | +15 | close to a score |
//! | label says overall / total / global … | +15 | the whole, not a part |
//! | … alone, in a table's score column | +25 as a score label | the "OVERALL" row of "Score" |
//! | label says DevOps, with score or maturity | +15 | "DevOps Score" is what these reports are for |
//! | label says current | +5 | as opposed to before or after |
//! | label names one area (CI/CD, security …) | −35 | that area's score |
//! | … but stands in the summary or a top heading | −10 instead | often the report's subject |
//! | in a heading, level 1–2 / deeper | +20 / +12 | reports put the headline in a heading |
//! | in the summary / the document's header | +15 / +12 | where the headline is stated |
//! | a table row labelled overall / total | +5 | the total row of a score table |
//! | in the first 30 lines | +8 | the headline comes first |
//! | inside one area's section, after those lines, not labelled overall | −20 | a score there is that area's |
//! | in a code block | −30 | samples and configuration |
//! | a percentage without a score word | −15 | coverage, uptime, progress |
//! | a letter grade / a level | −5 | a number beside it says the same more exactly |
//! | each 50 lines down the report | −1, at most −10 | the headline comes first |
//!
//! A candidate needs [`MIN_WEIGHT`] to be the headline. A level or letter that wins gives way to a
//! figure (x/y, a percentage) that is a candidate too and stands within [`NEARBY_LINES`] of it:
//! the two say the same, the figure more exactly.

use super::super::lexicon::contains_word;
use super::super::lexicon::words::{
    CURRENT_LABELS, MATURITY_LABELS, NOT_HEADLINE_LABELS, OVERALL_LABELS, PREVIOUS_LABELS, READINESS_LABELS,
    SCORE_LABELS,
};
use super::super::numbers::{ScoreForm, scores_in};
use super::super::text::mentions;
use super::statements::{Place, Statement};

/// The least weight of a headline.
pub(super) const MIN_WEIGHT: i32 = 20;
/// How close a figure must stand to a level or letter to be stated with it.
const NEARBY_LINES: u32 = 3;
/// The first lines of a report, where its headline figure usually stands.
pub(super) const EARLY_LINES: u32 = 30;

/// A statement's weight as the headline, with the reasons that made it; `None` when it cannot
/// be the headline at all.
pub(super) fn weigh(statement: &Statement) -> Option<(i32, Vec<&'static str>)> {
    let label = statement.label.to_lowercase();
    if statement.target || mentions(&label, &PREVIOUS_LABELS) || mentions(&label, &NOT_HEADLINE_LABELS) {
        return None;
    }
    let overall = mentions(&label, &OVERALL_LABELS);
    let maturity = mentions(&label, &MATURITY_LABELS);
    let readiness = mentions(&label, &READINESS_LABELS);
    let quality = contains_word(&label, "quality");
    // A bare "OVERALL" row of a table's "Score" column is as much a score as "Overall score"
    // ("Overall Deployment Readiness" there stays a readiness figure).
    let scorish = mentions(&label, &SCORE_LABELS)
        || (overall
            && !(maturity || readiness || quality)
            && statement.place == Place::TableRow { score_column: true });
    if !(scorish || overall || maturity || readiness || quality) {
        return None;
    }
    let mut weight = 0;
    let mut reasons = Vec::new();
    let mut add = |condition: bool, amount: i32, reason: &'static str| {
        if condition {
            weight += amount;
            reasons.push(reason);
        }
    };
    // What the label says, without counting one meaning twice: a score, a maturity or a
    // readiness figure (the strongest of them), of the whole, about DevOps.
    add(scorish || maturity, 25, if scorish { "score label" } else { "maturity" });
    add(readiness && !(scorish || maturity), 15, "readiness");
    add(quality && !(scorish || maturity || readiness), 15, "quality");
    add(overall, 15, "overall");
    add(contains_word(&label, "devops") && (scorish || maturity), 15, "DevOps");
    add(mentions(&label, &CURRENT_LABELS), 5, "current");
    // A figure stated up front that names an area is often the report's own subject
    // ("Infrastructure Quality: 93/100" closing an infrastructure audit).
    let up_front = statement.summary || matches!(statement.place, Place::Heading { level: 1 | 2 });
    add(statement.label_category.is_some() && !up_front, -35, "names an area");
    add(statement.label_category.is_some() && up_front, -10, "names an area, up front");
    match statement.place {
        Place::Heading { level } => add(true, if level <= 2 { 20 } else { 12 }, "heading"),
        Place::TableRow { .. } => add(overall, 5, "total row"),
        Place::Code => add(true, -30, "code block"),
        Place::Text => {}
    }
    add(statement.summary, 15, "summary");
    add(statement.top && !statement.summary, 12, "document header");
    let early = statement.line <= EARLY_LINES;
    add(early, 8, "near the start");
    // … unless its label says it is the whole ("Overall Module Score" under "## Module Review").
    add(statement.area_key.is_some() && !early && !overall, -20, "inside an area");
    // A table keeps a percentage only in its score column or its overall row, where it is a
    // score ("| **OVERALL** | **80%** |"); elsewhere a bare percentage is often a share.
    add(
        statement.expr.form == ScoreForm::Percent
            && !scorish
            && !matches!(statement.place, Place::TableRow { .. }),
        -15,
        "bare percentage",
    );
    add(matches!(statement.expr.form, ScoreForm::Letter | ScoreForm::Level), -5, "letter or level");
    let down = i32::try_from(statement.line / 50).unwrap_or(i32::MAX).min(10);
    weight -= down;
    Some((weight, reasons))
}

/// Whether a heading states the report's score: a figure under a label about a score, the
/// whole or maturity ("Overall Score: 72/100 (B-)", "PIPELINE MATURITY: 8.5/10").
pub(super) fn states_headline(heading: &str) -> bool {
    let lowered = heading.to_lowercase();
    [&SCORE_LABELS, &OVERALL_LABELS, &MATURITY_LABELS].iter().any(|labels| mentions(&lowered, labels))
        && !scores_in(heading).is_empty()
}

/// Whether the statement's label makes it a candidate for the headline at all.
pub(super) fn is_candidate(statement: &Statement) -> bool {
    weigh(statement).is_some()
}

/// The index of the headline among `statements` and the warning that says which candidate won
/// over which, when another came close.
pub(super) fn choose(statements: &[Statement]) -> Option<(usize, Option<String>)> {
    let mut weighed: Vec<(usize, i32, Vec<&'static str>)> = statements
        .iter()
        .enumerate()
        .filter_map(|(index, statement)| weigh(statement).map(|(weight, reasons)| (index, weight, reasons)))
        .filter(|(_, weight, _)| *weight >= MIN_WEIGHT)
        .collect();
    // Heaviest first; on a tie the earlier line.
    weighed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| statements[a.0].line.cmp(&statements[b.0].line)));
    let (mut best, mut best_weight, mut best_reasons) = weighed.first()?.clone();
    // A level or letter beside a figure ("Readiness: 82/100" over "Maturity: Level 2") says the
    // same less exactly: the figure stated with it is the headline.
    if matches!(statements[best].expr.form, ScoreForm::Letter | ScoreForm::Level)
        && let Some(figure) = weighed.iter().find(|(index, ..)| {
            let other = &statements[*index];
            matches!(other.expr.form, ScoreForm::Fraction | ScoreForm::Percent)
                && other.line.abs_diff(statements[best].line) <= NEARBY_LINES
        })
    {
        (best, best_weight, best_reasons) = figure.clone();
    }
    let chosen = &statements[best];
    let runner_up = weighed.iter().skip(1).find(|(index, ..)| {
        let other = &statements[*index];
        other.expr.value != chosen.expr.value || other.expr.scale != chosen.expr.scale
    });
    let note = runner_up.map(|(index, weight, reasons)| {
        let other = &statements[*index];
        format!(
            "headline: \"{}\" (line {}, weight {best_weight}: {}) over \"{}\" (line {}, weight {weight}: {})",
            chosen.text,
            chosen.line,
            best_reasons.join(", "),
            other.text,
            other.line,
            reasons.join(", ")
        )
    });
    Some((best, note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ingest::numbers::ScoreExpr;

    fn statement(label: &str, value: f64, scale: f64, place: Place, line: u32) -> Statement {
        Statement {
            expr: ScoreExpr { value, scale, form: ScoreForm::Fraction, start: 0, end: 0 },
            label: label.to_owned(),
            text: format!("{label}: {value}/{scale}"),
            line,
            summary: false,
            top: false,
            area_key: None,
            label_category: None,
            place,
            target: false,
        }
    }

    #[test]
    fn a_label_that_says_nothing_about_a_score_is_no_candidate() {
        assert!(weigh(&statement("Tests passing", 8.0, 10.0, Place::Text, 3)).is_none());
        let target = Statement { target: true, ..statement("Target score", 9.0, 10.0, Place::Text, 3) };
        assert!(weigh(&target).is_none(), "a target is never the headline");
    }

    #[test]
    fn a_score_heading_wins_over_a_deep_maturity_level() {
        let heading = statement("Current Infrastructure Score", 72.0, 100.0, Place::Heading { level: 2 }, 5);
        let level =
            Statement { summary: false, ..statement("DevOps Maturity Level", 4.0, 5.0, Place::Text, 357) };
        let (index, note) = choose(&[level, heading]).expect("a headline");
        assert_eq!(index, 1);
        assert!(note.is_some_and(|note| note.contains("over")), "says which won over which");
    }

    #[test]
    fn an_overall_row_of_a_score_table_is_the_headline_and_an_area_row_is_not() {
        let area = Statement {
            label_category: Some("ci_cd"),
            ..statement("CI/CD score", 9.0, 10.0, Place::TableRow { score_column: true }, 20)
        };
        let overall = statement("OVERALL", 5.8, 10.0, Place::TableRow { score_column: false }, 25);
        assert_eq!(choose(&[area.clone(), overall]).map(|(index, _)| index), Some(1));
        assert_eq!(choose(&[area]), None, "an area's score alone is not the report's");
    }

    #[test]
    fn an_overall_figure_inside_an_areas_section_is_still_the_whole() {
        let inside = |label: &str| Statement {
            area_key: Some("observability"),
            ..statement(label, 28.0, 100.0, Place::Text, 42)
        };
        let heading = statement("OCA Compliance Score", 40.0, 100.0, Place::Heading { level: 3 }, 588);
        assert_eq!(
            choose(&[inside("Overall Module Score"), heading.clone()]).map(|(index, _)| index),
            Some(0)
        );
        assert_eq!(choose(&[inside("Module Score"), heading]).map(|(index, _)| index), Some(1));
    }

    #[test]
    fn score_labels_in_other_languages_count() {
        for label in
            ["Nota", "Общая оценка готовности", "总体评分", "総合評価", "전체 평균", "Punteggio complessivo"]
        {
            let weighed = weigh(&statement(label, 6.5, 10.0, Place::Text, 4));
            assert!(
                weighed.as_ref().is_some_and(|(weight, _)| *weight >= MIN_WEIGHT),
                "{label}: {weighed:?}"
            );
        }
    }

    #[test]
    fn the_summary_beats_the_body_and_earlier_beats_later() {
        let body = statement("Overall score", 6.0, 10.0, Place::Text, 200);
        let summary = Statement { summary: true, ..statement("Overall score", 7.0, 10.0, Place::Text, 12) };
        assert_eq!(choose(&[body.clone(), summary]).map(|(index, _)| index), Some(1));
        let later = statement("Overall score", 5.0, 10.0, Place::Text, 30);
        let earlier = statement("Overall score", 7.0, 10.0, Place::Text, 10);
        assert_eq!(choose(&[later, earlier]).map(|(index, _)| index), Some(1));
    }

    #[test]
    fn a_figure_beside_a_level_is_the_headline_and_a_risk_score_never_is() {
        let level = Statement {
            summary: true,
            expr: ScoreExpr { value: 2.0, scale: 5.0, form: ScoreForm::Level, start: 0, end: 0 },
            ..statement("DevOps Maturity Level", 2.0, 5.0, Place::Text, 139)
        };
        let figure =
            Statement { summary: true, ..statement("Deployment Readiness", 82.0, 100.0, Place::Text, 138) };
        assert_eq!(choose(&[level.clone(), figure]).map(|(index, _)| index), Some(1));
        assert_eq!(choose(std::slice::from_ref(&level)).map(|(index, _)| index), Some(0), "alone, the level");
        assert!(weigh(&statement("Overall Risk Score", 9.4, 10.0, Place::Text, 5)).is_none());
        assert!(weigh(&statement("Confidence", 82.0, 100.0, Place::Text, 5)).is_none());
    }
}
