//! Score statements: every score expression found in a report, with what its label and place
//! say about it. After the walk one becomes the headline and others category scores.

use super::super::lexicon::words::{MATURITY_LABELS, OVERALL_LABELS, SCORE_LABELS};
use super::super::lexicon::{contains_word, strip_markers};
use super::super::numbers::{ScoreExpr, ScoreForm};
use super::super::text::{clean_title, mentions};
use crate::domain::snapshot::StatedScore;

#[derive(Debug, Clone)]
pub(super) struct Statement {
    pub(super) expr: ScoreExpr,
    pub(super) label: String,
    pub(super) text: String,
    pub(super) line: u32,
    pub(super) summary: bool,
    pub(super) top: bool,
    pub(super) area_key: Option<&'static str>,
    pub(super) label_category: Option<&'static str>,
    pub(super) in_code: bool,
    pub(super) target: bool,
}

impl Statement {
    /// How strongly the label says "this is the report's overall score" (0: it does not).
    pub(super) fn headline_rank(&self) -> u32 {
        let label = self.label.to_lowercase();
        let scorish = mentions(&label, SCORE_LABELS);
        let overall = mentions(&label, OVERALL_LABELS);
        if contains_word(&label, "devops") && scorish {
            100
        } else if overall && scorish {
            95
        } else if mentions(&label, MATURITY_LABELS) {
            90
        } else if self.summary
            && (scorish || contains_word(&label, "quality"))
            && self.expr.form != ScoreForm::Percent
        {
            70
        } else if self.top && scorish {
            60
        } else if overall && contains_word(&label, "readiness") {
            50
        } else {
            0
        }
    }

    pub(super) fn stated(&self) -> StatedScore {
        StatedScore {
            value: self.expr.value,
            scale: self.expr.scale,
            text: Some(self.text.clone()),
            line: Some(self.line),
        }
    }
}

/// How far before a score its label is looked for. The label is at most six words, so a
/// bounded window gives the same label while keeping a line of many scores linear to read.
const LABEL_WINDOW: usize = 240;

/// The label in front of a score expression: the few words before it.
pub(super) fn label_before(text: &str, at: usize) -> String {
    let mut start = at.saturating_sub(LABEL_WINDOW);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let window = &text[start..at];
    // A window that starts inside the line may start inside a word: drop that fragment.
    let window =
        if start > 0 { window.split_once(char::is_whitespace).map_or("", |(_, rest)| rest) } else { window };
    let before = strip_markers(window);
    let before = before.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '=' | '*' | '|' | '-' | '(' | '~')
    });
    let segment = before.rsplit(['|', '.', ';', '(']).next().unwrap_or(before);
    let words: Vec<&str> = segment.split_whitespace().collect();
    let start = words.len().saturating_sub(6);
    clean_title(&words[start..].join(" "))
}
