//! From blocks to the parts of a snapshot.
//!
//! The document is first arranged as a tree of sections (each heading owns the blocks under it
//! and its sub-headings), then walked top-down with a context that says what a block there can
//! be evidence of:
//!
//! - a heading names an *area* when it maps to a taxonomy category and no heading above it
//!   does; areas become the snapshot's categories, with the status and score stated in them;
//! - "Strengths" sections and labels make strengths; "Gaps", "Issues", "Missing features",
//!   priority headings ("High Priority", "Week 1 … 🔴 CRITICAL", "MUST FIX") and labels make
//!   gaps; "Implemented" / "Missing" labels and status emoji make checklist items; task lists
//!   are checklist items wherever they are;
//! - `Key: value` lines carry facts: Status, Impact/Priority/Severity, Effort, Project, Date and
//!   verdict keys;
//! - every score expression becomes a *statement*; after the walk one is chosen as the headline
//!   score and others become category scores, and the rest are reported in `warnings`.
//!
//! Code blocks are not evidence (configuration samples are full of checkmarks), except lines
//! shaped like a score table (`Security: ✅ 90/100`), which are read as sub-scores.

use chrono::NaiveDate;

use super::blocks::{Block, BlockKind};
use super::lexicon::{
    Signal, category_of, contains_word, first_marker, is_priority_word, level_word, priority_of,
    priority_value, status_of, status_word, strip_markers, strip_priority_tag, verdict_of,
};
use super::numbers::{ScoreExpr, ScoreForm, date_in, effort_hours, scores_in};
use super::text::{
    clean_title, is_drawing, is_generic_title, mentions, split_key_value, strip_parentheses,
    title_and_detail, truncate,
};
use crate::domain::fingerprint::fingerprint;
use crate::domain::snapshot::{
    CategoryScore, CategoryStatus, ChecklistItem, ChecklistState, Gap, Priority, StatedScore, Strength,
    Verdict, round1,
};

/// Longest detail kept for a gap.
const MAX_DETAIL: usize = 600;
/// Longest text kept for an item, a strength or a title.
const MAX_TEXT: usize = 300;

/// Everything read from one report, before scores are derived.
#[derive(Debug, Default)]
pub struct Extracted {
    pub title: Option<String>,
    pub project_name: Option<String>,
    pub date: Option<NaiveDate>,
    pub headline: Option<Headline>,
    pub categories: Vec<CategoryScore>,
    pub checklist: Vec<ChecklistItem>,
    pub gaps: Vec<Gap>,
    pub strengths: Vec<Strength>,
    pub verdict: Option<(Verdict, String)>,
    pub warnings: Vec<String>,
}

/// The report's own headline score.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub stated: StatedScore,
    pub form: ScoreForm,
}

pub fn extract(blocks: &[Block]) -> Extracted {
    let root = Section::tree(blocks);
    let mut walker = Walker::default();
    walker.document_facts(blocks);
    walker.section(&root, Context::root());
    walker.finish()
}

// ---------------------------------------------------------------------------------------------
// The section tree

struct Section<'a> {
    heading: Option<&'a Block>,
    level: u8,
    body: Vec<&'a Block>,
    children: Vec<Section<'a>>,
}

impl<'a> Section<'a> {
    fn tree(blocks: &'a [Block]) -> Section<'a> {
        let mut stack = vec![Section { heading: None, level: 0, body: Vec::new(), children: Vec::new() }];
        for block in blocks {
            if let BlockKind::Heading { level } = block.kind {
                while stack.len() > 1 && stack.last().is_some_and(|top| top.level >= level) {
                    if let Some(done) = stack.pop()
                        && let Some(parent) = stack.last_mut()
                    {
                        parent.children.push(done);
                    }
                }
                stack.push(Section { heading: Some(block), level, body: Vec::new(), children: Vec::new() });
            } else if let Some(top) = stack.last_mut() {
                top.body.push(block);
            }
        }
        while stack.len() > 1 {
            if let Some(done) = stack.pop()
                && let Some(parent) = stack.last_mut()
            {
                parent.children.push(done);
            }
        }
        stack.pop().unwrap_or(Section { heading: None, level: 0, body: Vec::new(), children: Vec::new() })
    }
}

// ---------------------------------------------------------------------------------------------
// Context

/// What blocks in a section (or under a label) are evidence of.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Plain,
    Strengths,
    Gaps,
    State(ChecklistState),
    /// Conditions still to meet ("do not deploy until at minimum:"): missing, whatever the
    /// emoji in front of them say.
    Required,
    Ignore,
}

#[derive(Debug, Clone, Copy)]
struct Context<'a> {
    /// The nearest heading's text, for items that only say "Current State".
    heading: Option<&'a str>,
    category: Option<&'static str>,
    area: Option<usize>,
    role: Role,
    priority: Option<Priority>,
    priority_container: bool,
    summary: bool,
    /// The document's header: before the first section, or directly under the title.
    top: bool,
}

impl Context<'_> {
    fn root() -> Self {
        Self {
            heading: None,
            category: None,
            area: None,
            role: Role::Plain,
            priority: None,
            priority_container: false,
            summary: false,
            top: true,
        }
    }
}

const SUMMARY_WORDS: &[&str] = &[
    "executive summary",
    "summary",
    "conclusion",
    "conclusions",
    "overall assessment",
    "verdict",
    "final recommendation",
    "final verdict",
    "key findings",
    "tl;dr",
    "résumé",
    "synthèse",
    "resumen",
    "conclusión",
    "resumo",
    "conclusão",
    "zusammenfassung",
    "fazit",
    "management summary",
];
const STRENGTH_WORDS: &[&str] = &[
    "strength",
    "strengths",
    "what's working",
    "what is working",
    "working well",
    "what works",
    "positives",
    "highlights",
    "points forts",
    "forces",
    "fortalezas",
    "puntos fuertes",
    "pontos fortes",
    "stärken",
];
const GAP_WORDS: &[&str] = &[
    "gap",
    "gaps",
    "issues",
    "issues found",
    "weakness",
    "weaknesses",
    "blockers",
    "risks",
    "problems",
    "concerns",
    "missing features",
    "shortcomings",
    "lacunes",
    "faiblesses",
    "problèmes",
    "brechas",
    "debilidades",
    "problemas",
    "lacunas",
    "fraquezas",
    "lücken",
    "schwächen",
    "probleme",
];
const CONTAINER_WORDS: &[&str] = &[
    "priority",
    "priorities",
    "action plan",
    "action items",
    "roadmap",
    "next steps",
    "remediation",
    "recommendations",
    "recommended actions",
    "priority actions",
    "plan d'action",
    "prochaines étapes",
    "recommandations",
    "plan de acción",
    "próximos pasos",
    "recomendaciones",
    "plano de ação",
    "próximos passos",
    "recomendações",
    "maßnahmen",
    "nächste schritte",
    "empfehlungen",
    "prioritäten",
    "prioridades",
    "priorités",
];
/// Words that name a list of gaps rather than a gap ("Critical Blockers", "High Priority Items").
const GAP_LIST_NOUNS: &[&str] = &[
    "priority",
    "priorities",
    "blockers",
    "blocker",
    "gaps",
    "gap",
    "issues",
    "items",
    "actions",
    "tasks",
    "fixes",
    "improvements",
    "recommendations",
    "must",
    "should",
    "fix",
    "nice",
    "to",
    "have",
    "do",
    "first",
    "next",
    "later",
    "critical",
    "high",
    "medium",
    "low",
    "urgent",
    "p0",
    "p1",
    "p2",
    "p3",
    "non",
    "not",
    // time frames name when, not what
    "immediate",
    "immediately",
    "now",
    "soon",
    "short",
    "long",
    "mid",
    "term",
    "this",
    "week",
    "weeks",
    "month",
    "months",
    "quarter",
    "sprint",
    "day",
    "days",
    "quick",
    "wins",
    "then",
    "phase",
];
const DONE_WORDS: &[&str] =
    &["implemented", "in place", "what's done", "completed", "already done", "implémenté", "implementado"];
const MISSING_WORDS: &[&str] =
    &["missing", "not implemented", "absent", "lacking", "what's missing", "manquant", "faltante", "fehlt"];
const PARTIAL_WORDS: &[&str] =
    &["limitations", "could be improved", "needs improvement", "partial", "partially"];
const STATUS_KEYS: &[&str] = &["status", "state", "statut", "estado", "zustand"];
const PRIORITY_KEYS: &[&str] = &[
    "impact",
    "priority",
    "severity",
    "priorité",
    "gravité",
    "prioridad",
    "severidad",
    "prioridade",
    "priorität",
    "schweregrad",
];
const EFFORT_KEYS: &[&str] = &[
    "effort",
    "estimated effort",
    "estimate",
    "estimated time",
    "time",
    "timeline",
    "aufwand",
    "esfuerzo",
    "esforço",
];
const PROJECT_KEYS: &[&str] =
    &["project", "projet", "proyecto", "projeto", "projekt", "application", "product", "system", "service"];
const DATE_KEYS: &[&str] = &[
    "date",
    "audit date",
    "report date",
    "generated",
    "report generated",
    "last updated",
    "updated",
    "fecha",
    "datum",
    "data",
    "date du rapport",
];
const VERDICT_KEYS: &[&str] = &[
    "verdict",
    "overall assessment",
    "assessment",
    "readiness",
    "deployment readiness",
    "production readiness",
    "overall status",
    "overall verdict",
    "final verdict",
    "go/no-go",
    "veredicto",
    "parecer",
    "urteil",
];
/// Labels that introduce conditions still to be met.
const REQUIRED_WORDS: &[&str] = &[
    "until",
    "at minimum",
    "prerequisites",
    "preconditions",
    "required before",
    "requirements before",
    "before going live",
    "before production",
    "jusqu'à",
    "hasta que",
    "até que",
];
/// Values that say a section is empty ("Critical Issues: NONE").
const NONE_VALUES: &[&str] =
    &["none", "0", "n/a", "aucun", "aucune", "ninguno", "ninguna", "nenhum", "nenhuma", "keine"];
/// Words that make a figure a target or projection rather than the current score.
const TARGET_WORDS: &[&str] = &[
    "target",
    "targets",
    "goal",
    "after",
    "expected",
    "projected",
    "potential",
    "confidence",
    "post-fix",
    "would",
    "could",
    "objectif",
    "cible",
    "objetivo",
    "meta",
    "ziel",
    "nach",
    "après",
    "después",
    "depois",
];

fn is_none_found(text: &str) -> bool {
    let plain = strip_markers(text);
    let Some((_, value)) = plain.rsplit_once(':') else { return false };
    let value = value.trim().trim_matches('*').trim().to_lowercase();
    NONE_VALUES.contains(&value.as_str())
}

/// What role a label or heading text assigns, if any. Coloured circles count as priorities only
/// where priorities are expected; elsewhere they are statuses.
fn role_of(text: &str, in_priority_context: bool) -> Option<(Role, Option<Priority>)> {
    let words = strip_markers(text);
    let lowered = words.to_lowercase();
    if mentions(&lowered, STRENGTH_WORDS) {
        return Some((Role::Strengths, None));
    }
    if is_none_found(text) {
        return Some((Role::Ignore, None));
    }
    if mentions(&lowered, REQUIRED_WORDS) {
        return Some((Role::Required, None));
    }
    let priority = if in_priority_context { priority_of(text) } else { priority_of(&words) };
    if mentions(&lowered, GAP_WORDS) {
        // "Minor Gaps", "High Issues": next to a gap word a bare level word is a priority.
        return Some((Role::Gaps, priority.or_else(|| level_word(&lowered))));
    }
    if let Some(priority) = priority {
        return Some((Role::Gaps, Some(priority)));
    }
    if mentions(&lowered, MISSING_WORDS) {
        return Some((Role::State(ChecklistState::Missing), None));
    }
    if mentions(&lowered, PARTIAL_WORDS) {
        return Some((Role::State(ChecklistState::Partial), None));
    }
    if mentions(&lowered, DONE_WORDS) {
        return Some((Role::State(ChecklistState::Done), None));
    }
    match first_marker(text).map(|(signal, ..)| signal) {
        Some(Signal::Good) => Some((Role::State(ChecklistState::Done), None)),
        Some(Signal::Partial) => Some((Role::State(ChecklistState::Partial), None)),
        Some(Signal::Missing | Signal::Critical) => Some((Role::State(ChecklistState::Missing), None)),
        None => None,
    }
}

fn state_of(signal: Signal) -> ChecklistState {
    match signal {
        Signal::Good => ChecklistState::Done,
        Signal::Partial => ChecklistState::Partial,
        Signal::Missing | Signal::Critical => ChecklistState::Missing,
    }
}

fn category_status(signal: Signal) -> CategoryStatus {
    match signal {
        Signal::Good => CategoryStatus::Good,
        Signal::Partial => CategoryStatus::Partial,
        Signal::Missing => CategoryStatus::Missing,
        Signal::Critical => CategoryStatus::Critical,
    }
}

/// A priority a heading states. Status headings ("Current State 🔴 MISSING") are not priorities:
/// outside a priority context a heading with a status emoji needs an explicit priority word.
fn heading_priority(raw: &str, in_priority_context: bool) -> Option<Priority> {
    let lowered = strip_markers(raw).to_lowercase();
    if is_generic_title(&clean_title(raw)) {
        return None;
    }
    let explicit = mentions(
        &lowered,
        &[
            "priority",
            "p0",
            "p1",
            "p2",
            "p3",
            "must",
            "should",
            "nice to have",
            "blocker",
            "blockers",
            "gaps",
            "issues",
            "risks",
        ],
    );
    if first_marker(raw).is_some() && !explicit && !in_priority_context {
        return None;
    }
    let words_only = strip_markers(raw);
    priority_of(&words_only).or_else(|| if in_priority_context { priority_of(raw) } else { None })
}

/// The subject of a heading or label once priority words, effort asides and numbering are gone;
/// empty for a pure label such as "CRITICAL (Do First - 1-2 weeks)" or "Medium-Priority: 1".
fn gap_subject(raw: &str) -> String {
    let title = strip_parentheses(&clean_title(raw));
    let words: Vec<&str> = title
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '/' | ','))
        .filter(|w| !w.is_empty())
        .collect();
    let meaningful = words.iter().any(|word| {
        let lower = word.to_lowercase();
        !GAP_LIST_NOUNS.contains(&lower.as_str())
            && !is_priority_word(&lower)
            && word.chars().any(char::is_alphabetic)
    });
    if meaningful { title } else { String::new() }
}

// ---------------------------------------------------------------------------------------------
// Statements (score expressions found anywhere)

#[derive(Debug, Clone)]
struct Statement {
    expr: ScoreExpr,
    label: String,
    text: String,
    line: u32,
    summary: bool,
    top: bool,
    area_key: Option<&'static str>,
    label_category: Option<&'static str>,
    in_code: bool,
    target: bool,
}

impl Statement {
    /// How strongly the label says "this is the report's overall score" (0: it does not).
    fn headline_rank(&self) -> u32 {
        let label = self.label.to_lowercase();
        let scorish = mentions(
            &label,
            &[
                "score",
                "maturity",
                "rating",
                "level",
                "grade",
                "index",
                "note",
                "niveau",
                "nivel",
                "nível",
                "puntuación",
                "pontuação",
                "bewertung",
                "reifegrad",
            ],
        );
        let overall = mentions(
            &label,
            &["overall", "global", "total", "general", "final", "général", "geral", "gesamt"],
        );
        if contains_word(&label, "devops") && scorish {
            100
        } else if overall && scorish {
            95
        } else if mentions(&label, &["maturity", "maturité", "madurez", "maturidade", "reifegrad"]) {
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

    fn stated(&self) -> StatedScore {
        StatedScore {
            value: self.expr.value,
            scale: self.expr.scale,
            text: Some(self.text.clone()),
            line: Some(self.line),
        }
    }
}

/// The label in front of a score expression: the few words before it.
fn label_before(text: &str, at: usize) -> String {
    let before = strip_markers(&text[..at]);
    let before = before.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '=' | '*' | '|' | '-' | '(' | '~')
    });
    let segment = before.rsplit(['|', '.', ';', '(']).next().unwrap_or(before);
    let words: Vec<&str> = segment.split_whitespace().collect();
    let start = words.len().saturating_sub(6);
    clean_title(&words[start..].join(" "))
}

// ---------------------------------------------------------------------------------------------
// The walk

#[derive(Debug)]
struct Area {
    key: &'static str,
    headings: Vec<String>,
    line: u32,
    /// The status the area states for itself ("Status: ❌ CRITICAL"); wins over `signals`.
    explicit: Option<Signal>,
    /// Statuses of the things inside the area (sub-headings with status emoji).
    signals: Vec<Signal>,
}

impl Area {
    /// The area's status: what it states, else the sense of its parts: all good is good, all
    /// missing is missing (critical if any is), a mix is partial.
    fn status(&self) -> Option<Signal> {
        if self.explicit.is_some() {
            return self.explicit;
        }
        let first = *self.signals.first()?;
        if self.signals.iter().all(|s| *s == Signal::Good) {
            Some(Signal::Good)
        } else if self.signals.iter().all(|s| matches!(s, Signal::Missing | Signal::Critical)) {
            self.signals.iter().max().copied().or(Some(first))
        } else {
            Some(Signal::Partial)
        }
    }
}

#[derive(Debug, Clone)]
struct VerdictCandidate {
    verdict: Verdict,
    text: String,
    weight: u32,
    line: u32,
}

#[derive(Default)]
struct Walker {
    out: Extracted,
    /// Lowercased checklist text -> index, so repeats are found without rescanning.
    item_index: std::collections::HashMap<String, usize>,
    /// Gap fingerprint -> index.
    gap_index: std::collections::HashMap<String, usize>,
    /// Lowercased strength text, to skip repeats.
    strength_seen: std::collections::HashSet<String>,
    statements: Vec<Statement>,
    verdicts: Vec<VerdictCandidate>,
    areas: Vec<Area>,
    ignored_code_blocks: usize,
    project_from_key: Option<String>,
    date_from_key: Option<NaiveDate>,
}

/// What the current list is attached to.
#[derive(Debug, Clone, Copy)]
struct Label {
    role: Role,
    priority: Option<Priority>,
}

impl Walker {
    fn section<'a>(&mut self, section: &Section<'a>, parent: Context<'a>) {
        let mut ctx = parent;
        let mut heading_gap: Option<usize> = None;
        let mut heading_item: Option<usize> = None;
        if let Some(heading) = section.heading {
            let raw = heading.text.as_str();
            let title = clean_title(raw);
            let lowered = title.to_lowercase();
            // The document's title heading is not a section about any one area.
            let is_title =
                parent.top && section.level == 1 && self.out.title.as_deref() == Some(title.as_str());
            ctx.top = parent.top && section.level == 1;
            ctx.summary = parent.summary || mentions(&lowered, SUMMARY_WORDS);
            let in_priority_context = parent.priority_container || parent.role == Role::Gaps;
            let generic = is_generic_title(&title);
            // "✅ Implemented", "❌ Missing", "⚠️ Could Be Improved": a heading that is only a state
            // is a label for what follows, not an item.
            let state_label = first_marker(raw).is_some() && is_state_only(&title);
            let own_priority = if generic { None } else { heading_priority(raw, in_priority_context) };
            let own_role = if generic { None } else { role_of(raw, in_priority_context) };
            let strengths = matches!(own_role, Some((Role::Strengths, _)));
            let none_found = is_none_found(raw);
            let container = mentions(&lowered, CONTAINER_WORDS) && own_priority.is_none();
            let own_category = if ctx.summary || is_title || generic { None } else { category_of(&title) };
            ctx.category = if ctx.summary { None } else { own_category.or(parent.category) };
            // Generic headings ("Current State") speak for the heading above them.
            if !is_generic_title(&title) && !is_title {
                ctx.heading = Some(raw);
            }

            // Is this heading a gap of its own?
            let subject = gap_subject(raw);
            let negative = matches!(status_of(raw), Some(Signal::Missing | Signal::Critical));
            let body_has_impact = section.body.iter().any(|b| {
                split_key_value(&b.text).is_some_and(|(key, value)| {
                    PRIORITY_KEYS.contains(&key.to_lowercase().as_str()) && priority_value(&value).is_some()
                })
            });
            let known_priority = own_priority.is_some()
                || (parent.role == Role::Gaps && (parent.priority.is_some() || !parent.priority_container));
            let gap_context = known_priority;
            let is_gap = !none_found
                && !strengths
                && !container
                && !subject.is_empty()
                && !matches!(own_role, Some((Role::Gaps, None)))
                && ((gap_context && !is_generic_title(&title)) || (negative && body_has_impact));
            if is_gap {
                let priority = own_priority.or(parent.priority);
                let subject = if is_generic_title(&subject) {
                    parent.heading.map(gap_subject).filter(|s| !s.is_empty()).unwrap_or(subject)
                } else {
                    subject
                };
                heading_gap =
                    self.add_gap(&subject, None, priority, effort_hours(raw), ctx.category, heading.line);
            }

            if own_category.is_some() && parent.area.is_none() && !ctx.summary && !is_gap {
                // "Docker Configuration Score: 92/100" names the area "Docker Configuration Score".
                let name = if scores_in(&title).is_empty() {
                    title.as_str()
                } else {
                    title.split(':').next().unwrap_or(&title).trim()
                };
                ctx.area = own_category.map(|key| self.area(key, name, heading.line));
            }

            ctx.role = if none_found {
                Role::Ignore
            } else if is_gap {
                Role::Plain
            } else if state_label {
                match own_role {
                    Some((Role::State(state), _)) => Role::State(state),
                    _ => status_of(raw).map_or(parent.role, |signal| Role::State(state_of(signal))),
                }
            } else if let Some((role, priority)) =
                own_role.filter(|(role, _)| !matches!(role, Role::State(_)))
            {
                if priority.is_some() {
                    ctx.priority = priority;
                } else if role == Role::Gaps {
                    ctx.priority = parent.priority;
                }
                role
            } else if container {
                ctx.priority_container = true;
                parent.role
            } else {
                parent.role
            };
            if container {
                ctx.priority_container = true;
            }

            // A status on the heading: the area's status and, for a heading with a subject of
            // its own, an item of the checklist.
            let status = if ctx.role == Role::Ignore { None } else { heading_status(raw) };
            if let Some(signal) = status {
                if generic {
                    self.set_area_status(ctx.area, signal, true);
                } else {
                    self.set_area_status(ctx.area, signal, false);
                    // A heading over a task list is a group of controls, not one.
                    let groups_tasks = section
                        .body
                        .iter()
                        .any(|b| matches!(b.kind, BlockKind::ListItem { task: Some(_), .. }));
                    if !is_gap
                        && !state_label
                        && !groups_tasks
                        && !title.is_empty()
                        && !matches!(ctx.role, Role::Strengths | Role::Gaps)
                    {
                        heading_item = self.add_item(&title, state_of(signal), ctx.category, heading.line);
                    }
                }
            }

            self.scores_in_text(raw, heading.line, &ctx, false);
            if ctx.summary
                && let Some(verdict) = verdict_of(raw)
            {
                self.verdict(
                    verdict,
                    &title,
                    if split_key_value(raw).is_some() { 3 } else { 1 },
                    heading.line,
                );
            }
        }

        self.body(&section.body, &ctx, section.heading, heading_gap, heading_item);
        for child in &section.children {
            self.section(child, ctx);
        }
    }

    fn body(
        &mut self,
        blocks: &[&Block],
        ctx: &Context<'_>,
        heading: Option<&Block>,
        heading_gap: Option<usize>,
        mut heading_item: Option<usize>,
    ) {
        let mut label: Option<Label> = None;
        let mut gap_at_depth: Vec<Option<usize>> = Vec::new();
        let mut list_base: Option<u8> = None;
        let mut table_header: Option<Vec<String>> = None;
        for block in blocks {
            if !matches!(block.kind, BlockKind::TableRow { .. }) {
                table_header = None;
            }
            // Code blocks often sit inside list items; anything else ends the list.
            if !matches!(block.kind, BlockKind::ListItem { .. } | BlockKind::Code { .. }) {
                gap_at_depth.clear();
                list_base = None;
            }
            match &block.kind {
                BlockKind::Heading { .. } => {}
                BlockKind::Code { .. } => self.code_block(block, ctx),
                BlockKind::Line => {
                    if is_drawing(&block.text) {
                        continue;
                    }
                    let next_label = self.line(block, ctx, heading, heading_gap, &mut heading_item);
                    label = next_label;
                }
                BlockKind::ListItem { depth, task, .. } => {
                    if is_drawing(&block.text) {
                        continue;
                    }
                    let base = *list_base.get_or_insert(*depth);
                    let relative = usize::from(depth.saturating_sub(base));
                    gap_at_depth.truncate(relative);
                    let parent_gap =
                        relative.checked_sub(1).and_then(|i| gap_at_depth.get(i).copied().flatten());
                    let created = self.list_item(block, *task, relative, ctx, label, heading_gap, parent_gap);
                    gap_at_depth.push(created.or(parent_gap));
                }
                BlockKind::TableRow { header, cells } => {
                    if *header {
                        table_header = Some(cells.iter().map(|c| c.to_lowercase()).collect());
                    } else {
                        self.table_row(block, cells, table_header.as_deref(), ctx);
                    }
                }
            }
        }
    }

    /// One line of a paragraph. Returns the label it sets for a following list, if any.
    fn line(
        &mut self,
        block: &Block,
        ctx: &Context<'_>,
        heading: Option<&Block>,
        heading_gap: Option<usize>,
        heading_item: &mut Option<usize>,
    ) -> Option<Label> {
        self.scores_in_text(&block.text, block.line, ctx, false);
        // "Score: 45/100. Estado general: no está listo." holds two facts.
        let mut label = None;
        for sentence in sentences(&block.text) {
            label = self.line_fact(sentence, block, ctx, heading, heading_gap, heading_item);
        }
        label
    }

    /// One sentence of a line: a `Key: value` fact, a label for the next list, or prose.
    fn line_fact(
        &mut self,
        text: &str,
        block: &Block,
        ctx: &Context<'_>,
        heading: Option<&Block>,
        heading_gap: Option<usize>,
        heading_item: &mut Option<usize>,
    ) -> Option<Label> {
        if let Some((key, value)) = split_key_value(text) {
            let key_lower = key.to_lowercase();
            let key_lower = key_lower.as_str();
            let value_clean = clean_title(&value);
            if value_clean.is_empty() {
                return label_for(text, ctx);
            }
            let first_key_word = key_lower.split_whitespace().next().unwrap_or("");
            if STATUS_KEYS.contains(&key_lower)
                || STATUS_KEYS.contains(&first_key_word)
                || key_lower.ends_with(" status")
            {
                if let Some(signal) = status_of(&value) {
                    self.apply_status(ctx, heading, heading_gap, heading_item, signal, block.line);
                }
                if (ctx.summary || ctx.top)
                    && let Some(verdict) = verdict_of(&value)
                {
                    self.verdict(verdict, &format!("{key}: {}", strip_markers(&value)), 2, block.line);
                }
                return None;
            }
            if PRIORITY_KEYS.contains(&key_lower) {
                if let (Some(index), Some(priority)) = (heading_gap, priority_value(&value)) {
                    self.out.gaps[index].priority = Some(priority);
                }
                return None;
            }
            if EFFORT_KEYS.contains(&key_lower) {
                if let Some(index) = heading_gap
                    && self.out.gaps[index].effort_hours.is_none()
                {
                    self.out.gaps[index].effort_hours = effort_hours(&value);
                }
                return None;
            }
            if PROJECT_KEYS.contains(&key_lower) {
                if self.project_from_key.is_none() {
                    self.project_from_key = project_name_from(&value_clean);
                }
                return None;
            }
            if DATE_KEYS.contains(&key_lower) {
                if self.date_from_key.is_none() {
                    self.date_from_key = date_in(&value);
                }
                return None;
            }
            if VERDICT_KEYS.contains(&key_lower)
                || key_lower.ends_with(" readiness")
                || key_lower.ends_with(" assessment")
            {
                if let Some(verdict) = verdict_of(&value) {
                    self.verdict(verdict, &format!("{key}: {}", strip_markers(&value)), 3, block.line);
                }
                return None;
            }
            if MISSING_WORDS.contains(&key_lower) && ctx.role != Role::Ignore {
                self.add_item(
                    &value_clean,
                    ChecklistState::Missing,
                    category_of(&value).or(ctx.category),
                    block.line,
                );
                return None;
            }
            // Counts and scores ("Critical Issues Found: 0 ✅", "Quality Score: 95/100 ⭐") are
            // figures, not controls.
            if value_clean.starts_with(|c: char| c.is_ascii_digit()) || !scores_in(&value).is_empty() {
                return None;
            }
            // "Containerization: ✅ Docker with multi-stage builds"
            if let Some(signal) = first_marker(&value).map(|(s, ..)| s).or_else(|| status_word_value(&value))
            {
                let item = format!("{}: {}", clean_title(&key), value_clean);
                match ctx.role {
                    Role::Strengths => {
                        self.add_strength(&item, category_of(&item).or(ctx.category), block.line)
                    }
                    Role::Ignore => {}
                    _ => {
                        self.add_item(
                            &item,
                            state_of(signal),
                            category_of(&key).or(ctx.category),
                            block.line,
                        );
                    }
                }
            }
            return None;
        }
        // In a section named for the verdict, its first words are the verdict.
        let verdict_section = ctx
            .heading
            .is_some_and(|h| mentions(&clean_title(h).to_lowercase(), &["verdict", "veredicto", "urteil"]));
        if verdict_section
            && let Some(verdict) =
                block.lead_strong.as_deref().and_then(verdict_of).or_else(|| verdict_of(text))
        {
            self.verdict(verdict, &strip_markers(text), 3, block.line);
        }
        if block.all_strong || text.trim_end().ends_with(':') {
            if (ctx.summary || ctx.top)
                && let Some(verdict) = verdict_of(text)
            {
                self.verdict(verdict, &strip_markers(text), 1, block.line);
            }
            return label_for(text, ctx);
        }
        None
    }

    #[expect(clippy::too_many_arguments, reason = "the list item's full context, passed once")]
    fn list_item(
        &mut self,
        block: &Block,
        task: Option<bool>,
        relative_depth: usize,
        ctx: &Context<'_>,
        label: Option<Label>,
        heading_gap: Option<usize>,
        parent_gap: Option<usize>,
    ) -> Option<usize> {
        let text = block.text.as_str();
        self.scores_in_text(text, block.line, ctx, false);
        let role = label.map_or(ctx.role, |l| l.role);
        let priority = label.and_then(|l| l.priority).or(if label.is_some() { None } else { ctx.priority });
        let category = category_of(text).or(ctx.category);
        if role == Role::Ignore {
            return None;
        }
        if let Some(checked) = task {
            let state = if checked { ChecklistState::Done } else { ChecklistState::Missing };
            // Each checkbox is a control in its place: repeated texts in other sections stay.
            self.push_item(&clean_title(text), state, category, block.line);
            if role == Role::Gaps && !checked && relative_depth == 0 {
                let (title, detail) = title_and_detail(text, block.lead_strong.as_deref());
                return self.add_gap(
                    &title,
                    detail,
                    own_priority(text).or(priority),
                    effort_hours(text),
                    category,
                    block.line,
                );
            }
            return None;
        }
        if let Some(parent) = parent_gap.or(if role == Role::Gaps { None } else { heading_gap }) {
            self.append_detail(parent, text);
            if !matches!(role, Role::State(_)) {
                return None;
            }
        }
        match role {
            Role::Strengths if relative_depth == 0 => {
                self.add_strength(&clean_title(text), category, block.line);
                None
            }
            Role::Gaps if relative_depth == 0 => {
                let (title, detail) = title_and_detail(
                    strip_priority_tag(text),
                    block.lead_strong.as_deref().map(strip_priority_tag),
                );
                self.add_gap(
                    &title,
                    detail,
                    own_priority(text).or(priority),
                    effort_hours(text),
                    category,
                    block.line,
                )
            }
            Role::State(state) => {
                let state = first_marker(text).map_or(state, |(signal, ..)| state_of(signal));
                self.add_item(&clean_title(text), state, category, block.line);
                None
            }
            Role::Required if relative_depth == 0 => {
                self.add_item(&clean_title(text), ChecklistState::Missing, category, block.line);
                None
            }
            Role::Plain => {
                if let Some(priority) = tagged_priority(text) {
                    let (title, detail) = title_and_detail(
                        strip_priority_tag(text),
                        block.lead_strong.as_deref().map(strip_priority_tag),
                    );
                    return self.add_gap(
                        &title,
                        detail,
                        Some(priority),
                        effort_hours(text),
                        category,
                        block.line,
                    );
                }
                let marker = first_marker(text).filter(|(_, at, _)| marker_leads(text, *at));
                let signal = marker
                    .map(|(signal, ..)| signal)
                    .or_else(|| split_key_value(text).and_then(|(_, value)| status_word_value(&value)));
                if let Some(signal) = signal {
                    self.add_item(&clean_item(text), state_of(signal), category, block.line);
                }
                None
            }
            _ => None,
        }
    }

    fn table_row(&mut self, block: &Block, cells: &[String], header: Option<&[String]>, ctx: &Context<'_>) {
        let Some(first) = cells.first() else { return };
        let label = clean_title(first);
        if label.is_empty() || ctx.role == Role::Ignore {
            return;
        }
        let column = |names: &[&str]| {
            header.and_then(|h| h.iter().position(|cell| names.iter().any(|name| contains_word(cell, name))))
        };
        let score_col = column(&["score", "rating", "grade", "note", "puntuación", "pontuação", "bewertung"]);
        let status_col = column(&["status", "state", "statut", "estado", "result", "zustand"]);
        let priority_col =
            column(&["priority", "severity", "impact", "priorité", "prioridad", "prioridade", "priorität"]);
        let effort_col = column(&["effort", "estimate", "hours", "time", "aufwand"]);
        let lowered_label = label.to_lowercase();

        // A findings table: each row with a priority is a gap.
        if let Some(priority) = priority_col.and_then(|i| cells.get(i)).and_then(|cell| priority_value(cell))
        {
            let effort = effort_col.and_then(|i| cells.get(i)).and_then(|cell| effort_hours(cell));
            let detail = cells
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 0 && Some(*i) != priority_col && Some(*i) != effort_col)
                .map(|(_, cell)| strip_markers(cell))
                .filter(|cell| !cell.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            let category = category_of(&cells.join(" ")).or(ctx.category);
            self.add_gap(
                &label,
                (!detail.is_empty()).then_some(detail),
                Some(priority),
                effort,
                category,
                block.line,
            );
            return;
        }

        // Scores: the score column, or a fraction in any cell of a table without one.
        let score_cells: Vec<usize> = match score_col {
            Some(index) => vec![index],
            None => (1..cells.len()).collect(),
        };
        let mut scores = Vec::new();
        for index in score_cells {
            let Some(cell) = cells.get(index) else { continue };
            for expr in scores_in(cell) {
                if score_col.is_none() && expr.form == ScoreForm::Percent {
                    continue;
                }
                let text = format!("{label}: {}", cell[expr.start..expr.end].trim());
                scores.push((expr, text));
            }
        }
        let signal = match status_col.and_then(|i| cells.get(i)) {
            Some(cell) => status_of(cell),
            None => cells.iter().skip(1).find_map(|cell| first_marker(cell).map(|(signal, ..)| signal)),
        };

        if mentions(&lowered_label, &["overall", "readiness", "verdict", "assessment"]) || ctx.summary {
            for cell in cells.iter().skip(1) {
                if let Some(verdict) = verdict_of(cell) {
                    let weight = if mentions(&lowered_label, &["readiness", "verdict"]) { 2 } else { 1 };
                    self.verdict(verdict, &format!("{label}: {}", strip_markers(cell)), weight, block.line);
                }
            }
        }

        // A row naming an area ("CI/CD | 8/10 | ✅") is that area's row, even in a summary; rows
        // about the whole ("DevOps Score", "Overall readiness") are headline figures.
        let headline_row =
            mentions(&lowered_label, &["score", "overall", "readiness", "maturity", "index", "total"]);
        let area_key =
            category_of(&label).filter(|_| !headline_row && (!scores.is_empty() || signal.is_some()));
        let row_ctx = match area_key {
            Some(key) => Context { summary: false, area: Some(self.area(key, &label, block.line)), ..*ctx },
            None => *ctx,
        };
        let is_score_row = !scores.is_empty();
        for (expr, text) in scores {
            self.push_statement(expr, &label, text, block.line, &row_ctx, false);
        }
        if is_score_row {
            if let (Some(_), Some(signal)) = (area_key, signal) {
                self.set_area_status(row_ctx.area, signal, true);
            }
            return;
        }
        if let Some(signal) = signal {
            let category = category_of(&label).or(ctx.category);
            match ctx.role {
                Role::Strengths => self.add_strength(&label, category, block.line),
                _ => {
                    self.add_item(&label, state_of(signal), category, block.line);
                }
            }
        }
    }

    fn code_block(&mut self, block: &Block, ctx: &Context<'_>) {
        let mut read_any = false;
        for (offset, line) in block.text.lines().enumerate() {
            let Some((key, value)) = split_key_value(line.trim()) else { continue };
            let exprs: Vec<ScoreExpr> =
                scores_in(&value).into_iter().filter(|e| e.form == ScoreForm::Fraction).collect();
            let Some(expr) = exprs.first() else { continue };
            let line_number = block.line + 1 + u32::try_from(offset).unwrap_or(0);
            let label = clean_title(&key);
            let text = format!("{label}: {}", value[expr.start..expr.end].trim());
            self.push_statement(expr.clone(), &label, text, line_number, ctx, true);
            read_any = true;
        }
        if !read_any {
            self.ignored_code_blocks += 1;
        }
    }

    // -- recording ---------------------------------------------------------------------------

    fn scores_in_text(&mut self, text: &str, line: u32, ctx: &Context<'_>, in_code: bool) {
        for expr in scores_in(text) {
            let label = label_before(text, expr.start);
            let shown = format!(
                "{}{}",
                if label.is_empty() { String::new() } else { format!("{label}: ") },
                text[expr.start..expr.end].trim()
            );
            self.push_statement(expr, &label, shown, line, ctx, in_code);
        }
    }

    fn push_statement(
        &mut self,
        expr: ScoreExpr,
        label: &str,
        text: String,
        line: u32,
        ctx: &Context<'_>,
        in_code: bool,
    ) {
        let lowered = label.to_lowercase();
        let target = mentions(&lowered, TARGET_WORDS) || text.contains('→') || text.contains("->");
        let label_category = if mentions(&lowered, &["overall", "devops", "maturity", "global", "total"]) {
            None
        } else {
            category_of(label)
        };
        self.statements.push(Statement {
            expr,
            label: label.to_owned(),
            text: truncate(&strip_markers(&text), 160),
            line,
            summary: ctx.summary,
            top: ctx.top,
            area_key: if ctx.summary { None } else { ctx.area.map(|i| self.areas[i].key) },
            label_category,
            in_code,
            target,
        });
    }

    fn verdict(&mut self, verdict: Verdict, text: &str, weight: u32, line: u32) {
        self.verdicts.push(VerdictCandidate { verdict, text: truncate(text.trim(), 200), weight, line });
    }

    fn area(&mut self, key: &'static str, heading: &str, line: u32) -> usize {
        if let Some(index) = self.areas.iter().position(|area| area.key == key) {
            if !self.areas[index].headings.iter().any(|h| h == heading) {
                self.areas[index].headings.push(heading.to_owned());
            }
            return index;
        }
        self.areas.push(Area {
            key,
            headings: vec![heading.to_owned()],
            line,
            explicit: None,
            signals: Vec::new(),
        });
        self.areas.len() - 1
    }

    fn set_area_status(&mut self, area: Option<usize>, signal: Signal, explicit: bool) {
        let Some(area) = area.and_then(|i| self.areas.get_mut(i)) else { return };
        if explicit {
            area.explicit.get_or_insert(signal);
        } else {
            area.signals.push(signal);
        }
    }

    /// A `Status:` line: it judges the heading it sits under (an item of the checklist) and,
    /// under a generic heading or an area heading, the area.
    fn apply_status(
        &mut self,
        ctx: &Context<'_>,
        heading: Option<&Block>,
        heading_gap: Option<usize>,
        heading_item: &mut Option<usize>,
        signal: Signal,
        line: u32,
    ) {
        let title = heading.map(|h| clean_title(&h.text)).unwrap_or_default();
        // Under the document title or in a summary a status is about the whole report (a
        // verdict), not an item.
        if heading.is_none() || ctx.top || ctx.summary || is_generic_title(&title) {
            self.set_area_status(ctx.area, signal, true);
            return;
        }
        let is_area_heading = ctx.area.is_some_and(|i| self.areas[i].line == heading.map_or(0, |h| h.line));
        self.set_area_status(ctx.area, signal, is_area_heading);
        // The area's own status line describes the area, which the categories already carry.
        if is_area_heading || heading_gap.is_some() || ctx.role == Role::Ignore || ctx.role == Role::Strengths
        {
            return;
        }
        match heading_item {
            Some(index) => self.out.checklist[*index].state = state_of(signal),
            None => {
                *heading_item =
                    self.add_item(&title, state_of(signal), ctx.category, heading.map_or(line, |h| h.line))
            }
        }
    }

    /// Adds a checklist item unless the same control was already stated (reports repeat their
    /// findings in summaries). Returns the item's index; `None` when there is no text to keep.
    fn add_item(
        &mut self,
        text: &str,
        state: ChecklistState,
        category: Option<&'static str>,
        line: u32,
    ) -> Option<usize> {
        let key = truncate(text.trim(), MAX_TEXT).to_lowercase();
        if let Some(index) = self.item_index.get(&key) {
            return Some(*index);
        }
        let index = self.push_item(text, state, category, line)?;
        self.item_index.insert(key, index);
        Some(index)
    }

    /// Adds a checklist item; text with nothing readable in it is no item.
    fn push_item(
        &mut self,
        text: &str,
        state: ChecklistState,
        category: Option<&'static str>,
        line: u32,
    ) -> Option<usize> {
        let text = truncate(text.trim(), MAX_TEXT);
        if !has_words(&text) {
            return None;
        }
        self.out.checklist.push(ChecklistItem {
            text,
            state,
            category: category.map(str::to_owned),
            line: Some(line),
        });
        Some(self.out.checklist.len() - 1)
    }

    fn add_strength(&mut self, text: &str, category: Option<&'static str>, line: u32) {
        let text = truncate(text.trim(), MAX_TEXT);
        if !has_words(&text) || !self.strength_seen.insert(text.to_lowercase()) {
            return;
        }
        self.out.strengths.push(Strength { text, category: category.map(str::to_owned), line: Some(line) });
    }

    /// Adds a gap, or merges it into an earlier one with the same fingerprint (filling in what
    /// the earlier mention lacked). Returns the gap's index; `None` when the title is empty.
    fn add_gap(
        &mut self,
        raw_title: &str,
        detail: Option<String>,
        priority: Option<Priority>,
        effort: Option<f64>,
        category: Option<&'static str>,
        line: u32,
    ) -> Option<usize> {
        let title = truncate(&without_effort(strip_priority_tag(raw_title)), MAX_TEXT);
        if !has_words(&title) {
            return None;
        }
        let print = fingerprint(&title);
        let category = category_of(&title).or(category).map(str::to_owned);
        if let Some(&index) = self.gap_index.get(&print) {
            let gap = &mut self.out.gaps[index];
            // Stated twice with different priorities: the more urgent one stands.
            gap.priority = match (gap.priority, priority) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            gap.effort_hours = gap.effort_hours.or(effort);
            gap.category = gap.category.take().or(category);
            if gap.detail.is_none() {
                gap.detail = detail.map(|d| truncate(&d, MAX_DETAIL));
            }
            return Some(index);
        }
        self.gap_index.insert(print.clone(), self.out.gaps.len());
        self.out.gaps.push(Gap {
            title,
            priority,
            category,
            effort_hours: effort.map(round1),
            detail: detail.map(|d| truncate(&d, MAX_DETAIL)),
            fingerprint: print,
            line: Some(line),
        });
        Some(self.out.gaps.len() - 1)
    }

    fn append_detail(&mut self, index: usize, text: &str) {
        let addition = strip_markers(text);
        let gap = &mut self.out.gaps[index];
        if gap.effort_hours.is_none() {
            gap.effort_hours = effort_hours(text);
        }
        let detail = match gap.detail.take() {
            Some(existing) => format!("{existing}; {addition}"),
            None => addition,
        };
        gap.detail = Some(truncate(&detail, MAX_DETAIL));
    }

    // -- the document header -------------------------------------------------------------------

    fn document_facts(&mut self, blocks: &[Block]) {
        let first_heading = blocks
            .iter()
            .find(|b| matches!(b.kind, BlockKind::Heading { level: 1 }))
            .or_else(|| blocks.iter().find(|b| matches!(b.kind, BlockKind::Heading { .. })));
        self.out.title = first_heading
            .map(|b| clean_title(&b.text))
            .or_else(|| {
                blocks.iter().find(|b| matches!(b.kind, BlockKind::Line)).map(|b| clean_title(&b.text))
            })
            .filter(|t| !t.is_empty())
            .map(|t| truncate(&t, 200));
        // The header: everything up to the second heading.
        let header_end = blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b.kind, BlockKind::Heading { .. }))
            .nth(1)
            .map_or(blocks.len(), |(i, _)| i);
        let header = &blocks[..header_end.min(blocks.len())];
        self.out.date = header.iter().find_map(|b| date_in(&b.text));
        self.out.project_name = self.out.title.as_deref().and_then(project_from_title).or_else(|| {
            header.iter().filter(|b| matches!(b.kind, BlockKind::Line) && b.all_strong).find_map(|b| {
                let (name, rest) = split_name(&b.text)?;
                date_in(rest).map(|_| name)
            })
        });
    }

    // -- after the walk ------------------------------------------------------------------------

    fn finish(mut self) -> Extracted {
        if let Some(project) = self.project_from_key.take() {
            self.out.project_name = Some(project);
        }
        if let Some(date) = self.date_from_key.take() {
            self.out.date = Some(date);
        }
        self.choose_headline();
        self.build_categories();
        self.choose_verdict();
        if self.ignored_code_blocks > 0 {
            self.out.warnings.push(format!(
                "ignored {} code block(s): samples and configuration are not evidence",
                self.ignored_code_blocks
            ));
        }
        self.out
    }

    fn choose_headline(&mut self) {
        let best = self
            .statements
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.target && (!s.in_code || s.headline_rank() >= 90))
            .map(|(i, s)| (i, s.headline_rank()))
            .filter(|(_, rank)| *rank > 0)
            .max_by(|(ia, ra), (ib, rb)| {
                ra.cmp(rb).then_with(|| self.statements[*ib].line.cmp(&self.statements[*ia].line))
            });
        let Some((index, _)) = best else { return };
        let chosen = self.statements.remove(index);
        if chosen.expr.form == ScoreForm::Letter {
            self.out.warnings.push(format!(
                "line {}: letter grade in \"{}\" read as {}/100",
                chosen.line, chosen.text, chosen.expr.value
            ));
        }
        // Repeats of the same figure (the summary and the conclusion) are not news.
        self.statements.retain(|s| {
            !(s.expr.value == chosen.expr.value
                && s.expr.scale == chosen.expr.scale
                && s.headline_rank() >= 90)
        });
        self.out.headline = Some(Headline { stated: chosen.stated(), form: chosen.expr.form });
    }

    fn build_categories(&mut self) {
        let mut used = vec![false; self.statements.len()];
        let mut categories = Vec::new();
        for area in &self.areas {
            categories.push(CategoryScore {
                key: area.key.to_owned(),
                score: None,
                stated: None,
                status: area.status().map(category_status),
                heading: Some(area.headings.join(" + ")),
                line: Some(area.line),
            });
        }
        // Statements whose label names a category without an area of its own add one.
        for (index, statement) in self.statements.iter().enumerate() {
            let percent_without_score = statement.expr.form == ScoreForm::Percent
                && !mentions(&statement.label.to_lowercase(), &["score", "rating"]);
            let sub_score = statement.in_code && statement.area_key.is_some();
            if sub_score || statement.target || statement.summary || percent_without_score {
                continue;
            }
            if let Some(key) = statement.label_category
                && statement.area_key.is_none_or(|area| area != key)
                && !categories.iter().any(|c: &CategoryScore| c.key == key)
            {
                categories.push(CategoryScore {
                    key: key.to_owned(),
                    score: None,
                    stated: None,
                    status: None,
                    heading: Some(statement.label.clone()),
                    line: Some(statement.line),
                });
                let _ = index;
            }
        }
        for category in &mut categories {
            let key = category.key.as_str();
            let pick = |rank: u32, s: &Statement| -> bool {
                // Score tables in code blocks count outside areas; inside one they break its
                // score down (sub-scores).
                let sub_score = s.in_code && s.area_key.is_some();
                let bare_percent = s.expr.form == ScoreForm::Percent
                    && !mentions(&s.label.to_lowercase(), &["score", "rating"]);
                if s.target || sub_score || bare_percent {
                    return false;
                }
                match rank {
                    // Stated inside the area, about the area.
                    1 => !s.summary && s.area_key == Some(key) && s.label_category.is_none_or(|c| c == key),
                    // Stated elsewhere, naming the area.
                    2 => !s.summary && s.label_category == Some(key),
                    // In the summary, naming the area.
                    _ => s.summary && s.label_category == Some(key),
                }
            };
            let found = (1..=3).find_map(|rank| {
                self.statements.iter().enumerate().find(|(i, s)| !used[*i] && pick(rank, s)).map(|(i, _)| i)
            });
            if let Some(index) = found {
                used[index] = true;
                let stated = self.statements[index].stated();
                category.score = Some(stated.normalized());
                category.stated = Some(stated);
            }
        }
        // Areas that several sections mapped to were merged above; note what was left unused.
        for (index, statement) in self.statements.iter().enumerate() {
            if used[index] {
                continue;
            }
            if statement.target && statement.expr.form != ScoreForm::Percent {
                self.out.warnings.push(format!(
                    "line {}: ignored a target or projected figure, not the current score: \"{}\"",
                    statement.line, statement.text
                ));
            } else if statement.headline_rank() > 0
                || (statement.in_code && statement.expr.form == ScoreForm::Fraction)
                || (statement.label_category.is_some() && statement.expr.form == ScoreForm::Fraction)
            {
                self.out.warnings.push(format!(
                    "line {}: skipped a sub-score that is neither the overall nor an area score: \"{}\"",
                    statement.line, statement.text
                ));
            }
        }
        self.out.categories = categories;
    }

    fn choose_verdict(&mut self) {
        let best =
            self.verdicts.iter().max_by(|a, b| a.weight.cmp(&b.weight).then_with(|| b.line.cmp(&a.line)));
        if let Some(candidate) = best {
            let disagreeing = self
                .verdicts
                .iter()
                .filter(|v| v.weight == candidate.weight && v.verdict != candidate.verdict)
                .count();
            if disagreeing > 0 {
                self.out.warnings.push(format!(
                    "the report states conflicting verdicts; used \"{}\" (line {})",
                    candidate.text, candidate.line
                ));
            }
            self.out.verdict = Some((candidate.verdict, candidate.text.clone()));
        }
    }
}

/// True when `title` says nothing but a state ("Implemented", "Could Be Improved", "Optimized").
fn is_state_only(title: &str) -> bool {
    let lowered = title.to_lowercase();
    if status_word(&lowered).is_none()
        && !mentions(&lowered, MISSING_WORDS)
        && !mentions(&lowered, DONE_WORDS)
    {
        return false;
    }
    let filler = [
        "could",
        "be",
        "improved",
        "what",
        "is",
        "not",
        "yet",
        "needs",
        "work",
        "improvement",
        "what's",
        "in",
        "place",
        "already",
    ];
    lowered.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).all(|word| {
        filler.contains(&word)
            || status_word(word).is_some()
            || MISSING_WORDS.contains(&word)
            || DONE_WORDS.contains(&word)
    })
}

/// The label a `Label:` line sets for the list after it. A checklist-state label ("✅ Excellent
/// test infrastructure:") does not turn a Strengths or Gaps section into a checklist.
fn label_for(text: &str, ctx: &Context<'_>) -> Option<Label> {
    let in_priority_context = ctx.priority_container || ctx.role == Role::Gaps;
    let (role, priority) = role_of(text, in_priority_context)?;
    if matches!(role, Role::State(_)) && matches!(ctx.role, Role::Strengths | Role::Gaps) {
        return None;
    }
    Some(Label { role, priority })
}

/// True when `text` has something to read: a letter or a digit.
fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// A title without a trailing effort aside: "Set up backups (2 days)" -> "Set up backups".
fn without_effort(title: &str) -> String {
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
fn sentences(text: &str) -> Vec<&str> {
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
fn heading_status(raw: &str) -> Option<Signal> {
    first_marker(raw)?;
    status_of(raw)
}

/// A status word standing as the whole value ("Partial", "Not configured", "Excellent (90%)"),
/// not one inside a phrase ("Critical flows").
fn status_word_value(value: &str) -> Option<Signal> {
    let cleaned = strip_parentheses(&clean_title(value)).to_lowercase();
    let cleaned = cleaned.trim_matches(|c: char| !c.is_alphanumeric());
    let signal = status_word(cleaned)?;
    let rest = cleaned
        .split_whitespace()
        .filter(|word| status_word(word).is_none() && !matches!(*word, "not" | "needs" | "in" | "well"))
        .count();
    (rest == 0).then_some(signal)
}

/// An explicit priority tag on an item: "P1: …", "[HIGH] …", "(critical)", "🔴 …".
fn tagged_priority(text: &str) -> Option<Priority> {
    let trimmed = text.trim_start();
    let lowered = trimmed.to_lowercase();
    let head: String = lowered.chars().take(12).collect();
    if ["p0", "p1", "p2", "p3"].iter().any(|code| head.starts_with(code))
        || head.starts_with('[')
        || head.starts_with('(')
    {
        return priority_of(&head);
    }
    if ["🔴", "🟠", "🟡", "🟢"].iter().any(|circle| trimmed.starts_with(circle)) {
        return super::lexicon::circle_priority(trimmed);
    }
    None
}

/// A priority written on the item itself (a tag, or "Priority: high" anywhere in it), which
/// beats its list's.
fn own_priority(text: &str) -> Option<Priority> {
    tagged_priority(text).or_else(|| {
        let words = strip_markers(text);
        mentions(&words.to_lowercase(), PRIORITY_KEYS).then(|| priority_of(&words)).flatten()
    })
}

/// Whether a marker at `at` opens the item or its value ("✅ Docker", "Caching: 🟡 Partial").
fn marker_leads(text: &str, at: usize) -> bool {
    let before = text[..at].trim();
    before.is_empty() || before.ends_with(':') || before.split_whitespace().count() <= 4
}

/// An item's text without its markers; for "Key: ✅ value" keeps both sides.
fn clean_item(text: &str) -> String {
    match split_key_value(text) {
        Some((key, value)) if !clean_title(&value).is_empty() => {
            format!("{}: {}", clean_title(&key), clean_title(&value))
        }
        _ => clean_title(text),
    }
}

/// Words that say a title names the report, not the project.
const REPORT_WORDS: &[&str] = &[
    "devops",
    "audit",
    "review",
    "report",
    "assessment",
    "analysis",
    "maturity",
    "readiness",
    "évaluation",
    "auditoría",
    "auditoria",
    "informe",
    "relatório",
    "rapport",
    "bewertung",
    "prüfbericht",
];

/// "TopSmile - DevOps & Infrastructure Review" -> "TopSmile";
/// "DevOps Maturity Review: Orion Search" -> "Orion Search".
fn project_from_title(title: &str) -> Option<String> {
    for separator in [" - ", " — ", " – ", ": "] {
        let Some(at) = title.find(separator) else { continue };
        let (left, right) = (&title[..at], &title[at + separator.len()..]);
        let left_is_report = mentions(&left.to_lowercase(), REPORT_WORDS);
        let right_is_report = mentions(&right.to_lowercase(), REPORT_WORDS);
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
fn split_name(text: &str) -> Option<(String, &str)> {
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
fn project_name_from(value: &str) -> Option<String> {
    let name = split_name(value).map_or_else(|| value.to_owned(), |(name, _)| name);
    let name = name.trim();
    (!name.is_empty()).then(|| truncate(name, 120))
}
