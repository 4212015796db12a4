//! An organisation's contact people: `POST /partners/{id}/contacts` (add),
//! `POST /partners/{id}/contacts/{contact}` (change) and `…/remove`. A refused form shows the
//! organisation's page again with the message beside each field and what was typed (422).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::forms::ContactForm;
use super::nav;
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::commands::partners::directory::{
    AddContact, ContactInput, OrganisationQuery, RemoveContact, UpdateContact,
};
use crate::commands::{CommandError, FieldErrors};
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::{ContactId, OrganisationId};
use crate::views::partners::show::OrganisationPage;
use crate::views::render;

/// The organisation's page with a contact form's mistakes (`contact`: which form; `None` is
/// the one adding).
async fn refused(
    state: &AppState,
    current: &CurrentUser,
    (id, contact): (OrganisationId, Option<ContactId>),
    (values, errors): (ContactInput, FieldErrors),
) -> Result<Response, AppError> {
    let view = OrganisationQuery { id }.run(state, &actor(current)).await?;
    let mut page = OrganisationPage::new(nav(state, current).await?, &view, state.config.today());
    let form = match contact {
        None => Some(&mut page.new_contact),
        Some(c) => page
            .contacts
            .iter_mut()
            .find(|r| r.id == c.0)
            .map(|r| &mut r.form),
    };
    let form = form.ok_or(AppError::NotFound)?;
    form.values = values;
    form.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

fn done(id: OrganisationId, what: &str) -> Response {
    Redirect::to(&format!("/partners/{id}?done={what}#contacts-heading")).into_response()
}

/// `POST /partners/{id}/contacts`.
pub async fn create(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<OrganisationId>,
    CsrfForm { form, .. }: CsrfForm<ContactForm>,
) -> Result<Response, AppError> {
    let command = AddContact {
        organisation: id,
        input: form.input(),
    };
    match command.run(&state, &actor(&current)).await {
        Ok(_) => Ok(done(id, "contact-added")),
        Err(CommandError::InvalidFields(errors)) => {
            refused(&state, &current, (id, None), (command.input, errors)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /partners/{id}/contacts/{contact}`.
pub async fn update(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path((id, contact)): Path<(OrganisationId, ContactId)>,
    CsrfForm { form, .. }: CsrfForm<ContactForm>,
) -> Result<Response, AppError> {
    let command = UpdateContact {
        organisation: id,
        id: contact,
        input: form.input(),
    };
    match command.run(&state, &actor(&current)).await {
        Ok(()) => Ok(done(id, "contact-saved")),
        Err(CommandError::InvalidFields(errors)) => {
            refused(
                &state,
                &current,
                (id, Some(contact)),
                (command.input, errors),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /partners/{id}/contacts/{contact}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path((id, contact)): Path<(OrganisationId, ContactId)>,
    CsrfForm { .. }: CsrfForm<super::DoneQuery>,
) -> Result<Response, AppError> {
    RemoveContact {
        organisation: id,
        id: contact,
    }
    .run(&state, &actor(&current))
    .await?;
    Ok(done(id, "contact-removed"))
}
