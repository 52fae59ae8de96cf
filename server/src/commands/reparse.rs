//! `plumb reparse [--project SLUG] [--dry-run]`: read stored reports again with the current
//! parser. Prints, per project and snapshot, what the new reading changes (score, verdict, gaps
//! added and removed); without `--dry-run` records it, one transaction per project.

use std::io::Write;

use anyhow::bail;
use app::actions::Acting;
use app::actions::reparse::{self, Mode, Outcome, ProjectRereading};
use app::domain::ingest::PARSER_VERSION;
use app::domain::rereading::{GapName, ReadingChange};
use app::domain::snapshot::{Priority, Verdict};
use chrono::Utc;
use sqlx::PgPool;

/// Reads the projects' snapshots again (one project, or all of them, archived ones included).
pub async fn run(
    pool: &PgPool,
    project: Option<&str>,
    mode: Mode,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let projects = match project {
        Some(slug) => match app::db::projects::summary(pool, slug).await? {
            Some(summary) => vec![summary],
            None => bail!("no project with the slug \"{slug}\""),
        },
        None => app::db::projects::list(pool, true).await?,
    };
    let acting = Acting { via: Some("reparse"), ..Acting::command_line() };
    let mut changed = 0;
    for summary in &projects {
        let mut tx = pool.begin().await?;
        let rereading =
            reparse::reread_project(&mut tx, summary.project_id, &acting, mode, Utc::now()).await?;
        // A dry run writes nothing, and the transaction is dropped all the same.
        if mode == Mode::Record {
            tx.commit().await?;
        }
        changed += rereading.changed();
        write_project(out, &summary.name, &summary.slug, &rereading, mode)?;
    }
    let verb = if mode == Mode::DryRun { "would change" } else { "changed" };
    writeln!(out, "Read with {PARSER_VERSION}: {changed} snapshot reading(s) {verb}.")?;
    Ok(())
}

fn write_project(
    out: &mut impl Write,
    name: &str,
    slug: &str,
    rereading: &ProjectRereading,
    mode: Mode,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{name} ({slug}): {} snapshot(s), {} read differently",
        rereading.snapshots.len(),
        rereading.changed()
    )?;
    for snapshot in &rereading.snapshots {
        let head = format!("  #{} {}", snapshot.snapshot_id, snapshot.taken_at.date_naive());
        match &snapshot.outcome {
            Outcome::Current => writeln!(out, "{head}  already read by {PARSER_VERSION}")?,
            Outcome::UploadedJson => writeln!(out, "{head}  uploaded as snapshot JSON: kept as sent")?,
            Outcome::Unreadable { reason } => writeln!(out, "{head}  not read again ({reason}): kept")?,
            Outcome::Same => {
                writeln!(out, "{head}  {} → {PARSER_VERSION}: the same", snapshot.parser_version)?
            }
            Outcome::Changed { change } => {
                writeln!(out, "{head}  {} → {PARSER_VERSION}: {}", snapshot.parser_version, summary(change))?;
                for gap in &change.gaps_added {
                    writeln!(out, "      + {}", gap_line(gap))?;
                }
                for gap in &change.gaps_removed {
                    writeln!(out, "      - {}", gap_line(gap))?;
                }
            }
        }
    }
    if mode == Mode::Record && rereading.changed() > 0 {
        let items = &rereading.items;
        writeln!(
            out,
            "  items: {} created, {} resolved, {} reopened",
            items.created.len(),
            items.resolved.len(),
            items.reopened.len()
        )?;
    }
    Ok(())
}

/// "score 40 → 72, verdict none → not ready, gaps +2 -1".
fn summary(change: &ReadingChange) -> String {
    let mut parts = Vec::new();
    if let Some((before, after)) = change.score {
        parts.push(format!("score {} → {}", score(before), score(after)));
    }
    if let Some((before, after)) = change.verdict {
        parts.push(format!("verdict {} → {}", verdict(before), verdict(after)));
    }
    if !change.gaps_added.is_empty() || !change.gaps_removed.is_empty() {
        parts.push(format!("gaps +{} -{}", change.gaps_added.len(), change.gaps_removed.len()));
    }
    if change.other_details {
        parts.push("other details (categories, checklist, priorities or titles)".to_owned());
    }
    parts.join(", ")
}

fn score(score: Option<f64>) -> String {
    score.map_or_else(|| "none".to_owned(), |score| format!("{score}"))
}

fn verdict(verdict: Option<Verdict>) -> &'static str {
    verdict.map_or("none", Verdict::as_str)
}

/// A gap for the terminal: its title with control characters shown, never acted on (a title
/// comes from a report, and escape sequences in it must not reach the terminal).
fn gap_line(gap: &GapName) -> String {
    let title: String = gap
        .title
        .chars()
        .flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] })
        .collect();
    format!("[{}] {title}", gap.priority.map_or("unrated", Priority::as_str))
}
