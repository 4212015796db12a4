//! `/cases/{id}/messages`: a case's conversation between the household and the centre. Staff
//! tokens read and write on every case; an expat's token on their household's cases only.
//! `/inbound-mail`: replies to conversation mails, handed over by the centre's mail server.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret as _;
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::ApiUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath, ApiQuery};
use super::model::message::{InboundMailIn, MessageIn, MessageList, MessageOut, ReadStateOut};
use super::respond;
use crate::access::{Access, AccessKind, Viewed};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::messages::{
    FileMailReply, InboundMail, MarkRead, PostMessage, ShowConversation, Via,
};
use crate::db::messages;
use crate::ids::{CaseId, MessageId};

/// Most messages in one answer.
pub const MAX_MESSAGES: u64 = 200;

/// The query of `GET /cases/{id}/messages`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessageListParams {
    /// How many messages, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// Only messages older than this message id (the `next_before` of the previous page).
    #[param(minimum = 1)]
    pub before: Option<i64>,
}

/// List a case's conversation, one page, oldest first.
///
/// The newest messages (or those before `before`), with the read state. Reading does not
/// mark anything read.
#[utoipa::path(get, path = "/cases/{id}/messages", operation_id = "list_messages", tag = "messages",
    params(("id" = i64, Path, description = "Case id"), MessageListParams),
    responses((status = 200, description = "One page of messages, oldest first", body = MessageList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
    ApiQuery(params): ApiQuery<MessageListParams>,
    access: Access,
) -> Result<Json<MessageList>, ApiError> {
    let limit = params.limit.unwrap_or(50);
    if !(1..=MAX_MESSAGES).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "limit must be 1–{MAX_MESSAGES}"
        )));
    }
    let show = ShowConversation {
        case: id,
        before: params.before.map(MessageId),
        limit,
        mark_read: false,
    };
    let found = show.run(&state, &Actor::of(&caller.user)).await?;
    access
        .record_api(&caller, AccessKind::ApiCase, Viewed::case(id))
        .await;
    let next_before = found
        .has_older
        .then(|| found.messages.first().map(|m| m.id.0))
        .flatten();
    Ok(Json(MessageList {
        next_before,
        unread: found.unread,
        read_state: messages::state(&state.db, id).await?.into(),
        messages: found.messages.into_iter().map(MessageOut::from).collect(),
    }))
}

/// Write a message.
///
/// A staff token replies to the household (each of its portal accounts gets a mail); an
/// expat's token writes to the consultant in charge (who gets a mail).
#[utoipa::path(post, path = "/cases/{id}/messages", operation_id = "add_message", tag = "messages", request_body = MessageIn,
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, description = "The message", body = MessageOut,
        headers(("Location" = String, description = "/api/v1/cases/<id>/messages")))))]
pub async fn add(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<MessageIn>,
) -> Result<Response, ApiError> {
    let message = PostMessage {
        case: id,
        body: PostMessage::body(&body.body)?,
        via: Via::Api,
    };
    let saved = message.run(&state, &Actor::of(&caller.user)).await?;
    let saved = messages::get(&state.db, id, saved).await?;
    Ok(respond::created(
        Json(MessageOut::from(saved)).into_response(),
        &format!("/cases/{id}/messages"),
    ))
}

/// Mark a case's conversation read for the caller's side.
#[utoipa::path(post, path = "/cases/{id}/messages/read", operation_id = "read_messages", tag = "messages",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "Where the conversation stands now", body = ReadStateOut)))]
pub async fn read(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
) -> Result<Json<ReadStateOut>, ApiError> {
    let mark = MarkRead { case: id };
    let now = mark.run(&state, &Actor::of(&caller.user)).await?;
    Ok(Json(now.into()))
}

/// File a reply by mail.
///
/// For the centre's mail server, not for API tokens: it forwards each mail that arrives at
/// a conversation's reply address (`reply+<token>@<inbound mail domain>`), authorised by
/// `Authorization: Bearer <inbound mail token>`. Without that setting the endpoint is not
/// served (404). A forged or changed address is refused on `to`, a sender other than the
/// person the address was made for on `from`, a mail with nothing but quoted text on `text`.
#[utoipa::path(post, path = "/inbound-mail", operation_id = "file_inbound_mail", tag = "messages",
    request_body = InboundMailIn, security(("inbound_mail" = [])),
    responses(
        (status = 201, description = "Filed as a message of the address's case", body = MessageOut),
        (status = 401, description = "The mail server's bearer secret is missing or wrong", body = super::error::ErrorEnvelope),
        (status = 404, description = "Replies by mail are not configured", body = super::error::ErrorEnvelope),
    ))]
pub async fn inbound(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<ApiJson<InboundMailIn>, ApiError>,
) -> Result<Response, ApiError> {
    let Some(expected) = &state.config.inbound_mail_token else {
        return Err(ApiError::not_found());
    };
    let sent = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !sent.is_some_and(|s| crate::auth::csrf::same_token(expected.expose_secret(), s.trim())) {
        return Err(ApiError::unauthorized());
    }
    let ApiJson(mail) = body?;
    let file = FileMailReply {
        mail: InboundMail {
            to: mail.to,
            from: mail.from,
            text: mail.text,
        },
    };
    let (case, saved) = file.run(&state).await?;
    let saved = messages::get(&state.db, case, saved).await?;
    let location = format!("/cases/{case}/messages");
    Ok(respond::created(
        Json(MessageOut::from(saved)).into_response(),
        &location,
    ))
}
