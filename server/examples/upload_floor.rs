//! The floor for the upload benchmark: the same rows an upload writes, stored in one
//! transaction each, with no HTTP and no parsing (the report is parsed once, up front).
//!
//! `DATABASE_URL=… cargo run --release -p server --example upload_floor -- REPORT [COUNT]`
//! Prints p50/p99 latency and uploads per second. See docs/PERFORMANCE.md.

use std::time::{Duration, Instant};

use anyhow::Context;
use app::actions::uploads::{Provenance, store};
use app::db::projects;
use app::domain::ingest::{hex_sha256, read_report};
use chrono::Utc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let report = args.next().context("usage: upload_floor REPORT [COUNT]")?;
    let count: usize = args.next().map(|c| c.parse()).transpose()?.unwrap_or(500);
    let url = std::env::var("DATABASE_URL").context("set DATABASE_URL")?;
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(4).connect(&url).await?;
    plumb::database::migrate(&pool).await?;
    let slug = format!("floor-{}", Utc::now().timestamp_millis());
    let mut conn = pool.acquire().await?;
    let project = projects::create(&mut conn, &slug, &slug).await?.context("project exists")?;
    drop(conn);

    let bytes = std::fs::read(&report)?;
    let parsed = read_report(&bytes)?;
    let mut latencies = Vec::with_capacity(count);
    let started = Instant::now();
    for run in 0..count {
        // Distinct content per run, as in the HTTP benchmark.
        let mut snapshot = parsed.snapshot.clone();
        let body = [bytes.as_slice(), format!("\n<!-- run {run} -->\n").as_bytes()].concat();
        snapshot.report.sha256 = hex_sha256(&body);
        let begin = Instant::now();
        let mut tx = pool.begin().await?;
        store(&mut tx, project, &body, &parsed.text, &snapshot, &Provenance::default(), Utc::now()).await?;
        tx.commit().await?;
        latencies.push(begin.elapsed());
    }
    let total = started.elapsed();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "floor: {count} uploads of {} bytes, p50 {:.2} ms, p99 {:.2} ms, {:.0} uploads/s (one connection, sequential)",
        bytes.len(),
        ms(at(0.50)),
        ms(at(0.99)),
        count as f64 / total.as_secs_f64()
    );
    Ok(())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
