//! The staff side of privacy (issue 23, part A): a case's lawful basis and its people's
//! consents at `GET /cases/{id}/privacy`, with `POST /cases/{id}/lawful-basis`,
//! `POST /cases/{id}/consents` and a person's data export as a ZIP at
//! `POST /cases/{id}/people/{person}/export` (POST: a cross-site page cannot start one).

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{actor, field_errors};
use crate::access::{Access, AccessKind, Viewed, Viewer};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::auth::session;
use crate::commands::CommandError;
use crate::commands::privacy::export::{Export, ExportPerson};
use crate::commands::privacy::{CasePrivacyQuery, ChangeRegisterConsent, SetLawfulBasis};
use crate::error::AppError;
use crate::handlers::login::Empty;
use crate::ids::{CaseId, PersonId};
use crate::views::privacy::CasePrivacyPage;
use crate::views::render;

async fn page(
    state: &AppState,
    current: &CurrentUser,
    case: CaseId,
) -> Result<CasePrivacyPage, AppError> {
    let privacy = CasePrivacyQuery { case }
        .run(state, &actor(current))
        .await?;
    let nav = crate::handlers::messages::nav_with_messages(state, current, "cases").await?;
    Ok(CasePrivacyPage::new(nav, &privacy))
}

/// `GET /cases/{id}/privacy`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    access: Access,
) -> Result<Html<String>, AppError> {
    let mut page = page(&state, &current, id).await?;
    access
        .record(
            Viewer::of(&current.user),
            AccessKind::CasePage,
            Viewed::case(id),
        )
        .await;
    page.flash = session::take_flash(&current.session).await?;
    render(&page)
}

/// The lawful basis form.
#[derive(Debug, Deserialize, Default)]
pub struct BasisForm {
    #[serde(default)]
    lawful_basis: String,
}

/// `POST /cases/{id}/lawful-basis`: a value not offered shows the page again (422).
pub async fn set_basis(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    CsrfForm { form, session }: CsrfForm<BasisForm>,
) -> Result<Response, AppError> {
    let result = match SetLawfulBasis::parse(id, &form.lawful_basis) {
        Ok(set) => set.run(&state, &actor(&current)).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(changed) => {
            let message = if changed {
                "The lawful basis is saved."
            } else {
                "The lawful basis was already that."
            };
            session::set_flash(&session, message.to_owned()).await?;
            Ok(Redirect::to(&format!("/cases/{id}/privacy")).into_response())
        }
        Err(CommandError::Invalid { field, problem }) => {
            let mut page = page(&state, &current, id).await?;
            page.errors = field_errors(field, &problem);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// A consent form: the person, the purpose, `give` (with `consent_how`) or `withdraw`.
#[derive(Debug, Deserialize, Default)]
pub struct ConsentForm {
    #[serde(default)]
    person: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    consent_how: String,
}

impl ConsentForm {
    /// The command of the form (`how`: the way of an expat's own, else the form's).
    fn command(&self, case: CaseId) -> Result<ChangeRegisterConsent, CommandError> {
        let person = self
            .person
            .trim()
            .parse()
            .map(PersonId)
            .map_err(|_| CommandError::NotFound)?;
        let give = match self.action.as_str() {
            "give" => Some(self.consent_how.as_str()),
            _ => None,
        };
        ChangeRegisterConsent::parse(case, person, &self.purpose, give)
    }
}

/// `POST /cases/{id}/consents`.
pub async fn change_consent(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    CsrfForm { form, session }: CsrfForm<ConsentForm>,
) -> Result<Redirect, AppError> {
    let message = match form.command(id) {
        Ok(command) => match command.run(&state, &actor(&current)).await {
            Ok(true) if command.give.is_some() => "The consent is recorded.".to_owned(),
            Ok(true) => "The withdrawal is recorded: it takes effect at once.".to_owned(),
            Ok(false) => "It already stood that way.".to_owned(),
            Err(CommandError::Invalid { field, problem }) => super::field_sentence(field, &problem),
            Err(other) => return Err(other.into()),
        },
        Err(CommandError::Invalid { field, problem }) => super::field_sentence(field, &problem),
        Err(other) => return Err(other.into()),
    };
    session::set_flash(&session, message).await?;
    Ok(Redirect::to(&format!("/cases/{id}/privacy")))
}

/// A ZIP download of `export`.
pub(crate) fn zip_download(export: Export) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", export.filename);
    let headers = [
        (header::CONTENT_TYPE, "application/zip".to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    (headers, export.bytes).into_response()
}

/// `POST /cases/{id}/people/{person}/export`: admins and the case's consultant.
pub async fn export(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path((id, person)): Path<(CaseId, PersonId)>,
    access: Access,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let export = ExportPerson { case: id, person }
        .run(&state, &actor(&current))
        .await?;
    access
        .record(
            Viewer::of(&current.user),
            AccessKind::Export,
            Viewed::person(id, person),
        )
        .await;
    Ok(zip_download(export))
}
