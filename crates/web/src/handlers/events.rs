//! The events' staff pages (issue 22): `GET /programme` (upcoming, drafts and past),
//! `GET /programme/new` + `POST /programme`, `GET /programme/{id}` (registrations, attendance,
//! someone added), `GET /programme/{id}/edit` + `POST /programme/{id}` (against its version),
//! publish and cancel, and the registrations as CSV. Staff only (403 for anyone else).

mod forms;
pub mod registrations;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use softland_domain::site::event::EventStatus;

use self::forms::{EventForm, VersionForm};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::commands::events::{
    ChangeEventStatus, CreateEvent, EventInput, ListEvents, ShowEvent, UpdateEvent,
    organiser_choices,
};
use crate::commands::{CommandError, FieldErrors, form_version};
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::EventId;
use crate::views::events::csv::registrations_csv;
use crate::views::events::form::EventFormPage;
use crate::views::events::show::EventPage;
use crate::views::events::{EventLine, ProgrammePage};
use crate::views::nav::Nav;
use crate::views::render;

/// `?done=` after a change: which notice the page shows (fixed texts, never echoed).
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "saved" => Some("Saved."),
        "published" => Some("Published: the event is on the public events page."),
        "cancelled" => {
            Some("The event is cancelled; everyone registered or waiting is told by mail.")
        }
        "attendance" => Some("Attendance saved."),
        "added" => Some("Added: they get the confirmation mail."),
        "existing" => Some("This e-mail was registered already; nothing changed."),
        "registration-cancelled" => {
            Some("The registration is cancelled; the first person waiting (if any) moved up.")
        }
        _ => None,
    }
}

pub(crate) async fn nav(state: &AppState, current: &CurrentUser) -> Result<Nav, AppError> {
    crate::handlers::messages::nav_with_messages(state, current, "events").await
}

/// `GET /programme`.
pub async fn list(
    State(state): State<AppState>,
    Staff(current): Staff,
) -> Result<Html<String>, AppError> {
    let (upcoming, past) = ListEvents.run(&state, &actor(&current)).await?;
    let zone = state.config.time_zone;
    render(&ProgrammePage {
        nav: nav(&state, &current).await?,
        upcoming: upcoming.iter().map(|e| EventLine::of(e, zone)).collect(),
        past: past.iter().map(|e| EventLine::of(e, zone)).collect(),
    })
}

/// `GET /programme/new`.
pub async fn new_form(
    State(state): State<AppState>,
    Staff(current): Staff,
) -> Result<Html<String>, AppError> {
    let choices = organiser_choices(&state).await?;
    let page = EventFormPage::new(
        nav(&state, &current).await?,
        EventInput::default(),
        FieldErrors::new(),
        &choices,
    );
    render(&page)
}

/// The form again after a refused save: mistakes beside their fields (422), or the event as
/// it is now when it changed meanwhile (409).
async fn not_saved(
    state: &AppState,
    mut page: EventFormPage,
    err: CommandError,
) -> Result<Response, AppError> {
    let status = match err {
        CommandError::InvalidFields(errors) => {
            page.errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        CommandError::ChangedMeanwhile(changed) => {
            let id = page.id.map(EventId).ok_or(AppError::NotFound)?;
            let now = crate::db::events::read::event(&state.db, id).await?;
            page.values = EventInput::of(&now, state.config.time_zone);
            page.version = now.version;
            page.problem = Some(format!(
                "This event was {changed}: it changed meanwhile. Below are its details as they \
                 are now; nothing you sent was saved."
            ));
            StatusCode::CONFLICT
        }
        other => return Err(other.into()),
    };
    Ok((status, render(&page)?).into_response())
}

/// `POST /programme`.
pub async fn create(
    State(state): State<AppState>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<EventForm>,
) -> Result<Response, AppError> {
    let input = form.input();
    match (CreateEvent { input: &input })
        .run(&state, &actor(&current))
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/programme/{id}?done=saved")).into_response()),
        Err(err) => {
            let choices = organiser_choices(&state).await?;
            let page = EventFormPage::new(
                nav(&state, &current).await?,
                input,
                FieldErrors::new(),
                &choices,
            );
            not_saved(&state, page, err).await
        }
    }
}

/// `GET /programme/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = page(&state, &current, EventId(id)).await?;
    page.notice = notice(q.done.as_deref());
    render(&page)
}

/// The event's page as it is now.
pub(crate) async fn page(
    state: &AppState,
    current: &CurrentUser,
    id: EventId,
) -> Result<EventPage, AppError> {
    let (event, registrations) = ShowEvent { id }.run(state, &actor(current)).await?;
    let zone = state.config.time_zone;
    let day = event.starts_at.with_timezone(&zone).date_naive();
    let markable = softland_domain::site::event::attendance_markable(day, state.config.today());
    Ok(EventPage::new(
        nav(state, current).await?,
        &event,
        &registrations,
        zone,
        markable,
    ))
}

/// `GET /programme/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let (event, _) = ShowEvent { id: EventId(id) }
        .run(&state, &actor(&current))
        .await?;
    let choices = organiser_choices(&state).await?;
    let mut page = EventFormPage::new(
        nav(&state, &current).await?,
        EventInput::of(&event, state.config.time_zone),
        FieldErrors::new(),
        &choices,
    );
    page.id = Some(id);
    page.stored_title = event.title;
    page.version = event.version;
    render(&page)
}

/// `POST /programme/{id}`.
pub async fn update(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
    CsrfForm { form, .. }: CsrfForm<EventForm>,
) -> Result<Response, AppError> {
    let input = form.input();
    let (event, _) = ShowEvent { id: EventId(id) }
        .run(&state, &actor(&current))
        .await?;
    let result = match form_version(form.version.as_deref()) {
        Ok(version) => {
            UpdateEvent {
                id: EventId(id),
                version,
                input: &input,
            }
            .run(&state, &actor(&current))
            .await
        }
        Err(err) => Err(err),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/programme/{id}?done=saved")).into_response()),
        Err(err) => {
            let choices = organiser_choices(&state).await?;
            let mut page = EventFormPage::new(
                nav(&state, &current).await?,
                input,
                FieldErrors::new(),
                &choices,
            );
            page.id = Some(id);
            page.stored_title = event.title;
            page.version = event.version;
            not_saved(&state, page, err).await
        }
    }
}

async fn change_status(
    state: &AppState,
    current: &CurrentUser,
    id: i64,
    form: &VersionForm,
    status: EventStatus,
) -> Result<Response, AppError> {
    let version = form.version.as_deref().and_then(|v| v.trim().parse().ok());
    let command = ChangeEventStatus {
        id: EventId(id),
        version,
        status,
    };
    match command.run(state, &actor(current)).await {
        Ok(_) => {
            let done = if status == EventStatus::Published {
                "published"
            } else {
                "cancelled"
            };
            Ok(Redirect::to(&format!("/programme/{id}?done={done}")).into_response())
        }
        Err(CommandError::InvalidFields(errors)) => {
            let mut page = page(state, current, EventId(id)).await?;
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(CommandError::ChangedMeanwhile(_)) => {
            let mut page = page(state, current, EventId(id)).await?;
            let mut errors = FieldErrors::new();
            errors.add(
                "event",
                "the event changed meanwhile; look at it again and try once more",
            );
            page.errors = errors;
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /programme/{id}/publish`.
pub async fn publish(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
    CsrfForm { form, .. }: CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    change_status(&state, &current, id, &form, EventStatus::Published).await
}

/// `POST /programme/{id}/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
    CsrfForm { form, .. }: CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    change_status(&state, &current, id, &form, EventStatus::Cancelled).await
}

/// `GET /programme/{id}/registrations.csv`.
pub async fn export(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (_, registrations) = ShowEvent { id: EventId(id) }
        .run(&state, &actor(&current))
        .await?;
    let body = registrations_csv(&registrations, state.config.time_zone)
        .map_err(|e| AppError::Internal(e.into()))?;
    let disposition = format!("attachment; filename=\"event-{id}-registrations.csv\"");
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, body).into_response())
}
