//! Uploading a report by hand: paste it or choose a file, see what Plumb reads from it, then
//! save it into a project. Both steps are plain forms; the report waits on the server as a draft
//! in between (`/upload?draft=ID`), so nothing is stored in a project before "Save".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::account::get_current_user;
use crate::api::upload::{SaveUpload, UploadPreview, get_upload_preview};
use crate::components::csrf::{CsrfField, session_token};
use crate::components::error_notice::{ErrorNotice, FormError};
use crate::components::escape::escape_html;
use crate::components::format::{day, level_text, score_text, verdict_label};
use crate::components::item_form::capitalized;
use crate::components::live::LiveRegion;
use crate::domain::account::Role;
use crate::domain::scorecard::category_label;
use crate::domain::snapshot::Snapshot;

#[component]
pub fn UploadPage() -> impl IntoView {
    let params = use_query_map();
    let draft = move || params.with(|p| p.get("draft").and_then(|id| id.parse::<i64>().ok()));
    let problem = move || params.with(|p| p.get("problem"));
    view! {
        <Title text="Upload" />
        <h1>"Upload a report"</h1>
        {move || match draft() {
            Some(draft_id) => view! { <Preview draft_id /> }.into_any(),
            None => view! { <Start problem=problem() /> }.into_any(),
        }}
    }
}

/// What a redirect back from the form means.
fn problem_text(problem: &str) -> &'static str {
    match problem {
        "empty" => "Paste a report or choose a file first.",
        "too_large" => "That report is larger than this server accepts (see PLUMB_MAX_UPLOAD_BYTES).",
        _ => "The form did not arrive whole; please try again.",
    }
}

/// The first step: the form, for editors; a word on what to do for everyone else.
#[component]
fn Start(problem: Option<String>) -> impl IntoView {
    let user = Resource::new(|| (), |_| get_current_user());
    view! {
        {problem.map(|problem| view! {
            <p class="form-error" role="alert" data-testid="form-error">{problem_text(&problem)}</p>
        })}
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) if user.has(Role::Editor) => view! { <ReportForm text=String::new() /> }.into_any(),
                    Ok(_) => view! {
                        <section class="panel" data-testid="upload-not-allowed">
                            <p>"Uploading reports needs the editor role. An admin can change roles under Admin → Users."</p>
                        </section>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <section class="panel">
            <h2>"From CI"</h2>
            <p>
                "Pipelines upload with an API token: " <code>"POST /api/v1/projects/{slug}/snapshots"</code>
                " with the report as the body. The API is described at " <a href="/api/openapi.json">"/api/openapi.json"</a> "."
            </p>
        </section>
    }
}

/// The report form: paste text or choose a file. A plain multipart post to the server.
#[component]
fn ReportForm(text: String) -> impl IntoView {
    view! {
        // A multipart body is not read before the handler: the token rides in the query string.
        <form method="post" action=format!("/upload/draft?csrf={}", session_token()) enctype="multipart/form-data" class="panel stacked-form" data-testid="upload-form">
            <label>
                "Paste the report (Markdown)"
                <textarea name="report" rows="14" class="report-text" spellcheck="false">{escape_html(&text)}</textarea>
            </label>
            <label>
                "…or choose a file " <small>"(Markdown, text, or plumb.snapshot/v1 JSON; a file wins over pasted text)"</small>
                <input type="file" name="file" accept=".md,.markdown,.txt,.json,text/markdown,text/plain,application/json" />
            </label>
            <p><button type="submit" class="button">"Preview"</button></p>
        </form>
    }
}

#[component]
fn Preview(draft_id: i64) -> impl IntoView {
    let save = ServerAction::<SaveUpload>::new();
    let preview = Resource::new(move || draft_id, get_upload_preview);
    let last_error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Reading the report…"</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(preview) => view! { <PreviewView preview save last_error /> }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice error />
                        <p><a class="button" href="/upload">"Upload a report"</a></p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PreviewView(
    preview: UploadPreview,
    save: ServerAction<SaveUpload>,
    last_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let source = match &preview.file_name {
        Some(name) => format!("File {name}, {} bytes", preview.bytes),
        None => format!("Pasted text, {} bytes", preview.bytes),
    };
    let again = preview.pasted_text.clone();
    let body = match preview.read.clone() {
        Err(problem) => view! {
            <section class="panel error-panel" role="alert" data-testid="upload-problem">
                <h2>"This report cannot be used"</h2>
                <p>{problem}</p>
                <p>"Nothing was stored. Correct the report below and preview it again."</p>
            </section>
        }
        .into_any(),
        Ok(snapshot) => view! {
            <ParsedSummary snapshot parser_version=preview.parser_version.clone() />
            {if preview.may_save {
                view! { <SaveForm preview=preview.clone() save last_error /> }.into_any()
            } else {
                view! { <p class="muted">"Saving needs the editor role."</p> }.into_any()
            }}
        }
        .into_any(),
    };
    view! {
        <p class="muted" data-testid="upload-source">{source}</p>
        {body}
        <details class="panel" open=preview.read.is_err()>
            <summary>"Upload something else"</summary>
            <ReportForm text=again.unwrap_or_default() />
        </details>
    }
}

/// What Plumb read: the headline, categories, gaps, checklist and the parser's notes.
#[component]
fn ParsedSummary(snapshot: Snapshot, parser_version: String) -> impl IntoView {
    let overall = snapshot.overall.clone();
    let verdict = overall.verdict.map(|v| v.as_str()).unwrap_or_default();
    let count = |state: &str| snapshot.checklist.iter().filter(|item| item.state.as_str() == state).count();
    let checklist_summary =
        format!("{} done, {} partial, {} missing", count("done"), count("partial"), count("missing"));
    let title = snapshot.report.title.clone().unwrap_or_else(|| "Untitled report".to_owned());
    view! {
        <section class="panel" data-testid="upload-preview">
            <h2>{title}</h2>
            <p class="muted">
                {snapshot.project.name.clone().map(|name| format!("Project named in the report: {name}. "))}
                {snapshot.report.date.map(|date| format!("Dated {}.", day(date)))}
            </p>
            <dl class="stats">
                <div><dt>"Score"</dt><dd data-testid="preview-score">{score_text(overall.score)}</dd></div>
                <div><dt>"Level"</dt><dd>{level_text(overall.level.map(i16::from))}</dd></div>
                <div><dt>"Verdict"</dt><dd>{verdict_label(verdict)}</dd></div>
                <div><dt>"Gaps"</dt><dd data-testid="preview-gap-count">{snapshot.gaps.len()}</dd></div>
            </dl>
            {(!snapshot.categories.is_empty()).then(|| view! {
                <h3>"Categories"</h3>
                <ul class="plain-list">
                    {snapshot.categories.iter().map(|category| view! {
                        <li>{category_label(&category.key)} ": " {score_text(category.score)}</li>
                    }).collect_view()}
                </ul>
            })}
            {(!snapshot.gaps.is_empty()).then(|| view! {
                <h3>"Gaps (each becomes a remediation item)"</h3>
                <ul class="plain-list" data-testid="preview-gaps">
                    {snapshot.gaps.iter().map(|gap| {
                        let priority = gap.priority.map_or("none", |p| p.as_str());
                        view! {
                            <li>
                                <span class=format!("priority priority-{priority}")>{capitalized(priority)}</span> " "
                                {gap.title.clone()}
                                {gap.category.as_deref().map(|key| format!(" · {}", category_label(key)))}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <h3>"Readiness checklist"</h3>
            <p data-testid="preview-checklist">{if snapshot.checklist.is_empty() { "No checklist items.".to_owned() } else { checklist_summary }}</p>
            {(!snapshot.warnings.is_empty()).then(|| view! {
                <h3>"Notes from the parser"</h3>
                <ul class="plain-list">{snapshot.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
            })}
            <p class="muted small" data-testid="preview-parser">{format!("Read by {parser_version}.")}</p>
        </section>
    }
}

#[component]
fn SaveForm(
    preview: UploadPreview,
    save: ServerAction<SaveUpload>,
    last_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let chosen = preview.matching_project.clone().unwrap_or_else(|| "new".to_owned());
    view! {
        // A refused save shows its reason in place; a saved snapshot opens its page.
        <LiveRegion name="upload-save".to_owned() moves=None>
            <section class="panel">
                <h2>"Save"</h2>
                <FormError error=last_error />
                <ActionForm action=save attr:class="stacked-form" attr:data-testid="save-form">
                    <CsrfField />
                    <input type="hidden" name="draft_id" value=preview.draft_id.to_string() />
                    <label>
                        "Project"
                        <select name="project">
                            <option value="new" selected=chosen == "new">"A new project…"</option>
                            {preview.projects.into_iter().map(|project| {
                                let selected = project.slug == chosen;
                                view! { <option value=project.slug.clone() selected=selected>{format!("{} ({})", project.name, project.slug)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <fieldset class="new-project">
                        <legend>"For a new project"</legend>
                        <label>"Name" <input type="text" name="new_name" maxlength="200" value=preview.suggested_name /></label>
                        <label>
                            "Slug " <small>"(lowercase letters, digits and dashes; made from the name when empty)"</small>
                            <input type="text" name="new_slug" maxlength="64" value=preview.suggested_slug />
                        </label>
                    </fieldset>
                    <p><button type="submit" class="button">"Save snapshot"</button></p>
                </ActionForm>
            </section>
        </LiveRegion>
    }
}
