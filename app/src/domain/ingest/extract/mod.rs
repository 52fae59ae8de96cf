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

mod headline;
mod rules;
mod statements;
mod tree;

use chrono::NaiveDate;

use super::blocks::{Block, BlockKind};
use super::lexicon::{
    Signal, category_of, contains_word, first_marker, priority_value, stated_verdict_of, status_of,
    strip_markers, strip_priority_tag, verdict_of, yes_no,
};
use super::limits::{MAX_GAPS, MAX_SCORES, MAX_SCORES_PER_LINE, TooComplex};
use super::numbers::{ScoreExpr, ScoreForm, date_in, effort_hours, scores_in};
use super::text::{
    clean_title, finding_id, is_bare_id, is_drawing, is_finding_id, is_generic_title, mentions,
    split_key_value, title_and_detail, truncate,
};
use crate::domain::fingerprint::fingerprint;
use crate::domain::snapshot::{
    CategoryScore, ChecklistItem, ChecklistState, Gap, Priority, StatedScore, Strength, Verdict, round1,
};

/// Longest detail kept for a gap.
const MAX_DETAIL: usize = 600;
/// Longest text kept for an item, a strength or a title.
const MAX_TEXT: usize = 300;
/// Headings kept per area (a table can name the same area in thousands of rows).
const MAX_AREA_HEADINGS: usize = 8;

/// Everything read from one report, before scores are derived.
#[derive(Debug, Default)]
pub struct Extracted {
    pub title: Option<String>,
    pub project_name: Option<String>,
    pub date: Option<NaiveDate>,
    pub headline: Option<HeadlineScore>,
    pub categories: Vec<CategoryScore>,
    pub checklist: Vec<ChecklistItem>,
    pub gaps: Vec<Gap>,
    pub strengths: Vec<Strength>,
    pub verdict: Option<(Verdict, String)>,
    pub warnings: Vec<String>,
}

/// The report's own headline score.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadlineScore {
    pub stated: StatedScore,
    pub form: ScoreForm,
}

/// Reads `blocks`; refuses a report over one of the bounds in [`limits`](super::limits).
pub fn extract(blocks: &[Block]) -> Result<Extracted, TooComplex> {
    let root = Section::tree(blocks);
    let mut walker = Walker::default();
    walker.document_facts(blocks);
    walker.section(&root, Context::root());
    match walker.overflow.take() {
        Some(bound) => Err(bound),
        None => Ok(walker.finish()),
    }
}

use super::lexicon::words::*;
use rules::*;
use statements::{LEVEL_LABEL_WORDS, Place, Statement, label_before, words_from};
use tree::Section;

/// What blocks in a section (or under a label) are evidence of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Role {
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
pub(super) struct Context<'a> {
    /// The nearest heading's text, for items that only say "Current State".
    pub(super) heading: Option<&'a str>,
    pub(super) category: Option<&'static str>,
    pub(super) area: Option<usize>,
    pub(super) role: Role,
    pub(super) priority: Option<Priority>,
    pub(super) priority_container: bool,
    pub(super) summary: bool,
    /// The document's header: before the first section, or directly under the title.
    pub(super) top: bool,
    /// Under the heading that states the report's score ("## Overall Score: 72/100"): a status
    /// or verdict there near the start is the report's, as in a summary.
    pub(super) headline_section: bool,
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
            headline_section: false,
        }
    }

    /// Whether a status or verdict stated on `line` speaks for the whole report: in the summary,
    /// the document's header, or near the start under the heading that gives its score.
    fn speaks_for_report(&self, line: u32) -> bool {
        self.summary || self.top || (self.headline_section && line <= headline::EARLY_LINES)
    }
}

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
    /// Finding identifier ("CRIT-001") -> index of its gap.
    id_index: std::collections::HashMap<String, usize>,
    /// Lowercased strength text, to skip repeats.
    strength_seen: std::collections::HashSet<String>,
    statements: Vec<Statement>,
    verdicts: Vec<VerdictCandidate>,
    areas: Vec<Area>,
    ignored_code_blocks: usize,
    project_from_key: Option<String>,
    date_from_key: Option<NaiveDate>,
    /// The heading gap whose priority its body stated (see [`stated_priority`]).
    settled_priority: Option<usize>,
    /// List-item gaps whose priority came from their section or label, not their own text: a
    /// detail under them that states a priority ("   Impact: Critical") is more specific.
    inherited_priority: std::collections::HashSet<usize>,
    /// The first bound the report went over; from then on nothing more is recorded.
    overflow: Option<TooComplex>,
}

/// What the current list is attached to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Label {
    pub(super) role: Role,
    pub(super) priority: Option<Priority>,
}

/// The bold lead of a list item when it names the finding: "**No backups** – …" does,
/// "**P0:** Backup agendado …" does not (its lead is only the priority tag).
fn finding_lead(block: &Block) -> Option<&str> {
    block.lead_strong.as_deref().map(strip_priority_tag).filter(|lead| is_meaningful_cell(lead))
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
            // A title that calls the whole report a summary or conclusion ("# KESIMPULAN
            // PRODUCTION READINESS") does not make every section under it one.
            ctx.summary = parent.summary || (!is_title && mentions(&lowered, &SUMMARY_WORDS));
            let in_priority_context = parent.priority_container || parent.role == Role::Gaps;
            let generic = is_generic_title(&title);
            // "✅ Implemented", "❌ Missing", "⚠️ Could Be Improved": a heading that is only a state
            // is a label for what follows, not an item.
            let state_label = first_marker(raw).is_some() && is_state_only(&title);
            let own_priority = if generic { None } else { heading_priority(raw, in_priority_context) };
            // "Gap #1: Missing Caching" is one finding, though its noun names a list elsewhere.
            let own_role =
                if generic || is_numbered_finding(&title) { None } else { role_of(raw, in_priority_context) };
            let strengths = matches!(own_role, Some((Role::Strengths, _)));
            let none_found = is_none_found(raw);
            let container = mentions(&lowered, &CONTAINER_WORDS) && own_priority.is_none();
            let own_category = if ctx.summary || is_title || generic { None } else { category_of(&title) };
            ctx.category = if ctx.summary { None } else { own_category.or(parent.category) };
            // Generic headings ("Current State") speak for the heading above them.
            if !is_generic_title(&title) && !is_title {
                ctx.heading = Some(raw);
                // Only a status near the start speaks for the report from here, so a heading
                // further down needs no reading.
                ctx.headline_section =
                    heading.line <= headline::EARLY_LINES && headline::states_headline(raw);
            }

            // Is this heading a gap of its own?
            let subject = gap_subject(raw);
            let negative = matches!(status_of(raw), Some(Signal::Missing | Signal::Critical));
            let body_has_impact = section.body.iter().any(|b| keyed_priority(&b.text).is_some());
            let known_priority = own_priority.is_some()
                || (parent.role == Role::Gaps && (parent.priority.is_some() || !parent.priority_container));
            let gap_context = known_priority;
            // "### 2. Brute Force Koruması Yok" over "**Severity:** 🔴 HIGH": a finding that
            // states its own priority, wherever it stands (a section over findings of its own
            // is a group, not one).
            let body_priority = if section.children.is_empty() || section.level >= 3 {
                stated_priority(&section.body)
            } else {
                None
            };
            let done_findings = matches!(own_role, Some((Role::State(ChecklistState::Done), _)));
            let is_gap = !none_found
                && !strengths
                && !done_findings
                && !container
                && !subject.is_empty()
                && !matches!(own_role, Some((Role::Gaps, None)))
                && ((gap_context && !is_generic_title(&title))
                    || (negative && body_has_impact)
                    || (body_priority.is_some() && !is_title));
            let group =
                is_gap && groups_findings(raw, &title, &lowered, own_role, own_priority, &subject, section);
            let is_gap = is_gap && !group;
            if group {
                ctx.priority = own_priority.or(parent.priority);
            }
            if is_gap {
                let priority = body_priority.or(own_priority).or(parent.priority);
                let subject = if is_generic_title(&subject) {
                    parent.heading.map(gap_subject).filter(|s| !s.is_empty()).unwrap_or(subject)
                } else {
                    subject
                };
                heading_gap =
                    self.add_gap(&subject, None, priority, effort_hours(raw), ctx.category, heading.line);
                // The body's own priority line has spoken: over what a summary list said of the
                // same finding ("❌ Critical: - Thiếu MFA" before "### Thiếu MFA" / "Mức độ:
                // HIGH"), and later impact lines do not change it.
                if let (Some(index), Some(stated)) = (heading_gap, body_priority) {
                    self.out.gaps[index].priority = Some(stated);
                }
                self.settled_priority = heading_gap.filter(|_| body_priority.is_some());
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
            } else if group {
                Role::Gaps
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

            self.scores_in_text(raw, heading.line, &ctx, Place::Heading { level: section.level });
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
        let mut table_columns: Option<Columns> = None;
        for block in blocks {
            if !matches!(block.kind, BlockKind::TableRow { .. }) {
                table_columns = None;
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
                        let header: Vec<String> = cells.iter().map(|c| c.to_lowercase()).collect();
                        table_columns = Some(Columns::of(&header));
                    } else {
                        self.table_row(block, cells, table_columns.as_ref(), ctx);
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
        self.scores_in_text(&block.text, block.line, ctx, Place::Text);
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
            if is_status_key(key_lower) {
                if let Some(signal) = status_of(&value) {
                    self.apply_status(ctx, heading, heading_gap, heading_item, signal, block.line);
                }
                // "**Status**: Production Ready ✅" near the start, under the heading that gives
                // the report's score ("PIPELINE MATURITY: 8.5/10"), states the verdict as surely
                // as a summary does; under "Docker Setup" it is that component's.
                if ctx.speaks_for_report(block.line)
                    && let Some(verdict) = verdict_of(&value)
                {
                    self.verdict(verdict, &format!("{key}: {}", strip_markers(&value)), 2, block.line);
                }
                return None;
            }
            if PRIORITY_KEYS.contains(&key_lower) {
                if let (Some(index), Some(priority)) = (heading_gap, priority_value(&value))
                    && self.settled_priority != Some(index)
                {
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
            if is_verdict_key(key_lower) {
                // "Enterprise Ready: YES" answers the key's own question.
                let answer = || key_lower.ends_with("ready").then(|| yes_no(&value)).flatten();
                if let Some(verdict) = verdict_of(&value).or_else(answer) {
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
            // figures, not controls; the headline figure may say its verdict beside it
            // ("Overall Score: 72/100 (⚠️ Conditional Go-Live)").
            if value_clean.starts_with(|c: char| c.is_ascii_digit()) || !scores_in(&value).is_empty() {
                if (ctx.summary || ctx.top)
                    && (mentions(key_lower, &SCORE_LABELS) || mentions(key_lower, &OVERALL_LABELS))
                    && let Some(verdict) = verdict_of(&value)
                {
                    self.verdict(verdict, &format!("{key}: {}", strip_markers(&value)), 2, block.line);
                }
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
        let verdict_section =
            ctx.heading.is_some_and(|h| mentions(&clean_title(h).to_lowercase(), &VERDICT_HEADINGS));
        if verdict_section
            && let Some(verdict) =
                block.lead_strong.as_deref().and_then(verdict_of).or_else(|| verdict_of(text))
        {
            self.verdict(verdict, &strip_markers(text), 3, block.line);
        }
        // A bold line that tags its own priority ("**A. No authentication (CRITICAL)**") is a
        // finding set off as a heading.
        if block.all_strong
            && !matches!(ctx.role, Role::Strengths | Role::Ignore)
            && let Some(priority) = tagged_priority(text)
        {
            let subject = gap_subject(strip_priority_tag(text));
            if !subject.is_empty() && !text.trim_end().ends_with(':') {
                self.add_gap(
                    &subject,
                    None,
                    Some(priority),
                    effort_hours(text),
                    category_of(text).or(ctx.category),
                    block.line,
                );
                return None;
            }
        }
        if block.all_strong || text.trim_end().ends_with(':') {
            if (ctx.summary || ctx.top)
                && let Some(verdict) = verdict_of(text)
            {
                self.verdict(verdict, &strip_markers(text), 1, block.line);
            }
            return label_for(text, ctx);
        }
        // A conclusion's sentence that says it in so many words ("Проект … готов к production.").
        if ctx.summary
            && let Some(verdict) = stated_verdict_of(text)
        {
            self.verdict(verdict, &truncate(&strip_markers(text), MAX_TEXT), 1, block.line);
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
        self.scores_in_text(text, block.line, ctx, Place::Text);
        self.keyed_verdict(text, block.line, ctx);
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
                let (title, detail) = title_and_detail(text, finding_lead(block));
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
            // "✅ Deploy v1.12.1" among findings is one already done.
            Role::Gaps if relative_depth == 0 && text.trim_start().starts_with(['✅', '✔', '☑']) => {
                self.add_item(&clean_item(text), ChecklistState::Done, category, block.line);
                None
            }
            Role::Gaps if relative_depth == 0 => {
                let (title, detail) = title_and_detail(strip_priority_tag(text), finding_lead(block));
                let tagged = own_priority(text);
                let index = self.add_gap(
                    &title,
                    detail,
                    tagged.or(priority),
                    effort_hours(text),
                    category,
                    block.line,
                );
                if tagged.is_none()
                    && let Some(index) = index
                {
                    self.inherited_priority.insert(index);
                }
                index
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
                    let (title, detail) = title_and_detail(strip_priority_tag(text), finding_lead(block));
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

    fn table_row(&mut self, block: &Block, cells: &[String], columns: Option<&Columns>, ctx: &Context<'_>) {
        let none = Columns::default();
        let columns = columns.unwrap_or(&none);
        let title_at = columns.title_cell(cells);
        let Some(first) = cells.get(title_at) else { return };
        let label = clean_title(first);
        if label.is_empty() || ctx.role == Role::Ignore {
            return;
        }
        let (score_col, status_col, priority_col, effort_col) =
            (columns.score, columns.status, columns.priority, columns.effort);
        let lowered_label = label.to_lowercase();

        // A findings table: each row with a priority is a gap (its own, else its section's when
        // the table has neither a priority nor a score column), unless its state says done.
        let row_priority = priority_col.and_then(|i| cells.get(i)).and_then(|cell| priority_value(cell));
        // An "Impact" column that describes the harm ("Anyone can write") states no priority.
        let impact_prose = columns.priority_is_impact && row_priority.is_none();
        // A criterion that fails ("| Backend Test Coverage | ≥85% | 40% | ❌ |") under a
        // prioritized heading is a gap even with figures in its row.
        let failing = status_col
            .and_then(|i| cells.get(i))
            .is_some_and(|cell| matches!(status_of(cell), Some(Signal::Missing | Signal::Critical)));
        let section_priority = ctx.priority.filter(|_| {
            (priority_col.is_none() || impact_prose)
                && score_col.is_none()
                && matches!(ctx.role, Role::Gaps | Role::Plain)
                && (failing || cells.iter().all(|cell| scores_in(cell).is_empty()))
        });
        // A row with nothing to title it ("🔴 Critical | 5" counting findings) is no finding.
        let titled = is_meaningful_cell(first);
        if let Some(priority) = row_priority.or(section_priority).filter(|_| titled) {
            let state_cell = status_col.and_then(|i| cells.get(i));
            if state_cell.is_some_and(|cell| row_is_done(cell)) {
                self.add_item(&label, ChecklistState::Done, category_of(&label).or(ctx.category), block.line);
                return;
            }
            let effort = effort_col.and_then(|i| cells.get(i)).and_then(|cell| effort_hours(cell));
            let detail = cells
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != title_at && Some(*i) != priority_col && Some(*i) != effort_col)
                .map(|(_, cell)| strip_markers(cell))
                .filter(|cell| !cell.is_empty() && !is_bare_id(cell))
                .collect::<Vec<_>>()
                .join("; ");
            let category = category_of(&cells.join(" ")).or(ctx.category);
            let id = cells
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != title_at)
                .map(|(_, cell)| strip_markers(cell))
                .find(|cell| is_finding_id(cell.trim()))
                .map(|cell| cell.trim().to_ascii_uppercase());
            self.add_identified_gap(
                id,
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
            None => (1..cells.len()).filter(|&i| !columns.is_not_score(i)).collect(),
        };
        let mut scores = Vec::new();
        for index in score_cells {
            let Some(cell) = cells.get(index) else { continue };
            for expr in scores_in(cell) {
                if scores.len() >= MAX_SCORES_PER_LINE {
                    self.overflow.get_or_insert(TooComplex::ScoresOnLine { line: block.line });
                    return;
                }
                // Without a score column a percentage is a share (coverage, progress), unless
                // the row is the table's overall one ("| **OVERALL** | **80%** |").
                if score_col.is_none()
                    && expr.form == ScoreForm::Percent
                    && !mentions(&lowered_label, &OVERALL_LABELS)
                {
                    continue;
                }
                // "94% → 98%" is a progression: the arrow marks both as no current score.
                let shown = if cell.contains('→') || cell.contains("->") {
                    cell.trim()
                } else {
                    cell[expr.start..expr.end].trim()
                };
                let text = format!("{label}: {shown}");
                scores.push((expr, text));
            }
        }
        let signal = match status_col.and_then(|i| cells.get(i)) {
            Some(cell) => status_of(cell),
            None => cells.iter().skip(1).find_map(|cell| first_marker(cell).map(|(signal, ..)| signal)),
        };

        let verdict_row = VERDICT_ROW_LABELS.occurrences(&lowered_label).map(|(_, index)| index).min();
        if verdict_row.is_some() || ctx.summary {
            for cell in cells.iter().skip(1) {
                if let Some(verdict) = verdict_of(cell) {
                    let weight =
                        if verdict_row.is_some_and(|index| index < SURE_VERDICT_ROW_LABELS) { 2 } else { 1 };
                    self.verdict(verdict, &format!("{label}: {}", strip_markers(cell)), weight, block.line);
                }
            }
        }

        // A row naming an area ("CI/CD | 8/10 | ✅") is that area's row, even in a summary; rows
        // about the whole ("DevOps Score", "Overall readiness") are headline figures.
        let headline_row = mentions(&lowered_label, &HEADLINE_ROW_LABELS);
        let area_key =
            category_of(&label).filter(|_| !headline_row && (!scores.is_empty() || signal.is_some()));
        let row_ctx = match area_key {
            Some(key) => Context { summary: false, area: Some(self.area(key, &label, block.line)), ..*ctx },
            None => *ctx,
        };
        let is_score_row = !scores.is_empty();
        for (expr, text) in scores {
            let place = Place::TableRow { score_column: score_col.is_some() };
            self.push_statement(expr, &label, text, block.line, &row_ctx, place);
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
        // A panel drawn with box characters ("│  Overall Score: 68/100  │") is the report's
        // own summary set in a code block for its alignment, not a sample or configuration.
        let panel = is_drawn_panel(&block.text);
        let place = if panel { Place::Text } else { Place::Code };
        for (offset, line) in block.text.lines().enumerate() {
            let line_number = block.line + 1 + u32::try_from(offset).unwrap_or(0);
            if panel {
                self.keyed_verdict(
                    line.trim_matches(|c: char| c.is_whitespace() || is_box_drawing(c)),
                    line_number,
                    ctx,
                );
            }
            let Some((key, value)) = split_key_value(line.trim()) else { continue };
            let exprs: Vec<ScoreExpr> = scores_in(&value)
                .into_iter()
                .filter(|e| e.form == ScoreForm::Fraction || (panel && e.form == ScoreForm::Percent))
                .collect();
            let Some(expr) = exprs.first() else { continue };
            let label = clean_title(&key);
            let text = format!("{label}: {}", value[expr.start..expr.end].trim());
            self.push_statement(expr.clone(), &label, text, line_number, ctx, place);
            read_any = true;
        }
        if !read_any {
            self.ignored_code_blocks += 1;
        }
    }

    // -- recording ---------------------------------------------------------------------------

    fn scores_in_text(&mut self, text: &str, line: u32, ctx: &Context<'_>, place: Place) {
        let exprs = scores_in(text);
        if exprs.len() > MAX_SCORES_PER_LINE {
            self.overflow.get_or_insert(TooComplex::ScoresOnLine { line });
            return;
        }
        for expr in exprs {
            let mut label = label_before(text, expr.start);
            // "demonstrates **Level 3 (Advanced)** DevOps maturity": a level's own words and
            // what follows them say what it is a level of.
            if expr.form == ScoreForm::Level {
                label =
                    format!("{label} {}", words_from(text, expr.start, LEVEL_LABEL_WORDS)).trim().to_owned();
            } else {
                // "rated the repository **2/10** overall", "██░░ 60% ГОТОВИЙ ДО PRODUCTION": the
                // words after a figure label it when they say "overall" or nothing stands before.
                let after = words_from(text, expr.end, 3);
                let after = after.trim_matches(|c: char| !c.is_alphanumeric());
                let first = after.split_whitespace().next().unwrap_or("").to_lowercase();
                if mentions(&first, &OVERALL_LABELS) {
                    label = format!("{label} {first}").trim().to_owned();
                } else if !label.chars().any(char::is_alphabetic) && !after.is_empty() {
                    label = after.to_owned();
                }
            }
            let shown = if expr.form == ScoreForm::Level {
                label.clone()
            } else {
                format!(
                    "{}{}",
                    if label.is_empty() { String::new() } else { format!("{label}: ") },
                    text[expr.start..expr.end].trim()
                )
            };
            self.push_statement(expr, &label, shown, line, ctx, place);
        }
    }

    fn push_statement(
        &mut self,
        expr: ScoreExpr,
        label: &str,
        text: String,
        line: u32,
        ctx: &Context<'_>,
        place: Place,
    ) {
        if self.statements.len() >= MAX_SCORES {
            self.overflow.get_or_insert(TooComplex::Scores);
            return;
        }
        let lowered = label.to_lowercase();
        // "Quality score ≥ 8.0/10" is a threshold to meet, as much a target as "Target: 8/10".
        let target = mentions(&lowered, &TARGET_WORDS)
            || ['→', '≥', '≤', '>', '<'].iter().any(|sign| text.contains(*sign))
            || text.contains("->");
        // A label about the whole (overall, DevOps, maturity, readiness) names no one area.
        let whole = contains_word(&lowered, "devops")
            || mentions(&lowered, &OVERALL_LABELS)
            || mentions(&lowered, &MATURITY_LABELS)
            || mentions(&lowered, &READINESS_LABELS);
        let label_category = if whole { None } else { category_of(label) };
        self.statements.push(Statement {
            expr,
            label: label.to_owned(),
            text: truncate(&strip_markers(&text), 160),
            line,
            summary: ctx.summary,
            top: ctx.top,
            area_key: if ctx.summary { None } else { ctx.area.map(|i| self.areas[i].key) },
            label_category,
            place,
            target,
        });
    }

    /// "Verdict: CONDITIONAL GO", "Statut: GO_WITH_RISK", "Overall Score: 72/100 (Conditional
    /// Go-Live)" in a list item or a drawn panel of the summary: the verdict its key names.
    fn keyed_verdict(&mut self, text: &str, line: u32, ctx: &Context<'_>) {
        if !ctx.speaks_for_report(line) {
            return;
        }
        let Some((key, value)) = split_key_value(text) else { return };
        let key_lower = key.to_lowercase();
        let verdict_key = is_verdict_key(&key_lower) || is_status_key(&key_lower);
        if verdict_key && let Some(verdict) = verdict_of(&value) {
            self.verdict(verdict, &format!("{key}: {}", strip_markers(&value)), 2, line);
        }
    }

    fn verdict(&mut self, verdict: Verdict, text: &str, weight: u32, line: u32) {
        self.verdicts.push(VerdictCandidate { verdict, text: truncate(text.trim(), 200), weight, line });
    }

    fn area(&mut self, key: &'static str, heading: &str, line: u32) -> usize {
        if let Some(index) = self.areas.iter().position(|area| area.key == key) {
            let headings = &self.areas[index].headings;
            if headings.len() < MAX_AREA_HEADINGS && !headings.iter().any(|h| h == heading) {
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
        self.add_identified_gap(None, raw_title, detail, priority, effort, category, line)
    }

    /// [`Self::add_gap`] for a finding that may carry an identifier (`id`, else one opening its
    /// title): a finding stated twice under one id (a summary table's row, then its own
    /// section) is one gap, with the richer title and detail.
    #[expect(clippy::too_many_arguments, reason = "a gap's parts, as add_gap takes them")]
    fn add_identified_gap(
        &mut self,
        id: Option<String>,
        raw_title: &str,
        detail: Option<String>,
        priority: Option<Priority>,
        effort: Option<f64>,
        category: Option<&'static str>,
        line: u32,
    ) -> Option<usize> {
        // The id first: "HIGH-001: …" is an id, not a "HIGH" tag.
        let (id, untagged) = match finding_id(raw_title).or_else(|| finding_id(strip_priority_tag(raw_title)))
        {
            Some((own, rest)) if has_words(rest) => (id.or(Some(own)), strip_priority_tag(rest)),
            _ => (id, strip_priority_tag(raw_title)),
        };
        let title = truncate(&without_effort(untagged), MAX_TEXT);
        // "- [ ] None - all can be operationalized" under "CRITICAL" says there is no finding.
        if !has_words(&title) || NONE_VALUES.contains(&title.to_lowercase().as_str()) {
            return None;
        }
        let print = fingerprint(&title);
        let category = category_of(&title).or(category).map(str::to_owned);
        let known = self.gap_index.get(&print).copied();
        if let (None, Some(&index)) = (known, id.as_ref().and_then(|id| self.id_index.get(id))) {
            // The same finding in other words: keep the fuller title, under both fingerprints.
            let gap = &mut self.out.gaps[index];
            if title.chars().count() > gap.title.chars().count() {
                gap.title = title;
            }
            self.gap_index.insert(print, index);
            self.merge_into(index, detail, priority, effort, category);
            return Some(index);
        }
        if let Some(index) = known {
            self.merge_into(index, detail, priority, effort, category);
            return Some(index);
        }
        if self.out.gaps.len() >= MAX_GAPS {
            self.overflow.get_or_insert(TooComplex::Gaps);
            return None;
        }
        if let Some(id) = id {
            self.id_index.entry(id).or_insert(self.out.gaps.len());
        }
        self.push_gap(title, print, detail, priority, effort, category, line)
    }

    /// A gap stated again: the more urgent priority stands, and what it adds fills the gaps.
    fn merge_into(
        &mut self,
        index: usize,
        detail: Option<String>,
        priority: Option<Priority>,
        effort: Option<f64>,
        category: Option<String>,
    ) {
        let gap = &mut self.out.gaps[index];
        gap.priority = match (gap.priority, priority) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        gap.effort_hours = gap.effort_hours.or(effort);
        gap.category = gap.category.take().or(category);
        let richer = detail.filter(|new| gap.detail.as_ref().is_none_or(|old| new.len() > old.len()));
        if let Some(detail) = richer {
            gap.detail = Some(truncate(&detail, MAX_DETAIL));
        }
    }

    #[expect(clippy::too_many_arguments, reason = "a gap's parts")]
    fn push_gap(
        &mut self,
        title: String,
        print: String,
        detail: Option<String>,
        priority: Option<Priority>,
        effort: Option<f64>,
        category: Option<String>,
        line: u32,
    ) -> Option<usize> {
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
        if let Some(stated) = keyed_priority(text)
            && self.inherited_priority.contains(&index)
        {
            self.out.gaps[index].priority = Some(stated.priority);
            // A priority line settles it; an impact line leaves room for one.
            if !stated.impact {
                self.inherited_priority.remove(&index);
            }
        }
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
        // The report's closing sentence, after every section ("*Проект оптимизирован и готов к
        // production.*"), is its conclusion wherever it stands: a verdict said in so many words
        // there is the report's.
        if let Some(last) = blocks.last().filter(|b| matches!(b.kind, BlockKind::Line))
            && let Some(verdict) = stated_verdict_of(&last.text)
        {
            self.verdict(verdict, &truncate(&strip_markers(&last.text), MAX_TEXT), 1, last.line);
        }
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
        let Some((index, note)) = headline::choose(&self.statements) else { return };
        let chosen = self.statements.remove(index);
        if let Some(note) = note {
            self.out.warnings.push(note);
        }
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
                && s.label_category.is_none()
                && headline::is_candidate(s))
        });
        self.out.headline = Some(HeadlineScore { stated: chosen.stated(), form: chosen.expr.form });
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
                && !mentions(&statement.label.to_lowercase(), &PERCENT_SCORE_WORDS);
            let sub_score = statement.in_code() && statement.area_key.is_some();
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
                let sub_score = s.in_code() && s.area_key.is_some();
                let bare_percent = s.expr.form == ScoreForm::Percent
                    && !mentions(&s.label.to_lowercase(), &PERCENT_SCORE_WORDS);
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
            } else if headline::is_candidate(statement)
                || (statement.in_code() && statement.expr.form == ScoreForm::Fraction)
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

#[cfg(test)]
mod tests {
    use crate::domain::ingest::parse_report;
    use crate::domain::snapshot::Priority;

    fn priorities(report: &str) -> Vec<(String, Option<Priority>)> {
        let snapshot = parse_report(report.as_bytes()).expect("parses");
        snapshot.gaps.into_iter().map(|gap| (gap.title, gap.priority)).collect()
    }

    #[test]
    fn a_table_column_is_named_with_the_words_of_key_value_lines() {
        // "Severidad: Alta" was read as a priority and a "Severidad" column was not.
        let table =
            "# Auditoría\n\n| Hallazgo | Severidad |\n|---|---|\n| Sin copias de seguridad | Alta |\n";
        assert_eq!(priorities(table), vec![("Sin copias de seguridad".to_owned(), Some(Priority::High))]);
        let german = "# Audit\n\n| Befund | Schweregrad |\n|---|---|\n| Keine Backups | Hoch |\n";
        assert_eq!(priorities(german), vec![("Keine Backups".to_owned(), Some(Priority::High))]);
    }

    fn owned(gaps: &[(&str, Priority)]) -> Vec<(String, Option<Priority>)> {
        gaps.iter().map(|(title, priority)| ((*title).to_owned(), Some(*priority))).collect()
    }

    #[test]
    fn a_tier_heading_over_a_findings_table_is_a_group_not_a_gap() {
        let report = "# Auditoría\n\n## Oportunidades de mejora\n\n### 🔴 CRÍTICAS (Prioridad ALTA) - 2 Issues\n\n\
            | # | Problema | Esfuerzo |\n|---|---|---|\n| 1 | **CSRF Token Protection** | Bajo (2-3h) |\n\
            | 2 | **Secure Cookies** | Bajo (1-2h) |\n";
        assert_eq!(
            priorities(report),
            owned(&[("CSRF Token Protection", Priority::High), ("Secure Cookies", Priority::High)])
        );
        // A finding's own table of details names no finding column: it stays one gap.
        let finding = "# Audit\n\n## Findings\n\n### High: No backups\n\n| Field | Value |\n|---|---|\n\
            | Location | db.rs |\n| Owner | ops |\n";
        assert_eq!(priorities(finding), owned(&[("No backups", Priority::High)]));
    }

    #[test]
    fn a_tier_heading_over_sections_groups_them() {
        let report = "# Review\n\n## 🔴 CRITICAL ISSUES - Must Fix Before Production\n\n\
            ### 1. **Security**\n- **Hardcoded secrets** in .env files\n- **API keys logged** to console\n\n\
            ### 2. **Data**\n- **No input validation** middleware\n- **Missing indexes** on foreign keys\n";
        assert_eq!(
            priorities(report),
            owned(&[
                ("Hardcoded secrets", Priority::Critical),
                ("API keys logged", Priority::Critical),
                ("No input validation", Priority::Critical),
                ("Missing indexes on foreign keys", Priority::Critical),
            ])
        );
    }

    #[test]
    fn a_lead_that_is_only_a_priority_tag_does_not_title_the_gap() {
        let report = "# Revisão\n\n## Priorização\n\n1. **P0:** Backup agendado e cifrado\n\
            2. **P1:** Redis AUTH no compose\n";
        assert_eq!(
            priorities(report),
            owned(&[
                ("Backup agendado e cifrado", Priority::Critical),
                ("Redis AUTH no compose", Priority::High)
            ])
        );
    }

    #[test]
    fn a_list_of_findings_that_carry_their_fix_is_a_group() {
        let report = "# Audit\n\n## Findings\n\n### Reliability\n\n\
            - **P1 — Single VPS is a SPOF.** One host holds all. *Fix:* move Postgres.\n\
            - **P2 — Duplicate image builds.** Two workflows build. *Fix:* one build.\n";
        assert_eq!(
            priorities(report),
            owned(&[("Single VPS is a SPOF", Priority::High), ("Duplicate image builds", Priority::Medium)])
        );
    }

    #[test]
    fn resolved_findings_are_not_open_and_risk_tiers_are_priorities() {
        let report = "# Security\n\n## ✅ All High-Risk Issues Resolved\n\n1. ✅ **SSRF** - URL validation\n\n\
            ## ⚠️ Remaining Issues (Non-Blocking)\n\n### Medium Risk (1 item)\n- CSRF protection\n\n\
            ### Low Risk (1 item)\n- Enhanced CORS\n";
        assert_eq!(
            priorities(report),
            owned(&[("CSRF protection", Priority::Medium), ("Enhanced CORS", Priority::Low)])
        );
        let snapshot = parse_report(report.as_bytes()).expect("parses");
        assert!(snapshot.checklist.iter().any(|item| item.text.contains("SSRF")), "{:?}", snapshot.checklist);
    }

    #[test]
    fn portuguese_and_spanish_severity_keys_state_a_findings_priority() {
        let report = "# Revisão\n\n## Problemas\n\n### D-01 — Backup sem garantia\n\n- **Gravidade:** ALTO\n\n\
            ### D-02 — Sin alertas\n\n- **Gravedad:** Media\n";
        assert_eq!(
            priorities(report),
            owned(&[("Backup sem garantia", Priority::High), ("Sin alertas", Priority::Medium)])
        );
    }

    #[test]
    fn a_list_set_in_a_code_block_is_read_as_a_list() {
        let report = "# Audit\n\n## 🎯 Высокоприоритетные действия\n\n### ЭТАП 1: Инфраструктура (Week 1 - 2-4 дня)\n\
            ```bash\n# steps\n1. Deploy SPIRE Server\n   Effort: 2-3 часа\n   Impact: Критично для security\n\n\
            2. Setup PostgreSQL\n   Effort: 1-2 часа\n```\n";
        assert_eq!(
            priorities(report),
            owned(&[("Deploy SPIRE Server", Priority::Critical), ("Setup PostgreSQL", Priority::High)])
        );
        // A code block with code in it stays a sample.
        let sample = "# Audit\n\n## High priority\n\n```bash\n1. x = 3;\n2. run && deploy\n```\n";
        assert_eq!(priorities(sample), Vec::new());
    }

    #[test]
    fn done_marks_none_and_critical_paths_are_not_open_findings() {
        let report = "# Review\n\n## Critical Path to Production\n\n### Phase 1\n\n- ✅ Deploy v1.12.1\n- ✅ Enable tracking\n\n\
            ## Issues\n\n### CRITICAL\n\n- [ ] None - all can be operationalized\n\n### HIGH PRIORITY\n\n\
            - [ ] Fix cache races\n- ✅ Rotate keys\n- Add alerts\n";
        assert_eq!(
            priorities(report),
            owned(&[("Fix cache races", Priority::High), ("Add alerts", Priority::High)])
        );
    }

    #[test]
    fn a_status_under_the_headline_heading_is_the_verdict_and_under_a_component_is_not() {
        let stated = "# Assessment\n\n## 🎯 PIPELINE MATURITY: 8.5/10\n\n**Status**: Production Ready ✅\n";
        let snapshot = parse_report(stated.as_bytes()).expect("parses");
        assert_eq!(snapshot.overall.verdict, Some(crate::domain::snapshot::Verdict::Ready));
        let component =
            "# Assessment\n\n## Containers\n\n### Docker Setup\n**Status**: ✅ Production-Ready\n";
        let snapshot = parse_report(component.as_bytes()).expect("parses");
        assert_eq!(snapshot.overall.verdict_text, None, "{:?}", snapshot.overall);
    }

    #[test]
    fn a_panel_under_the_headline_heading_states_the_verdict_and_a_later_one_does_not() {
        use crate::domain::snapshot::Verdict;
        let panel = |blank_lines: usize| {
            format!(
                "# Scorecard\n\n## Overall Score: 72/100 (B-)\n{}\n```\n┌──────────────┐\n\
                 │ Verdict: CONDITIONAL GO │\n└──────────────┘\n```\n",
                "\n".repeat(blank_lines)
            )
        };
        let early = parse_report(panel(0).as_bytes()).expect("parses");
        assert_eq!(early.overall.verdict_text.as_deref(), Some("Verdict: CONDITIONAL GO"));
        assert_eq!(early.overall.verdict, Some(Verdict::Conditional));
        let late = parse_report(panel(40).as_bytes()).expect("parses");
        assert_eq!(late.overall.verdict_text, None, "far below the headline it is not the report's");
    }

    #[test]
    fn the_closing_sentence_states_the_verdict_and_a_sentence_in_the_body_does_not() {
        use crate::domain::snapshot::Verdict;
        let closing =
            "# Review\n\n## Fixed\n\n- timeouts\n\n---\n\n*Проект оптимизирован и готов к production.*\n";
        let snapshot = parse_report(closing.as_bytes()).expect("parses");
        assert_eq!(snapshot.overall.verdict, Some(Verdict::Ready));
        assert!(snapshot.overall.verdict_text.as_deref().is_some_and(|t| t.contains("готов к production")));
        let body = "# Review\n\n## Docker\n\nThe image is ready for production.\n\n- timeouts\n";
        let snapshot = parse_report(body.as_bytes()).expect("parses");
        assert_eq!(snapshot.overall.verdict_text, None);
    }

    #[test]
    fn open_boxes_under_a_phase_tier_are_findings_and_under_a_finding_its_steps() {
        let tier = "# План\n\n## ПЛАН\n\n### ФАЗА 1: КРИТИЧНОЕ (Неделя 1-2)\n- [ ] Webhook signature verification\n\
            - [ ] Redis rate limiting\n\n**Результат:** Устранены риски\n";
        assert_eq!(
            priorities(tier),
            owned(&[
                ("Webhook signature verification", Priority::Critical),
                ("Redis rate limiting", Priority::Critical)
            ])
        );
        let tagged = "# Plan\n\n## Plan\n\n#### 8. Advanced Features (Priority: LOW)\n- [ ] API endpoints\n- [ ] Web UI\n\n\
            **Estimated Effort:** 80+ hours\n";
        assert_eq!(priorities(tagged), owned(&[("Advanced Features", Priority::Low)]));
        let introduced = "# Plan\n\n## Plan\n\n#### Fresh Clone (Critical)\n**Current:** Not tested\n\n\
            - [ ] Clone repo\n- [ ] Run pipeline\n";
        assert_eq!(priorities(introduced), owned(&[("Fresh Clone", Priority::Critical)]));
    }

    #[test]
    fn japanese_findings_state_their_severity_after_a_full_width_colon() {
        let report = "# レビュー\n\n## 指摘事項\n\n### 1. 一括削除が競合保護を迂回\n\n- **重大度：🔴 致命的**\n- **該当箇所：1673行**\n\n\
            ### 2. 保存不可環境でも編集できる\n\n- **重大度：🟡 警告**\n\n### 3. 性能計測が未実施\n\n- **重大度：🔵 提案**\n";
        assert_eq!(
            priorities(report),
            owned(&[
                ("一括削除が競合保護を迂回", Priority::Critical),
                ("保存不可環境でも編集できる", Priority::Medium),
                ("性能計測が未実施", Priority::Low),
            ])
        );
    }

    #[test]
    fn a_marker_after_the_numbering_opens_the_findings_title() {
        let report = "# Audit\n\n## 🚨 CRITICAL ISSUES\n\n### 1. ❌ Database Architecture Conflict\n\nTwo \
            databases.\n\n- `models/Ticket.js` - Mongoose\n\n### 2. ❌ Ontbrekende Environment Configuration\n\nText.\n";
        assert_eq!(
            priorities(report),
            owned(&[
                ("Database Architecture Conflict", Priority::Critical),
                ("Ontbrekende Environment Configuration", Priority::Critical),
            ])
        );
    }

    #[test]
    fn a_criticality_column_and_an_item_column_in_turkish_and_a_czech_tier() {
        let table = "# Analiz\n\n## Kontrol Listesi\n\n| Madde | Durum | Kritiklik | Detay |\n|---|---|---|---|\n\
            | **Database Backup** | ⏳ **TODO** | 🔴 **CRITICAL** | restore dry-run |\n\
            | **Redis Health** | ✅ **READY** | 🟡 **HIGH** | PING test |\n\
            | **Smoke Tests** | ⏳ **TODO** | 🟡 **HIGH** | core endpoints |\n";
        assert_eq!(
            priorities(table),
            owned(&[("Database Backup", Priority::Critical), ("Smoke Tests", Priority::High)])
        );
        let tier = "# Zpráva\n\n## 🔴 1. Kritické Problémy (MUSÍ být opraveny)\n\n### 1.1 Chybějící Autentizace v API \
            Routes\n\nText.\n";
        assert_eq!(priorities(tier), owned(&[("Chybějící Autentizace v API Routes", Priority::Critical)]));
    }

    #[test]
    fn a_numbered_gap_heading_is_one_finding_and_priority_keyed_items_are_findings() {
        let numbered = "# Audit\n\n## 🎯 CRITICAL GAPS\n\n### Gap #1: Missing Caching (Performance: 6/10)\n\
            **Problem:** Only 1/8 workflows cache\n- **Impact:** slow runs\n- **Cost:** compute\n\n\
            ### Gap #2: No Retry Logic\n**Problem:** flaky\n- **Impact:** false negatives\n";
        assert_eq!(
            priorities(numbered),
            owned(&[
                ("Gap #1: Missing Caching", Priority::Critical),
                ("Gap #2: No Retry Logic", Priority::Critical)
            ])
        );
        let keyed = "# Audit\n\n## Summary of Findings\n\n### ⚠️ Areas Requiring Attention:\n\
            1. **CRITICAL:** Enable branch protection on main\n2. **HIGH:** Implement CODEOWNERS file\n\
            3. **LOW:** Add API documentation\n";
        assert_eq!(
            priorities(keyed),
            owned(&[
                ("Enable branch protection on main", Priority::Critical),
                ("Implement CODEOWNERS file", Priority::High),
                ("Add API documentation", Priority::Low),
            ])
        );
    }

    #[test]
    fn a_conclusion_in_the_title_makes_no_summary_of_every_section() {
        use crate::domain::snapshot::Verdict;
        let report = "# KESIMPULAN PRODUCTION READINESS\n\n## Assessment\n\n### Production Readiness ⚠️ 65%\n\n\
            #### ✅ Yang Sudah Siap:\n- Docker\n\n## 🎯 SCORE OVERALL\n\n| Aspek | Score | Status |\n|---|---|---|\n\
            | **Security** | 75% | ✅ Baik |\n| **OVERALL** | **80%** | ✅ Baik |\n\n## ✅ FINAL ANSWER\n\n\
            **Status:** ✅ **SIAP PRODUCTION SETELAH KONFIGURASI**\n";
        let snapshot = parse_report(report.as_bytes()).expect("parses");
        assert_eq!(snapshot.overall.verdict, Some(Verdict::Conditional), "{:?}", snapshot.overall);
        assert_eq!(snapshot.overall.stated.map(|s| (s.value, s.scale)), Some((80.0, 100.0)));
    }

    fn headline(report: &str) -> Option<(f64, f64)> {
        let snapshot = parse_report(report.as_bytes()).expect("parses");
        snapshot.overall.stated.map(|stated| (stated.value, stated.scale))
    }

    #[test]
    fn the_words_after_a_figure_and_a_tables_columns_say_which_figure_is_the_headline() {
        assert_eq!(
            headline("# Summary\n\nThe audit rated the repository **2/10** overall, noting little code.\n"),
            Some((2.0, 10.0))
        );
        let overall_row = "# Audit\n\n## Detail\n\n### Readiness ⚠️ 65%\n\n- text\n\n## SCORE OVERALL\n\n\
            | Aspek | Score | Status |\n|---|---|---|\n| **Security** | 75% | ✅ |\n| **OVERALL** | **80%** | ✅ |\n";
        assert_eq!(headline(overall_row), Some((80.0, 100.0)));
        let weighted = "# Scorecard\n\n| Category | Weight | Target | Current |\n|---|--:|--:|--:|\n\
            | Core | 20% | 85% | 78% |\n| **Weighted total** | **100%** | **80%+** | **68%** |\n";
        assert_eq!(headline(weighted), Some((68.0, 100.0)));
    }
}
