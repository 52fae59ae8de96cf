//! `plumb report --project SLUG [--snapshot ID] -o FILE.pdf` and `plumb report --portfolio -o
//! FILE.pdf`: the same PDFs the web pages offer, for cron jobs that mail them to stakeholders.

use std::io::Write;

use anyhow::Context;
use sqlx::PgPool;

use crate::cli::ReportArgs;

pub async fn run(pool: &PgPool, args: &ReportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    let made = match &args.project {
        Some(slug) => app::report::project(pool, slug, args.snapshot, now).await,
        None => {
            let stale_after = app::api::portfolio::StaleAfterDays::default().0;
            app::report::portfolio(pool, &app::domain::portfolio::PortfolioQuery::default(), stale_after, now)
                .await
        }
    };
    let pdf = made.map_err(|error| anyhow::anyhow!("{error}"))?;
    std::fs::write(&args.output, &pdf.bytes)
        .with_context(|| format!("could not write {}", args.output.display()))?;
    writeln!(out, "Wrote {} ({} bytes).", args.output.display(), pdf.bytes.len())?;
    Ok(())
}
