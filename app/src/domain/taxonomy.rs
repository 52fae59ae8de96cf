//! The canonical maturity categories every report is mapped onto.
//!
//! This table is the single source of truth: the database stores category keys as text and the
//! parser, the pages and the PDF all read labels and scopes from here.

/// One maturity area of the canonical taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// Stable key used in the snapshot JSON and the database.
    pub key: &'static str,
    /// Short human label.
    pub label: &'static str,
    /// What the category covers, as in the product brief.
    pub scope: &'static str,
}

/// The taxonomy from the product brief, in display order.
pub const CATEGORIES: &[Category] = &[
    Category { key: "ci_cd", label: "CI/CD", scope: "pipelines and quality gates" },
    Category { key: "testing", label: "Testing", scope: "automated tests, coverage, e2e, load tests" },
    Category {
        key: "build_release",
        label: "Build & release",
        scope: "builds, artifacts, versioning, changelogs",
    },
    Category { key: "containers", label: "Containers", scope: "images, compose, orchestration" },
    Category {
        key: "deployment",
        label: "Deployment",
        scope: "automation, staging/preview, zero-downtime, rollback",
    },
    Category { key: "infrastructure", label: "Infrastructure", scope: "IaC, networking, scaling, CDN" },
    Category { key: "config_secrets", label: "Config & secrets", scope: "env config, secrets, rotation" },
    Category { key: "data", label: "Data", scope: "migrations, backups, restore, disaster recovery" },
    Category {
        key: "observability",
        label: "Observability",
        scope: "metrics, logs, tracing, error tracking, health checks, dashboards",
    },
    Category { key: "incident", label: "Incident response", scope: "alerting, on-call, runbooks, SLOs" },
    Category { key: "security", label: "Security", scope: "scanning, hardening, headers, auth, rate limits" },
    Category { key: "performance", label: "Performance", scope: "caching, load, capacity" },
    Category { key: "documentation", label: "Documentation", scope: "docs, architecture, onboarding" },
    Category { key: "workflow", label: "Workflow", scope: "branching, review, hooks, lint/format" },
];

/// Looks a category up by its key.
pub fn category(key: &str) -> Option<&'static Category> {
    CATEGORIES.iter().find(|category| category.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_snake_case_identifiers() {
        let mut keys: Vec<_> = CATEGORIES.iter().map(|c| c.key).collect();
        assert!(keys.iter().all(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), CATEGORIES.len());
    }

    #[test]
    fn lookup_finds_known_keys_and_rejects_unknown_ones() {
        assert_eq!(category("ci_cd").map(|c| c.label), Some("CI/CD"));
        assert_eq!(category("CI_CD"), None);
        assert_eq!(category("quality"), None);
    }
}
