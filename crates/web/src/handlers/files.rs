//! Files of a case on the pages (issue 18): staff upload, review, preview and delete on
//! `/cases/{id}/files`; the household uploads and reads its papers on `/my/cases/{id}/files`.
//! Each form is read into its command (`commands::files`), which does the rest.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::actor;
use super::portal::chrome;
use crate::access::{Access, AccessKind, Viewed, Viewer};
use crate::app::AppState;
use crate::auth::csrf::{CsrfForm, CsrfUpload};
use crate::auth::extract::{ExpatUser, Staff};
use crate::auth::session;
use crate::commands::CommandError;
use crate::commands::case_view::ViewCase;
use crate::commands::files::{DeleteFile, FetchFile, ListFiles, ReviewFile, ShowFile, UploadFiles};
use crate::error::AppError;
use crate::handlers::sentence;
use crate::ids::{CaseId, FileId};
use crate::views::files::{ACCEPT, CaseFilesPage, PortalFilesPage, groups};
use crate::views::render;
use axum::http::StatusCode;

/// The review form.
#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    review: String,
    #[serde(default)]
    reason: String,
}

/// `?inline=1`: preview instead of download (staff only).
#[derive(Debug, Deserialize)]
pub struct ContentQuery {
    #[serde(default)]
    inline: Option<String>,
}

/// `GET /cases/{id}/files`.
pub async fn list(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    access: Access,
) -> Result<Html<String>, AppError> {
    let page = case_page(&state, &current, id, None).await?;
    let viewer = Viewer::of(&current.user);
    access
        .record(viewer, AccessKind::Files, Viewed::case(id))
        .await;
    render(&page)
}

/// The staff files page, with the refusal of the last form if there is one.
async fn case_page(
    state: &AppState,
    current: &crate::auth::extract::CurrentUser,
    id: CaseId,
    problem: Option<String>,
) -> Result<CaseFilesPage, AppError> {
    let who = actor(current);
    let stored = ViewCase { case: id }.run(state, &who).await?;
    let files = ListFiles { case: id }.run(state, &who).await?;
    let page = CaseFilesPage {
        nav: super::messages::nav_with_messages(state, current, "cases").await?,
        id: id.0,
        title: stored.case.principal().name.to_string(),
        groups: groups(&stored, &files, state.config.time_zone),
        people: stored
            .person_ids
            .iter()
            .zip(stored.case.people())
            .map(|(pid, p)| (pid.0, p.name.to_string()))
            .collect(),
        accept: ACCEPT,
        flash: if problem.is_some() {
            None
        } else {
            session::take_flash(&current.session).await?
        },
        problem,
    };
    Ok(page)
}

/// A refused upload or review as the files page shows it: the page with the reason, and
/// the status the API gives the same refusal. Anything else stays an error.
fn refusal(err: CommandError) -> Result<(StatusCode, String), AppError> {
    match err {
        CommandError::File(refusal) => Ok((
            crate::error::file_status(&refusal),
            sentence(&refusal.to_string()),
        )),
        CommandError::Invalid { field, problem } => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            crate::handlers::field_sentence(field, &problem),
        )),
        other => Err(other.into()),
    }
}

/// `POST /cases/{id}/files` (multipart, the token first).
pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    CsrfUpload(mut form): CsrfUpload,
) -> Result<Response, AppError> {
    match upload_from(&state, &current, id, &mut form).await? {
        Ok(at) => Ok(Redirect::to(&format!("/cases/{id}/files#{at}")).into_response()),
        Err((status, message, _)) => {
            let page = case_page(&state, &current, id, Some(message)).await?;
            Ok((status, render(&page)?).into_response())
        }
    }
}

/// Runs the upload of `form` for the signed-in person: `Ok(anchor)` when stored (the message
/// is set), or the refusal as the page shows it with the anchor of the form it came from.
async fn upload_from(
    state: &AppState,
    current: &crate::auth::extract::CurrentUser,
    id: CaseId,
    form: &mut crate::upload::UploadForm,
) -> Result<Result<String, (StatusCode, String, String)>, AppError> {
    let item = form.field("item").map(str::to_owned);
    let person = form.field("person").map(str::to_owned);
    let anchor =
        |item: Option<i64>| item.map_or_else(|| "other".to_owned(), |i| format!("item-{i}"));
    let added = async {
        let upload = UploadFiles::new(id, item.as_deref(), person.as_deref())?;
        let added = upload.run(state, &actor(current), form).await?;
        Ok::<_, CommandError>((upload.item.map(|i| i.0), added.len()))
    };
    match added.await {
        Ok((stored_item, count)) => {
            session::set_flash(&current.session, uploaded(count)).await?;
            Ok(Ok(anchor(stored_item)))
        }
        Err(err) => {
            let (status, message) = refusal(err)?;
            let typed = item.as_deref().and_then(|i| i.trim().parse::<i64>().ok());
            Ok(Err((status, message, anchor(typed))))
        }
    }
}

fn uploaded(n: usize) -> String {
    if n == 1 {
        "1 file uploaded.".to_owned()
    } else {
        format!("{n} files uploaded.")
    }
}

/// `POST /cases/{id}/files/{file}/review`.
pub async fn review(
    State(state): State<AppState>,
    Path((id, file)): Path<(CaseId, FileId)>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<ReviewForm>,
) -> Result<Response, AppError> {
    let reviewed = async {
        let review = ReviewFile {
            file: ShowFile { case: id, file },
            review: ReviewFile::review(&form.review, &form.reason)?,
        };
        review.run(&state, &actor(&current)).await
    };
    let done = match reviewed.await {
        Ok(done) => done,
        Err(err) => {
            let (status, message) = refusal(err)?;
            let page = case_page(&state, &current, id, Some(message)).await?;
            return Ok((status, render(&page)?).into_response());
        }
    };
    let message = match (done.review, done.item) {
        (softland_domain::file::Review::Accepted, Some(_)) => format!(
            "{} accepted. The item's status is unchanged: move it on with its own button on the case page when its papers are complete.",
            done.name.as_str()
        ),
        (softland_domain::file::Review::Accepted, None) => {
            format!("{} accepted.", done.name.as_str())
        }
        _ => format!("Another copy of {} was asked for.", done.name.as_str()),
    };
    session::set_flash(&current.session, message).await?;
    let at = done
        .item
        .map_or_else(|| "other".to_owned(), |i| format!("item-{i}"));
    Ok(Redirect::to(&format!("/cases/{id}/files#{at}")).into_response())
}

/// `POST /cases/{id}/files/{file}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    Path((id, file)): Path<(CaseId, FileId)>,
    Staff(current): Staff,
    CsrfForm { .. }: CsrfForm<ReviewForm>,
) -> Result<Response, AppError> {
    let gone = DeleteFile {
        file: ShowFile { case: id, file },
    }
    .run(&state, &actor(&current))
    .await?;
    session::set_flash(&current.session, format!("{} deleted.", gone.name.as_str())).await?;
    Ok(Redirect::to(&format!("/cases/{id}/files")).into_response())
}

/// `GET /cases/{id}/files/{file}`: the file as a download, or inline with `?inline=1`.
pub async fn content(
    State(state): State<AppState>,
    Path((id, file)): Path<(CaseId, FileId)>,
    Query(query): Query<ContentQuery>,
    Staff(current): Staff,
    access: Access,
) -> Result<Response, AppError> {
    let fetch = FetchFile {
        file: ShowFile { case: id, file },
    };
    let (file, bytes) = fetch.run(&state, &actor(&current)).await?;
    let viewer = Viewer::of(&current.user);
    access
        .record(viewer, AccessKind::File, Viewed::file(id, file.id))
        .await;
    let inline = query.inline.as_deref() == Some("1");
    Ok(crate::upload::download(
        &file,
        Body::from_stream(bytes),
        inline,
    ))
}

/// `GET /my/cases/{id}/files`.
pub async fn portal_list(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    Path(id): Path<CaseId>,
    access: Access,
) -> Result<Html<String>, AppError> {
    let page = portal_page(&state, &current, id, None).await?;
    let viewer = Viewer::of(&current.user);
    access
        .record(viewer, AccessKind::Files, Viewed::case(id))
        .await;
    render(&page)
}

/// The household's papers page, with the refusal of the last upload if there is one.
async fn portal_page(
    state: &AppState,
    current: &crate::auth::extract::CurrentUser,
    id: CaseId,
    problem: Option<(String, String)>,
) -> Result<PortalFilesPage, AppError> {
    let who = actor(current);
    let stored = ViewCase { case: id }.run(state, &who).await?;
    let files = ListFiles { case: id }.run(state, &who).await?;
    Ok(PortalFilesPage {
        chrome: chrome(state, current).await?,
        id: id.0,
        groups: groups(&stored, &files, state.config.time_zone),
        accept: ACCEPT,
        flash: if problem.is_some() {
            None
        } else {
            session::take_flash(&current.session).await?
        },
        problem,
    })
}

/// `POST /my/cases/{id}/files` (multipart, the token first).
pub async fn portal_upload(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    ExpatUser(current): ExpatUser,
    CsrfUpload(mut form): CsrfUpload,
) -> Result<Response, AppError> {
    match upload_from(&state, &current, id, &mut form).await? {
        Ok(at) => Ok(Redirect::to(&format!("/my/cases/{id}/files#{at}")).into_response()),
        Err((status, message, at)) => {
            let page = portal_page(&state, &current, id, Some((message, at))).await?;
            Ok((status, render(&page)?).into_response())
        }
    }
}

/// `GET /my/cases/{id}/files/{file}`: the household's own file, as a download.
pub async fn portal_content(
    State(state): State<AppState>,
    Path((id, file)): Path<(CaseId, FileId)>,
    ExpatUser(current): ExpatUser,
    access: Access,
) -> Result<Response, AppError> {
    let fetch = FetchFile {
        file: ShowFile { case: id, file },
    };
    let (file, bytes) = fetch.run(&state, &actor(&current)).await?;
    let viewer = Viewer::of(&current.user);
    access
        .record(viewer, AccessKind::File, Viewed::file(id, file.id))
        .await;
    Ok(crate::upload::download(
        &file,
        Body::from_stream(bytes),
        false,
    ))
}
