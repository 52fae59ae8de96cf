# Sourced by the bench scripts: bench_sign_in DATA_DIR URL creates the viewer account
# bench@example.com if it is missing and sets $cookie to a signed-in session's cookie.
bench_sign_in() {
  local data_dir=$1 url=$2 plumb=${PLUMB_BIN:-target/release/plumb}
  local password="quiet harbor lantern seven"
  printf '%s\n' "$password" | "$plumb" --data-dir "$data_dir" user create --email bench@example.com \
    --role viewer --password-stdin 2>&1 | grep -v "already has an account" || true
  cookie=$(curl -fsS -o /dev/null -D - -X POST "$url/api/fn/login" -H "Origin: $url" -H 'Accept: application/json' \
    --data-urlencode email=bench@example.com --data-urlencode "password=$password" \
    | grep -io 'plumb_session=[^;]*')
}
