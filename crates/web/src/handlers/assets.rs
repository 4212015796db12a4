//! Static assets, compiled into the binary (no CDN).

use axum::http::header;
use axum::response::IntoResponse;

const APP_CSS: &str = include_str!("../../assets/app.css");

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

const APP_JS: &str = include_str!("../../assets/app.js");

/// `GET /static/app.js`: the case page's progressive enhancement (every form works without).
pub async fn app_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        APP_JS,
    )
}
