//! `GET /my/privacy` ("Your data and your privacy", issue 23): why the centre keeps the
//! household's data, the expat's own consents with one button each to withdraw or give them
//! (`POST /my/privacy/consents`; sharing with an employer or a buddy goes to those
//! features' own buttons), their rights, and the download of all their data
//! (`POST /my/privacy/export`: a ZIP).

use axum::extract::State;
use axum::response::{Html, Redirect, Response};
use serde::Deserialize;

use super::chrome;
use crate::access::{Access, AccessKind, Viewed, Viewer};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::ExpatUser;
use crate::auth::session;
use crate::commands::CommandError;
use crate::commands::privacy::export::ExportPerson;
use crate::commands::privacy::{ChangeRegisterConsent, OwnPrivacyQuery};
use crate::error::AppError;
use crate::handlers::actor;
use crate::handlers::privacy::zip_download;
use crate::ids::{CaseId, PersonId};
use crate::views::privacy::PortalPrivacyPage;
use crate::views::render;

/// `GET /my/privacy`.
pub async fn show(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
) -> Result<Html<String>, AppError> {
    let cases = OwnPrivacyQuery.run(&state, &actor(&current)).await?;
    let mut page = PortalPrivacyPage::new(chrome(&state, &current).await?, &cases);
    page.flash = session::take_flash(&current.session).await?;
    render(&page)
}

/// A person of a case (hidden fields of the page's forms).
#[derive(Debug, Deserialize, Default)]
pub struct PersonForm {
    #[serde(default)]
    case: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    action: String,
}

impl PersonForm {
    /// The case and person, or not found.
    fn ids(&self) -> Result<(CaseId, PersonId), CommandError> {
        let case = self
            .case
            .trim()
            .parse()
            .map_err(|_| CommandError::NotFound)?;
        let person = self
            .person
            .trim()
            .parse()
            .map_err(|_| CommandError::NotFound)?;
        Ok((CaseId(case), PersonId(person)))
    }
}

/// `POST /my/privacy/consents`: the expat's own consent, given in the portal or withdrawn;
/// it takes effect at the next request or job run.
pub async fn change_consent(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    CsrfForm { form, session }: CsrfForm<PersonForm>,
) -> Result<Redirect, AppError> {
    let (case, person) = form.ids()?;
    let give = (form.action == "give").then_some("portal");
    let command = ChangeRegisterConsent::parse(case, person, &form.purpose, give)?;
    command.run(&state, &actor(&current)).await?;
    let message = if give.is_some() {
        format!(
            "Thank you: you agreed to {}.",
            command.purpose.label().to_lowercase()
        )
    } else {
        format!(
            "Done: {} stopped from now on.",
            command.purpose.label().to_lowercase()
        )
    };
    session::set_flash(&session, message).await?;
    Ok(Redirect::to("/my/privacy"))
}

/// `POST /my/privacy/export`: a ZIP of all the data of the expat's own person.
pub async fn export(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    access: Access,
    CsrfForm { form, .. }: CsrfForm<PersonForm>,
) -> Result<Response, AppError> {
    let (case, person) = form.ids()?;
    let export = ExportPerson { case, person }
        .run(&state, &actor(&current))
        .await?;
    access
        .record(
            Viewer::of(&current.user),
            AccessKind::Export,
            Viewed::person(case, person),
        )
        .await;
    Ok(zip_download(export))
}
