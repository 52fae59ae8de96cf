//! What a report does not state, derived from what it does.
//!
//! **Derived score** (used when no overall score is stated), on 0–100:
//!
//! - checklist part `C = 100 × (done + ½·partial) / items`;
//! - category part `K` = the mean over categories of their stated score, or, where none is
//!   stated, of their status (good 100, partial 50, missing 0, critical 0);
//! - the score is the mean of the parts that exist, rounded to one decimal; with neither part
//!   there is no score (basis `none`).
//!
//! **Derived verdict** (used when the report gives none): an open critical gap means
//! `not_ready`; otherwise a score of 80 or more is `ready` (`conditional` if high-priority gaps
//! remain), 50 to 80 is `conditional`, and below 50 is `not_ready`; with no score and no critical
//! gap there is no verdict.

use crate::domain::snapshot::{
    CategoryScore, CategoryStatus, ChecklistItem, ChecklistState, Gap, Priority, Verdict, round1,
};

pub fn derived_score(checklist: &[ChecklistItem], categories: &[CategoryScore]) -> Option<f64> {
    let checklist_part = (!checklist.is_empty()).then(|| {
        let earned: f64 = checklist
            .iter()
            .map(|item| match item.state {
                ChecklistState::Done => 1.0,
                ChecklistState::Partial => 0.5,
                ChecklistState::Missing => 0.0,
            })
            .sum();
        100.0 * earned / checklist.len() as f64
    });
    let category_values: Vec<f64> = categories
        .iter()
        .filter_map(|category| {
            category.score.or(category.status.map(|status| match status {
                CategoryStatus::Good => 100.0,
                CategoryStatus::Partial => 50.0,
                CategoryStatus::Missing | CategoryStatus::Critical => 0.0,
            }))
        })
        .collect();
    let category_part = (!category_values.is_empty())
        .then(|| category_values.iter().sum::<f64>() / category_values.len() as f64);
    let parts: Vec<f64> = [checklist_part, category_part].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| round1(parts.iter().sum::<f64>() / parts.len() as f64))
}

pub fn derived_verdict(score: Option<f64>, gaps: &[Gap]) -> Option<Verdict> {
    let has = |priority: Priority| gaps.iter().any(|gap| gap.priority == Some(priority));
    if has(Priority::Critical) {
        return Some(Verdict::NotReady);
    }
    let score = score?;
    Some(if score >= 80.0 {
        if has(Priority::High) { Verdict::Conditional } else { Verdict::Ready }
    } else if score >= 50.0 {
        Verdict::Conditional
    } else {
        Verdict::NotReady
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(state: ChecklistState) -> ChecklistItem {
        ChecklistItem { text: "x".into(), state, category: None, line: None }
    }

    fn category(score: Option<f64>, status: Option<CategoryStatus>) -> CategoryScore {
        CategoryScore { key: "ci_cd".into(), score, stated: None, status, heading: None, line: None }
    }

    fn gap(priority: Priority) -> Gap {
        Gap {
            title: "g".into(),
            priority: Some(priority),
            category: None,
            effort_hours: None,
            detail: None,
            fingerprint: "f".into(),
            line: None,
        }
    }

    #[test]
    fn the_score_averages_the_checklist_and_category_parts() {
        let checklist = [
            item(ChecklistState::Done),
            item(ChecklistState::Partial),
            item(ChecklistState::Missing),
            item(ChecklistState::Done),
        ];
        // C = 100 × 2.5 / 4 = 62.5
        assert_eq!(derived_score(&checklist, &[]), Some(62.5));
        // K = mean(40, 100, 0) = 46.67; score = (62.5 + 46.67) / 2 = 54.6
        let categories = [
            category(Some(40.0), None),
            category(None, Some(CategoryStatus::Good)),
            category(None, Some(CategoryStatus::Critical)),
        ];
        assert_eq!(derived_score(&checklist, &categories), Some(54.6));
        assert_eq!(derived_score(&[], &[category(None, None)]), None);
        assert_eq!(derived_score(&[], &[]), None);
    }

    #[test]
    fn an_open_critical_gap_means_not_ready() {
        assert_eq!(derived_verdict(Some(95.0), &[gap(Priority::Critical)]), Some(Verdict::NotReady));
        assert_eq!(derived_verdict(None, &[gap(Priority::Critical)]), Some(Verdict::NotReady));
    }

    #[test]
    fn otherwise_the_score_decides() {
        assert_eq!(derived_verdict(Some(85.0), &[]), Some(Verdict::Ready));
        assert_eq!(derived_verdict(Some(85.0), &[gap(Priority::High)]), Some(Verdict::Conditional));
        assert_eq!(derived_verdict(Some(65.0), &[gap(Priority::Low)]), Some(Verdict::Conditional));
        assert_eq!(derived_verdict(Some(30.0), &[]), Some(Verdict::NotReady));
        assert_eq!(derived_verdict(None, &[gap(Priority::High)]), None);
    }
}
