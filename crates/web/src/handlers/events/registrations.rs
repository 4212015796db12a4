//! Staff's changes of an event's registrations: someone added (`POST
//! /programme/{id}/registrations`), a registration cancelled, attendance marked for everyone
//! in one form (`POST /programme/{id}/attendance`, fields `a<registration id>`).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use softland_domain::site::event::Attendance;

use super::forms::AddForm;
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::commands::CommandError;
use crate::commands::events::registration::{
    CancelRegistration, MarkAttendance, Register, Registrant,
};
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::{EventId, RegistrationId};
use crate::views::render;

/// `POST /programme/{id}/registrations`.
pub async fn add(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
    CsrfForm { form, .. }: CsrfForm<AddForm>,
) -> Result<Response, AppError> {
    let input = form.input();
    let who = actor(&current);
    let command = Register {
        event: EventId(id),
        input: &input,
        who: Registrant::Staff(&who),
    };
    match command.run(&state).await {
        Ok(outcome) => {
            let done = if outcome.new { "added" } else { "existing" };
            Ok(Redirect::to(&format!("/programme/{id}?done={done}")).into_response())
        }
        Err(CommandError::InvalidFields(errors)) => {
            let mut page = super::page(&state, &current, EventId(id)).await?;
            page.add = input;
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /programme/{id}/registrations/{registration}/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path((id, registration)): Path<(i64, i64)>,
    CsrfForm { .. }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let who = actor(&current);
    CancelRegistration::Staff {
        event: EventId(id),
        id: RegistrationId(registration),
        actor: &who,
    }
    .run(&state)
    .await?;
    Ok(Redirect::to(&format!("/programme/{id}?done=registration-cancelled")).into_response())
}

/// `POST /programme/{id}/attendance`.
pub async fn attendance(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
    CsrfForm { form, .. }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let marks: Vec<(RegistrationId, Attendance)> = form
        .iter()
        .filter_map(|(name, value)| {
            let registration = name.strip_prefix('a')?.parse().ok()?;
            Some((RegistrationId(registration), Attendance::parse(value)?))
        })
        .collect();
    match (MarkAttendance {
        event: EventId(id),
        marks: &marks,
    })
    .run(&state, &actor(&current))
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/programme/{id}?done=attendance")).into_response()),
        Err(CommandError::InvalidFields(errors)) => {
            let mut page = super::page(&state, &current, EventId(id)).await?;
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
