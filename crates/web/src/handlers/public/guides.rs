//! `GET /guides` (the route guides by group, the articles and news, and the search with
//! `?q=`) and `GET /guides/{route}` (one route's guide). Anyone may read them.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use serde::Deserialize;
use softland_domain::site::article::ArticleKind;
use tower_sessions::Session;

use crate::app::AppState;
use crate::commands::site::articles::all_published;
use crate::commands::site::guides::{guide, guides};
use crate::commands::site::search::PublicSearch;
use crate::error::AppError;
use crate::views::public::guides::{GuideGroup, GuidePage, GuidesPage};
use crate::views::public::{PageMeta, Section};
use crate::views::render;

/// The search box.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    q: Option<String>,
}

/// `GET /guides`, and the search's results with `?q=`.
pub async fn index(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<SearchQuery>,
) -> Result<Html<String>, AppError> {
    let q: String = query.q.unwrap_or_default().chars().take(200).collect();
    let results = if q.trim().is_empty() {
        None
    } else {
        Some(PublicSearch { q: q.clone() }.run(&state).await?)
    };
    let all = guides(&state).await?;
    let (articles, news) = all_published(&state)
        .await?
        .into_iter()
        .partition(|a| a.kind == ArticleKind::Guide);
    let meta = PageMeta::website(
        if results.is_some() {
            "Search the guides"
        } else {
            "Guides"
        },
        "Step-by-step guides for coming to Ostrava to work, study, do business or join your family, and practical articles on living here.",
        "/guides",
    );
    render(&GuidesPage {
        chrome: super::chrome(&state, &session, Some(Section::Guides), meta).await?,
        groups: GuideGroup::all(&all.all),
        articles,
        news,
        q,
        results,
    })
}

/// `GET /guides/{route}`.
pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(route): Path<String>,
) -> Result<Html<String>, AppError> {
    let guide = guide(&state, &route).await?;
    let meta = PageMeta::article(
        guide.headline.clone(),
        guide.summary.chars().take(300).collect::<String>(),
        format!("/guides/{}", guide.route),
    );
    render(&GuidePage {
        chrome: super::chrome(&state, &session, Some(Section::Guides), meta).await?,
        guide,
    })
}
