//! How much one report may hold. Real audit reports stay far below every bound here (the
//! largest seen has about 2,000 lines, 120 scores and 90 gaps); the bounds exist so that no
//! upload, however it is shaped, costs more than a fixed amount of work and memory to read and
//! to match against a project's items. A report over a bound is refused as a whole, with the
//! bound named, rather than read in part.

/// Lines with any text on them (blank lines are free).
pub const MAX_CONTENT_LINES: usize = 50_000;
/// Score expressions on one line, heading, list item or table row.
pub const MAX_SCORES_PER_LINE: usize = 100;
/// Score expressions in the whole report.
pub const MAX_SCORES: usize = 10_000;
/// Gaps in one snapshot (after merging repeated mentions).
pub const MAX_GAPS: usize = 2_000;

/// Which bound a report went over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TooComplex {
    #[error("the report has more than {MAX_CONTENT_LINES} lines with text")]
    Lines,
    #[error("line {line} holds more than {MAX_SCORES_PER_LINE} scores")]
    ScoresOnLine { line: u32 },
    #[error("the report holds more than {MAX_SCORES} scores")]
    Scores,
    #[error("the report lists more than {MAX_GAPS} gaps")]
    Gaps,
    /// Reading it took longer than the server allows (see `app::reading`).
    #[error("reading it took longer than {seconds} seconds")]
    Slow { seconds: u64 },
}

/// Whether `text` has more than [`MAX_CONTENT_LINES`] lines with text; one pass, stops early.
pub fn too_many_lines(text: &str) -> bool {
    text.split('\n').filter(|line| !line.trim().is_empty()).nth(MAX_CONTENT_LINES).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_with_text_count() {
        assert!(!too_many_lines(&"\n".repeat(MAX_CONTENT_LINES * 3)));
        assert!(!too_many_lines(&"x\n".repeat(MAX_CONTENT_LINES)));
        assert!(too_many_lines(&"x\n\n".repeat(MAX_CONTENT_LINES + 1)));
    }
}
