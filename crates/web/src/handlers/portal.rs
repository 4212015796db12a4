//! The expat portal: my household's checklist, and the conversation with the consultant. Every query is
//! scoped by the signed-in expat; any other case answers 404 exactly like a missing one.
//! The household's side of the buddy programme: `portal::buddy`.

pub mod buddy;
pub mod employer;
pub mod events;
pub mod privacy;
pub mod referrals;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::CurrentUser;
use crate::auth::extract::ExpatUser;
use crate::auth::session;
use crate::commands::Actor;
use crate::commands::case_view::ShowPortal;
use crate::commands::invitations::AnswerLinkRequest;
use crate::commands::messages::{ShowConversation, THREAD_PAGE};
use crate::commands::partners::referrals::WhoCanHelp;
use crate::db::invitations::Answer;
use crate::db::users;
use crate::error::AppError;
use crate::handlers::messages::{MessageForm, ThreadQuery, post};
use crate::ids::{CaseId, MessageId, PersonId};
use crate::views::messages::{PortalConversationPage, ReplyForm, thread};
use crate::views::portal::{GlossaryPage, PortalChrome, PortalPage, TERMS, portal_case};
use crate::views::referrals::help_views;
use crate::views::render;

/// `GET /my`.
pub async fn show(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    access: crate::access::Access,
) -> Result<Html<String>, AppError> {
    let today = state.config.today();
    let actor = Actor::of(&current.user);
    let portal = ShowPortal.run(&state, &actor).await?;
    let seen: Vec<_> = portal.cases.iter().map(|c| c.stored.id).collect();
    let viewer = crate::access::Viewer::of(&current.user);
    access
        .record_each(viewer, crate::access::AccessKind::PortalCase, &seen)
        .await;
    let cal = &portal.calendar;
    let mut cases = Vec::new();
    for c in portal.cases {
        let zone = state.config.time_zone;
        let help = WhoCanHelp { case: &c.stored }.run(&state, &actor).await?;
        let mut case = portal_case(
            &c.stored,
            c.consultant.as_ref(),
            c.conversation,
            today,
            cal,
            zone,
        );
        case.help = help_views(&help, false);
        cases.push(case);
    }
    let events = crate::commands::events::portal::ShowPortalEvents
        .run(&state, &actor)
        .await?
        .for_you
        .iter()
        .take(3)
        .map(|e| crate::views::events::EventLine::of(e, state.config.time_zone))
        .collect();
    let page = PortalPage {
        chrome: chrome(&state, &current).await?,
        cases,
        requests: portal.requests,
        flash: session::take_flash(&current.session).await?,
        events,
    };
    render(&page)
}

/// The header and footer of a portal page for `current`.
pub(crate) async fn chrome(
    state: &AppState,
    current: &CurrentUser,
) -> Result<PortalChrome, AppError> {
    Ok(PortalChrome {
        name: current.user.display_name.clone(),
        csrf: session::csrf_token(&current.session).await?,
        centre: crate::commands::site::site_settings(state).await?.centre(),
    })
}

/// `GET /my/glossary`: the words of Czech paperwork, linked from item text.
pub async fn glossary(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
) -> Result<Html<String>, AppError> {
    let page = GlossaryPage {
        chrome: chrome(&state, &current).await?,
        terms: TERMS,
    };
    render(&page)
}

/// `GET /my/cases/{id}/messages`: the conversation with the centre; opening it marks the
/// centre's messages read.
pub async fn messages(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    ExpatUser(current): ExpatUser,
    Query(q): Query<ThreadQuery>,
    access: crate::access::Access,
) -> Result<Response, AppError> {
    let page = conversation(&state, &current, id, q.before(), ReplyForm::default()).await?;
    let who = crate::access::Viewer::of(&current.user);
    let what = crate::access::Viewed::case(id);
    access
        .record(who, crate::access::AccessKind::Messages, what)
        .await;
    Ok(render(&page)?.into_response())
}

async fn conversation(
    state: &AppState,
    current: &CurrentUser,
    id: CaseId,
    before: Option<MessageId>,
    form: ReplyForm,
) -> Result<PortalConversationPage, AppError> {
    let show = ShowConversation {
        case: id,
        before,
        limit: THREAD_PAGE,
        mark_read: true,
    };
    let found = show.run(state, &Actor::of(&current.user)).await?;
    let consultant = users::get(&state.db, found.stored.consultant)
        .await
        .map_or_else(|_| "your consultant".to_owned(), |u| u.display_name);
    let older = found.has_older.then(|| {
        let first = found.messages.first().map_or(0, |m| m.id.0);
        format!("/my/cases/{id}/messages?before={first}")
    });
    Ok(PortalConversationPage {
        chrome: chrome(state, current).await?,
        id: id.0,
        consultant,
        messages: thread(
            found.messages,
            found.side,
            found.unread,
            state.config.time_zone,
        ),
        older,
        form,
        flash: session::take_flash(&current.session).await?,
    })
}

/// `POST /my/cases/{id}/messages`: a message to the consultant; a refused one shows the
/// conversation again with the text kept (422).
pub async fn message(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    ExpatUser(current): ExpatUser,
    CsrfForm { form, .. }: CsrfForm<MessageForm>,
) -> Result<Response, AppError> {
    let sent = "Your message was sent to your consultant.";
    match post(&state, &current, (id, form.body), sent).await? {
        None => Ok(Redirect::to(&format!("/my/cases/{id}/messages#reply")).into_response()),
        Some(form) => {
            let page = conversation(&state, &current, id, None, form).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

/// `POST /my/links/{person}/confirm`: "yes, that is me" — the account is linked to the person
/// and the case appears in the portal. Someone else's request is "not found".
pub async fn confirm_link(
    State(state): State<AppState>,
    Path(person): Path<PersonId>,
    ExpatUser(current): ExpatUser,
    CsrfForm { .. }: CsrfForm<crate::handlers::login::Empty>,
) -> Result<Redirect, AppError> {
    let answer = AnswerLinkRequest {
        person,
        answer: Answer::Confirm,
    };
    answer.run(&state, &Actor::of(&current.user)).await?;
    session::set_flash(
        &current.session,
        "Confirmed: the checklist is below.".into(),
    )
    .await?;
    Ok(Redirect::to("/my"))
}

/// `POST /my/links/{person}/decline`: the request is dropped; nothing is shared.
pub async fn decline_link(
    State(state): State<AppState>,
    Path(person): Path<PersonId>,
    ExpatUser(current): ExpatUser,
    CsrfForm { .. }: CsrfForm<crate::handlers::login::Empty>,
) -> Result<Redirect, AppError> {
    let answer = AnswerLinkRequest {
        person,
        answer: Answer::Decline,
    };
    answer.run(&state, &Actor::of(&current.user)).await?;
    session::set_flash(&current.session, "Declined: nothing was shared.".into()).await?;
    Ok(Redirect::to("/my"))
}
