//! `/articles`: the public site's articles for admin tokens (others get 403) — list, write,
//! read, save a new version / publish / unpublish with one `PATCH` (its `action`), the version
//! history — and `/public/search`, the public search, which needs no token.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath, ApiQuery};
use super::precondition::header_value;
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::site::articles::{
    self as cmd, ArticleInput, ArticleQuery, ArticleView, CreateArticle, SaveAction, SaveArticle,
    UnpublishArticle,
};
use crate::commands::site::search::{PublicSearch, ResultKind};
use crate::db::site::articles::{Article, ArticleState, StoredVersion};
use crate::ids::ArticleId;

/// An article as staff read it: its newest version and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleOut {
    /// Id.
    pub id: i64,
    /// The newest version's address (`/articles/<slug>` once that version is published).
    pub slug: String,
    /// The address the public reads it at while it is published: the published version's,
    /// which a newer draft does not change until it is published.
    pub published_slug: Option<String>,
    /// The newest version's kind: `guide` or `news`.
    pub kind: String,
    /// `draft`, `published` or `changed` (published, with a newer version not yet published).
    pub state: String,
    /// The newest version's number.
    pub latest_version: i64,
    /// The published version's number.
    pub published_version: Option<i64>,
    /// The newest version's title.
    pub title: String,
    /// The newest version's summary.
    pub summary: String,
    /// The newest version's Markdown.
    pub body: String,
    /// The newest version's partner kinds' keys ("who can help").
    pub partner_kinds: Vec<String>,
    /// The record's version (send it back with a change).
    pub version: i64,
}

fn state_name(state: ArticleState) -> &'static str {
    match state {
        ArticleState::Draft => "draft",
        ArticleState::Published => "published",
        ArticleState::Changed => "changed",
    }
}

impl From<ArticleView> for ArticleOut {
    fn from(v: ArticleView) -> Self {
        let a: Article = v.article;
        Self {
            id: a.id.0,
            state: state_name(a.state()).to_owned(),
            kind: a.kind.map_or_else(String::new, |k| k.as_str().to_owned()),
            slug: a.slug,
            published_slug: a.published_slug,
            latest_version: a.latest_number,
            published_version: a.published_number,
            title: v.latest.text.title,
            summary: v.latest.text.summary,
            body: v.latest.text.body,
            partner_kinds: a.partner_kinds,
            version: a.version,
        }
    }
}

/// A list of articles.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleList {
    /// Every article, the latest changed first (id, slug, state and newest title).
    pub articles: Vec<ArticleSummaryOut>,
}

/// An article in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleSummaryOut {
    /// Id.
    pub id: i64,
    /// Address.
    pub slug: String,
    /// `draft`, `published` or `changed`.
    pub state: String,
    /// The newest version's title.
    pub title: String,
    /// The record's version.
    pub version: i64,
}

/// A new article.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ArticleIn {
    /// Address (lowercase a–z, 0–9, single hyphens; 2–80).
    pub slug: String,
    /// `guide` or `news`.
    pub kind: String,
    /// Title (1–200 characters).
    pub title: String,
    /// Summary (1–300 characters).
    pub summary: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    /// Partner kinds' keys.
    #[serde(default)]
    pub partner_kinds: Vec<String>,
    /// Publish at once (default: a draft).
    #[serde(default)]
    pub publish: bool,
}

/// A change to an article: `action` says what; the fields not sent keep the newest version's.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ArticlePatch {
    /// The record's version the change was made against (a stale one is 409).
    pub version: i64,
    /// `save` (a new draft version), `publish` (a new version, published) or `unpublish`.
    pub action: String,
    /// Address.
    pub slug: Option<String>,
    /// `guide` or `news`.
    pub kind: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Markdown.
    pub body: Option<String>,
    /// Partner kinds' keys.
    pub partner_kinds: Option<Vec<String>>,
}

/// A saved version.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleVersionOut {
    /// Its number.
    pub number: i64,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Markdown.
    pub body: String,
    /// When it was saved.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<StoredVersion> for ArticleVersionOut {
    fn from(v: StoredVersion) -> Self {
        Self {
            number: v.number,
            title: v.text.title,
            summary: v.text.summary,
            body: v.text.body,
            created_at: v.created_at,
        }
    }
}

/// An article's versions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleVersionList {
    /// The newest first.
    pub versions: Vec<ArticleVersionOut>,
}

fn answer(status: StatusCode, view: ArticleView) -> Response {
    let tag = header_value(&format!(
        "\"article-{}-v{}\"",
        view.article.id, view.article.version
    ));
    (status, [(header::ETAG, tag)], Json(ArticleOut::from(view))).into_response()
}

/// List the articles (admin tokens).
#[utoipa::path(get, path = "/articles", operation_id = "list_articles", tag = "public site",
    responses((status = 200, description = "Every article", body = ArticleList)))]
pub async fn list(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
) -> Result<Json<ArticleList>, ApiError> {
    let found = cmd::list(&state, &Actor::of(&caller.user)).await?;
    Ok(Json(ArticleList {
        articles: found
            .into_iter()
            .map(|(a, title)| ArticleSummaryOut {
                id: a.id.0,
                state: state_name(a.state()).to_owned(),
                slug: a.slug,
                title,
                version: a.version,
            })
            .collect(),
    }))
}

/// Write an article (admin tokens): a draft, or published with `publish: true`.
#[utoipa::path(post, path = "/articles", operation_id = "create_article", tag = "public site",
    request_body = ArticleIn,
    responses((status = 201, description = "The article", body = ArticleOut)))]
pub async fn create(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiJson(body): ApiJson<ArticleIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let command = CreateArticle {
        input: ArticleInput {
            slug: body.slug,
            kind: body.kind,
            title: body.title,
            summary: body.summary,
            body: body.body,
            partner_kinds: body.partner_kinds,
        },
        action: if body.publish {
            SaveAction::Publish
        } else {
            SaveAction::Draft
        },
    };
    let id = command.run(&state, &actor).await?;
    let view = ArticleQuery { id }.run(&state, &actor).await?;
    Ok(answer(StatusCode::CREATED, view))
}

/// Read an article (admin tokens).
#[utoipa::path(get, path = "/articles/{id}", operation_id = "get_article", tag = "public site",
    params(("id" = i64, Path, description = "The article")),
    responses((status = 200, description = "The article", body = ArticleOut)))]
pub async fn show(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<ArticleId>,
) -> Result<Response, ApiError> {
    let view = ArticleQuery { id }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(answer(StatusCode::OK, view))
}

/// Save a new version, publish, or unpublish an article (admin tokens).
#[utoipa::path(patch, path = "/articles/{id}", operation_id = "change_article", tag = "public site",
    params(("id" = i64, Path, description = "The article")),
    request_body = ArticlePatch,
    responses((status = 200, description = "The article", body = ArticleOut)))]
pub async fn update(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<ArticleId>,
    ApiJson(p): ApiJson<ArticlePatch>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let action = match p.action.as_str() {
        "save" => SaveAction::Draft,
        "publish" => SaveAction::Publish,
        "unpublish" => {
            UnpublishArticle {
                id,
                version: p.version,
            }
            .run(&state, &actor)
            .await?;
            let view = ArticleQuery { id }.run(&state, &actor).await?;
            return Ok(answer(StatusCode::OK, view));
        }
        _ => {
            return Err(ApiError::invalid(
                "action",
                "choose save, publish or unpublish".to_owned(),
            ));
        }
    };
    let now = ArticleQuery { id }.run(&state, &actor).await?;
    let stored = ArticleInput::of(&now.article, &now.latest.text);
    let input = ArticleInput {
        slug: p.slug.unwrap_or(stored.slug),
        kind: p.kind.unwrap_or(stored.kind),
        title: p.title.unwrap_or(stored.title),
        summary: p.summary.unwrap_or(stored.summary),
        body: p.body.unwrap_or(stored.body),
        partner_kinds: p.partner_kinds.unwrap_or(stored.partner_kinds),
    };
    SaveArticle {
        id,
        version: p.version,
        input,
        action,
    }
    .run(&state, &actor)
    .await?;
    let view = ArticleQuery { id }.run(&state, &actor).await?;
    Ok(answer(StatusCode::OK, view))
}

/// An article's versions, the newest first (admin tokens).
#[utoipa::path(get, path = "/articles/{id}/versions", operation_id = "list_article_versions", tag = "public site",
    params(("id" = i64, Path, description = "The article")),
    responses((status = 200, description = "Its versions", body = ArticleVersionList)))]
pub async fn versions(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<ArticleId>,
) -> Result<Json<ArticleVersionList>, ApiError> {
    let (_, versions) = cmd::versions(&state, &Actor::of(&caller.user), id).await?;
    Ok(Json(ArticleVersionList {
        versions: versions.into_iter().map(Into::into).collect(),
    }))
}

/// The query of the public search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicSearchParams {
    /// Words to find (anything may be typed; only letters and digits count).
    pub q: Option<String>,
}

/// A result of the public search.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicSearchHit {
    /// `guide` or `article`.
    pub kind: String,
    /// Its page (`/guides/study`).
    pub path: String,
    /// Its title.
    pub title: String,
    /// Part of its text, plain (the matched words are not marked).
    pub snippet: String,
}

/// The public search's results.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicSearchResults {
    /// The best first.
    pub results: Vec<PublicSearchHit>,
}

/// Search the public guides and published articles. No token needed.
#[utoipa::path(get, path = "/public/search", operation_id = "public_search", tag = "public site", security(()),
    params(PublicSearchParams),
    responses((status = 200, description = "The results", body = PublicSearchResults)))]
pub async fn public_search(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<PublicSearchParams>,
) -> Result<Json<PublicSearchResults>, ApiError> {
    let q: String = p.q.unwrap_or_default().chars().take(200).collect();
    let found = PublicSearch { q }.run(&state).await?;
    Ok(Json(PublicSearchResults {
        results: found
            .into_iter()
            .map(|r| PublicSearchHit {
                kind: match r.kind {
                    ResultKind::Guide => "guide",
                    ResultKind::Article => "article",
                }
                .to_owned(),
                path: r.path,
                title: r.title,
                snippet: r.snippet.into_iter().map(|p| p.text).collect(),
            })
            .collect(),
    }))
}
