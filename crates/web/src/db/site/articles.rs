//! Articles of the public site: every saved version's Markdown, address, kind and partner
//! kinds in `article_versions`, and the published one copied (as clean HTML, with its address,
//! kind and partner kinds) into the article row, so that a public page reads one row and a
//! draft changes nothing public until it is published. An article never published keeps its
//! newest draft's values in the row. A save is checked against the version the form was made
//! from.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use softland_domain::site::article::{ArticleKind, Slug};

use crate::audit::AuditAction;
use crate::db::entities::{article_versions, articles};
use crate::db::history::record;
use crate::db::site::search::{self, SearchDoc};
use crate::db::vocabulary::{article_kind, article_kind_from};
use crate::db::{Db, DbError};
use crate::ids::{ArticleId, UserId};

/// Where an article stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleState {
    /// Never published, or unpublished.
    Draft,
    /// The newest version is the published one.
    Published,
    /// Published, with a newer version not yet published.
    Changed,
}

impl ArticleState {
    /// Words for the list.
    pub fn label(self) -> &'static str {
        match self {
            ArticleState::Draft => "Draft",
            ArticleState::Published => "Published",
            ArticleState::Changed => "Published, with unpublished changes",
        }
    }
}

/// The text of one saved version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionText {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Markdown.
    pub body: String,
}

/// What a save writes.
#[derive(Debug, Clone)]
pub struct ArticleDraft {
    /// Its address.
    pub slug: Slug,
    /// Guide or news.
    pub kind: ArticleKind,
    /// The partner kinds (slugs) that can help, for "Who can help".
    pub partner_kinds: Vec<String>,
    /// The text.
    pub text: VersionText,
}

/// An article as staff edit it: its newest version's address, kind and partner kinds (a
/// draft's, when there is one), and where the public reads it.
#[derive(Debug, Clone)]
pub struct Article {
    /// Id.
    pub id: ArticleId,
    /// Its newest version's address.
    pub slug: String,
    /// Its newest version's kind: guide or news (`None` for a stored value this version of
    /// the application does not know).
    pub kind: Option<ArticleKind>,
    /// Its newest version's partner kinds' slugs.
    pub partner_kinds: Vec<String>,
    /// The address the public reads it at, while it is published (until a draft with another
    /// address is published).
    pub published_slug: Option<String>,
    /// The newest version's number.
    pub latest_number: i64,
    /// The published version's number.
    pub published_number: Option<i64>,
    /// The row's version (optimistic checks).
    pub version: i64,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Article {
    /// Where it stands.
    pub fn state(&self) -> ArticleState {
        match self.published_number {
            None => ArticleState::Draft,
            Some(n) if n == self.latest_number => ArticleState::Published,
            Some(_) => ArticleState::Changed,
        }
    }
}

/// A saved version.
#[derive(Debug, Clone)]
pub struct StoredVersion {
    /// Its number, from 1.
    pub number: i64,
    /// Its text.
    pub text: VersionText,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// A published article as the public reads it.
#[derive(Debug, Clone)]
pub struct PublishedArticle {
    /// Address.
    pub slug: String,
    /// Guide or news.
    pub kind: ArticleKind,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Clean HTML.
    pub body_html: String,
    /// Partner kinds' slugs.
    pub partner_kinds: Vec<String>,
    /// First published.
    pub published_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

fn kinds_text(kinds: &[String]) -> String {
    kinds.join(",")
}

fn kinds_of(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The article row `m` with its newest version `latest` (whose address, kind and partner
/// kinds are the ones staff edit).
fn to_article(m: &articles::Model, latest: Option<&article_versions::Model>) -> Article {
    let (slug, kind, partner_kinds) = match latest {
        Some(v) if !v.slug.is_empty() => {
            (v.slug.clone(), v.kind.as_str(), v.partner_kinds.as_str())
        }
        _ => (m.slug.clone(), m.kind.as_str(), m.partner_kinds.as_str()),
    };
    Article {
        id: ArticleId(m.id),
        kind: article_kind_from(kind),
        partner_kinds: kinds_of(partner_kinds),
        published_slug: m.published_number.map(|_| m.slug.clone()),
        slug,
        latest_number: m.latest_number,
        published_number: m.published_number,
        version: m.version,
        updated_at: m.updated_at.to_utc(),
    }
}

fn to_published(m: articles::Model) -> Option<PublishedArticle> {
    m.published_number?;
    Some(PublishedArticle {
        kind: article_kind_from(&m.kind)?,
        slug: m.slug,
        title: m.title,
        summary: m.summary,
        body_html: m.body_html,
        partner_kinds: kinds_of(&m.partner_kinds),
        published_at: m.published_at?.to_utc(),
        updated_at: m.updated_at.to_utc(),
    })
}

fn changed_meanwhile(at: DateTime<Utc>) -> DbError {
    DbError::Conflict(crate::db::cases::ChangedMeanwhile { by: None, at })
}

/// Every article, the latest changed first.
pub async fn list(db: &Db) -> Result<Vec<(Article, String)>, DbError> {
    let rows = crate::db::all(
        articles::Entity::find().order_by_desc(articles::Column::UpdatedAt),
        db.conn(),
    )
    .await?;
    let latest = crate::db::all(
        article_versions::Entity::find().order_by_asc(article_versions::Column::Number),
        db.conn(),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let newest = latest
                .iter()
                .rfind(|v| v.article_id == m.id && v.number == m.latest_number);
            let title = newest.map(|v| v.title.clone()).unwrap_or_default();
            (to_article(&m, newest), title)
        })
        .collect())
}

/// Article `id`.
pub async fn get(db: &Db, id: ArticleId) -> Result<Article, DbError> {
    let row = crate::db::first(articles::Entity::find_by_id(id.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    let newest = newest_version(db.conn(), &row).await?;
    Ok(to_article(&row, newest.as_ref()))
}

/// The newest version of the article `row`.
async fn newest_version(
    conn: &impl crate::db::ReadRows,
    row: &articles::Model,
) -> Result<Option<article_versions::Model>, DbError> {
    Ok(crate::db::first(
        article_versions::Entity::find()
            .filter(article_versions::Column::ArticleId.eq(row.id))
            .filter(article_versions::Column::Number.eq(row.latest_number)),
        conn,
    )
    .await?)
}

/// Article `id`'s versions, the newest first.
pub async fn versions(db: &Db, id: ArticleId) -> Result<Vec<StoredVersion>, DbError> {
    let rows = crate::db::all(
        article_versions::Entity::find()
            .filter(article_versions::Column::ArticleId.eq(id.0))
            .order_by_desc(article_versions::Column::Number),
        db.conn(),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|v| StoredVersion {
            number: v.number,
            text: VersionText {
                title: v.title,
                summary: v.summary,
                body: v.body,
            },
            created_at: v.created_at.to_utc(),
        })
        .collect())
}

/// Version `number` of article `id`.
pub async fn version(db: &Db, id: ArticleId, number: i64) -> Result<StoredVersion, DbError> {
    versions(db, id)
        .await?
        .into_iter()
        .find(|v| v.number == number)
        .ok_or(DbError::NotFound)
}

/// Whether another article than `except` has `slug`: as its published address (or, never
/// published, its draft's), or as the address of its newest draft, waiting to be published.
pub async fn slug_taken(db: &Db, slug: &str, except: Option<ArticleId>) -> Result<bool, DbError> {
    let other = |id: i64| Some(ArticleId(id)) != except;
    let rows = crate::db::all(
        articles::Entity::find().filter(articles::Column::Slug.eq(slug)),
        db.conn(),
    )
    .await?;
    if rows.iter().any(|m| other(m.id)) {
        return Ok(true);
    }
    let versions = crate::db::all(
        article_versions::Entity::find().filter(article_versions::Column::Slug.eq(slug)),
        db.conn(),
    )
    .await?;
    let ids: Vec<i64> = versions
        .iter()
        .map(|v| v.article_id)
        .filter(|id| other(*id))
        .collect();
    if ids.is_empty() {
        return Ok(false);
    }
    let owners = crate::db::all(
        articles::Entity::find().filter(articles::Column::Id.is_in(ids)),
        db.conn(),
    )
    .await?;
    Ok(versions.iter().any(|v| {
        owners
            .iter()
            .any(|a| a.id == v.article_id && a.latest_number == v.number)
    }))
}

/// The published article at `slug`.
pub async fn published_by_slug(db: &Db, slug: &str) -> Result<Option<PublishedArticle>, DbError> {
    let found = crate::db::first(
        articles::Entity::find()
            .filter(articles::Column::Slug.eq(slug))
            .filter(articles::Column::PublishedNumber.is_not_null()),
        db.conn(),
    )
    .await?;
    Ok(found.and_then(to_published))
}

/// Every published article, the newest first.
pub async fn published(db: &Db) -> Result<Vec<PublishedArticle>, DbError> {
    let rows = crate::db::all(
        articles::Entity::find()
            .filter(articles::Column::PublishedNumber.is_not_null())
            .order_by_desc(articles::Column::PublishedAt)
            .order_by_desc(articles::Column::Id),
        db.conn(),
    )
    .await?;
    Ok(rows.into_iter().filter_map(to_published).collect())
}

/// How a save ends: a draft, or published with this clean HTML of the body.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A new draft version.
    Draft,
    /// The new version published, its body as clean HTML and plain text (for search).
    Publish {
        /// Clean HTML.
        html: String,
        /// Plain text.
        text: String,
    },
}

/// Adds an article with its first version; returns its id.
pub async fn create(
    db: &Db,
    draft: &ArticleDraft,
    outcome: &Outcome,
    actor: UserId,
) -> Result<ArticleId, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let model = articles::ActiveModel {
        slug: Set(draft.slug.to_string()),
        kind: Set(article_kind(draft.kind).to_owned()),
        partner_kinds: Set(kinds_text(&draft.partner_kinds)),
        latest_number: Set(0),
        created_at: Set(now),
        created_by: Set(Some(actor.0)),
        updated_at: Set(now),
        updated_by: Set(Some(actor.0)),
        version: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let id = ArticleId(model.id);
    write_version(&txn, id, 0, draft, outcome, actor).await?;
    txn.commit().await?;
    Ok(id)
}

/// Saves a new version of article `id`, if it is still at `version`; returns the new
/// version.
pub async fn save(
    db: &Db,
    id: ArticleId,
    version: i64,
    draft: &ArticleDraft,
    outcome: &Outcome,
    actor: UserId,
) -> Result<i64, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let new_version = write_version(&txn, id, version, draft, outcome, actor).await?;
    txn.commit().await?;
    Ok(new_version)
}

async fn current(
    txn: &DatabaseTransaction,
    id: ArticleId,
    version: i64,
) -> Result<articles::Model, DbError> {
    let row = crate::db::first(articles::Entity::find_by_id(id.0), txn)
        .await?
        .ok_or(DbError::NotFound)?;
    if row.version != version {
        return Err(changed_meanwhile(row.updated_at.to_utc()));
    }
    Ok(row)
}

async fn write_version(
    txn: &DatabaseTransaction,
    id: ArticleId,
    version: i64,
    draft: &ArticleDraft,
    outcome: &Outcome,
    actor: UserId,
) -> Result<i64, DbError> {
    let now = Utc::now().fixed_offset();
    let row = current(txn, id, version).await?;
    let number = row.latest_number + 1;
    article_versions::ActiveModel {
        article_id: Set(id.0),
        number: Set(number),
        title: Set(draft.text.title.clone()),
        summary: Set(draft.text.summary.clone()),
        body: Set(draft.text.body.clone()),
        created_at: Set(now),
        created_by: Set(Some(actor.0)),
        slug: Set(draft.slug.to_string()),
        kind: Set(article_kind(draft.kind).to_owned()),
        partner_kinds: Set(kinds_text(&draft.partner_kinds)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut model = articles::ActiveModel {
        latest_number: Set(number),
        updated_at: Set(now),
        updated_by: Set(Some(actor.0)),
        version: Set(version + 1),
        ..Default::default()
    };
    // The row's address, kind and partner kinds are the public's: a draft of a published
    // article leaves them (and the search index) alone until it is published.
    let public = row.published_number.is_none() || matches!(outcome, Outcome::Publish { .. });
    if public {
        model.slug = Set(draft.slug.to_string());
        model.kind = Set(article_kind(draft.kind).to_owned());
        model.partner_kinds = Set(kinds_text(&draft.partner_kinds));
    }
    let what = match outcome {
        Outcome::Draft => format!("Version {number} saved as a draft"),
        Outcome::Publish { html, text } => {
            model.published_number = Set(Some(number));
            model.title = Set(draft.text.title.clone());
            model.summary = Set(draft.text.summary.clone());
            model.body_html = Set(html.clone());
            model.published_at = Set(Some(row.published_at.unwrap_or(now)));
            let doc = SearchDoc::article(draft.slug.as_str(), &draft.text, text);
            search::remove_in(txn, search::ARTICLE, &row.slug).await?;
            search::put_in(txn, &doc).await?;
            format!("Version {number} published")
        }
    };
    update(txn, id, version, model).await?;
    record(
        txn,
        None,
        Some(actor),
        AuditAction::ArticleChanged,
        &draft.text.title,
        Some(what),
    )
    .await?;
    Ok(version + 1)
}

async fn update(
    txn: &DatabaseTransaction,
    id: ArticleId,
    version: i64,
    model: articles::ActiveModel,
) -> Result<(), DbError> {
    let updated = articles::Entity::update_many()
        .set(model)
        .filter(articles::Column::Id.eq(id.0))
        .filter(articles::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(changed_meanwhile(Utc::now()));
    }
    Ok(())
}

/// Takes article `id` off the public site (its versions stay), if it is still at `version`.
pub async fn unpublish(
    db: &Db,
    id: ArticleId,
    version: i64,
    actor: UserId,
) -> Result<i64, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = current(&txn, id, version).await?;
    let mut model = articles::ActiveModel {
        published_number: Set(None),
        updated_at: Set(Utc::now().fixed_offset()),
        updated_by: Set(Some(actor.0)),
        version: Set(version + 1),
        ..Default::default()
    };
    // Off the public site, the row takes its newest draft's values again.
    if let Some(newest) = newest_version(&txn, &row).await?
        && !newest.slug.is_empty()
    {
        model.slug = Set(newest.slug);
        model.kind = Set(newest.kind);
        model.partner_kinds = Set(newest.partner_kinds);
    }
    update(&txn, id, version, model).await?;
    search::remove_in(&txn, search::ARTICLE, &row.slug).await?;
    let title = if row.title.is_empty() {
        row.slug.clone()
    } else {
        row.title.clone()
    };
    record(
        &txn,
        None,
        Some(actor),
        AuditAction::ArticleChanged,
        &title,
        Some("Unpublished".to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(version + 1)
}
