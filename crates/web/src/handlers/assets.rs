//! Static assets, compiled into the binary (no CDN).

use axum::http::header;
use axum::response::IntoResponse;

const APP_CSS: &str = include_str!("../../assets/app.css");
const SEARCH_JS: &str = include_str!("../../assets/search.js");

/// `GET /static/app.css`.
pub async fn app_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        APP_CSS,
    )
}

/// `GET /static/search.js`: "/" focuses the search box in the navigation.
pub async fn search_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SEARCH_JS,
    )
}
