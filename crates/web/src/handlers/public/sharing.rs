//! `GET /sitemap.xml`, `GET /robots.txt` and `GET /feed.atom` (news articles and upcoming
//! events): for search engines and feed readers, with absolute addresses from the public
//! address.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use softland_domain::site::article::ArticleKind;

use crate::app::AppState;
use crate::commands::events::next_published;
use crate::commands::site::articles::all_published;
use crate::commands::site::guides::guides;
use crate::commands::site::site_settings;
use crate::error::AppError;
use crate::views::public::sharing::{self, FeedEntry, SitemapEntry};

/// The most upcoming events listed.
const EVENTS_LISTED: usize = 100;

fn base(state: &AppState) -> String {
    state.config.base_url().trim_end_matches('/').to_owned()
}

fn answer(content_type: &'static str, body: String) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// `GET /sitemap.xml`.
pub async fn sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    let page = |path: &str| SitemapEntry {
        path: path.to_owned(),
        lastmod: None,
    };
    let mut entries = vec![
        page("/"),
        page("/guides"),
        page("/events"),
        page("/calculator"),
        page("/contact"),
        page("/directory"),
    ];
    for g in &guides(&state).await?.all {
        entries.push(page(&format!("/guides/{}", g.route)));
    }
    for a in all_published(&state).await? {
        entries.push(SitemapEntry {
            path: format!("/articles/{}", a.slug),
            lastmod: Some(a.updated_at),
        });
    }
    for e in next_published(&state, EVENTS_LISTED).await? {
        entries.push(SitemapEntry {
            path: format!("/events/{}", e.id),
            lastmod: Some(e.updated_at),
        });
    }
    Ok(answer(
        "application/xml; charset=utf-8",
        sharing::sitemap(&base(&state), &entries),
    ))
}

/// `GET /robots.txt`.
pub async fn robots(State(state): State<AppState>) -> Response {
    answer("text/plain; charset=utf-8", sharing::robots(&base(&state)))
}

/// `GET /feed.atom`: the news, then the upcoming events.
pub async fn feed(State(state): State<AppState>) -> Result<Response, AppError> {
    let mut entries: Vec<FeedEntry> = all_published(&state)
        .await?
        .into_iter()
        .filter(|a| a.kind == ArticleKind::News)
        .map(|a| FeedEntry {
            path: format!("/articles/{}", a.slug),
            title: a.title,
            summary: a.summary,
            published: a.published_at,
            updated: a.updated_at,
        })
        .collect();
    let zone = state.config.time_zone;
    for e in next_published(&state, EVENTS_LISTED).await? {
        let when = crate::views::public::event_time(e.starts_at, e.ends_at, zone);
        entries.push(FeedEntry {
            path: format!("/events/{}", e.id),
            title: format!("{}: {}", e.kind.label(), e.title),
            summary: format!("{when}. {}", e.summary),
            published: e.updated_at,
            updated: e.updated_at,
        });
    }
    let site = site_settings(&state).await?;
    Ok(answer(
        "application/atom+xml; charset=utf-8",
        sharing::atom(&base(&state), &site.name, &entries),
    ))
}
