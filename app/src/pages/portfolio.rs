//! The home page: every project at a glance, with the portfolio's figures above the table.
//! Filters, order and page live in the URL; the page is complete without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::portfolio::{PortfolioView, ShownRow, get_portfolio};
use crate::components::filter_select::{FilterSelect, plain_choices};
use crate::components::format::{
    day, delta_badge, level_text, month_long, month_short, score_text, verdict_label,
};
use crate::components::live::LiveRegion;
use crate::components::loaded::Loaded;
use crate::components::url::href;
use crate::domain::portfolio::{MonthAverage, PortfolioQuery, SortKey, Summary};

#[component]
pub fn PortfolioPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| PortfolioQuery::from_params(|key| p.get(key))));
    let view = Resource::new(move || query.get(), get_portfolio);

    view! {
        <Title text="Portfolio" />
        <h1>"Portfolio"</h1>
        // Filters, sorting and paging update the page in place.
        <LiveRegion name="portfolio".to_owned() moves=None>
            <Loaded data=view loading="Loading the portfolio…"
                show=move |view| if view.total == 0 {
                    view! { <EmptyPortfolio /> }.into_any()
                } else {
                    view! { <Portfolio view query=query.get_untracked() /> }.into_any()
                } />
        </LiveRegion>
    }
}

#[component]
fn EmptyPortfolio() -> impl IntoView {
    view! {
        <section class="panel empty-state" data-testid="portfolio-empty">
            <h2>"No projects yet"</h2>
            <p>
                "Plumb turns DevOps audit reports into scorecards, trends and a board of gaps. "
                "Start by uploading a Markdown report, or load the sample projects with "
                <code>"plumb demo"</code> "."
            </p>
            <p><a class="button" href="/upload">"Upload a report"</a></p>
        </section>
    }
}

#[component]
fn Portfolio(view: PortfolioView, query: PortfolioQuery) -> impl IntoView {
    let PortfolioView {
        rows,
        page,
        pages,
        matching,
        total,
        facets,
        summary,
        trend,
        trend_svg,
        stale_after_days,
    } = view;
    view! {
        <Headline summary=summary.clone() matching total stale_after_days />
        <div class="chart-row">
            <TrendFigure trend trend_svg />
            <LevelBars summary=summary.clone() />
            <PriorityBars summary />
        </div>
        <Filters query=query.clone() tags=facets.tags owners=facets.owners />
        <p class="page-actions">
            // The same projects, filters and order as this view, as a PDF for stakeholders.
            <a class="small-button" rel="external" data-testid="portfolio-report-pdf"
                href=href("/report.pdf", &PortfolioQuery { page: 1, ..query.clone() }.to_params())>
                "PDF report of these projects"
            </a>
        </p>
        {if rows.is_empty() {
            view! {
                <p class="panel empty-state" data-testid="portfolio-no-match">
                    "No project matches these filters. " <a href="/">"Show every project"</a>
                </p>
            }
            .into_any()
        } else {
            view! {
                <ProjectTable rows query=query.clone() />
                <Pagination query page pages />
            }
            .into_any()
        }}
    }
}

#[component]
fn Headline(summary: Summary, matching: usize, total: usize, stale_after_days: i64) -> impl IntoView {
    let open = summary.open_by_priority;
    view! {
        <dl class="stats" data-testid="portfolio-stats">
            <div>
                <dt>"Projects"</dt>
                <dd>{if matching == total { total.to_string() } else { format!("{matching} of {total}") }}</dd>
            </div>
            <div><dt>"Average score"</dt><dd>{score_text(summary.average_score)}</dd></div>
            <div><dt>"Open critical / high"</dt><dd>{format!("{} / {}", open[0], open[1])}</dd></div>
            <div>
                <dt>{format!("Stale (no audit in {stale_after_days} days)")}</dt>
                <dd>{summary.stale}</dd>
            </div>
        </dl>
    }
}

/// The score-over-time chart with its text alternative.
#[component]
fn TrendFigure(trend: Vec<MonthAverage>, trend_svg: Option<String>) -> impl IntoView {
    let described: Vec<_> = trend.iter().filter(|point| point.average.is_some()).cloned().collect();
    let alternative = match (described.first(), described.last()) {
        (Some(first), Some(last)) => format!(
            "Average score {} at the end of {} and {} at the end of {}, over {} project(s).",
            score_text(first.average),
            month_long(first.month),
            score_text(last.average),
            month_long(last.month),
            last.projects
        ),
        _ => "No scores in the last twelve months.".to_owned(),
    };
    view! {
        <figure class="panel chart-panel" data-testid="portfolio-trend">
            {trend_svg.map(|svg| view! { <div class="chart-box" inner_html=svg></div> })}
            <figcaption>
                {alternative}
                <details>
                    <summary>"Every month"</summary>
                    <table class="data-table compact">
                        <thead><tr><th scope="col">"Month"</th><th scope="col">"Average"</th><th scope="col">"Projects"</th></tr></thead>
                        <tbody>
                            {trend.into_iter().map(|point| view! {
                                <tr>
                                    <td>{month_short(point.month)}</td>
                                    <td>{score_text(point.average)}</td>
                                    <td>{point.projects}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            </figcaption>
        </figure>
    }
}

/// Horizontal bars as HTML: each bar has its number beside it, so colour and length only repeat it.
#[component]
fn Bars(title: &'static str, testid: &'static str, bars: Vec<(String, i64, &'static str)>) -> impl IntoView {
    let largest = bars.iter().map(|(_, count, _)| *count).max().unwrap_or(0).max(1);
    view! {
        <section class="panel bars" data-testid=testid>
            <h2>{title}</h2>
            <ul>
                {bars.into_iter().map(|(label, count, class)| {
                    let width = format!("width: {}%", count * 100 / largest);
                    view! {
                        <li>
                            <span class="bar-label">{label}</span>
                            <span class="bar-track"><span class=format!("bar {class}") style=width></span></span>
                            <span class="bar-count">{count}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn LevelBars(summary: Summary) -> impl IntoView {
    let mut bars: Vec<(String, i64, &'static str)> = summary
        .by_level
        .iter()
        .enumerate()
        .map(|(index, count)| (format!("Level {}", index + 1), *count as i64, "bar-level"))
        .collect();
    bars.push(("No level yet".to_owned(), summary.unleveled as i64, "bar-none"));
    view! { <Bars title="Projects by level" testid="projects-by-level" bars /> }
}

#[component]
fn PriorityBars(summary: Summary) -> impl IntoView {
    let names =
        [("Critical", "bar-critical"), ("High", "bar-high"), ("Medium", "bar-medium"), ("Low", "bar-low")];
    let bars = names
        .into_iter()
        .zip(summary.open_by_priority)
        .map(|((name, class), count)| (name.to_owned(), count, class))
        .collect();
    view! { <Bars title="Open items by priority" testid="open-by-priority" bars /> }
}

#[component]
fn Filters(query: PortfolioQuery, tags: Vec<String>, owners: Vec<String>) -> impl IntoView {
    let verdicts = [("ready", "Ready"), ("conditional", "Conditional"), ("not_ready", "Not ready")]
        .map(|(value, text)| (value.to_owned(), text.to_owned()))
        .to_vec();
    let levels = (1..=5).map(|level| (level.to_string(), format!("Level {level}"))).collect();
    let current_level = query.level.map(|level| level.to_string()).unwrap_or_default();
    view! {
        <form method="get" action="/" class="filter-bar panel" data-testid="portfolio-filters" role="search">
            <label>"Search" <input type="search" name="q" value=query.search.clone() placeholder="Name, owner, tag…" /></label>
            <FilterSelect label="Tag" name="tag" any="Any" choices=plain_choices(tags) current=query.tag.clone() />
            <FilterSelect label="Owner" name="owner" any="Anyone" choices=plain_choices(owners) current=query.owner.clone() />
            <FilterSelect label="Verdict" name="verdict" any="Any" choices=verdicts current=query.verdict.clone() />
            <FilterSelect label="Level" name="level" any="Any" choices=levels current=current_level />
            // The chosen order survives filtering.
            {(query.sort != SortKey::Name).then(|| view! { <input type="hidden" name="sort" value=query.sort.as_str() /> })}
            {query.descending.then(|| view! { <input type="hidden" name="dir" value="desc" /> })}
            <button type="submit" class="small-button">"Apply"</button>
            {query.is_filtered().then(|| view! { <a href="/">"Clear filters"</a> })}
        </form>
    }
}

/// The columns, with the key each sorts by and whether it first sorts high to low.
const COLUMNS: [(&str, SortKey, bool); 8] = [
    ("Project", SortKey::Name, false),
    ("Score", SortKey::Score, true),
    ("Change", SortKey::Delta, true),
    ("Level", SortKey::Level, true),
    ("Verdict", SortKey::Verdict, false),
    ("Critical", SortKey::Critical, true),
    ("High", SortKey::High, true),
    ("Last audit", SortKey::Updated, true),
];

#[component]
fn ProjectTable(rows: Vec<ShownRow>, query: PortfolioQuery) -> impl IntoView {
    let header = move |(label, key, high_first): (&'static str, SortKey, bool)| {
        let active = query.sort == key;
        // Clicking the active column flips it; another column starts in its natural direction.
        let descending = if active { !query.descending } else { high_first };
        let target = PortfolioQuery { sort: key, descending, page: 1, ..query.clone() };
        let aria = active.then_some(if query.descending { "descending" } else { "ascending" });
        let arrow = if active { if query.descending { " ↓" } else { " ↑" } } else { "" };
        view! {
            <th scope="col" aria-sort=aria>
                <a href=href("/", &target.to_params()) data-sort=key.as_str()>{label}{arrow}</a>
            </th>
        }
    };
    view! {
        <div class="table-scroll">
            <table class="data-table portfolio-table" data-testid="portfolio-table">
                <caption class="visually-hidden">"Projects; the column headers sort the table"</caption>
                <thead>
                    <tr>
                        {COLUMNS[..3].iter().copied().map(header.clone()).collect_view()}
                        <th scope="col">"Trend"</th>
                        {COLUMNS[3..].iter().copied().map(header).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows.into_iter().map(|row| view! { <ProjectRow row /> }).collect_view()}</tbody>
            </table>
        </div>
    }
}

#[component]
fn ProjectRow(row: ShownRow) -> impl IntoView {
    let project = row.project;
    let verdict = project.verdict.clone().unwrap_or_default();
    let audited = project.latest_taken_at.map(|at| day(at.date_naive()));
    view! {
        <tr data-testid="portfolio-row" data-slug=project.slug.clone()>
            <th scope="row">
                <a class="project-name" href=format!("/projects/{}", project.slug)>{project.name.clone()}</a>
                <span class="project-meta">
                    {project.slug.clone()}
                    {(!project.owner.is_empty()).then(|| format!(" · {}", project.owner))}
                </span>
            </th>
            <td class="number" data-column="score">{score_text(project.score)}</td>
            <td class="number" data-column="delta">{delta_badge(project.delta())}</td>
            <td class="sparkline-cell">
                {row.sparkline.map(|svg| view! { <span inner_html=svg></span> })}
            </td>
            <td data-column="level">{level_text(project.level)}</td>
            <td data-column="verdict">
                <span class=format!("verdict verdict-{verdict}")>{verdict_label(&verdict)}</span>
            </td>
            <td class="number" data-column="critical">{project.open_critical}</td>
            <td class="number" data-column="high">{project.open_high}</td>
            <td data-column="updated">
                {audited.unwrap_or_else(|| "never".to_owned())}
                {row.stale.then(|| view! { <span class="badge badge-stale" title="No audit for a while">"stale"</span> })}
            </td>
        </tr>
    }
}

#[component]
fn Pagination(query: PortfolioQuery, page: u32, pages: u32) -> impl IntoView {
    (pages > 1).then(|| {
        let link = move |to: u32, label: &'static str| {
            let target = PortfolioQuery { page: to, ..query.clone() };
            view! { <a href=href("/", &target.to_params()) rel=label.to_lowercase()>{label}</a> }
        };
        view! {
            <nav class="pagination" aria-label="Pages" data-testid="pagination">
                {(page > 1).then(|| link.clone()(page - 1, "Previous"))}
                <span>{format!("Page {page} of {pages}")}</span>
                {(page < pages).then(|| link(page + 1, "Next"))}
            </nav>
        }
    })
}
