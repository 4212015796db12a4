//! Staff's enquiries: `GET /enquiries` (newest first, by status), `GET /enquiries/{id}` and
//! `POST /enquiries/{id}/steps` (in progress, answered, closed, with a note).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use softland_domain::site::enquiry::EnquiryStatus;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::commands::site::enquiries::{ListEnquiries, ShowEnquiry, StepEnquiry};
use crate::commands::{CommandError, form_version};
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::EnquiryId;
use crate::views::enquiries::{EnquiriesPage, EnquiryPage, EnquiryRow};
use crate::views::render;

/// How many enquiries one page lists.
const PAGE: u64 = 50;

/// `?status=new&before=12`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    before: Option<i64>,
}

/// `GET /enquiries`.
pub async fn list(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let status = EnquiryStatus::parse(&q.status);
    let query = ListEnquiries {
        status,
        before: q.before.map(EnquiryId),
        limit: PAGE + 1,
    };
    let mut found = query.run(&state, &actor(&current)).await?;
    let more = found.len() > usize::try_from(PAGE).unwrap_or(usize::MAX);
    found.truncate(usize::try_from(PAGE).unwrap_or(usize::MAX));
    let older = found.last().filter(|_| more).map(|last| {
        let filter = status.map_or(String::new(), |s| format!("status={}&", s.as_str()));
        format!("/enquiries?{filter}before={}", last.id)
    });
    let zone = state.config.time_zone;
    let page = EnquiriesPage {
        nav: crate::handlers::messages::nav_with_messages(&state, &current, "enquiries").await?,
        filters: EnquiriesPage::filters(status),
        rows: found.iter().map(|e| EnquiryRow::of(e, zone)).collect(),
        older,
    };
    render(&page)
}

async fn page(
    state: &AppState,
    current: &crate::auth::extract::CurrentUser,
    id: EnquiryId,
) -> Result<EnquiryPage, AppError> {
    let view = ShowEnquiry { id }.run(state, &actor(current)).await?;
    let nav = crate::handlers::messages::nav_with_messages(state, current, "enquiries").await?;
    Ok(EnquiryPage::new(nav, view, state.config.time_zone))
}

/// `GET /enquiries/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    render(&page(&state, &current, EnquiryId(id)).await?)
}

/// The step form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StepForm {
    version: Option<String>,
    status: String,
    note: String,
}

/// `POST /enquiries/{id}/steps`.
pub async fn step(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
    CsrfForm { form, .. }: CsrfForm<StepForm>,
) -> Result<Response, AppError> {
    let id = EnquiryId(id);
    let taken = match form_version(form.version.as_deref()) {
        Ok(version) => {
            let command = StepEnquiry {
                id,
                version,
                status: form.status.clone(),
                note: form.note.clone(),
            };
            command.run(&state, &actor(&current)).await
        }
        Err(err) => Err(err),
    };
    let (status, mut page) = match taken {
        Ok(_) => return Ok(Redirect::to(&format!("/enquiries/{id}")).into_response()),
        Err(CommandError::InvalidFields(errors)) => {
            let mut page = page(&state, &current, id).await?;
            page.errors = errors;
            (StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(CommandError::ChangedMeanwhile(changed)) => {
            let mut page = page(&state, &current, id).await?;
            page.problem = Some(format!(
                "This enquiry was {changed}: here it is as it is now. Take your step again if it still applies."
            ));
            (StatusCode::CONFLICT, page)
        }
        Err(other) => return Err(other.into()),
    };
    page.note = form.note;
    Ok((status, render(&page)?).into_response())
}
