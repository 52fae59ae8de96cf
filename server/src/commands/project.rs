//! `plumb project list|create|archive`: projects for scripts.

use std::io::Write;

use anyhow::{Context, bail};
use app::actions::{self, Acting};
use app::db::projects;
use app::domain::project::validate_slug;
use sqlx::PgPool;

pub async fn list(pool: &PgPool, all: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let rows = projects::list(pool, all).await.context("could not list projects")?;
    writeln!(
        out,
        "{:<24} {:<32} {:>9} {:>6} {:>5}  {:<11} {:>8} {:>5}",
        "SLUG", "NAME", "SNAPSHOTS", "SCORE", "LEVEL", "VERDICT", "CRITICAL", "HIGH"
    )?;
    for row in rows {
        let score = row.score.map_or_else(|| "-".to_owned(), |s| format!("{s:.1}"));
        let level = row.level.map_or_else(|| "-".to_owned(), |l| l.to_string());
        let name = if row.archived { format!("{} (archived)", row.name) } else { row.name };
        writeln!(
            out,
            "{:<24} {:<32} {:>9} {:>6} {:>5}  {:<11} {:>8} {:>5}",
            row.slug,
            name,
            row.snapshot_count,
            score,
            level,
            row.verdict.unwrap_or_else(|| "-".to_owned()),
            row.open_critical,
            row.open_high
        )?;
    }
    Ok(())
}

pub async fn create(
    pool: &PgPool,
    slug: &str,
    name: Option<&str>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if let Err(problem) = validate_slug(slug) {
        bail!("invalid project slug \"{slug}\": {problem}");
    }
    let name = name.unwrap_or(slug);
    let mut tx = pool.begin().await?;
    if actions::projects::create(&mut tx, &Acting::command_line(), slug, name).await?.is_none() {
        bail!("a project with the slug \"{slug}\" already exists");
    }
    tx.commit().await?;
    writeln!(out, "Created project {slug} ({name}).")?;
    Ok(())
}

pub async fn archive(pool: &PgPool, slug: &str, out: &mut impl Write) -> anyhow::Result<()> {
    if !actions::projects::archive(pool, &Acting::command_line(), slug).await? {
        bail!("no active project with the slug \"{slug}\"");
    }
    writeln!(out, "Archived project {slug}; its history is kept.")?;
    Ok(())
}
