//! Gap fingerprints: the identity that lets a remediation item follow the same gap from one
//! audit to the next.
//!
//! Two audits rarely word a gap the same way ("No CI/CD pipeline" and "1. Missing CI/CD
//! pipelines."), so the fingerprint is taken over the gap's *significant words*: lowercased,
//! punctuation and numbering dropped, filler words ("no", "missing", "add", "implement", "the"…)
//! removed, plural and -ing endings folded, and the remaining set sorted. Different gaps keep
//! different words and so different fingerprints; the upload lifecycle adds a similarity match
//! on top for bigger rewordings.

/// Words that say *that* something is wrong or what to do about it, not *what* it is.
const FILLER_WORDS: &[&str] = &[
    // articles, prepositions, conjunctions
    "a",
    "an",
    "the",
    "of",
    "for",
    "to",
    "and",
    "or",
    "in",
    "on",
    "at",
    "by",
    "with",
    "from",
    "into",
    "via",
    "per",
    "as",
    "is",
    "are",
    "be",
    "been",
    "has",
    "have",
    "there",
    "this",
    "that",
    "it",
    "its",
    "our",
    "your",
    "their",
    "any",
    "some",
    "all",
    "no",
    "not",
    "non",
    "yet",
    // absence
    "missing",
    "lack",
    "lacking",
    "lacks",
    "absent",
    "without",
    "none",
    "nothing",
    // remedies
    "add",
    "adding",
    "added",
    "implement",
    "implementing",
    "implemented",
    "implementation",
    "introduce",
    "create",
    "creating",
    "set",
    "setup",
    "setting",
    "up",
    "enable",
    "enabling",
    "configure",
    "configuring",
    "establish",
    "use",
    "using",
    "proper",
    "properly",
    "basic",
    "should",
    "must",
    "need",
    "needs",
    "needed",
    "required",
    "todo",
    "fix",
    "improve",
    "improved",
    "better",
    // priority tags that some reports put in titles
    "p0",
    "p1",
    "p2",
    "p3",
    // common filler in French, Spanish, Portuguese, German reports
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "un",
    "une",
    "et",
    "pas",
    "aucun",
    "aucune",
    "manque",
    "el",
    "los",
    "las",
    "del",
    "y",
    "sin",
    "falta",
    "o",
    "os",
    "as",
    "da",
    "do",
    "das",
    "dos",
    "e",
    "sem",
    "der",
    "die",
    "das",
    "und",
    "kein",
    "keine",
    "fehlt",
    "fehlende",
];

/// The fingerprint of a gap title: 16 hex digits.
pub fn fingerprint(title: &str) -> String {
    let words = significant_words(title);
    let basis = if words.is_empty() {
        title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    } else {
        words.join(" ")
    };
    format!("{:016x}", fnv1a64(basis.as_bytes()))
}

/// The sorted, de-duplicated significant words of `text` (what the fingerprint is taken over).
pub fn significant_words(text: &str) -> Vec<String> {
    let lowered = text.to_lowercase();
    let mut words: Vec<String> = lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .filter(|word| !word.chars().all(|c| c.is_ascii_digit()))
        .filter(|word| !FILLER_WORDS.contains(word))
        .map(fold_ending)
        .filter(|word| !word.is_empty())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Folds the endings that change most between rewordings: plurals and -ing forms.
fn fold_ending(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let len = chars.len();
    let ends_with = |suffix: &str| word.ends_with(suffix);
    let cut = |n: usize| chars[..len - n].iter().collect::<String>();
    if len > 5 && ends_with("ing") {
        let mut stem: Vec<char> = chars[..len - 3].to_vec();
        // logging -> logg -> log
        if stem.len() > 2 && stem[stem.len() - 1] == stem[stem.len() - 2] {
            stem.pop();
        }
        return stem.into_iter().collect();
    }
    if len > 4 && ends_with("ies") {
        return format!("{}y", cut(3));
    }
    if len > 3 && ends_with("s") && !ends_with("ss") && !ends_with("us") && !ends_with("is") {
        return cut(1);
    }
    word.to_owned()
}

/// FNV-1a, 64 bit: tiny, stable across platforms and releases (unlike `std`'s hashers).
fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn light_rewordings_keep_the_fingerprint() {
        let same = [
            "No CI/CD pipeline",
            "Missing CI/CD pipeline",
            "1. Missing CI/CD pipelines.",
            "**CI/CD Pipeline** (no pipeline)",
            "Implement a CI/CD pipeline",
            "ci/cd PIPELINE",
        ];
        let expected = fingerprint(same[0]);
        for title in same {
            assert_eq!(fingerprint(title), expected, "{title}");
        }
        assert_eq!(fingerprint("No backup strategy"), fingerprint("Backups: no strategy"));
        assert_eq!(fingerprint("Structured logging"), fingerprint("Add structured logs"));
    }

    #[test]
    fn different_gaps_get_different_fingerprints() {
        let distinct = [
            "No CI/CD pipeline",
            "No backup strategy",
            "No error tracking",
            "No health check endpoints",
            "No alerting system",
            "No log aggregation",
            "Secrets committed to the repository",
            "Rate limiting",
        ];
        let mut prints: Vec<String> = distinct.iter().map(|t| fingerprint(t)).collect();
        prints.sort();
        prints.dedup();
        assert_eq!(prints.len(), distinct.len());
    }

    #[test]
    fn a_title_of_only_filler_words_still_has_a_stable_fingerprint() {
        assert_eq!(fingerprint("Missing"), fingerprint("missing"));
        assert_ne!(fingerprint("Missing"), fingerprint("None"));
        assert_eq!(fingerprint("x").len(), 16);
    }

    proptest! {
        #[test]
        fn case_and_whitespace_never_change_a_fingerprint(title in "[A-Za-z0-9 /.,:()-]{0,60}", upper in any::<bool>()) {
            let respaced = title.split_whitespace().collect::<Vec<_>>().join("   ");
            let recased = if upper { respaced.to_uppercase() } else { respaced.to_lowercase() };
            prop_assert_eq!(fingerprint(&format!("  {recased}\t")), fingerprint(&title));
        }

        #[test]
        fn fingerprints_are_sixteen_hex_digits_for_any_text(title in any::<String>()) {
            let print = fingerprint(&title);
            prop_assert_eq!(print.len(), 16);
            prop_assert!(print.chars().all(|c| c.is_ascii_hexdigit()));
        }
    }
}
