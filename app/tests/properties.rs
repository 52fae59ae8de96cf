//! Property tests of the ingestion engine: whatever the input, parsing never panics, gives the
//! same answer twice, and produces a snapshot that holds together.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use app::domain::fingerprint::fingerprint;
use app::domain::ingest::{ParseError, decode::decode, parse_report};
use proptest::prelude::*;

#[path = "support/shapes.rs"]
mod shapes;

/// Pieces real reports are made of, including the awkward ones.
fn fragment() -> impl Strategy<Value = String> {
    let word = "[A-Za-z][a-z]{0,9}";
    let words = prop::collection::vec(word, 1..6).prop_map(|w| w.join(" "));
    let marker = prop::sample::select(vec![
        "✅",
        "❌",
        "⚠️",
        "🔴",
        "🟡",
        "🟢",
        "🚨",
        "⭐",
        "",
        "**MISSING**",
        "EXCELLENT",
        "PARTIAL",
        "CRITICAL",
    ]);
    let priority = prop::sample::select(vec![
        "P0",
        "P1",
        "P2",
        "P3",
        "High Priority",
        "MUST FIX",
        "NICE TO HAVE",
        "Impact: High",
        "Priorité haute",
        "Week 1",
    ]);
    let score = (0u32..=120, prop::sample::select(vec![5u32, 10, 20, 100]))
        .prop_map(|(v, s)| format!("{}/{s}", v % (s + 3)));
    prop_oneof![
        (1usize..=6, words.clone(), marker.clone())
            .prop_map(|(level, w, m)| format!("{} {w} {m}\n", "#".repeat(level))),
        (words.clone(), marker.clone()).prop_map(|(w, m)| format!("- {m} {w}\n")),
        (words.clone(), any::<bool>())
            .prop_map(|(w, done)| format!("- [{}] {w}\n", if done { "x" } else { " " })),
        (words.clone(), marker.clone()).prop_map(|(w, m)| format!("  - **{w}**: {m} {w}\n")),
        (words.clone(), score.clone()).prop_map(|(w, s)| format!("**{w} Score: {s}**\n")),
        (priority.clone(), words.clone()).prop_map(|(p, w)| format!("### {p}\n1. {w} (2 days)\n")),
        (words.clone(), score.clone(), marker.clone())
            .prop_map(|(w, s, m)| format!("| {w} | {s} | {m} |\n|---|---|---|\n| {w} | {s} | {m} |\n")),
        (words.clone(), score).prop_map(|(w, s)| format!("```\n{w}: ✅ {s}\n- ❌ {w}\n```\n")),
        words.clone().prop_map(|w| format!("**Status:** {w}\n**Verdict:** NOT PRODUCTION READY\n")),
        Just("┌──────┐\n│ art  │\n└──────┘\n".to_owned()),
        Just("\n".to_owned()),
        "[ -~\\n]{0,40}",
    ]
}

fn report() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = parse_report(&bytes);
    }

    #[test]
    fn arbitrary_unicode_text_never_panics(text in any::<String>()) {
        let _ = parse_report(text.as_bytes());
    }

    #[test]
    fn report_shaped_text_parses_to_a_valid_deterministic_snapshot(text in report()) {
        let first = parse_report(text.as_bytes()).unwrap();
        let second = parse_report(text.as_bytes()).unwrap();
        prop_assert_eq!(&first, &second);
        prop_assert!(first.validate().is_ok(), "{:?}", first.validate());
        if let Some(score) = first.overall.score {
            prop_assert!((0.0..=100.0).contains(&score));
            prop_assert!(first.overall.level.is_some());
        }
        // Evidence lines exist in the decoded text.
        let lines = decode(text.as_bytes()).unwrap().text.lines().count().max(1) as u32;
        for line in first.checklist.iter().map(|i| i.line).chain(first.gaps.iter().map(|g| g.line)).flatten() {
            prop_assert!(line >= 1 && line <= lines, "line {} of {}", line, lines);
        }
        // Fingerprints are what the title gives and unique within the snapshot.
        let mut prints: Vec<&str> = first.gaps.iter().map(|g| g.fingerprint.as_str()).collect();
        for gap in &first.gaps {
            prop_assert_eq!(&gap.fingerprint, &fingerprint(&gap.title));
        }
        prints.sort_unstable();
        let count = prints.len();
        prints.dedup();
        prop_assert_eq!(prints.len(), count);
    }

    /// A priority written as a tag in front of a gap ("CRITICAL: …", "High – …", "[low] …") is
    /// the gap's priority, and only the rest is its title.
    #[test]
    fn a_priority_tag_on_a_gap_becomes_its_priority(
        gaps in prop::collection::vec(
            (
                prop::sample::select(vec!["critical", "high", "medium", "low"]),
                prop::sample::select(vec!["upper", "title", "lower"]),
                prop::sample::select(vec![": ", " - ", " – ", "] "]),
                prop::collection::vec(
                    prop::sample::select(vec!["backup", "pipeline", "runbook", "secrets", "rotation", "alerting", "rollback", "cache"]),
                    1..5,
                ),
                any::<bool>(),
            ),
            1..8,
        ),
    ) {
        let mut text = "# Audit: Example\n\n## Gaps\n\n".to_owned();
        let mut expected = Vec::new();
        for (index, (level, case, separator, words, bold)) in gaps.iter().enumerate() {
            let word = match *case {
                "upper" => level.to_uppercase(),
                "title" => format!("{}{}", level[..1].to_uppercase(), &level[1..]),
                _ => (*level).to_owned(),
            };
            let tag = if *separator == "] " { format!("[{word}] ") } else { format!("{word}{separator}") };
            // Distinct titles (a repeated title is one gap, and numbers do not tell titles apart).
            let distinct = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"][index];
            let title = format!("{} {distinct}", words.join(" "));
            let line = if *bold { format!("**{tag}{title}**") } else { format!("{tag}{title}") };
            text.push_str(&format!("{}. {line}\n", index + 1));
            expected.push(((*level).to_owned(), title));
        }
        let snapshot = parse_report(text.as_bytes()).unwrap();
        let found: Vec<(String, String)> = snapshot
            .gaps
            .iter()
            .map(|gap| (gap.priority.map(|p| p.as_str().to_owned()).unwrap_or_default(), gap.title.clone()))
            .collect();
        prop_assert_eq!(found, expected, "{}", text);
    }

    #[test]
    fn line_endings_do_not_change_the_result(text in report()) {
        let crlf = text.replace('\n', "\r\n");
        let mut unix = parse_report(text.as_bytes()).unwrap();
        let mut windows = parse_report(crlf.as_bytes()).unwrap();
        unix.report.sha256.clear();
        windows.report.sha256.clear();
        prop_assert_eq!(unix, windows);
    }
}

/// Inputs that once broke the parser (found by fuzzing): each must parse to a valid snapshot.
#[test]
fn past_fuzzer_finds_parse_to_valid_snapshots() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if let Ok(snapshot) = parse_report(&std::fs::read(&path).unwrap()) {
            assert!(snapshot.validate().is_ok(), "{}: {:?}", path.display(), snapshot.validate());
        }
        seen += 1;
    }
    assert!(seen > 0);
}

/// Every adversarial shape is read or refused as too complex: never a panic, never another
/// error, the same answer twice. (Their cost is the benchmark's business.)
#[test]
fn adversarial_shapes_are_read_or_refused_whole() {
    for (name, text) in shapes::adversarial(256 * 1024) {
        let first = parse_report(text.as_bytes());
        assert_eq!(first, parse_report(text.as_bytes()), "{name}: not deterministic");
        match first {
            Ok(snapshot) => assert!(snapshot.validate().is_ok(), "{name}: an invalid snapshot"),
            Err(error) => assert!(matches!(error, ParseError::TooComplex(_)), "{name}: {error}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A report-shaped piece repeated many times (the shape most bounds are about) is read or
    /// refused whole, with a snapshot that holds together when read.
    #[test]
    fn repeated_fragments_are_read_or_refused(piece in fragment(), times in 1usize..3000) {
        let text = format!("# Audit\n\n{}", piece.repeat(times));
        match parse_report(text.as_bytes()) {
            Ok(snapshot) => prop_assert!(snapshot.validate().is_ok()),
            Err(error) => prop_assert!(matches!(error, ParseError::TooComplex(_)), "{}", error),
        }
    }
}
