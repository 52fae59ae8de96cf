//! Parser throughput: the seed reports, and synthetic reports of growing size next to a bare
//! pulldown-cmark pass over the same text (the floor: tokenizing the Markdown at all).
//!
//! Adversarial shapes (`tests/support/shapes.rs`) at 1 and 2 MiB show that no input costs more
//! than linear time.
//!
//! `cargo bench -p app --bench ingest`; results and method in docs/PERFORMANCE.md.

use std::hint::black_box;
use std::path::Path;

use app::domain::ingest::{decode::decode, parse_report};

#[path = "../tests/support/shapes.rs"]
mod shapes;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use pulldown_cmark::{Options, Parser};

fn seed_reports() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports");
    let mut reports: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|entry| {
            (entry.file_name().to_string_lossy().into_owned(), std::fs::read(entry.path()).expect("read"))
        })
        .filter(|(name, _)| name.starts_with('0'))
        .collect();
    reports.sort();
    reports
}

/// A report of at least `size` bytes: the seed reports, decoded, one after another, each copy's
/// headings numbered so sections stay distinct.
fn synthetic_report(size: usize) -> String {
    let texts: Vec<String> =
        seed_reports().iter().map(|(_, bytes)| decode(bytes).expect("text").text).collect();
    let mut out = String::with_capacity(size + 64 * 1024);
    let mut copy = 0;
    while out.len() < size {
        for text in &texts {
            for line in text.lines() {
                if line.starts_with('#') {
                    out.push_str(&format!("{line} ({copy})\n"));
                } else {
                    out.push_str(line);
                    out.push('\n');
                }
            }
            copy += 1;
        }
    }
    out
}

fn markdown_only(text: &str) -> usize {
    let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    Parser::new_ext(text, options).into_offset_iter().count()
}

fn seeds(c: &mut Criterion) {
    let mut group = c.benchmark_group("seed");
    for (name, bytes) in seed_reports() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&name[..3]), &bytes, |b, bytes| {
            b.iter(|| parse_report(black_box(bytes)).expect("parses"));
        });
    }
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(20);
    for size in [256 * 1024, 512 * 1024, 1024 * 1024, 2048 * 1024] {
        let text = synthetic_report(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse_report", size / 1024), &text, |b, text| {
            b.iter(|| parse_report(black_box(text.as_bytes())).expect("parses"));
        });
        group.bench_with_input(BenchmarkId::new("pulldown_cmark_only", size / 1024), &text, |b, text| {
            b.iter(|| markdown_only(black_box(text)));
        });
    }
    group.finish();
}

/// Adversarial shapes at 1 and 2 MiB: each is read (or refused) in well under a second, and
/// twice the bytes take about twice the time.
fn adversarial(c: &mut Criterion) {
    let mut group = c.benchmark_group("adversarial");
    group.sample_size(10);
    for size in [1024 * 1024, 2048 * 1024] {
        for (name, text) in shapes::adversarial(size) {
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(name, size / 1024), &text, |b, text| {
                // Refusals (ParseError::TooComplex) are answers too: both are timed.
                b.iter(|| parse_report(black_box(text.as_bytes())).is_ok());
            });
        }
    }
    group.finish();
}

criterion_group!(benches, seeds, scaling, adversarial);
criterion_main!(benches);
