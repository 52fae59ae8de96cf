//! `plumb eval LABELS DIR [--misses]`: how well the reader reads a labelled corpus of real
//! reports (the measures are in `app::domain::ingest::accuracy`).

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use app::domain::ingest::accuracy::{Label, evaluate, render};

pub fn run(labels: &Path, dir: &Path, misses: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(labels).with_context(|| format!("cannot read {}", labels.display()))?;
    let labels: Vec<Label> = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a list of labels", labels.display()))?;
    let outcomes = evaluate(&labels, |file| {
        std::fs::read(dir.join(file))
            .map_err(|error| format!("cannot read {}: {error}", dir.join(file).display()))
    });
    write!(out, "{}", render(&outcomes, misses)).context("could not write to stdout")
}
