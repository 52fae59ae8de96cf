//! Request metrics in the Prometheus text format, without a metrics framework: a counter per
//! method, route and status, and a latency histogram per method and route.
//!
//! Routes are labelled by their pattern (`/projects/{slug}`), never by the raw path, and methods
//! by name only when they are one of HTTP's standard methods (others count as `OTHER`), so the
//! number of series stays bounded whatever clients send.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

/// Upper bounds (seconds) of the latency histogram buckets.
const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];
/// Label for requests no route matched (static files, 404s).
const UNMATCHED_ROUTE: &str = "fallback";

#[derive(Debug, Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<RouteKey, RouteStats>>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RouteKey {
    method: String,
    route: String,
}

#[derive(Debug, Default)]
struct RouteStats {
    responses_by_status: BTreeMap<u16, u64>,
    /// Count of requests at or under each bucket bound (cumulative, as Prometheus expects).
    bucket_counts: [u64; LATENCY_BUCKETS.len()],
    seconds_sum: f64,
    count: u64,
}

/// Connection-pool figures sampled at scrape time.
#[derive(Debug, Clone, Copy)]
pub struct PoolGauges {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let key = RouteKey { method: method.to_owned(), route: route.to_owned() };
        let mut routes = self.routes.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let stats = routes.entry(key).or_default();
        *stats.responses_by_status.entry(status).or_default() += 1;
        for (bound, count) in LATENCY_BUCKETS.iter().zip(stats.bucket_counts.iter_mut()) {
            if seconds <= *bound {
                *count += 1;
            }
        }
        stats.seconds_sum += seconds;
        stats.count += 1;
    }

    /// The exposition text for all series.
    pub fn render(&self, pool: PoolGauges) -> String {
        let routes = self.routes.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut out = String::new();
        out.push_str(
            "# HELP plumb_http_requests_total HTTP responses by method, route pattern and status.\n",
        );
        out.push_str("# TYPE plumb_http_requests_total counter\n");
        for (key, stats) in routes.iter() {
            for (status, count) in &stats.responses_by_status {
                let _ = writeln!(
                    out,
                    "plumb_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {count}",
                    escape(&key.method),
                    escape(&key.route)
                );
            }
        }
        out.push_str("# HELP plumb_http_request_duration_seconds Time to produce the response head.\n");
        out.push_str("# TYPE plumb_http_request_duration_seconds histogram\n");
        for (key, stats) in routes.iter() {
            let labels = format!("method=\"{}\",route=\"{}\"", escape(&key.method), escape(&key.route));
            for (bound, count) in LATENCY_BUCKETS.iter().zip(stats.bucket_counts.iter()) {
                let _ = writeln!(
                    out,
                    "plumb_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "plumb_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                stats.count
            );
            let _ =
                writeln!(out, "plumb_http_request_duration_seconds_sum{{{labels}}} {}", stats.seconds_sum);
            let _ = writeln!(out, "plumb_http_request_duration_seconds_count{{{labels}}} {}", stats.count);
        }
        let gauges = [
            ("plumb_db_pool_connections", "Open connections in the database pool.", pool.size),
            ("plumb_db_pool_idle_connections", "Idle connections in the database pool.", pool.idle),
            ("plumb_db_pool_max_connections", "Most connections the pool may open.", pool.max),
        ];
        for (name, help, value) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
        }
        out
    }
}

/// Label values are quoted strings: escape what would end them.
fn escape(value: &str) -> String {
    value.replace('\\', r"\\").replace('"', "\\\"").replace('\n', r"\n")
}

/// The label for a request method: a client can send any token as the method, and each new
/// label value would be a new series.
fn method_label(method: &Method) -> &'static str {
    const STANDARD: [&str; 9] =
        ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"];
    STANDARD.into_iter().find(|name| *name == method.as_str()).unwrap_or("OTHER")
}

/// Middleware recording every response.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED_ROUTE.to_owned(), |matched| matched.as_str().to_owned());
    let response = next.run(request).await;
    metrics.observe(method, &route, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    const POOL: PoolGauges = PoolGauges { size: 3, idle: 2, max: 10 };

    #[test]
    fn counts_are_kept_per_method_route_and_status() {
        let metrics = Metrics::default();
        metrics.observe("GET", "/healthz", 200, 0.0004);
        metrics.observe("GET", "/healthz", 200, 0.003);
        metrics.observe("GET", "/readyz", 503, 2.0);
        let text = metrics.render(POOL);
        assert!(
            text.contains("plumb_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("plumb_http_requests_total{method=\"GET\",route=\"/readyz\",status=\"503\"} 1\n"),
            "{text}"
        );
    }

    #[test]
    fn histogram_buckets_are_cumulative_and_end_with_the_total() {
        let metrics = Metrics::default();
        metrics.observe("GET", "/", 200, 0.0004);
        metrics.observe("GET", "/", 200, 0.003);
        metrics.observe("GET", "/", 200, 9.0);
        let text = metrics.render(POOL);
        let bucket = |le: &str| {
            format!("plumb_http_request_duration_seconds_bucket{{method=\"GET\",route=\"/\",le=\"{le}\"}} ")
        };
        assert!(text.contains(&format!("{}1\n", bucket("0.001"))), "{text}");
        assert!(text.contains(&format!("{}2\n", bucket("0.005"))), "{text}");
        assert!(text.contains(&format!("{}2\n", bucket("5"))), "{text}");
        assert!(text.contains(&format!("{}3\n", bucket("+Inf"))), "{text}");
        assert!(
            text.contains("plumb_http_request_duration_seconds_count{method=\"GET\",route=\"/\"} 3\n"),
            "{text}"
        );
    }

    #[test]
    fn only_standard_methods_are_labelled_by_name() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::PATCH), "PATCH");
        let invented = Method::from_bytes("X".repeat(16 * 1024).as_bytes()).expect("a valid token");
        assert_eq!(method_label(&invented), "OTHER");
        assert_eq!(method_label(&Method::from_bytes(b"get").expect("token")), "OTHER");
    }

    #[test]
    fn pool_gauges_and_escaped_labels_are_rendered() {
        let metrics = Metrics::default();
        metrics.observe("GET", "/a\"b", 404, 0.01);
        let text = metrics.render(POOL);
        assert!(text.contains("route=\"/a\\\"b\""), "{text}");
        assert!(text.contains("plumb_db_pool_idle_connections 2\n"), "{text}");
        assert!(text.contains("plumb_db_pool_max_connections 10\n"), "{text}");
    }
}
