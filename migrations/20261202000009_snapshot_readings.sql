-- Reading old snapshots again (issue 15). A snapshot's source (its bytes, their SHA-256, the
-- decoded text) never changes. What the parser read from it can: `plumb reparse` reads stored
-- sources with a newer parser and replaces the snapshot's reading (the `result` JSON, the
-- columns copied from it and its parts), keeping every earlier reading here, so nothing that
-- was shown is lost and the snapshot page can say how the reading changed.
create table snapshot_reading
(
    snapshot_reading_id bigint generated always as identity primary key,
    snapshot_id         bigint           not null references snapshot on delete cascade,
    parser_version      text             not null,
    -- The canonical snapshot JSON as that parser produced it.
    result              jsonb            not null,
    overall_score       double precision check (overall_score between 0 and 100),
    verdict             text check (verdict in ('ready', 'conditional', 'not_ready')),
    gap_count           integer          not null check (gap_count >= 0),
    -- When that reading was made, and when a newer one replaced it.
    read_at             timestamptz      not null,
    replaced_at         timestamptz      not null
);
create index snapshot_reading_snapshot_id_idx on snapshot_reading (snapshot_id, replaced_at);

-- When the current reading was made: the upload, unless a reparse has replaced it since.
alter table snapshot add column read_at timestamptz;
update snapshot set read_at = created_at;
alter table snapshot alter column read_at set not null;
alter table snapshot alter column read_at set default now();

-- The parser that read an upload draft's preview: a preview read by an older parser than the
-- one now running is read again, so the page never shows a reading the save would not store.
alter table upload_draft add column preview_parser_version text;
