//! What an operator scrapes, in the Prometheus text format (version 0.0.4), served on its own
//! address (`--metrics-listen`), never on the public port: requests by route and status, their
//! latency as histograms, the database pools (in use, idle, waiting), the kept token lists'
//! hits and misses, and refused sign-ins and exchanges. Counted in this instance's memory. A
//! route label is a route's pattern, its parameters written `:id`
//! (`/frontegg/identity/resources/tenants/api-tokens/v1/:id`), never a path as asked: no id,
//! nothing a caller typed.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::service::Service;

/// A histogram's upper bounds, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// One route's latencies.
#[derive(Default)]
struct Histogram {
    /// How many took at most each of [`BUCKETS`].
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// The counts, kept while the process runs.
#[derive(Default)]
pub struct Metrics {
    /// (route, method, status) → requests.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// route → latencies.
    latency: Mutex<BTreeMap<String, Histogram>>,
    list_hits: AtomicU64,
    list_misses: AtomicU64,
    /// Refusals (401 or 429) at the sign-in and at the exchange.
    refused_sign_ins: AtomicU64,
    refused_exchanges: AtomicU64,
}

impl Metrics {
    /// A kept list was handed out (`true`) or read and rendered again (`false`).
    pub fn list_read(&self, kept: bool) {
        let counter = if kept {
            &self.list_hits
        } else {
            &self.list_misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        *self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        {
            let mut latency = self.latency.lock().unwrap_or_else(|e| e.into_inner());
            let h = latency.entry(route.to_string()).or_default();
            for (i, bound) in BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    h.counts[i] += 1;
                }
            }
            h.sum += seconds;
            h.count += 1;
        }
        if status == 401 || status == 429 {
            use api_tokens_rules::wire::{EXCHANGE, SIGN_IN};
            if route.ends_with(SIGN_IN) {
                self.refused_sign_ins.fetch_add(1, Ordering::Relaxed);
            } else if route.ends_with(EXCHANGE) {
                self.refused_exchanges.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Everything, in the text format, with the pools as `service` sees them now.
    pub fn render(&self, service: &Service) -> String {
        let mut out = String::new();
        let name = "att_http_requests_total";
        let help = "HTTP requests answered, by route pattern, method and status.";
        head(&mut out, name, "counter", help);
        for ((route, method, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let route = escape(route);
            let labels = format!("route=\"{route}\",method=\"{method}\",status=\"{status}\"");
            let _ = writeln!(out, "{name}{{{labels}}} {n}");
        }
        let name = "att_http_request_duration_seconds";
        let help = "Time from a request's head to its answer's head, by route pattern.";
        head(&mut out, name, "histogram", help);
        for (route, h) in self
            .latency
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let route = escape(route);
            for (bound, n) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(out, "{name}_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}");
            }
            let count = h.count;
            let _ = writeln!(
                out,
                "{name}_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(out, "{name}_sum{{route=\"{route}\"}} {}", h.sum);
            let _ = writeln!(out, "{name}_count{{route=\"{route}\"}} {count}");
        }
        let stats = service.db_stats();
        by_label(
            &mut out,
            ("att_db_connections", "gauge"),
            "Database connections open: handed out (in_use) or free (idle).",
            "state",
            &[("in_use", stats.in_use.into()), ("idle", stats.idle.into())],
        );
        let name = "att_db_waiting";
        head(
            &mut out,
            name,
            "gauge",
            "Requests waiting for a database connection.",
        );
        let _ = writeln!(out, "{name} {}", stats.waiting);
        let load = |n: &AtomicU64| n.load(Ordering::Relaxed);
        by_label(
            &mut out,
            ("att_list_cache_total", "counter"),
            "Token lists handed out as kept (hit) or read and rendered again (miss).",
            "result",
            &[
                ("hit", load(&self.list_hits)),
                ("miss", load(&self.list_misses)),
            ],
        );
        by_label(
            &mut out,
            ("att_refused_total", "counter"),
            "Sign-ins and client-credentials exchanges refused (401, or 429 by a limit).",
            "door",
            &[
                ("sign-in", load(&self.refused_sign_ins)),
                ("exchange", load(&self.refused_exchanges)),
            ],
        );
        out
    }
}

/// A family's `# HELP` and `# TYPE` lines.
fn head(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A metric with one label and a sample for each of its fixed `values`.
fn by_label(
    out: &mut String,
    (name, kind): (&str, &str),
    help: &str,
    label: &str,
    values: &[(&str, u64)],
) {
    head(out, name, kind, help);
    for (value, n) in values {
        let _ = writeln!(out, "{name}{{{label}=\"{value}\"}} {n}");
    }
}

/// A label value as the text format writes it.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware of the whole app: counts each request under its route's pattern ("other" for
/// the SPA's files and anything no route matched).
pub async fn count(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("other", MatchedPath::as_str)
        .replace('{', ":")
        .replace('}', "");
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let took = started.elapsed().as_secs_f64();
    metrics.request(&route, &method, res.status().as_u16(), took);
    res
}

/// The metrics' own router (`GET /metrics`), for its own listener.
pub fn router(metrics: Arc<Metrics>, service: Service) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let body = metrics.render(&service);
            async move {
                let text = HeaderValue::from_static("text/plain; version=0.0.4");
                ([(header::CONTENT_TYPE, text)], body).into_response()
            }
        }),
    )
}
