-- Uploads and the remediation lifecycle (issue 4).

-- Once a person sets an item's priority, reports stop changing it (they only record what they
-- say in the item's history).
alter table remediation_item add column priority_locked boolean not null default false;

-- Replays of uploads sent with an Idempotency-Key header: the first answer is stored and sent
-- again for the same key from the same caller. Keys are scoped to their caller (a token or a
-- user) so two pipelines cannot collide, and are kept for a day.
create table idempotency_key
(
    idempotency_key_id bigint generated always as identity primary key,
    -- "token:<id>" or "user:<id>"
    caller             text        not null,
    key                text        not null check (length(key) between 1 and 255),
    -- SHA-256 of the request (method, path, query, body): the same key with another request
    -- is a client error, not a replay.
    request_sha256     text        not null,
    response_status    smallint    not null,
    response_body      jsonb       not null,
    response_location  text,
    created_at         timestamptz not null default now(),
    constraint idempotency_key_caller_key_key unique (caller, key)
);
create index idempotency_key_created_at_idx on idempotency_key (created_at);

-- Lists of a project's items by status and priority read this index.
create index remediation_item_project_status_idx on remediation_item (project_id, status, priority);
