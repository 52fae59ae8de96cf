//! `plumb parse` through the real binary.

use std::path::{Path, PathBuf};
use std::process::Output;

use tokio::process::Command;

const PLUMB: &str = env!("CARGO_BIN_EXE_plumb");

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/tests/fixtures/reports").join(name)
}

async fn parse(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(PLUMB).arg("parse").args(args).env("RUST_LOG", "warn").output().await.unwrap()
}

#[tokio::test]
async fn one_file_prints_one_canonical_document() {
    let file = seed("001_4df81c36344b7789.txt");

    let output = parse(&[file.as_os_str()]).await;

    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "compact JSON is one line");
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(document["schema"], "plumb.snapshot/v1");
    assert_eq!(document["project"]["name"], "TopSmile");
    assert_eq!(document["overall"]["stated"]["value"], 7.5);
    assert_eq!(document["overall"]["stated"]["scale"], 10.0);
    assert_eq!(document["report"]["encoding_repaired"], true);
    let sha = document["report"]["sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
}

#[tokio::test]
async fn several_files_print_an_array_in_order_and_pretty_indents() {
    let first = seed("003_612dad5df449939a.txt");
    let second = seed("004_572bd039c708d81f.txt");

    let output = parse(&[first.as_os_str(), second.as_os_str(), "--pretty".as_ref()]).await;

    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.lines().count() > 100, "pretty output spans lines");
    let documents: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0]["project"]["name"], "Americano");
    assert_eq!(documents[0]["overall"]["verdict"], "not_ready");
    assert_eq!(documents[1]["project"]["name"], "BookReader AI");
    assert_eq!(documents[1]["overall"]["verdict"], "ready");
}

#[tokio::test]
async fn an_unreadable_file_exits_1_with_a_message_and_prints_nothing() {
    let missing = Path::new("/no/such/report.md");
    let good = seed("000_ae8311ebad182b85.txt");

    let output = parse(&[good.as_os_str(), missing.as_os_str()]).await;

    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "no partial output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read /no/such/report.md"), "{stderr}");
}

#[tokio::test]
async fn a_binary_file_is_refused_as_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("image.png");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10").unwrap();

    let output = parse(&[binary.as_os_str()]).await;

    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("looks binary"), "{stderr}");
}

#[tokio::test]
async fn eval_prints_the_corpus_figures_per_language_and_the_misses() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/tests/corpus");
    let dir = tempfile::tempdir().unwrap();
    // Two labelled reports: one read right, one whose labels the reader cannot meet.
    std::fs::write(dir.path().join("a.md"), "# Audit\n\nOverall score: 72/100\n").unwrap();
    std::fs::write(dir.path().join("b.md"), "# Notes\n\nNo figures.\n").unwrap();
    let labels = dir.path().join("labels.json");
    std::fs::write(
        &labels,
        r#"[{"file": "a.md", "overall_score": {"value": 72, "scale": 100}},
            {"file": "b.md", "overall_score": {"value": 3, "scale": 10}},
            {"file": "missing.md", "overall_score": null}]"#,
    )
    .unwrap();
    let output =
        Command::new(PLUMB).args(["eval", "--misses"]).arg(&labels).arg(dir.path()).output().await.unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let table = String::from_utf8(output.stdout).unwrap();
    let all = table.lines().find(|line| line.starts_with("all")).expect("an `all` row");
    assert!(all.contains("1/3"), "one headline of three right: {table}");
    assert!(
        table.contains("b.md (latin)") && table.contains("headline: read none, labelled 30.0/100"),
        "{table}"
    );
    assert!(table.contains("missing.md") && table.contains("cannot read"), "{table}");

    // The real corpus runs through the same command.
    let output = Command::new(PLUMB)
        .arg("eval")
        .arg(corpus.join("labels.json"))
        .arg(corpus.join("reports"))
        .output()
        .await
        .unwrap();
    assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.lines().any(|line| line.starts_with("all") && line.contains(" 48 ")), "{table}");

    let bad = Command::new(PLUMB).args(["eval", "/nonexistent/labels.json", "."]).output().await.unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot read /nonexistent/labels.json"));
}
