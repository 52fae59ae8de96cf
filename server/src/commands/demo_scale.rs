//! `plumb demo --scale N`: a large, realistic portfolio for benchmarks and load tests.
//!
//! N projects, each with a weekly history of audits ending this week. Every project is one of
//! the five sample reports at a different stage: its scores climb from about half of the
//! sample's towards it with some noise, done controls fill in, and the gaps fixed along the way
//! get resolved, so rollups, trends and item lifecycles look like a real portfolio's. A seed
//! makes the data the same on every run; the same command twice adds nothing.

use std::io::Write;

use anyhow::Context;
use app::domain::ingest::{read_canonical_json, read_report};
use chrono::{Days, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::PgPool;

use super::demo::{Derivation, SAMPLES, derived_audit, ensure_project, store};

pub struct Scale {
    pub projects: u32,
    /// Audits per project, a week apart.
    pub snapshots: u32,
    pub seed: u64,
}

const TEAMS: [&str; 8] =
    ["Payments", "Platform", "Mobile", "Data", "Identity", "Search", "Growth", "Billing"];
const TIERS: [&str; 3] = ["tier-1", "tier-2", "tier-3"];
const KINDS: [&str; 4] = ["backend", "frontend", "mobile", "data"];
const WORDS: [&str; 12] = [
    "Aurora", "Beacon", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris", "Juniper",
    "Kestrel", "Lumen",
];

pub async fn run(pool: &PgPool, scale: Scale, out: &mut impl Write) -> anyhow::Result<()> {
    let bases = SAMPLES
        .iter()
        .map(|(slug, _, bytes)| {
            read_report(bytes).with_context(|| format!("sample report {slug} does not parse"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let today = Utc::now().date_naive();
    let mut created = 0u64;
    for index in 0..scale.projects {
        let mut rng =
            StdRng::seed_from_u64(scale.seed ^ u64::from(index).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let slug = format!("scale-{index:05}");
        let name = format!(
            "{} {} {}",
            WORDS[index as usize % WORDS.len()],
            TEAMS[index as usize % TEAMS.len()],
            index
        );
        let project_id = ensure_project(pool, &slug, &name).await?;
        describe(pool, project_id, index, &mut rng).await?;
        let base = &bases[index as usize % bases.len()];
        // Where on its way to the sample's state the project starts, and how far it gets.
        let start: f64 = rng.random_range(0.35..0.75);
        let end: f64 = rng.random_range(start..1.0);
        for step in 0..scale.snapshots {
            let weeks_ago = u64::from(scale.snapshots - 1 - step) * 7;
            let date = today.checked_sub_days(Days::new(weeks_ago)).unwrap_or(today);
            let progress = if scale.snapshots > 1 {
                start + (end - start) * f64::from(step) / f64::from(scale.snapshots - 1)
            } else {
                end
            };
            let noise: f64 = rng.random_range(-0.04..0.04);
            let derivation = Derivation {
                factor: (progress + noise).clamp(0.05, 1.0),
                missing_per_ten: ((1.0 - progress) * 8.0).round() as usize,
                open_fixed_gaps: ((1.0 - progress) * 6.0).round().min(3.0) as usize,
            };
            let audit = derived_audit(&base.snapshot, derivation, date);
            let json = serde_json::to_vec(&audit).context("could not encode a generated snapshot")?;
            let parsed =
                read_canonical_json(&json).map_err(|e| anyhow::anyhow!("generated snapshot invalid: {e}"))?;
            created += u64::from(store(pool, project_id, &json, &parsed, date).await?);
        }
        if (index + 1) % 50 == 0 || index + 1 == scale.projects {
            writeln!(out, "{} of {} projects, {created} new snapshot(s)", index + 1, scale.projects)?;
        }
    }
    Ok(())
}

/// Owner and tags, so the portfolio's filters have something to filter.
async fn describe(pool: &PgPool, project_id: i64, index: u32, rng: &mut StdRng) -> anyhow::Result<()> {
    let owner = format!("{} team", TEAMS[index as usize % TEAMS.len()]);
    let tags = vec![
        TIERS[rng.random_range(0..TIERS.len())].to_owned(),
        KINDS[rng.random_range(0..KINDS.len())].to_owned(),
    ];
    app::db::projects::describe(pool, project_id, &owner, &tags).await?;
    Ok(())
}
