//! What a project's PDF report says, worked out from the data: the headline, the executive
//! summary in plain sentences, the tables, and the sources. Pure: the typesetting template
//! (app/src/report/project.typ) only lays out these strings.
//!
//! A report is pinned to a snapshot. Everything in it is a function of that snapshot, the one
//! before it and the project's items; "overdue" is judged against the audit's date, so the same
//! inputs give the same document. The generation stamp is the only "now".

use chrono::NaiveDate;
use serde::Serialize;

use super::diff::SnapshotDiff;
use super::project::ProjectName;
use super::scorecard::{CategoryLine, ChecklistGroup, category_label};
use super::snapshot::Priority;

/// A snapshot the report is built from.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotFacts {
    pub snapshot_id: i64,
    pub date: NaiveDate,
    pub score: Option<f64>,
    pub level: Option<i16>,
    pub verdict: Option<String>,
    pub sha256: String,
}

/// An open remediation item as the report lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenItemFacts {
    pub title: String,
    pub category_key: Option<String>,
    pub priority: Priority,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
}

/// Everything a project report is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput {
    pub project_name: String,
    pub project_slug: String,
    pub snapshot: SnapshotFacts,
    pub previous: Option<SnapshotFacts>,
    pub categories: Vec<CategoryLine>,
    pub checklist: Vec<ChecklistGroup>,
    pub diff: SnapshotDiff,
    pub open_items: Vec<OpenItemFacts>,
    pub trend_text: String,
    /// When the document is made, as it should read ("2026-11-22 10:40 UTC").
    pub generated: String,
}

/// The report as the template reads it (`data.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectReport {
    pub title: String,
    pub project: ProjectName,
    pub as_of: String,
    pub generated: String,
    pub headline: HeadlineText,
    pub summary: Vec<String>,
    pub trend_text: String,
    pub categories: Vec<CategoryRow>,
    pub checklist_total: String,
    pub checklist: Vec<ChecklistRow>,
    pub open_total: usize,
    pub open_note: String,
    pub open_items: Vec<PriorityGroup>,
    pub resolved_note: String,
    pub resolved: Vec<String>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadlineText {
    pub score: String,
    pub level: String,
    pub verdict: String,
    pub change: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryRow {
    pub label: String,
    pub score: String,
    pub status: String,
    pub change: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistRow {
    pub label: String,
    pub done: usize,
    pub partial: usize,
    pub missing: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityGroup {
    pub priority: String,
    pub items: Vec<ReportItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportItem {
    pub title: String,
    pub category: String,
    pub owner: String,
    pub due: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub snapshot_id: i64,
    pub date: String,
    pub sha256: String,
}

fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |value| format!("{value:.1}"))
}

fn signed(delta: f64) -> String {
    if delta > 0.05 {
        format!("+{delta:.1}")
    } else if delta < -0.05 {
        format!("−{:.1}", delta.abs())
    } else {
        "±0.0".to_owned()
    }
}

/// "3 of 5", or a dash.
fn level_of(level: Option<i16>) -> String {
    level.map_or_else(|| "—".to_owned(), |level| format!("{level} of 5"))
}

fn category_rows(lines: &[CategoryLine]) -> Vec<CategoryRow> {
    lines
        .iter()
        .map(|line| CategoryRow {
            label: line.label.clone(),
            score: score(line.score),
            status: line.status.clone().unwrap_or_else(|| "—".to_owned()),
            change: line.delta.map_or_else(|| "—".to_owned(), signed),
        })
        .collect()
}

fn verdict_words(verdict: Option<&str>) -> &'static str {
    match verdict {
        Some("ready") => "Ready",
        Some("conditional") => "Conditional",
        Some("not_ready") => "Not ready",
        _ => "—",
    }
}

/// "A (+4.0), B (+2.5)" for the categories that moved in `direction` (1 up, −1 down), largest
/// moves first, at most three.
fn movers(categories: &[CategoryLine], up: bool) -> Vec<String> {
    let mut moved: Vec<(&CategoryLine, f64)> = categories
        .iter()
        .filter_map(|line| line.delta.map(|delta| (line, delta)))
        .filter(|(_, delta)| if up { *delta > 0.05 } else { *delta < -0.05 })
        .collect();
    moved.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then_with(|| a.0.label.cmp(&b.0.label)));
    moved.into_iter().take(3).map(|(line, delta)| format!("{} ({})", line.label, signed(delta))).collect()
}

/// The executive summary: what the score did, what improved and regressed, what the audit found
/// and fixed, and what blocks readiness.
pub fn executive_summary(input: &ReportInput) -> Vec<String> {
    let now = &input.snapshot;
    let mut sentences = Vec::new();
    let level = now.level.map(|level| format!(", level {level} of 5")).unwrap_or_default();
    sentences.push(match (now.score, &input.previous) {
        (Some(value), Some(previous)) => match previous.score {
            Some(before) => {
                let delta = value - before;
                let direction = if delta > 0.05 {
                    format!("up {:.1} points", delta)
                } else if delta < -0.05 {
                    format!("down {:.1} points", delta.abs())
                } else {
                    "unchanged".to_owned()
                };
                format!(
                    "The overall score is {value:.1} of 100{level}, {direction} since the audit of {}.",
                    previous.date
                )
            }
            None => {
                format!("The overall score is {value:.1} of 100{level}; the previous audit had no score.")
            }
        },
        (Some(value), None) => {
            format!("The overall score is {value:.1} of 100{level}. This is the first audit on record.")
        }
        (None, _) => "This audit states no overall score, and Plumb could not derive one.".to_owned(),
    });
    let improved = movers(&input.categories, true);
    if !improved.is_empty() {
        sentences.push(format!("Improved: {}.", improved.join(", ")));
    }
    let regressed = movers(&input.categories, false);
    if !regressed.is_empty() {
        sentences.push(format!("Regressed: {}.", regressed.join(", ")));
    }
    if input.previous.is_some() {
        sentences.push(format!(
            "Since the previous audit, {} gap(s) are new and {} resolved; {} are still open.",
            input.diff.new_gaps.len(),
            input.diff.resolved_gaps.len(),
            input.diff.still_open.len()
        ));
    }
    let critical: Vec<&OpenItemFacts> =
        input.open_items.iter().filter(|item| item.priority == Priority::Critical).collect();
    let verdict = verdict_words(now.verdict.as_deref());
    sentences.push(match critical.len() {
        0 => format!("Verdict: {verdict}. No critical item is open."),
        count => {
            let named: Vec<&str> = critical.iter().take(3).map(|item| item.title.as_str()).collect();
            let more = if count > 3 { format!(" and {} more", count - 3) } else { String::new() };
            format!(
                "Verdict: {verdict}. Blocking readiness: {count} open critical item(s): {}{more}.",
                named.join("; ")
            )
        }
    });
    sentences
}

/// Lays the input out as the template reads it.
pub fn project_report(input: &ReportInput) -> ProjectReport {
    let now = &input.snapshot;
    let as_of = now.date.to_string();
    let change = match (now.score, input.previous.as_ref().and_then(|p| p.score)) {
        (Some(after), Some(before)) => signed(after - before),
        _ => "—".to_owned(),
    };
    let note = match &input.previous {
        Some(previous) => format!(
            "Snapshot {} of {as_of}, compared with snapshot {} of {}.",
            now.snapshot_id, previous.snapshot_id, previous.date
        ),
        None => format!("Snapshot {} of {as_of}; the first audit on record.", now.snapshot_id),
    };
    let (done, partial, missing) = input
        .checklist
        .iter()
        .fold((0, 0, 0), |(d, p, m), group| (d + group.done, p + group.partial, m + group.missing));
    let mut open_items = Vec::new();
    for priority in Priority::ALL {
        let mut items: Vec<&OpenItemFacts> =
            input.open_items.iter().filter(|item| item.priority == priority).collect();
        items.sort_by(|a, b| {
            (a.due_date.is_none(), a.due_date, &a.title).cmp(&(b.due_date.is_none(), b.due_date, &b.title))
        });
        if items.is_empty() {
            continue;
        }
        open_items.push(PriorityGroup {
            priority: priority.label().to_owned(),
            items: items
                .into_iter()
                .map(|item| ReportItem {
                    title: item.title.clone(),
                    category: item.category_key.as_deref().map_or_else(|| "—".to_owned(), category_label),
                    owner: item.owner.clone().unwrap_or_else(|| "unassigned".to_owned()),
                    due: item.due_date.map_or_else(|| "—".to_owned(), |due| due.to_string()),
                    overdue: item.due_date.is_some_and(|due| due < now.date),
                })
                .collect(),
        });
    }
    let overdue = open_items.iter().flat_map(|group| &group.items).filter(|item| item.overdue).count();
    let resolved: Vec<String> = input
        .diff
        .resolved_gaps
        .iter()
        .map(|gap| match &gap.priority {
            Some(priority) => format!("{} ({priority})", gap.title),
            None => gap.title.clone(),
        })
        .collect();
    let resolved_note = match (&input.previous, resolved.len()) {
        (None, _) => "This is the first audit on record; nothing was resolved before it.".to_owned(),
        (Some(previous), 0) => format!("No gap of the audit of {} is gone in this one.", previous.date),
        (Some(previous), count) => {
            format!("{count} gap(s) of the audit of {} no longer appear in this one:", previous.date)
        }
    };
    let mut sources =
        vec![Source { snapshot_id: now.snapshot_id, date: as_of.clone(), sha256: now.sha256.clone() }];
    if let Some(previous) = &input.previous {
        sources.push(Source {
            snapshot_id: previous.snapshot_id,
            date: previous.date.to_string(),
            sha256: previous.sha256.clone(),
        });
    }
    ProjectReport {
        title: format!("{}: DevOps maturity report, {as_of}", input.project_name),
        project: ProjectName { name: input.project_name.clone(), slug: input.project_slug.clone() },
        as_of,
        generated: input.generated.clone(),
        headline: HeadlineText {
            score: score(now.score),
            level: level_of(now.level),
            verdict: verdict_words(now.verdict.as_deref()).to_owned(),
            change,
            note,
        },
        summary: executive_summary(input),
        trend_text: input.trend_text.clone(),
        categories: category_rows(&input.categories),
        checklist_total: format!("{done} done, {partial} partial, {missing} missing."),
        checklist: input
            .checklist
            .iter()
            .map(|group| ChecklistRow {
                label: group.label.clone(),
                done: group.done,
                partial: group.partial,
                missing: group.missing,
            })
            .collect(),
        open_total: input.open_items.len(),
        open_note: format!(
            "{} item(s) open; {overdue} past their due date as of the audit ({}).",
            input.open_items.len(),
            now.date
        ),
        open_items,
        resolved_note,
        resolved,
        sources,
    }
}

/// The portfolio report as its template reads it: a summary page, a table of every project,
/// then a page per project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioReport {
    pub title: String,
    pub generated: String,
    /// What the projects were chosen by ("All active projects." or the filters in words).
    pub scope: String,
    pub summary: Vec<String>,
    pub rows: Vec<PortfolioLine>,
    pub projects: Vec<ProjectPage>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioLine {
    pub name: String,
    pub score: String,
    pub level: String,
    pub verdict: String,
    pub change: String,
    pub critical: i32,
    pub high: i32,
    pub last_audit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectPage {
    pub name: String,
    pub slug: String,
    pub facts: String,
    pub headline: HeadlineText,
    pub open: String,
    pub categories: Vec<CategoryRow>,
}

/// Lays out the portfolio: `rows` in the order given, each with its latest categories.
pub fn portfolio_report(
    rows: &[(super::portfolio::PortfolioRow, Vec<CategoryLine>)],
    summary: &super::portfolio::Summary,
    scope: String,
    generated: String,
) -> PortfolioReport {
    let [critical, high, medium, low] = summary.open_by_priority;
    let mut lines = vec![format!(
        "{} project(s); average score {} of 100.",
        summary.projects,
        score(summary.average_score)
    )];
    let levels: Vec<String> = summary
        .by_level
        .iter()
        .enumerate()
        .filter(|(_, count)| **count > 0)
        .map(|(index, count)| format!("{count} at level {}", index + 1))
        .collect();
    if !levels.is_empty() {
        lines.push(format!("By level: {}.", levels.join(", ")));
    }
    lines.push(format!("Open items: {critical} critical, {high} high, {medium} medium, {low} low."));
    if summary.stale > 0 {
        lines.push(format!("{} project(s) have no recent audit.", summary.stale));
    }
    let regressed: Vec<String> = rows
        .iter()
        .filter_map(|(row, _)| row.delta().filter(|delta| *delta < -0.05).map(|delta| (row, delta)))
        .map(|(row, delta)| format!("{} ({})", row.name, signed(delta)))
        .collect();
    if !regressed.is_empty() {
        lines.push(format!("Regressed since their previous audit: {}.", regressed.join(", ")));
    }
    let verdict_of = |row: &super::portfolio::PortfolioRow| verdict_words(row.verdict.as_deref()).to_owned();
    let last_audit = |row: &super::portfolio::PortfolioRow| {
        row.latest_taken_at.map_or_else(|| "never".to_owned(), |at| at.date_naive().to_string())
    };
    PortfolioReport {
        title: format!("DevOps maturity portfolio, {}", generated),
        generated,
        scope,
        summary: lines,
        rows: rows
            .iter()
            .map(|(row, _)| PortfolioLine {
                name: row.name.clone(),
                score: score(row.score),
                level: row.level.map_or_else(|| "—".to_owned(), |level| level.to_string()),
                verdict: verdict_of(row),
                change: row.delta().map_or_else(|| "—".to_owned(), signed),
                critical: row.open_critical,
                high: row.open_high,
                last_audit: last_audit(row),
            })
            .collect(),
        projects: rows
            .iter()
            .map(|(row, categories)| {
                let mut facts = vec![row.slug.clone(), format!("last audit {}", last_audit(row))];
                if !row.owner.is_empty() {
                    facts.push(format!("owner {}", row.owner));
                }
                facts.extend(row.tags.iter().map(|tag| format!("#{tag}")));
                ProjectPage {
                    name: row.name.clone(),
                    slug: row.slug.clone(),
                    facts: facts.join(" · "),
                    headline: HeadlineText {
                        score: score(row.score),
                        level: level_of(row.level),
                        verdict: verdict_of(row),
                        change: row.delta().map_or_else(|| "—".to_owned(), signed),
                        note: String::new(),
                    },
                    open: format!(
                        "Open items: {} critical, {} high, {} medium, {} low.",
                        row.open_critical, row.open_high, row.open_medium, row.open_low
                    ),
                    categories: category_rows(categories),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::diff::GapLine;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).expect("a real date")
    }

    fn facts(id: i64, date: NaiveDate, score: Option<f64>) -> SnapshotFacts {
        SnapshotFacts {
            snapshot_id: id,
            date,
            score,
            level: Some(3),
            verdict: Some("not_ready".into()),
            sha256: format!("{id:064}"),
        }
    }

    fn line(label: &str, delta: Option<f64>) -> CategoryLine {
        CategoryLine {
            key: label.to_lowercase(),
            label: label.to_owned(),
            score: Some(50.0),
            status: None,
            delta,
        }
    }

    fn gap(title: &str) -> GapLine {
        GapLine { title: title.to_owned(), priority: Some("high".into()), category: None, line: None }
    }

    fn item(title: &str, priority: Priority, due: Option<NaiveDate>) -> OpenItemFacts {
        OpenItemFacts {
            title: title.to_owned(),
            category_key: Some("ci_cd".into()),
            priority,
            owner: None,
            due_date: due,
        }
    }

    fn input() -> ReportInput {
        ReportInput {
            project_name: "Shop".into(),
            project_slug: "shop".into(),
            snapshot: facts(2, day(20), Some(58.0)),
            previous: Some(facts(1, day(1), Some(61.5))),
            categories: vec![
                line("Testing", Some(12.0)),
                line("Security", Some(-8.0)),
                line("Data", Some(0.0)),
            ],
            checklist: Vec::new(),
            diff: SnapshotDiff {
                new_gaps: vec![gap("No SAST")],
                resolved_gaps: vec![gap("No backups"), gap("No CI")],
                ..SnapshotDiff::default()
            },
            open_items: vec![
                item("No SAST", Priority::Critical, Some(day(27))),
                item("Flaky tests", Priority::Low, Some(day(10))),
                item("No runbooks", Priority::Low, None),
            ],
            trend_text: "Overall score from 61.5 to 58.0.".into(),
            generated: "2026-03-21 09:00 UTC".into(),
        }
    }

    #[test]
    fn the_summary_says_what_moved_what_was_found_and_what_blocks() {
        let summary = executive_summary(&input());
        assert_eq!(
            summary,
            [
                "The overall score is 58.0 of 100, level 3 of 5, down 3.5 points since the audit of 2026-03-01.",
                "Improved: Testing (+12.0).",
                "Regressed: Security (−8.0).",
                "Since the previous audit, 1 gap(s) are new and 2 resolved; 0 are still open.",
                "Verdict: Not ready. Blocking readiness: 1 open critical item(s): No SAST.",
            ]
        );
        let first = ReportInput { previous: None, open_items: Vec::new(), ..input() };
        let summary = executive_summary(&first);
        assert!(summary[0].ends_with("This is the first audit on record."), "{summary:?}");
        assert_eq!(summary.last().map(String::as_str), Some("Verdict: Not ready. No critical item is open."));
    }

    #[test]
    fn items_group_by_priority_and_overdue_is_judged_on_the_audit_date() {
        let report = project_report(&input());
        let groups: Vec<(&str, Vec<(&str, bool)>)> = report
            .open_items
            .iter()
            .map(|g| (g.priority.as_str(), g.items.iter().map(|i| (i.title.as_str(), i.overdue)).collect()))
            .collect();
        assert_eq!(
            groups,
            [
                ("Critical", vec![("No SAST", false)]),
                ("Low", vec![("Flaky tests", true), ("No runbooks", false)])
            ]
        );
        assert_eq!(report.open_note, "3 item(s) open; 1 past their due date as of the audit (2026-03-20).");
        assert_eq!(report.headline.change, "−3.5");
        assert_eq!(report.resolved, ["No backups (high)", "No CI (high)"]);
        assert_eq!(report.sources.iter().map(|s| s.snapshot_id).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(report.title, "Shop: DevOps maturity report, 2026-03-20");
    }
}
