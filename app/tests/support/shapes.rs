//! Adversarial report shapes: what an attacker (or a broken generator) can upload, each grown
//! to a given size. Shared by the property tests (they must parse or be refused, never panic)
//! and the parser benchmark (each must parse in time linear in its size).

/// `(name, report)` for every shape, each about `size` bytes.
pub fn adversarial(size: usize) -> Vec<(&'static str, String)> {
    vec![
        ("line_of_scores", format!("# Audit\n\n{}", repeat_to("1/10 ", size))),
        ("lines_of_scores", format!("# Audit\n\n{}", repeat_to("Score 7/10, CI 8/10, CD 6/10\n", size))),
        ("line_of_bold", format!("# Audit\n\n{}", repeat_to("**a** ", size))),
        (
            "wide_table",
            format!("# Audit\n\n{}|\n{}|\n", repeat_to("| a 7/10 ", size / 2), repeat_to("|---", size / 2)),
        ),
        (
            "long_table",
            format!("# Audit\n\n| Area | Score |\n|---|---|\n{}", repeat_to("| CI | 7/10 |\n", size)),
        ),
        ("deep_quotes", format!("# Audit\n\n{}x\n", repeat_to("> ", size))),
        ("deep_list", deep_list(size)),
        ("huge_list", format!("# Audit\n\n{}", repeat_to("- ✅ control in place\n", size))),
        ("blank_lines", format!("# Audit\n{}Overall score: 70/100\n", "\n".repeat(size))),
        ("one_long_word", format!("# Audit\n\n{}\n", "x".repeat(size))),
        ("emphasis_soup", format!("# Audit\n\n{}", repeat_to("*_*_**__", size))),
        ("brackets", format!("# Audit\n\n{}", repeat_to("[", size))),
        ("dotted_xs", format!("# Audit\n\n{}\n", repeat_to("x.", size))),
        ("placeholders", format!("# Audit\n\n{}", repeat_to("[Date] X.X/10 ___ ", size))),
        ("line_of_levels", format!("# Audit\n\n{}\n", repeat_to("Level 3 (Defined) maturity ", size))),
        (
            "finding_ids",
            format!("# Audit\n\n{}", repeat_to("### CRIT-001: No backups\n**Severity:** High\n", size)),
        ),
        (
            "id_table",
            format!(
                "# Audit\n\n| ID | Severity | Finding |\n|---|---|---|\n{}",
                repeat_to("| H-1 | High | No backups |\n", size)
            ),
        ),
    ]
}

/// `piece` repeated until the text is at least `size` bytes.
fn repeat_to(piece: &str, size: usize) -> String {
    piece.repeat(size.div_ceil(piece.len()).max(1))
}

/// A list that nests one level deeper on every line.
fn deep_list(size: usize) -> String {
    let mut out = String::from("# Audit\n\n");
    let mut depth = 0;
    while out.len() < size {
        out.push_str(&"  ".repeat(depth));
        out.push_str("- item\n");
        depth = (depth + 1) % 2000;
    }
    out
}
