//! Static assets, compiled into the binary (no CDN).

use axum::http::header;
use axum::response::IntoResponse;

const APP_CSS: &str = include_str!("../../assets/app.css");
const APP_JS: &str = include_str!("../../assets/app.js");
const SEARCH_JS: &str = include_str!("../../assets/search.js");

/// An asset of `content_type`, cached for an hour.
fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

/// `GET /static/app.css`.
pub async fn app_css() -> impl IntoResponse {
    asset("text/css; charset=utf-8", APP_CSS)
}

/// `GET /static/app.js`: the case page's progressive enhancement (every form works without).
pub async fn app_js() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", APP_JS)
}

/// `GET /static/search.js`: "/" focuses the search box in the navigation.
pub async fn search_js() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", SEARCH_JS)
}
