//! What a new snapshot does to a project's remediation items (reimport semantics).
//!
//! Pure planning: given the items a project tracks and the gaps of a new snapshot, decide which
//! items are created, seen again, resolved and reopened. The database layer applies the plan in
//! the upload's transaction.
//!
//! - **Matching.** A gap matches the item with the same fingerprint. Gaps and items left over
//!   are then matched by similarity: within the same category (or both without one), the pair
//!   whose significant words overlap most (Jaccard index of the word sets, at least
//!   [`SIMILARITY_THRESHOLD`]) is matched first, and so on. A pair must share a *distinctive*
//!   word, one that few of the titles use: words that many titles share ("missing security
//!   control for …") are boilerplate and never make two gaps the same.
//! - **New gap** → a new item, open, due after the priority's SLA (see [`sla_days`]) counted
//!   from the snapshot's date. A gap without a priority is tracked as medium.
//! - **Gap seen again** → the item is untouched except that it was seen; a different priority
//!   in the report is recorded, and applied only if no person has set the priority.
//! - **Item whose gap is absent** from a newer snapshot → resolved (open and in-progress items
//!   only). Accepted risks stay accepted until their expiry; an expired accepted risk is
//!   resolved when its gap is gone and reopened when it is still there.
//! - **Resolved item whose gap returns** → reopened (a regression).
//! - **An older report** (taken before the project's latest snapshot) is history: it never
//!   resolves, reopens or changes the priority of anything. Its gaps that match nothing become items that are already
//!   resolved (the newer snapshot did not show them).

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::NaiveDate;

use super::fingerprint::significant_words;
use super::snapshot::{Gap, Priority};

/// Least word overlap (Jaccard index) for two differently worded gaps to be the same.
pub const SIMILARITY_THRESHOLD: f64 = 0.5;

/// Days to fix an item of a priority, from the product's default SLA.
pub fn sla_days(priority: Priority) -> i64 {
    match priority {
        Priority::Critical => 7,
        Priority::High => 30,
        Priority::Medium => 90,
        Priority::Low => 180,
    }
}

/// The priority an item gets for a gap.
pub fn item_priority(gap: &Gap) -> Priority {
    gap.priority.unwrap_or(Priority::Medium)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Open,
    InProgress,
    Resolved,
    AcceptedRisk,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 4] =
        [ItemStatus::Open, ItemStatus::InProgress, ItemStatus::Resolved, ItemStatus::AcceptedRisk];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Open => "open",
            ItemStatus::InProgress => "in_progress",
            ItemStatus::Resolved => "resolved",
            ItemStatus::AcceptedRisk => "accepted_risk",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// Someone still has to act on it: open or in progress (SQL: `item_is_active(status)`).
    pub fn is_active(self) -> bool {
        matches!(self, ItemStatus::Open | ItemStatus::InProgress)
    }

    /// How people read it.
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Open => "Open",
            ItemStatus::InProgress => "In progress",
            ItemStatus::Resolved => "Resolved",
            ItemStatus::AcceptedRisk => "Accepted risk",
        }
    }

    /// The label of a status as stored; an unknown one is shown as it is.
    pub fn label_of(stored: &str) -> String {
        Self::parse(stored).map_or_else(|| stored.to_owned(), |status| status.label().to_owned())
    }
}

/// What the planner needs to know about a tracked item.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackedItem {
    pub id: i64,
    pub fingerprint: String,
    pub title: String,
    pub category: Option<String>,
    pub priority: Priority,
    /// True once a person has set the priority; reports then no longer change it.
    pub priority_locked: bool,
    pub status: ItemStatus,
    pub accepted_until: Option<NaiveDate>,
}

/// The new snapshot, as far as the planner cares.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    pub gaps: &'a [Gap],
    /// False when the project already has a snapshot taken after this one.
    pub is_latest: bool,
    /// The day the decision is made (accepted risks expire against it).
    pub today: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Gaps (by index) that become new items, and whether they start out resolved (older
    /// reports).
    pub create: Vec<NewItem>,
    /// Items seen again, with the gap that matched them.
    pub seen: Vec<Seen>,
    /// Items whose gap is gone.
    pub resolve: Vec<i64>,
    /// Items whose gap came back.
    pub reopen: Vec<Seen>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewItem {
    pub gap: usize,
    pub priority: Priority,
    pub already_resolved: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seen {
    pub item: i64,
    pub gap: usize,
    /// The report now states another priority: (before, after).
    pub priority_change: Option<(Priority, Priority)>,
    /// Whether that change is applied (no person has set the priority).
    pub apply_priority: bool,
}

pub fn plan(items: &[TrackedItem], incoming: Incoming<'_>) -> Plan {
    let matches = match_gaps(items, incoming.gaps);
    let mut plan = Plan::default();
    let mut matched_items = vec![false; items.len()];
    for (gap_index, gap) in incoming.gaps.iter().enumerate() {
        let Some(item_index) = matches[gap_index] else {
            plan.create.push(NewItem {
                gap: gap_index,
                priority: item_priority(gap),
                already_resolved: !incoming.is_latest,
            });
            continue;
        };
        matched_items[item_index] = true;
        let item = &items[item_index];
        // Only the latest report speaks for the present: an older one's priority is history.
        let reported = gap.priority.filter(|p| *p != item.priority && incoming.is_latest);
        let seen = Seen {
            item: item.id,
            gap: gap_index,
            priority_change: reported.map(|p| (item.priority, p)),
            apply_priority: reported.is_some() && !item.priority_locked,
        };
        let expired = item.accepted_until.is_some_and(|until| until < incoming.today);
        let comes_back = match item.status {
            ItemStatus::Resolved => true,
            ItemStatus::AcceptedRisk => expired,
            ItemStatus::Open | ItemStatus::InProgress => false,
        };
        if comes_back && incoming.is_latest {
            plan.reopen.push(seen);
        } else {
            plan.seen.push(seen);
        }
    }
    if incoming.is_latest {
        for (item, matched) in items.iter().zip(&matched_items) {
            if *matched {
                continue;
            }
            let gone = item.status.is_active()
                || (item.status == ItemStatus::AcceptedRisk
                    && item.accepted_until.is_some_and(|until| until < incoming.today));
            if gone {
                plan.resolve.push(item.id);
            }
        }
    }
    plan
}

/// A word in more unmatched titles than this is boilerplate ("missing", "service", "control"),
/// however many titles there are: it can neither propose a match nor make one.
const MAX_DISTINCTIVE_TITLES: usize = 64;
/// Items weighed per gap (the most distinctive words propose theirs first).
const MAX_CANDIDATES_PER_GAP: usize = 256;
/// Proposals kept per gap after weighing, best first.
const KEPT_PER_GAP: usize = 4;

/// For each gap, the index of the item it matches, if any (each item matches at most one gap).
///
/// Linear in the number of gaps and items: fingerprints are looked up in a map, and the fuzzy
/// stage weighs only the items that share a *distinctive* word with the gap (found through an
/// inverted index), a bounded number per gap.
fn match_gaps(items: &[TrackedItem], gaps: &[Gap]) -> Vec<Option<usize>> {
    let mut matches: Vec<Option<usize>> = vec![None; gaps.len()];
    let mut taken = vec![false; items.len()];
    let mut by_fingerprint: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (item_index, item) in items.iter().enumerate() {
        by_fingerprint.entry(item.fingerprint.as_str()).or_default().push_back(item_index);
    }
    for (gap_index, gap) in gaps.iter().enumerate() {
        if let Some(item_index) =
            by_fingerprint.get_mut(gap.fingerprint.as_str()).and_then(VecDeque::pop_front)
        {
            taken[item_index] = true;
            matches[gap_index] = Some(item_index);
        }
    }

    // Similarity among what is left.
    let open_gaps: Vec<usize> = (0..gaps.len()).filter(|&g| matches[g].is_none()).collect();
    let open_items: Vec<usize> = (0..items.len()).filter(|&i| !taken[i]).collect();
    if open_gaps.is_empty() || open_items.is_empty() {
        return matches;
    }
    let gap_words: Vec<Vec<String>> = open_gaps.iter().map(|&g| significant_words(&gaps[g].title)).collect();
    let item_words: Vec<Vec<String>> =
        open_items.iter().map(|&i| significant_words(&items[i].title)).collect();
    let mut titles_with: HashMap<&str, usize> = HashMap::new();
    for word in gap_words.iter().chain(&item_words).flatten() {
        *titles_with.entry(word.as_str()).or_default() += 1;
    }
    // Few titles cannot tell boilerplate from subject: then every word may be distinctive.
    let distinctive_limit = ((open_gaps.len() + open_items.len()) / 20).clamp(4, MAX_DISTINCTIVE_TITLES);
    let is_distinctive = |word: &str| titles_with.get(word).is_some_and(|&n| n <= distinctive_limit);
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (slot, words) in item_words.iter().enumerate() {
        for word in words.iter().filter(|word| is_distinctive(word)) {
            postings.entry(word.as_str()).or_default().push(slot);
        }
    }

    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    let mut weighed: HashSet<usize> = HashSet::new();
    for (gap_slot, words) in gap_words.iter().enumerate() {
        let gap_index = open_gaps[gap_slot];
        let mut distinctive: Vec<&str> =
            words.iter().map(String::as_str).filter(|word| is_distinctive(word)).collect();
        distinctive.sort_by_key(|word| titles_with.get(word).copied().unwrap_or(0));
        weighed.clear();
        let mut proposals: Vec<(f64, usize)> = Vec::new();
        'words: for word in distinctive {
            for &item_slot in postings.get(word).map_or(&[][..], Vec::as_slice) {
                if weighed.len() >= MAX_CANDIDATES_PER_GAP {
                    break 'words;
                }
                if !weighed.insert(item_slot) {
                    continue;
                }
                let item_index = open_items[item_slot];
                if items[item_index].category != gaps[gap_index].category {
                    continue;
                }
                let score = jaccard(words, &item_words[item_slot]);
                if score >= SIMILARITY_THRESHOLD {
                    proposals.push((score, item_index));
                }
            }
        }
        proposals.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates
            .extend(proposals.into_iter().take(KEPT_PER_GAP).map(|(score, item)| (score, gap_index, item)));
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, gap_index, item_index) in candidates {
        if matches[gap_index].is_none() && !taken[item_index] {
            matches[gap_index] = Some(item_index);
            taken[item_index] = true;
        }
    }
    matches
}

/// |A ∩ B| / |A ∪ B| of two sorted, de-duplicated word lists.
fn jaccard(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|word| b.binary_search(word).is_ok()).count();
    let union = a.len() + b.len() - common;
    common as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fingerprint::fingerprint;

    fn gap(title: &str, priority: Option<Priority>, category: Option<&str>) -> Gap {
        Gap {
            title: title.into(),
            priority,
            category: category.map(str::to_owned),
            effort_hours: None,
            detail: None,
            fingerprint: fingerprint(title),
            line: None,
        }
    }

    fn item(id: i64, title: &str, status: ItemStatus, category: Option<&str>) -> TrackedItem {
        TrackedItem {
            id,
            fingerprint: fingerprint(title),
            title: title.into(),
            category: category.map(str::to_owned),
            priority: Priority::High,
            priority_locked: false,
            status,
            accepted_until: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).expect("date")
    }

    fn latest(gaps: &[Gap]) -> Incoming<'_> {
        Incoming { gaps, is_latest: true, today: today() }
    }

    #[test]
    fn new_gaps_become_items_and_medium_is_the_default_priority() {
        let gaps = [gap("No backups", Some(Priority::Critical), Some("data")), gap("Old README", None, None)];
        let plan = plan(&[], latest(&gaps));
        assert_eq!(
            plan.create,
            vec![
                NewItem { gap: 0, priority: Priority::Critical, already_resolved: false },
                NewItem { gap: 1, priority: Priority::Medium, already_resolved: false },
            ]
        );
        assert!(plan.seen.is_empty() && plan.resolve.is_empty() && plan.reopen.is_empty());
    }

    #[test]
    fn a_gap_seen_again_keeps_its_item_and_records_a_priority_change() {
        let items = [item(7, "No CI/CD pipeline", ItemStatus::InProgress, Some("ci_cd"))];
        let gaps = [gap("Missing CI/CD pipelines", Some(Priority::Critical), Some("ci_cd"))];
        let plan = plan(&items, latest(&gaps));
        assert_eq!(
            plan.seen,
            vec![Seen {
                item: 7,
                gap: 0,
                priority_change: Some((Priority::High, Priority::Critical)),
                apply_priority: true
            }]
        );
        assert!(plan.create.is_empty() && plan.resolve.is_empty());
    }

    #[test]
    fn a_priority_set_by_a_person_is_not_overwritten() {
        let mut locked = item(7, "No CI/CD pipeline", ItemStatus::Open, None);
        locked.priority_locked = true;
        let gaps = [gap("No CI/CD pipeline", Some(Priority::Low), None)];
        let plan = plan(&[locked], latest(&gaps));
        assert_eq!(plan.seen[0].priority_change, Some((Priority::High, Priority::Low)));
        assert!(!plan.seen[0].apply_priority);
    }

    #[test]
    fn absent_gaps_resolve_open_items_and_returning_gaps_reopen_resolved_ones() {
        let items = [
            item(1, "No alerting", ItemStatus::Open, None),
            item(2, "No backups", ItemStatus::Resolved, None),
            item(3, "No tracing", ItemStatus::Resolved, None),
        ];
        let gaps = [gap("No backups", Some(Priority::High), None)];
        let plan = plan(&items, latest(&gaps));
        assert_eq!(plan.resolve, vec![1]);
        assert_eq!(plan.reopen.iter().map(|s| s.item).collect::<Vec<_>>(), vec![2]);
        assert!(plan.create.is_empty());
    }

    #[test]
    fn accepted_risks_hold_until_they_expire() {
        let mut accepted = item(5, "No load tests", ItemStatus::AcceptedRisk, None);
        accepted.accepted_until = NaiveDate::from_ymd_opt(2026, 12, 31);
        // Present or absent, a valid acceptance is left alone.
        let present = [gap("No load tests", Some(Priority::Medium), None)];
        let plan_present = plan(std::slice::from_ref(&accepted), latest(&present));
        assert!(plan_present.reopen.is_empty() && plan_present.resolve.is_empty());
        assert_eq!(plan_present.seen.len(), 1);
        let plan_absent = plan(std::slice::from_ref(&accepted), latest(&[]));
        assert!(plan_absent.resolve.is_empty());
        // Expired: back to open when still there, resolved when gone.
        accepted.accepted_until = NaiveDate::from_ymd_opt(2026, 1, 31);
        assert_eq!(plan(std::slice::from_ref(&accepted), latest(&present)).reopen.len(), 1);
        assert_eq!(plan(std::slice::from_ref(&accepted), latest(&[])).resolve, vec![5]);
    }

    #[test]
    fn an_older_report_never_resolves_reopens_or_reprioritizes() {
        let items = [
            item(1, "No alerting", ItemStatus::Open, None),
            item(2, "No backups", ItemStatus::Resolved, None),
        ];
        let gaps = [gap("No backups", Some(Priority::Critical), None), gap("No runbooks", None, None)];
        let plan = plan(&items, Incoming { gaps: &gaps, is_latest: false, today: today() });
        assert!(plan.resolve.is_empty());
        assert!(plan.reopen.is_empty());
        assert_eq!(plan.seen.iter().map(|s| s.item).collect::<Vec<_>>(), vec![2]);
        assert_eq!(plan.seen[0].priority_change, None, "an older report's priority is history");
        assert_eq!(plan.create, vec![NewItem { gap: 1, priority: Priority::Medium, already_resolved: true }]);
    }

    #[test]
    fn similar_wording_in_the_same_category_matches_and_other_categories_do_not() {
        let items = [
            item(1, "Set up centralized log aggregation", ItemStatus::Open, Some("observability")),
            item(2, "Centralized log aggregation for audit", ItemStatus::Open, Some("security")),
        ];
        let gaps =
            [gap("Centralized log aggregation with Loki", Some(Priority::High), Some("observability"))];
        let plan = plan(&items, latest(&gaps));
        assert_eq!(plan.seen.iter().map(|s| s.item).collect::<Vec<_>>(), vec![1]);
        assert_eq!(plan.resolve, vec![2]);
    }

    #[test]
    fn different_gaps_are_not_forced_together() {
        let items = [item(1, "No backups", ItemStatus::Open, Some("data"))];
        let gaps = [gap("No database migrations in CI", Some(Priority::High), Some("data"))];
        let plan = plan(&items, latest(&gaps));
        assert_eq!(plan.create.len(), 1);
        assert_eq!(plan.resolve, vec![1]);
    }

    #[test]
    fn distinct_gaps_that_share_boilerplate_never_match() {
        let subjects: Vec<String> = (0..1000).map(|n| format!("svc{n}")).collect();
        let items: Vec<TrackedItem> = subjects
            .iter()
            .enumerate()
            .map(|(n, subject)| {
                item(n as i64, &format!("Audit logging for {subject} service"), ItemStatus::Open, None)
            })
            .collect();
        // Each gap names another service: three words in common with an item, Jaccard 0.6.
        let gaps: Vec<Gap> = (0..1000)
            .map(|n| {
                gap(
                    &format!("Audit logging for {} service", subjects[(n + 1) % 1000])
                        .replace("svc", "other"),
                    None,
                    None,
                )
            })
            .collect();
        let plan = plan(&items, latest(&gaps));
        assert!(plan.seen.is_empty(), "{} unrelated gaps merged into items", plan.seen.len());
        assert_eq!(plan.create.len(), 1000);
        assert_eq!(plan.resolve.len(), 1000);
    }

    #[test]
    fn light_rewordings_still_match_among_many_titles() {
        let items: Vec<TrackedItem> = (0..1000)
            .map(|n| item(n, &format!("Audit logging for svc{n} service"), ItemStatus::Open, None))
            .collect();
        let gaps: Vec<Gap> = (0..1000)
            .rev()
            .map(|n| gap(&format!("svc{n} service audit logs are not centralized"), None, None))
            .collect();
        assert_ne!(gaps[999].fingerprint, items[0].fingerprint, "matched by similarity, not fingerprint");
        let plan = plan(&items, latest(&gaps));
        assert_eq!(plan.seen.len(), 1000, "every reworded gap finds its item");
        for seen in &plan.seen {
            assert_eq!(seen.item, 999 - seen.gap as i64, "gap {} matched the wrong item", seen.gap);
        }
        assert!(plan.create.is_empty() && plan.resolve.is_empty());
    }

    #[test]
    fn only_open_and_in_progress_items_are_active() {
        let active: Vec<_> = ItemStatus::ALL.into_iter().filter(|status| status.is_active()).collect();
        assert_eq!(active, [ItemStatus::Open, ItemStatus::InProgress]);
        assert!(ItemStatus::InProgress.is_active() && !ItemStatus::Resolved.is_active());
    }

    #[test]
    fn jaccard_is_overlap_over_union() {
        let a: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let b: Vec<String> = ["b", "c", "d"].iter().map(|s| s.to_string()).collect();
        assert!((jaccard(&a, &b) - 0.5).abs() < 1e-9);
        assert_eq!(jaccard(&[], &[]), 0.0);
    }
}
