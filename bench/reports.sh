#!/usr/bin/env bash
# Render time of the PDF reports on a running release `plumb` whose data was made with
# `plumb demo --scale 1000` (see docs/PERFORMANCE.md, "PDF reports").
#
#   bench/reports.sh DATA_DIR URL       e.g. bench/reports.sh /tmp/scale/data http://127.0.0.1:3990
#
# Needs wrk. Creates a viewer account bench@example.com if missing, signs in, then runs wrk with
# one connection for 20 s on a project report (50 snapshots of history) and on the portfolio
# report of the 100 projects whose slug starts with scale-001, and prints the latency
# percentiles and the size of one document.
set -euo pipefail
data_dir=${1:?data dir}; url=${2:?url}
source "$(dirname "$0")/sign_in.sh"
bench_sign_in "$data_dir" "$url"

lua=$(mktemp --suffix .lua); trap 'rm -f "$lua"' EXIT
printf 'wrk.headers["Cookie"] = "%s"\n' "$cookie" >"$lua"
measure() { # label path
  echo "== $1"
  curl -fsS -o /tmp/bench-report.pdf -H "Cookie: $cookie" "$url$2"
  echo "size: $(wc -c </tmp/bench-report.pdf) bytes, $(pdfinfo /tmp/bench-report.pdf 2>/dev/null | awk '/^Pages/ {print $2}') pages"
  wrk -t1 -c1 -d20s --timeout 30s --latency -s "$lua" "$url$2" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
}
measure "project report (GET /projects/scale-00500/report.pdf)" "/projects/scale-00500/report.pdf"
measure "portfolio report of 100 projects (GET /report.pdf?q=scale-001)" "/report.pdf?q=scale-001"
