//! A case's erasure page (the dry run, the confirmation, the legal hold) and the admins'
//! retention page. Admins only.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::commands::CommandError;
use crate::commands::erasure::retention::{ChangeRetention, RunRetention, ShowRetention};
use crate::commands::erasure::{Erase, Erased, LiftLegalHold, PlanErasure, SetLegalHold, Whom};
use crate::error::AppError;
use crate::handlers::login::Empty;
use crate::handlers::{actor, field_sentence, sentence};
use crate::ids::{CaseId, PersonId};
use crate::views::erasure::{ErasurePage, PrivacyPage};
use crate::views::render;

/// `?person=` (one person; none: the household) and `?done=`.
#[derive(Debug, Default, Deserialize)]
pub struct ErasureQuery {
    person: Option<String>,
    done: Option<String>,
}

/// The erasure form.
#[derive(Debug, Default, Deserialize)]
pub struct ErasureForm {
    person: Option<String>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    confirm: String,
}

/// The legal hold form.
#[derive(Debug, Default, Deserialize)]
pub struct HoldForm {
    #[serde(default)]
    reason: String,
}

/// The retention setting's form.
#[derive(Debug, Default, Deserialize)]
pub struct RetentionForm {
    #[serde(default)]
    retention_years: String,
}

fn whom(case: i64, person: Option<&str>) -> Result<Whom, AppError> {
    let person = match person.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(PersonId(p.parse().map_err(|_| AppError::NotFound)?)),
        None => None,
    };
    Ok(Whom {
        case: CaseId(case),
        person,
    })
}

fn unprocessable(html: Html<String>) -> Response {
    (axum::http::StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
}

async fn page(
    state: &AppState,
    current: &CurrentUser,
    whom: Whom,
) -> Result<ErasurePage, AppError> {
    let plan = PlanErasure(whom).run(state, &actor(current)).await?;
    let nav = super::messages::nav_with_messages(state, current, "cases").await?;
    Ok(ErasurePage::new(nav, &plan, state.config.time_zone))
}

/// `GET /cases/{id}/erasure`: the dry run and the forms.
pub async fn show(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<i64>,
    Query(q): Query<ErasureQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = page(&state, &current, whom(id, q.person.as_deref())?).await?;
    page.notice = match q.done.as_deref() {
        Some("erased") => Some("Erased. The record of the erasure keeps ids only."),
        Some("held") => Some("The case is under legal hold."),
        Some("lifted") => Some("The legal hold is lifted."),
        _ => None,
    };
    render(&page)
}

/// `POST /cases/{id}/erasure`.
pub async fn create(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<i64>,
    CsrfForm { form, .. }: CsrfForm<ErasureForm>,
) -> Result<Response, AppError> {
    let target = whom(id, form.person.as_deref())?;
    let (back, then) = match target.person {
        Some(p) => (format!("/cases/{id}/erasure?person={p}"), '&'),
        None => (format!("/cases/{id}/erasure"), '?'),
    };
    let command = Erase {
        whom: target,
        reason: form.reason.clone(),
        confirm: form.confirm.clone(),
    };
    match command.run(&state, &actor(&current)).await {
        Ok(Erased::Done(_)) => {
            Ok(Redirect::to(&format!("{back}{then}done=erased")).into_response())
        }
        Ok(Erased::Already(_)) => Ok(Redirect::to(&back).into_response()),
        Err(err @ (CommandError::Invalid { .. } | CommandError::Refused(_))) => {
            let mut page = page(&state, &current, target).await?;
            page.reason = form.reason;
            page.confirm = form.confirm;
            match err {
                CommandError::Invalid { field, problem } => {
                    page.errors
                        .add(field.name(), field_sentence(field, &problem));
                }
                other => page.refusal = Some(sentence(&other.to_string())),
            }
            Ok(unprocessable(render(&page)?))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /cases/{id}/legal-hold`.
pub async fn hold(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<i64>,
    CsrfForm { form, .. }: CsrfForm<HoldForm>,
) -> Result<Response, AppError> {
    let command = SetLegalHold {
        case: CaseId(id),
        reason: form.reason.clone(),
    };
    match command.run(&state, &actor(&current)).await {
        Ok(()) => Ok(Redirect::to(&format!("/cases/{id}/erasure?done=held")).into_response()),
        Err(CommandError::Invalid { field, problem }) => {
            let mut page = page(&state, &current, whom(id, None)?).await?;
            page.hold_reason = form.reason;
            page.errors
                .add("hold_reason", field_sentence(field, &problem));
            Ok(unprocessable(render(&page)?))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /cases/{id}/legal-hold/lift`.
pub async fn lift(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<i64>,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    LiftLegalHold(CaseId(id))
        .run(&state, &actor(&current))
        .await?;
    Ok(Redirect::to(&format!("/cases/{id}/erasure?done=lifted")))
}

async fn privacy_page(state: &AppState, current: &CurrentUser) -> Result<PrivacyPage, AppError> {
    let view = ShowRetention.run(state, &actor(current)).await?;
    let nav = super::messages::nav_with_messages(state, current, "admin").await?;
    Ok(PrivacyPage::new(nav, &view, state.config.time_zone))
}

/// `GET /admin/privacy`.
pub async fn privacy(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(q): Query<ErasureQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = privacy_page(&state, &current).await?;
    page.notice = q.done.as_deref().and_then(privacy_notice);
    render(&page)
}

/// The notice of `?done=`: known values only (`saved`, `ran-<anonymised>-<held>`), never the
/// query's text.
fn privacy_notice(done: &str) -> Option<String> {
    if done == "saved" {
        return Some("Saved.".to_owned());
    }
    let (anonymised, held) = done.strip_prefix("ran-")?.split_once('-')?;
    let (anonymised, held): (u32, u32) = (anonymised.parse().ok()?, held.parse().ok()?);
    Some(format!(
        "Retention run: {anonymised} anonymised, {held} kept by a legal hold."
    ))
}

/// `POST /admin/privacy`: the retention period.
pub async fn update_privacy(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { form, .. }: CsrfForm<RetentionForm>,
) -> Result<Response, AppError> {
    let command = ChangeRetention {
        years: form.retention_years.clone(),
    };
    match command.run(&state, &actor(&current)).await {
        Ok(_) => Ok(Redirect::to("/admin/privacy?done=saved").into_response()),
        Err(CommandError::Invalid { field, problem }) => {
            let mut page = privacy_page(&state, &current).await?;
            page.years = form.retention_years;
            page.errors
                .add(field.name(), field_sentence(field, &problem));
            Ok(unprocessable(render(&page)?))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /admin/privacy/run`: runs retention now.
pub async fn run_retention(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    let report = RunRetention.run(&state, &actor(&current)).await?;
    Ok(Redirect::to(&format!(
        "/admin/privacy?done=ran-{}-{}",
        report.anonymised.len(),
        report.held.len()
    )))
}
