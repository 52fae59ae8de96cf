//! Numbers in prose: scores ("7.5/10", "93/100", "85%", "Level 3 of 5", "Grade: B+"), efforts
//! ("2 days", "16 hours", "1-2 weeks") and dates ("2025-10-17", "November 3, 2025").
//!
//! Hand-written scanners rather than regular expressions: the parser also runs in the browser,
//! where every dependency is paid for in bundle size.

use super::lexicon::words::*;
use chrono::NaiveDate;

use super::lexicon::{lowercase_keep_offsets, mentions};

/// What kind of figure a score expression is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScoreForm {
    /// "7.5/10", "3 out of 5"
    Fraction,
    /// "85%"
    Percent,
    /// "Level 3 of 5"
    Level,
    /// "Grade: B+", mapped to a value out of 100
    Letter,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreExpr {
    pub value: f64,
    pub scale: f64,
    pub form: ScoreForm,
    /// Byte range of the expression in the scanned text.
    pub start: usize,
    pub end: usize,
}

/// Scales a "value/scale" fraction may use; anything else ("24/7", "3/4 services") is not a score.
const SCORE_SCALES: [f64; 5] = [5.0, 10.0, 20.0, 50.0, 100.0];

/// Every score expression in `text`, in order.
pub fn scores_in(text: &str) -> Vec<ScoreExpr> {
    let mut found = Vec::new();
    let lowered = lowercase_keep_offsets(text);
    let numbers = numbers_in(text);
    let mut line_facts = LevelFacts::default();
    for (index, number) in numbers.iter().enumerate() {
        let after = &text[number.end..];
        let after_trimmed = after.trim_start();
        let skipped = after.len() - after_trimmed.len();
        // value / scale
        if let Some(rest) = after_trimmed.strip_prefix('/') {
            let offset = number.end + skipped + 1;
            if let Some(next) = numbers.get(index + 1)
                && next.start == offset + (rest.len() - rest.trim_start().len())
                && SCORE_SCALES.contains(&next.value)
                && number.value <= next.value
                && !text[next.end..].starts_with('/')
            {
                found.push(ScoreExpr {
                    value: number.value,
                    scale: next.value,
                    form: ScoreForm::Fraction,
                    start: number.start,
                    end: next.end,
                });
            }
            continue;
        }
        // value out of scale (and its translations)
        let lowered_after = &lowered[number.end..];
        if let Some(next) = numbers.get(index + 1) {
            let between = lowered_after.get(..next.start.saturating_sub(number.end)).unwrap_or("").trim();
            let level_word = level_before(&lowered, number.start);
            // "7 out of 10" always; "7 sur 10", "7 de 10", "7 von 10" on the usual scales;
            // "3 of 5" only after a level word (else "3 of 5 services" would be a score).
            let connects = match between {
                "out of" => true,
                "sur" | "de" | "von" => level_word || next.value >= 10.0,
                "of" => level_word,
                _ => false,
            };
            if connects && SCORE_SCALES.contains(&next.value) && number.value <= next.value {
                found.push(ScoreExpr {
                    value: number.value,
                    scale: next.value,
                    form: if level_word { ScoreForm::Level } else { ScoreForm::Fraction },
                    // "Level 3 of 5" reads as one expression, level word included.
                    start: if level_word { level_start(&lowered, number.start) } else { number.start },
                    end: next.end,
                });
                continue;
            }
        }
        if let Some(level) = bare_level(&lowered, number, after_trimmed, &mut line_facts) {
            found.push(level);
            continue;
        }
        if after_trimmed.starts_with('%') && number.value <= 100.0 {
            found.push(ScoreExpr {
                value: number.value,
                scale: 100.0,
                form: ScoreForm::Percent,
                start: number.start,
                end: number.end + skipped + 1,
            });
        }
    }
    found.extend(letter_grade(text, &lowered));
    found.sort_by_key(|expr| expr.start);
    found
}

/// A maturity level stated without its scale: "Level 3 (Defined)", "**Current Level:** 2 -
/// Basic Automation", "maturity level 4". The level needs its name after it, or a maturity word
/// in the line (so "log level 3" or "RAID level 5" is no score). The scale is the one the line
/// gives ("out of 5 levels"), else the five levels of the usual maturity models (CMMI and its
/// DevOps descendants).
fn bare_level(lowered: &str, number: &Number, after: &str, facts: &mut LevelFacts) -> Option<ScoreExpr> {
    let whole = number.value.fract() == 0.0 && (1.0..=5.0).contains(&number.value);
    let before = lowered[..number.start].trim_end().trim_end_matches(['*', ':', ' ']);
    let word = LEVEL_WORDS.iter().find(|word| before.ends_with(*word))?;
    let rest = after.trim_start_matches(['*', ' ']);
    let named = rest
        .strip_prefix(['(', '-', '–', '—', ':'])
        .is_some_and(|name| name.trim_start().starts_with(char::is_alphabetic));
    if !whole || rest.starts_with(['/', '.', ',']) || !(named || facts.of(lowered).maturity) {
        return None;
    }
    let scale = facts.of(lowered).levels.unwrap_or(5.0);
    (number.value <= scale).then(|| ScoreExpr {
        value: number.value,
        scale,
        form: ScoreForm::Level,
        start: before.len() - word.len(),
        end: number.end,
    })
}

/// "out of 5 levels", "of 4 levels": how many levels the model has.
fn stated_level_count(lowered: &str) -> Option<f64> {
    let at = lowered.find(" levels")?;
    let before = lowered[..at].trim_end();
    let digit = before.chars().next_back().filter(|c| ('3'..='9').contains(c))?;
    let lead = before[..before.len() - 1].trim_end();
    (lead.ends_with("of")).then(|| f64::from(digit.to_digit(10).unwrap_or(5)))
}

/// What a line says about the levels in it, read once per line however many numbers it has.
#[derive(Default)]
struct LevelFacts {
    read: Option<LineLevels>,
}

#[derive(Clone, Copy)]
struct LineLevels {
    /// The line mentions maturity.
    maturity: bool,
    /// "out of 5 levels".
    levels: Option<f64>,
}

impl LevelFacts {
    fn of(&mut self, lowered: &str) -> LineLevels {
        *self.read.get_or_insert_with(|| LineLevels {
            maturity: mentions(lowered, &MATURITY_LABELS),
            levels: stated_level_count(lowered),
        })
    }
}

/// Where the level word before `at` starts.
fn level_start(lowered: &str, at: usize) -> usize {
    let before = lowered[..at].trim_end();
    LEVEL_WORDS.iter().find(|word| before.ends_with(*word)).map_or(at, |word| before.len() - word.len())
}

/// "level 3 of 5" / "niveau 3 sur 5": is there a level word right before the number?
fn level_before(lowered: &str, at: usize) -> bool {
    let before = lowered[..at].trim_end();
    LEVEL_WORDS.iter().any(|word| before.ends_with(word))
}

/// A letter grade ("B+") on 0–100: the band midpoints A 95, B 85, C 75, D 65, F 40, a plus
/// or minus moving three points (there is no F+ or F-).
pub fn grade_value(grade: &str) -> Option<f64> {
    let mut chars = grade.chars();
    let letter = chars.next()?;
    let base = match letter {
        'A' => 95.0,
        'B' => 85.0,
        'C' => 75.0,
        'D' => 65.0,
        'F' => 40.0,
        _ => return None,
    };
    let value = match (chars.next(), letter) {
        (None, _) => base,
        (Some('+'), 'A'..='D') => base + 3.0,
        (Some('-'), 'A'..='D') => base - 3.0,
        _ => return None,
    };
    chars.next().is_none().then_some(value)
}

/// "Grade: B+" / "Rating: A-" mapped onto 0–100 by [`grade_value`].
fn letter_grade(text: &str, lowered: &str) -> Option<ScoreExpr> {
    for (index, at) in GRADE_LABELS.each_found(lowered) {
        let label = GRADE_LABELS[index];
        let rest = &text[at + label.len()..];
        let trimmed = rest.trim_start_matches(|c: char| c == ':' || c == '*' || c.is_whitespace());
        let start = text.len() - trimmed.len();
        let mut chars = trimmed.chars();
        let Some(letter) = chars.next().filter(char::is_ascii_uppercase) else { continue };
        let len = match chars.next() {
            Some('+' | '-') => 2,
            Some(c) if c.is_alphanumeric() => continue,
            _ => 1,
        };
        // An ASCII letter and sign: `len` bytes are `len` characters.
        let Some(value) = grade_value(&trimmed[..len]).or_else(|| grade_value(&letter.to_string())) else {
            continue;
        };
        return Some(ScoreExpr { value, scale: 100.0, form: ScoreForm::Letter, start, end: start + len });
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Number {
    value: f64,
    start: usize,
    end: usize,
}

/// Decimal numbers ("7.5", "93", "1,5") with their byte ranges; parts of words ("k8s", "v2")
/// and dates are not numbers here.
fn numbers_in(text: &str) -> Vec<Number> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < bytes.len() && (bytes[i] == b'.' || bytes[i] == b',') && bytes[i + 1].is_ascii_digit() {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
        let glued_before = start > 0 && (bytes[start - 1].is_ascii_alphabetic() || bytes[start - 1] == b'.');
        let glued_after = i < bytes.len() && bytes[i].is_ascii_alphabetic();
        if glued_before || glued_after {
            continue;
        }
        if let Ok(value) = text[start..i].replace(',', ".").parse::<f64>() {
            out.push(Number { value, start, end: i });
        }
    }
    out
}

/// An effort stated in `text`, in hours: "16 hours", "2 days" (8 h), "1-2 weeks" (40 h a week;
/// a range counts as its midpoint), "3d", "4h".
pub fn effort_hours(text: &str) -> Option<f64> {
    // "3d" -> "3 d": a unit glued to its number.
    let mut lowered = String::with_capacity(text.len() + 4);
    let mut previous_digit = false;
    for c in lowercase_keep_offsets(text).chars() {
        if previous_digit && c.is_alphabetic() {
            lowered.push(' ');
        }
        previous_digit = c.is_ascii_digit();
        lowered.push(c);
    }
    let numbers = numbers_in(&lowered);
    for (index, number) in numbers.iter().enumerate() {
        let mut value = number.value;
        let mut end = number.end;
        // a range: "4-6 hours", "1–2 weeks", "2 to 3 days"
        if let Some(next) = numbers.get(index + 1) {
            let between = lowered[number.end..next.start].trim();
            if matches!(between, "-" | "–" | "—" | "to" | "à" | "a" | "bis") && next.value >= number.value
            {
                value = (number.value + next.value) / 2.0;
                end = next.end;
            }
        }
        let unit_text = lowered[end..].trim_start();
        let unit: String = unit_text.chars().take_while(|c| c.is_alphabetic()).collect();
        let hours_per_unit = match unit.as_str() {
            "h" | "hr" | "hrs" | "hour" | "hours" | "heure" | "heures" | "hora" | "horas" | "stunde"
            | "stunden" => 1.0,
            "d" | "day" | "days" | "jour" | "jours" | "día" | "días" | "dia" | "dias" | "tag" | "tage" => {
                8.0
            }
            "w" | "wk" | "week" | "weeks" | "semaine" | "semaines" | "semana" | "semanas" | "woche"
            | "wochen" => 40.0,
            _ => continue,
        };
        return Some(value * hours_per_unit);
    }
    None
}

/// The first calendar date in `text`: ISO (2025-10-17), "November 3, 2025", "3 November 2025",
/// "3 de noviembre de 2025", "17.10.2025" (day first, as in Europe).
pub fn date_in(text: &str) -> Option<NaiveDate> {
    let lowered = lowercase_keep_offsets(text);
    let words: Vec<(usize, &str)> = word_spans(&lowered);
    let mut best: Option<(usize, NaiveDate)> = None;
    let mut consider = |at: usize, date: Option<NaiveDate>| {
        if let Some(date) = date
            && best.is_none_or(|(b, _)| at < b)
        {
            best = Some((at, date));
        }
    };
    // ISO and dotted numeric dates.
    for (at, word) in &words {
        let parts: Vec<&str> = word.split(['-', '.', '/']).collect();
        if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
            let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
            if n.len() == 3 {
                if parts[0].len() == 4 {
                    consider(*at, NaiveDate::from_ymd_opt(n[0] as i32, n[1], n[2]));
                } else if parts[2].len() == 4 && word.contains('.') {
                    consider(*at, NaiveDate::from_ymd_opt(n[2] as i32, n[1], n[0]));
                }
            }
        }
    }
    // Month names: "november 3 2025" or "3 november 2025" (with "de"/"of" in between allowed).
    let significant: Vec<(usize, &str)> =
        words.iter().filter(|(_, w)| !matches!(*w, "de" | "of" | "the")).copied().collect();
    for (index, (at, word)) in significant.iter().enumerate() {
        let Some((_, month)) = MONTHS.iter().find(|(name, _)| name == word) else { continue };
        let number = |i: usize| {
            significant.get(i).and_then(|(_, w)| w.trim_end_matches(['.', ',']).parse::<u32>().ok())
        };
        let day_before = index.checked_sub(1).and_then(number);
        let after = number(index + 1);
        let after2 = number(index + 2);
        match (day_before, after, after2) {
            (_, Some(day), Some(year)) if day <= 31 && year > 1900 => {
                consider(*at, NaiveDate::from_ymd_opt(year as i32, *month, day));
            }
            (Some(day), Some(year), _) if day <= 31 && year > 1900 => {
                let day_at = significant[index - 1].0;
                consider(day_at, NaiveDate::from_ymd_opt(year as i32, *month, day));
            }
            _ => {}
        }
    }
    best.map(|(_, date)| date)
}

/// Words with their byte offsets, split on whitespace and brackets; commas and
/// asterisks stripped.
fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (index, c) in text.char_indices() {
        let separator = c.is_whitespace() || matches!(c, ',' | '*' | '(' | ')' | '[' | ']' | '|' | '_');
        match (separator, start) {
            (true, Some(s)) => {
                out.push((s, text[s..index].trim_end_matches(['.', ':'])));
                start = None;
            }
            (false, None) => start = Some(index),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text[s..].trim_end_matches(['.', ':'])));
    }
    out.retain(|(_, w)| !w.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(f64, f64, ScoreForm)> {
        scores_in(text).into_iter().map(|e| (e.value, e.scale, e.form)).collect()
    }

    #[test]
    fn fractions_percentages_levels_and_grades_are_read() {
        assert_eq!(pairs("DevOps Score: 7.5/10 ✅"), vec![(7.5, 10.0, ScoreForm::Fraction)]);
        assert_eq!(pairs("Infrastructure Quality: 93/100 ⭐"), vec![(93.0, 100.0, ScoreForm::Fraction)]);
        assert_eq!(pairs("préparation 85 %"), vec![(85.0, 100.0, ScoreForm::Percent)]);
        assert_eq!(pairs("readiness 85%"), vec![(85.0, 100.0, ScoreForm::Percent)]);
        assert_eq!(pairs("Maturity: Level 3 of 5"), vec![(3.0, 5.0, ScoreForm::Level)]);
        assert_eq!(pairs("Niveau 2 sur 5"), vec![(2.0, 5.0, ScoreForm::Level)]);
        assert_eq!(pairs("scored 4 out of 10"), vec![(4.0, 10.0, ScoreForm::Fraction)]);
        assert_eq!(pairs("Overall grade: B+"), vec![(88.0, 100.0, ScoreForm::Letter)]);
        assert_eq!(pairs("Note : 7,5/10"), vec![(7.5, 10.0, ScoreForm::Fraction)]);
    }

    #[test]
    fn things_that_only_look_like_scores_are_not() {
        assert!(pairs("on-call 24/7").is_empty());
        assert!(pairs("3/4 services up").is_empty());
        assert!(pairs("12/10 would deploy").is_empty());
        assert!(pairs("date 2025/10/17").is_empty());
        assert!(pairs("k8s v2 node20").is_empty());
        assert!(pairs("Grade: Excellent").is_empty());
    }

    #[test]
    fn efforts_convert_to_hours() {
        assert_eq!(effort_hours("Week 1: Monitoring (2 days)"), Some(16.0));
        assert_eq!(effort_hours("CI/CD Pipeline (16 hours)"), Some(16.0));
        assert_eq!(effort_hours("Estimated Effort: 40-60 hours"), Some(50.0));
        assert_eq!(effort_hours("1-2 weeks"), Some(60.0));
        assert_eq!(effort_hours("effort 3d"), Some(24.0));
        assert_eq!(effort_hours("Node 20 Alpine"), None);
        assert_eq!(effort_hours("2 jours"), Some(16.0));
    }

    #[test]
    fn dates_in_common_notations_are_found() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(date_in("**Audit Date:** 2025-10-17"), d(2025, 10, 17));
        assert_eq!(date_in("**BookReader AI - November 3, 2025**"), d(2025, 11, 3));
        assert_eq!(date_in("Report of 3 November 2025"), d(2025, 11, 3));
        assert_eq!(date_in("Fecha: 3 de noviembre de 2025"), d(2025, 11, 3));
        assert_eq!(date_in("Datum: 17.10.2025"), d(2025, 10, 17));
        assert_eq!(date_in("Version 1.2.3 from May"), None);
        assert_eq!(date_in("2025-02-30"), None);
    }

    #[test]
    fn a_level_named_or_about_maturity_is_read_on_its_models_scale() {
        assert_eq!(pairs("**Level 3 (Defined)**"), vec![(3.0, 5.0, ScoreForm::Level)]);
        assert_eq!(pairs("**Current Level:** 2 - Basic Automation"), vec![(2.0, 5.0, ScoreForm::Level)]);
        assert_eq!(pairs("DevOps maturity level 4"), vec![(4.0, 5.0, ScoreForm::Level)]);
        assert_eq!(pairs("Level 3 (Advanced) maturity out of 4 levels"), vec![(3.0, 4.0, ScoreForm::Level)]);
        assert!(pairs("Set the log level 3 for debugging").is_empty());
        assert!(pairs("RAID level 5 on the database hosts").is_empty());
        assert!(pairs("maturity level 7").is_empty(), "beyond the five levels");
    }

    #[test]
    fn letter_grades_map_to_band_midpoints() {
        assert_eq!(grade_value("A+"), Some(98.0));
        assert_eq!(grade_value("B"), Some(85.0));
        assert_eq!(grade_value("C-"), Some(72.0));
        assert_eq!(grade_value("F"), Some(40.0));
        assert_eq!(grade_value("F+"), None);
        assert_eq!(grade_value("E"), None);
        assert_eq!(grade_value("B++"), None);
    }
}
