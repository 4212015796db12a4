//! `GET /articles/{slug}`: a published article (guide or news). A draft, or an article
//! taken off the site, is not found — for everyone, signed in or not.

use axum::extract::{Path, State};
use axum::response::Html;
use tower_sessions::Session;

use crate::app::AppState;
use crate::commands::site::articles::published;
use crate::commands::site::guides::Helper;
use crate::db::partners;
use crate::error::AppError;
use crate::views::public::articles::ArticlePage;
use crate::views::public::{PageMeta, Section};
use crate::views::render;

/// `GET /articles/{slug}`.
pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let article = published(&state, &slug).await?;
    let kinds = partners::kinds(&state.db).await?;
    let helpers = kinds
        .into_iter()
        .filter(|k| article.partner_kinds.contains(&k.slug))
        .map(|k| Helper {
            name: k.name,
            slug: k.slug,
        })
        .collect();
    let meta = PageMeta::article(
        article.title.clone(),
        article.summary.clone(),
        format!("/articles/{}", article.slug),
    );
    render(&ArticlePage {
        chrome: super::chrome(&state, &session, Some(Section::Guides), meta).await?,
        published: article.published_at.format("%-d %B %Y").to_string(),
        article,
        helpers,
    })
}
