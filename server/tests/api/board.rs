//! The gap board and item changes over the sample projects: what the board shows is what the
//! database holds, and every change an editor makes lands in the item, its history, the audit
//! log and the rollup.

use app::domain::account::Role;
use serde_json::Value;

use crate::helpers::TestApp;

async fn with_samples(role: Role) -> (TestApp, String) {
    let app = TestApp::spawn().await;
    plumb::commands::demo::run(&app.db.pool, false, &mut Vec::new()).await.unwrap();
    let cookie = app.signed_in(role).await;
    (app, cookie)
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

/// Each column's total, in column order.
fn totals(view: &Value) -> Vec<i64> {
    view["columns"].as_array().unwrap().iter().map(|column| column["total"].as_i64().unwrap()).collect()
}

async fn board(app: &TestApp, cookie: &str, filters: &[(&str, &str)]) -> Value {
    let form: Vec<(String, &str)> =
        filters.iter().map(|(key, value)| (format!("query[{key}]"), *value)).collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(key, value)| (key.as_str(), *value)).collect();
    let response = app.call("board", Some(cookie), &form).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Items per priority (critical first) among items of active projects matching `condition`.
async fn expected_totals(app: &TestApp, condition: &str) -> Vec<i64> {
    let mut totals = Vec::new();
    for priority in ["critical", "high", "medium", "low"] {
        totals.push(
            count(
                app,
                &format!(
                    "select count(*) from remediation_item i join project p using (project_id) \
                     where p.archived_at is null and i.priority = '{priority}' and ({condition})"
                ),
            )
            .await,
        );
    }
    totals
}

const ACTIVE: &str = "i.status in ('open', 'in_progress')";

#[tokio::test]
async fn the_board_shows_the_items_the_database_holds_by_priority_and_filter() {
    let (app, cookie) = with_samples(Role::Viewer).await;

    let view = board(&app, &cookie, &[]).await;
    let expected = expected_totals(&app, ACTIVE).await;
    assert_eq!(totals(&view), expected);
    assert!(expected.iter().sum::<i64>() > 10, "the samples have open items: {expected:?}");
    for column in view["columns"].as_array().unwrap() {
        let shown = column["cards"].as_array().unwrap().len() as i64;
        assert_eq!(shown, column["total"].as_i64().unwrap().min(30));
    }
    assert_eq!(view["may_edit"], false, "viewers only look");

    let html = app.get_as("/board", &cookie).await.text().await.unwrap();
    let shown: usize =
        view["columns"].as_array().unwrap().iter().map(|c| c["cards"].as_array().unwrap().len()).sum();
    assert_eq!(html.matches("data-testid=\"board-card\"").count(), shown);
    assert!(!html.contains("data-testid=\"item-form\""), "no edit forms for a viewer");

    let americano = board(&app, &cookie, &[("project", "americano")]).await;
    assert_eq!(
        totals(&americano),
        expected_totals(&app, &format!("{ACTIVE} and p.slug = 'americano'")).await
    );
    let everything = board(&app, &cookie, &[("status", "all")]).await;
    assert_eq!(totals(&everything), expected_totals(&app, "true").await);
    let resolved = board(&app, &cookie, &[("status", "resolved")]).await;
    assert_eq!(totals(&resolved), expected_totals(&app, "i.status = 'resolved'").await);
    let security = board(&app, &cookie, &[("category", "security")]).await;
    assert_eq!(
        totals(&security),
        expected_totals(&app, &format!("{ACTIVE} and i.category_key = 'security'")).await
    );
    let unassigned = board(&app, &cookie, &[("owner", "unassigned")]).await;
    assert_eq!(totals(&unassigned), expected, "nobody owns anything yet");
    for nobody in [&[("owner", "nobody@example.com")][..], &[("project", "no-such-project")][..]] {
        assert_eq!(totals(&board(&app, &cookie, nobody).await), [0, 0, 0, 0], "{nobody:?}");
    }

    // Overdue: two items' due dates move into the past.
    sqlx::query(
        "update remediation_item set due_date = current_date - 3 where remediation_item_id in \
         (select remediation_item_id from remediation_item where status = 'open' order by remediation_item_id limit 2)",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let overdue = board(&app, &cookie, &[("overdue", "true")]).await;
    let expected_overdue = expected_totals(&app, &format!("{ACTIVE} and i.due_date < current_date")).await;
    assert_eq!(totals(&overdue), expected_overdue);
    assert!(expected_overdue.iter().sum::<i64>() >= 2);
    let html = app.get_as("/board?overdue=1", &cookie).await.text().await.unwrap();
    assert!(html.contains("Overdue since"), "overdue cards say so in words");

    // An archived project's items leave the board.
    sqlx::query("update project set archived_at = now() where slug = 'americano'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(totals(&board(&app, &cookie, &[]).await), expected_totals(&app, ACTIVE).await);
    app.stop().await;
}

#[tokio::test]
async fn show_more_pages_through_a_long_column() {
    let (app, cookie) = with_samples(Role::Viewer).await;
    let view = board(&app, &cookie, &[("status", "all"), ("shown", "2")]).await;
    for column in view["columns"].as_array().unwrap() {
        let shown = column["cards"].as_array().unwrap().len() as i64;
        assert_eq!(shown, column["total"].as_i64().unwrap().min(2));
    }
    let html = app.get_as("/board?status=all&shown=2", &cookie).await.text().await.unwrap();
    assert!(html.contains("href=\"/board?status=all&amp;shown=32\""), "the link asks for more cards");
    app.stop().await;
}

async fn owner_and_due(app: &TestApp, item: i64) -> (Option<i64>, Option<chrono::NaiveDate>) {
    sqlx::query_as("select owner_user_id, due_date from remediation_item where remediation_item_id = $1")
        .bind(item)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// An item's version as the edit form carries it (microseconds of `updated_at`), for an item `i`.
const VERSION: &str = "(extract(epoch from i.updated_at) * 1000000)::int8";

/// The first open item of a sample project, with its version.
async fn open_item(app: &TestApp, slug: &str) -> (i64, i64) {
    sqlx::query_as(&format!(
        "select remediation_item_id, {VERSION} from remediation_item i join project p using (project_id) \
         where p.slug = $1 and i.status = 'open' order by remediation_item_id limit 1"
    ))
    .bind(slug)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn editors_change_items_and_every_change_is_kept() {
    let (app, cookie) = with_samples(Role::Editor).await;
    let editor: i64 =
        count(&app, "select app_user_id from app_user where email = 'editor@example.com'").await;
    let (item, version) = open_item(&app, "americano").await;
    let id = item.to_string();
    let editor_id = editor.to_string();

    let response =
        app.call("update_item", Some(&cookie), &[("item_id", &id), ("edit[owner]", &editor_id)]).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let mine = board(&app, &cookie, &[("owner", "mine")]).await;
    assert_eq!(totals(&mine).iter().sum::<i64>(), 1);
    assert_eq!(board(&app, &cookie, &[("owner", "editor@example.com")]).await["columns"], mine["columns"]);

    let response =
        app.call("update_item", Some(&cookie), &[("item_id", &id), ("edit[due_date]", "2031-01-15")]).await;
    assert_eq!(response.status(), 200);

    // A form that was loaded before those changes is refused rather than undoing them.
    let stale = app
        .call(
            "update_item",
            Some(&cookie),
            &[("item_id", &id), ("version", &version.to_string()), ("edit[owner]", "")],
        )
        .await;
    assert_eq!(stale.status(), 409);

    // Accepting a risk needs a reason and an expiry; a refusal changes nothing.
    let refused =
        app.call("update_item", Some(&cookie), &[("item_id", &id), ("edit[status]", "accepted_risk")]).await;
    assert_eq!(refused.status(), 422);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["Validation"]["field"], "accepted_reason", "{error}");
    let until = (chrono::Utc::now().date_naive() + chrono::Days::new(60)).to_string();
    let accepted = app
        .call(
            "update_item",
            Some(&cookie),
            &[
                ("item_id", &id),
                ("edit[status]", "accepted_risk"),
                ("edit[accepted_reason]", "vendor patch due"),
                ("edit[accepted_until]", &until),
            ],
        )
        .await;
    assert_eq!(accepted.status(), 200);

    let before_priority: String =
        sqlx::query_scalar("select priority from remediation_item where remediation_item_id = $1")
            .bind(item)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let new_priority = if before_priority == "low" { "critical" } else { "low" };
    let moved =
        app.call("update_item", Some(&cookie), &[("item_id", &id), ("edit[priority]", new_priority)]).await;
    assert_eq!(moved.status(), 200);

    let commented = app
        .call("comment_item", Some(&cookie), &[("item_id", &id), ("body", "  Patch is in review.  ")])
        .await;
    assert_eq!(commented.status(), 200);
    let empty = app.call("comment_item", Some(&cookie), &[("item_id", &id), ("body", "   ")]).await;
    assert_eq!(empty.status(), 422);

    let (owner, due, status, reason, priority, locked): (
        Option<i64>,
        Option<chrono::NaiveDate>,
        String,
        Option<String>,
        String,
        bool,
    ) = sqlx::query_as(
        "select owner_user_id, due_date, status, accepted_reason, priority, priority_locked \
             from remediation_item where remediation_item_id = $1",
    )
    .bind(item)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(owner, Some(editor));
    assert_eq!(due.map(|d| d.to_string()).as_deref(), Some("2031-01-15"));
    assert_eq!((status.as_str(), reason.as_deref()), ("accepted_risk", Some("vendor patch due")));
    assert_eq!((priority.as_str(), locked), (new_priority, true), "a person's priority sticks");

    let kinds: Vec<String> = sqlx::query_scalar(
        "select kind from remediation_event where remediation_item_id = $1 and actor_user_id = $2 \
         order by remediation_event_id",
    )
    .bind(item)
    .bind(editor)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        kinds,
        ["owner_changed", "due_date_changed", "status_changed", "priority_changed", "commented"]
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where entity_type = 'remediation_item' and entity_id = $1 \
         and actor_user_id = $2 order by audit_log_id",
    )
    .bind(&id)
    .bind(editor)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        ["item.assign", "item.set_due_date", "item.set_status", "item.set_priority", "item.comment"]
    );

    // The rollup's open counts follow (the accepted risk is no longer open).
    for priority in ["critical", "high", "medium", "low"] {
        let rolled: i64 = count(
            &app,
            &format!("select open_{priority}::int8 from project_rollup join project using (project_id) where slug = 'americano'"),
        )
        .await;
        let actual = count(
            &app,
            &format!(
                "select count(*) from remediation_item join project using (project_id) \
                 where slug = 'americano' and priority = '{priority}' and status in ('open', 'in_progress')"
            ),
        )
        .await;
        assert_eq!(rolled, actual, "{priority}");
    }

    // A browser's form post cannot tell an empty field from a missing one: without `complete`
    // an empty owner leaves the owner alone (dragging a card sends only the priority) ...
    let left_alone = app.call("update_item", Some(&cookie), &[("item_id", &id), ("edit[owner]", "")]).await;
    assert_eq!(left_alone.status(), 200);
    assert_eq!(owner_and_due(&app, item).await.0, Some(editor));
    // ... while the edit form, which sends every field and `complete=true`, unassigns and clears.
    let version: i64 =
        count(&app, &format!("select {VERSION} from remediation_item i where remediation_item_id = {item}"))
            .await;
    let cleared = app
        .call(
            "update_item",
            Some(&cookie),
            &[
                ("item_id", &id),
                ("version", &version.to_string()),
                ("edit[complete]", "true"),
                ("edit[owner]", ""),
                ("edit[due_date]", ""),
                ("edit[status]", "accepted_risk"),
                ("edit[accepted_reason]", ""),
                ("edit[accepted_until]", &until),
                ("edit[priority]", new_priority),
            ],
        )
        .await;
    assert_eq!(cleared.status(), 200, "{}", cleared.text().await.unwrap());
    assert_eq!(owner_and_due(&app, item).await, (None, None));
    let status: String =
        sqlx::query_scalar("select status from remediation_item where remediation_item_id = $1")
            .bind(item)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(status, "accepted_risk", "the unchanged fields stay");

    // The item's page tells the story.
    let page = app.get_as(&format!("/projects/americano/items/{item}"), &cookie).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Owner: unassigned → editor@example.com"), "{html}");
    assert!(html.contains("Owner: editor@example.com → unassigned"), "{html}");
    assert!(html.contains("Due date: 2031-01-15 → none"), "{html}");
    assert!(html.contains("Due date: "));
    assert!(html.contains("Accepted risk until"));
    assert!(html.contains("Patch is in review."));
    assert!(html.contains("Found in a report"));
    assert!(html.contains("data-testid=\"item-form\""), "editors get the form");
    let evidence = count(&app, &format!("select count(*) from gap where remediation_item_id = {item}")).await;
    assert!(evidence >= 1);
    let section = &html[html.find("data-testid=\"item-evidence\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert_eq!(section.matches("<li>").count() as i64, evidence);
    assert!(section.contains("/projects/americano/snapshots/"), "evidence links to the report");

    // Another project's slug does not reach the item.
    let wrong = app.get_as(&format!("/projects/topsmile/items/{item}"), &cookie).await;
    assert_eq!(wrong.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn owners_must_be_active_people_and_unknown_items_are_404() {
    let (app, cookie) = with_samples(Role::Editor).await;
    let (item, _) = open_item(&app, "americano").await;
    let gone = app.add_user("gone@example.com", Role::Viewer).await;
    sqlx::query("update app_user set disabled_at = now() where app_user_id = $1")
        .bind(gone)
        .execute(&app.db.pool)
        .await
        .unwrap();
    for owner in [gone.to_string(), "999999".to_owned(), "not-a-number".to_owned()] {
        let response = app
            .call("update_item", Some(&cookie), &[("item_id", &item.to_string()), ("edit[owner]", &owner)])
            .await;
        assert_eq!(response.status(), 422, "owner {owner}");
    }
    for (field, value) in
        [("edit[due_date]", "31/12/2030"), ("edit[status]", "done"), ("edit[priority]", "urgent")]
    {
        let response =
            app.call("update_item", Some(&cookie), &[("item_id", &item.to_string()), (field, value)]).await;
        assert_eq!(response.status(), 422, "{field}={value}");
    }
    let unknown =
        app.call("update_item", Some(&cookie), &[("item_id", "999999"), ("edit[priority]", "low")]).await;
    assert_eq!(unknown.status(), 404);
    let changes = count(&app, "select count(*) from remediation_event where actor_user_id is not null").await;
    assert_eq!(changes, 0, "nothing was changed");
    app.stop().await;
}

#[tokio::test]
async fn a_plain_form_post_changes_the_item_and_returns_to_the_page() {
    let (app, cookie) = with_samples(Role::Editor).await;
    let (item, version) = open_item(&app, "topsmile").await;
    let back = app.url("/board?project=topsmile");
    let csrf = app.csrf_of(&cookie).await.expect("token");
    let response = app
        .client
        .post(app.url("/api/fn/update_item"))
        .header("origin", &app.address)
        .header("referer", &back)
        // What a browser sends with a form post.
        .header("accept", "text/html")
        .header("cookie", &cookie)
        .form(&[
            ("item_id", item.to_string().as_str()),
            ("version", version.to_string().as_str()),
            ("edit[owner]", ""),
            ("edit[due_date]", "2030-05-01"),
            ("edit[status]", "in_progress"),
            ("edit[accepted_reason]", ""),
            ("edit[accepted_until]", ""),
            ("edit[priority]", "high"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()["location"], back.as_str());
    let (status, due): (String, Option<chrono::NaiveDate>) =
        sqlx::query_as("select status, due_date from remediation_item where remediation_item_id = $1")
            .bind(item)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), due.map(|d| d.to_string())), ("in_progress", Some("2030-05-01".to_owned())));
    app.stop().await;
}
