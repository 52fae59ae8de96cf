//! The reader on real reports: the labelled corpus in tests/corpus (real public reports, hand
//! labelled; see its README) must read at least as well as the figures recorded in
//! tests/corpus/thresholds.json. Raise them as the reader improves; never lower one without
//! saying why in the commit. `plumb eval tests/corpus/labels.json tests/corpus/reports --misses`
//! prints the same table with every miss.

use std::path::Path;

use app::domain::ingest::accuracy::{Label, evaluate, render, tally};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Thresholds {
    headline: f64,
    verdict: f64,
    gaps: f64,
    /// Reports with a prioritized gap labelled, and any gap read.
    any_gap: f64,
    /// At most this share of the gaps read may be junk titles.
    junk_at_most: f64,
}

#[test]
fn the_corpus_reads_at_least_as_well_as_recorded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let labels: Vec<Label> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json")).expect("labels"))
            .expect("valid labels");
    let thresholds: Thresholds =
        serde_json::from_str(&std::fs::read_to_string(dir.join("thresholds.json")).expect("thresholds"))
            .expect("valid thresholds");
    let outcomes =
        evaluate(&labels, |file| std::fs::read(dir.join("reports").join(file)).map_err(|e| e.to_string()));
    assert_eq!(outcomes.len(), labels.len());
    let (total, _) = tally(&outcomes);
    let table = render(&outcomes, true);
    let checks = [
        ("headline", total.headline(), thresholds.headline),
        ("verdict", total.verdict(), thresholds.verdict),
        ("prioritized gaps", total.gaps(), thresholds.gaps),
        ("any gap", total.any_gap(), thresholds.any_gap),
    ];
    for (measure, figure, floor) in checks {
        assert!(figure + 1e-9 >= floor, "{measure}: {figure:.3} fell below {floor:.3}\n{table}");
    }
    assert!(total.junk() <= thresholds.junk_at_most + 1e-9, "junk titles: {:.3}\n{table}", total.junk());
}
