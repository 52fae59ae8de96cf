//! `plumb report --project SLUG [--snapshot ID] -o FILE.pdf`: the same PDF the web page offers,
//! for cron jobs that mail it to stakeholders.

use std::io::Write;

use anyhow::Context;
use sqlx::PgPool;

use crate::cli::ReportArgs;

pub async fn run(pool: &PgPool, args: &ReportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let pdf = app::report::project(pool, &args.project, args.snapshot, chrono::Utc::now())
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    std::fs::write(&args.output, &pdf.bytes)
        .with_context(|| format!("could not write {}", args.output.display()))?;
    writeln!(out, "Wrote {} ({} bytes).", args.output.display(), pdf.bytes.len())?;
    Ok(())
}
