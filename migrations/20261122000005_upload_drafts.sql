-- Reports uploaded through the page wait here between the preview and the save (issue 6). The
-- text stays on the server so the preview page can be reloaded, shared with nobody but its
-- uploader, and saved without sending the report again. Drafts older than a day are deleted by
-- the server's housekeeping.
create table upload_draft
(
    upload_draft_id bigint generated always as identity primary key,
    app_user_id     bigint      not null references app_user on delete cascade,
    -- The chosen file's name, or null for pasted text.
    file_name       text check (length(file_name) <= 255),
    source_bytes    bytea       not null check (length(source_bytes) > 0),
    created_at      timestamptz not null default now()
);
create index upload_draft_created_at_idx on upload_draft (created_at);
create index upload_draft_app_user_id_idx on upload_draft (app_user_id);
