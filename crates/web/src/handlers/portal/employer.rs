//! `GET /my/employer` ("Sharing your progress with your employer", issue 21): for each
//! employment of the household's people, what the employer sees, and the consent: given
//! (`POST /my/employer/{id}/consent`) or withdrawn with immediate effect
//! (`POST /my/employer/{id}/withdraw`).

use axum::extract::{Path, State};
use axum::response::{Html, Redirect};

use super::chrome;
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::ExpatUser;
use crate::auth::session;
use crate::commands::partners::employers::{ChangeConsent, HouseholdEmploymentsQuery};
use crate::db::partners::{ConsentChange, ConsentHow};
use crate::error::AppError;
use crate::handlers::actor;
use crate::handlers::login::Empty;
use crate::ids::EmploymentId;
use crate::views::employer::{PortalEmployerPage, SharingRow};
use crate::views::render;

/// `GET /my/employer`.
pub async fn show(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
) -> Result<Html<String>, AppError> {
    let rows = HouseholdEmploymentsQuery
        .run(&state, &actor(&current))
        .await?;
    let page = PortalEmployerPage {
        chrome: chrome(&state, &current).await?,
        flash: session::take_flash(&current.session).await?,
        rows: rows.iter().map(SharingRow::new).collect(),
    };
    render(&page)
}

/// `POST /my/employer/{id}/consent`.
pub async fn consent(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    Path(id): Path<EmploymentId>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    let change = ConsentChange::Give(ConsentHow::Portal);
    let e = ChangeConsent {
        id,
        change,
        seen: None,
    }
    .run(&state, &actor(&current))
    .await?;
    let message = format!("{} now sees the progress shown below.", e.organisation_name);
    session::set_flash(&session, message).await?;
    Ok(Redirect::to("/my/employer"))
}

/// `POST /my/employer/{id}/withdraw`: the employer sees nothing from its next request on.
pub async fn withdraw(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    Path(id): Path<EmploymentId>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    let change = ConsentChange::Withdraw;
    let e = ChangeConsent {
        id,
        change,
        seen: None,
    }
    .run(&state, &actor(&current))
    .await?;
    let message = format!(
        "You stopped sharing: {} sees nothing from now on.",
        e.organisation_name
    );
    session::set_flash(&session, message).await?;
    Ok(Redirect::to("/my/employer"))
}
