//! The portal's events (issue 22): `GET /my/events` ("Events for you", the household's
//! interests, the expat's registrations), `POST /my/events/interests`, and cancelling one's
//! own registration. Expats only.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use softland_domain::site::event::{EventStatus, RegistrationStatus, registration_cancellable};

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, ExpatUser};
use crate::auth::session;
use crate::commands::events::portal::{SaveInterests, ShowPortalEvents};
use crate::commands::events::registration::CancelRegistration;
use crate::commands::{Actor, CommandError, FieldErrors};
use crate::error::AppError;
use crate::ids::{EventId, RegistrationId};
use crate::views::events::EventLine;
use crate::views::portal::events::{OwnRegistration, PortalEventsPage};
use crate::views::render;

/// The interests' form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InterestsForm {
    interests: String,
}

async fn page(
    state: &AppState,
    current: &CurrentUser,
    typed: Option<String>,
    errors: FieldErrors,
) -> Result<PortalEventsPage, AppError> {
    let actor = Actor::of(&current.user);
    let found = ShowPortalEvents.run(state, &actor).await?;
    let zone = state.config.time_zone;
    let now = state.config.clock.now();
    let registrations = found
        .registrations
        .iter()
        .map(|(r, e)| OwnRegistration {
            event: EventLine::of(e, zone),
            id: r.id.0,
            standing: match (r.status, r.position) {
                (RegistrationStatus::Waiting, Some(n)) => format!("Number {n} on the waiting list"),
                (RegistrationStatus::Waiting, None) => "On the waiting list".to_owned(),
                _ => "You have a place".to_owned(),
            },
            cancellable: e.status != EventStatus::Cancelled
                && registration_cancellable(e.starts_at, now),
        })
        .collect();
    let languages = if found.household.languages.is_empty() {
        "English".to_owned()
    } else {
        found.household.languages.to_text()
    };
    Ok(PortalEventsPage {
        chrome: super::chrome(state, current).await?,
        for_you: found
            .for_you
            .iter()
            .map(|e| EventLine::of(e, zone))
            .collect(),
        registrations,
        languages,
        interests: typed.unwrap_or_else(|| found.household.interests.to_text()),
        errors,
        flash: session::take_flash(&current.session).await?,
    })
}

/// `GET /my/events`.
pub async fn show(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
) -> Result<Response, AppError> {
    Ok(render(&page(&state, &current, None, FieldErrors::new()).await?)?.into_response())
}

/// `POST /my/events/interests`.
pub async fn save_interests(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    CsrfForm { form, .. }: CsrfForm<InterestsForm>,
) -> Result<Response, AppError> {
    let actor = Actor::of(&current.user);
    match (SaveInterests {
        interests: &form.interests,
    })
    .run(&state, &actor)
    .await
    {
        Ok(_) => {
            session::set_flash(&current.session, "Your interests are saved.".to_owned()).await?;
            Ok(Redirect::to("/my/events").into_response())
        }
        Err(CommandError::InvalidFields(errors)) => {
            let page = page(&state, &current, Some(form.interests), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /my/events/{id}/registrations/{registration}/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    Path((id, registration)): Path<(i64, i64)>,
    CsrfForm { .. }: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let actor = Actor::of(&current.user);
    let flash = match (CancelRegistration::Own {
        event: EventId(id),
        id: RegistrationId(registration),
        actor: &actor,
    })
    .run(&state)
    .await
    {
        Ok(_) => "Your registration is cancelled.".to_owned(),
        Err(CommandError::InvalidFields(errors)) => errors
            .get("status")
            .map_or_else(String::new, crate::views::sentence),
        Err(other) => return Err(other.into()),
    };
    session::set_flash(&current.session, flash).await?;
    Ok(Redirect::to("/my/events").into_response())
}
