//! Score statements: every score expression found in a report, with what its label and place
//! say about it. After the walk one becomes the headline and others category scores.

use super::super::lexicon::strip_markers;
use super::super::numbers::ScoreExpr;
use super::super::text::clean_title;
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
    pub(super) place: Place,
    pub(super) target: bool,
}

/// Where in the report a score statement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Heading {
        level: u8,
    },
    /// A paragraph line or a list item.
    Text,
    /// A table's row; `score_column` when the figure stands in a column named for scores.
    TableRow {
        score_column: bool,
    },
    Code,
}

impl Statement {
    /// Whether it stands in a code block (a score table pasted as text).
    pub(super) fn in_code(&self) -> bool {
        self.place == Place::Code
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

/// How many words from a level on say what it is a level of.
pub(super) const LEVEL_LABEL_WORDS: usize = 8;

/// Up to `count` words of `text` from `at` to the end of its sentence, without markup.
pub(super) fn words_from(text: &str, at: usize, count: usize) -> String {
    // A bounded window: a line of many levels stays linear to read.
    let mut end = (at + LABEL_WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let rest = text.get(at..end).unwrap_or("");
    let sentence = rest.split(['.', ';', '|']).next().unwrap_or(rest);
    let words: Vec<&str> = sentence.split_whitespace().take(count).collect();
    strip_markers(&words.join(" ")).replace("**", "")
}
