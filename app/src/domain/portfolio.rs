//! The portfolio: which projects a view shows and in what order, and the figures above the
//! table. Pure: the server reads the rollups, this decides the rest (and is tested on its own).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One project as the portfolio lists it (from its rollup: no history is read for a row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioRow {
    pub project_id: i64,
    pub slug: String,
    pub name: String,
    pub owner: String,
    pub tags: Vec<String>,
    /// Only a single project looked up by slug can be archived; the portfolio lists active ones.
    pub archived: bool,
    pub score: Option<f64>,
    pub previous_score: Option<f64>,
    pub level: Option<i16>,
    pub verdict: Option<String>,
    pub open_critical: i32,
    pub open_high: i32,
    pub open_medium: i32,
    pub open_low: i32,
    pub latest_taken_at: Option<DateTime<Utc>>,
    /// The last scores, oldest first.
    pub recent_scores: Vec<f64>,
}

impl PortfolioRow {
    /// Change since the previous snapshot, when both have a score.
    pub fn delta(&self) -> Option<f64> {
        Some(self.score? - self.previous_score?)
    }

    /// No snapshot, or the last one is older than `max_age`.
    pub fn is_stale(&self, now: DateTime<Utc>, max_age: Duration) -> bool {
        self.latest_taken_at.is_none_or(|taken| now - taken > max_age)
    }
}

/// The columns the table sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Name,
    Score,
    Delta,
    Level,
    Verdict,
    Critical,
    High,
    Updated,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Name,
        SortKey::Score,
        SortKey::Delta,
        SortKey::Level,
        SortKey::Verdict,
        SortKey::Critical,
        SortKey::High,
        SortKey::Updated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Score => "score",
            SortKey::Delta => "delta",
            SortKey::Level => "level",
            SortKey::Verdict => "verdict",
            SortKey::Critical => "critical",
            SortKey::High => "high",
            SortKey::Updated => "updated",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|key| key.as_str() == text)
    }
}

/// Verdicts in the order "worst first" sorts them.
const VERDICT_ORDER: [&str; 3] = ["not_ready", "conditional", "ready"];

/// What a portfolio view asks for; every field comes from the URL, so views can be shared.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PortfolioQuery {
    /// Words that must all appear in the name, slug, owner or tags.
    pub search: String,
    pub tag: String,
    pub owner: String,
    pub verdict: String,
    pub level: Option<i16>,
    pub sort: SortKey,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
}

impl PortfolioQuery {
    /// Reads a query from URL parameters (`q`, `tag`, `owner`, `verdict`, `level`, `sort`,
    /// `dir`, `page`); unknown or malformed values fall back to their defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| get(key).map(|value| value.trim().to_owned()).unwrap_or_default();
        Self {
            search: text("q"),
            tag: text("tag"),
            owner: text("owner"),
            verdict: text("verdict"),
            level: get("level").and_then(|level| level.parse().ok()).filter(|level| (1..=5).contains(level)),
            sort: get("sort").and_then(|sort| SortKey::parse(&sort)).unwrap_or_default(),
            descending: get("dir").as_deref() == Some("desc"),
            page: get("page").and_then(|page| page.parse().ok()).filter(|page| *page >= 1).unwrap_or(1),
        }
    }

    /// The URL parameters of this query (defaults left out), for links that keep the view.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        for (key, value) in
            [("q", &self.search), ("tag", &self.tag), ("owner", &self.owner), ("verdict", &self.verdict)]
        {
            if !value.is_empty() {
                params.push((key, value.clone()));
            }
        }
        if let Some(level) = self.level {
            params.push(("level", level.to_string()));
        }
        if self.sort != SortKey::Name {
            params.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.descending {
            params.push(("dir", "desc".to_owned()));
        }
        if self.page > 1 {
            params.push(("page", self.page.to_string()));
        }
        params
    }

    /// Whether any filter narrows the list.
    pub fn is_filtered(&self) -> bool {
        !self.search.is_empty()
            || !self.tag.is_empty()
            || !self.owner.is_empty()
            || !self.verdict.is_empty()
            || self.level.is_some()
    }

    fn matches(&self, row: &PortfolioRow) -> bool {
        let words = self.search.to_lowercase();
        let haystack =
            || format!("{} {} {} {}", row.name, row.slug, row.owner, row.tags.join(" ")).to_lowercase();
        (words.is_empty() || {
            let haystack = haystack();
            words.split_whitespace().all(|word| haystack.contains(word))
        }) && (self.tag.is_empty() || row.tags.iter().any(|tag| tag.eq_ignore_ascii_case(&self.tag)))
            && (self.owner.is_empty() || row.owner.eq_ignore_ascii_case(&self.owner))
            && (self.verdict.is_empty() || row.verdict.as_deref() == Some(self.verdict.as_str()))
            && (self.level.is_none() || row.level == self.level)
    }
}

/// Compares two optional numbers with "no value" always last, whichever the direction.
fn missing_last<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let order = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
            if descending { order.reverse() } else { order }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The rows the query keeps, in its order (ties by name, then slug).
pub fn select(rows: Vec<PortfolioRow>, query: &PortfolioQuery) -> Vec<PortfolioRow> {
    let mut kept: Vec<PortfolioRow> = rows.into_iter().filter(|row| query.matches(row)).collect();
    let verdict_rank =
        |row: &PortfolioRow| row.verdict.as_deref().and_then(|v| VERDICT_ORDER.iter().position(|o| *o == v));
    kept.sort_by(|a, b| {
        let by_name = || a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.slug.cmp(&b.slug));
        let down = query.descending;
        let primary = match query.sort {
            SortKey::Name => {
                let order = by_name();
                return if down { order.reverse() } else { order };
            }
            SortKey::Score => missing_last(a.score, b.score, down),
            SortKey::Delta => missing_last(a.delta(), b.delta(), down),
            SortKey::Level => missing_last(a.level, b.level, down),
            SortKey::Verdict => missing_last(verdict_rank(a), verdict_rank(b), down),
            SortKey::Critical => missing_last(Some(a.open_critical), Some(b.open_critical), down),
            SortKey::High => missing_last(Some(a.open_high), Some(b.open_high), down),
            SortKey::Updated => missing_last(a.latest_taken_at, b.latest_taken_at, down),
        };
        primary.then_with(by_name)
    });
    kept
}

/// One page of `rows` (1-based; a page past the end is the last page) and the page count.
pub fn paginate<T>(rows: Vec<T>, page: u32, page_size: usize) -> (Vec<T>, u32, u32) {
    let page_size = page_size.max(1);
    let pages = rows.len().div_ceil(page_size).max(1) as u32;
    let page = page.clamp(1, pages);
    let start = (page as usize - 1) * page_size;
    (rows.into_iter().skip(start).take(page_size).collect(), page, pages)
}

/// The values the filter menus offer, from every project (not only the shown ones).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub tags: Vec<String>,
    pub owners: Vec<String>,
}

pub fn facets(rows: &[PortfolioRow]) -> Facets {
    let tags: BTreeSet<&str> = rows.iter().flat_map(|row| row.tags.iter().map(String::as_str)).collect();
    let owners: BTreeSet<&str> =
        rows.iter().map(|row| row.owner.as_str()).filter(|o| !o.is_empty()).collect();
    Facets {
        tags: tags.into_iter().map(str::to_owned).collect(),
        owners: owners.into_iter().map(str::to_owned).collect(),
    }
}

/// The figures above the table, over the projects a view selects.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub projects: usize,
    /// Mean of the latest scores of the projects that have one.
    pub average_score: Option<f64>,
    /// Projects at levels 1 to 5.
    pub by_level: [usize; 5],
    /// Projects without a level yet.
    pub unleveled: usize,
    /// Open items: critical, high, medium, low.
    pub open_by_priority: [i64; 4],
    pub stale: usize,
}

pub fn summarize(rows: &[PortfolioRow], now: DateTime<Utc>, stale_after: Duration) -> Summary {
    let mut summary = Summary { projects: rows.len(), ..Summary::default() };
    let scores: Vec<f64> = rows.iter().filter_map(|row| row.score).collect();
    summary.average_score = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    for row in rows {
        match row.level.and_then(|level| usize::try_from(level - 1).ok()).filter(|index| *index < 5) {
            Some(index) => summary.by_level[index] += 1,
            None => summary.unleveled += 1,
        }
        let open = [row.open_critical, row.open_high, row.open_medium, row.open_low];
        for (total, count) in summary.open_by_priority.iter_mut().zip(open) {
            *total += i64::from(count);
        }
        summary.stale += usize::from(row.is_stale(now, stale_after));
    }
    summary
}

/// A project's score at the end of a month it was audited in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MonthScore {
    pub project_id: i64,
    /// The first day of the month.
    pub month: NaiveDate,
    pub score: f64,
}

/// The portfolio's average score at the end of a month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MonthAverage {
    pub month: NaiveDate,
    /// `None` when no project had a score yet.
    pub average: Option<f64>,
    /// How many projects the average is over.
    pub projects: usize,
}

/// The first days of the `count` months ending with the month of `today`, oldest first.
pub fn last_months(today: NaiveDate, count: u32) -> Vec<NaiveDate> {
    let first = |year: i32, month: u32| NaiveDate::from_ymd_opt(year, month, 1);
    let mut months = Vec::new();
    let (mut year, mut month) = (today.year(), today.month());
    for _ in 0..count {
        if let Some(date) = first(year, month) {
            months.push(date);
        }
        (year, month) = if month == 1 { (year - 1, 12) } else { (year, month - 1) };
    }
    months.reverse();
    months
}

/// The average over `projects` at the end of each month: each project counts with its latest
/// score up to that month (a project audited in March still counts in April), and only from its
/// first audit on. `scores` may start before the first month (to seed the carry-over).
pub fn monthly_average(
    scores: &[MonthScore],
    months: &[NaiveDate],
    projects: &HashSet<i64>,
) -> Vec<MonthAverage> {
    let mut by_project: BTreeMap<i64, Vec<(NaiveDate, f64)>> = BTreeMap::new();
    for score in scores.iter().filter(|score| projects.contains(&score.project_id)) {
        by_project.entry(score.project_id).or_default().push((score.month, score.score));
    }
    for history in by_project.values_mut() {
        history.sort_by_key(|(month, _)| *month);
    }
    months
        .iter()
        .map(|&month| {
            let latest: Vec<f64> = by_project
                .values()
                .filter_map(|history| {
                    history.iter().rev().find(|(at, _)| *at <= month).map(|(_, score)| *score)
                })
                .collect();
            let average = (!latest.is_empty()).then(|| latest.iter().sum::<f64>() / latest.len() as f64);
            MonthAverage { month, average, projects: latest.len() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(slug: &str, score: Option<f64>, previous: Option<f64>) -> PortfolioRow {
        PortfolioRow {
            project_id: slug.len() as i64,
            slug: slug.to_owned(),
            name: slug.to_uppercase(),
            owner: String::new(),
            tags: Vec::new(),
            archived: false,
            score,
            previous_score: previous,
            level: score.map(|s| (s / 20.0).ceil() as i16),
            verdict: None,
            open_critical: 0,
            open_high: 0,
            open_medium: 0,
            open_low: 0,
            latest_taken_at: None,
            recent_scores: Vec::new(),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn sorting_by_score_keeps_projects_without_one_last_in_both_directions() {
        let rows = vec![row("b", Some(40.0), None), row("a", None, None), row("c", Some(80.0), Some(70.0))];
        let ascending = PortfolioQuery { sort: SortKey::Score, ..Default::default() };
        let slugs = |rows: Vec<PortfolioRow>| rows.into_iter().map(|r| r.slug).collect::<Vec<_>>();
        assert_eq!(slugs(select(rows.clone(), &ascending)), ["b", "c", "a"]);
        let descending = PortfolioQuery { sort: SortKey::Score, descending: true, ..Default::default() };
        assert_eq!(slugs(select(rows.clone(), &descending)), ["c", "b", "a"]);
        let by_delta = PortfolioQuery { sort: SortKey::Delta, descending: true, ..Default::default() };
        assert_eq!(slugs(select(rows, &by_delta)), ["c", "a", "b"], "ties by name after the one delta");
    }

    #[test]
    fn filters_combine_and_search_matches_every_word_anywhere() {
        let mut payments = row("payments-api", Some(70.0), None);
        payments.owner = "Payments team".into();
        payments.tags = vec!["tier-1".into(), "backend".into()];
        payments.verdict = Some("conditional".into());
        let mut web = row("web", Some(50.0), None);
        web.tags = vec!["frontend".into()];
        let rows = vec![payments, web];
        let kept = |query: PortfolioQuery| {
            select(rows.clone(), &query).into_iter().map(|r| r.slug).collect::<Vec<_>>()
        };

        assert_eq!(
            kept(PortfolioQuery { search: "payments TIER".into(), ..Default::default() }),
            ["payments-api"]
        );
        assert_eq!(
            kept(PortfolioQuery { search: "payments web".into(), ..Default::default() }),
            Vec::<String>::new()
        );
        assert_eq!(kept(PortfolioQuery { tag: "Frontend".into(), ..Default::default() }), ["web"]);
        assert_eq!(
            kept(PortfolioQuery { owner: "payments team".into(), ..Default::default() }),
            ["payments-api"]
        );
        assert_eq!(
            kept(PortfolioQuery { verdict: "conditional".into(), ..Default::default() }),
            ["payments-api"]
        );
        assert_eq!(kept(PortfolioQuery { level: Some(3), ..Default::default() }), ["web"]);
    }

    #[test]
    fn queries_survive_the_url_and_bad_values_fall_back() {
        let query = PortfolioQuery {
            search: "api".into(),
            tag: "tier-1".into(),
            level: Some(2),
            sort: SortKey::Critical,
            descending: true,
            page: 3,
            ..Default::default()
        };
        let params = query.to_params();
        let back =
            PortfolioQuery::from_params(|key| params.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()));
        assert_eq!(back, query);
        let garbage = PortfolioQuery::from_params(|key| match key {
            "level" => Some("9".into()),
            "sort" => Some("drop table".into()),
            "page" => Some("-2".into()),
            _ => None,
        });
        assert_eq!(garbage, PortfolioQuery { page: 1, ..Default::default() });
        assert!(PortfolioQuery::default().to_params().is_empty());
    }

    #[test]
    fn pages_are_clamped_and_counted() {
        let (items, page, pages) = paginate((1..=45).collect::<Vec<_>>(), 3, 20);
        assert_eq!((items, page, pages), ((41..=45).collect(), 3, 3));
        let (items, page, _) = paginate((1..=45).collect::<Vec<_>>(), 99, 20);
        assert_eq!((items.len(), page), (5, 3));
        assert_eq!(paginate(Vec::<u8>::new(), 1, 20), (vec![], 1, 1));
    }

    #[test]
    fn the_summary_counts_levels_priorities_and_stale_projects() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).expect("time");
        let mut fresh = row("a", Some(90.0), None);
        fresh.latest_taken_at = Some(now - Duration::days(3));
        fresh.open_critical = 2;
        fresh.open_low = 1;
        let mut old = row("b", Some(30.0), None);
        old.latest_taken_at = Some(now - Duration::days(200));
        old.open_critical = 1;
        let never = row("c", None, None);
        let summary = summarize(&[fresh, old, never], now, Duration::days(90));
        assert_eq!(summary.projects, 3);
        assert_eq!(summary.average_score, Some(60.0));
        assert_eq!(summary.by_level, [0, 1, 0, 0, 1]);
        assert_eq!(summary.unleveled, 1);
        assert_eq!(summary.open_by_priority, [3, 0, 0, 1]);
        assert_eq!(summary.stale, 2, "the old one and the one never audited");
    }

    #[test]
    fn the_monthly_average_carries_each_projects_last_score_forward() {
        let months = last_months(date(2026, 3, 15), 3);
        assert_eq!(months, [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]);
        let scores = [
            MonthScore { project_id: 1, month: date(2025, 12, 1), score: 40.0 },
            MonthScore { project_id: 1, month: date(2026, 2, 1), score: 60.0 },
            MonthScore { project_id: 2, month: date(2026, 3, 1), score: 90.0 },
            MonthScore { project_id: 3, month: date(2026, 1, 1), score: 10.0 },
        ];
        let shown: HashSet<i64> = [1, 2].into();
        let averages = monthly_average(&scores, &months, &shown);
        let values: Vec<(Option<f64>, usize)> = averages.iter().map(|a| (a.average, a.projects)).collect();
        assert_eq!(values, [(Some(40.0), 1), (Some(60.0), 1), (Some(75.0), 2)]);
        assert_eq!(last_months(date(2026, 1, 31), 2), [date(2025, 12, 1), date(2026, 1, 1)]);
    }
}
