//! The staff side of employers as partners (issue 21): `GET|POST /partners/{id}/accounts`
//! (an employer's users: invite, deactivate, reactivate), `GET /partners/hire-requests`
//! (open requests, oldest first; accept into a case, decline with a reason), and a case's
//! employers at `GET|POST /cases/{id}/employments` with `POST /employments/{id}/…`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{actor, field_errors};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::auth::session;
use crate::commands::partners::employers::{
    AcceptHireRequest, CaseEmploymentsQuery, ChangeConsent, DeclineHireRequest,
    EmployerAccountsQuery, InviteEmployerUser, LinkEmployer, OpenHireRequestsQuery,
    RemoveEmployment, SetEmployerUserActive,
};
use crate::commands::{CommandError, FieldErrors};
use crate::db::partners::ConsentChange;
use crate::error::AppError;
use crate::handlers::login::Empty;
use crate::ids::{CaseId, EmploymentId, HireRequestId, OrganisationId, UserId};
use crate::views::employer::RequestRow;
use crate::views::employers::{AccountsPage, CaseEmployerPage, HireRequestsPage};
use crate::views::nav::Nav;
use crate::views::render;

async fn nav(state: &AppState, current: &CurrentUser) -> Result<Nav, AppError> {
    crate::handlers::messages::nav_with_messages(state, current, "partners").await
}

fn form_errors(err: CommandError) -> Result<FieldErrors, AppError> {
    match err {
        CommandError::InvalidFields(errors) => Ok(crate::handlers::buddy::sentences(&errors)),
        CommandError::Invalid { field, problem } => Ok(field_errors(field, &problem)),
        other => Err(other.into()),
    }
}

/// `GET /partners/{id}/accounts`.
pub async fn accounts(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<OrganisationId>,
) -> Result<Html<String>, AppError> {
    let a = EmployerAccountsQuery { organisation: id }
        .run(&state, &actor(&current))
        .await?;
    let mut page = AccountsPage::new(nav(&state, &current).await?, a);
    page.flash = session::take_flash(&current.session).await?;
    render(&page)
}

/// The invitation form.
#[derive(Debug, Deserialize, Default)]
pub struct InviteForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
}

/// `POST /partners/{id}/accounts`: invites a user (a first-password link by mail).
pub async fn invite(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<OrganisationId>,
    CsrfForm { form, session }: CsrfForm<InviteForm>,
) -> Result<Response, AppError> {
    let who = actor(&current);
    let result = match InviteEmployerUser::parse(id, &form.name, &form.email) {
        Ok(invite) => invite.run(&state, &who).await,
        Err(err) => Err(err),
    };
    let errors = match result {
        Ok(_) => {
            let message = format!(
                "{} is invited: they get a mail to set their password.",
                form.name.trim()
            );
            session::set_flash(&session, message).await?;
            return Ok(Redirect::to(&format!("/partners/{id}/accounts")).into_response());
        }
        Err(err) => form_errors(err)?,
    };
    let a = EmployerAccountsQuery { organisation: id }
        .run(&state, &who)
        .await?;
    let mut page = AccountsPage::new(nav(&state, &current).await?, a);
    page.name = form.name;
    page.email = form.email;
    page.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

async fn set_active(
    state: &AppState,
    current: &CurrentUser,
    (org, user): (OrganisationId, UserId),
    active: bool,
    session: &tower_sessions::Session,
) -> Result<Redirect, AppError> {
    SetEmployerUserActive {
        organisation: org,
        user,
        active,
    }
    .run(state, &actor(current))
    .await?;
    let message = if active {
        "The account is reactivated."
    } else {
        "The account is deactivated: it can no longer sign in."
    };
    session::set_flash(session, message.to_owned()).await?;
    Ok(Redirect::to(&format!("/partners/{org}/accounts")))
}

/// `POST /partners/{id}/accounts/{user}/deactivate`.
pub async fn deactivate(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(ids): Path<(OrganisationId, UserId)>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    set_active(&state, &current, ids, false, &session).await
}

/// `POST /partners/{id}/accounts/{user}/reactivate`.
pub async fn reactivate(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(ids): Path<(OrganisationId, UserId)>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    set_active(&state, &current, ids, true, &session).await
}

async fn requests_page(
    state: &AppState,
    current: &CurrentUser,
) -> Result<HireRequestsPage, AppError> {
    let open = OpenHireRequestsQuery.run(state, &actor(current)).await?;
    let routes = crate::db::templates::route_names(&state.db).await?;
    Ok(HireRequestsPage {
        nav: nav(state, current).await?,
        flash: session::take_flash(&current.session).await?,
        requests: open
            .iter()
            .map(|r| RequestRow::new(r, false, &routes))
            .collect(),
        failed: None,
    })
}

/// `GET /partners/hire-requests`.
pub async fn hire_requests(
    State(state): State<AppState>,
    Staff(current): Staff,
) -> Result<Html<String>, AppError> {
    render(&requests_page(&state, &current).await?)
}

/// The accept form.
#[derive(Debug, Deserialize, Default)]
pub struct AcceptForm {
    #[serde(default)]
    case: String,
}

/// `POST /partners/hire-requests/{id}/accept`: into the case numbered in the form.
pub async fn accept(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<HireRequestId>,
    CsrfForm { form, session }: CsrfForm<AcceptForm>,
) -> Result<Response, AppError> {
    let result = match AcceptHireRequest::parse(id, &form.case) {
        Ok(accept) => accept
            .run(&state, &actor(&current))
            .await
            .map(|_| accept.case),
        Err(err) => Err(err),
    };
    let errors = match result {
        Ok(case) => {
            let message =
                "The request is accepted: the employer sees the progress once the employee agrees."
                    .to_owned();
            session::set_flash(&session, message).await?;
            return Ok(Redirect::to(&format!("/cases/{case}/employments")).into_response());
        }
        Err(err) => form_errors(err)?,
    };
    let mut page = requests_page(&state, &current).await?;
    page.failed = Some((id.0, errors));
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// The decline form.
#[derive(Debug, Deserialize, Default)]
pub struct DeclineForm {
    #[serde(default)]
    reason: String,
}

/// `POST /partners/hire-requests/{id}/decline`.
pub async fn decline(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<HireRequestId>,
    CsrfForm { form, session }: CsrfForm<DeclineForm>,
) -> Result<Response, AppError> {
    let result = match DeclineHireRequest::parse(id, &form.reason) {
        Ok(decline) => decline.run(&state, &actor(&current)).await,
        Err(err) => Err(err),
    };
    let errors = match result {
        Ok(()) => {
            session::set_flash(&session, "The request is declined.".to_owned()).await?;
            return Ok(Redirect::to("/partners/hire-requests").into_response());
        }
        Err(err) => form_errors(err)?,
    };
    let mut page = requests_page(&state, &current).await?;
    page.failed = Some((id.0, errors));
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

async fn case_page(
    state: &AppState,
    current: &CurrentUser,
    case: CaseId,
) -> Result<CaseEmployerPage, AppError> {
    let e = CaseEmploymentsQuery { case }
        .run(state, &actor(current))
        .await?;
    let stored = crate::db::cases::load(&state.db, case).await?;
    let people = stored
        .case
        .people()
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.name.as_str().to_owned()))
        .collect();
    Ok(CaseEmployerPage::new(
        nav(state, current).await?,
        case.0,
        people,
        &e,
    ))
}

/// `GET /cases/{id}/employments`: the case's "Employer" panel.
pub async fn case(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
) -> Result<Html<String>, AppError> {
    let mut page = case_page(&state, &current, id).await?;
    page.flash = session::take_flash(&current.session).await?;
    render(&page)
}

/// The link form.
#[derive(Debug, Deserialize, Default)]
pub struct LinkForm {
    #[serde(default)]
    person: String,
    #[serde(default)]
    organisation: String,
}

/// `POST /cases/{id}/employments`: links a person to an employer (consent not yet given).
pub async fn link(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    CsrfForm { form, session }: CsrfForm<LinkForm>,
) -> Result<Response, AppError> {
    let result = match LinkEmployer::parse(id, &form.person, &form.organisation) {
        Ok(link) => link.run(&state, &actor(&current)).await,
        Err(err) => Err(err),
    };
    let errors = match result {
        Ok(_) => {
            session::set_flash(
                &session,
                "Linked. Record the person's consent when they give it.".to_owned(),
            )
            .await?;
            return Ok(Redirect::to(&format!("/cases/{id}/employments")).into_response());
        }
        Err(CommandError::Refused(refusal)) => {
            let mut errors = FieldErrors::new();
            errors.add(
                "organisation",
                crate::handlers::sentence(&refusal.to_string()),
            );
            errors
        }
        Err(err) => form_errors(err)?,
    };
    let mut page = case_page(&state, &current, id).await?;
    page.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// The consent form.
#[derive(Debug, Deserialize, Default)]
pub struct ConsentForm {
    #[serde(default)]
    consent_how: String,
    #[serde(default)]
    version: String,
}

async fn change(
    state: &AppState,
    current: &CurrentUser,
    id: EmploymentId,
    change: ConsentChange,
    session: &tower_sessions::Session,
    seen: Option<i64>,
) -> Result<Redirect, AppError> {
    let e = ChangeConsent { id, change, seen }
        .run(state, &actor(current))
        .await?;
    let message = match change {
        ConsentChange::Give(_) => "Consent recorded: the employer sees the progress summary.",
        ConsentChange::Withdraw => "Consent withdrawn: the employer sees nothing from now on.",
    };
    session::set_flash(session, message.to_owned()).await?;
    Ok(Redirect::to(&format!("/cases/{}/employments", e.case)))
}

/// `POST /employments/{id}/consent` (staff: on paper, in person or by mail).
pub async fn consent(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<EmploymentId>,
    CsrfForm { form, session }: CsrfForm<ConsentForm>,
) -> Result<Redirect, AppError> {
    let how = ChangeConsent::how(&form.consent_how)?;
    let seen = form.version.trim().parse().ok();
    change(
        &state,
        &current,
        id,
        ConsentChange::Give(how),
        &session,
        seen,
    )
    .await
}

/// `POST /employments/{id}/withdraw` (staff).
pub async fn withdraw(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<EmploymentId>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    change(
        &state,
        &current,
        id,
        ConsentChange::Withdraw,
        &session,
        None,
    )
    .await
}

/// `POST /employments/{id}/remove` (staff).
pub async fn remove(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<EmploymentId>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    let case = RemoveEmployment { id }
        .run(&state, &actor(&current))
        .await?;
    session::set_flash(&session, "The link to the employer is removed.".to_owned()).await?;
    Ok(Redirect::to(&format!("/cases/{case}/employments")))
}
