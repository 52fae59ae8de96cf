//! The reading rules: which words make a section a summary, a list of strengths or gaps, a
//! priority or a state, and the small judgements built on them.

use super::super::blocks::{Block, BlockKind};
use super::super::lexicon::words::*;
use super::super::lexicon::{
    Signal, contains_word, first_marker, is_dense_script, is_priority_word, level_word, priority_of,
    priority_value, status_of, status_word, strip_markers, strip_priority_tag,
};
use super::super::numbers::effort_hours;
use super::super::text::{
    clean_title, is_bare_id, is_generic_title, mentions, split_key_value, strip_parentheses, truncate,
};
use super::tree::Section;
use super::{Context, Label, Role};
use crate::domain::snapshot::{CategoryStatus, ChecklistState, Priority};

pub(super) fn is_none_found(text: &str) -> bool {
    let plain = strip_markers(text);
    let Some((_, value)) = plain.rsplit_once(':') else { return false };
    let value = value.trim().trim_matches('*').trim().to_lowercase();
    NONE_VALUES.contains(&value.as_str())
}

/// What role a label or heading text assigns, if any. Coloured circles count as priorities only
/// where priorities are expected; elsewhere they are statuses.
pub(super) fn role_of(text: &str, in_priority_context: bool) -> Option<(Role, Option<Priority>)> {
    let words = strip_markers(text);
    let lowered = words.to_lowercase();
    if mentions(&lowered, &STRENGTH_WORDS) {
        return Some((Role::Strengths, None));
    }
    if is_none_found(text) {
        return Some((Role::Ignore, None));
    }
    let priority = if in_priority_context { priority_of(text) } else { priority_of(&words) };
    // "SEVERITY: CRITICAL (MUST FIX BEFORE PRODUCTION)" is a tier of findings; "Do not deploy
    // until at minimum:" without a priority lists conditions to meet.
    if mentions(&lowered, &REQUIRED_WORDS) && priority.is_none() {
        return Some((Role::Required, None));
    }
    // "✅ All High-Risk Issues Resolved", "Fixed Issues": findings that are done, not open.
    if mentions(&lowered, &GAP_WORDS)
        && mentions(&lowered, &DONE_STATES)
        && !mentions(&lowered, &NOT_DONE_STATES)
        && !mentions(&lowered, &STILL_TO_DO)
    {
        return Some((Role::State(ChecklistState::Done), None));
    }
    if mentions(&lowered, &GAP_WORDS) {
        // "Minor Gaps", "High Issues": next to a gap word a bare level word is a priority.
        return Some((Role::Gaps, priority.or_else(|| level_word(&lowered))));
    }
    if let Some(priority) = priority {
        return Some((Role::Gaps, Some(priority)));
    }
    if mentions(&lowered, &MISSING_WORDS) {
        return Some((Role::State(ChecklistState::Missing), None));
    }
    if mentions(&lowered, &PARTIAL_WORDS) {
        return Some((Role::State(ChecklistState::Partial), None));
    }
    if mentions(&lowered, &DONE_WORDS) {
        return Some((Role::State(ChecklistState::Done), None));
    }
    match first_marker(text).map(|(signal, ..)| signal) {
        Some(Signal::Good) => Some((Role::State(ChecklistState::Done), None)),
        Some(Signal::Partial) => Some((Role::State(ChecklistState::Partial), None)),
        Some(Signal::Missing | Signal::Critical) => Some((Role::State(ChecklistState::Missing), None)),
        None => None,
    }
}

/// Whether a title names one finding by its list noun and number ("Gap #1: Missing Caching",
/// "Issue 3 – No backups", "Проблема 2: нет бэкапов"): the noun says what it is, not that a
/// list of them follows, so the heading is that finding.
pub(super) fn is_numbered_finding(title: &str) -> bool {
    let lowered = title.to_lowercase();
    FINDING_NOUNS.iter().any(|noun| {
        let Some(rest) = lowered.strip_prefix(noun) else { return false };
        let rest = rest.trim_start().trim_start_matches(['#', '№']);
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let subject = rest[digits..].trim_start_matches([':', '：', '.', ')', '-', '–', '—', ' ']);
        digits > 0 && subject.chars().any(char::is_alphabetic)
    })
}

pub(super) fn state_of(signal: Signal) -> ChecklistState {
    match signal {
        Signal::Good => ChecklistState::Done,
        Signal::Partial => ChecklistState::Partial,
        Signal::Missing | Signal::Critical => ChecklistState::Missing,
    }
}

pub(super) fn category_status(signal: Signal) -> CategoryStatus {
    match signal {
        Signal::Good => CategoryStatus::Good,
        Signal::Partial => CategoryStatus::Partial,
        Signal::Missing => CategoryStatus::Missing,
        Signal::Critical => CategoryStatus::Critical,
    }
}

/// A priority a heading states. Status headings ("Current State 🔴 MISSING") are not priorities:
/// outside a priority context a heading with a status emoji needs an explicit priority word.
pub(super) fn heading_priority(raw: &str, in_priority_context: bool) -> Option<Priority> {
    let lowered = strip_markers(raw).to_lowercase();
    if is_generic_title(&clean_title(raw)) {
        return None;
    }
    let explicit = mentions(&lowered, &PRIORITY_HEADING_WORDS);
    if first_marker(raw).is_some() && !explicit && !in_priority_context {
        return None;
    }
    let words_only = strip_markers(raw);
    priority_of(&words_only).or_else(|| {
        // Among findings, "### High: No backups" opens with its priority as a tag.
        in_priority_context
            .then(|| {
                priority_of(raw).or_else(|| leading_level(words_only.trim_start()).map(|tag| tag.priority))
            })
            .flatten()
    })
}

/// The subject of a heading or label once priority words, effort asides and numbering are gone;
/// empty for a pure label such as "CRITICAL (Do First - 1-2 weeks)" or "Medium-Priority: 1".
pub(super) fn gap_subject(raw: &str) -> String {
    let title = strip_parentheses(&clean_title(raw));
    let words: Vec<&str> = title
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '-' | '–' | '—' | '/' | ',' | '、'))
        .filter(|w| !w.is_empty())
        .collect();
    let meaningful = words.iter().any(|word| {
        let lower = word.to_lowercase();
        // "緊急", "高優先級": a priority written in a script without spaces is one word.
        let dense_priority = word.chars().any(is_dense_script) && priority_of(word).is_some();
        // "SEVERITY: CRITICAL" names a tier as much as "Critical Issues" does.
        let list_word = GAP_LIST_NOUNS.contains(&lower.as_str())
            || is_priority_word(&lower)
            || PRIORITY_KEYS.contains(&lower.as_str())
            || dense_priority;
        !list_word && word.chars().any(char::is_alphabetic)
    });
    if meaningful { title } else { String::new() }
}

/// True when `title` says nothing but a state ("Implemented", "Could Be Improved", "Optimized").
pub(super) fn is_state_only(title: &str) -> bool {
    let lowered = title.to_lowercase();
    if status_word(&lowered).is_none()
        && !mentions(&lowered, &MISSING_WORDS)
        && !mentions(&lowered, &DONE_WORDS)
    {
        return false;
    }
    lowered.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).all(|word| {
        STATE_FILLER.contains(&word)
            || status_word(word).is_some()
            || MISSING_WORDS.contains(&word)
            || DONE_WORDS.contains(&word)
    })
}

/// The label a `Label:` line sets for the list after it. A checklist-state label ("✅ Excellent
/// test infrastructure:") does not turn a Strengths or Gaps section into a checklist.
pub(super) fn label_for(text: &str, ctx: &Context<'_>) -> Option<Label> {
    let in_priority_context = ctx.priority_container || ctx.role == Role::Gaps;
    let (role, priority) = role_of(text, in_priority_context)?;
    if matches!(role, Role::State(_)) && matches!(ctx.role, Role::Strengths | Role::Gaps) {
        return None;
    }
    Some(Label { role, priority })
}

/// True when `text` has something to read: a letter or a digit.
pub(super) fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// A title without a trailing effort aside: "Set up backups (2 days)" -> "Set up backups".
pub(super) fn without_effort(title: &str) -> String {
    let trimmed = title.trim();
    if let Some(open) = trimmed.rfind('(')
        && trimmed.ends_with(')')
        && effort_hours(&trimmed[open..]).is_some()
        && open > 0
    {
        return trimmed[..open].trim_end().to_owned();
    }
    trimmed.to_owned()
}

/// Splits a line into sentences when it holds several `Key: value` facts; otherwise the line.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    if text.matches(':').count() < 2 {
        return vec![text];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (index, _) in text.match_indices(". ") {
        let next = text[index + 2..].chars().next();
        let after_digit =
            index > 0 && bytes[index - 1].is_ascii_digit() && next.is_some_and(|c| c.is_ascii_digit());
        if next.is_some_and(char::is_uppercase) && !after_digit {
            out.push(&text[start..=index]);
            start = index + 2;
        }
    }
    out.push(&text[start..]);
    out
}

/// A status on a heading: words ("EXCELLENT", "MISSING") or an emoji.
pub(super) fn heading_status(raw: &str) -> Option<Signal> {
    first_marker(raw)?;
    status_of(raw)
}

/// A status word standing as the whole value ("Partial", "Not configured", "Excellent (90%)"),
/// not one inside a phrase ("Critical flows").
pub(super) fn status_word_value(value: &str) -> Option<Signal> {
    let cleaned = strip_parentheses(&clean_title(value)).to_lowercase();
    let cleaned = cleaned.trim_matches(|c: char| !c.is_alphanumeric());
    let signal = status_word(cleaned)?;
    let rest = cleaned
        .split_whitespace()
        .filter(|word| status_word(word).is_none() && !matches!(*word, "not" | "needs" | "in" | "well"))
        .count();
    (rest == 0).then_some(signal)
}

/// An explicit priority tag on an item: "P1: …", "[HIGH] …", "(critical)", "🔴 …", "… (HIGH)".
pub(super) fn tagged_priority(text: &str) -> Option<Priority> {
    let trimmed = text.trim_start();
    let lowered = trimmed.to_lowercase();
    let head: String = lowered.chars().take(12).collect();
    if P_CODES.iter().any(|(code, _)| head.starts_with(code))
        || head.starts_with('[')
        || head.starts_with('(')
    {
        return priority_of(&head);
    }
    if PRIORITY_CIRCLES.iter().any(|(circle, _)| trimmed.starts_with(*circle)) {
        return super::super::lexicon::circle_priority(trimmed);
    }
    // "CRITICAL: …" in capitals is a tag wherever it stands; "High: …" only where gaps are listed
    // (see own_priority), because in prose a capitalised word before a colon is often a label.
    leading_level(trimmed)
        .filter(|tag| tag.shouted)
        .map(|tag| tag.priority)
        .or_else(|| super::super::lexicon::trailing_tag(trimmed).map(|(priority, _)| priority))
}

/// A level word an item opens with, set off as a tag: "CRITICAL: …", "High – …", "[low] …".
struct LeadingLevel {
    priority: Priority,
    /// Written in capitals.
    shouted: bool,
}

/// The tag [`strip_priority_tag`] takes off an item's title, read as the priority it names (so
/// a title never loses a priority the gap then lacks).
fn leading_level(trimmed: &str) -> Option<LeadingLevel> {
    let rest = strip_priority_tag(trimmed);
    let tag = trimmed.get(..trimmed.len().checked_sub(rest.len())?)?;
    let word: String = tag.chars().filter(|c| c.is_alphanumeric()).collect();
    let priority = level_word(&word.to_lowercase()).or_else(|| priority_of(tag))?;
    Some(LeadingLevel { priority, shouted: word.chars().all(|c| !c.is_lowercase()) })
}

/// A priority written on the item itself (a tag, or "Priority: high" anywhere in it), which
/// beats its list's.
pub(super) fn own_priority(text: &str) -> Option<Priority> {
    tagged_priority(text).or_else(|| leading_level(text.trim_start()).map(|tag| tag.priority)).or_else(|| {
        let words = strip_markers(text);
        mentions(&words.to_lowercase(), &PRIORITY_KEYS).then(|| priority_of(&words)).flatten()
    })
}

/// Whether a marker at `at` opens the item or its value ("✅ Docker", "Caching: 🟡 Partial").
pub(super) fn marker_leads(text: &str, at: usize) -> bool {
    let before = text[..at].trim();
    before.is_empty() || before.ends_with(':') || before.split_whitespace().count() <= 4
}

/// An item's text without its markers; for "Key: ✅ value" keeps both sides.
pub(super) fn clean_item(text: &str) -> String {
    match split_key_value(text) {
        Some((key, value)) if !clean_title(&value).is_empty() => {
            format!("{}: {}", clean_title(&key), clean_title(&value))
        }
        _ => clean_title(text),
    }
}

/// "TopSmile - DevOps & Infrastructure Review" -> "TopSmile";
/// "DevOps Maturity Review: Orion Search" -> "Orion Search".
pub(super) fn project_from_title(title: &str) -> Option<String> {
    for separator in [" - ", " — ", " – ", ": "] {
        let Some(at) = title.find(separator) else { continue };
        let (left, right) = (&title[..at], &title[at + separator.len()..]);
        let left_is_report = mentions(&left.to_lowercase(), &REPORT_WORDS);
        let right_is_report = mentions(&right.to_lowercase(), &REPORT_WORDS);
        let name = match (left_is_report, right_is_report) {
            (false, true) => left,
            (true, false) => right,
            _ => continue,
        };
        let name = strip_parentheses(&clean_title(name));
        if !name.is_empty() && name.split_whitespace().count() <= 5 && name.len() <= 60 {
            return Some(name);
        }
    }
    None
}

/// "Name - rest" / "Name — rest" / "Name: rest" with a short name.
pub(super) fn split_name(text: &str) -> Option<(String, &str)> {
    for separator in [" - ", " — ", " – ", ": "] {
        if let Some(at) = text.find(separator) {
            let name = clean_title(&text[..at]);
            if !name.is_empty() && name.split_whitespace().count() <= 5 && name.len() <= 60 {
                return Some((name, &text[at + separator.len()..]));
            }
        }
    }
    None
}

/// The project name from a "Project:" value: "Americano - AI-Powered Medical Education Platform"
/// gives "Americano".
pub(super) fn project_name_from(value: &str) -> Option<String> {
    let name = split_name(value).map_or_else(|| value.to_owned(), |(name, _)| name);
    let name = name.trim();
    (!name.is_empty()).then(|| truncate(name, 120))
}

/// What a table's header says its columns are, classified once per table: the column that
/// names the finding, the one that describes it, those that group rows, and the score, status,
/// priority and effort columns (named with the words of `Key: value` lines: a "Severidad"
/// column is as much a priority as "Severidad: Alta", plus a few words only tables use).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Columns {
    pub(super) title: Option<usize>,
    pub(super) description: Option<usize>,
    /// Per column: it groups rows (category, area, file) in a findings table.
    pub(super) grouping: Vec<bool>,
    pub(super) score: Option<usize>,
    pub(super) status: Option<usize>,
    pub(super) priority: Option<usize>,
    /// The priority column is named for the harm ("Impact", "Risk"): its cells may be prose.
    pub(super) priority_is_impact: bool,
    pub(super) effort: Option<usize>,
    /// Per column: its figures are weights, targets or deltas, not scores.
    pub(super) not_scores: Vec<bool>,
}

impl Columns {
    /// Classifies a header row (lowercased cells).
    pub(super) fn of(header: &[String]) -> Self {
        let column = |names: &[&str]| {
            header.iter().position(|cell| names.iter().any(|name| contains_word(cell, name)))
        };
        let priority = column(&PRIORITY_KEYS);
        // In a findings table (one with a priority column) the area is the finding's category;
        // in a table of scores it is what the row is about.
        let grouping = header
            .iter()
            .map(|name| priority.is_some() && GROUP_COLUMNS.iter().any(|word| contains_word(name, word)))
            .collect();
        Self {
            title: column(TITLE_COLUMNS),
            description: column(DESCRIPTION_COLUMNS),
            grouping,
            score: column(SCORE_COLUMNS),
            status: column(STATUS_KEYS).or_else(|| column(RESULT_COLUMNS)),
            priority,
            priority_is_impact: priority
                .and_then(|i| header.get(i))
                .is_some_and(|name| IMPACT_KEYS.contains(&name.trim())),
            effort: column(EFFORT_KEYS).or_else(|| column(HOURS_COLUMNS)),
            not_scores: header
                .iter()
                .map(|name| {
                    NOT_SCORE_COLUMNS.iter().chain(TARGET_WORDS.iter()).any(|word| contains_word(name, word))
                })
                .collect(),
        }
    }

    /// Whether a column's figures are weights, targets or deltas ("| Weight | Target |").
    pub(super) fn is_not_score(&self, index: usize) -> bool {
        self.not_scores.get(index).copied().unwrap_or(false)
    }

    /// Which cell of a row says what the row is about: the finding's column, else its
    /// description, else the first cell that is not a number, an id, a bare priority or a bare
    /// state, nor a column that groups rows ("| 2 | FIX-01 | No backups | 🔴 High |" is about
    /// "No backups").
    pub(super) fn title_cell(&self, cells: &[String]) -> usize {
        for named in [self.title, self.description] {
            if let Some(index) = named.filter(|&i| cells.get(i).is_some_and(|cell| is_meaningful_cell(cell)))
            {
                return index;
            }
        }
        let grouping = |i: usize| self.grouping.get(i).copied().unwrap_or(false);
        cells
            .iter()
            .enumerate()
            .position(|(i, cell)| !grouping(i) && is_meaningful_cell(cell))
            .or_else(|| cells.iter().position(|cell| is_meaningful_cell(cell)))
            .unwrap_or(0)
    }
}

/// Whether a cell could title its row: not an id, a number, or a bare priority or state.
pub(super) fn is_meaningful_cell(cell: &str) -> bool {
    let cleaned = strip_markers(cell);
    let words = cleaned.split_whitespace().count();
    let lowered = cleaned.to_lowercase();
    let bare_state = status_word(&lowered).is_some()
        || mentions(&lowered, &DONE_STATES)
        || mentions(&lowered, &NOT_DONE_STATES);
    !is_bare_id(&cleaned) && !(words <= 3 && (priority_value(cell).is_some() || bare_state))
}

/// Whether a row's state says it is done ("✅ Fixed", "Resolved", "已修复").
pub(super) fn row_is_done(cell: &str) -> bool {
    let lowered = strip_markers(cell).to_lowercase();
    if mentions(&lowered, &NOT_DONE_STATES) {
        return false;
    }
    // "✅ **READY**": a good marker that the words do not contradict ("Backend ready" alone
    // says one part is, not that the row is done).
    let good_marker = first_marker(cell).is_some_and(|(signal, ..)| signal == Signal::Good)
        && status_word(cell).is_none_or(|signal| signal == Signal::Good);
    mentions(&lowered, &DONE_STATES) || good_marker
}

/// Whether a heading among prioritized findings names a group of them rather than one: a short
/// title over nothing but two or more list items that are findings of their own, not the
/// heading's details ("### Frontend" over "- No lazy loading", "- Tokens in localStorage"; but not
/// "### No backups" over "- Impact: data loss", "- Fix: nightly dumps", nor a heading whose
/// prose says its impact before listing what is missing).
pub(super) fn is_group_heading(title: &str, body: &[&Block]) -> bool {
    let items: Vec<&Block> = body
        .iter()
        .copied()
        .filter(|block| matches!(block.kind, BlockKind::ListItem { depth: 0, task: None | Some(false), .. }))
        .collect();
    let details = items
        .iter()
        .filter(|item| {
            // The key must open the item: "P1 — Single VPS. … *Fix:* move" is a finding that
            // carries its fix, not a "Fix: …" detail; and a key that is a priority
            // ("**CRITICAL:** Enable branch protection") tags a finding of its own.
            split_key_value(&item.text).is_some_and(|(key, value)| {
                is_short_key(&key)
                    && !value.is_empty()
                    && priority_value(&key).is_none()
                    && strip_markers(&item.text).trim_start().starts_with(key.as_str())
            })
        })
        .count();
    // Any line of prose ("**Impact**: High", "Missing:") makes the heading a finding that the
    // list details.
    let only_items = body.iter().all(|block| matches!(block.kind, BlockKind::ListItem { .. }));
    let short_title = title.split_whitespace().count() <= 6;
    (only_items && items.len() >= 2 && details * 2 < items.len() && short_title)
        || (short_title && is_findings_table(body))
}

/// Whether a body is one table of findings: a header that names the finding's column
/// ("| # | Problema | Esfuerzo |") over two or more rows, with at most a line introducing it.
/// A table of `Field | Value` details under a finding names no such column.
fn is_findings_table(body: &[&Block]) -> bool {
    let mut rows = 0;
    let mut header = None;
    for block in body {
        match &block.kind {
            BlockKind::TableRow { header: true, cells } if header.is_none() => header = Some(cells),
            BlockKind::TableRow { header: false, .. } if header.is_some() => rows += 1,
            BlockKind::Line if header.is_none() && block.text.trim_end().ends_with(':') => {}
            _ => return false,
        }
    }
    let Some(header) = header else { return false };
    let lowered: Vec<String> = header.iter().map(|cell| cell.to_lowercase()).collect();
    rows >= 2 && Columns::of(&lowered).title.is_some()
}

/// Whether a key is a label of a word or two ("Impact", "Fix"); in a script written without
/// spaces ("影響", but not "増加布局级快照测试") a few characters.
fn is_short_key(key: &str) -> bool {
    let dense = key.chars().any(is_dense_script);
    key.split_whitespace().count() <= 2 && (!dense || key.chars().count() <= 6)
}

/// Whether a `Key: value` key (lowercased) names a state: "Status", "Estado actual", "CI status".
pub(super) fn is_status_key(key: &str) -> bool {
    let first_word = key.split_whitespace().next().unwrap_or("");
    STATUS_KEYS.contains(&key) || STATUS_KEYS.contains(&first_word) || key.ends_with(" status")
}

/// Whether a `Key: value` key (lowercased) asks for a verdict: "Verdict", "Production
/// readiness", "Overall assessment", "Enterprise ready".
pub(super) fn is_verdict_key(key: &str) -> bool {
    VERDICT_KEYS.contains(&key)
        || key.ends_with(" readiness")
        || key.ends_with(" assessment")
        || key.ends_with(" ready")
}

/// A priority a `Key: value` line states ("Severity: HIGH", "Impact: Критично").
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct KeyedPriority {
    pub(super) priority: Priority,
    /// The key names the harm ("Impact", "Risk"), which a priority key outranks.
    pub(super) impact: bool,
}

/// The priority a line states under a priority, severity or impact key, if any.
pub(super) fn keyed_priority(text: &str) -> Option<KeyedPriority> {
    let (key, value) = split_key_value(text)?;
    let key = key.to_lowercase();
    if !PRIORITY_KEYS.contains(&key.as_str()) {
        return None;
    }
    let priority = priority_value(&value)?;
    Some(KeyedPriority { priority, impact: IMPACT_KEYS.contains(&key.as_str()) })
}

/// The priority a finding's own body states for it, in its first lines ("**Severity:** 🔴 HIGH",
/// "**Ưu tiên:** P1", "- Priority: Critical"): a priority or severity key outranks an impact or
/// risk key ("**Impact:** Orta" after "**Severity:** HIGH" is the harm, not the priority).
pub(super) fn stated_priority(body: &[&Block]) -> Option<Priority> {
    let mut impact = None;
    for block in body.iter().take(STATED_PRIORITY_LINES) {
        let (BlockKind::Line | BlockKind::ListItem { depth: 0, task: None, .. }) = block.kind else {
            continue;
        };
        let Some(stated) = keyed_priority(&block.text) else { continue };
        if !stated.impact {
            return Some(stated.priority);
        }
        impact = impact.or(Some(stated.priority));
    }
    impact
}

/// Whether a heading that would be one finding instead groups the findings under it: they are
/// the gaps, with its priority (or its section's), and it is not one.
///
/// - a short heading over nothing but findings of its own, or over a findings table
///   ([`is_group_heading`]);
/// - "🔴 CRITICAL ISSUES – Must fix before production" over sections or a list: a tier of
///   findings ("Critical issue: no backups" names one);
/// - "## 🎯 Высокоприоритетные действия" with nothing of its own but sections under it
///   ("### ЭТАП 1: …") that are not its details ("#### Impact");
/// - "ФАЗА 1: КРИТИЧНОЕ (Неделя 1-2)" over open task boxes: each box is a finding to do,
///   whatever the phase's effort and closing "Результат:" line; but not a heading that tags one
///   finding ("8. Advanced Features (Priority: LOW)"), nor boxes after prose ("**Current:** Not
///   tested", "**Tasks:**"), which are that finding's steps.
///
/// Apart from task boxes, a heading that gives its own effort ("Week 1: Monitoring (2 days)") is
/// one work package, whatever its steps, unless the steps give their own effort ("1. Deploy
/// SPIRE" / "Effort: 2-3 h").
pub(super) fn groups_findings(
    raw: &str,
    title: &str,
    lowered: &str,
    own_role: Option<(Role, Option<Priority>)>,
    own_priority: Option<Priority>,
    subject: &str,
    section: &Section<'_>,
) -> bool {
    let body = &section.body;
    let depth_zero = |task: Option<bool>| {
        body.iter()
            .filter(|b| matches!(b.kind, BlockKind::ListItem { depth: 0, task: t, .. } if t == task))
            .count()
    };
    let introduced = || {
        body.iter()
            .take_while(|b| !matches!(b.kind, BlockKind::ListItem { .. }))
            .any(|b| b.kind == BlockKind::Line)
    };
    let tagged_finding = || {
        raw.trim_end()
            .strip_suffix(')')
            .and_then(|rest| rest.rsplit_once('('))
            .is_some_and(|(_, aside)| priority_of(aside).is_some())
    };
    if own_priority.is_some()
        && depth_zero(Some(false)) >= 2
        && depth_zero(None) == 0
        && !introduced()
        && !tagged_finding()
    {
        return true;
    }
    let steps_carry_effort = body.iter().any(|b| {
        matches!(b.kind, BlockKind::ListItem { depth: 1.., .. })
            && split_key_value(&b.text)
                .is_some_and(|(key, _)| EFFORT_KEYS.contains(&key.to_lowercase().as_str()))
    });
    if effort_hours(raw).is_some() && !steps_carry_effort {
        return false;
    }
    let names_tier = matches!(own_role, Some((Role::Gaps, Some(_))))
        && mentions(lowered, &GAP_WORDS)
        && split_key_value(title).is_none_or(|(_, value)| value.is_empty())
        && (!section.children.is_empty()
            || body
                .iter()
                .any(|b| matches!(b.kind, BlockKind::ListItem { .. } | BlockKind::TableRow { .. })));
    let tier_of_sections = own_priority.is_some()
        && body.iter().all(|b| b.kind == BlockKind::Line && b.text.trim_end().ends_with(':'))
        && !section.children.is_empty()
        && section
            .children
            .iter()
            .all(|child| child.heading.is_some_and(|h| !is_generic_title(&clean_title(&h.text))));
    names_tier || tier_of_sections || is_group_heading(subject, body)
}

/// How far into a finding's body its priority line is looked for.
const STATED_PRIORITY_LINES: usize = 12;

/// A box-drawing character (─ │ ┌ ═ ║ …).
pub(super) fn is_box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{257F}').contains(&c)
}

/// Whether a code block is a panel drawn with box characters (─ │ ┌ ═ ║ …) around prose.
pub(super) fn is_drawn_panel(text: &str) -> bool {
    text.lines().filter(|line| line.chars().any(is_box_drawing)).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::super::super::blocks;
    use super::*;

    /// Whether the first section under the document's title groups its findings, read as
    /// `section()` reads it: a heading among prioritized findings.
    fn first_section_groups(markdown: &str) -> bool {
        let blocks = blocks::blocks(markdown);
        let root = Section::tree(&blocks);
        let section = &root.children[0].children[0];
        let raw = section.heading.map_or("", |h| h.text.as_str());
        let title = clean_title(raw);
        let lowered = title.to_lowercase();
        let own_role = role_of(raw, true);
        let own_priority = heading_priority(raw, true);
        groups_findings(raw, &title, &lowered, own_role, own_priority, &gap_subject(raw), section)
    }

    #[test]
    fn a_list_noun_with_a_number_names_one_finding() {
        for title in [
            "Gap #1: Missing Caching",
            "Issue 3 – No backups",
            "Проблема 2: нет бэкапов",
            "Risk #12. Open ports",
        ] {
            assert!(is_numbered_finding(title), "{title}");
        }
        for title in ["Gaps", "Issue Tracker", "Gap 2", "Risk: high", "Gap analysis"] {
            assert!(!is_numbered_finding(title), "{title}");
        }
    }

    #[test]
    fn a_tier_groups_its_findings_and_a_finding_keeps_its_steps() {
        assert!(first_section_groups("# R\n\n## 🔴 CRITICAL ISSUES\n\n### Security\n- a\n\n### Data\n- b\n"));
        assert!(first_section_groups(
            "# R\n\n### ФАЗА 1: КРИТИЧНОЕ (Неделя 1-2)\n- [ ] one\n- [ ] two\n\nРезультат: ok\n"
        ));
        assert!(!first_section_groups(
            "# R\n\n### Fresh Clone (Critical)\n**Current:** Not tested\n\n- [ ] a\n- [ ] b\n"
        ));
        assert!(!first_section_groups(
            "# R\n\n### Week 1: Monitoring (2 days)\n- set up alerts\n- add dashboards\n"
        ));
        assert!(first_section_groups(
            "# R\n\n### Stage 1: Infra (2-4 days)\n- Deploy SPIRE\n  - Effort: 2 hours\n- Setup PostgreSQL\n  - Effort: 1 hour\n"
        ));
    }

    #[test]
    fn a_priority_key_outranks_an_impact_key() {
        assert_eq!(
            keyed_priority("**Severity:** HIGH"),
            Some(KeyedPriority { priority: Priority::High, impact: false })
        );
        assert_eq!(
            keyed_priority("Impact: Критично"),
            Some(KeyedPriority { priority: Priority::Critical, impact: true })
        );
        assert_eq!(keyed_priority("Effort: 2 hours"), None);
    }

    fn cells(row: &[&str]) -> Vec<String> {
        row.iter().map(|cell| (*cell).to_owned()).collect()
    }

    /// [`Columns::title_cell`] for a row under `header` (or none).
    fn title_cell(cells: &[String], header: Option<&[String]>) -> usize {
        header.map(Columns::of).unwrap_or_default().title_cell(cells)
    }

    #[test]
    fn a_row_is_about_its_finding_not_its_number_id_priority_or_state() {
        let header = cells(&["#", "Finding", "Impact"]);
        assert_eq!(title_cell(&cells(&["1", "No auth on writes", "Anyone can write"]), Some(&header)), 1);
        assert_eq!(title_cell(&cells(&["2", "FIX-01", "✅ Fixed", "🔴 High", "Rotate keys"]), None), 4);
        assert_eq!(title_cell(&cells(&["CI/CD", "8/10", "✅"]), None), 0, "a score table's area label");
        let named = cells(&["Severity", "ID", "问题", "状态"]);
        assert_eq!(title_cell(&cells(&["高", "A-1", "缺少数据库备份", "待处理"]), Some(&named)), 2);
    }

    fn item(text: &str) -> Block {
        Block {
            kind: BlockKind::ListItem { depth: 0, ordered: false, task: None },
            text: text.to_owned(),
            lead_strong: None,
            all_strong: false,
            line: 1,
        }
    }

    #[test]
    fn a_heading_over_findings_is_a_group_and_over_details_is_one_finding() {
        let findings = [item("No lazy loading - large bundles"), item("Tokens in localStorage - XSS")];
        assert!(is_group_heading("Frontend", &findings.iter().collect::<Vec<_>>()));
        let details = [item("Impact: data loss"), item("Fix: nightly dumps"), item("Effort: 2h")];
        assert!(!is_group_heading("No backups", &details.iter().collect::<Vec<_>>()));
        assert!(
            !is_group_heading("Frontend", &findings[..1].iter().collect::<Vec<_>>()),
            "one item is a detail"
        );
    }

    #[test]
    fn done_states_in_many_languages() {
        for done in ["✅ Fixed", "Resolved", "erledigt", "已修复", "完了", "완료", "исправлено", "✅"]
        {
            assert!(row_is_done(done), "{done}");
        }
        for open in ["🔴 Open", "In progress", "❌", "Not fixed yet", "未修复", "Unresolved"] {
            assert!(!row_is_done(open), "{open}");
        }
    }

    #[test]
    fn a_findings_own_priority_line_outranks_its_impact_line() {
        let blocks = blocks::blocks("**Impact:** Orta - logout\n\n**Severity:** 🔴 HIGH\n\nText\n");
        let body: Vec<&Block> = blocks.iter().collect();
        assert_eq!(stated_priority(&body), Some(Priority::High));
        let impact_only = blocks::blocks("**Impact:** Orta - logout\n");
        assert_eq!(stated_priority(&impact_only.iter().collect::<Vec<_>>()), Some(Priority::Medium));
        let none = blocks::blocks("**Status:** open\n\n- Fix: rotate keys\n");
        assert_eq!(stated_priority(&none.iter().collect::<Vec<_>>()), None);
    }

    #[test]
    fn a_description_column_titles_a_row_and_a_group_column_does_not() {
        let header = cells(&["id", "mức độ", "nhóm", "mô tả", "file"]);
        let row = cells(&["HIGH-002", "🟠 High", "Security", "CORS quá rộng", "main.ts"]);
        assert_eq!(title_cell(&row, Some(&header)), 3);
        let unnamed = cells(&["id", "severity", "category", "where"]);
        let row = cells(&["H-1", "High", "Security", "main.ts: CORS open"]);
        assert_eq!(title_cell(&row, Some(&unnamed)), 3, "a findings table's category is not its title");
        let components = cells(&["prioriteit", "component", "huidige status", "target", "effort"]);
        let row = cells(&["**P1**", "Test Suite Fixes", "40% passing", "90% passing", "1-2 dagen"]);
        assert_eq!(title_cell(&row, Some(&components)), 1, "a component names the finding");
        let scores = cells(&["area", "score"]);
        assert_eq!(title_cell(&cells(&["Data & Backups", "4/10"]), Some(&scores)), 0);
    }

    #[test]
    fn box_drawn_panels_are_prose_and_code_is_not() {
        assert!(is_drawn_panel("┌──────┐\n│ Overall Score: 68/100 │\n└──────┘"));
        assert!(!is_drawn_panel("score = 68\nprint(score)"));
    }
}
