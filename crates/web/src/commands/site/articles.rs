//! Articles of the public site (guides and news in Markdown). Admins write them: every save
//! is a new version, publishing copies a version's clean HTML to the public page, and an
//! older version can be restored as a new draft. The public reads the published copy only.

use softland_domain::site::article::{self, ArticleKind, Slug};

use super::super::{Actor, CommandError, FieldErrors};
use crate::app::AppState;
use crate::db::site::articles::{
    self as store, Article, ArticleDraft, Outcome, PublishedArticle, StoredVersion, VersionText,
};
use crate::ids::ArticleId;
use crate::views::markdown;

/// An article's fields as typed (a form or the API).
#[derive(Debug, Clone, Default)]
pub struct ArticleInput {
    /// Its address.
    pub slug: String,
    /// `guide` or `news`.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Markdown.
    pub body: String,
    /// Partner kinds' slugs ("who can help").
    pub partner_kinds: Vec<String>,
}

impl ArticleInput {
    /// The stored article with `text` as its fields.
    pub fn of(article: &Article, text: &VersionText) -> Self {
        Self {
            slug: article.slug.clone(),
            kind: article
                .kind
                .map_or_else(String::new, |k| k.as_str().to_owned()),
            title: text.title.clone(),
            summary: text.summary.clone(),
            body: text.body.clone(),
            partner_kinds: article.partner_kinds.clone(),
        }
    }

    /// Checks every field: the draft, or each mistake by its field's name.
    async fn parse(
        &self,
        state: &AppState,
        except: Option<ArticleId>,
    ) -> Result<ArticleDraft, CommandError> {
        let mut errors = FieldErrors::new();
        let mut note = |field: &str, r: Result<String, article::ArticleProblem>| {
            r.map_err(|e| errors.add(field, e.to_string())).ok()
        };
        let title = note("title", article::parse_title(&self.title));
        let summary = note("summary", article::parse_summary(&self.summary));
        let body = note("body", article::parse_body(&self.body));
        let kind = ArticleKind::parse(&self.kind)
            .map_err(|e| errors.add("kind", e.to_string()))
            .ok();
        let slug = match Slug::parse(&self.slug) {
            Ok(slug) => match slug_clash(state, &slug, except).await? {
                Some(why) => {
                    errors.add("slug", why);
                    None
                }
                None => Some(slug),
            },
            Err(e) => {
                errors.add("slug", e.to_string());
                None
            }
        };
        let known = crate::db::partners::kinds(&state.db).await?;
        let mut partner_kinds: Vec<String> = Vec::new();
        for k in &self.partner_kinds {
            let k = k.trim();
            if known.iter().any(|kind| kind.slug == k) {
                if !partner_kinds.iter().any(|p| p == k) {
                    partner_kinds.push(k.to_owned());
                }
            } else if !k.is_empty() {
                errors.add("partner_kinds", format!("{k} is not a partner type"));
            }
        }
        match (slug, kind, title, summary, body) {
            (Some(slug), Some(kind), Some(title), Some(summary), Some(body))
                if errors.is_empty() =>
            {
                Ok(ArticleDraft {
                    slug,
                    kind,
                    partner_kinds,
                    text: VersionText {
                        title,
                        summary,
                        body,
                    },
                })
            }
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }
}

/// Why `slug` cannot be this article's: a route's guide or another article has it.
async fn slug_clash(
    state: &AppState,
    slug: &Slug,
    except: Option<ArticleId>,
) -> Result<Option<String>, CommandError> {
    let routes = crate::db::templates::route_names(&state.db).await?;
    if let Some((_, name)) = routes.iter().find(|(key, _)| key == slug.as_str()) {
        return Ok(Some(format!(
            "this address is the route “{name}”: choose another so that the two are not confused"
        )));
    }
    if store::slug_taken(&state.db, slug.as_str(), except).await? {
        return Ok(Some(
            "another article has this address: choose another".to_owned(),
        ));
    }
    Ok(None)
}

/// What a save does besides storing the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveAction {
    /// Keep it as a draft.
    Draft,
    /// Publish it.
    Publish,
}

fn outcome(action: SaveAction, draft: &ArticleDraft) -> Outcome {
    match action {
        SaveAction::Draft => Outcome::Draft,
        SaveAction::Publish => Outcome::Publish {
            html: markdown::to_html(&draft.text.body),
            text: markdown::to_text(&draft.text.body),
        },
    }
}

/// Adds an article.
#[derive(Debug, Clone)]
pub struct CreateArticle {
    /// Its fields.
    pub input: ArticleInput,
    /// Draft or publish.
    pub action: SaveAction,
}

impl CreateArticle {
    /// Runs it (admins): the new article's id.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<ArticleId, CommandError> {
        actor.must_be_admin()?;
        let draft = self.input.parse(state, None).await?;
        Ok(store::create(&state.db, &draft, &outcome(self.action, &draft), actor.id).await?)
    }
}

/// Saves a new version of an article (a draft, or published).
#[derive(Debug, Clone)]
pub struct SaveArticle {
    /// Which.
    pub id: ArticleId,
    /// The version the form was made from.
    pub version: i64,
    /// Its fields.
    pub input: ArticleInput,
    /// Draft or publish.
    pub action: SaveAction,
}

impl SaveArticle {
    /// Runs it (admins): the article's new version.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<i64, CommandError> {
        actor.must_be_admin()?;
        store::get(&state.db, self.id).await?;
        let draft = self.input.parse(state, Some(self.id)).await?;
        let out = outcome(self.action, &draft);
        Ok(store::save(&state.db, self.id, self.version, &draft, &out, actor.id).await?)
    }
}

/// Takes an article off the public site.
#[derive(Debug, Clone, Copy)]
pub struct UnpublishArticle {
    /// Which.
    pub id: ArticleId,
    /// The version the page was made from.
    pub version: i64,
}

impl UnpublishArticle {
    /// Runs it (admins): the article's new version.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<i64, CommandError> {
        actor.must_be_admin()?;
        Ok(store::unpublish(&state.db, self.id, self.version, actor.id).await?)
    }
}

/// Saves an older version's text as the newest draft.
#[derive(Debug, Clone, Copy)]
pub struct RestoreVersion {
    /// Which article.
    pub id: ArticleId,
    /// The version the page was made from.
    pub version: i64,
    /// The number of the version restored.
    pub number: i64,
}

impl RestoreVersion {
    /// Runs it (admins): the article's new version.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<i64, CommandError> {
        actor.must_be_admin()?;
        let article = store::get(&state.db, self.id).await?;
        let old = store::version(&state.db, self.id, self.number).await?;
        let draft = ArticleDraft {
            slug: Slug::parse(&article.slug).map_err(|_| CommandError::NotFound)?,
            kind: article.kind.unwrap_or(ArticleKind::Guide),
            partner_kinds: article.partner_kinds.clone(),
            text: old.text,
        };
        Ok(store::save(
            &state.db,
            self.id,
            self.version,
            &draft,
            &Outcome::Draft,
            actor.id,
        )
        .await?)
    }
}

/// An article as staff edit it: the row and its newest version.
#[derive(Debug, Clone)]
pub struct ArticleView {
    /// The article.
    pub article: Article,
    /// Its newest version.
    pub latest: StoredVersion,
}

/// Reads an article for staff.
#[derive(Debug, Clone, Copy)]
pub struct ArticleQuery {
    /// Which.
    pub id: ArticleId,
}

impl ArticleQuery {
    /// Runs it (admins).
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<ArticleView, CommandError> {
        actor.must_be_admin()?;
        let article = store::get(&state.db, self.id).await?;
        let latest = store::version(&state.db, self.id, article.latest_number).await?;
        Ok(ArticleView { article, latest })
    }
}

/// Every article with its newest title (admins).
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<(Article, String)>, CommandError> {
    actor.must_be_admin()?;
    Ok(store::list(&state.db).await?)
}

/// An article's versions, the newest first (admins).
pub async fn versions(
    state: &AppState,
    actor: &Actor,
    id: ArticleId,
) -> Result<(Article, Vec<StoredVersion>), CommandError> {
    actor.must_be_admin()?;
    let article = store::get(&state.db, id).await?;
    Ok((article, store::versions(&state.db, id).await?))
}

/// Markdown as the public page would show it, for the preview (admins; nothing is stored).
pub fn preview(actor: &Actor, body: &str) -> Result<String, CommandError> {
    actor.must_be_admin()?;
    Ok(markdown::to_html(body))
}

/// The published article at `slug` (anyone); a draft or unpublished one is not found.
pub async fn published(state: &AppState, slug: &str) -> Result<PublishedArticle, CommandError> {
    store::published_by_slug(&state.db, slug)
        .await?
        .ok_or(CommandError::NotFound)
}

/// Every published article (anyone), the newest first.
pub async fn all_published(state: &AppState) -> Result<Vec<PublishedArticle>, CommandError> {
    Ok(store::published(&state.db).await?)
}

/// The words of clean HTML, for the search index.
pub(crate) fn plain_text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
