//! The canonical snapshot (`plumb.snapshot/v1`): what the parser produces, what the upload API
//! accepts as JSON, and what `plumb parse` prints. Field names are a contract other tools read
//! (docs/SNAPSHOT.md is their reference); fields may be added, never renamed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fingerprint::fingerprint;
use super::taxonomy;

/// The value of the `schema` field.
pub const SCHEMA: &str = "plumb.snapshot/v1";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub schema: String,
    #[serde(default)]
    pub project: ProjectInfo,
    #[serde(default)]
    pub report: ReportInfo,
    #[serde(default)]
    pub overall: Overall,
    #[serde(default)]
    pub categories: Vec<CategoryScore>,
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    #[serde(default)]
    pub gaps: Vec<Gap>,
    #[serde(default)]
    pub strengths: Vec<Strength>,
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectInfo {
    /// The project's name as the report states it, if it does.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportInfo {
    pub title: Option<String>,
    /// The report's own date (ISO 8601), if it states one.
    pub date: Option<NaiveDate>,
    /// SHA-256 (hex) of the bytes as received.
    #[serde(default)]
    pub sha256: String,
    /// True when the text was mojibake (UTF-8 read as a legacy encoding) and was repaired.
    #[serde(default)]
    pub encoding_repaired: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Overall {
    /// The report's own headline score as written, or null.
    pub stated: Option<StatedScore>,
    /// 0–100: the stated score normalized, or derived (see `basis`).
    pub score: Option<f64>,
    #[serde(default)]
    pub basis: ScoreBasis,
    /// Maturity level 1–5.
    pub level: Option<u8>,
    pub verdict: Option<Verdict>,
    /// The report's own words for the verdict, when it has them.
    pub verdict_text: Option<String>,
}

/// A score exactly as a report wrote it: `value` out of `scale`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatedScore {
    pub value: f64,
    pub scale: f64,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub line: Option<u32>,
}

impl StatedScore {
    /// The score on a 0–100 scale.
    pub fn normalized(&self) -> f64 {
        round1(self.value / self.scale * 100.0)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreBasis {
    /// The report states it.
    Stated,
    /// Computed from checklist and category states (see `ingest::derive`).
    Derived,
    /// Nothing to go on.
    #[default]
    None,
}

impl ScoreBasis {
    /// As stored and serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ScoreBasis::Stated => "stated",
            ScoreBasis::Derived => "derived",
            ScoreBasis::None => "none",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ready,
    Conditional,
    NotReady,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::Conditional => "conditional",
            Verdict::NotReady => "not_ready",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// A key of the canonical taxonomy.
    pub key: String,
    /// 0–100, from the stated score.
    pub score: Option<f64>,
    pub stated: Option<StatedScore>,
    pub status: Option<CategoryStatus>,
    /// The report's heading for this area.
    pub heading: Option<String>,
    #[serde(default)]
    pub line: Option<u32>,
}

/// How a report judges an area, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryStatus {
    Good,
    Partial,
    Missing,
    Critical,
}

impl CategoryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CategoryStatus::Good => "good",
            CategoryStatus::Partial => "partial",
            CategoryStatus::Missing => "missing",
            CategoryStatus::Critical => "critical",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub text: String,
    pub state: ChecklistState,
    pub category: Option<String>,
    #[serde(default)]
    pub line: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistState {
    Done,
    Partial,
    Missing,
}

impl ChecklistState {
    pub fn as_str(self) -> &'static str {
        match self {
            ChecklistState::Done => "done",
            ChecklistState::Partial => "partial",
            ChecklistState::Missing => "missing",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub title: String,
    pub priority: Option<Priority>,
    pub category: Option<String>,
    pub effort_hours: Option<f64>,
    pub detail: Option<String>,
    /// Stable identity across reports; computed from the title when a JSON upload omits it.
    #[serde(default)]
    pub fingerprint: String,
    #[serde(default)]
    pub line: Option<u32>,
}

/// Remediation priority, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Critical,
    High,
    Medium,
    Low,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::Critical, Priority::High, Priority::Medium, Priority::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Critical => "critical",
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|priority| priority.as_str() == text)
    }

    /// How people read it.
    pub fn label(self) -> &'static str {
        match self {
            Priority::Critical => "Critical",
            Priority::High => "High",
            Priority::Medium => "Medium",
            Priority::Low => "Low",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strength {
    pub text: String,
    pub category: Option<String>,
    #[serde(default)]
    pub line: Option<u32>,
}

/// Rounds to one decimal, the precision scores are shown and stored with.
pub fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// A canonical JSON document that does not hold together, with the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct InvalidSnapshot {
    /// Where the problem is, as a JSON path (`gaps[2].priority`); `.` for the whole document.
    pub path: String,
    pub message: String,
}

impl InvalidSnapshot {
    fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into() }
    }
}

impl Snapshot {
    /// Reads a canonical JSON document (as uploaded), checks it, and fills in what may be
    /// omitted (fingerprints, normalized scores, levels).
    pub fn from_json(bytes: &[u8]) -> Result<Self, InvalidSnapshot> {
        let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
        let mut snapshot: Snapshot = serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let path = error.path().to_string();
            let message = error.inner().to_string();
            InvalidSnapshot::at(if path.is_empty() { ".".to_owned() } else { path }, message)
        })?;
        snapshot.validate()?;
        snapshot.complete();
        Ok(snapshot)
    }

    /// Checks the invariants the rest of Plumb relies on.
    pub fn validate(&self) -> Result<(), InvalidSnapshot> {
        if self.schema != SCHEMA {
            return Err(InvalidSnapshot::at(
                "schema",
                format!("expected \"{SCHEMA}\", found \"{}\"", self.schema),
            ));
        }
        if let Some(stated) = &self.overall.stated {
            check_stated(stated, "overall.stated")?;
        }
        if let Some(score) = self.overall.score {
            check_percent(score, "overall.score")?;
        }
        if let Some(level) = self.overall.level
            && !(1..=5).contains(&level)
        {
            return Err(InvalidSnapshot::at("overall.level", format!("must be 1 to 5, found {level}")));
        }
        if self.gaps.len() > crate::domain::ingest::limits::MAX_GAPS {
            return Err(InvalidSnapshot::at(
                "gaps",
                format!(
                    "at most {} gaps per snapshot, found {}",
                    crate::domain::ingest::limits::MAX_GAPS,
                    self.gaps.len()
                ),
            ));
        }
        if self.overall.basis == ScoreBasis::Stated && self.overall.stated.is_none() {
            return Err(InvalidSnapshot::at(
                "overall.stated",
                "basis is \"stated\" but no stated score is given",
            ));
        }
        for (index, category) in self.categories.iter().enumerate() {
            let path = format!("categories[{index}]");
            check_category_key(&category.key, &format!("{path}.key"))?;
            if let Some(score) = category.score {
                check_percent(score, &format!("{path}.score"))?;
            }
            if let Some(stated) = &category.stated {
                check_stated(stated, &format!("{path}.stated"))?;
            }
        }
        for (index, item) in self.checklist.iter().enumerate() {
            let path = format!("checklist[{index}]");
            check_text(&item.text, &format!("{path}.text"))?;
            if let Some(key) = &item.category {
                check_category_key(key, &format!("{path}.category"))?;
            }
        }
        for (index, gap) in self.gaps.iter().enumerate() {
            let path = format!("gaps[{index}]");
            check_text(&gap.title, &format!("{path}.title"))?;
            if let Some(key) = &gap.category {
                check_category_key(key, &format!("{path}.category"))?;
            }
            if let Some(effort) = gap.effort_hours
                && !(effort.is_finite() && effort >= 0.0)
            {
                return Err(InvalidSnapshot::at(
                    format!("{path}.effort_hours"),
                    "must be a number of hours ≥ 0",
                ));
            }
        }
        for (index, strength) in self.strengths.iter().enumerate() {
            check_text(&strength.text, &format!("strengths[{index}].text"))?;
            if let Some(key) = &strength.category {
                check_category_key(key, &format!("strengths[{index}].category"))?;
            }
        }
        Ok(())
    }

    /// Fills what a JSON upload may leave out: gap fingerprints, category scores from stated
    /// values, and the overall score, basis and level from what is there.
    fn complete(&mut self) {
        for gap in &mut self.gaps {
            if gap.fingerprint.trim().is_empty() {
                gap.fingerprint = fingerprint(&gap.title);
            }
        }
        for category in &mut self.categories {
            if category.score.is_none() {
                category.score = category.stated.as_ref().map(StatedScore::normalized);
            }
        }
        if self.overall.score.is_none()
            && let Some(stated) = &self.overall.stated
        {
            self.overall.score = Some(stated.normalized());
            self.overall.basis = ScoreBasis::Stated;
        }
        if self.overall.level.is_none() {
            self.overall.level = self.overall.score.map(level_for_score);
        }
    }

    /// True when the document carries anything worth storing.
    pub fn has_content(&self) -> bool {
        self.overall.score.is_some()
            || self.overall.verdict.is_some()
            || !self.categories.is_empty()
            || !self.checklist.is_empty()
            || !self.gaps.is_empty()
            || !self.strengths.is_empty()
    }
}

/// Maturity level 1–5 for a 0–100 score: five equal bands (0–19 is 1, …, 80–100 is 5).
pub fn level_for_score(score: f64) -> u8 {
    match score {
        s if s >= 80.0 => 5,
        s if s >= 60.0 => 4,
        s if s >= 40.0 => 3,
        s if s >= 20.0 => 2,
        _ => 1,
    }
}

fn check_stated(stated: &StatedScore, path: &str) -> Result<(), InvalidSnapshot> {
    if !(stated.scale.is_finite() && stated.scale > 0.0) {
        return Err(InvalidSnapshot::at(format!("{path}.scale"), "must be a positive number"));
    }
    if !(stated.value.is_finite() && (0.0..=stated.scale).contains(&stated.value)) {
        return Err(InvalidSnapshot::at(
            format!("{path}.value"),
            format!("must be between 0 and the scale ({}), found {}", stated.scale, stated.value),
        ));
    }
    Ok(())
}

fn check_percent(score: f64, path: &str) -> Result<(), InvalidSnapshot> {
    if score.is_finite() && (0.0..=100.0).contains(&score) {
        Ok(())
    } else {
        Err(InvalidSnapshot::at(path, format!("must be between 0 and 100, found {score}")))
    }
}

fn check_text(text: &str, path: &str) -> Result<(), InvalidSnapshot> {
    if text.trim().is_empty() { Err(InvalidSnapshot::at(path, "must not be empty")) } else { Ok(()) }
}

fn check_category_key(key: &str, path: &str) -> Result<(), InvalidSnapshot> {
    if taxonomy::category(key).is_some() {
        return Ok(());
    }
    let known: Vec<&str> = taxonomy::CATEGORIES.iter().map(|c| c.key).collect();
    Err(InvalidSnapshot::at(
        path,
        format!("unknown category \"{key}\"; expected one of {}", known.join(", ")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> serde_json::Value {
        serde_json::json!({
            "schema": "plumb.snapshot/v1",
            "project": { "name": "TopSmile" },
            "report": { "title": "Review", "date": "2025-11-03" },
            "overall": { "stated": { "value": 7.5, "scale": 10 }, "verdict": "not_ready" },
            "categories": [ { "key": "ci_cd", "score": null, "stated": { "value": 1, "scale": 10 },
                              "status": "critical", "heading": "CI/CD" } ],
            "checklist": [ { "text": "Run on every PR", "state": "missing", "category": "ci_cd" } ],
            "gaps": [ { "title": "No CI/CD pipeline", "priority": "critical", "category": "ci_cd",
                        "effort_hours": 16, "detail": null } ],
            "strengths": [ { "text": "Excellent tests", "category": "testing" } ]
        })
    }

    fn parse(value: &serde_json::Value) -> Result<Snapshot, InvalidSnapshot> {
        Snapshot::from_json(value.to_string().as_bytes())
    }

    #[test]
    fn a_minimal_document_is_completed_with_scores_levels_and_fingerprints() {
        let snapshot = parse(&minimal()).expect("valid");
        assert_eq!(snapshot.overall.score, Some(75.0));
        assert_eq!(snapshot.overall.basis, ScoreBasis::Stated);
        assert_eq!(snapshot.overall.level, Some(4));
        assert_eq!(snapshot.categories[0].score, Some(10.0));
        assert_eq!(snapshot.gaps[0].fingerprint, fingerprint("No CI/CD pipeline"));
        assert_eq!(snapshot.report.date, NaiveDate::from_ymd_opt(2025, 11, 3));
    }

    #[test]
    fn a_wrong_type_names_the_field() {
        let mut doc = minimal();
        doc["gaps"][0]["priority"] = serde_json::json!("urgent");
        let error = parse(&doc).expect_err("bad priority");
        assert_eq!(error.path, "gaps[0].priority");
        assert!(error.message.contains("unknown variant"), "{error}");
    }

    #[test]
    fn an_unknown_category_lists_the_known_ones() {
        let mut doc = minimal();
        doc["checklist"][0]["category"] = serde_json::json!("quality");
        let error = parse(&doc).expect_err("bad category");
        assert_eq!(error.path, "checklist[0].category");
        assert!(error.message.contains("ci_cd, testing"), "{error}");
    }

    #[test]
    fn out_of_range_scores_and_levels_are_refused() {
        let mut doc = minimal();
        doc["overall"]["stated"]["value"] = serde_json::json!(12);
        assert_eq!(parse(&doc).expect_err("value > scale").path, "overall.stated.value");
        let mut doc = minimal();
        doc["overall"]["level"] = serde_json::json!(6);
        assert_eq!(parse(&doc).expect_err("level 6").path, "overall.level");
        let mut doc = minimal();
        doc["categories"][0]["score"] = serde_json::json!(101.5);
        assert_eq!(parse(&doc).expect_err("score > 100").path, "categories[0].score");
    }

    #[test]
    fn the_schema_must_be_named() {
        let mut doc = minimal();
        doc["schema"] = serde_json::json!("plumb.snapshot/v0");
        assert_eq!(parse(&doc).expect_err("old schema").path, "schema");
        let error = Snapshot::from_json(b"{\"project\": {}}").expect_err("no schema");
        assert!(error.message.contains("schema"), "{error}");
    }

    #[test]
    fn malformed_json_says_where() {
        let error =
            Snapshot::from_json(b"{\"schema\": \"plumb.snapshot/v1\", \"gaps\": [}").expect_err("bad json");
        assert!(error.message.contains("line 1"), "{error}");
    }

    #[test]
    fn empty_titles_are_refused() {
        let mut doc = minimal();
        doc["gaps"][0]["title"] = serde_json::json!("  ");
        assert_eq!(parse(&doc).expect_err("blank").path, "gaps[0].title");
    }

    #[test]
    fn levels_follow_five_equal_bands() {
        assert_eq!(level_for_score(0.0), 1);
        assert_eq!(level_for_score(19.9), 1);
        assert_eq!(level_for_score(20.0), 2);
        assert_eq!(level_for_score(59.9), 3);
        assert_eq!(level_for_score(75.0), 4);
        assert_eq!(level_for_score(80.0), 5);
        assert_eq!(level_for_score(100.0), 5);
    }
}
