//! A case's conversation for staff: `GET /cases/{id}/messages` (opening it marks it read
//! for staff) and `POST /cases/{id}/messages` (a reply to the household).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{actor, sentence};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::auth::session;
use crate::commands::CommandError;
use crate::commands::messages::{CountUnread, PostMessage, ShowConversation, THREAD_PAGE, Via};
use crate::error::AppError;
use crate::ids::{CaseId, MessageId};
use crate::views::messages::{ConversationPage, ReplyForm, thread};
use crate::views::{nav::Nav, render};

/// `?before=<message id>`: older messages.
#[derive(Debug, Default, Deserialize)]
pub struct ThreadQuery {
    before: Option<String>,
}

impl ThreadQuery {
    /// The message older ones are asked before (anything unreadable is ignored).
    pub fn before(&self) -> Option<MessageId> {
        self.before.as_deref().and_then(|b| b.trim().parse().ok())
    }
}

/// The reply form.
#[derive(Debug, Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    pub(crate) body: String,
}

/// The navigation bar with the actor's unread count (`Messages (3)`).
pub(crate) async fn nav_with_messages(
    state: &AppState,
    current: &CurrentUser,
    section: &'static str,
) -> Result<Nav, AppError> {
    let csrf = session::csrf_token(&current.session).await?;
    let unread = CountUnread.run(state, &actor(current)).await?;
    Ok(Nav::new(&current.user, csrf, section).with_unread_messages(unread))
}

async fn page(
    state: &AppState,
    current: &CurrentUser,
    id: CaseId,
    before: Option<MessageId>,
    form: ReplyForm,
) -> Result<ConversationPage, AppError> {
    let show = ShowConversation {
        case: id,
        before,
        limit: THREAD_PAGE,
        mark_read: true,
    };
    let conversation = show.run(state, &actor(current)).await?;
    let older = conversation.has_older.then(|| {
        let first = conversation.messages.first().map_or(0, |m| m.id.0);
        format!("/cases/{id}/messages?before={first}")
    });
    Ok(ConversationPage {
        // After the read above, so the count no longer holds this case.
        nav: nav_with_messages(state, current, "messages").await?,
        id: id.0,
        title: conversation.stored.case.principal().name.to_string(),
        messages: thread(
            conversation.messages,
            conversation.side,
            conversation.unread,
            state.config.time_zone,
        ),
        older,
        form,
        flash: session::take_flash(&current.session).await?,
    })
}

/// `GET /cases/{id}/messages`.
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    Query(q): Query<ThreadQuery>,
    access: crate::access::Access,
) -> Result<Response, AppError> {
    let page = page(&state, &current, id, q.before(), ReplyForm::default()).await?;
    let who = crate::access::Viewer::of(&current.user);
    let what = crate::access::Viewed::case(id);
    access
        .record(who, crate::access::AccessKind::Messages, what)
        .await;
    Ok(render(&page)?.into_response())
}

/// Writes `body` as `current` in case `id`'s conversation: `Ok(None)` when sent (the page's
/// flash says `sent`), or the form to show again with what is wrong (the text kept).
pub(crate) async fn post(
    state: &AppState,
    current: &CurrentUser,
    (id, body): (CaseId, String),
    sent: &str,
) -> Result<Option<ReplyForm>, AppError> {
    let command = async {
        let message = PostMessage {
            case: id,
            body: PostMessage::body(&body)?,
            via: Via::Web,
        };
        message.run(state, &actor(current)).await
    };
    match command.await {
        Ok(_) => {
            session::set_flash(&current.session, sent.to_owned()).await?;
            Ok(None)
        }
        Err(CommandError::Invalid { problem, .. }) => Ok(Some(ReplyForm {
            typed: body,
            error: Some(sentence(&problem.to_string())),
        })),
        Err(other) => Err(other.into()),
    }
}

/// `POST /cases/{id}/messages`: a reply; a refused one shows the page again with the text
/// kept (422).
pub async fn create(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<MessageForm>,
) -> Result<Response, AppError> {
    let sent = "Reply sent to the household.";
    match post(&state, &current, (id, form.body), sent).await? {
        None => Ok(Redirect::to(&format!("/cases/{id}/messages#reply")).into_response()),
        Some(form) => {
            let page = page(&state, &current, id, None, form).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
