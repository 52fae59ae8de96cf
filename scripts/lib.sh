# shellcheck shell=bash
# Helpers shared by scripts/build, scripts/run and scripts/test: find or install what the build
# needs, skipping whatever is already there at the right version (cargo tools take minutes to
# compile on a small machine).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
SITE_ROOT=${LEPTOS_SITE_ROOT:-$CARGO_TARGET_DIR/site}
PKG_DIR=${LEPTOS_SITE_PKG_DIR:-pkg}
OUTPUT_NAME=${LEPTOS_OUTPUT_NAME:-plumb}
WASM_TARGET=wasm32-unknown-unknown
# Pinned tool versions; wasm-bindgen follows Cargo.lock (the CLI must match the library exactly).
SQLX_CLI_VERSION=0.8.6

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (install it by hand or run as root)"
  fi
}

APT_UPDATED=0
# apt_ensure PKG...: installs the Debian packages that are missing.
apt_ensure() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them"
  log "installing Debian packages: ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The version of a crate as locked in Cargo.lock.
lock_version() {
  awk -v n="$1" '$0=="name = \""n"\"" {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock"
}

# cargo_tool_ensure BIN CRATE VERSION [install args...]
cargo_tool_ensure() {
  local bin=$1 crate=$2 version=$3; shift 3
  if "$bin" --version 2>/dev/null | grep -qF " $version"; then return 0; fi
  log "installing $crate $version (compiles from source, takes a few minutes once)"
  cargo install "$crate" --version "$version" "$@"
}

ensure_wasm_bindgen() {
  # No --locked: the CLI's own lockfile pins a crate version the registry mirror may lack.
  cargo_tool_ensure wasm-bindgen wasm-bindgen-cli "$(lock_version wasm-bindgen)"
}

ensure_sqlx_cli() {
  cargo_tool_ensure sqlx sqlx-cli "$SQLX_CLI_VERSION" --locked --no-default-features --features postgres,rustls
}

ensure_nextest() {
  command -v cargo-nextest >/dev/null && return 0
  log "installing cargo-nextest"
  cargo install cargo-nextest --locked
}

# PostgreSQL server binaries for Plumb's private cluster (skipped when DATABASE_URL is set).
ensure_postgres_server() {
  [ -n "${DATABASE_URL:-}" ] && return 0
  command -v pg_ctl >/dev/null && return 0
  compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null && return 0
  apt_ensure postgresql
}

# Decides how to compile for wasm32 and exports the environment for it. Sets WASM_ROUTE to
# "rustup" or "debian". The normal route is rustup's wasm32 target; where rustup cannot fetch it
# (it can hang on machines with no internet but package registries), fall back to Debian's
# rustc-web, which ships the standard library's source, and build std with -Zbuild-std.
WASM_ROUTE=""
WASM_CARGO_ARGS=()
choose_wasm_route() {
  [ -n "$WASM_ROUTE" ] && return 0
  if [ "${PLUMB_WASM_ROUTE:-}" != debian ] && command -v rustup >/dev/null; then
    if rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET" ||
       timeout 90 rustup target add "$WASM_TARGET" >/dev/null 2>&1; then
      WASM_ROUTE=rustup
      return 0
    fi
    log "rustup could not add $WASM_TARGET; using Debian's rustc-web with -Zbuild-std"
  fi
  apt_ensure rustc-web rust-web-src lld-19
  WASM_ROUTE=debian
  WASM_CARGO_ARGS=(-Zbuild-std=std,panic_abort)
}

# Runs cargo for the wasm target with the chosen route's environment.
wasm_cargo() {
  choose_wasm_route
  if [ "$WASM_ROUTE" = debian ]; then
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 \
      cargo "$@" --target "$WASM_TARGET" "${WASM_CARGO_ARGS[@]}"
  else
    cargo "$@" --target "$WASM_TARGET"
  fi
}

# Installs the end-to-end test dependencies (npm packages; Chromium from Debian, because a
# browser download is not possible everywhere).
ensure_end2end() {
  apt_ensure chromium
  command -v npm >/dev/null || apt_ensure nodejs npm
  if [ ! -d "$ROOT/end2end/node_modules/playwright-core" ]; then
    log "installing end2end npm packages"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
