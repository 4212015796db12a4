//! Referrals on the case page (issue 21): `GET /cases/{id}/referrals/new` (the form, prefilled
//! with `?organisation=` and `?item=` from "who can help"), `POST /cases/{id}/referrals`,
//! `GET /cases/{id}/referrals/{referral}` (the partner's contact, the steps and the step
//! buttons), `POST /cases/{id}/referrals/{referral}/steps` and `POST /cases/{id}/languages`
//! (the household's languages). Staff only.

mod form;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::auth::session;
use crate::commands::partners::referrals::{
    ChangeLanguages, Refer, ShowReferral, StepReferral, parse_languages,
};
use crate::commands::{CommandError, Field, FieldErrors, form_version};
use crate::error::AppError;
use crate::handlers::buddy::sentences;
use crate::handlers::case_page::{At, Back, respond};
use crate::handlers::{actor, field_sentence, sentence};
use crate::ids::{CaseId, ReferralId};
use crate::views::case_page::{PageView, Typed};
use crate::views::referrals::ReferralPage;
use crate::views::render;
use form::{NewQuery, ReferralForm, StepForm, new_page};

/// A form's mistakes, as sentences beside their fields (422); anything else is the error.
fn field_errors(err: CommandError) -> Result<FieldErrors, AppError> {
    match err {
        CommandError::InvalidFields(errors) => Ok(sentences(&errors)),
        CommandError::Invalid { field, problem } => {
            Ok(crate::handlers::field_errors(field, &problem))
        }
        other => Err(other.into()),
    }
}

/// `GET /cases/{id}/referrals/new`.
pub async fn new_form(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let values = form::prefilled(&state, &current, id, &q).await?;
    let page = new_page(&state, &current, id, values, FieldErrors::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /cases/{id}/referrals`: refers; the referral's page says so. Wrong fields come back
/// beside their inputs with what was typed (422).
pub async fn create(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    CsrfForm { form, .. }: CsrfForm<ReferralForm>,
) -> Result<Response, AppError> {
    let input = form.input();
    let made = match Refer::parse(id, &input) {
        Ok(refer) => refer.run(&state, &actor(&current)).await,
        Err(err) => Err(err),
    };
    let errors = match made {
        Ok(referral) => {
            let message = "Referred. Follow it up from your dashboard.".to_owned();
            session::set_flash(&current.session, message).await?;
            return Ok(Redirect::to(&format!("/cases/{id}/referrals/{referral}")).into_response());
        }
        Err(err) => field_errors(err)?,
    };
    let page = new_page(&state, &current, id, input, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// Referral `referral` of case `id` (another case's is not found).
async fn page(
    state: &AppState,
    current: &crate::auth::extract::CurrentUser,
    (id, referral): (CaseId, ReferralId),
) -> Result<ReferralPage, AppError> {
    let details = ShowReferral { id: referral }
        .run(state, &actor(current))
        .await?;
    if details.referral.case != id {
        return Err(CommandError::NotFound.into());
    }
    let nav = crate::handlers::messages::nav_with_messages(state, current, "cases").await?;
    Ok(ReferralPage::new(nav, &details, state.config.time_zone))
}

/// `GET /cases/{id}/referrals/{referral}`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(ids): Path<(CaseId, ReferralId)>,
) -> Result<Response, AppError> {
    let mut page = page(&state, &current, ids).await?;
    page.flash = session::take_flash(&current.session).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /cases/{id}/referrals/{referral}/steps`: one step (the button pressed); a note is
/// needed for "not solved". A refused step or a stale page comes back with the reason (409,
/// 422) and what was typed.
pub async fn step(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path((id, referral)): Path<(CaseId, ReferralId)>,
    CsrfForm { form, .. }: CsrfForm<StepForm>,
) -> Result<Response, AppError> {
    page(&state, &current, (id, referral)).await?;
    let input = form.input();
    let command = async {
        let version = form_version(Some(&form.version))?;
        let step = StepReferral::parse(referral, Some(version), &input)?;
        step.run(&state, &actor(&current)).await
    };
    let (status, errors) = match command.await {
        Ok(_) => {
            session::set_flash(&current.session, "Saved.".to_owned()).await?;
            let to = format!("/cases/{id}/referrals/{referral}");
            return Ok(Redirect::to(&to).into_response());
        }
        Err(CommandError::ChangedMeanwhile(changed)) => {
            let mut errors = FieldErrors::new();
            let text = format!("This was {changed}; see it as it is now, then try again.");
            errors.add(Field::Event.name(), text);
            (StatusCode::CONFLICT, errors)
        }
        Err(CommandError::Refused(why)) => {
            let mut errors = FieldErrors::new();
            errors.add(Field::Event.name(), sentence(&why.to_string()));
            (StatusCode::CONFLICT, errors)
        }
        Err(err) => (StatusCode::UNPROCESSABLE_ENTITY, field_errors(err)?),
    };
    let mut page = page(&state, &current, (id, referral)).await?;
    page.values = input;
    page.errors = errors;
    Ok((status, render(&page)?).into_response())
}

/// The languages form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LanguagesForm {
    version: String,
    languages: String,
}

/// `POST /cases/{id}/languages`: the household's languages; back to the case page's
/// referrals, or the page with the reason and what was typed.
pub async fn languages(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<LanguagesForm>,
) -> Result<Response, AppError> {
    let command = async {
        let version = form_version(Some(&form.version))?;
        let languages = parse_languages(&form.languages)?;
        let change = ChangeLanguages {
            case: id,
            version: Some(version),
            languages,
        };
        change.run(&state, &actor(&current)).await
    };
    let (status, heading, message) = match command.await {
        Ok(_) => {
            let message = "Languages saved: who can help shows partners speaking them.";
            let at = (At::Section("referrals"), Typed::default(), back);
            return respond(&state, &current, id, Ok(message.to_owned()), at).await;
        }
        Err(CommandError::ChangedMeanwhile(changed)) => (
            StatusCode::CONFLICT,
            "Changed meanwhile",
            format!("This was {changed}. Below is the current state; nothing you sent was saved."),
        ),
        Err(CommandError::Invalid { field, problem }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not saved",
            field_sentence(field, &problem),
        ),
        Err(other) => return Err(other.into()),
    };
    let view = PageView {
        filter: back.0,
        ..PageView::default()
    };
    let mut page = crate::handlers::case_page::page(&state, &current, id, view).await?;
    page.refuse(heading.to_owned(), message, "referrals", Typed::default());
    page.languages = form.languages;
    Ok((status, render(&page)?).into_response())
}
