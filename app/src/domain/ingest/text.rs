//! Small text helpers shared by the extractor: cleaning titles, splitting `Key: value` lines
//! and item titles from their details.

use super::lexicon::strip_markers;
use super::lexicon::words::*;

pub fn is_generic_title(title: &str) -> bool {
    let lowered = title.to_lowercase();
    let head = lowered.split(':').next().unwrap_or("").trim();
    GENERIC_TITLES.contains(&head)
}

/// A heading or item text without status emoji, numbering ("1.", "2)", "Week 1:"), bold/backtick
/// leftovers, trailing colons, and trailing upper-case status words ("✅ EXCELLENT").
pub fn clean_title(text: &str) -> String {
    let mut title = text.to_owned();
    // Cut a trailing "✅ **EXCELLENT**" style status after the subject; a marker after only
    // the numbering ("1. ❌ Database conflict") opens the subject instead.
    if let Some((_, at, _)) = super::lexicon::first_marker(&title)
        && title[..at].chars().any(char::is_alphabetic)
    {
        title.truncate(at);
    }
    let title = strip_markers(&title.replace("**", ""));
    let title = strip_numbering(&title);
    // Leading pictograms ("🐳 Docker Setup") and trailing separators are decoration, and so is
    // the full stop of a title written as a sentence ("**Single VPS is a SPOF.**"); an ellipsis
    // or a leading ".env" stays.
    let title = title.trim_start_matches(|c: char| {
        !c.is_alphanumeric() && !matches!(c, '(' | '[' | '.' | '"' | '\'' | '`' | '/')
    });
    let title =
        title.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '*' | '#'));
    match title.strip_suffix('.') {
        Some(stem) if !stem.ends_with('.') && stem.chars().any(char::is_alphanumeric) => {
            stem.trim_end().to_owned()
        }
        _ => title.to_owned(),
    }
}

/// "1. Build", "2) Build", "Week 1: Monitoring", "Phase 2 - Deploy", "Step 3 — Backups" -> the subject.
pub fn strip_numbering(text: &str) -> &str {
    let mut rest = text.trim_start();
    let lowered = rest.to_lowercase();
    for prefix in
        ["week", "phase", "step", "stage", "semaine", "semana", "woche", "étape", "paso", "etapa", "schritt"]
    {
        if lowered.starts_with(prefix) {
            let after = &rest[prefix.len()..];
            let digits_end =
                after.trim_start().find(|c: char| !c.is_ascii_digit()).unwrap_or(after.trim_start().len());
            if digits_end > 0 {
                let skipped = after.len() - after.trim_start().len();
                rest = after[skipped + digits_end..].trim_start_matches([':', '-', '–', '—', '.', ')', ' ']);
                return rest.trim_start();
            }
        }
    }
    let digits_end = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
    if digits_end > 0 {
        let after = &rest[digits_end..];
        let numbered = rest[..digits_end].ends_with('.')
            || after.starts_with(')')
            || (after.starts_with(' ') && rest[..digits_end].contains('.'));
        if numbered {
            return after.trim_start_matches([')', ' ', ':', '-']).trim_start();
        }
    }
    rest
}

/// `Key: value` -> (key, value) when the key is short and looks like a label.
pub fn split_key_value(text: &str) -> Option<(String, String)> {
    // Chinese and Japanese write the colon full width ("重大度：致命的"). A colon inside
    // parentheses is an aside's ("Lingua (PRIORITÀ: MEDIA)"), not the line's.
    let colon = first_colon_outside_parentheses(text)?;
    let width = text[colon..].chars().next().map_or(1, char::len_utf8);
    // "… operational readiness. Verdict: ready" -> the key is "Verdict".
    let sentence_start = text[..colon].rfind(['.', '!', '?']).map_or(0, |at| at + 1);
    let key = strip_markers(&text[sentence_start..colon]);
    let key = key.trim().trim_matches('*').trim();
    let value = text[colon + width..].trim();
    let words = key.split_whitespace().count();
    if key.is_empty()
        || words > 6
        || key.len() > 60
        || key.contains("http")
        || !key.chars().any(char::is_alphabetic)
    {
        return None;
    }
    Some((key.to_owned(), value.to_owned()))
}

fn first_colon_outside_parentheses(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '(' | '[' | '（' => depth += 1,
            ')' | ']' | '）' => depth = depth.saturating_sub(1),
            ':' | '：' if depth == 0 => return Some(at),
            _ => {}
        }
    }
    None
}

/// Splits an item into a title and a detail: the leading bold span if there is one, else the
/// part before " - " / " — " / ": ", else the whole text.
pub fn title_and_detail(text: &str, lead_strong: Option<&str>) -> (String, Option<String>) {
    if let Some(lead) = lead_strong {
        let title = clean_title(lead);
        if title.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
            let rest = text.find(lead).map_or("", |at| &text[at + lead.len()..]);
            let detail =
                rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—'));
            return (title, non_empty(detail));
        }
    }
    // "#18: Audit triggers verification needed": a number or id before the separator only
    // labels the item; the text after it is the title.
    let text = [": ", " - ", " — ", " – "]
        .iter()
        .find_map(|separator| {
            let (head, rest) = text.split_once(separator)?;
            (head.len() <= 24 && is_bare_id(&strip_markers(head)) && !rest.trim().is_empty()).then_some(rest)
        })
        .unwrap_or(text);
    for separator in [" - ", " — ", " – ", ": "] {
        if let Some(at) = text.find(separator) {
            let head = clean_title(&text[..at]);
            if head.len() <= 80 && head.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
                return (head, non_empty(text[at + separator.len()..].trim()));
            }
        }
    }
    (clean_title(text), None)
}

fn non_empty(text: &str) -> Option<String> {
    let cleaned = strip_markers(text);
    let cleaned = cleaned.trim();
    (!cleaned.is_empty()).then(|| cleaned.to_owned())
}

/// Removes parenthesised asides ("(2 days)", "(MUST FIX)") from a title.
pub fn strip_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0u32;
    for c in text.chars() {
        match c {
            '(' | '[' | '（' | '【' => depth += 1,
            ')' | ']' | '）' | '】' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `text` names nothing: no letters at all (a number, punctuation), or one word of
/// ASCII letters and digits with a digit in it (an id such as `FIX-01`, `#3`, `D-02`).
pub fn is_bare_id(text: &str) -> bool {
    let trimmed = text.trim();
    if !trimmed.chars().any(char::is_alphabetic) {
        return true;
    }
    trimmed.split_whitespace().count() == 1
        && trimmed.chars().any(|c| c.is_ascii_digit())
        && trimmed.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#'))
}

pub use super::lexicon::mentions;

/// Shortens `text` to at most `max` characters on a character boundary.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Mostly punctuation and box-drawing: ASCII art, separators, not prose.
pub fn is_drawing(text: &str) -> bool {
    let (total, alnum) = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .fold((0usize, 0usize), |(total, alnum), c| (total + 1, alnum + usize::from(c.is_alphanumeric())));
    total >= 4 && alnum * 3 < total
}

/// A finding's identifier opening its title ("CRIT-001: No authentication", "[SEC-3] Open
/// bucket", "H2 – Weak TLS") and the title after it. Priority codes (P0–P3) are tags, not ids,
/// and a short code needs a separator after it ("S3 bucket is public" opens with a word).
pub fn finding_id(title: &str) -> Option<(String, &str)> {
    let trimmed = title.trim_start().trim_start_matches('[');
    let end = trimmed
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(trimmed.len());
    let candidate = trimmed[..end].trim_end_matches('.');
    let id = is_finding_id(candidate).then_some(candidate)?;
    let rest = &trimmed[id.len()..];
    let dashed = id.contains(['-', '_']);
    let separated = rest.is_empty()
        || rest.starts_with([':', ']', ')', '.', '：'])
        || [" -", " –", " —", " |"].iter().any(|sep| rest.starts_with(sep))
        || (dashed && rest.starts_with(char::is_whitespace));
    if !separated {
        return None;
    }
    let after = rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | ']' | ')' | '.' | '：' | '-' | '–' | '—' | '|')
    });
    Some((id.to_ascii_uppercase(), after))
}

/// "CRIT-001", "FIX-01", "SEC_3", "H2", "C1.2": letters then digits, as findings are numbered.
pub fn is_finding_id(text: &str) -> bool {
    let letters = text.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = text[letters..].trim_start_matches(['-', '_']);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let tail = &rest[digits..];
    let p_code = letters == 1 && text.starts_with(['P', 'p']) && digits == 1 && tail.is_empty();
    (1..=8).contains(&letters)
        && (1..=4).contains(&digits)
        && (tail.is_empty()
            || (tail.starts_with('.') && tail[1..].chars().all(|c| c.is_ascii_digit()) && tail.len() > 1))
        && !p_code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colon_inside_an_aside_splits_no_key_from_its_value() {
        assert_eq!(split_key_value("Lingua & Terminologia (PRIORITÀ: MEDIA)"), None);
        assert_eq!(
            split_key_value("Overall Score (weighted): 72/100"),
            Some(("Overall Score (weighted)".to_owned(), "72/100".to_owned()))
        );
    }

    #[test]
    fn a_marker_after_the_numbering_is_no_trailing_status() {
        assert_eq!(clean_title("1. ❌ Database Architecture Conflict"), "Database Architecture Conflict");
        assert_eq!(clean_title("Docker Setup ✅ **EXCELLENT**"), "Docker Setup");
    }

    #[test]
    fn a_number_before_the_separator_labels_the_item_and_a_full_stop_ends_no_title() {
        assert_eq!(
            title_and_detail("#18: Audit triggers verification needed", None),
            ("Audit triggers verification needed".to_owned(), None)
        );
        assert_eq!(
            title_and_detail("3 - No backups - nightly dumps", None),
            ("No backups".to_owned(), Some("nightly dumps".to_owned()))
        );
        assert_eq!(clean_title("Single VPS is a SPOF."), "Single VPS is a SPOF");
        assert_eq!(clean_title("Wait for it..."), "Wait for it...");
    }

    #[test]
    fn a_full_width_colon_separates_key_and_value() {
        assert_eq!(split_key_value("重大度：🔴 致命的"), Some(("重大度".to_owned(), "🔴 致命的".to_owned())));
        assert_eq!(split_key_value("Status: 完了：OK"), Some(("Status".to_owned(), "完了：OK".to_owned())));
    }

    #[test]
    fn finding_ids_open_titles_and_words_do_not() {
        assert_eq!(finding_id("CRIT-001: No authentication"), Some(("CRIT-001".into(), "No authentication")));
        assert_eq!(finding_id("[SEC-3] Open bucket"), Some(("SEC-3".into(), "Open bucket")));
        assert_eq!(finding_id("H2 – Weak TLS"), Some(("H2".into(), "Weak TLS")));
        assert_eq!(finding_id("fix-01"), Some(("FIX-01".into(), "")));
        assert_eq!(
            finding_id("HIGH-001 Token stored in plain text"),
            Some(("HIGH-001".into(), "Token stored in plain text"))
        );
        assert_eq!(finding_id("S3 bucket is public"), None);
        assert_eq!(finding_id("P1: No alerting"), None, "a priority tag");
        assert_eq!(finding_id("No backups"), None);
        assert_eq!(finding_id("2024-01-05 outage"), None);
        assert_eq!(finding_id("K8s: no limits"), None);
    }

    #[test]
    fn titles_lose_markers_numbering_and_trailing_status() {
        assert_eq!(clean_title("Frontend Build ✅ **EXCELLENT**"), "Frontend Build");
        assert_eq!(clean_title("1. CI/CD Pipeline Assessment"), "CI/CD Pipeline Assessment");
        assert_eq!(clean_title("❌ **Missing CI/CD**"), "Missing CI/CD");
        assert_eq!(clean_title("🐳 **Docker Setup**"), "Docker Setup");
        assert_eq!(clean_title("Week 1: Monitoring (2 days) 🔴 CRITICAL"), "Monitoring (2 days)");
        assert_eq!(clean_title("10. Documentation"), "Documentation");
        assert_eq!(clean_title("2025 roadmap"), "2025 roadmap");
    }

    #[test]
    fn key_values_need_a_short_label() {
        assert_eq!(
            split_key_value("Status: ✅ Production-Ready"),
            Some(("Status".into(), "✅ Production-Ready".into()))
        );
        assert_eq!(split_key_value("❌ Critical Gaps:"), Some(("Critical Gaps".into(), String::new())));
        assert_eq!(split_key_value("See https://example.com for more"), None);
        assert_eq!(split_key_value("This very long sentence that goes on and on: is not a key"), None);
    }

    #[test]
    fn items_split_into_title_and_detail() {
        assert_eq!(
            title_and_detail("CI/CD Pipeline - Implement GitHub Actions", Some("CI/CD Pipeline")),
            ("CI/CD Pipeline".into(), Some("Implement GitHub Actions".into()))
        );
        assert_eq!(
            title_and_detail("No CI/CD pipeline (no GitHub Actions)", Some("No CI/CD pipeline")),
            ("No CI/CD pipeline".into(), Some("(no GitHub Actions)".into()))
        );
        assert_eq!(
            title_and_detail("Set up Sentry error tracking", None),
            ("Set up Sentry error tracking".into(), None)
        );
        assert_eq!(
            title_and_detail("Rate Limiting - Implement API rate limiting with Redis", None),
            ("Rate Limiting".into(), Some("Implement API rate limiting with Redis".into()))
        );
    }

    #[test]
    fn generic_titles_are_recognised() {
        assert!(is_generic_title("Status: ❌ CRITICAL"));
        assert!(is_generic_title("Current State"));
        assert!(!is_generic_title("Frontend Build"));
    }

    #[test]
    fn drawings_are_told_from_prose() {
        assert!(is_drawing("┌──────┐ │ │ └──┬───┘"));
        assert!(is_drawing("+-----+-----+"));
        assert!(!is_drawing("Node 20 Alpine base"));
    }
}
