//! One snapshot: what changed since the previous one, the parser's warnings, and the source
//! report with a numbered, linkable line for every evidence reference (`#L42`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::snapshot::{SnapshotView, get_snapshot};
use crate::components::format::{day, delta_badge, level_text, moment, score_text, verdict_label};
use crate::components::loaded::Loaded;
use crate::domain::diff::{GapLine, SnapshotDiff};
use crate::domain::rereading::EarlierReading;
use crate::domain::scorecard::category_label;
use crate::error::AppError;

#[component]
pub fn SnapshotPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        params
            .with(|p| (p.get("slug").unwrap_or_default(), p.get("id").and_then(|id| id.parse::<i64>().ok())))
    };
    let view = Resource::new(key, |(slug, id)| async move {
        match id {
            Some(id) => get_snapshot(slug, id).await,
            None => Err(AppError::NotFound("snapshot".to_owned())),
        }
    });
    view! {
        <Loaded data=view loading="Loading the snapshot…" title="Snapshot"
            show=|snapshot| view! { <SnapshotDetail snapshot /> } />
    }
}

#[component]
fn SnapshotDetail(snapshot: SnapshotView) -> impl IntoView {
    let project_href = format!("/projects/{}", snapshot.project_slug);
    let heading = if snapshot.title.is_empty() {
        format!("Audit of {}", day(snapshot.taken_at.date_naive()))
    } else {
        snapshot.title.clone()
    };
    let verdict = snapshot.verdict.clone().unwrap_or_default();
    let compared = snapshot.previous.map(|(id, at)| {
        let href = format!("/projects/{}/snapshots/{id}", snapshot.project_slug);
        view! { <p class="muted">"Compared with the audit of " <a href=href>{day(at.date_naive())}</a> "."</p> }
    });
    view! {
        <Title text=format!("{} · {}", heading, snapshot.project_name) />
        <p class="breadcrumb">
            <a href="/">"Portfolio"</a> " / " <a href=project_href>{snapshot.project_name.clone()}</a> " / "
            {day(snapshot.taken_at.date_naive())}
        </p>
        <h1>{heading}</h1>
        <dl class="stats" data-testid="snapshot-headline">
            <div><dt>"Score"</dt><dd>{score_text(snapshot.score)}</dd></div>
            <div><dt>"Level"</dt><dd>{level_text(snapshot.level.map(i16::from))}</dd></div>
            <div><dt>"Verdict"</dt><dd class=format!("verdict verdict-{verdict}")>{verdict_label(&verdict)}</dd></div>
            <div><dt>"Change"</dt><dd>{delta_badge(snapshot.diff.score_delta())}</dd></div>
        </dl>
        <div class="snapshot-columns">
            <div>
                {compared}
                <Changes diff=snapshot.diff />
                {(!snapshot.warnings.is_empty()).then(|| view! {
                    <section class="panel" data-testid="parser-warnings">
                        <h2>"Parser warnings"</h2>
                        <ul>{snapshot.warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    </section>
                })}
                <p class="muted small" data-testid="snapshot-provenance">
                    {format!("Taken {} · read by {} on {} · SHA-256 {}", moment(snapshot.taken_at), snapshot.parser_version, moment(snapshot.read_at), snapshot.source_sha256)}
                </p>
                <EarlierReadings readings=snapshot.earlier_readings />
                <p>
                    <a class="small-button" rel="external" data-testid="snapshot-report-pdf"
                        href=format!("/projects/{}/report.pdf?snapshot={}", snapshot.project_slug, snapshot.snapshot_id)>
                        "PDF report as of this audit"
                    </a>
                </p>
            </div>
            <SourceReport
                html=snapshot.source_html
                complete=snapshot.source_complete
                raw_href=format!("/projects/{}/snapshots/{}/source.txt", snapshot.project_slug, snapshot.snapshot_id)
            />
        </div>
    }
}

fn gap_list(title: &'static str, testid: &'static str, gaps: Vec<GapLine>) -> impl IntoView {
    view! {
        <section class="gap-list" data-testid=testid>
            <h3>{format!("{title} ({})", gaps.len())}</h3>
            {if gaps.is_empty() {
                view! { <p class="muted">"None."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {gaps.into_iter().map(|gap| {
                            let priority = gap.priority.unwrap_or_else(|| "unrated".to_owned());
                            view! {
                                <li>
                                    <span class=format!("priority priority-{priority}")>{priority.clone()}</span>" "
                                    {gap.line.map_or_else(|| view! { <span>{gap.title.clone()}</span> }.into_any(), |line| {
                                        view! { <a href=format!("#L{line}")>{gap.title.clone()}</a> }.into_any()
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn Changes(diff: SnapshotDiff) -> impl IntoView {
    let SnapshotDiff { categories, new_gaps, resolved_gaps, still_open, checklist, .. } = diff;
    view! {
        <section class="panel" data-testid="snapshot-diff">
            <h2>"What changed"</h2>
            {(!categories.is_empty()).then(|| view! {
                <table class="data-table compact" data-testid="category-changes">
                    <thead><tr><th scope="col">"Category"</th><th scope="col">"Before"</th><th scope="col">"After"</th><th scope="col">"Change"</th></tr></thead>
                    <tbody>
                        {categories.into_iter().map(|change| {
                            let delta = change.after.zip(change.before).map(|(after, before)| after - before);
                            view! {
                                <tr>
                                    <th scope="row">{category_label(&change.key)}</th>
                                    <td>{score_text(change.before)}</td>
                                    <td>{score_text(change.after)}</td>
                                    <td>{delta_badge(delta)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {gap_list("New gaps", "new-gaps", new_gaps)}
            {gap_list("Resolved gaps", "resolved-gaps", resolved_gaps)}
            {gap_list("Still open", "still-open", still_open)}
            <section data-testid="checklist-changes">
                <h3>{format!("Checklist changes ({})", checklist.len())}</h3>
                <ul>
                    {checklist.into_iter().map(|change| {
                        let from = change.before.unwrap_or_else(|| "absent".to_owned());
                        let to = change.after.unwrap_or_else(|| "absent".to_owned());
                        view! { <li>{change.text} " — " <strong>{from}</strong> " → " <strong>{to}</strong></li> }
                    }).collect_view()}
                </ul>
            </section>
        </section>
    }
}

/// The source report as the server rendered it: Markdown made safe (raw HTML shows as text,
/// only harmless links, no images fetched) with an anchor per line for evidence links.
#[component]
fn SourceReport(html: String, complete: bool, raw_href: String) -> impl IntoView {
    view! {
        <section class="panel source" data-testid="source-report">
            <h2>"Source report"</h2>
            <p><a href=raw_href.clone()>"Raw text"</a></p>
            <div class="markdown" inner_html=html></div>
            {(!complete).then(|| view! {
                <p class="notice" data-testid="source-cut">
                    "The report is longer than this page shows. " <a href=raw_href>"Read all of it as raw text"</a> "."
                </p>
            })}
        </section>
    }
}

/// What older parsers read from this report before it was read again (`plumb reparse`).
#[component]
fn EarlierReadings(readings: Vec<EarlierReading>) -> impl IntoView {
    (!readings.is_empty()).then(|| {
        view! {
            <section class="panel" data-testid="earlier-readings">
                <h2>"Earlier readings"</h2>
                <p class="muted">"A newer parser read this report again. What the earlier ones read:"</p>
                <ul class="plain-list">
                    {readings.into_iter().map(|reading| {
                        let verdict = reading.verdict.clone().unwrap_or_default();
                        view! {
                            <li>
                                {format!(
                                    "{} (read {}, replaced {}): score {} · verdict {} · {} gap(s)",
                                    reading.parser_version,
                                    moment(reading.read_at),
                                    moment(reading.replaced_at),
                                    score_text(reading.overall_score),
                                    verdict_label(&verdict),
                                    reading.gap_count,
                                )}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
