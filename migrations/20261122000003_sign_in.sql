-- Signing in: ending sessions on password change, throttling failed logins, and the one-time
-- link that creates the first admin.

-- Every session remembers the generation it was started under. Changing or resetting a password
-- bumps it, so every other session of that user ends at its next request (sessions are opaque
-- rows in tower_sessions.session and cannot be looked up by user).
alter table app_user
    add column session_generation integer not null default 1;

-- Failed sign-ins per key ("account:<lower email>" or "address:<ip>") inside a fixed window.
-- Kept in the database so several `plumb` instances throttle together.
create table login_throttle
(
    key               text primary key,
    failures          integer     not null check (failures > 0),
    window_started_at timestamptz not null
);

-- One-time links printed by `plumb serve` while no user exists. Only a SHA-256 is kept; all of
-- them are deleted when the first admin is created.
create table setup_token
(
    token_sha256 bytea primary key check (length(token_sha256) = 32),
    created_at   timestamptz not null default now()
);

create index audit_log_action_idx on audit_log (action, created_at desc);
create index audit_log_actor_user_id_idx on audit_log (actor_user_id, created_at desc);
