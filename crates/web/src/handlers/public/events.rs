//! The public events pages (issue 22), for anyone: `GET /events` (upcoming), `GET
//! /events/past`, `GET /events/{id}` with the registration form (`POST
//! /events/{id}/register`: the address's limit first, CSRF like the other public forms, a field
//! hidden from people that only robots fill in), the event's `.ics` file, and the page of a
//! personal cancel link (`GET`/`POST /events/registrations/{token}`). Drafts are 404 here,
//! except for staff.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use softland_domain::site::event::{
    RegistrationStatus, registration_cancellable, registration_open,
};
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::Role;
use crate::auth::csrf::{CsrfForm, page_token};
use crate::auth::extract::{CurrentUser, Denied};
use crate::auth::visitor::Visitor;
use crate::client::Client;
use crate::commands::events::registration::{
    CancelRegistration, Register, Registrant, RegistrationByToken, RegistrationInput,
};
use crate::commands::events::{PublicEvent, PublicEvents};
use crate::commands::{Actor, CommandError, FieldErrors};
use crate::db::events::{Event, Registration};
use crate::error::AppError;
use crate::views::events::{EventLine, place_words};
use crate::views::feed::{FeedContext, ProgrammeEvent, event_file};
use crate::views::public::events::{
    EventShowPage, EventsPage, RegisteredPage, RegistrationForm, RegistrationPage,
};
use crate::views::public::{PageMeta, Section};
use crate::views::render;

/// The registration form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    name: String,
    email: String,
    consent: Option<String>,
    /// The field hidden from people.
    website: String,
}

impl RegisterForm {
    fn input(&self) -> RegistrationInput {
        RegistrationInput {
            name: self.name.clone(),
            email: self.email.clone(),
            consent: self.consent.as_deref().is_some_and(|c| !c.is_empty()),
            honeypot: self.website.clone(),
        }
    }
}

/// The signed-in person, if any.
fn signed_in(current: Result<CurrentUser, Denied>) -> Option<CurrentUser> {
    current.ok()
}

async fn list_page(state: &AppState, session: &Session, past: bool) -> Result<Response, AppError> {
    let events = PublicEvents { past }.run(state).await?;
    let zone = state.config.time_zone;
    let meta = if past {
        PageMeta::website(
            "Past events",
            "Events the expat centre has held.",
            "/events/past",
        )
    } else {
        PageMeta::website(
            "Events",
            "Workshops, info sessions and community meetups for foreigners in Ostrava.",
            "/events",
        )
    };
    let chrome = super::chrome(state, session, Some(Section::Events), meta).await?;
    let page = EventsPage {
        chrome,
        events: events.iter().map(|e| EventLine::of(e, zone)).collect(),
        past,
    };
    Ok(render(&page)?.into_response())
}

/// `GET /events`.
pub async fn list(State(state): State<AppState>, session: Session) -> Result<Response, AppError> {
    list_page(&state, &session, false).await
}

/// `GET /events/past`.
pub async fn past(State(state): State<AppState>, session: Session) -> Result<Response, AppError> {
    list_page(&state, &session, true).await
}

/// What the page of `event` needs besides the form.
struct Showing<'a> {
    event: &'a Event,
    csrf: String,
    current: Option<&'a CurrentUser>,
    values: RegistrationInput,
    errors: FieldErrors,
}

async fn event_page(
    state: &AppState,
    session: &Session,
    s: Showing<'_>,
) -> Result<EventShowPage, AppError> {
    let e = s.event;
    let closed = registration_open(e.status, e.starts_at, e.closes_at, state.config.clock.now())
        .err()
        .map(|c| c.to_string());
    let account_email = s
        .current
        .filter(|c| c.user.role == Role::Expat)
        .map(|c| c.user.email.clone());
    let meta = PageMeta::article(e.title.clone(), description(e), format!("/events/{}", e.id));
    Ok(EventShowPage {
        chrome: super::chrome(state, session, Some(Section::Events), meta).await?,
        event: EventLine::of(e, state.config.time_zone),
        description_html: e.description_html.clone(),
        online_url: e.online_url.clone().filter(|_| e.capacity.is_none()),
        online_for_places: e.online_url.is_some() && e.capacity.is_some(),
        csrf: s.csrf,
        form: closed.is_none().then_some(RegistrationForm {
            values: s.values,
            errors: s.errors,
            account_email,
        }),
        closed,
    })
}

fn description(e: &Event) -> String {
    if e.summary.is_empty() {
        format!("{}: {}", e.kind.label(), e.title)
    } else {
        e.summary.clone()
    }
}

fn actor_of(current: Option<&CurrentUser>) -> Option<Actor> {
    current.map(|c| Actor::of(&c.user))
}

/// `GET /events/{id}`.
pub async fn show(
    State(state): State<AppState>,
    current: Result<CurrentUser, Denied>,
    session: Session,
    visitor: Visitor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let current = signed_in(current);
    let actor = actor_of(current.as_ref());
    let event = PublicEvent {
        id: crate::ids::EventId(id),
        actor: actor.as_ref(),
    }
    .run(&state)
    .await?;
    let values = RegistrationInput {
        name: current
            .as_ref()
            .filter(|c| c.user.role == Role::Expat)
            .map(|c| c.user.display_name.clone())
            .unwrap_or_default(),
        ..RegistrationInput::default()
    };
    let showing = Showing {
        event: &event,
        csrf: page_token(&state, &session, &visitor).await?,
        current: current.as_ref(),
        values,
        errors: FieldErrors::new(),
    };
    Ok(render(&event_page(&state, &session, showing).await?)?.into_response())
}

/// `POST /events/{id}/register`.
pub async fn register(
    State(state): State<AppState>,
    current: Result<CurrentUser, Denied>,
    client: Client,
    visitor: Visitor,
    Path(id): Path<i64>,
    CsrfForm { form, session }: CsrfForm<RegisterForm>,
) -> Result<Response, AppError> {
    let current = signed_in(current);
    let actor = actor_of(current.as_ref());
    let input = form.input();
    let account = current
        .as_ref()
        .filter(|c| c.user.role == Role::Expat)
        .zip(actor.as_ref())
        .map(|(c, a)| (a, c.user.email.as_str()));
    let command = Register {
        event: crate::ids::EventId(id),
        input: &input,
        who: Registrant::Public {
            ip: client.ip,
            account,
        },
    };
    match command.run(&state).await {
        Ok(outcome) => {
            // The same page whether the e-mail was registered before or not (a robot's too):
            // where they stand is in the mail only.
            let email = outcome
                .registration
                .as_ref()
                .map_or_else(|| input.email.trim().to_owned(), |r| r.email.clone());
            let meta = PageMeta::website(
                "Registered",
                description(&outcome.event),
                format!("/events/{id}"),
            );
            let page = RegisteredPage {
                chrome: super::chrome(&state, &session, Some(Section::Events), meta).await?,
                event: EventLine::of(&outcome.event, state.config.time_zone),
                email,
            };
            Ok(render(&page)?.into_response())
        }
        Err(CommandError::InvalidFields(errors)) => {
            let event = PublicEvent {
                id: crate::ids::EventId(id),
                actor: actor.as_ref(),
            }
            .run(&state)
            .await?;
            let showing = Showing {
                event: &event,
                csrf: page_token(&state, &session, &visitor).await?,
                current: current.as_ref(),
                values: input,
                errors,
            };
            let mut page = event_page(&state, &session, showing).await?;
            if page.form.is_none() {
                // Closed since the form was shown: the reason stands in its place.
                page.closed = page.closed.or(Some("registration has closed".to_owned()));
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /events/{id}/event.ics`.
pub async fn ics(
    State(state): State<AppState>,
    current: Result<CurrentUser, Denied>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let current = signed_in(current);
    let actor = actor_of(current.as_ref());
    let event = PublicEvent {
        id: crate::ids::EventId(id),
        actor: actor.as_ref(),
    }
    .run(&state)
    .await?;
    let base = state.config.base_url().trim_end_matches('/').to_owned();
    let site = crate::commands::site::site_settings(&state).await?;
    let context = FeedContext {
        base_url: base.clone(),
        name: site.name.clone(),
    };
    // An event with a capacity sends its online link to people with a place only.
    let location = match (&event.place, &event.online_url) {
        (Some(p), Some(u)) if event.capacity.is_none() => format!("{p} / {u}"),
        (Some(p), None) => p.clone(),
        (None, Some(u)) if event.capacity.is_none() => u.clone(),
        _ => place_words(&event),
    };
    let body = event_file(
        &context,
        &ProgrammeEvent {
            id: event.id.0,
            title: &event.title,
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            updated_at: event.updated_at,
            version: event.version,
            location: &location,
            description: &event.summary,
            url: format!("{base}/events/{id}"),
            cancelled: event.status == softland_domain::site::event::EventStatus::Cancelled,
        },
    );
    let headers = [
        (
            header::CONTENT_TYPE,
            "text/calendar; charset=utf-8".to_owned(),
        ),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"event-{id}.ics\""),
        ),
    ];
    Ok((headers, body).into_response())
}

/// What happened on the page of a cancel link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Done {
    /// Only shown.
    Shown,
    /// Cancelled just now.
    Cancelled,
    /// Refused: the event has started.
    Refused,
}

async fn registration_page(
    state: &AppState,
    session: &Session,
    visitor: &Visitor,
    token: &str,
    found: (Registration, Event),
    done: Done,
) -> Result<Response, AppError> {
    let (r, event) = found;
    let has_place = r.status == RegistrationStatus::Registered;
    let standing = match (r.status, r.position) {
        (RegistrationStatus::Registered, _) => "You have a place.".to_owned(),
        (RegistrationStatus::Waiting, Some(n)) => {
            format!("You are number {n} on the waiting list.")
        }
        (RegistrationStatus::Waiting, None) => "You are on the waiting list.".to_owned(),
        (RegistrationStatus::Cancelled, _) => "Cancelled.".to_owned(),
    };
    // The link is personal: the page is not for search engines, and says so in its address.
    let meta = PageMeta::website(
        "Your registration",
        "Your registration for an event.",
        "/events",
    );
    let page = RegistrationPage {
        chrome: super::chrome(state, session, Some(Section::Events), meta).await?,
        csrf: page_token(state, session, visitor).await?,
        token: token.to_owned(),
        event: EventLine::of(&event, state.config.time_zone),
        name: r.name,
        standing,
        cancelled: r.status == RegistrationStatus::Cancelled,
        just_cancelled: done == Done::Cancelled,
        started: !registration_cancellable(event.starts_at, state.config.clock.now()),
        online_url: event.online_url.clone().filter(|_| has_place),
    };
    let status = if done == Done::Refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /events/registrations/{token}`.
pub async fn registration(
    State(state): State<AppState>,
    session: Session,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let found = RegistrationByToken { token: &token }.run(&state).await?;
    registration_page(&state, &session, &visitor, &token, found, Done::Shown).await
}

/// `POST /events/registrations/{token}`: cancels (once; again changes nothing; refused with
/// 422 once the event has started).
pub async fn cancel(
    State(state): State<AppState>,
    client: Client,
    visitor: Visitor,
    Path(token): Path<String>,
    CsrfForm { session, .. }: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let done = match (CancelRegistration::Link {
        token: &token,
        ip: client.ip,
    })
    .run(&state)
    .await
    {
        Ok((_, true)) => Done::Cancelled,
        Ok((_, false)) => Done::Shown,
        Err(CommandError::InvalidFields(_)) => Done::Refused,
        Err(other) => return Err(other.into()),
    };
    let found = RegistrationByToken { token: &token }.run(&state).await?;
    registration_page(&state, &session, &visitor, &token, found, done).await
}
