//! Golden tests: every report under `tests/fixtures/reports` (the five seed reports and reports
//! of other shapes written for these tests) is parsed and compared with its hand-checked
//! expectations in `tests/fixtures/expected/<name>.json`: project, title, date, headline score,
//! basis, level, verdict, checklist counts by state, category scores and statuses, the
//! prioritized gaps in order, and the number of strengths.
#![expect(clippy::unwrap_used, reason = "tests fail loudly on broken fixtures")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use app::domain::ingest::parse_report;
use app::domain::snapshot::Snapshot;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    project: Option<String>,
    title: Option<String>,
    date: Option<String>,
    encoding_repaired: bool,
    stated: Option<ExpectedStated>,
    score: Option<f64>,
    basis: String,
    level: Option<u8>,
    verdict: Option<String>,
    checklist: BTreeMap<String, usize>,
    categories: BTreeMap<String, ExpectedCategory>,
    gaps: Vec<(String, String)>,
    unprioritized_gaps: usize,
    strengths: usize,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ExpectedStated {
    value: f64,
    scale: f64,
    line: u32,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ExpectedCategory {
    score: Option<f64>,
    status: Option<String>,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn as_json_string<T: serde::Serialize>(value: &T) -> Option<String> {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned))
}

/// Everything that differs between the parse and the expectations, one line each.
fn differences(snapshot: &Snapshot, expected: &Expected) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut check = |what: &str, got: String, want: String| {
        if got != want {
            diffs.push(format!("{what}: got {got}, expected {want}"));
        }
    };
    check("project", format!("{:?}", snapshot.project.name), format!("{:?}", expected.project));
    check("title", format!("{:?}", snapshot.report.title), format!("{:?}", expected.title));
    check(
        "date",
        format!("{:?}", snapshot.report.date.map(|d| d.to_string())),
        format!("{:?}", expected.date),
    );
    check(
        "encoding_repaired",
        snapshot.report.encoding_repaired.to_string(),
        expected.encoding_repaired.to_string(),
    );
    let stated = snapshot.overall.stated.as_ref().map(|s| ExpectedStated {
        value: s.value,
        scale: s.scale,
        line: s.line.unwrap_or(0),
    });
    check("stated", format!("{stated:?}"), format!("{:?}", expected.stated));
    check("score", format!("{:?}", snapshot.overall.score), format!("{:?}", expected.score));
    check("basis", as_json_string(&snapshot.overall.basis).unwrap_or_default(), expected.basis.clone());
    check("level", format!("{:?}", snapshot.overall.level), format!("{:?}", expected.level));
    check(
        "verdict",
        format!("{:?}", snapshot.overall.verdict.map(|v| v.as_str().to_owned())),
        format!("{:?}", expected.verdict),
    );
    let mut counts = BTreeMap::new();
    for item in &snapshot.checklist {
        *counts.entry(item.state.as_str().to_owned()).or_insert(0usize) += 1;
    }
    check("checklist counts", format!("{counts:?}"), format!("{:?}", expected.checklist));
    let categories: BTreeMap<String, ExpectedCategory> = snapshot
        .categories
        .iter()
        .map(|c| {
            (
                c.key.clone(),
                ExpectedCategory { score: c.score, status: c.status.map(|s| s.as_str().to_owned()) },
            )
        })
        .collect();
    check("categories", format!("{categories:?}"), format!("{:?}", expected.categories));
    let gaps: Vec<(String, String)> = snapshot
        .gaps
        .iter()
        .filter_map(|g| g.priority.map(|p| (p.as_str().to_owned(), g.title.clone())))
        .collect();
    check("prioritized gaps", format!("{gaps:?}"), format!("{:?}", expected.gaps));
    let unprioritized = snapshot.gaps.iter().filter(|g| g.priority.is_none()).count();
    check("unprioritized gaps", unprioritized.to_string(), expected.unprioritized_gaps.to_string());
    check("strengths", snapshot.strengths.len().to_string(), expected.strengths.to_string());
    diffs
}

#[test]
fn every_report_parses_to_its_hand_checked_expectations() {
    let mut reports: Vec<PathBuf> =
        std::fs::read_dir(fixtures().join("reports")).unwrap().map(|e| e.unwrap().path()).collect();
    reports.sort();
    assert!(reports.len() >= 5, "fixtures missing: {reports:?}");
    let mut failures = Vec::new();
    for report in &reports {
        let name = report.file_stem().unwrap().to_string_lossy().into_owned();
        let expected_path = fixtures().join("expected").join(format!("{name}.json"));
        let expected: Expected = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let snapshot = parse_report(&std::fs::read(report).unwrap()).unwrap();
        let diffs = differences(&snapshot, &expected);
        if !diffs.is_empty() {
            failures.push(format!("{name}:\n  {}", diffs.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn line_numbers_point_at_the_evidence() {
    // Every item, gap and strength names a line whose text contains (part of) what was read; a
    // gap named after its section ("Current State 🔴 MISSING" under "Monitoring & Logging") may
    // find its words in the heading just above.
    for report in std::fs::read_dir(fixtures().join("reports")).unwrap() {
        let path = report.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = app::domain::ingest::decode::decode(&bytes).unwrap().text;
        let lines: Vec<&str> = text.lines().collect();
        let snapshot = parse_report(&bytes).unwrap();
        let evidence = snapshot
            .checklist
            .iter()
            .map(|i| (i.line, i.text.as_str()))
            .chain(snapshot.gaps.iter().map(|g| (g.line, g.title.as_str())))
            .chain(snapshot.strengths.iter().map(|s| (s.line, s.text.as_str())));
        for (line, said) in evidence {
            let line = line.unwrap_or_else(|| panic!("{}: no line for {said}", path.display()));
            let index = line as usize - 1;
            assert!(index < lines.len(), "{}: line {line} out of range", path.display());
            let source = lines[index.saturating_sub(3)..=index].join("\n");
            let first_word = said.split(|c: char| !c.is_alphanumeric()).find(|w| w.len() > 1).unwrap_or(said);
            assert!(
                source.to_lowercase().contains(&first_word.to_lowercase()),
                "{}: line {line} {source:?} does not show {said:?}",
                path.display()
            );
        }
    }
}

#[test]
fn the_same_report_in_utf16_with_crlf_reads_the_same() {
    let utf8 = std::fs::read(fixtures().join("reports/003_612dad5df449939a.txt")).unwrap();
    let text = String::from_utf8(utf8.clone()).unwrap().replace('\n', "\r\n");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));

    let mut from_utf8 = parse_report(&utf8).unwrap();
    let mut from_utf16 = parse_report(&utf16).unwrap();

    from_utf8.report.sha256.clear();
    from_utf16.report.sha256.clear();
    assert_eq!(from_utf16, from_utf8);
}
