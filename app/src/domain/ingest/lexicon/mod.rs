//! The words and symbols reports use for status, priority, verdicts and areas.
//!
//! Matching is on lowercase text and whole words. Score and checklist syntax is
//! language-independent; priority, verdict and category words cover English plus common French,
//! Spanish, Portuguese and German forms.

mod list;
pub mod words;

pub use self::list::WordList;

use self::words::*;
use crate::domain::snapshot::{Priority, Verdict};
use crate::domain::taxonomy::CATEGORIES;

/// How a marker or a status word judges something, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Signal {
    Good,
    Partial,
    Missing,
    Critical,
}

/// The signal of a status emoji, if `c` is one.
fn marker_signal(c: char) -> Option<Signal> {
    if c.is_ascii() {
        return None;
    }
    MARKERS
        .iter()
        .find(|(symbol, _)| symbol.starts_with(c) && symbol.len() == c.len_utf8())
        .map(|(_, signal)| *signal)
}

/// The first status emoji in `text`, with its byte range.
pub fn first_marker(text: &str) -> Option<(Signal, usize, usize)> {
    text.char_indices().find_map(|(at, c)| marker_signal(c).map(|signal| (signal, at, at + c.len_utf8())))
}

/// A status from words ("EXCELLENT", "not implemented") or, failing that, from an emoji.
pub fn status_of(text: &str) -> Option<Signal> {
    status_word(text).or_else(|| first_marker(text).map(|(signal, ..)| signal))
}

/// A status from words only.
pub fn status_word(text: &str) -> Option<Signal> {
    STATUS_WORDS.first_listed(&text.to_lowercase()).map(|(_, signal)| *signal)
}

/// Removes status emoji (and the variation selector that often follows them), collapsing the
/// white space left behind. One pass: this runs for most blocks of every report.
pub fn strip_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c == '\u{fe0f}' {
            continue;
        }
        if c.is_whitespace() || marker_signal(c).is_some() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Lowercases `text` without moving any byte offset: a character whose lowercase form has a
/// different UTF-8 length (or is several characters) is kept as it is. Offsets found in the
/// result can then slice the original text.
pub fn lowercase_keep_offsets(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                return c.to_ascii_lowercase();
            }
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Whether `haystack` (lowercase) contains `needle` as whole words.
pub fn contains_word(haystack: &str, needle: &str) -> bool {
    find_word(haystack, needle).is_some()
}

/// Byte offset of `needle` (lowercase) in `haystack` (lowercase) as whole words.
///
/// A plain byte scan: haystacks are short (a line), and building a substring searcher per call
/// cost more than the search itself.
pub fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    let hay = haystack.as_bytes();
    let pattern = needle.as_bytes();
    let (&first, rest) = pattern.split_first()?;
    if pattern.len() > hay.len() {
        return None;
    }
    let mut start = 0;
    while start + pattern.len() <= hay.len() {
        let offset = hay[start..=hay.len() - pattern.len()].iter().position(|b| *b == first)?;
        let at = start + offset;
        if &hay[at + 1..at + pattern.len()] == rest && is_word_boundary(haystack, at, at + pattern.len()) {
            return Some(at);
        }
        start = at + 1;
    }
    None
}

/// True when `text[start..end]` is not glued to letters or digits on either side. Scripts
/// written without spaces between words (Chinese, Japanese; Korean, whose particles glue to the
/// word) have no such boundary: an end of the match in one of them may touch anything.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(matched), Some(after)) =
        (text.get(..start), text.get(start..end), text.get(end..))
    else {
        return false;
    };
    let open_start = matched.chars().next().is_some_and(is_dense_script);
    let open_end = matched.chars().next_back().is_some_and(is_dense_script);
    (open_start || before.chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
        && (open_end || after.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Han, kana and Hangul: written without spaces between words (Korean has spaces, but
/// particles glue to the words).
pub fn is_dense_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' // Han
        | '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' // Hangul
    )
}

/// A priority stated in a heading, label or value: P0–P3, "High Priority", "Priority: high",
/// MUST/SHOULD FIX, NICE TO HAVE, "Critical …", an upper-case level word, or (last) a coloured
/// circle. Ordinary prose ("high availability") does not count: a level word needs "priority"
/// next to it, capitals, or to be the whole value.
pub fn priority_of(text: &str) -> Option<Priority> {
    // "Critical Path to Production" names a sequence, not a priority.
    let lowered = NOT_PRIORITIES.blank_out(text.to_lowercase());
    if let Some(priority) = p_code(&lowered) {
        return Some(priority);
    }
    // Negations first: "Non-Critical" is not critical.
    let negation = PRIORITY_PHRASES.occurrences(&lowered).filter(|(_, index)| *index < NEGATIONS).min();
    if let Some((_, index)) = negation {
        return Some(PRIORITY_PHRASES[index].1);
    }
    for (index, at) in PRIORITY_NOUNS.each_found(&lowered) {
        let noun = PRIORITY_NOUNS[index];
        // "優先度: 高", "Priority - must": a whole-value word right after the noun.
        let after = lowered[at + noun.len()..].trim_start_matches([':', '：', '-', ' ', '*']);
        let value = after.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '(' | '（')).next();
        if let Some((_, level)) =
            value.and_then(|value| PRIORITY_VALUES.iter().find(|(word, _)| *word == value))
        {
            return Some(*level);
        }
        let window_start = floor_boundary(&lowered, at.saturating_sub(14));
        let window_end = ceil_boundary(&lowered, (at + noun.len() + 16).min(lowered.len()));
        if let Some(level) = level_word(&lowered[window_start..window_end]) {
            return Some(level);
        }
    }
    let phrase = PRIORITY_PHRASES.occurrences(&lowered).filter(|(_, index)| *index >= NEGATIONS).min();
    if let Some((_, index)) = phrase {
        return Some(PRIORITY_PHRASES[index].1);
    }
    let bare = lowered.trim().trim_matches(|c: char| !c.is_alphanumeric());
    if let Some((_, level)) = PRIORITY_LEVELS.iter().find(|(word, _)| bare == *word) {
        return Some(*level);
    }
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.len() >= 3 && word.chars().all(|c| c.is_uppercase()) {
            let lower = word.to_lowercase();
            if let Some((_, level)) = PRIORITY_LEVELS.iter().find(|(w, _)| *w == lower) {
                return Some(*level);
            }
        }
    }
    circle_priority(text)
}

/// The first bare priority level word in `lowered` ("minor", "high", "crítico"), wherever it is.
/// Only for places where a priority is expected.
pub fn level_word(lowered: &str) -> Option<Priority> {
    PRIORITY_LEVELS.earliest(lowered).map(|(_, (_, level))| *level)
}

/// True for words that only say how urgent something is ("high", "priorité", "p1").
pub fn is_priority_word(lowered_word: &str) -> bool {
    PRIORITY_NOUNS.contains(&lowered_word)
        || PRIORITY_LEVELS.iter().any(|(level, _)| *level == lowered_word)
        || matches!(lowered_word, "p0" | "p1" | "p2" | "p3")
}

/// Removes a leading priority tag: "P1: …", "[HIGH] …", "🔴 P0 - …", "(critical) …".
pub fn strip_priority_tag(text: &str) -> &str {
    let text = trailing_tag(text).map_or(text, |(_, before)| before);
    let mut rest = text.trim_start();
    for circle in ["🔴", "🟠", "🟡", "🟢"] {
        rest = rest.strip_prefix(circle).unwrap_or(rest).trim_start();
    }
    let lowered = lowercase_keep_offsets(rest);
    let word_end =
        lowered.find(|c: char| !c.is_alphanumeric() && c != '[' && c != '(').unwrap_or(lowered.len());
    let word = lowered[..word_end].trim_matches(['[', '(']);
    let tail = &rest[word_end..];
    // "P1 Foo" is a tag; "High availability" is not, "HIGH: Foo" and "[high] Foo" are.
    let separated = matches!(word, "p0" | "p1" | "p2" | "p3")
        || tail.trim_start().starts_with([']', ')', ':', '-', '–', '—'])
        || lowered.starts_with(['[', '(']);
    if word_end > 0 && separated && is_priority_word(word) && !PRIORITY_NOUNS.contains(&word) {
        let after = tail.trim_start_matches([']', ')', ':', '-', '–', '—', ' ']);
        if !after.is_empty() {
            return after;
        }
    }
    rest
}

/// A priority tag closing a title: "No authentication (CRITICAL)", "Rotate keys [P1]". Returns
/// the priority and the title before the tag.
pub fn trailing_tag(text: &str) -> Option<(Priority, &str)> {
    let trimmed = text.trim_end().trim_end_matches('*').trim_end();
    let close = trimmed.chars().next_back()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let at = trimmed.rfind(open)?;
    let inner = &trimmed[at + open.len_utf8()..trimmed.len() - close.len_utf8()];
    let before = trimmed[..at].trim_end();
    if before.is_empty() || inner.split_whitespace().count() > 3 {
        return None;
    }
    // "(HIGH)", "(P1)", or keyed: "(Priority: High)", "(PRIORITÀ: ALTA/Media)".
    let keyed = inner.split_once([':', '：']).filter(|(key, _)| {
        PRIORITY_KEYS.contains(&strip_markers(key).trim().trim_matches('*').to_lowercase().as_str())
    });
    let priority = match keyed {
        Some((_, value)) => priority_value(value),
        None => priority_value(inner).filter(|_| {
            is_priority_word(&strip_markers(inner).to_lowercase()) || p_code(&inner.to_lowercase()).is_some()
        }),
    }?;
    Some((priority, before))
}

/// A priority given as a value: "High - Manual deployment process", "P1", "CRITICAL for production".
pub fn priority_value(text: &str) -> Option<Priority> {
    let cleaned = strip_markers(text).to_lowercase();
    let first = cleaned.split(|c: char| !c.is_alphanumeric() && c != '\'').find(|word| !word.is_empty());
    first
        .and_then(|word| {
            PRIORITY_LEVELS
                .iter()
                .chain(PRIORITY_VALUES)
                .find(|(level, _)| *level == word)
                .map(|(_, level)| *level)
        })
        .or_else(|| priority_of(text))
}

/// 🔴 critical, 🟠 high, 🟡 medium, 🟢 low: only meaningful where a priority is expected.
pub fn circle_priority(text: &str) -> Option<Priority> {
    text.chars()
        .find_map(|c| PRIORITY_CIRCLES.iter().find(|(circle, _)| *circle == c).map(|(_, level)| *level))
}

fn p_code(lowered: &str) -> Option<Priority> {
    P_CODES.earliest(lowered).map(|(_, (_, level))| *level)
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_boundary(text: &str, mut index: usize) -> usize {
    while index < text.len() && !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

/// The verdict a phrase states, if any.
pub fn verdict_of(text: &str) -> Option<Verdict> {
    let mut lowered = text.to_lowercase().replace('_', " ");
    // Most lines hold no verdict word at all: one automaton pass says so before the phrase
    // search (hundreds of whole-word searches) runs.
    if !verdict_words().is_match(&lowered) {
        return None;
    }
    // "Go/No-Go Summary" names the decision, not its outcome.
    lowered = DECISION_NAMES.blank_out(lowered);
    let (at, verdict) =
        VERDICTS.iter().find_map(|(phrase, verdict)| find_word(&lowered, phrase).map(|at| (at, *verdict)))?;
    if verdict != Verdict::Ready {
        return Some(verdict);
    }
    // "NIET DEPLOYMENT-READY", "не готов": a negation just before the ready word turns it.
    let before = lowered[..at].trim_end();
    // The two words before it ("niet deployment-ready", "not yet ready").
    let near: Vec<&str> =
        before.rsplit(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).take(2).collect();
    let negated =
        near.iter().any(|word| NEGATIONS_BEFORE.contains(&word.trim_matches(|c: char| !c.is_alphanumeric())))
            || before.chars().next_back().is_some_and(|c| matches!(c, '未' | '不'));
    if negated {
        return Some(Verdict::NotReady);
    }
    // "Production Ready с критическими замечаниями", "SIAP PRODUCTION SETELAH KONFIGURASI".
    let after = &lowered[at..];
    if mentions(&lowered, &READY_QUALIFIERS) || mentions(after, &AFTER_WORDS) {
        return Some(Verdict::Conditional);
    }
    Some(Verdict::Ready)
}

/// Every verdict phrase in one automaton (substring matches: a prefilter, whole words are
/// checked after).
fn verdict_words() -> &'static aho_corasick::AhoCorasick {
    static WORDS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        aho_corasick::AhoCorasick::new(VERDICTS.iter().map(|(phrase, _)| *phrase))
            .expect("BUG: the verdict phrases build an automaton")
    })
}

/// [`verdict_of`] for prose: only a verdict said in so many words ("ready for production", "not
/// ready", "готов к production"), never a lone "ready" or "approved".
pub fn stated_verdict_of(text: &str) -> Option<Verdict> {
    let lowered = text.to_lowercase();
    if !verdict_words().is_match(&lowered) {
        return None;
    }
    let phrased = VERDICTS.iter().any(|(phrase, _)| {
        (phrase.contains(' ') || phrase.chars().any(is_dense_script)) && find_word(&lowered, phrase).is_some()
    });
    phrased.then(|| verdict_of(text)).flatten()
}

/// A yes or no answer ("YES ✅", "Nein") as a verdict: yes is ready, no is not.
pub fn yes_no(value: &str) -> Option<Verdict> {
    let cleaned = strip_markers(value).to_lowercase();
    let first = cleaned.split(|c: char| !c.is_alphanumeric()).find(|word| !word.is_empty())?;
    if YES_WORDS.contains(&first) {
        Some(Verdict::Ready)
    } else if NO_WORDS.contains(&first) {
        Some(Verdict::NotReady)
    } else {
        None
    }
}

/// True when `lowered` contains any of `words` as whole words.
pub fn mentions(lowered: &str, words: &WordList<&'static str>) -> bool {
    words.found_in(lowered)
}

/// Every category keyword in one automaton, with the category and weight of each pattern.
struct KeywordIndex {
    automaton: aho_corasick::AhoCorasick,
    /// Per pattern: (index into CATEGORIES, weight).
    patterns: Vec<(usize, u32)>,
}

fn keyword_index() -> &'static KeywordIndex {
    static INDEX: std::sync::OnceLock<KeywordIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut words = Vec::new();
        let mut patterns = Vec::new();
        for (index, category) in CATEGORIES.iter().enumerate() {
            for keyword in category.keywords {
                words.push(*keyword);
                patterns.push((index, if keyword.contains(' ') { 2 } else { 1 }));
            }
        }
        let automaton =
            aho_corasick::AhoCorasick::new(&words).expect("BUG: the taxonomy keywords build an automaton");
        KeywordIndex { automaton, patterns }
    })
}

/// The taxonomy category `text` is about, if its keywords say so clearly.
///
/// Each distinct keyword found as whole words adds its weight (multi-word phrases 2, words 1);
/// the highest total wins, and on a tie the category whose keyword appears first.
pub fn category_of(text: &str) -> Option<&'static str> {
    // Lowercase with emphasis marks as spaces, in one pass (this runs for most blocks).
    let lowered: String = lowercase_keep_offsets(text)
        .chars()
        .map(|c| if matches!(c, '*' | '`' | '_') { ' ' } else { c })
        .collect();
    let lowered = NOT_CATEGORY_PHRASES.blank_out(lowered);
    let index = keyword_index();
    // A line matches a handful of keywords: a short list beats a flag per keyword (hundreds).
    let mut seen: Vec<usize> = Vec::new();
    // Per category: total weight and first position.
    let mut totals = [(0u32, usize::MAX); 32];
    for found in index.automaton.find_overlapping_iter(&lowered) {
        let pattern = found.pattern().as_usize();
        if seen.contains(&pattern) || !is_word_boundary(&lowered, found.start(), found.end()) {
            continue;
        }
        seen.push(pattern);
        let (category, weight) = index.patterns[pattern];
        if let Some(total) = totals.get_mut(category) {
            total.0 += weight;
            total.1 = total.1.min(found.start());
        }
    }
    totals
        .iter()
        .take(CATEGORIES.len())
        .enumerate()
        .filter(|(_, (weight, _))| *weight > 0)
        .max_by(|(_, (wa, fa)), (_, (wb, fb))| wa.cmp(wb).then(fb.cmp(fa)))
        .map(|(index, _)| CATEGORIES[index].key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_aside_keyed_by_priority_tags_the_item() {
        assert_eq!(trailing_tag("Language (Priority: High)"), Some((Priority::High, "Language")));
        assert_eq!(
            trailing_tag("**Controllo link** (PRIORITÀ: ALTA)"),
            Some((Priority::High, "**Controllo link**"))
        );
        assert_eq!(trailing_tag("Uptime (Target: 99.9%)"), None);
    }

    #[test]
    fn priorities_in_each_language() {
        let cases = [
            ("Critical", Priority::Critical),
            ("Hoch", Priority::High),
            ("Haute", Priority::High),
            ("Alta", Priority::High),
            ("Media", Priority::Medium),
            ("Bassa", Priority::Low),
            ("Hoog", Priority::High),
            ("Wysoki", Priority::High),
            ("Yüksek", Priority::High),
            ("Tinggi", Priority::High),
            ("Trung bình", Priority::Medium),
            ("Критический", Priority::Critical),
            ("Высокий", Priority::High),
            ("Середній", Priority::Medium),
            ("高", Priority::High),
            ("🔴 高", Priority::High),
            ("严重", Priority::Critical),
            ("緊急", Priority::Critical),
            ("높음", Priority::High),
            ("낮음", Priority::Low),
            ("Must", Priority::Critical),
        ];
        for (value, priority) in cases {
            assert_eq!(priority_value(value), Some(priority), "{value}");
        }
        assert_eq!(priority_of("高优先级问题"), Some(Priority::High));
        assert_eq!(priority_of("Приоритет: высокий"), Some(Priority::High));
        assert_eq!(priority_of("우선순위 높음"), Some(Priority::High));
        assert_eq!(priority_of("其中的问题"), None, "a single character inside text is no priority");
        assert_eq!(priority_of("優先度: 高"), Some(Priority::High));
        assert_eq!(priority_of("優先級：中"), Some(Priority::Medium));
    }

    #[test]
    fn verdicts_in_each_language() {
        let cases = [
            ("НЕ ГОТОВ К PRODUCTION", Verdict::NotReady),
            ("Готов к production", Verdict::Ready),
            ("CONDITIONAL GO", Verdict::Conditional),
            ("APPROVED FOR PRODUCTION", Verdict::Ready),
            ("즉시 오픈 가능", Verdict::Ready),
            ("조건부 승인", Verdict::Conditional),
            ("尚未就绪", Verdict::NotReady),
            ("生产就绪", Verdict::Ready),
            ("条件付きで本番可", Verdict::Conditional),
            ("Non pronto per la produzione", Verdict::NotReady),
            ("Pronto per la produzione", Verdict::Ready),
            ("Niet klaar voor productie", Verdict::NotReady),
            ("Hazır değil", Verdict::NotReady),
            ("Chưa sẵn sàng", Verdict::NotReady),
            ("Belum siap", Verdict::NotReady),
        ];
        for (text, verdict) in cases {
            assert_eq!(verdict_of(text), Some(verdict), "{text}");
        }
    }

    #[test]
    fn a_tag_closing_a_title_is_its_priority() {
        assert_eq!(
            trailing_tag("No authentication (CRITICAL)"),
            Some((Priority::Critical, "No authentication"))
        );
        assert_eq!(trailing_tag("**Rotate keys [P1]**"), Some((Priority::High, "**Rotate keys")));
        assert_eq!(trailing_tag("High availability (HA)"), None, "an aside that is no priority");
        assert_eq!(trailing_tag("Deploy (two steps, then verify)"), None);
        assert_eq!(strip_priority_tag("No authentication (CRITICAL)"), "No authentication");
    }

    #[test]
    fn words_in_scripts_without_spaces_match_inside_text() {
        assert!(contains_word("总体评分：72/100", "总体"));
        assert!(contains_word("우선순위는 높음", "우선순위"));
        assert!(!contains_word("overallscore", "overall"), "Latin words still need their boundaries");
    }

    #[test]
    fn markers_and_words_give_statuses() {
        assert_eq!(status_of("✅ **EXCELLENT**"), Some(Signal::Good));
        assert_eq!(status_of("❌ **CRITICAL - No Pipeline Exists**"), Some(Signal::Critical));
        assert_eq!(status_of("⚠️ Not configured"), Some(Signal::Missing));
        assert_eq!(status_of("🟡 Partial"), Some(Signal::Partial));
        assert_eq!(status_of("🔴 **MISSING**"), Some(Signal::Missing));
        assert_eq!(status_of("no opinion here"), None);
        assert_eq!(first_marker("Frontend Build ✅ EXCELLENT").map(|m| m.0), Some(Signal::Good));
    }

    #[test]
    fn priorities_come_from_many_notations() {
        assert_eq!(priority_of("P0: no backups"), Some(Priority::Critical));
        assert_eq!(priority_of("High Priority (SHOULD FIX)"), Some(Priority::High));
        assert_eq!(priority_of("Medium Priority (NICE TO HAVE)"), Some(Priority::Medium));
        assert_eq!(priority_of("Critical Blockers (MUST FIX)"), Some(Priority::Critical));
        assert_eq!(priority_of("Week 1: Monitoring (2 days) 🔴 CRITICAL"), Some(Priority::Critical));
        assert_eq!(priority_of("Week 3: Deployment (3 days) 🟡 HIGH"), Some(Priority::High));
        assert_eq!(priority_of("Immediate (Non-Critical)"), Some(Priority::Low));
        assert_eq!(priority_of("Medium-Priority: 1"), Some(Priority::Medium));
        assert_eq!(priority_of("Priorité haute"), Some(Priority::High));
        assert_eq!(priority_of("Prioridad: baja"), Some(Priority::Low));
        assert_eq!(priority_of("Priorität: hoch"), Some(Priority::High));
        assert_eq!(priority_of("🟢 tidy the README"), Some(Priority::Low));
        assert_eq!(priority_of("High availability setup"), None);
        assert_eq!(priority_value("High - Manual deployment process"), Some(Priority::High));
        assert_eq!(priority_value("Medium (current setup works)"), Some(Priority::Medium));
        assert_eq!(priority_value("CRITICAL for production"), Some(Priority::Critical));
        assert_eq!(strip_priority_tag("P1: Container images run as root"), "Container images run as root");
        assert_eq!(strip_priority_tag("🔴 P0 - No backups"), "No backups");
        assert_eq!(strip_priority_tag("[HIGH] Rotate keys"), "Rotate keys");
        assert_eq!(strip_priority_tag("High availability"), "High availability");
        assert_eq!(priority_of("Scaling Plan"), None);
    }

    #[test]
    fn verdicts_prefer_the_negated_phrase() {
        assert_eq!(verdict_of("⚠️ NOT PRODUCTION READY"), Some(Verdict::NotReady));
        assert_eq!(verdict_of("PRODUCTION READY ✅"), Some(Verdict::Ready));
        assert_eq!(verdict_of("Conditionally ready: fix backups first"), Some(Verdict::Conditional));
        assert_eq!(verdict_of("Prêt pour la production"), Some(Verdict::Ready));
        assert_eq!(verdict_of("Already at the stage"), None);
    }

    #[test]
    fn categories_come_from_keywords() {
        assert_eq!(category_of("1. CI/CD Pipeline Assessment"), Some("ci_cd"));
        assert_eq!(category_of("4. Database Migration & Deployment Strategy"), Some("data"));
        assert_eq!(category_of("Monitoring & Logging"), Some("observability"));
        assert_eq!(category_of("🐳 Docker Setup"), Some("containers"));
        assert_eq!(category_of("Sauvegardes et restauration"), Some("data"));
        assert_eq!(category_of("Executive Summary"), None);
        assert_eq!(category_of("10. QUALITY METRICS"), None);
        assert_eq!(category_of("Metrics collection"), Some("observability"));
    }

    #[test]
    fn words_match_whole_words_only() {
        assert!(contains_word("no ci pipeline", "ci"));
        assert!(!contains_word("circleci", "ci"));
        assert!(!contains_word("decision", "ci"));
        assert_eq!(find_word("é ci", "ci"), Some(3));
        let tricky = "İstanbul ẞ Level 3";
        assert_eq!(lowercase_keep_offsets(tricky).len(), tricky.len());
    }

    #[test]
    fn a_ready_word_is_turned_by_its_negation_and_qualified_by_its_conditions() {
        assert_eq!(verdict_of("Huidige Status: NIET DEPLOYMENT-READY"), Some(Verdict::NotReady));
        assert_eq!(verdict_of("Not yet ready"), Some(Verdict::NotReady));
        assert_eq!(verdict_of("Production Ready с критическими замечаниями"), Some(Verdict::Conditional));
        assert_eq!(verdict_of("SIAP PRODUCTION SETELAH KONFIGURASI"), Some(Verdict::Conditional));
        assert_eq!(verdict_of("GO_WITH_RISK"), Some(Verdict::Conditional));
        assert_eq!(verdict_of("GẦN SẴN SÀNG (85/100 điểm)"), Some(Verdict::Conditional));
        assert_eq!(verdict_of("Go/No-Go Executive Summary"), None, "the decision's name, not its outcome");
        assert_eq!(verdict_of("Jüri sunumuna hazır"), Some(Verdict::Ready));
        assert_eq!(yes_no("YES ✅"), Some(Verdict::Ready));
        assert_eq!(yes_no("Nein"), Some(Verdict::NotReady));
    }

    #[test]
    fn prose_states_a_verdict_only_in_so_many_words() {
        assert_eq!(stated_verdict_of("Проект оптимизирован и готов к production."), Some(Verdict::Ready));
        assert_eq!(stated_verdict_of("The cache is ready and warm."), None);
        assert_eq!(stated_verdict_of("Two items are approved."), None);
    }

    /// One line per language of issue 15: a priority value, a ready and a not-ready verdict,
    /// and a done state, each read by the one lexicon.
    #[test]
    fn every_language_has_its_priorities_verdicts_and_done_states() {
        let languages: [(&str, &str, Priority, &str, &str, &str); 16] = [
            ("en", "High", Priority::High, "Ready for production", "Not ready", "Fixed"),
            ("de", "Hoch", Priority::High, "Produktionsreif", "Nicht bereit", "Behoben"),
            ("fr", "Critique", Priority::Critical, "Prêt pour la production", "Pas prêt", "Corrigé"),
            ("es", "Alta", Priority::High, "Listo para producción", "No está listo", "Resuelto"),
            ("pt", "Média", Priority::Medium, "Pronto para produção", "Não está pronto", "Resolvido"),
            ("it", "Bassa", Priority::Low, "Pronto per la produzione", "Non pronto", "Risolto"),
            ("nl", "Hoog", Priority::High, "Klaar voor productie", "Niet klaar", "Opgelost"),
            ("pl", "Krytyczny", Priority::Critical, "Gotowy do produkcji", "Nie jest gotowy", "Naprawione"),
            ("tr", "Yüksek", Priority::High, "Üretime hazır", "Hazır değil", "Çözüldü"),
            ("ru", "Высокий", Priority::High, "Готов к production", "Не готов", "Исправлено"),
            ("uk", "Критичний", Priority::Critical, "Готовий до production", "Не готовий", "Виправлено"),
            ("zh", "高", Priority::High, "生产就绪", "未就绪", "已修复"),
            ("ja", "緊急", Priority::Critical, "本番稼働可能", "本番不可", "対応済"),
            ("ko", "높음", Priority::High, "운영 가능", "준비되지 않음", "완료"),
            ("vi", "Cao", Priority::High, "Sẵn sàng cho production", "Chưa sẵn sàng", "Đã sửa"),
            ("id", "Tinggi", Priority::High, "Siap produksi", "Belum siap", "Selesai"),
        ];
        for (language, priority, level, ready, not_ready, done) in languages {
            assert_eq!(priority_value(priority), Some(level), "{language}: {priority}");
            assert_eq!(verdict_of(ready), Some(Verdict::Ready), "{language}: {ready}");
            assert_eq!(verdict_of(not_ready), Some(Verdict::NotReady), "{language}: {not_ready}");
            let state = done.to_lowercase();
            assert!(DONE_STATES.iter().any(|word| find_word(&state, word).is_some()), "{language}: {done}");
        }
    }
}
