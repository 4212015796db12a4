//! Prometheus metrics: requests by method, route and status, a latency histogram, the
//! database pool. Every label comes from a fixed set (methods from [`MethodLabel`], routes
//! from the router's patterns, statuses are three digits), so no request can grow the
//! counters' memory: an invented 50 KB method is counted as `other`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// The method label: the standard methods by name, anything else as `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MethodLabel {
    /// GET.
    Get,
    /// HEAD.
    Head,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
    /// OPTIONS.
    Options,
    /// Any other method, however long.
    Other,
}

impl MethodLabel {
    /// The label of `method`.
    pub fn of(method: &axum::http::Method) -> Self {
        use axum::http::Method;
        match *method {
            Method::GET => Self::Get,
            Method::HEAD => Self::Head,
            Method::POST => Self::Post,
            Method::PUT => Self::Put,
            Method::PATCH => Self::Patch,
            Method::DELETE => Self::Delete,
            Method::OPTIONS => Self::Options,
            _ => Self::Other,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Head => "HEAD",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Other => "other",
        }
    }
}

/// The route label: a pattern of the router (`&'static`-like: the router's own strings,
/// bounded by the route table) or `unmatched`.
type RouteLabel = std::sync::Arc<str>;

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(MethodLabel, RouteLabel, u16), u64>,
    latency: BTreeMap<RouteLabel, Histogram>,
}

/// Counters kept in memory since start (per instance, as Prometheus expects).
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    fn record(&self, method: MethodLabel, route: &str, status: u16, seconds: f64) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let route: RouteLabel = inner
            .latency
            .get_key_value(route)
            .map_or_else(|| RouteLabel::from(route), |(k, _)| RouteLabel::clone(k));
        *inner
            .requests
            .entry((method, RouteLabel::clone(&route), status))
            .or_default() += 1;
        let h = inner.latency.entry(route).or_default();
        h.count += 1;
        h.sum += seconds;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.counts[i] += 1;
            }
        }
    }

    /// The Prometheus text exposition, with the pool's size and idle connections.
    pub fn render(&self, pool_size: u32, pool_idle: usize) -> String {
        let mut out = String::new();
        let Ok(inner) = self.inner.lock() else {
            return out;
        };
        out.push_str(
            "# HELP softland_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE softland_http_requests_total counter\n");
        for ((method, route, status), n) in &inner.requests {
            let method = method.as_str();
            let _ = writeln!(
                out,
                "softland_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str("# HELP softland_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE softland_http_request_duration_seconds histogram\n");
        for (route, h) in &inner.latency {
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "softland_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "softland_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "softland_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "softland_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP softland_db_pool_connections Open database connections.\n");
        out.push_str("# TYPE softland_db_pool_connections gauge\n");
        let _ = writeln!(out, "softland_db_pool_connections {pool_size}");
        out.push_str("# HELP softland_db_pool_idle_connections Idle database connections.\n");
        out.push_str("# TYPE softland_db_pool_idle_connections gauge\n");
        let _ = writeln!(out, "softland_db_pool_idle_connections {pool_idle}");
        out
    }
}

/// The group commit's counters (SQLite: `Db::write_batches`); nothing on PostgreSQL.
pub fn write_batches(counts: Option<(u64, u64)>) -> String {
    let Some((batches, changes)) = counts else {
        return String::new();
    };
    format!(
        "# HELP softland_write_batches_total Commits of batched changes (group commit).\n\
         # TYPE softland_write_batches_total counter\n\
         softland_write_batches_total {batches}\n\
         # HELP softland_write_batched_changes_total Changes saved in those commits.\n\
         # TYPE softland_write_batched_changes_total counter\n\
         softland_write_batched_changes_total {changes}\n"
    )
}

/// The daily sweeps' counters (`db::purge::SweepCounts`).
pub fn daily_sweeps(sweeps: crate::db::purge::Sweeps) -> String {
    format!(
        "# HELP softland_daily_sweeps_total Daily sweeps of recurring duties and renewals that ended.\n\
         # TYPE softland_daily_sweeps_total counter\n\
         softland_daily_sweeps_total {}\n\
         # HELP softland_daily_sweep_items_added_total Items those sweeps added.\n\
         # TYPE softland_daily_sweep_items_added_total counter\n\
         softland_daily_sweep_items_added_total {}\n\
         # HELP softland_daily_sweeps_failed_total Daily sweeps that failed (tried again at the next tick).\n\
         # TYPE softland_daily_sweeps_failed_total counter\n\
         softland_daily_sweeps_failed_total {}\n",
        sweeps.finished, sweeps.added, sweeps.failed
    )
}

/// Middleware: times every request and counts it under its route pattern (never the raw
/// path, so ids do not explode the label set) and its method's label.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = MethodLabel::of(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    state.metrics.record(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}
