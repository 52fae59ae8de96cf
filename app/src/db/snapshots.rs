//! Snapshots and the parts extracted from them. A snapshot's source is immutable; its reading
//! (the result and the parts) is replaced only by a newer parser (see [`super::readings`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgExecutor};

use crate::domain::ingest::PARSER_VERSION;
use crate::domain::snapshot::Snapshot;

/// What a new snapshot row is made of.
#[derive(Debug, Clone, Copy)]
pub struct NewSnapshot<'a> {
    pub project_id: i64,
    pub taken_at: DateTime<Utc>,
    pub source_bytes: &'a [u8],
    pub source_text: &'a str,
    pub snapshot: &'a Snapshot,
    pub uploaded_by_user_id: Option<i64>,
    pub uploaded_by_token_id: Option<i64>,
    pub commit_sha: Option<&'a str>,
    pub branch: Option<&'a str>,
    pub build_url: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotSummary {
    pub snapshot_id: i64,
    pub project_id: i64,
    pub taken_at: DateTime<Utc>,
    pub source_sha256: String,
    pub title: String,
    pub overall_score: Option<f64>,
    pub overall_basis: String,
    pub level: Option<i16>,
    pub verdict: Option<String>,
    pub parser_version: String,
    pub commit_sha: Option<String>,
    pub branch: Option<String>,
    pub build_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Inserts the snapshot row; `None` when the project already has a snapshot of these bytes
/// (the unique constraint decides, so concurrent uploads cannot both win).
pub async fn insert(conn: &mut PgConnection, new: NewSnapshot<'_>) -> sqlx::Result<Option<i64>> {
    let overall = &new.snapshot.overall;
    let result = serde_json::to_value(new.snapshot).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        insert into snapshot (project_id, taken_at, source_bytes, source_sha256, source_text, encoding_repaired,
                              parser_version, result, title, overall_score, overall_basis, level, verdict,
                              uploaded_by_user_id, uploaded_by_token_id, commit_sha, branch, build_url)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        on conflict on constraint snapshot_project_id_source_sha256_key do nothing
        returning snapshot_id
        "#,
        new.project_id,
        new.taken_at,
        new.source_bytes,
        new.snapshot.report.sha256,
        new.source_text,
        new.snapshot.report.encoding_repaired,
        PARSER_VERSION,
        result,
        new.snapshot.report.title.clone().unwrap_or_default(),
        overall.score,
        overall.basis.as_str(),
        overall.level.map(i16::from),
        overall.verdict.map(|v| v.as_str()),
        new.uploaded_by_user_id,
        new.uploaded_by_token_id,
        new.commit_sha,
        new.branch,
        new.build_url,
    )
    .fetch_optional(conn)
    .await
}

/// Inserts the categories, checklist items and gaps of a stored snapshot in three statements.
/// `gap_items[i]` is the remediation item tracking gap `i`.
pub async fn insert_parts(
    conn: &mut PgConnection,
    snapshot_id: i64,
    snapshot: &Snapshot,
    gap_items: &[Option<i64>],
) -> sqlx::Result<()> {
    let ordinal = |n: usize| (0..n).map(|i| i32::try_from(i).unwrap_or(i32::MAX)).collect::<Vec<i32>>();
    let line = |line: Option<u32>| line.and_then(|l| i32::try_from(l).ok());

    let categories = &snapshot.categories;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into snapshot_category (snapshot_id, ordinal, category_key, score, stated_value, stated_scale,
                                       status, heading, line)
        select $1, * from unnest($2::int4[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::text[],
                                 $8::text[], $9::int4[])
        "#,
        snapshot_id,
        &ordinal(categories.len()),
        &categories.iter().map(|c| c.key.clone()).collect::<Vec<_>>(),
        &categories.iter().map(|c| c.score).collect::<Vec<_>>() as &[Option<f64>],
        &categories.iter().map(|c| c.stated.as_ref().map(|s| s.value)).collect::<Vec<_>>()
            as &[Option<f64>],
        &categories.iter().map(|c| c.stated.as_ref().map(|s| s.scale)).collect::<Vec<_>>()
            as &[Option<f64>],
        &categories.iter().map(|c| c.status.map(|s| s.as_str().to_owned())).collect::<Vec<_>>()
            as &[Option<String>],
        &categories.iter().map(|c| c.heading.clone().unwrap_or_default()).collect::<Vec<_>>(),
        &categories.iter().map(|c| line(c.line)).collect::<Vec<_>>() as &[Option<i32>],
    )
    .execute(&mut *conn)
    .await?;

    let items = &snapshot.checklist;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into checklist_item (snapshot_id, ordinal, text, state, category_key, line)
        select $1, * from unnest($2::int4[], $3::text[], $4::text[], $5::text[], $6::int4[])
        "#,
        snapshot_id,
        &ordinal(items.len()),
        &items.iter().map(|i| i.text.clone()).collect::<Vec<_>>(),
        &items.iter().map(|i| i.state.as_str().to_owned()).collect::<Vec<_>>(),
        &items.iter().map(|i| i.category.clone()).collect::<Vec<_>>() as &[Option<String>],
        &items.iter().map(|i| line(i.line)).collect::<Vec<_>>() as &[Option<i32>],
    )
    .execute(&mut *conn)
    .await?;

    let gaps = &snapshot.gaps;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into gap (snapshot_id, ordinal, title, priority, category_key, effort_hours, detail, fingerprint,
                         line, remediation_item_id)
        select $1, * from unnest($2::int4[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[],
                                 $8::text[], $9::int4[], $10::int8[])
        "#,
        snapshot_id,
        &ordinal(gaps.len()),
        &gaps.iter().map(|g| g.title.clone()).collect::<Vec<_>>(),
        &gaps.iter().map(|g| g.priority.map(|p| p.as_str().to_owned())).collect::<Vec<_>>() as &[Option<String>],
        &gaps.iter().map(|g| g.category.clone()).collect::<Vec<_>>() as &[Option<String>],
        &gaps.iter().map(|g| g.effort_hours).collect::<Vec<_>>() as &[Option<f64>],
        &gaps.iter().map(|g| g.detail.clone().unwrap_or_default()).collect::<Vec<_>>(),
        &gaps.iter().map(|g| g.fingerprint.clone()).collect::<Vec<_>>(),
        &gaps.iter().map(|g| line(g.line)).collect::<Vec<_>>() as &[Option<i32>],
        gap_items as &[Option<i64>],
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes the categories, checklist items and gaps of a snapshot, for a new reading to take
/// their place (the items the gaps pointed to stay: they live across snapshots).
pub async fn delete_parts(conn: &mut PgConnection, snapshot_id: i64) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query!(r#"delete from snapshot_category where snapshot_id = $1"#, snapshot_id)
        .execute(&mut *conn)
        .await?;
    // language=PostgreSQL
    sqlx::query!(r#"delete from checklist_item where snapshot_id = $1"#, snapshot_id)
        .execute(&mut *conn)
        .await?;
    // language=PostgreSQL
    sqlx::query!(r#"delete from gap where snapshot_id = $1"#, snapshot_id).execute(conn).await?;
    Ok(())
}

pub async fn find_by_sha(
    db: impl PgExecutor<'_>,
    project_id: i64,
    sha256: &str,
) -> sqlx::Result<Option<SnapshotSummary>> {
    // language=PostgreSQL
    sqlx::query_as!(
        SnapshotSummary,
        r#"
        select snapshot_id, project_id, taken_at, source_sha256, title, overall_score, overall_basis, level,
               verdict, parser_version, commit_sha, branch, build_url, created_at
        from snapshot where project_id = $1 and source_sha256 = $2
        "#,
        project_id,
        sha256
    )
    .fetch_optional(db)
    .await
}

pub async fn summary(db: impl PgExecutor<'_>, snapshot_id: i64) -> sqlx::Result<Option<SnapshotSummary>> {
    // language=PostgreSQL
    sqlx::query_as!(
        SnapshotSummary,
        r#"
        select snapshot_id, project_id, taken_at, source_sha256, title, overall_score, overall_basis, level,
               verdict, parser_version, commit_sha, branch, build_url, created_at
        from snapshot where snapshot_id = $1
        "#,
        snapshot_id
    )
    .fetch_optional(db)
    .await
}

/// The project's snapshot that comes right after `taken_at` in history, if any.
pub async fn next_after(
    conn: &mut PgConnection,
    project_id: i64,
    taken_at: DateTime<Utc>,
    snapshot_id: i64,
) -> sqlx::Result<Option<i64>> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select snapshot_id from snapshot
        where project_id = $1 and (taken_at, snapshot_id) > ($2, $3)
        order by taken_at, snapshot_id limit 1
        "#,
        project_id,
        taken_at,
        snapshot_id
    )
    .fetch_optional(conn)
    .await
}

/// A page of a project's snapshots, newest first, and how many there are in all.
pub async fn page(
    db: &sqlx::PgPool,
    project_id: i64,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<SnapshotSummary>, i64)> {
    // language=PostgreSQL
    let rows = sqlx::query_as!(
        SnapshotSummary,
        r#"
        select snapshot_id, project_id, taken_at, source_sha256, title, overall_score, overall_basis, level,
               verdict, parser_version, commit_sha, branch, build_url, created_at
        from snapshot where project_id = $1
        order by taken_at desc, snapshot_id desc
        limit $2 offset $3
        "#,
        project_id,
        limit,
        offset
    )
    .fetch_all(db)
    .await?;
    // language=PostgreSQL
    let total =
        sqlx::query_scalar!(r#"select count(*) as "count!" from snapshot where project_id = $1"#, project_id)
            .fetch_one(db)
            .await?;
    Ok((rows, total))
}

/// The canonical snapshot JSON stored for a snapshot of the project.
pub async fn canonical(
    db: impl PgExecutor<'_>,
    project_id: i64,
    snapshot_id: i64,
) -> sqlx::Result<Option<serde_json::Value>> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"select result from snapshot where project_id = $1 and snapshot_id = $2"#,
        project_id,
        snapshot_id
    )
    .fetch_optional(db)
    .await
}

/// The bytes a snapshot was uploaded as.
pub async fn source(
    db: impl PgExecutor<'_>,
    project_id: i64,
    snapshot_id: i64,
) -> sqlx::Result<Option<Vec<u8>>> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"select source_bytes from snapshot where project_id = $1 and snapshot_id = $2"#,
        project_id,
        snapshot_id
    )
    .fetch_optional(db)
    .await
}

/// One category of a snapshot, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryRow {
    pub category_key: String,
    pub score: Option<f64>,
    pub status: Option<String>,
    pub heading: String,
}

pub async fn categories(db: impl PgExecutor<'_>, snapshot_id: i64) -> sqlx::Result<Vec<CategoryRow>> {
    // language=PostgreSQL
    sqlx::query_as!(
        CategoryRow,
        r#"select category_key, score, status, heading from snapshot_category where snapshot_id = $1 order by ordinal"#,
        snapshot_id
    )
    .fetch_all(db)
    .await
}
