//! `plumb parse FILE...`: the canonical snapshot JSON of each report, on stdout.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use app::domain::ingest::parse_report;
use app::domain::snapshot::Snapshot;

/// Parses every file; prints one document for one file, a JSON array for several. Any
/// unreadable file fails the whole command (exit 1) before anything is printed, so scripts never
/// read a partial array.
pub fn run(files: &[PathBuf], pretty: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let snapshots = files.iter().map(|file| parse_file(file)).collect::<anyhow::Result<Vec<Snapshot>>>()?;
    let json = match (snapshots.as_slice(), pretty) {
        ([one], true) => serde_json::to_string_pretty(one),
        ([one], false) => serde_json::to_string(one),
        (many, true) => serde_json::to_string_pretty(many),
        (many, false) => serde_json::to_string(many),
    }
    .context("could not serialize the snapshot")?;
    writeln!(out, "{json}").context("could not write to stdout")
}

fn parse_file(file: &Path) -> anyhow::Result<Snapshot> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    parse_report(&bytes).with_context(|| format!("cannot parse {}", file.display()))
}
