//! The report ingestion engine: any audit report in, the canonical snapshot out.
//!
//! `parse_report` runs the stages in order: [`decode`] (encodings, mojibake), [`blocks`]
//! (Markdown structure with line numbers), [`extract`] (what the report says), and
//! [`derive`] (what it leaves unsaid). It is pure and never panics, whatever the bytes, so it
//! runs on the server for uploads and in the browser for the upload preview.

pub mod accuracy;
pub mod blocks;
pub mod decode;
pub mod derive;
pub mod extract;
pub mod lexicon;
pub mod limits;
pub mod numbers;
pub mod template;
pub mod text;

use sha2::{Digest, Sha256};

use crate::domain::snapshot::{
    Overall, ProjectInfo, ReportInfo, SCHEMA, ScoreBasis, Snapshot, level_for_score, round1,
};
use numbers::ScoreForm;

/// Recorded with every snapshot, so a later parser can tell which rules read it.
pub const PARSER_VERSION: &str = "plumb-ingest/2";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error(transparent)]
    Unreadable(#[from] decode::DecodeError),
    /// Over one of the bounds in [`limits`].
    #[error("report too complex: {0}")]
    TooComplex(#[from] limits::TooComplex),
}

/// A parsed report: the snapshot and the text it was read from (line numbers point into it).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub snapshot: Snapshot,
    pub text: String,
}

/// Parses a report (Markdown, or any text) into the canonical snapshot.
pub fn parse_report(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    read_report(bytes).map(|parsed| parsed.snapshot)
}

/// [`parse_report`], keeping the decoded text that the snapshot's line numbers refer to.
pub fn read_report(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let decoded = decode::decode(bytes)?;
    if limits::too_many_lines(&decoded.text) {
        return Err(limits::TooComplex::Lines.into());
    }
    let blocks = blocks::blocks(&decoded.text);
    let mut extracted = extract::extract(&blocks)?;
    let mut warnings = decoded.notes;
    let (placeholders, example) = template::placeholders(&decoded.text);
    let blank = placeholders >= template::TEMPLATE_PLACEHOLDERS;
    if blank {
        // Its figures are examples and legends, its verdicts the choices to fill in.
        extracted.headline = None;
        extracted.verdict = None;
        warnings.push(format!(
            "this looks like a blank template ({placeholders} placeholders such as \"{}\"): no score or verdict read",
            text::truncate(example.unwrap_or_default(), 40)
        ));
    }

    let (stated, score, basis, level) = match &extracted.headline {
        Some(headline) => {
            let score = headline.stated.normalized();
            let level = if headline.form == ScoreForm::Level {
                ((headline.stated.value / headline.stated.scale * 5.0).round() as u8).clamp(1, 5)
            } else {
                level_for_score(score)
            };
            (Some(headline.stated.clone()), Some(score), ScoreBasis::Stated, Some(level))
        }
        None if blank => (None, None, ScoreBasis::None, None),
        None => match derive::derived_score(&extracted.checklist, &extracted.categories) {
            Some(score) => {
                warnings.push(format!(
                    "no overall score stated: derived {score} from {} checklist item(s) and {} categories",
                    extracted.checklist.len(),
                    extracted.categories.len()
                ));
                (None, Some(round1(score)), ScoreBasis::Derived, Some(level_for_score(score)))
            }
            None => (None, None, ScoreBasis::None, None),
        },
    };
    let (verdict, verdict_text) = match extracted.verdict {
        Some((verdict, text)) => (Some(verdict), Some(text)),
        None if blank => (None, None),
        None => {
            let derived = derive::derived_verdict(score, &extracted.gaps);
            if let Some(verdict) = derived {
                warnings.push(format!(
                    "no verdict stated: derived \"{}\" from the gaps and the score",
                    verdict.as_str()
                ));
            }
            (derived, None)
        }
    };
    warnings.extend(extracted.warnings);

    let snapshot = Snapshot {
        schema: SCHEMA.to_owned(),
        project: ProjectInfo { name: extracted.project_name },
        report: ReportInfo {
            title: extracted.title,
            date: extracted.date,
            sha256: hex_sha256(bytes),
            encoding_repaired: decoded.encoding_repaired,
        },
        overall: Overall { stated, score, basis, level, verdict, verdict_text },
        categories: extracted.categories,
        checklist: extracted.checklist,
        gaps: extracted.gaps,
        strengths: extracted.strengths,
        warnings,
    };
    Ok(Parsed { snapshot, text: decoded.text })
}

/// Reads an uploaded canonical JSON document: validated (errors name the field), completed,
/// and stamped with the SHA-256 of the bytes as received.
pub fn read_canonical_json(bytes: &[u8]) -> Result<Parsed, crate::domain::snapshot::InvalidSnapshot> {
    let mut snapshot = Snapshot::from_json(bytes)?;
    snapshot.report.sha256 = hex_sha256(bytes);
    Ok(Parsed { snapshot, text: String::from_utf8_lossy(bytes).into_owned() })
}

/// How a report to be stored is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown or plain text, read by the parser.
    Report,
    /// A `plumb.snapshot/v1` document.
    CanonicalJson,
}

impl Format {
    /// The format of content that comes with nothing to say what it is (pasted text, a file
    /// without a telling name): JSON when it opens with `{`, else a report.
    pub fn of_content(bytes: &[u8]) -> Self {
        match bytes.iter().find(|byte| !byte.is_ascii_whitespace()) {
            Some(b'{') => Format::CanonicalJson,
            _ => Format::Report,
        }
    }
}

/// Why a report cannot be stored. The message is the one every way in shows (the upload API's
/// problem detail, the upload page, `plumb import`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unstorable {
    #[error("this is not a valid plumb.snapshot/v1 document: {0}")]
    InvalidJson(crate::domain::snapshot::InvalidSnapshot),
    #[error(transparent)]
    Unreadable(ParseError),
    #[error(
        "Plumb found nothing it can use in this report: no score, verdict, categories, checklist, \
         gaps or strengths. Is it a DevOps audit report?"
    )]
    NothingUsable,
}

/// Reads a report that is to be stored, as `format`, and refuses one with nothing usable in it.
/// Every way in (the upload API, the upload page, `plumb import`) reads through here, so they
/// agree on what can be stored; each says why not in its own words.
pub fn read_for_storage(bytes: &[u8], format: Format) -> Result<Parsed, Unstorable> {
    let parsed = match format {
        Format::CanonicalJson => read_canonical_json(bytes).map_err(Unstorable::InvalidJson)?,
        Format::Report => read_report(bytes).map_err(Unstorable::Unreadable)?,
    };
    if parsed.snapshot.has_content() { Ok(parsed) } else { Err(Unstorable::NothingUsable) }
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}
