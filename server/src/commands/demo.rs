//! `plumb demo`: the five sample reports as sample projects, each with a history, so a new
//! user has portfolios, trends, resolved items and regressions to click through.
//!
//! Every sample project gets the real report as its latest snapshot, and three earlier audits
//! (a month apart) derived from it: lower scores, fewer controls done, and a few gaps that were
//! fixed along the way. They are stored through the same code as uploads (canonical JSON for the
//! derived ones), so running the command twice changes nothing.

use std::io::Write;

use anyhow::Context;
use app::actions::Acting;
use app::actions::projects::{self, ProjectRef};
use app::actions::uploads::{self, Provenance, Report};
use app::domain::fingerprint::fingerprint;
use app::domain::ingest::{Parsed, read_canonical_json, read_report};
use app::domain::snapshot::{ChecklistState, Gap, Priority, ScoreBasis, Snapshot, level_for_score, round1};
use chrono::{Days, NaiveDate, NaiveTime, Utc};
use sqlx::PgPool;

/// The sample reports, embedded so the binary works from anywhere.
pub const SAMPLES: [(&str, &str, &[u8]); 5] = [
    (
        "throne-live",
        "Throne Live",
        include_bytes!("../../../app/tests/fixtures/reports/000_ae8311ebad182b85.txt"),
    ),
    ("topsmile", "TopSmile", include_bytes!("../../../app/tests/fixtures/reports/001_4df81c36344b7789.txt")),
    (
        "session-hub",
        "Session Hub",
        include_bytes!("../../../app/tests/fixtures/reports/002_a3dbc446fad5d127.txt"),
    ),
    (
        "americano",
        "Americano",
        include_bytes!("../../../app/tests/fixtures/reports/003_612dad5df449939a.txt"),
    ),
    (
        "bookreader-ai",
        "BookReader AI",
        include_bytes!("../../../app/tests/fixtures/reports/004_572bd039c708d81f.txt"),
    ),
];

/// Earlier audits generated per sample project.
const EARLIER_AUDITS: u64 = 3;

/// Gaps the earlier audits had and the team fixed before the latest one.
const FIXED_GAPS: [(&str, Priority, &str); 3] = [
    ("Secrets stored in plain environment files", Priority::High, "config_secrets"),
    ("No automated dependency updates", Priority::Medium, "security"),
    ("No staging environment", Priority::High, "deployment"),
];

pub async fn run(pool: &PgPool, if_empty: bool, out: &mut impl Write) -> anyhow::Result<()> {
    if if_empty && !app::db::projects::list(pool, true).await?.is_empty() {
        writeln!(out, "The database already has projects; no sample data loaded.")?;
        return Ok(());
    }
    let today = Utc::now().date_naive();
    for (slug, name, bytes) in SAMPLES {
        let project_id = ensure_project(pool, slug, name).await?;
        let latest =
            read_report(bytes).with_context(|| format!("sample report for {slug} does not parse"))?;
        let latest_date = latest.snapshot.report.date.unwrap_or(today);
        let mut stored_count = 0;
        for k in (1..=EARLIER_AUDITS).rev() {
            let date = latest_date.checked_sub_days(Days::new(30 * k)).unwrap_or(latest_date);
            let earlier = earlier_audit(&latest.snapshot, k, date);
            let json = serde_json::to_vec(&earlier).context("could not encode a sample snapshot")?;
            let parsed =
                read_canonical_json(&json).map_err(|e| anyhow::anyhow!("sample snapshot invalid: {e}"))?;
            stored_count += store(pool, project_id, &json, &parsed, date).await?;
        }
        stored_count += store(pool, project_id, bytes, &latest, latest_date).await?;
        writeln!(out, "{name} ({slug}): {stored_count} new snapshot(s)")?;
    }
    writeln!(out, "Sample data is loaded: open the portfolio to look around.")?;
    Ok(())
}

/// Sample data is nobody's change; the audit log says where it came from.
fn demo() -> Acting {
    Acting { via: Some("demo"), ..Acting::default() }
}

pub async fn ensure_project(pool: &PgPool, slug: &str, name: &str) -> anyhow::Result<i64> {
    let mut tx = pool.begin().await?;
    let id = projects::resolve(&mut tx, &demo(), ProjectRef::FindOrCreate { slug, name }).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn store(
    pool: &PgPool,
    project_id: i64,
    bytes: &[u8],
    parsed: &Parsed,
    date: NaiveDate,
) -> anyhow::Result<u32> {
    let provenance = Provenance {
        acting: demo(),
        taken_at: Some(date.and_time(NaiveTime::MIN).and_utc()),
        ..Provenance::default()
    };
    let report = Report { bytes, parsed };
    let stored =
        uploads::store_report_alone(pool, ProjectRef::Existing(project_id), report, &provenance).await?;
    Ok(u32::from(stored.created))
}

/// The audit `k` months before `latest`: scores lower by 12 % of the scale a month, the first
/// tenth of done controls per month still missing, and the fixed gaps still open.
pub fn earlier_audit(latest: &Snapshot, k: u64, date: NaiveDate) -> Snapshot {
    let derivation = Derivation {
        factor: 1.0 - 0.12 * k as f64,
        missing_per_ten: k as usize,
        open_fixed_gaps: k as usize,
    };
    let mut earlier = derived_audit(latest, derivation, date);
    earlier.warnings = vec![format!("sample data: derived from the latest audit, {k} month(s) earlier")];
    earlier
}

/// How an audit derived from a real one differs from it.
#[derive(Debug, Clone, Copy)]
pub struct Derivation {
    /// Scores are multiplied by this (clamped to the scale).
    pub factor: f64,
    /// Of every ten done controls, this many are still missing.
    pub missing_per_ten: usize,
    /// How many of the gaps fixed since (see `FIXED_GAPS`, at most three) are still open.
    pub open_fixed_gaps: usize,
}

/// `latest` as it might have looked on `date`: see [`Derivation`].
pub fn derived_audit(latest: &Snapshot, derivation: Derivation, date: NaiveDate) -> Snapshot {
    let Derivation { factor, missing_per_ten, open_fixed_gaps } = derivation;
    let mut earlier = latest.clone();
    earlier.report.date = Some(date);
    earlier.report.sha256.clear();
    earlier.report.encoding_repaired = false;
    earlier.report.title = latest.report.title.as_ref().map(|t| format!("{t} (audit of {date})"));
    if let Some(stated) = &mut earlier.overall.stated {
        stated.value = round1((stated.value * factor).clamp(0.0, stated.scale));
        stated.text = Some(format!("Overall score: {}/{}", stated.value, stated.scale));
        stated.line = None;
    }
    earlier.overall.score = earlier
        .overall
        .stated
        .as_ref()
        .map(|s| s.normalized())
        .or(latest.overall.score.map(|s| round1((s * factor).clamp(0.0, 100.0))));
    if earlier.overall.stated.is_none() && earlier.overall.score.is_some() {
        earlier.overall.basis = ScoreBasis::Derived;
    }
    earlier.overall.level = earlier.overall.score.map(level_for_score);
    for category in &mut earlier.categories {
        category.score = category.score.map(|s| round1((s * factor).clamp(0.0, 100.0)));
        if let Some(stated) = &mut category.stated {
            stated.value = round1((stated.value * factor).clamp(0.0, stated.scale));
        }
    }
    let mut done_seen = 0;
    for item in &mut earlier.checklist {
        if item.state == ChecklistState::Done {
            done_seen += 1;
            if done_seen % 10 < missing_per_ten {
                item.state = ChecklistState::Missing;
            }
        }
    }
    for (title, priority, category) in FIXED_GAPS.iter().take(open_fixed_gaps) {
        earlier.gaps.push(Gap {
            title: (*title).to_owned(),
            priority: Some(*priority),
            category: Some((*category).to_owned()),
            effort_hours: Some(8.0),
            detail: Some("Found in an earlier audit; fixed since.".to_owned()),
            fingerprint: fingerprint(title),
            line: None,
        });
    }
    earlier.warnings = vec![format!("sample data: derived from a real audit, as of {date}")];
    earlier
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_audits_score_lower_and_carry_the_gaps_fixed_since() {
        let latest = read_report(SAMPLES[1].2).expect("parses").snapshot;
        let date = NaiveDate::from_ymd_opt(2025, 9, 1).expect("date");
        let earlier = earlier_audit(&latest, 2, date);
        assert!(earlier.validate().is_ok(), "{:?}", earlier.validate());
        assert!(earlier.overall.score < latest.overall.score);
        assert_eq!(earlier.gaps.len(), latest.gaps.len() + 2);
        let done = |s: &Snapshot| s.checklist.iter().filter(|i| i.state == ChecklistState::Done).count();
        assert!(done(&earlier) < done(&latest));
        assert_eq!(earlier.report.date, Some(date));
    }
}
