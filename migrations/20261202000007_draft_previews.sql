-- Hardening (issue 13): the upload page's preview is read once, when the draft is made, and kept
-- with it, so reloading the preview page costs a row read instead of parsing the report again.
-- Exactly one of the two is set: what Plumb read, or why it cannot use the report. Drafts made
-- before this migration have neither and are read once more on their next preview.
alter table upload_draft
    add column preview_snapshot jsonb,
    add column preview_problem  text;
