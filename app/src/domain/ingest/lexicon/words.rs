//! Every word the report reader knows, in every language it reads: the one place words live.
//! The functions that use them (in `lexicon`, `extract`, `numbers` and `text`) hold no
//! literals of their own, so a word added here is known everywhere it applies.
//!
//! Lists are lowercase. Matching is by whole words (see `lexicon::find_word`), except in
//! scripts written without spaces (Chinese, Japanese; Korean particles), where a word matches
//! inside a run of text.

use super::Signal;
use crate::domain::snapshot::{Priority, Verdict};

// ---- Markers and item states ----

/// Emoji and symbols that carry a status, with what they mean.
pub const MARKERS: &[(&str, Signal)] = &[
    ("✅", Signal::Good),
    ("✔", Signal::Good),
    ("☑", Signal::Good),
    ("🟢", Signal::Good),
    ("⭐", Signal::Good),
    ("⚠", Signal::Partial),
    ("🟡", Signal::Partial),
    ("🟠", Signal::Partial),
    ("🔶", Signal::Partial),
    ("❌", Signal::Missing),
    ("✖", Signal::Missing),
    ("✗", Signal::Missing),
    ("⛔", Signal::Missing),
    ("🚫", Signal::Missing),
    ("🔴", Signal::Critical),
    ("🚨", Signal::Critical),
];

/// Status words, checked longest first so "not implemented" wins over "implemented".
pub const STATUS_WORDS: &[(&str, Signal)] = &[
    ("not production ready", Signal::Critical),
    ("not implemented", Signal::Missing),
    ("not configured", Signal::Missing),
    ("not started", Signal::Missing),
    ("needs improvement", Signal::Partial),
    ("needs work", Signal::Partial),
    ("in progress", Signal::Partial),
    ("could be improved", Signal::Partial),
    ("production-ready", Signal::Good),
    ("production ready", Signal::Good),
    ("well-configured", Signal::Good),
    ("well-managed", Signal::Good),
    ("well-organized", Signal::Good),
    ("critical", Signal::Critical),
    ("missing", Signal::Missing),
    ("absent", Signal::Missing),
    ("none", Signal::Missing),
    ("inadequate", Signal::Missing),
    ("manquant", Signal::Missing),
    ("faltante", Signal::Missing),
    ("fehlt", Signal::Missing),
    ("partial", Signal::Partial),
    ("partially", Signal::Partial),
    ("limited", Signal::Partial),
    ("manual", Signal::Partial),
    ("basic", Signal::Partial),
    ("partiel", Signal::Partial),
    ("parcial", Signal::Partial),
    ("teilweise", Signal::Partial),
    ("excellent", Signal::Good),
    ("good", Signal::Good),
    ("implemented", Signal::Good),
    ("comprehensive", Signal::Good),
    ("complete", Signal::Good),
    ("completed", Signal::Good),
    ("done", Signal::Good),
    ("ready", Signal::Good),
    ("optimized", Signal::Good),
    ("strong", Signal::Good),
    ("solid", Signal::Good),
    ("implémenté", Signal::Good),
    ("implementado", Signal::Good),
    ("umgesetzt", Signal::Good),
];

// ---- Priorities ----

pub const PRIORITY_LEVELS: &[(&str, Priority)] = &[
    ("critical", Priority::Critical),
    ("urgent", Priority::Critical),
    ("critique", Priority::Critical),
    ("crítico", Priority::Critical),
    ("crítica", Priority::Critical),
    ("critico", Priority::Critical),
    ("kritisch", Priority::Critical),
    ("high", Priority::High),
    ("haute", Priority::High),
    ("élevée", Priority::High),
    ("élevé", Priority::High),
    ("alta", Priority::High),
    ("alto", Priority::High),
    ("hoch", Priority::High),
    ("hohe", Priority::High),
    ("medium", Priority::Medium),
    ("moderate", Priority::Medium),
    ("moyenne", Priority::Medium),
    ("moyen", Priority::Medium),
    ("media", Priority::Medium),
    ("medio", Priority::Medium),
    ("média", Priority::Medium),
    ("médio", Priority::Medium),
    ("mittel", Priority::Medium),
    ("mittlere", Priority::Medium),
    ("low", Priority::Low),
    ("minor", Priority::Low),
    ("basse", Priority::Low),
    ("faible", Priority::Low),
    ("baja", Priority::Low),
    ("bajo", Priority::Low),
    ("baixa", Priority::Low),
    ("baixo", Priority::Low),
    ("niedrig", Priority::Low),
    ("niedrige", Priority::Low),
];

pub const PRIORITY_NOUNS: &[&str] = &["priority", "priorité", "prioridad", "prioridade", "priorität", "prio"];

/// How many entries at the head of [`PRIORITY_PHRASES`] are negations.
pub const NEGATIONS: usize = 3;

/// Phrases that name a level without the word "priority"; negations first.
pub const PRIORITY_PHRASES: &[(&str, Priority)] = &[
    ("non-critical", Priority::Low),
    ("non critical", Priority::Low),
    ("not critical", Priority::Low),
    ("nice to have", Priority::Low),
    ("nice-to-have", Priority::Low),
    ("could have", Priority::Low),
    ("must fix", Priority::Critical),
    ("must have", Priority::Critical),
    ("must-have", Priority::Critical),
    ("should fix", Priority::High),
    ("should have", Priority::High),
    ("blockers", Priority::Critical),
    ("blocker", Priority::Critical),
    ("blocking", Priority::Critical),
    ("showstopper", Priority::Critical),
    ("critical", Priority::Critical),
];

// ---- Verdicts ----

/// Verdict phrases, most specific first.
pub const VERDICTS: &[(&str, Verdict)] = &[
    ("not production ready", Verdict::NotReady),
    ("not production-ready", Verdict::NotReady),
    ("not ready for production", Verdict::NotReady),
    ("not yet production ready", Verdict::NotReady),
    ("not yet ready", Verdict::NotReady),
    ("not ready", Verdict::NotReady),
    ("do not deploy", Verdict::NotReady),
    ("no-go", Verdict::NotReady),
    ("pas prêt", Verdict::NotReady),
    ("non prêt", Verdict::NotReady),
    ("no está listo", Verdict::NotReady),
    ("no listo", Verdict::NotReady),
    ("não está pronto", Verdict::NotReady),
    ("não pronto", Verdict::NotReady),
    ("nicht produktionsreif", Verdict::NotReady),
    ("nicht bereit", Verdict::NotReady),
    ("conditionally ready", Verdict::Conditional),
    ("ready with conditions", Verdict::Conditional),
    ("ready with caveats", Verdict::Conditional),
    ("partially ready", Verdict::Conditional),
    ("almost ready", Verdict::Conditional),
    ("nearly ready", Verdict::Conditional),
    ("go with conditions", Verdict::Conditional),
    ("conditional", Verdict::Conditional),
    ("sous conditions", Verdict::Conditional),
    ("con condiciones", Verdict::Conditional),
    ("com condições", Verdict::Conditional),
    ("unter vorbehalt", Verdict::Conditional),
    ("production ready", Verdict::Ready),
    ("production-ready", Verdict::Ready),
    ("ready for production", Verdict::Ready),
    ("ready to deploy", Verdict::Ready),
    ("ready for deployment", Verdict::Ready),
    ("ready to ship", Verdict::Ready),
    ("prêt pour la production", Verdict::Ready),
    ("listo para producción", Verdict::Ready),
    ("pronto para produção", Verdict::Ready),
    ("produktionsreif", Verdict::Ready),
    ("ready", Verdict::Ready),
];

// ---- Section headings ----

pub const SUMMARY_WORDS: &[&str] = &[
    "executive summary",
    "summary",
    "conclusion",
    "conclusions",
    "overall assessment",
    "verdict",
    "final recommendation",
    "final verdict",
    "key findings",
    "tl;dr",
    "résumé",
    "synthèse",
    "resumen",
    "conclusión",
    "resumo",
    "conclusão",
    "zusammenfassung",
    "fazit",
    "management summary",
];

pub const STRENGTH_WORDS: &[&str] = &[
    "strength",
    "strengths",
    "what's working",
    "what is working",
    "working well",
    "what works",
    "positives",
    "highlights",
    "points forts",
    "forces",
    "fortalezas",
    "puntos fuertes",
    "pontos fortes",
    "stärken",
];

pub const GAP_WORDS: &[&str] = &[
    "gap",
    "gaps",
    "issues",
    "issues found",
    "weakness",
    "weaknesses",
    "blockers",
    "risks",
    "problems",
    "concerns",
    "missing features",
    "shortcomings",
    "lacunes",
    "faiblesses",
    "problèmes",
    "brechas",
    "debilidades",
    "problemas",
    "lacunas",
    "fraquezas",
    "lücken",
    "schwächen",
    "probleme",
];

pub const CONTAINER_WORDS: &[&str] = &[
    "priority",
    "priorities",
    "action plan",
    "action items",
    "roadmap",
    "next steps",
    "remediation",
    "recommendations",
    "recommended actions",
    "priority actions",
    "plan d'action",
    "prochaines étapes",
    "recommandations",
    "plan de acción",
    "próximos pasos",
    "recomendaciones",
    "plano de ação",
    "próximos passos",
    "recomendações",
    "maßnahmen",
    "nächste schritte",
    "empfehlungen",
    "prioritäten",
    "prioridades",
    "priorités",
];

/// Words that name a list of gaps rather than a gap ("Critical Blockers", "High Priority Items").
pub const GAP_LIST_NOUNS: &[&str] = &[
    "priority",
    "priorities",
    "blockers",
    "blocker",
    "gaps",
    "gap",
    "issues",
    "items",
    "actions",
    "tasks",
    "fixes",
    "improvements",
    "recommendations",
    "must",
    "should",
    "fix",
    "nice",
    "to",
    "have",
    "do",
    "first",
    "next",
    "later",
    "critical",
    "high",
    "medium",
    "low",
    "urgent",
    "p0",
    "p1",
    "p2",
    "p3",
    "non",
    "not",
    // time frames name when, not what
    "immediate",
    "immediately",
    "now",
    "soon",
    "short",
    "long",
    "mid",
    "term",
    "this",
    "week",
    "weeks",
    "month",
    "months",
    "quarter",
    "sprint",
    "day",
    "days",
    "quick",
    "wins",
    "then",
    "phase",
];

pub const DONE_WORDS: &[&str] =
    &["implemented", "in place", "what's done", "completed", "already done", "implémenté", "implementado"];

pub const MISSING_WORDS: &[&str] =
    &["missing", "not implemented", "absent", "lacking", "what's missing", "manquant", "faltante", "fehlt"];

pub const PARTIAL_WORDS: &[&str] =
    &["limitations", "could be improved", "needs improvement", "partial", "partially"];

/// Words in a heading that say it ranks what it lists ("Must Fix", "P1 Issues"), so a status
/// emoji in it reads as a priority.
pub const PRIORITY_HEADING_WORDS: &[&str] = &[
    "priority",
    "p0",
    "p1",
    "p2",
    "p3",
    "must",
    "should",
    "nice to have",
    "blocker",
    "blockers",
    "gaps",
    "issues",
    "risks",
];
/// Words that, around a state word, still say nothing but a state ("Could Be Improved").
pub const STATE_FILLER: &[&str] = &[
    "could",
    "be",
    "improved",
    "what",
    "is",
    "not",
    "yet",
    "needs",
    "work",
    "improvement",
    "what's",
    "in",
    "place",
    "already",
];

// ---- Labels of key: value lines and table columns ----

pub const STATUS_KEYS: &[&str] = &["status", "state", "statut", "estado", "zustand"];

/// Headers of a table's score column.
pub const SCORE_COLUMNS: &[&str] =
    &["score", "rating", "grade", "note", "puntuación", "pontuação", "bewertung"];

pub const PRIORITY_KEYS: &[&str] = &[
    "impact",
    "priority",
    "severity",
    "priorité",
    "gravité",
    "prioridad",
    "severidad",
    "prioridade",
    "priorität",
    "schweregrad",
];

pub const EFFORT_KEYS: &[&str] = &[
    "effort",
    "estimated effort",
    "estimate",
    "estimated time",
    "time",
    "timeline",
    "aufwand",
    "esfuerzo",
    "esforço",
];

pub const PROJECT_KEYS: &[&str] =
    &["project", "projet", "proyecto", "projeto", "projekt", "application", "product", "system", "service"];

pub const DATE_KEYS: &[&str] = &[
    "date",
    "audit date",
    "report date",
    "generated",
    "report generated",
    "last updated",
    "updated",
    "fecha",
    "datum",
    "data",
    "date du rapport",
];

pub const VERDICT_KEYS: &[&str] = &[
    "verdict",
    "overall assessment",
    "assessment",
    "readiness",
    "deployment readiness",
    "production readiness",
    "overall status",
    "overall verdict",
    "final verdict",
    "go/no-go",
    "veredicto",
    "parecer",
    "urteil",
];

/// Labels that introduce conditions still to be met.
pub const REQUIRED_WORDS: &[&str] = &[
    "until",
    "at minimum",
    "prerequisites",
    "preconditions",
    "required before",
    "requirements before",
    "before going live",
    "before production",
    "jusqu'à",
    "hasta que",
    "até que",
];

/// Values that say a section is empty ("Critical Issues: NONE").
pub const NONE_VALUES: &[&str] =
    &["none", "0", "n/a", "aucun", "aucune", "ninguno", "ninguna", "nenhum", "nenhuma", "keine"];

// ---- Scores ----

/// Labels that make a figure a score ("Score: 7/10", "Maturity Level 3").
pub const SCORE_LABELS: &[&str] = &[
    "score",
    "maturity",
    "rating",
    "level",
    "grade",
    "index",
    "note",
    "niveau",
    "nivel",
    "nível",
    "puntuación",
    "pontuação",
    "bewertung",
    "reifegrad",
];
/// Labels that make a score the whole report's rather than an area's.
pub const OVERALL_LABELS: &[&str] =
    &["overall", "global", "total", "general", "final", "général", "geral", "gesamt"];
/// Labels of a maturity figure.
pub const MATURITY_LABELS: &[&str] = &["maturity", "maturité", "madurez", "maturidade", "reifegrad"];

/// Words that make a figure a target or projection rather than the current score.
pub const TARGET_WORDS: &[&str] = &[
    "target",
    "targets",
    "goal",
    "after",
    "expected",
    "projected",
    "potential",
    "confidence",
    "post-fix",
    "would",
    "could",
    "objectif",
    "cible",
    "objetivo",
    "meta",
    "ziel",
    "nach",
    "après",
    "después",
    "depois",
];

pub const LEVEL_WORDS: [&str; 5] = ["level", "niveau", "nivel", "nível", "stufe"];

// ---- Titles, dates and categories ----

/// Words that say a title names the report, not the project.
pub const REPORT_WORDS: &[&str] = &[
    "devops",
    "audit",
    "review",
    "report",
    "assessment",
    "analysis",
    "maturity",
    "readiness",
    "évaluation",
    "auditoría",
    "auditoria",
    "informe",
    "relatório",
    "rapport",
    "bewertung",
    "prüfbericht",
];

/// Headings and labels that carry no subject of their own ("Status", "Current State"): a status
/// given there belongs to the enclosing section.
pub const GENERIC_TITLES: &[&str] = &[
    "status",
    "state",
    "current state",
    "current status",
    "current process",
    "current architecture",
    "current setup",
    "current situation",
    "overview",
    "assessment",
    "statut",
    "état actuel",
    "estado",
    "estado actual",
    "estado atual",
    "aktueller stand",
    "zustand",
];

pub const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
];

/// Phrases whose words would otherwise suggest a category they are not about.
pub const NOT_CATEGORY_PHRASES: &[&str] =
    &["quality metrics", "success metrics", "key metrics", "business metrics", "file inventory"];
