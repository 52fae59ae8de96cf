//! Gap matching (`domain::lifecycle::plan`) at the largest size a snapshot may have: 2,000 gaps
//! against 2,000 and 8,000 tracked items, all reworded (so every gap goes through the fuzzy
//! stage), and all unrelated but sharing boilerplate words (the shape that used to merge).
//!
//! `cargo bench -p app --bench matching`; results in docs/PERFORMANCE.md.

use std::hint::black_box;

use app::domain::fingerprint::fingerprint;
use app::domain::lifecycle::{Incoming, ItemStatus, TrackedItem, plan};
use app::domain::snapshot::{Gap, Priority};
use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn item(id: usize, title: String) -> TrackedItem {
    TrackedItem {
        id: id as i64,
        fingerprint: fingerprint(&title),
        title,
        category: None,
        priority: Priority::High,
        priority_locked: false,
        status: ItemStatus::Open,
        accepted_until: None,
    }
}

fn gap(title: String) -> Gap {
    Gap {
        fingerprint: fingerprint(&title),
        title,
        priority: None,
        category: None,
        effort_hours: None,
        detail: None,
        line: None,
    }
}

/// A word per number with no digits in it (digits are not part of a title's identity).
fn word(n: usize) -> String {
    (0..4).map(|i| char::from(b'a' + ((n / 26usize.pow(i)) % 26) as u8)).collect()
}

fn matching(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    for items in [2_000, 8_000] {
        let tracked: Vec<TrackedItem> =
            (0..items).map(|n| item(n, format!("Audit logging for {} service", word(n)))).collect();
        // Another wording with one more word: another fingerprint, so the fuzzy stage decides.
        let reworded: Vec<Gap> =
            (0..2_000).map(|n| gap(format!("{} service audit logs are not centralized", word(n)))).collect();
        assert!(
            reworded.iter().all(|gap| tracked.iter().take(3).all(|item| item.fingerprint != gap.fingerprint))
        );
        let unrelated: Vec<Gap> =
            (0..2_000).map(|n| gap(format!("Audit logging for {} service", word(n + 100_000)))).collect();
        for (name, gaps) in [("reworded", &reworded), ("boilerplate", &unrelated)] {
            group.bench_with_input(BenchmarkId::new(name, items), gaps, |b, gaps| {
                b.iter(|| plan(black_box(&tracked), Incoming { gaps, is_latest: true, today }));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, matching);
criterion_main!(benches);
