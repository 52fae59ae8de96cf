#!/usr/bin/env bash
# Server time of the dashboard pages against the SQL they need, on a running release `plumb`
# whose data was made with `plumb demo --scale N` (see docs/PERFORMANCE.md, "Dashboard").
#
#   bench/dashboard.sh DATA_DIR URL       e.g. bench/dashboard.sh /tmp/scale/data http://127.0.0.1:3990
#
# Needs wrk and psql. Creates a viewer account bench@example.com if missing, signs in, then:
#   1. wrk, 1 connection, 15 s, on each page and its server function (p50/p90/p99);
#   2. psql, each page's queries 30 times with \timing, median.
set -euo pipefail
data_dir=${1:?data dir}; url=${2:?url}
source "$(dirname "$0")/sign_in.sh"
bench_sign_in "$data_dir" "$url"

lua=$(mktemp --suffix .lua); trap 'rm -f "$lua"' EXIT
cat >"$lua" <<LUA
wrk.headers["Cookie"] = "$cookie"
wrk.headers["Origin"] = "$url"
if (os.getenv("BODY") or "") ~= "" then
  wrk.method = "POST"
  wrk.body = os.getenv("BODY")
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Accept"] = "application/json"
end
LUA
measure() { # label path [body]
  echo "== $1"
  BODY=${3:-} wrk -t1 -c1 -d15s --latency -s "$lua" "$url$2" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
}
measure "portfolio page (GET /)" "/"
measure "portfolio page sorted by score (GET /?sort=score&dir=desc)" "/?sort=score&dir=desc"
measure "portfolio server function" "/api/fn/portfolio" "query[sort]=score"
measure "project scorecard (GET /projects/scale-00500)" "/projects/scale-00500"
measure "gap board (GET /board)" "/board"
measure "gap board, unassigned and overdue (GET /board?owner=unassigned&overdue=1)" "/board?owner=unassigned&overdue=1"
measure "board server function" "/api/fn/board" "query[shown]=30"

echo "== SQL of the portfolio (median of 30, ms)"
db="postgres://plumb@localhost/plumb?host=$data_dir/postgres"
sql_median() { # label sql
  local times
  times=$(for _ in $(seq 30); do printf '\\timing on\n%s\n' "$2"; done | psql -X -q -o /dev/null "$db" 2>&1 \
    | grep -oE 'Time: [0-9.]+' | awk '{print $2}' | sort -n)
  echo "$1: $(echo "$times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
}
sql_median "rows from the rollups" "select p.project_id, p.slug, p.name, p.owner, p.tags, r.score, r.previous_score, r.level, r.verdict, r.open_critical, r.open_high, r.open_medium, r.open_low, r.latest_taken_at, r.recent_scores from project p left join project_rollup r using (project_id) where p.archived_at is null;"
sql_median "month-end scores" "select m.project_id, m.month, m.score from project_score_month m join project p using (project_id) where p.archived_at is null and m.month >= date_trunc('month', now() - interval '11 months')::date union all select * from (select distinct on (m.project_id) m.project_id, m.month, m.score from project_score_month m join project p using (project_id) where p.archived_at is null and m.month < date_trunc('month', now() - interval '11 months')::date order by m.project_id, m.month desc) before_window;"

echo "== SQL of a project scorecard (median of 30, ms)"
project="(select project_id from project where slug = 'scale-00500')"
latest="(select latest_snapshot_id from project_rollup where project_id = $project)"
sql_median "portfolio row of the project" "select p.project_id, p.slug, p.name, p.owner, p.tags, r.score, r.previous_score, r.level, r.verdict, r.open_critical, r.open_high, r.open_medium, r.open_low, r.latest_taken_at, r.recent_scores from project p left join project_rollup r using (project_id) where p.slug = 'scale-00500';"
sql_median "score history" "select snapshot_id, taken_at, overall_score from snapshot where project_id = $project order by taken_at, snapshot_id;"
sql_median "category history" "select s.taken_at, c.category_key, c.score from snapshot s join snapshot_category c using (snapshot_id) where s.project_id = $project and c.score is not null order by s.taken_at, s.snapshot_id, c.ordinal;"
sql_median "categories (latest)" "select category_key, score, status from snapshot_category where snapshot_id = $latest order by ordinal;"
sql_median "checklist (latest)" "select text, state, category_key, line from checklist_item where snapshot_id = $latest order by ordinal;"
sql_median "items" "select i.remediation_item_id, i.title, i.priority, i.status, u.email, i.due_date from remediation_item i left join app_user u on u.app_user_id = i.owner_user_id where i.project_id = $project order by i.priority, i.due_date nulls last;"
sql_median "history page" "select snapshot_id, taken_at, title, overall_score, level, verdict from snapshot where project_id = $project order by taken_at desc, snapshot_id desc limit 20; select count(*) from snapshot where project_id = $project;"

echo "== SQL of the gap board (median of 30, ms)"
sql_median "cards and column totals" "select c.priority, i.remediation_item_id, p.slug, p.name, i.title, i.category_key, i.status, i.owner_user_id, u.display_name, i.due_date, i.accepted_reason, i.accepted_until, f.taken_at, (extract(epoch from i.updated_at) * 1000000)::int8, totals.* from unnest('{critical,high,medium,low}'::text[]) with ordinality as c(priority, ord) cross join lateral (select * from board_items('{open,in_progress}', null, null, null, false, false, current_date) b where b.priority = c.priority order by b.due_date nulls last, b.remediation_item_id limit 30) i join project p on p.project_id = i.project_id join snapshot f on f.snapshot_id = i.first_seen_snapshot_id left join app_user u on u.app_user_id = i.owner_user_id cross join (select count(*) filter (where priority = 'critical') as critical, count(*) filter (where priority = 'high') as high, count(*) filter (where priority = 'medium') as medium, count(*) filter (where priority = 'low') as low from board_items('{open,in_progress}', null, null, null, false, false, current_date)) totals order by c.ord, i.due_date nulls last, i.remediation_item_id;"
sql_median "people (assignees)" "select app_user_id, email, display_name, role, disabled_at, created_at from app_user order by lower(email);"
sql_median "project names" "select slug, name from project where archived_at is null order by lower(name), slug;"
