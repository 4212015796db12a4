//! `GET /admin/site` and `POST /admin/site`: the centre's settings (admins). A form saved
//! against an older version is refused and shown again with what was typed.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{DoneQuery, nav};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::commands::site::centre::{ChangeSiteSettings, ShowSiteSettings, SiteSettingsInput};
use crate::commands::{CommandError, FieldErrors, form_version};
use crate::error::AppError;
use crate::handlers::actor;
use crate::views::admin::site::SiteSettingsPage;
use crate::views::render;

/// The form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SiteForm {
    version: Option<String>,
    name: String,
    tagline: String,
    who_for: String,
    services: String,
    address: String,
    hours: String,
    phone: String,
    email: String,
    booking: String,
}

impl SiteForm {
    fn input(&self) -> SiteSettingsInput {
        SiteSettingsInput {
            name: self.name.clone(),
            tagline: self.tagline.clone(),
            who_for: self.who_for.clone(),
            services: self.services.clone(),
            address: self.address.clone(),
            hours: self.hours.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            booking: self.booking.clone(),
        }
    }
}

async fn page(
    state: &AppState,
    current: &CurrentUser,
    version: i64,
    values: SiteSettingsInput,
) -> Result<SiteSettingsPage, AppError> {
    Ok(SiteSettingsPage {
        nav: nav(state, current).await?,
        version,
        values,
        errors: FieldErrors::new(),
        problem: None,
        notice: None,
    })
}

/// `GET /admin/site`.
pub async fn edit_form(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let stored = ShowSiteSettings.run(&state, &actor(&current)).await?;
    let mut page = page(
        &state,
        &current,
        stored.version,
        SiteSettingsInput::of(&stored),
    )
    .await?;
    if q.done() == Some("saved") {
        page.notice = Some("Saved. Every page shows the new settings within seconds.");
    }
    render(&page)
}

/// `POST /admin/site`.
pub async fn update(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { form, .. }: CsrfForm<SiteForm>,
) -> Result<Response, AppError> {
    let who = actor(&current);
    let saved = match form_version(form.version.as_deref()) {
        Ok(version) => {
            let command = ChangeSiteSettings {
                version,
                input: form.input(),
            };
            command.run(&state, &who).await
        }
        Err(err) => Err(err),
    };
    let version = form_version(form.version.as_deref()).unwrap_or(0);
    let mut page = page(&state, &current, version, form.input()).await?;
    let status = match saved {
        Ok(_) => return Ok(Redirect::to("/admin/site?done=saved").into_response()),
        Err(CommandError::InvalidFields(errors)) => {
            page.errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(CommandError::ChangedMeanwhile(changed)) => {
            page.problem = Some(format!(
                "Someone else saved the settings meanwhile (this was {changed}). Your changes are below: open the settings again in another tab to see theirs, then save what should stay."
            ));
            StatusCode::CONFLICT
        }
        Err(other) => return Err(other.into()),
    };
    Ok((status, render(&page)?).into_response())
}
