//! What changed between two snapshots of a project: the overall score, each category, the gaps
//! (new, resolved, still open, matched by fingerprint) and the checklist items whose state
//! changed (matched by their text). Pure code.

use serde::{Deserialize, Serialize};

use crate::domain::snapshot::{ChecklistState, Gap, Snapshot};

/// A gap as a diff lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapLine {
    pub title: String,
    /// `critical`, `high`, `medium`, `low`, or none stated.
    pub priority: Option<String>,
    pub category: Option<String>,
    /// Line in the newer snapshot's source (for resolved gaps: the older one's).
    pub line: Option<u32>,
}

/// A category's score before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryChange {
    pub key: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// A checklist item whose state changed (or that appeared or disappeared).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistChange {
    pub text: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub line: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SnapshotDiff {
    pub score_before: Option<f64>,
    pub score_after: Option<f64>,
    pub categories: Vec<CategoryChange>,
    pub new_gaps: Vec<GapLine>,
    pub resolved_gaps: Vec<GapLine>,
    pub still_open: Vec<GapLine>,
    pub checklist: Vec<ChecklistChange>,
}

impl SnapshotDiff {
    pub fn score_delta(&self) -> Option<f64> {
        Some(self.score_after? - self.score_before?)
    }
}

fn gap_line(gap: &Gap) -> GapLine {
    GapLine {
        title: gap.title.clone(),
        priority: gap.priority.map(|priority| priority.as_str().to_owned()),
        category: gap.category.clone(),
        line: gap.line,
    }
}

fn state_name(state: ChecklistState) -> String {
    state.as_str().to_owned()
}

/// The changes from `before` (the previous snapshot, if any) to `after`.
pub fn diff(before: Option<&Snapshot>, after: &Snapshot) -> SnapshotDiff {
    let empty = Snapshot::default();
    let before_or_empty = before.unwrap_or(&empty);
    let mut categories: Vec<CategoryChange> = after
        .categories
        .iter()
        .map(|category| CategoryChange {
            key: category.key.clone(),
            before: before_or_empty.categories.iter().find(|c| c.key == category.key).and_then(|c| c.score),
            after: category.score,
        })
        .collect();
    categories.extend(
        before_or_empty
            .categories
            .iter()
            .filter(|old| !after.categories.iter().any(|c| c.key == old.key))
            .map(|old| CategoryChange { key: old.key.clone(), before: old.score, after: None }),
    );

    let had = |gap: &Gap| before_or_empty.gaps.iter().any(|old| old.fingerprint == gap.fingerprint);
    let (still_open, new_gaps): (Vec<&Gap>, Vec<&Gap>) = after.gaps.iter().partition(|gap| had(gap));
    let resolved_gaps = before_or_empty
        .gaps
        .iter()
        .filter(|old| !after.gaps.iter().any(|gap| gap.fingerprint == old.fingerprint))
        .map(gap_line)
        .collect();

    let key = |text: &str| text.trim().to_lowercase();
    let mut checklist: Vec<ChecklistChange> = after
        .checklist
        .iter()
        .filter_map(|item| {
            let old = before_or_empty.checklist.iter().find(|old| key(&old.text) == key(&item.text));
            let changed = old.is_none_or(|old| old.state != item.state);
            changed.then(|| ChecklistChange {
                text: item.text.clone(),
                before: old.map(|old| state_name(old.state)),
                after: Some(state_name(item.state)),
                line: item.line,
            })
        })
        .collect();
    if before.is_some() {
        checklist.extend(
            before_or_empty
                .checklist
                .iter()
                .filter(|old| !after.checklist.iter().any(|item| key(&item.text) == key(&old.text)))
                .map(|old| ChecklistChange {
                    text: old.text.clone(),
                    before: Some(state_name(old.state)),
                    after: None,
                    line: None,
                }),
        );
    }

    SnapshotDiff {
        score_before: before.and_then(|snapshot| snapshot.overall.score),
        score_after: after.overall.score,
        categories,
        new_gaps: new_gaps.into_iter().map(gap_line).collect(),
        resolved_gaps,
        still_open: still_open.into_iter().map(gap_line).collect(),
        checklist,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fingerprint::fingerprint;
    use crate::domain::snapshot::{CategoryScore, ChecklistItem, Priority};

    fn gap(title: &str) -> Gap {
        Gap {
            title: title.into(),
            priority: Some(Priority::High),
            category: None,
            effort_hours: None,
            detail: None,
            fingerprint: fingerprint(title),
            line: Some(3),
        }
    }

    fn category(key: &str, score: f64) -> CategoryScore {
        CategoryScore {
            key: key.into(),
            score: Some(score),
            stated: None,
            status: None,
            heading: None,
            line: None,
        }
    }

    fn control(text: &str, state: ChecklistState) -> ChecklistItem {
        ChecklistItem { text: text.into(), state, category: None, line: Some(9) }
    }

    fn snapshot(
        score: f64,
        gaps: &[&str],
        categories: Vec<CategoryScore>,
        checklist: Vec<ChecklistItem>,
    ) -> Snapshot {
        let mut snapshot = Snapshot::default();
        snapshot.overall.score = Some(score);
        snapshot.gaps = gaps.iter().map(|title| gap(title)).collect();
        snapshot.categories = categories;
        snapshot.checklist = checklist;
        snapshot
    }

    #[test]
    fn gaps_are_new_resolved_or_still_open_by_fingerprint() {
        let before = snapshot(50.0, &["No backups", "No staging"], vec![], vec![]);
        let after = snapshot(62.5, &["No staging", "No SBOM"], vec![], vec![]);
        let diff = diff(Some(&before), &after);
        let titles = |gaps: &[GapLine]| gaps.iter().map(|g| g.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(&diff.new_gaps), ["No SBOM"]);
        assert_eq!(titles(&diff.resolved_gaps), ["No backups"]);
        assert_eq!(titles(&diff.still_open), ["No staging"]);
        assert_eq!(diff.score_delta(), Some(12.5));
        assert_eq!(diff.new_gaps[0].priority.as_deref(), Some("high"));
    }

    #[test]
    fn categories_and_checklist_changes_are_matched_by_key_and_text() {
        let before = snapshot(
            50.0,
            &[],
            vec![category("security", 40.0), category("testing", 70.0)],
            vec![
                control("Backups tested", ChecklistState::Missing),
                control("CI runs tests", ChecklistState::Done),
            ],
        );
        let after = snapshot(
            60.0,
            &[],
            vec![category("security", 55.0), category("observability", 30.0)],
            vec![
                control("backups tested ", ChecklistState::Done),
                control("CI runs tests", ChecklistState::Done),
                control("SLOs defined", ChecklistState::Partial),
            ],
        );
        let diff = diff(Some(&before), &after);
        let categories: Vec<(&str, Option<f64>, Option<f64>)> =
            diff.categories.iter().map(|c| (c.key.as_str(), c.before, c.after)).collect();
        assert_eq!(
            categories,
            [
                ("security", Some(40.0), Some(55.0)),
                ("observability", None, Some(30.0)),
                ("testing", Some(70.0), None)
            ]
        );
        let changes: Vec<(&str, Option<&str>, Option<&str>)> = diff
            .checklist
            .iter()
            .map(|c| (c.text.as_str(), c.before.as_deref(), c.after.as_deref()))
            .collect();
        assert_eq!(
            changes,
            [("backups tested ", Some("missing"), Some("done")), ("SLOs defined", None, Some("partial"))],
            "unchanged items are left out"
        );
    }

    #[test]
    fn the_first_snapshot_has_everything_new_and_nothing_resolved() {
        let first = snapshot(
            40.0,
            &["No backups"],
            vec![category("security", 40.0)],
            vec![control("x", ChecklistState::Done)],
        );
        let diff = diff(None, &first);
        assert_eq!(diff.new_gaps.len(), 1);
        assert!(diff.resolved_gaps.is_empty() && diff.still_open.is_empty());
        assert_eq!(diff.score_before, None);
        assert_eq!(diff.checklist.len(), 1);
    }
}
