//! `plumb import PATH... --project SLUG [--create]`: bulk-load a folder of historical reports.
//!
//! Files are read and parsed first, then stored oldest report first (by the report's own date,
//! then by file name), each in its own transaction: one bad file fails alone and the others
//! still land. The exit status says whether every file made it.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use app::actions::Acting;
use app::actions::projects::{self, ProjectRef};
use app::actions::uploads::{self, Provenance, Report, Stored};
use app::domain::ingest::{Format, Parsed, read_for_storage};
use app::domain::project::validate_slug;
use indicatif::{ProgressBar, ProgressStyle};
use sqlx::PgPool;

/// Report files in `paths`: files as given, folders by their `.md`, `.markdown`, `.txt` and
/// `.json` files (recursively), in name order.
pub fn collect_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect_dir(path, &mut files)
                .with_context(|| format!("cannot read folder {}", path.display()))?;
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_dir(&entry, files)?;
        } else if matches!(
            entry.extension().and_then(|e| e.to_str()),
            Some("md" | "markdown" | "txt" | "json")
        ) {
            files.push(entry);
        }
    }
    Ok(())
}

/// Reads a report file: canonical JSON for `.json`, a text report otherwise.
pub fn read_file(path: &Path) -> anyhow::Result<(Vec<u8>, Parsed)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let format =
        if path.extension().is_some_and(|e| e == "json") { Format::CanonicalJson } else { Format::Report };
    let parsed = read_for_storage(&bytes, format)?;
    Ok((bytes, parsed))
}

struct Row {
    file: String,
    outcome: Result<Stored, String>,
}

/// Runs the import; returns whether every file was stored (or already there).
pub async fn run(
    pool: &PgPool,
    paths: &[PathBuf],
    slug: &str,
    create: bool,
    out: &mut impl Write,
) -> anyhow::Result<bool> {
    if let Err(problem) = validate_slug(slug) {
        bail!("invalid project slug \"{slug}\": {problem}");
    }
    let files = collect_files(paths)?;
    if files.is_empty() {
        bail!(
            "no report files found in {}",
            paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    let mut rows = Vec::new();
    let mut readable = Vec::new();
    for file in &files {
        match read_file(file) {
            Ok(read) => readable.push((file.clone(), read)),
            Err(error) => {
                rows.push(Row { file: file.display().to_string(), outcome: Err(format!("{error:#}")) })
            }
        }
    }
    readable.sort_by(|(a_path, (_, a)), (b_path, (_, b))| {
        a.snapshot.report.date.cmp(&b.snapshot.report.date).then_with(|| a_path.cmp(b_path))
    });

    // Named after the reports' own project name, when it is to be created.
    let name = readable
        .iter()
        .find_map(|(_, (_, p))| p.snapshot.project.name.clone())
        .unwrap_or_else(|| slug.to_owned());
    let acting = Acting { via: Some("import"), ..Acting::command_line() };
    let project_id = if create {
        let mut tx = pool.begin().await?;
        let id = projects::resolve(&mut tx, &acting, ProjectRef::FindOrCreate { slug, name: &name }).await?;
        tx.commit().await?;
        id
    } else {
        match app::db::projects::find_id(pool, slug).await? {
            Some(id) => id,
            None => bail!("no project with the slug \"{slug}\"; pass --create to create it"),
        }
    };
    let provenance = Provenance { acting, ..Provenance::default() };

    let progress = ProgressBar::new(readable.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    for (file, (bytes, parsed)) in readable {
        progress.set_message(file.display().to_string());
        let report = Report { bytes: &bytes, parsed: &parsed };
        let stored =
            uploads::store_report_alone(pool, ProjectRef::Existing(project_id), report, &provenance).await;
        rows.push(Row {
            file: file.display().to_string(),
            outcome: stored.map_err(|e| format!("could not store: {e}")),
        });
        progress.inc(1);
    }
    progress.finish_and_clear();
    print_summary(&rows, out)?;
    Ok(rows.iter().all(|row| row.outcome.is_ok()))
}

fn print_summary(rows: &[Row], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<44} {:<9} {:>9} {:>6} {:>8} {:>9}  DETAIL",
        "FILE", "RESULT", "SNAPSHOT", "SCORE", "+ITEMS", "RESOLVED"
    )?;
    for row in rows {
        let file = shorten(&row.file, 44);
        match &row.outcome {
            Ok(stored) => writeln!(
                out,
                "{:<44} {:<9} {:>9} {:>6} {:>8} {:>9}  {}",
                file,
                if stored.created { "stored" } else { "existing" },
                stored.snapshot.snapshot_id,
                stored.snapshot.overall_score.map_or_else(|| "-".to_owned(), |s| format!("{s:.1}")),
                stored.items.created.len(),
                stored.items.resolved.len(),
                stored.snapshot.taken_at.date_naive(),
            )?,
            Err(error) => writeln!(
                out,
                "{file:<44} {:<9} {:>9} {:>6} {:>8} {:>9}  {error}",
                "FAILED", "-", "-", "-", "-"
            )?,
        }
    }
    let failed = rows.iter().filter(|r| r.outcome.is_err()).count();
    writeln!(
        out,
        "{} file(s): {} stored or already there, {} failed.",
        rows.len(),
        rows.len() - failed,
        failed
    )
}

fn shorten(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        text.to_owned()
    } else {
        format!("…{}", text.chars().skip(count - max + 1).collect::<String>())
    }
}
