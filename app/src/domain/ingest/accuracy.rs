//! How well the reader reads real reports: a report's hand labels against what the parser made
//! of it, and the tallies `plumb eval` prints and the corpus test holds to its thresholds.
//!
//! The measures (issue 15):
//! - **headline**: the stated score, on 0–100, within ±1 of the label (or of another reading the
//!   labeller accepts), or none when the label says the report states none;
//! - **verdict**: of the reports that state one, the verdict is one the labeller accepts;
//! - **gaps**: of the gaps the report explicitly prioritizes, how many were found (a gap whose
//!   title matches) with that priority;
//! - **junk titles**: gaps titled by a number, an id or punctuation alone.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::lexicon::is_dense_script;
use super::numbers::grade_value;
use super::text::is_bare_id;
use crate::domain::snapshot::{Priority, Snapshot, Verdict};

/// One report's hand labels (the corpus's `labels.json` holds a list of these).
#[derive(Debug, Clone, Deserialize)]
pub struct Label {
    pub file: String,
    /// Where it comes from (`owner/name`), kept with the labels.
    #[serde(default)]
    pub source_repo: Option<String>,
    pub overall_score: Option<LabelScore>,
    /// The headline as a letter grade ("B+"), when the report gives one; it is the expected
    /// reading (by [`grade_value`]) when no figure is labelled.
    #[serde(default)]
    pub overall_grade: Option<String>,
    /// Other 0–100 readings the text supports as well; `null` in the list means "none stated".
    #[serde(default)]
    pub score_accept: Vec<Option<f64>>,
    #[serde(default)]
    pub verdict_accept: Vec<Verdict>,
    #[serde(default)]
    pub gaps: Vec<LabelGap>,
    /// The report's language (ISO 639-1); guessed from its text when the label has none.
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct LabelScore {
    pub value: f64,
    pub scale: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelGap {
    pub title: String,
    pub priority: Option<Priority>,
}

/// What the reader got right and wrong in one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub file: String,
    pub language: String,
    pub headline_right: bool,
    /// `None` when the report states no verdict.
    pub verdict_right: Option<bool>,
    pub prioritized_gaps: usize,
    pub prioritized_found: usize,
    pub gaps_read: usize,
    pub junk_titles: usize,
    /// What was missed, in words, for the list of misses.
    pub misses: Vec<String>,
}

/// Compares the reading of one report with its labels.
pub fn assess(label: &Label, text: &str, snapshot: &Snapshot) -> Outcome {
    let mut misses = Vec::new();
    let read = snapshot.overall.stated.as_ref().map(|stated| stated.normalized());
    let expected = label
        .overall_score
        .map(|score| score.value / score.scale * 100.0)
        .or_else(|| label.overall_grade.as_deref().and_then(grade_value));
    let accepted: Vec<Option<f64>> =
        std::iter::once(expected).chain(label.score_accept.iter().copied()).collect();
    let headline_right = accepted.iter().any(|accept| match (accept, read) {
        (None, None) => true,
        (Some(want), Some(got)) => (want - got).abs() <= 1.0 + 1e-9,
        _ => false,
    });
    if !headline_right {
        misses.push(format!("headline: read {}, labelled {}", show_score(read), show_score(expected)));
    }

    let verdict_right = (!label.verdict_accept.is_empty()).then(|| {
        let right = snapshot.overall.verdict.is_some_and(|verdict| label.verdict_accept.contains(&verdict));
        if !right {
            let read = snapshot.overall.verdict.map_or("none", Verdict::as_str);
            let wanted: Vec<&str> = label.verdict_accept.iter().map(|verdict| verdict.as_str()).collect();
            misses.push(format!("verdict: read {read}, labelled {}", wanted.join(" or ")));
        }
        right
    });

    let prioritized: Vec<&LabelGap> = label.gaps.iter().filter(|gap| gap.priority.is_some()).collect();
    let read_gaps: Vec<(HashSet<String>, Option<Priority>)> =
        snapshot.gaps.iter().map(|gap| (title_tokens(&gap.title), gap.priority)).collect();
    let mut prioritized_found = 0;
    for gap in &prioritized {
        let wanted = title_tokens(&gap.title);
        let found = read_gaps.iter().find(|(tokens, _)| titles_match(&wanted, tokens));
        match found {
            Some((_, priority)) if *priority == gap.priority => prioritized_found += 1,
            Some((_, priority)) => misses.push(format!(
                "gap \"{}\": read as {}, labelled {}",
                gap.title,
                priority.map_or("no priority", Priority::as_str),
                gap.priority.map_or("none", Priority::as_str)
            )),
            None => misses.push(format!(
                "gap \"{}\" ({}): not found",
                gap.title,
                gap.priority.map_or("none", Priority::as_str)
            )),
        }
    }
    let junk_titles = snapshot.gaps.iter().filter(|gap| is_bare_id(&gap.title)).count();
    if junk_titles > 0 {
        misses.push(format!("{junk_titles} gap(s) titled by a number, an id or punctuation"));
    }
    Outcome {
        file: label.file.clone(),
        language: label.language.clone().unwrap_or_else(|| guess_language(text).to_owned()),
        headline_right,
        verdict_right,
        prioritized_gaps: prioritized.len(),
        prioritized_found,
        gaps_read: snapshot.gaps.len(),
        junk_titles,
        misses,
    }
}

fn show_score(score: Option<f64>) -> String {
    score.map_or_else(|| "none".to_owned(), |score| format!("{score:.1}/100"))
}

/// A title's words, lowercase, without punctuation and emoji; text in scripts written without
/// spaces counts by pairs of characters.
fn title_tokens(title: &str) -> HashSet<String> {
    let lowered = title.to_lowercase();
    let mut tokens = HashSet::new();
    let mut word = String::new();
    let mut dense: Vec<char> = Vec::new();
    let flush_dense = |dense: &mut Vec<char>, tokens: &mut HashSet<String>| {
        if dense.len() == 1 {
            tokens.insert(dense[0].to_string());
        }
        for pair in dense.windows(2) {
            tokens.insert(pair.iter().collect());
        }
        dense.clear();
    };
    for c in lowered.chars() {
        if is_dense_script(c) {
            if !word.is_empty() {
                tokens.insert(std::mem::take(&mut word));
            }
            dense.push(c);
        } else if c.is_alphanumeric() {
            flush_dense(&mut dense, &mut tokens);
            word.push(c);
        } else {
            flush_dense(&mut dense, &mut tokens);
            if !word.is_empty() {
                tokens.insert(std::mem::take(&mut word));
            }
        }
    }
    flush_dense(&mut dense, &mut tokens);
    if !word.is_empty() {
        tokens.insert(word);
    }
    tokens
}

/// Two titles name the same gap when most of the shorter one's words are in the longer one
/// (a reader's title may be a little longer or shorter than the labeller's).
fn titles_match(wanted: &HashSet<String>, read: &HashSet<String>) -> bool {
    if wanted.is_empty() || read.is_empty() {
        return false;
    }
    let shared = wanted.intersection(read).count() as f64;
    let shorter = wanted.len().min(read.len()) as f64;
    let longer = wanted.len().max(read.len()) as f64;
    shared / shorter >= 0.75 && shared / longer >= 0.4
}

/// The report's language as far as its script tells: `ko`, `ja`, `zh`, `ru` (Cyrillic), `vi`,
/// else `latin` (the Latin-script languages are told apart by their labels).
pub fn guess_language(text: &str) -> &'static str {
    let (mut hangul, mut kana, mut han, mut cyrillic, mut vietnamese) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            '\u{AC00}'..='\u{D7AF}' => hangul += 1,
            '\u{3040}'..='\u{30FF}' => kana += 1,
            '\u{4E00}'..='\u{9FFF}' => han += 1,
            '\u{0400}'..='\u{04FF}' => cyrillic += 1,
            'ơ' | 'ư' | 'đ' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ậ' | 'ắ' | 'ằ' | 'ặ' | 'ẹ' | 'ẻ' | 'ế' | 'ề'
            | 'ể' | 'ệ' | 'ỉ' | 'ị' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ợ' | 'ụ'
            | 'ủ' | 'ứ' | 'ừ' | 'ử' | 'ự' | 'ỳ' | 'ỷ' => vietnamese += 1,
            _ => {}
        }
    }
    let threshold = 20;
    if hangul >= threshold {
        "ko"
    } else if kana >= threshold {
        "ja"
    } else if han >= threshold {
        "zh"
    } else if cyrillic >= threshold * 5 {
        "ru"
    } else if vietnamese >= threshold {
        "vi"
    } else {
        "latin"
    }
}

/// Sums of outcomes: the whole corpus, or one language.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub reports: usize,
    pub headline_right: usize,
    pub with_verdict: usize,
    pub verdict_right: usize,
    pub prioritized_gaps: usize,
    pub prioritized_found: usize,
    /// Reports with at least one prioritized gap labelled, and of those, with any gap read.
    pub with_gaps: usize,
    pub with_gaps_read: usize,
    pub gaps_read: usize,
    pub junk_titles: usize,
}

impl Tally {
    pub fn add(&mut self, outcome: &Outcome) {
        self.reports += 1;
        self.headline_right += usize::from(outcome.headline_right);
        if let Some(right) = outcome.verdict_right {
            self.with_verdict += 1;
            self.verdict_right += usize::from(right);
        }
        self.prioritized_gaps += outcome.prioritized_gaps;
        self.prioritized_found += outcome.prioritized_found;
        if outcome.prioritized_gaps > 0 {
            self.with_gaps += 1;
            self.with_gaps_read += usize::from(outcome.gaps_read > 0);
        }
        self.gaps_read += outcome.gaps_read;
        self.junk_titles += outcome.junk_titles;
    }

    pub fn headline(&self) -> f64 {
        share(self.headline_right, self.reports)
    }

    pub fn verdict(&self) -> f64 {
        share(self.verdict_right, self.with_verdict)
    }

    pub fn gaps(&self) -> f64 {
        share(self.prioritized_found, self.prioritized_gaps)
    }

    /// Of the reports with a prioritized gap labelled, the share with any gap read.
    pub fn any_gap(&self) -> f64 {
        share(self.with_gaps_read, self.with_gaps)
    }

    /// Share of the gaps read that are titled by a number, an id or punctuation.
    pub fn junk(&self) -> f64 {
        if self.gaps_read == 0 { 0.0 } else { share(self.junk_titles, self.gaps_read) }
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 { 1.0 } else { part as f64 / whole as f64 }
}

/// The tally of everything, and one per language, in language order.
pub fn tally(outcomes: &[Outcome]) -> (Tally, BTreeMap<String, Tally>) {
    let mut total = Tally::default();
    let mut by_language: BTreeMap<String, Tally> = BTreeMap::new();
    for outcome in outcomes {
        total.add(outcome);
        by_language.entry(outcome.language.clone()).or_default().add(outcome);
    }
    (total, by_language)
}

/// Reads every labelled report (`read` gives a file's bytes by its name) and assesses it; a
/// file that cannot be read or parsed counts as read wrong in every measure.
pub fn evaluate(labels: &[Label], mut read: impl FnMut(&str) -> Result<Vec<u8>, String>) -> Vec<Outcome> {
    labels
        .iter()
        .map(|label| {
            let parsed = read(&label.file).and_then(|bytes| {
                super::read_report(&bytes).map_err(|error| format!("does not parse: {error}"))
            });
            match parsed {
                Ok(parsed) => assess(label, &parsed.text, &parsed.snapshot),
                Err(problem) => Outcome {
                    file: label.file.clone(),
                    language: label.language.clone().unwrap_or_else(|| "latin".to_owned()),
                    headline_right: false,
                    verdict_right: (!label.verdict_accept.is_empty()).then_some(false),
                    prioritized_gaps: label.gaps.iter().filter(|gap| gap.priority.is_some()).count(),
                    prioritized_found: 0,
                    gaps_read: 0,
                    junk_titles: 0,
                    misses: vec![problem],
                },
            }
        })
        .collect()
}

/// The figures as a table (all reports, then each language), and with `misses` the list of
/// what each report got wrong.
pub fn render(outcomes: &[Outcome], misses: bool) -> String {
    use std::fmt::Write as _;

    let (total, by_language) = tally(outcomes);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<8} {:>7} {:>14} {:>14} {:>16} {:>12} {:>10}",
        "", "reports", "headline", "verdict", "prioritized gaps", "any gap", "junk"
    );
    let mut row = |name: &str, t: &Tally| {
        let _ = writeln!(
            out,
            "{:<8} {:>7} {:>5}/{:<3} {:>3.0}% {:>5}/{:<3} {:>3.0}% {:>6}/{:<4} {:>3.0}% {:>5}/{:<3}  {:>5.1}%",
            name,
            t.reports,
            t.headline_right,
            t.reports,
            t.headline() * 100.0,
            t.verdict_right,
            t.with_verdict,
            t.verdict() * 100.0,
            t.prioritized_found,
            t.prioritized_gaps,
            t.gaps() * 100.0,
            t.with_gaps_read,
            t.with_gaps,
            t.junk() * 100.0,
        );
    };
    row("all", &total);
    for (language, tally) in &by_language {
        row(language, tally);
    }
    if misses {
        for outcome in outcomes.iter().filter(|outcome| !outcome.misses.is_empty()) {
            let _ = writeln!(out, "\n{} ({})", outcome.file, outcome.language);
            for miss in &outcome.misses {
                let _ = writeln!(out, "  - {miss}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ingest::parse_report;

    fn label(json: serde_json::Value) -> Label {
        serde_json::from_value(json).expect("a label")
    }

    #[test]
    fn a_report_read_right_scores_right_and_a_wrong_one_lists_its_misses() {
        let text = "# Audit\n\nOverall score: 72/100\n\n**Verdict:** Not ready\n\n## Gaps\n\n### High Priority\n- No backups of the database\n";
        let snapshot = parse_report(text.as_bytes()).expect("parses");
        let right = label(serde_json::json!({
            "file": "a.md", "overall_score": {"value": 72, "scale": 100}, "verdict_accept": ["not_ready"],
            "gaps": [{"title": "No database backups", "priority": "high"}]
        }));
        let outcome = assess(&right, text, &snapshot);
        assert!(outcome.headline_right && outcome.verdict_right == Some(true), "{outcome:?}");
        assert_eq!((outcome.prioritized_found, outcome.prioritized_gaps), (1, 1), "{outcome:?}");
        assert!(outcome.misses.is_empty());

        let wrong = label(serde_json::json!({
            "file": "a.md", "overall_score": {"value": 6, "scale": 10}, "verdict_accept": ["ready"],
            "gaps": [{"title": "No backups of the database", "priority": "critical"}, {"title": "No runbooks", "priority": "low"}]
        }));
        let outcome = assess(&wrong, text, &snapshot);
        assert!(!outcome.headline_right && outcome.verdict_right == Some(false));
        assert_eq!(outcome.prioritized_found, 0);
        assert_eq!(outcome.misses.len(), 4, "{:?}", outcome.misses);
    }

    #[test]
    fn none_stated_is_right_only_when_nothing_is_read() {
        let text = "# Notes\n\nNothing scored here.\n";
        let snapshot = parse_report(text.as_bytes()).expect("parses");
        let none = label(serde_json::json!({ "file": "n.md", "overall_score": null }));
        assert!(assess(&none, text, &snapshot).headline_right);
        let some = label(serde_json::json!({ "file": "n.md", "overall_score": {"value": 5, "scale": 10} }));
        assert!(!assess(&some, text, &snapshot).headline_right);
    }

    #[test]
    fn junk_titles_are_numbers_ids_and_punctuation() {
        for junk in ["1", "12.", "FIX-01", "—", "#3", "(2)"] {
            assert!(is_bare_id(junk), "{junk}");
        }
        for title in ["No backups", "CI", "Add SBOM for v2", "备份缺失", "FIX-01 Add backups"] {
            assert!(!is_bare_id(title), "{title}");
        }
    }

    #[test]
    fn titles_in_dense_scripts_match_by_character_pairs() {
        assert!(titles_match(&title_tokens("缺少数据库备份"), &title_tokens("🔴 缺少数据库备份策略")));
        assert!(!titles_match(&title_tokens("缺少数据库备份"), &title_tokens("没有监控告警")));
        assert!(titles_match(
            &title_tokens("No CI/CD pipeline"),
            &title_tokens("No CI/CD pipeline configured")
        ));
        assert!(!titles_match(&title_tokens("No CI/CD pipeline"), &title_tokens("CI")));
    }

    #[test]
    fn languages_are_told_by_script() {
        assert_eq!(guess_language(&"운영 준비 상태 점검 보고서 ".repeat(5)), "ko");
        assert_eq!(guess_language(&"本番環境の準備状況レポートです".repeat(3)), "ja");
        assert_eq!(guess_language(&"生产就绪评估报告总体评分".repeat(3)), "zh");
        assert_eq!(guess_language(&"Общая оценка готовности ".repeat(10)), "ru");
        assert_eq!(guess_language("Overall score: 7/10"), "latin");
    }
}
