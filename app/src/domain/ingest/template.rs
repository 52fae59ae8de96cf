//! Telling a blank template from a report. Templates are committed beside real reports
//! ("Score: X.X/10", "**Date**: [Date]", "| 🔴 CRÍTICO | ___ |"), and their legends and examples
//! ("⭐⭐⭐⭐⭐ [5/5]") look like figures: a report with many placeholders states no score and no
//! verdict of its own. A report made from a template keeps a few placeholders, so it takes
//! [`TEMPLATE_PLACEHOLDERS`] of them.

use super::lexicon::is_priority_word;

/// Placeholders that make a report a template.
pub const TEMPLATE_PLACEHOLDERS: usize = 6;

/// The longest run of x's and dots taken for a placeholder score ("XX.XX").
const MAX_X_RUN: usize = 6;

/// The longest bracketed text taken for a placeholder ("[Path to plan file]").
const MAX_BRACKETED: usize = 48;

/// How many placeholders `text` holds, and the first one.
pub fn placeholders(text: &str) -> (usize, Option<&str>) {
    let mut count = 0;
    let mut first = None;
    let mut found = |at| {
        count += 1;
        first.get_or_insert(at);
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => {
                if let Some(len) = bracketed_placeholder(&text[i..]) {
                    found(&text[i..i + len]);
                    i += len;
                    continue;
                }
            }
            b'_' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'_').count();
                let word_before = i > 0 && bytes[i - 1].is_ascii_alphanumeric();
                let word_after = bytes.get(i + run).is_some_and(u8::is_ascii_alphanumeric);
                if run >= 3 && !word_before && !word_after {
                    found(&text[i..i + run]);
                }
                i += run;
                continue;
            }
            // Only where a word starts, so a run of x's is scanned once.
            b'X' | b'x' if i == 0 || !bytes[i - 1].is_ascii_alphanumeric() => {
                if let Some(len) = x_score(&text[i..]) {
                    found(&text[i..i + len]);
                    i += len;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    (count, first)
}

/// Whether `text` is a blank template (see the module's comment).
pub fn is_template(text: &str) -> bool {
    placeholders(text).0 >= TEMPLATE_PLACEHOLDERS
}

/// "[Date]", "[Project Name]", "[1-10]", "[XX%]", "[High | Medium | Low]" at the start of
/// `text`: its length. Links, task boxes, ids and priority tags ("[SEC-01]", "[P1]", "[HIGH]")
/// are not placeholders.
fn bracketed_placeholder(text: &str) -> Option<usize> {
    let close =
        text.get(1..)?.char_indices().take(MAX_BRACKETED).find(|(_, c)| matches!(c, ']' | '[' | '\n'))?;
    if close.1 != ']' {
        return None;
    }
    let inner = &text[1..=close.0];
    let len = close.0 + 2;
    if text[len..].starts_with(['(', '[', ':']) {
        return None;
    }
    let trimmed = inner.trim();
    let options = trimmed.contains(" | ") || trimmed.contains(" / ");
    // "[XX%]", "[X.X]"; a lone "[x]" is a task box unless a scale follows ("[X]/100").
    let xs = trimmed.trim_end_matches('%').chars().all(|c| matches!(c, 'X' | 'x' | '.' | 'N'))
        && (trimmed.len() >= 2 || text[len..].starts_with('/'));
    let range = trimmed.split_once('-').is_some_and(|(low, high)| {
        !low.is_empty()
            && low.chars().all(|c| c.is_ascii_digit())
            && !high.is_empty()
            && high.chars().all(|c| c.is_ascii_digit())
    });
    let words = trimmed.split_whitespace().count();
    let named = trimmed.starts_with(|c: char| c.is_uppercase())
        && trimmed.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '\'')
        && words <= 6
        && !is_priority_word(&trimmed.to_lowercase())
        && trimmed.chars().any(char::is_lowercase);
    (xs || options || range || named).then_some(len)
}

/// "X/10", "X.X/10", "XX/100", "x/5" at the start of `text`: its length.
fn x_score(text: &str) -> Option<usize> {
    // Placeholders are short ("X", "X.X", "XX.X"): a bounded look keeps "x.x.x.…" linear.
    let xs = text.bytes().take(MAX_X_RUN + 1).take_while(|b| matches!(b, b'X' | b'x' | b'.')).count();
    if xs > MAX_X_RUN {
        return None;
    }
    if xs == 0 || text.as_bytes().first() == Some(&b'.') {
        return None;
    }
    let rest = text[xs..].strip_prefix('/')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then_some(xs + 1 + digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_template_is_one() {
        let template = "# Review\n**Date**: [Date]\n**Reviewer**: [Name]\n**Overall Quality Score**: [1-10]\n\
                        **Recommendation**: [Approve | Approve with Changes | Reject]\n## Overall Score: X.X/10.0\n\
                        | 🔴 CRÍTICO | ___ | ___% |\n- **Test Coverage**: [XX%]\n";
        assert_eq!(placeholders(template).0, 8);
        assert!(is_template(template));
    }

    #[test]
    fn a_report_with_links_tags_and_boxes_is_not_one() {
        let report = "# Audit\n- [x] CI runs\n- [ ] Backups\n- [SEC-01] Open bucket\n- [P1] No alerting\n\
                      - [HIGH] No runbooks\nSee [the docs](https://example.com) and [RFC 9110][rfc].\n\
                      Score: 7.5/10. `__init__.py` and snake_case_names are code. xx/yy is not a score.\n";
        assert_eq!(placeholders(report).0, 0, "{:?}", placeholders(report));
        assert!(!is_template(report));
    }

    #[test]
    fn a_template_states_no_score_or_verdict() {
        let template = "# Review Template\n\n**Date**: [Date]\n**Reviewer**: [Name]\n**Project**: [Project Name]\n\
                        **Recommendation**: [Approve | Reject]\n\n## Overall Score: X.X/10\n\n- Code Quality: 5/5\n\
                        - Coverage: [XX%]\n\n**Verdict:** READY\n";
        let snapshot = crate::domain::ingest::parse_report(template.as_bytes()).expect("a template is read");
        assert_eq!(snapshot.overall.stated, None);
        assert_eq!(snapshot.overall.verdict, None);
        assert!(snapshot.warnings.iter().any(|w| w.contains("blank template")), "{:?}", snapshot.warnings);
    }
}
