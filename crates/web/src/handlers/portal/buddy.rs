//! `/my/buddy`: the household's side of the buddy programme — ask for a buddy for an adult
//! of the household, see where each request stands (the ambassador is named only once they
//! accept), withdraw the consent (which ends the match at once), end it when settled, and
//! give feedback at the end; the buddy's photo (`/my/buddy/{id}/photo`) while they look after
//! the newcomer. Another household's request is "not found".

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use softland_domain::buddy::EndReason;

use super::chrome;
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, ExpatUser};
use crate::auth::session;
use crate::commands::buddies::{
    EndMatch, FetchPhoto, GiveFeedback, HouseholdMatch, HouseholdQuery, PhotoOf, RequestBuddy,
    RequestInput,
};
use crate::commands::case_view::ShowPortal;
use crate::commands::{CommandError, FieldErrors};
use crate::db::cases::StoredCase;
use crate::error::AppError;
use crate::handlers::request_form::RequestForm;
use crate::handlers::{actor, field_errors, sentence};
use crate::ids::{CaseId, MatchId};
use crate::views::portal::buddy::{
    BuddyPage, FeedbackForm, has_children, people, request_card, summary, topic_choices,
};
use crate::views::render;

/// The case and the person's position of `<case>:<position>`.
fn split_person(value: &str) -> Option<(CaseId, String)> {
    let (case, position) = value.trim().split_once(':')?;
    Some((case.parse().ok()?, position.to_owned()))
}

fn input(form: &RequestInput, position: String) -> RequestInput {
    RequestInput {
        person: position,
        ..form.clone()
    }
}

/// What a refused form brings back to the page.
#[derive(Default)]
struct Typed {
    request: Option<(RequestInput, FieldErrors)>,
    feedback: FeedbackForm,
}

/// Every message as a sentence.
fn sentences(errors: &FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, message) in errors.iter() {
        out.add(field, sentence(message));
    }
    out
}

/// The household's stored cases and its requests for a buddy.
async fn household(
    state: &AppState,
    current: &CurrentUser,
) -> Result<(Vec<StoredCase>, Vec<HouseholdMatch>), AppError> {
    let me = actor(current);
    let portal = ShowPortal.run(state, &me).await?;
    let matches = HouseholdQuery { case: None }.run(state, &me).await?;
    Ok((
        portal.cases.into_iter().map(|c| c.stored).collect(),
        matches,
    ))
}

async fn page(
    state: &AppState,
    current: &CurrentUser,
    typed: Typed,
) -> Result<BuddyPage, AppError> {
    let today = state.config.today();
    let (cases, matches) = household(state, current).await?;
    let open: Vec<_> = matches
        .iter()
        .filter(|m| m.request.is_open())
        .map(|m| m.request.person)
        .collect();
    let (form, errors) = typed.request.unwrap_or_else(|| {
        let fresh = RequestInput {
            has_children: has_children(&cases, today),
            ..RequestInput::default()
        };
        (fresh, FieldErrors::new())
    });
    let errors = sentences(&errors);
    let feedback = FeedbackForm {
        errors: sentences(&typed.feedback.errors),
        ..typed.feedback
    };
    let (refused, summary) = summary(&errors, &feedback);
    let tz = state.config.time_zone;
    Ok(BuddyPage {
        chrome: chrome(state, current).await?,
        flash: session::take_flash(&current.session).await?,
        requests: matches.iter().map(|m| request_card(m, tz)).collect(),
        people: people(&cases, &open, current.user.id, today),
        topics: topic_choices(&form.topics),
        refused,
        summary,
        form,
        errors,
        feedback,
        no_case: cases.is_empty(),
    })
}

/// `GET /my/buddy`.
pub async fn show(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
) -> Result<Response, AppError> {
    let page = page(&state, &current, Typed::default()).await?;
    Ok(render(&page)?.into_response())
}

/// Runs the request of `form`: the errors to show beside the fields, if it was refused.
async fn ask(
    state: &AppState,
    current: &CurrentUser,
    form: &RequestInput,
) -> Result<Option<FieldErrors>, AppError> {
    let chosen = split_person(&form.person);
    let (case, position) = chosen.clone().unwrap_or((CaseId(0), String::new()));
    let outcome = match RequestBuddy::parse(case, &input(form, position)) {
        Ok(_) if chosen.is_none() => Err(CommandError::InvalidFields(FieldErrors::new())),
        Ok(command) => command.run(state, &actor(current)).await.map(|_| ()),
        Err(e) => Err(e),
    };
    let mut errors = match outcome {
        Ok(()) => return Ok(None),
        Err(CommandError::InvalidFields(errors)) => errors,
        Err(CommandError::Invalid { field, problem }) => field_errors(field, &problem),
        // The person asked meanwhile (another tab, another account of the household).
        Err(CommandError::Refused(refusal)) => {
            let mut errors = FieldErrors::new();
            errors.add("person", refusal.to_string());
            errors
        }
        Err(other) => return Err(other.into()),
    };
    if chosen.is_none() {
        errors.add("person", "choose who the buddy is for");
    }
    Ok(Some(errors))
}

/// `POST /my/buddy`: a request; a refused one shows the page again with each message beside
/// its field and what was typed kept (422).
pub async fn request(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    CsrfForm { form, .. }: CsrfForm<RequestForm>,
) -> Result<Response, AppError> {
    let form = form.input();
    let Some(errors) = ask(&state, &current, &form).await? else {
        let sent = "Your request was sent: we write to you when an ambassador has said yes.";
        session::set_flash(&current.session, sent.to_owned()).await?;
        return Ok(Redirect::to("/my/buddy").into_response());
    };
    let typed = Typed {
        request: Some((form, errors)),
        ..Typed::default()
    };
    let page = page(&state, &current, typed).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// The end form.
#[derive(Debug, Default, Deserialize)]
pub struct EndForm {
    #[serde(default)]
    reason: String,
}

/// `GET /my/buddy/{id}/photo`: the photo of the buddy of request `id` while they look after
/// the newcomer (accepted or active); before, after, and for another household: not found.
pub async fn photo(
    State(state): State<AppState>,
    Path(id): Path<MatchId>,
    ExpatUser(current): ExpatUser,
) -> Result<Response, AppError> {
    let content = FetchPhoto {
        of: PhotoOf::Buddy(id),
    };
    Ok(crate::upload::photo(
        content.run(&state, &actor(&current)).await?,
    ))
}

/// `POST /my/buddy/{id}/end`: "Withdraw my consent" (the ambassador's access ends at once)
/// or "We are settled".
pub async fn end(
    State(state): State<AppState>,
    Path(id): Path<MatchId>,
    ExpatUser(current): ExpatUser,
    CsrfForm { form, .. }: CsrfForm<EndForm>,
) -> Result<Redirect, AppError> {
    let command = EndMatch::parse(id, &form.reason, "")?;
    let done = match command.reason {
        EndReason::Withdrawn => {
            "Your consent is withdrawn: the match has ended and no ambassador sees your details any more."
        }
        _ => "The match has ended. We are glad you have settled in — tell us below how it went.",
    };
    let message = match command.run(&state, &actor(&current)).await {
        Ok(()) => done.to_owned(),
        // Already ended (a second click, or the buddy ended it meanwhile).
        Err(CommandError::Refused(refusal)) => sentence(&refusal.to_string()),
        Err(other) => return Err(other.into()),
    };
    session::set_flash(&current.session, message).await?;
    Ok(Redirect::to(&format!("/my/buddy#buddy-{id}")))
}

/// The feedback form.
#[derive(Debug, Default, Deserialize)]
pub struct FeedbackFormIn {
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
}

/// Runs the feedback of `form` on request `id`: the errors to show beside the fields, if it
/// was refused.
async fn rate(
    state: &AppState,
    current: &CurrentUser,
    id: MatchId,
    form: &FeedbackFormIn,
) -> Result<Option<FieldErrors>, AppError> {
    let outcome = match GiveFeedback::parse(id, &form.rating, &form.comment) {
        Ok(command) => command.run(state, &actor(current)).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Ok(None),
        Err(CommandError::InvalidFields(errors)) => Ok(Some(errors)),
        Err(other) => Err(other.into()),
    }
}

/// `POST /my/buddy/{id}/feedback`: 1–5 and a comment at the end; a refused one shows the page
/// again with the message beside the field (422).
pub async fn feedback(
    State(state): State<AppState>,
    Path(id): Path<MatchId>,
    ExpatUser(current): ExpatUser,
    CsrfForm { form, .. }: CsrfForm<FeedbackFormIn>,
) -> Result<Response, AppError> {
    let Some(errors) = rate(&state, &current, id, &form).await? else {
        let thanks = "Thank you for your feedback.".to_owned();
        session::set_flash(&current.session, thanks).await?;
        return Ok(Redirect::to(&format!("/my/buddy#buddy-{id}")).into_response());
    };
    let feedback = FeedbackForm {
        id: id.0,
        rating: form.rating,
        comment: form.comment,
        errors,
    };
    let typed = Typed {
        feedback,
        ..Typed::default()
    };
    let page = page(&state, &current, typed).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
