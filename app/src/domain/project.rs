//! Rules for projects that hold on both sides of the wire.

use serde::{Deserialize, Serialize};

/// A project as lists and headings name it: its slug and its display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectName {
    pub slug: String,
    pub name: String,
}

/// Longest slug a project may have.
pub const MAX_SLUG: usize = 64;

/// Checks a project slug: lowercase letters, digits and single dashes, 1–64 characters, not
/// starting or ending with a dash (the same rule as the database's check constraint).
pub fn validate_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() || slug.len() > MAX_SLUG {
        return Err(format!("must be 1 to {MAX_SLUG} characters"));
    }
    if !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err("may contain only lowercase letters, digits and dashes".to_owned());
    }
    if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return Err("must not start or end with a dash or contain two in a row".to_owned());
    }
    Ok(())
}

/// A slug made from a name: "TopSmile Web" -> "topsmile-web".
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    slug.chars().take(MAX_SLUG).collect::<String>().trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_database_rule() {
        assert!(validate_slug("topsmile").is_ok());
        assert!(validate_slug("book-reader-2").is_ok());
        assert!(validate_slug("").is_err());
        assert!(validate_slug("Top").is_err());
        assert!(validate_slug("-a").is_err());
        assert!(validate_slug("a--b").is_err());
        assert!(validate_slug(&"a".repeat(65)).is_err());
    }

    #[test]
    fn names_become_slugs() {
        assert_eq!(slugify("TopSmile Web"), "topsmile-web");
        assert_eq!(slugify("  BookReader AI!  "), "bookreader-ai");
        assert_eq!(slugify("Boutique Lumière"), "boutique-lumi-re");
        assert!(validate_slug(&slugify("Épic 3: DevOps & Infra")).is_ok());
    }
}
