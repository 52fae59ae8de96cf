# syntax=docker/dockerfile:1
# Plumb in a container: multi-stage, dependencies cached with cargo-chef, non-root at run time.
#   docker build -t plumb .
#   docker run -p 3000:8080 -v plumb-data:/data plumb                      # private PostgreSQL in /data
#   docker run -p 3000:8080 -e DATABASE_URL=postgres://… plumb            # external PostgreSQL

ARG RUST_VERSION=1.95
ARG DEBIAN_RELEASE=bookworm

FROM rust:${RUST_VERSION}-${DEBIAN_RELEASE} AS chef
RUN cargo install cargo-chef --version 0.1.78 --locked
WORKDIR /src

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
# The wasm target, and the wasm-bindgen CLI at exactly the version Cargo.lock pins.
COPY Cargo.lock ./
RUN rustup target add wasm32-unknown-unknown \
 && cargo install wasm-bindgen-cli --version "$(awk '$0=="name = \"wasm-bindgen\"" {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)"
# Queries are checked against the committed .sqlx/ cache: no database at build time.
ENV SQLX_OFFLINE=true
COPY --from=planner /src/recipe.json recipe.json
RUN cargo chef cook --release -p server --recipe-path recipe.json \
 && cargo chef cook --profile wasm-release -p app --no-default-features --features hydrate \
      --target wasm32-unknown-unknown --recipe-path recipe.json
COPY . .
RUN scripts/build --release

FROM debian:${DEBIAN_RELEASE}-slim AS runtime
# PostgreSQL's server binaries let the image run on its own (private cluster in /data);
# curl serves the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /home/plumb --uid 10001 plumb \
 && mkdir -p /data && chown plumb:plumb /data
WORKDIR /app
COPY --from=builder /src/target/release/plumb /usr/local/bin/plumb
COPY --from=builder /src/target/site /app/site
ENV LEPTOS_SITE_ADDR=0.0.0.0:8080 \
    LEPTOS_SITE_ROOT=/app/site \
    LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_OUTPUT_NAME=plumb \
    PLUMB_DATA_DIR=/data \
    PLUMB_PG_BIN_DIR=/usr/lib/postgresql/15/bin \
    PLUMB_LOG_FORMAT=json
USER plumb
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
# SIGTERM (docker stop) drains requests and stops the private cluster cleanly.
STOPSIGNAL SIGTERM
ENTRYPOINT ["plumb"]
CMD ["serve"]
