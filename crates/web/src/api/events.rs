//! `/events`: the centre's events for staff tokens (list, add, read, change with `If-Match`,
//! publish or cancel through `status`, registrations, attendance), and `/public/events` for
//! anyone without a token (the published upcoming events; registering, limited per address like
//! the public form).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use softland_domain::site::event::{Attendance, EventStatus};

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::event::{
    EventIn, EventList, EventOut, EventRegistrationIn, EventRegistrationList, EventRegistrationOut,
    EventRegistrationPatch, PublicEventList, PublicEventOut, PublicRegistrationOut,
};
use super::precondition::{EventIfMatch, IfMatch, header_value};
use super::respond;
use crate::app::AppState;
use crate::client::Client;
use crate::commands::events::registration::{
    CancelRegistration, MarkAttendance, Register, Registrant, RegistrationInput,
};
use crate::commands::events::{
    ChangeEventStatus, CreateEvent, EventInput, ListEvents, PublicEvents, ShowEvent, UpdateEvent,
};
use crate::commands::{Actor, CommandError, FieldErrors};
use crate::db::events::Event;
use crate::ids::{EventId, RegistrationId};

/// 200 (or `status`) with the event and its `ETag`.
fn answer(status: StatusCode, event: &Event) -> Response {
    let tag = header_value(&format!("\"event-{}-v{}\"", event.id, event.version));
    (status, [(header::ETAG, tag)], Json(EventOut::from(event))).into_response()
}

fn invalid(field: &str, message: &str) -> ApiError {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    CommandError::InvalidFields(errors).into()
}

/// List the events: upcoming (drafts too), then past.
#[utoipa::path(get, path = "/events", operation_id = "list_events", tag = "events",
    responses((status = 200, description = "The events", body = EventList)))]
pub async fn list(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
) -> Result<Json<EventList>, ApiError> {
    let (upcoming, past) = ListEvents.run(&state, &Actor::of(&caller.user)).await?;
    Ok(Json(EventList {
        events: upcoming
            .iter()
            .chain(past.iter())
            .map(EventOut::from)
            .collect(),
    }))
}

/// Add an event (a draft).
#[utoipa::path(post, path = "/events", operation_id = "create_event", tag = "events",
    request_body = EventIn,
    responses((status = 201, description = "The event", body = EventOut,
        headers(("ETag" = String, description = "\"event-<id>-v<version>\""),
            ("Location" = String, description = "/api/v1/events/<id>")))))]
pub async fn create(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiJson(body): ApiJson<EventIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let input = body.over(EventInput::default());
    let id = CreateEvent { input: &input }.run(&state, &actor).await?;
    let (event, _) = ShowEvent { id }.run(&state, &actor).await?;
    Ok(respond::created(
        answer(StatusCode::OK, &event),
        &format!("/events/{id}"),
    ))
}

/// Read an event.
#[utoipa::path(get, path = "/events/{id}", operation_id = "get_event", tag = "events",
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, description = "The event", body = EventOut,
        headers(("ETag" = String, description = "\"event-<id>-v<version>\"")))))]
pub async fn show(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Response, ApiError> {
    let (event, _) = ShowEvent { id }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(answer(StatusCode::OK, &event))
}

/// Change an event: the fields sent (the others kept), and/or `status` (`published`, or
/// `cancelled`, which mails everyone registered or waiting).
///
/// With `If-Match` (or `version`), one changed meanwhile is refused (412, or 409).
#[utoipa::path(patch, path = "/events/{id}", operation_id = "update_event", tag = "events",
    request_body = EventIn,
    params(("id" = i64, Path, description = "Event id"), EventIfMatch),
    responses((status = 200, description = "The event", body = EventOut,
        headers(("ETag" = String, description = "\"event-<id>-v<version>\"")))))]
pub async fn update(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<EventId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<EventIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let (current, _) = ShowEvent { id }.run(&state, &actor).await?;
    let check = if_match.for_record(&format!("\"event-{id}-v"), body.version)?;
    let mut version = check.version.unwrap_or(current.version);
    if body.changes_fields() {
        let input = body.over(EventInput::of(&current, state.config.time_zone));
        let command = UpdateEvent {
            id,
            version,
            input: &input,
        };
        version = command
            .run(&state, &actor)
            .await
            .map_err(|e| check.refusal(e))?;
    }
    if let Some(status) = &body.status {
        let status = match status.as_str() {
            "published" => EventStatus::Published,
            "cancelled" => EventStatus::Cancelled,
            _ => return Err(invalid("status", "send published or cancelled")),
        };
        let command = ChangeEventStatus {
            id,
            version: Some(version),
            status,
        };
        command
            .run(&state, &actor)
            .await
            .map_err(|e| check.refusal(e))?;
    }
    let (saved, _) = ShowEvent { id }.run(&state, &actor).await?;
    Ok(answer(StatusCode::OK, &saved))
}

/// List an event's registrations.
#[utoipa::path(get, path = "/events/{id}/registrations", operation_id = "list_event_registrations", tag = "events",
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, description = "Its registrations", body = EventRegistrationList)))]
pub async fn registrations(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<EventRegistrationList>, ApiError> {
    let (_, found) = ShowEvent { id }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(EventRegistrationList {
        registrations: found.iter().map(EventRegistrationOut::from).collect(),
    }))
}

/// Register someone (staff: by phone, at the door; the deadline does not apply). The same
/// e-mail again answers with its registration (200): no new seat; its address is mailed a
/// fresh cancel link.
#[utoipa::path(post, path = "/events/{id}/registrations", operation_id = "add_event_registration", tag = "events",
    request_body = EventRegistrationIn,
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 201, description = "The registration", body = EventRegistrationOut),
        (status = 200, description = "This e-mail was registered already", body = EventRegistrationOut)))]
pub async fn add_registration(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<EventRegistrationIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let input = RegistrationInput {
        name: body.name,
        email: body.email,
        consent: true,
        honeypot: String::new(),
    };
    let outcome = Register {
        event: id,
        input: &input,
        who: Registrant::Staff(&actor),
    }
    .run(&state)
    .await?;
    let r = outcome.registration.ok_or_else(ApiError::not_found)?;
    let status = if outcome.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(EventRegistrationOut::from(&r))).into_response())
}

/// Mark a registration's attendance, or cancel it (the first person waiting moves up).
#[utoipa::path(patch, path = "/events/{id}/registrations/{registration}", operation_id = "update_event_registration", tag = "events",
    request_body = EventRegistrationPatch,
    params(("id" = i64, Path, description = "Event id"), ("registration" = i64, Path, description = "Registration id")),
    responses((status = 200, description = "The registration", body = EventRegistrationOut)))]
pub async fn update_registration(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, registration)): ApiPath<(EventId, RegistrationId)>,
    ApiJson(body): ApiJson<EventRegistrationPatch>,
) -> Result<Json<EventRegistrationOut>, ApiError> {
    let actor = Actor::of(&caller.user);
    let (_, found) = ShowEvent { id }.run(&state, &actor).await?;
    if !found.iter().any(|r| r.id == registration) {
        return Err(ApiError::not_found());
    }
    if let Some(mark) = &body.attendance {
        let mark = Attendance::parse(mark)
            .ok_or_else(|| invalid("attendance", "send unknown, attended or no_show"))?;
        let marks = [(registration, mark)];
        MarkAttendance {
            event: id,
            marks: &marks,
        }
        .run(&state, &actor)
        .await?;
    }
    match body.status.as_deref() {
        None => {}
        Some("cancelled") => {
            CancelRegistration::Staff {
                event: id,
                id: registration,
                actor: &actor,
            }
            .run(&state)
            .await?;
        }
        Some(_) => return Err(invalid("status", "send cancelled")),
    }
    let (_, after) = ShowEvent { id }.run(&state, &actor).await?;
    let r = after
        .iter()
        .find(|r| r.id == registration)
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(EventRegistrationOut::from(r)))
}

/// The published upcoming events.
///
/// No token needed.
#[utoipa::path(get, path = "/public/events", operation_id = "list_public_events", tag = "events", security(()),
    responses((status = 200, description = "The events", body = PublicEventList)))]
pub async fn public_list(State(state): State<AppState>) -> Result<Json<PublicEventList>, ApiError> {
    let found = PublicEvents { past: false }.run(&state).await?;
    Ok(Json(PublicEventList {
        events: found.iter().map(PublicEventOut::from).collect(),
    }))
}

/// Register for a published event: a place, or the waiting list when it is full; the mail
/// says which, with the personal cancel link. The answer is the same whether the e-mail was
/// registered already or not (then nothing is stored and the mail carries a fresh cancel
/// link). Limited per address and per recipient e-mail (429).
///
/// No token needed.
#[utoipa::path(post, path = "/public/events/{id}/registrations", operation_id = "register_for_public_event", tag = "events", security(()),
    request_body = EventRegistrationIn,
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 201, description = "A mail was sent to the address with where it stands and the cancel link", body = PublicRegistrationOut),
        (status = 404, description = "No such published event", body = super::error::ErrorEnvelope),
        (status = 429, description = "Too many submissions from this address or for this e-mail; nothing was stored", body = super::error::ErrorEnvelope)))]
pub async fn public_register(
    State(state): State<AppState>,
    client: Client,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<EventRegistrationIn>,
) -> Result<Response, ApiError> {
    let input = RegistrationInput {
        name: body.name,
        email: body.email,
        consent: body.consent,
        honeypot: String::new(),
    };
    let who = Registrant::Public {
        ip: client.ip,
        account: None,
    };
    let outcome = Register {
        event: id,
        input: &input,
        who,
    }
    .run(&state)
    .await?;
    let r = outcome.registration.ok_or_else(ApiError::not_found)?;
    let out = PublicRegistrationOut {
        message: format!("We have sent a mail to {} — check your inbox.", r.email),
        email: r.email,
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}
