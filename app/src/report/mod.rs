//! PDF reports for stakeholders (server side): the data of a project as of one snapshot, worked
//! into [`crate::domain::report`]'s shape and typeset with Typst ([`typeset`]).

pub mod typeset;

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::charts::trend::{TrendChart, describe_overall, legend, project_series, render};
use crate::db::{items, portfolio as rollups, scorecard as store, snapshots};
use crate::domain::diff::diff;
use crate::domain::report::{ReportInput, SnapshotFacts, project_report};
use crate::domain::scorecard::{category_lines, group_checklist};
use crate::domain::snapshot::Snapshot;
use crate::error::{AppError, Result};

const PROJECT_TEMPLATE: &str = include_str!("project.typ");
const PORTFOLIO_TEMPLATE: &str = include_str!("portfolio.typ");

/// A finished PDF and the file name to offer it under.
pub struct Pdf {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The report of project `slug` as of `snapshot_id` (default: its latest snapshot), stamped as
/// generated at `generated_at`.
pub async fn project(
    pool: &PgPool,
    slug: &str,
    snapshot_id: Option<i64>,
    generated_at: DateTime<Utc>,
) -> Result<Pdf> {
    let project =
        rollups::row(pool, slug).await?.ok_or_else(|| AppError::NotFound(format!("project {slug}")))?;
    let mut history = store::score_history(pool, project.project_id).await?;
    let position = match snapshot_id {
        Some(id) => history
            .iter()
            .position(|point| point.snapshot_id == id)
            .ok_or_else(|| AppError::NotFound(format!("snapshot {id} of {slug}")))?,
        None => history.len().checked_sub(1).ok_or_else(|| {
            AppError::Conflict(format!("{slug} has no audit yet; upload a report before asking for its PDF"))
        })?,
    };
    // The state as of that snapshot: later ones are not part of this report.
    history.truncate(position + 1);
    let as_of = history[position].taken_at;
    let now_id = history[position].snapshot_id;
    let previous_id = position.checked_sub(1).map(|at| history[at].snapshot_id);

    let now = read_snapshot(pool, project.project_id, &history[position]).await?;
    let previous = match position.checked_sub(1) {
        Some(at) => Some(read_snapshot(pool, project.project_id, &history[at]).await?),
        None => None,
    };
    let categories = category_lines(
        &store::categories(pool, now_id).await?,
        &match previous_id {
            Some(id) => store::categories(pool, id).await?,
            None => Vec::new(),
        },
    );
    let category_points = store::category_history(pool, project.project_id)
        .await?
        .into_iter()
        .filter(|point| point.taken_at <= as_of)
        .collect();
    let series = project_series(&history, category_points, &categories);
    let title = format!("{}: scores over time", project.name);
    let svg = render(&TrendChart { title: &title, series: &series, width: 760, height: 340 }).unwrap_or_else(
        || {
            // Nothing to draw: an empty picture keeps the layout the same.
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="760" height="40"></svg>"#.to_owned()
        },
    );

    let open_items = items::reported_in(pool, now_id).await?;
    let input = ReportInput {
        project_name: project.name.clone(),
        project_slug: project.slug.clone(),
        snapshot: now.facts,
        previous: previous.as_ref().map(|previous| previous.facts.clone()),
        categories,
        checklist: group_checklist(store::checklist(pool, now_id).await?),
        diff: diff(previous.as_ref().map(|previous| &previous.snapshot), &now.snapshot),
        open_items,
        trend_text: describe_overall(&series),
        generated: crate::components::format::moment(generated_at),
    };
    let mut report = serde_json::to_value(project_report(&input)).map_err(AppError::internal)?;
    report["legend"] = serde_json::to_value(legend(&series)).map_err(AppError::internal)?;
    let data = serde_json::to_vec(&report).map_err(AppError::internal)?;
    let files = vec![("data.json", data), ("trend.svg", svg.into_bytes())];
    let ident = format!("plumb/{}/{now_id}", project.slug);
    let bytes = typeset_off_thread(PROJECT_TEMPLATE, files, generated_at, ident).await?;
    Ok(Pdf { file_name: format!("{}-{}.pdf", project.slug, as_of.date_naive()), bytes })
}

/// The portfolio report: the projects `query` keeps (its filters and order, all pages), each
/// with its latest categories, generated at `generated_at`.
pub async fn portfolio(
    pool: &PgPool,
    query: &crate::domain::portfolio::PortfolioQuery,
    stale_after_days: i64,
    generated_at: DateTime<Utc>,
) -> Result<Pdf> {
    use crate::domain::portfolio::{select, summarize};
    use crate::domain::report::portfolio_report;

    let rows = select(rollups::rows(pool).await?, query);
    let summary = summarize(&rows, generated_at, chrono::Duration::days(stale_after_days));
    let mut pages = Vec::with_capacity(rows.len());
    for row in rows {
        let latest = store::score_history_tail(pool, row.project_id).await?;
        let categories = match latest.as_slice() {
            [previous, now] => category_lines(
                &store::categories(pool, now.snapshot_id).await?,
                &store::categories(pool, previous.snapshot_id).await?,
            ),
            [now] => category_lines(&store::categories(pool, now.snapshot_id).await?, &[]),
            _ => Vec::new(),
        };
        pages.push((row, categories));
    }
    let report =
        portfolio_report(&pages, &summary, scope_of(query), crate::components::format::moment(generated_at));
    let data = serde_json::to_vec(&report).map_err(AppError::internal)?;
    let files = vec![("data.json", data)];
    let bytes =
        typeset_off_thread(PORTFOLIO_TEMPLATE, files, generated_at, "plumb/portfolio".to_owned()).await?;
    Ok(Pdf { file_name: format!("portfolio-{}.pdf", generated_at.date_naive()), bytes })
}

/// Which projects a portfolio report covers, in words.
fn scope_of(query: &crate::domain::portfolio::PortfolioQuery) -> String {
    if !query.is_filtered() {
        return "All active projects.".to_owned();
    }
    let mut parts = Vec::new();
    for (label, value) in
        [("search", &query.search), ("tag", &query.tag), ("owner", &query.owner), ("verdict", &query.verdict)]
    {
        if !value.is_empty() {
            parts.push(format!("{label} \"{value}\""));
        }
    }
    if let Some(level) = query.level {
        parts.push(format!("level {level}"));
    }
    format!("Projects matching {}.", parts.join(", "))
}

/// Typesetting is CPU work of a few hundred milliseconds: off the async workers.
async fn typeset_off_thread(
    template: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    generated_at: DateTime<Utc>,
    ident: String,
) -> Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || typeset::typeset(template, files, generated_at, &ident))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

struct ReadSnapshot {
    facts: SnapshotFacts,
    snapshot: Snapshot,
}

/// A snapshot's canonical result (not its source text, which a report does not show). The
/// result carries the source's SHA-256, stored from the same value as the snapshot's own column.
async fn read_snapshot(pool: &PgPool, project_id: i64, point: &store::ScorePoint) -> Result<ReadSnapshot> {
    let not_found = || AppError::NotFound(format!("snapshot {}", point.snapshot_id));
    let result = snapshots::canonical(pool, project_id, point.snapshot_id).await?.ok_or_else(not_found)?;
    let snapshot: Snapshot = serde_json::from_value(result).map_err(AppError::internal)?;
    Ok(ReadSnapshot {
        facts: SnapshotFacts {
            snapshot_id: point.snapshot_id,
            date: point.taken_at.date_naive(),
            score: snapshot.overall.score,
            level: snapshot.overall.level.map(i16::from),
            verdict: snapshot.overall.verdict.map(|verdict| verdict.as_str().to_owned()),
            sha256: snapshot.report.sha256.clone(),
        },
        snapshot,
    })
}
