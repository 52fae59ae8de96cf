//! How a new reading of a stored report differs from the reading it replaces (`plumb
//! reparse`): the headline score, the verdict, and the gaps added and removed (by fingerprint,
//! the identity the remediation lifecycle uses). Pure code.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::snapshot::{Gap, Priority, Snapshot, Verdict};

/// A gap as the comparison names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapName {
    pub title: String,
    pub priority: Option<Priority>,
}

/// What changes when a report is read again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadingChange {
    /// Before and after, when they differ.
    pub score: Option<(Option<f64>, Option<f64>)>,
    pub verdict: Option<(Option<Verdict>, Option<Verdict>)>,
    pub gaps_added: Vec<GapName>,
    pub gaps_removed: Vec<GapName>,
    /// True when anything else differs (categories, checklist, titles, priorities, warnings).
    pub other_details: bool,
}

impl ReadingChange {
    /// Whether the new reading is the old one.
    pub fn is_none(&self) -> bool {
        self.score.is_none()
            && self.verdict.is_none()
            && self.gaps_added.is_empty()
            && self.gaps_removed.is_empty()
            && !self.other_details
    }
}

/// Compares `after` (the new reading) with `before` (the stored one; `None` when it cannot be
/// decoded, and then everything in `after` is new).
pub fn compare(before: Option<&Snapshot>, after: &Snapshot) -> ReadingChange {
    let empty = Snapshot::default();
    let old = before.unwrap_or(&empty);
    let fingerprints = |gaps: &[Gap]| gaps.iter().map(|gap| gap.fingerprint.clone()).collect::<HashSet<_>>();
    let (old_prints, new_prints) = (fingerprints(&old.gaps), fingerprints(&after.gaps));
    let names = |gaps: &[Gap], other: &HashSet<String>| {
        gaps.iter()
            .filter(|gap| !other.contains(&gap.fingerprint))
            .map(|gap| GapName { title: gap.title.clone(), priority: gap.priority })
            .collect::<Vec<_>>()
    };
    let mut change = ReadingChange {
        score: changed(old.overall.score, after.overall.score),
        verdict: changed(old.overall.verdict, after.overall.verdict),
        gaps_added: names(&after.gaps, &old_prints),
        gaps_removed: names(&old.gaps, &new_prints),
        other_details: false,
    };
    change.other_details = change.is_none() && before != Some(after);
    change
}

/// `(before, after)` when they differ.
fn changed<T: PartialEq>(before: T, after: T) -> Option<(T, T)> {
    (before != after).then_some((before, after))
}

/// A reading that a newer one replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlierReading {
    pub parser_version: String,
    pub overall_score: Option<f64>,
    pub verdict: Option<String>,
    pub gap_count: i32,
    pub read_at: DateTime<Utc>,
    pub replaced_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fingerprint::fingerprint;

    fn gap(title: &str, priority: Option<Priority>) -> Gap {
        Gap {
            title: title.to_owned(),
            priority,
            category: None,
            effort_hours: None,
            detail: None,
            fingerprint: fingerprint(title),
            line: None,
        }
    }

    fn reading(score: Option<f64>, verdict: Option<Verdict>, gaps: Vec<Gap>) -> Snapshot {
        let mut snapshot = Snapshot { gaps, ..Snapshot::default() };
        snapshot.overall.score = score;
        snapshot.overall.verdict = verdict;
        snapshot
    }

    #[test]
    fn the_same_reading_changes_nothing() {
        let snapshot = reading(Some(72.0), Some(Verdict::Conditional), vec![gap("No backups", None)]);
        assert!(compare(Some(&snapshot), &snapshot.clone()).is_none());
    }

    #[test]
    fn names_the_score_verdict_and_gaps_that_differ() {
        let before = reading(Some(40.0), None, vec![gap("1", None), gap("No backups", Some(Priority::High))]);
        let after = reading(
            Some(72.0),
            Some(Verdict::NotReady),
            vec![gap("No backups", Some(Priority::High)), gap("No alerting", Some(Priority::Critical))],
        );

        let change = compare(Some(&before), &after);

        assert_eq!(change.score, Some((Some(40.0), Some(72.0))));
        assert_eq!(change.verdict, Some((None, Some(Verdict::NotReady))));
        assert_eq!(
            change.gaps_added,
            vec![GapName { title: "No alerting".into(), priority: Some(Priority::Critical) }]
        );
        assert_eq!(change.gaps_removed, vec![GapName { title: "1".into(), priority: None }]);
        assert!(!change.other_details);
    }

    #[test]
    fn a_difference_elsewhere_is_still_a_change() {
        let before = reading(Some(72.0), None, vec![gap("No backups", Some(Priority::Low))]);
        let after = reading(Some(72.0), None, vec![gap("No backups", Some(Priority::High))]);

        let change = compare(Some(&before), &after);

        assert!(change.other_details);
        assert!(!change.is_none());
    }

    #[test]
    fn an_undecodable_reading_makes_everything_new() {
        let after = reading(Some(50.0), None, vec![gap("No backups", None)]);

        let change = compare(None, &after);

        assert_eq!(change.score, Some((None, Some(50.0))));
        assert_eq!(change.gaps_added.len(), 1);
    }
}
