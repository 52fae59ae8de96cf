//! A project's scorecard: where it stands, how it got there, and what is left to do.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::scorecard::{HistoryEntry, OpenItem, Scorecard, get_scorecard};
use crate::components::format::{day, delta_badge, level_text, score_text, verdict_label};
use crate::components::loaded::Loaded;
use crate::domain::scorecard::{CategoryLine, ChecklistGroup};

#[component]
pub fn ScorecardPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug")).unwrap_or_default();
    let scorecard = Resource::new(slug, get_scorecard);

    view! {
        <Loaded data=scorecard loading="Loading the scorecard…" title="Project"
            show=|scorecard| view! { <ScorecardView scorecard /> } />
    }
}

#[component]
fn ScorecardView(scorecard: Scorecard) -> impl IntoView {
    let Scorecard {
        project,
        snapshot_count,
        trend_svg,
        trend_text,
        trend_legend,
        categories,
        checklist,
        open_items,
        history,
    } = scorecard;
    let verdict = project.verdict.clone().unwrap_or_default();
    let meta = [Some(project.slug.clone()), (!project.owner.is_empty()).then(|| project.owner.clone())]
        .into_iter()
        .flatten()
        .chain(project.tags.iter().map(|tag| format!("#{tag}")))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <Title text=project.name.clone() />
        <p class="breadcrumb"><a href="/">"Portfolio"</a> " / " {project.slug.clone()}</p>
        <h1>{project.name.clone()} {project.archived.then(|| view! { <span class="badge">"archived"</span> })}</h1>
        <p class="project-meta">{meta}</p>
        {(snapshot_count > 0).then(|| view! {
            <p class="page-actions">
                <a class="button" href=format!("/projects/{}/report.pdf", project.slug) data-testid="report-pdf" rel="external">
                    "PDF report"
                </a>
            </p>
        })}
        {if snapshot_count == 0 {
            view! {
                <section class="panel empty-state" data-testid="scorecard-empty">
                    <h2>"No audits yet"</h2>
                    <p>"Upload an audit report for this project to see its scores, checklist and gaps."</p>
                    <p><a class="button" href="/upload">"Upload a report"</a></p>
                </section>
            }
            .into_any()
        } else {
            view! {
                <dl class="stats" data-testid="scorecard-headline">
                    <div><dt>"Score"</dt><dd>{score_text(project.score)}</dd></div>
                    <div><dt>"Level"</dt><dd>{level_text(project.level)}</dd></div>
                    <div><dt>"Verdict"</dt><dd class=format!("verdict verdict-{verdict}")>{verdict_label(&verdict)}</dd></div>
                    <div><dt>"Change since the previous audit"</dt><dd>{delta_badge(project.delta())}</dd></div>
                </dl>
                <figure class="panel chart-panel" data-testid="scorecard-trend">
                    {trend_svg.map(|svg| view! { <div class="chart-box" inner_html=svg></div> })}
                    <ul class="legend" aria-label="Lines">
                        {trend_legend.into_iter().map(|(name, color)| view! {
                            <li><span class="swatch" style=format!("background: {color}")></span>{name}</li>
                        }).collect_view()}
                    </ul>
                    <figcaption>{trend_text}</figcaption>
                </figure>
                <CategoryTable categories />
                <Checklist groups=checklist evidence_base=history.first().map(|latest| format!("/projects/{}/snapshots/{}", project.slug, latest.snapshot_id)) />
                <OpenItems items=open_items slug=project.slug.clone() />
                <History entries=history total=snapshot_count slug=project.slug.clone() />
            }
            .into_any()
        }}
    }
}

#[component]
fn CategoryTable(categories: Vec<CategoryLine>) -> impl IntoView {
    (!categories.is_empty()).then(|| {
        view! {
            <section class="panel">
                <h2>"Categories"</h2>
                <div class="table-scroll">
                    <table class="data-table" data-testid="category-table">
                        <thead>
                            <tr>
                                <th scope="col">"Category"</th>
                                <th scope="col" class="number">"Score"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col" class="number">"Change"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {categories.into_iter().map(|line| view! {
                                <tr data-category=line.key.clone()>
                                    <th scope="row">{line.label}</th>
                                    <td class="number">{score_text(line.score)}</td>
                                    <td>{line.status.unwrap_or_else(|| "—".to_owned())}</td>
                                    <td class="number">{delta_badge(line.delta)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }
    })
}

#[component]
fn Checklist(
    groups: Vec<ChecklistGroup>,
    /// The latest snapshot's page; evidence lines link into its source.
    evidence_base: Option<String>,
) -> impl IntoView {
    (!groups.is_empty()).then(|| {
        view! {
            <section class="panel" data-testid="checklist">
                <h2>"Readiness checklist"</h2>
                {groups.into_iter().map(|group| {
                    let summary = format!("{} done, {} partial, {} missing", group.done, group.partial, group.missing);
                    view! {
                        <details class="checklist-group" open=group.missing > 0>
                            <summary><strong>{group.label}</strong> " — " {summary}</summary>
                            <ul class="checklist">
                                {group.items.into_iter().map(|item| {
                                    let state = item.state.clone();
                                    view! {
                                        <li class=format!("check check-{state}")>
                                            <span class="check-state">{state.replace('_', " ")}</span>
                                            <span>{item.text}</span>
                                            {item.line.map(|line| {
                                                let href = evidence_base.clone().map(|base| format!("{base}#L{line}")).unwrap_or_default();
                                                view! { <a class="evidence" href=href>{format!("report line {line}")}</a> }
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </details>
                    }
                }).collect_view()}
            </section>
        }
    })
}

#[component]
fn OpenItems(items: Vec<OpenItem>, slug: String) -> impl IntoView {
    view! {
        <section class="panel" data-testid="open-items">
            <h2>{format!("Open remediation items ({})", items.len())}</h2>
            {if items.is_empty() {
                view! { <p>"Nothing open: every gap found so far is resolved or accepted."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Priority"</th>
                                    <th scope="col">"Item"</th>
                                    <th scope="col">"Category"</th>
                                    <th scope="col">"Owner"</th>
                                    <th scope="col">"Due"</th>
                                    <th scope="col">"Status"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {items.into_iter().map(|item| view! {
                                    <tr data-testid="open-item">
                                        <td><span class=format!("priority priority-{}", item.priority.as_str())>{item.priority.as_str()}</span></td>
                                        <th scope="row"><a href=format!("/projects/{slug}/items/{}", item.remediation_item_id)>{item.title}</a></th>
                                        <td>{item.category.unwrap_or_else(|| "—".to_owned())}</td>
                                        <td>{item.owner_email.unwrap_or_else(|| "unassigned".to_owned())}</td>
                                        <td>
                                            {item.due_date.map_or_else(|| "—".to_owned(), |due| due.to_string())}
                                            {item.overdue.then(|| view! { <span class="badge badge-stale">"overdue"</span> })}
                                        </td>
                                        <td>{item.status.label().to_lowercase()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn History(entries: Vec<HistoryEntry>, total: i64, slug: String) -> impl IntoView {
    let shown = entries.len();
    view! {
        <section class="panel" data-testid="history">
            <h2>"Snapshot history"</h2>
            <div class="table-scroll">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">"Date"</th>
                            <th scope="col">"Report"</th>
                            <th scope="col" class="number">"Score"</th>
                            <th scope="col">"Level"</th>
                            <th scope="col">"Verdict"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {entries.into_iter().map(|entry| {
                            let verdict = entry.verdict.unwrap_or_default();
                            view! {
                                <tr data-testid="history-row">
                                    <td>{day(entry.taken_at.date_naive())}</td>
                                    <td>
                                        <a href=format!("/projects/{slug}/snapshots/{}", entry.snapshot_id)>
                                            {if entry.title.is_empty() { format!("Snapshot {}", entry.snapshot_id) } else { entry.title }}
                                        </a>
                                    </td>
                                    <td class="number">{score_text(entry.score)}</td>
                                    <td>{level_text(entry.level)}</td>
                                    <td>{verdict_label(&verdict)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(total > shown as i64).then(|| view! { <p class="muted">{format!("The latest {shown} of {total} snapshots.")}</p> })}
        </section>
    }
}
