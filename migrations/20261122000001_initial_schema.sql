-- Plumb's first schema: projects and their immutable snapshots (with everything the parser
-- extracted), the remediation items that follow gaps across snapshots, people, API tokens,
-- sessions and the audit log. See PRODUCT.md for the concepts.
--
-- Conventions: singular table names, `<table>_id` bigint identity keys (short, readable in URLs
-- and PDFs), `created_at`/`updated_at` kept by the `trigger_updated_at` helper below, and text
-- columns with check constraints instead of enum types (an enum cannot gain a value inside a
-- transaction on older PostgreSQL, which makes migrations awkward).

create or replace function set_updated_at() returns trigger as
$$
begin
    new.updated_at = now();
    return new;
end;
$$ language plpgsql;

-- Attaches the `updated_at` trigger to a table: `select trigger_updated_at('project');`
create or replace function trigger_updated_at(tablename regclass) returns void as
$$
begin
    execute format('create trigger set_updated_at
        before update on %s
        for each row
        when (old is distinct from new)
    execute function set_updated_at();', tablename);
end;
$$ language plpgsql;

-- People who sign in. Emails are unique regardless of case.
create table app_user
(
    app_user_id   bigint generated always as identity primary key,
    email         text        not null check (email like '%_@_%'),
    display_name  text        not null check (length(display_name) between 1 and 200),
    role          text        not null check (role in ('admin', 'editor', 'viewer')),
    -- PHC string of an argon2id hash; never leaves the server.
    password_hash text        not null,
    -- Disabled users cannot sign in; their sessions are ended when this is set.
    disabled_at   timestamptz,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create unique index app_user_email_key on app_user (lower(email));
select trigger_updated_at('app_user');

-- A software project whose maturity is tracked. Archived, never silently deleted.
create table project
(
    project_id  bigint generated always as identity primary key,
    -- URL and API identifier: lowercase letters, digits and single dashes.
    slug        text        not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 64),
    name        text        not null check (length(name) between 1 and 200),
    description text        not null default '',
    -- The accountable person or team, as people write it ("Payments team", an email).
    owner       text        not null default '',
    tier        text        not null default '',
    tags        text[]      not null default '{}',
    repo_url    text        not null default '',
    archived_at timestamptz,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
select trigger_updated_at('project');

-- Machine credentials for CI uploads and read access. Only a SHA-256 of the secret is kept; the
-- secret is shown once. Tokens are long random strings, so a fast hash is enough (no password
-- stretching needed) and lookups by hash stay cheap.
create table api_token
(
    api_token_id       bigint generated always as identity primary key,
    name               text        not null check (length(name) between 1 and 200),
    -- The first characters of the token, kept in clear so people can recognise it in lists.
    display_prefix     text        not null,
    token_sha256       bytea       not null unique check (length(token_sha256) = 32),
    -- null means every project.
    project_id         bigint references project on delete cascade,
    permission         text        not null check (permission in ('upload', 'read')),
    expires_at         timestamptz,
    revoked_at         timestamptz,
    last_used_at       timestamptz,
    created_by_user_id bigint references app_user on delete set null,
    created_at         timestamptz not null default now()
);
create index api_token_project_id_idx on api_token (project_id);

-- One ingested report. Immutable once written: nothing updates these rows.
create table snapshot
(
    snapshot_id           bigint generated always as identity primary key,
    project_id            bigint           not null references project on delete cascade,
    -- The report's own date, else the upload time; orders the project's history.
    taken_at              timestamptz      not null,
    -- The uploaded bytes exactly as received, and their SHA-256 (hex) for integrity and dedup.
    source_bytes          bytea            not null,
    source_sha256         text             not null check (source_sha256 ~ '^[0-9a-f]{64}$'),
    -- The decoded (and, where needed, mojibake-repaired) text the parser read; line numbers in
    -- the extracted data point into this text.
    source_text           text             not null,
    encoding_repaired     boolean          not null default false,
    parser_version        text             not null,
    -- The canonical snapshot JSON (plumb.snapshot/v1) as the parser produced it.
    result                jsonb            not null,
    title                 text             not null default '',
    overall_score         double precision check (overall_score between 0 and 100),
    overall_basis         text             not null check (overall_basis in ('stated', 'derived', 'none')),
    level                 smallint check (level between 1 and 5),
    verdict               text check (verdict in ('ready', 'conditional', 'not_ready')),
    uploaded_by_user_id   bigint references app_user on delete set null,
    uploaded_by_token_id  bigint references api_token on delete set null,
    commit_sha            text,
    branch                text,
    build_url             text,
    created_at            timestamptz      not null default now(),
    -- Re-uploading the same content for a project is idempotent; the database enforces it so
    -- concurrent uploads cannot race past an application-level check.
    constraint snapshot_project_id_source_sha256_key unique (project_id, source_sha256)
);
create index snapshot_project_id_taken_at_idx on snapshot (project_id, taken_at desc, snapshot_id desc);

-- Per-category scores and statuses extracted from a snapshot. Category keys come from the
-- taxonomy table in the code (app/src/domain/taxonomy.rs), the single source of truth.
create table snapshot_category
(
    snapshot_id  bigint  not null references snapshot on delete cascade,
    ordinal      integer not null,
    category_key text    not null,
    score        double precision check (score between 0 and 100),
    stated_value double precision,
    stated_scale double precision,
    status       text,
    heading      text    not null default '',
    line         integer,
    primary key (snapshot_id, ordinal)
);

-- A readiness control stated in a snapshot.
create table checklist_item
(
    snapshot_id  bigint  not null references snapshot on delete cascade,
    ordinal      integer not null,
    text         text    not null,
    state        text    not null check (state in ('done', 'partial', 'missing')),
    category_key text,
    line         integer,
    primary key (snapshot_id, ordinal)
);

-- The tracked piece of work behind a gap, living across snapshots. Matched by fingerprint on
-- every upload: created once, resolved when a newer snapshot no longer shows the gap, reopened
-- when it returns. Human decisions (owner, due date, accepted risk) are never overwritten by an
-- upload.
create table remediation_item
(
    remediation_item_id     bigint generated always as identity primary key,
    project_id              bigint      not null references project on delete cascade,
    fingerprint             text        not null,
    title                   text        not null,
    category_key            text,
    priority                text        not null check (priority in ('critical', 'high', 'medium', 'low')),
    status                  text        not null default 'open'
        check (status in ('open', 'in_progress', 'resolved', 'accepted_risk')),
    owner_user_id           bigint references app_user on delete set null,
    due_date                date,
    accepted_reason         text,
    accepted_until          date,
    first_seen_snapshot_id  bigint      not null references snapshot on delete cascade,
    last_seen_snapshot_id   bigint      not null references snapshot on delete cascade,
    resolved_in_snapshot_id bigint references snapshot on delete set null,
    resolved_at             timestamptz,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now(),
    constraint remediation_item_project_id_fingerprint_key unique (project_id, fingerprint),
    -- Accepting a risk is a decision with a reason and an end date.
    constraint remediation_item_accepted_risk_check
        check (status <> 'accepted_risk' or (accepted_reason is not null and accepted_until is not null))
);
create index remediation_item_open_idx on remediation_item (priority, status) where status in ('open', 'in_progress');
select trigger_updated_at('remediation_item');

-- A weakness named by a snapshot, linked to the remediation item that tracks it.
create table gap
(
    snapshot_id         bigint  not null references snapshot on delete cascade,
    ordinal             integer not null,
    title               text    not null,
    priority            text check (priority in ('critical', 'high', 'medium', 'low')),
    category_key        text,
    effort_hours        double precision check (effort_hours >= 0),
    detail              text    not null default '',
    fingerprint         text    not null,
    line                integer,
    remediation_item_id bigint references remediation_item on delete set null,
    primary key (snapshot_id, ordinal)
);
create index gap_remediation_item_id_idx on gap (remediation_item_id);

-- Everything that ever happened to a remediation item, by a person or by an upload.
create table remediation_event
(
    remediation_event_id bigint generated always as identity primary key,
    remediation_item_id  bigint      not null references remediation_item on delete cascade,
    -- created, seen, resolved, reopened, status_changed, priority_changed, owner_changed,
    -- due_date_changed, commented
    kind                 text        not null,
    actor_user_id        bigint references app_user on delete set null,
    actor_token_id       bigint references api_token on delete set null,
    snapshot_id          bigint references snapshot on delete set null,
    before               jsonb,
    after                jsonb,
    created_at           timestamptz not null default now()
);
create index remediation_event_item_idx on remediation_event (remediation_item_id, created_at);

create table remediation_comment
(
    remediation_comment_id bigint generated always as identity primary key,
    remediation_item_id    bigint      not null references remediation_item on delete cascade,
    author_user_id         bigint references app_user on delete set null,
    body                   text        not null check (length(body) between 1 and 10000),
    created_at             timestamptz not null default now()
);
create index remediation_comment_item_idx on remediation_comment (remediation_item_id, created_at);

-- Per-project figures the dashboards read instead of scanning history. Kept up to date in the
-- same transaction as every upload and item change.
create table project_rollup
(
    project_id           bigint primary key references project on delete cascade,
    latest_snapshot_id   bigint references snapshot on delete set null,
    latest_taken_at      timestamptz,
    snapshot_count       integer          not null default 0,
    score                double precision,
    previous_score       double precision,
    level                smallint,
    verdict              text,
    open_critical        integer          not null default 0,
    open_high            integer          not null default 0,
    open_medium          integer          not null default 0,
    open_low             integer          not null default 0,
    -- The last scores, oldest first, for the portfolio sparkline.
    recent_scores        double precision[] not null default '{}',
    updated_at           timestamptz      not null default now()
);

-- Who changed what, when: every change made by a person or a token.
create table audit_log
(
    audit_log_id   bigint generated always as identity primary key,
    actor_user_id  bigint references app_user on delete set null,
    actor_token_id bigint references api_token on delete set null,
    -- e.g. project.create, item.assign, token.revoke
    action         text        not null,
    entity_type    text        not null,
    entity_id      text,
    before         jsonb,
    after          jsonb,
    request_id     text,
    created_at     timestamptz not null default now()
);
create index audit_log_created_at_idx on audit_log (created_at desc);
create index audit_log_entity_idx on audit_log (entity_type, entity_id);

-- Sessions, in the layout tower-sessions' PostgreSQL store uses, so several `plumb` instances
-- behind a load balancer share them.
create schema if not exists tower_sessions;
create table if not exists tower_sessions.session
(
    id          text primary key not null,
    data        bytea            not null,
    expiry_date timestamptz      not null
);
