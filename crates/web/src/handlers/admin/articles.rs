//! The articles of the public site (admins): `GET /admin/articles` (list),
//! `GET /admin/articles/new` + `POST /admin/articles` (write), `GET|POST /admin/articles/{id}`
//! (change: preview, save draft, publish, unpublish — against the version the form was made
//! from), `GET /admin/articles/{id}/versions` (history), `GET …/versions/{n}` (one version) and
//! `POST …/versions/{n}/restore` (as a new draft).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{DoneQuery, nav};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::commands::site::articles::{
    self as cmd, ArticleInput, ArticleQuery, CreateArticle, RestoreVersion, SaveAction,
    SaveArticle, UnpublishArticle,
};
use crate::commands::{Actor, CommandError, form_version};
use crate::db::partners;
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::ArticleId;
use crate::views::admin::articles::{
    ArticleFormPage, ArticleRow, ArticleVersionPage, ArticleVersionsPage, ArticlesPage, VersionRow,
    notice, stamp,
};
use crate::views::render;

/// The article form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArticleForm {
    slug: String,
    kind: String,
    title: String,
    summary: String,
    body: String,
    partner_kinds: Vec<String>,
    version: Option<String>,
    action: String,
}

impl ArticleForm {
    fn input(&self) -> ArticleInput {
        ArticleInput {
            slug: self.slug.clone(),
            kind: self.kind.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            partner_kinds: self.partner_kinds.clone(),
        }
    }
}

/// A restore's form: the version the page was made from.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RestoreForm {
    version: Option<String>,
}

async fn form_page(
    state: &AppState,
    current: &CurrentUser,
    values: ArticleInput,
) -> Result<ArticleFormPage, AppError> {
    let kinds = partners::kinds(&state.db).await?;
    Ok(ArticleFormPage::new(
        nav(state, current).await?,
        &kinds,
        values,
    ))
}

/// `GET /admin/articles`.
pub async fn list(
    State(state): State<AppState>,
    Admin(current): Admin,
) -> Result<Html<String>, AppError> {
    let zone = state.config.time_zone;
    let rows = cmd::list(&state, &actor(&current))
        .await?
        .into_iter()
        .map(|(a, title)| ArticleRow {
            id: a.id.0,
            state: a.state(),
            kind: a.kind.map_or("", |k| k.label()),
            slug: a.slug,
            title,
            updated: stamp(a.updated_at, zone),
        })
        .collect();
    render(&ArticlesPage {
        nav: nav(&state, &current).await?,
        rows,
    })
}

/// `GET /admin/articles/new`.
pub async fn new_form(
    State(state): State<AppState>,
    Admin(current): Admin,
) -> Result<Html<String>, AppError> {
    let values = ArticleInput {
        kind: "guide".to_owned(),
        ..ArticleInput::default()
    };
    render(&form_page(&state, &current, values).await?)
}

fn action_of(raw: &str) -> Option<SaveAction> {
    match raw {
        "draft" => Some(SaveAction::Draft),
        "publish" => Some(SaveAction::Publish),
        _ => None,
    }
}

/// The form again: the preview (200), or the mistakes beside their fields (422).
async fn again(
    state: &AppState,
    mut page: ArticleFormPage,
    outcome: Result<Option<String>, CommandError>,
) -> Result<Response, AppError> {
    match outcome {
        Ok(preview) => {
            page.preview = preview;
            Ok(render(&page)?.into_response())
        }
        Err(CommandError::InvalidFields(errors)) => {
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(CommandError::ChangedMeanwhile(changed)) => {
            let id = page.id.map(ArticleId).ok_or(AppError::NotFound)?;
            let now = crate::db::site::articles::get(&state.db, id).await?;
            page.version = now.version;
            page.problem = Some(format!(
                "This article was {changed}. Nothing you sent was saved; the form still holds \
                 your text. Look at its version history before saving again: saving now makes \
                 a new version after theirs."
            ));
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /admin/articles`: preview, or save the first version (as a draft or published).
pub async fn create(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { form, .. }: CsrfForm<ArticleForm>,
) -> Result<Response, AppError> {
    let who = actor(&current);
    let page = form_page(&state, &current, form.input()).await?;
    let Some(action) = action_of(&form.action) else {
        return again(&state, page, cmd::preview(&who, &form.body).map(Some)).await;
    };
    let command = CreateArticle {
        input: form.input(),
        action,
    };
    match command.run(&state, &who).await {
        Ok(id) => Ok(
            Redirect::to(&format!("/admin/articles/{id}?done={}", done(action))).into_response(),
        ),
        Err(err) => again(&state, page, Err(err)).await,
    }
}

fn done(action: SaveAction) -> &'static str {
    match action {
        SaveAction::Draft => "saved",
        SaveAction::Publish => "published",
    }
}

async fn edit_page(
    state: &AppState,
    current: &CurrentUser,
    id: ArticleId,
    values: Option<ArticleInput>,
) -> Result<ArticleFormPage, AppError> {
    let view = ArticleQuery { id }.run(state, &actor(current)).await?;
    let values = values.unwrap_or_else(|| ArticleInput::of(&view.article, &view.latest.text));
    let mut page = form_page(state, current, values).await?;
    page.id = Some(id.0);
    page.version = view.article.version;
    page.state = Some(view.article.state());
    if let Some(live) = &view.article.published_slug {
        page.public_path = Some(format!("/articles/{live}"));
    }
    Ok(page)
}

/// `GET /admin/articles/{id}`.
pub async fn edit_form(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<ArticleId>,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = edit_page(&state, &current, id, None).await?;
    page.notice = notice(q.done());
    render(&page)
}

/// `POST /admin/articles/{id}`: preview, save a draft, publish or unpublish.
pub async fn update(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<ArticleId>,
    CsrfForm { form, .. }: CsrfForm<ArticleForm>,
) -> Result<Response, AppError> {
    let who = actor(&current);
    let mut page = edit_page(&state, &current, id, Some(form.input())).await?;
    let version = match form_version(form.version.as_deref()) {
        Ok(v) => v,
        Err(err) => return again(&state, page, Err(err)).await,
    };
    page.version = version;
    let outcome = run_update(&state, &who, id, version, &form).await;
    match outcome {
        Ok(Some(to)) => Ok(Redirect::to(&to).into_response()),
        Ok(None) => again(&state, page, cmd::preview(&who, &form.body).map(Some)).await,
        Err(err) => again(&state, page, Err(err)).await,
    }
}

/// Runs what the form's button asked: where to go next, or `None` for the preview.
async fn run_update(
    state: &AppState,
    who: &Actor,
    id: ArticleId,
    version: i64,
    form: &ArticleForm,
) -> Result<Option<String>, CommandError> {
    if form.action == "unpublish" {
        UnpublishArticle { id, version }.run(state, who).await?;
        return Ok(Some(format!("/admin/articles/{id}?done=unpublished")));
    }
    let Some(action) = action_of(&form.action) else {
        return Ok(None);
    };
    SaveArticle {
        id,
        version,
        input: form.input(),
        action,
    }
    .run(state, who)
    .await?;
    Ok(Some(format!("/admin/articles/{id}?done={}", done(action))))
}

/// `GET /admin/articles/{id}/versions`.
pub async fn versions(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<ArticleId>,
) -> Result<Html<String>, AppError> {
    let zone = state.config.time_zone;
    let (article, versions) = cmd::versions(&state, &actor(&current), id).await?;
    let title = versions
        .first()
        .map(|v| v.text.title.clone())
        .unwrap_or_default();
    let rows = versions
        .into_iter()
        .map(|v| VersionRow {
            published: article.published_number == Some(v.number),
            number: v.number,
            title: v.text.title,
            saved: stamp(v.created_at, zone),
        })
        .collect();
    render(&ArticleVersionsPage {
        nav: nav(&state, &current).await?,
        id: id.0,
        title,
        rows,
    })
}

/// `GET /admin/articles/{id}/versions/{number}`.
pub async fn version(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path((id, number)): Path<(ArticleId, i64)>,
) -> Result<Html<String>, AppError> {
    let who = actor(&current);
    let (article, versions) = cmd::versions(&state, &who, id).await?;
    let shown = versions
        .into_iter()
        .find(|v| v.number == number)
        .ok_or(AppError::NotFound)?;
    render(&ArticleVersionPage {
        nav: nav(&state, &current).await?,
        id: id.0,
        version: article.version,
        saved: stamp(shown.created_at, state.config.time_zone),
        html: cmd::preview(&who, &shown.text.body)?,
        shown,
    })
}

/// `POST /admin/articles/{id}/versions/{number}/restore`.
pub async fn restore(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path((id, number)): Path<(ArticleId, i64)>,
    CsrfForm { form, .. }: CsrfForm<RestoreForm>,
) -> Result<Response, AppError> {
    let version = form_version(form.version.as_deref())?;
    match (RestoreVersion {
        id,
        version,
        number,
    })
    .run(&state, &actor(&current))
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/articles/{id}?done=restored")).into_response()),
        Err(CommandError::ChangedMeanwhile(_)) => {
            Ok(Redirect::to(&format!("/admin/articles/{id}/versions/{number}")).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
