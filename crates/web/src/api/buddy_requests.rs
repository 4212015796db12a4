//! `/buddy-requests`: newcomers' requests for a buddy and the matches they become. Buddy
//! coordinators' and admins' tokens list them, read the ranked suggestions and propose;
//! staff tokens read one; the household's expat tokens read, end (withdrawing their
//! consent, or settled) and rate their own; any other household's is 404.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::ambassadors::{coordinator_only, page_size};
use super::auth::{ApiUser, StaffUser};
use super::error::ApiError;
use super::input::{ApiJson, ApiPath, ApiQuery};
use super::model::buddy_request::{
    BuddyRequestList, BuddyRequestOut, EndIn, FeedbackIn, ProposalIn,
};
use super::model::programme::SuggestionsOut;
use super::precondition::{BuddyRequestIfMatch, IfMatch, buddy_request_etag, header_value};
use crate::app::AppState;
use crate::commands::buddies::{
    EndMatch, GiveFeedback, Propose, RequestsQuery, ShowRequest, SuggestionsQuery,
    parse_request_state,
};
use crate::commands::{Actor, CommandError};
use crate::ids::{AmbassadorId, MatchId};

/// 200 with request `id` as the caller may see it, and its `ETag`.
pub async fn answer(state: &AppState, caller: &ApiUser, id: MatchId) -> Result<Response, ApiError> {
    let view = ShowRequest { id }
        .run(state, &Actor::of(&caller.user))
        .await?;
    let etag = header_value(&buddy_request_etag(id, view.request.version));
    Ok(([(header::ETAG, etag)], Json(BuddyRequestOut::from(view))).into_response())
}

/// The query of `GET /buddy-requests`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestListParams {
    /// Only requests in this state.
    #[param(schema_with = super::schema::request_state)]
    pub state: Option<String>,
    /// Only those of this ambassador (proposed, matched or ended with them).
    pub ambassador: Option<i64>,
    /// Only requests with a greater id (the `next_after` of the previous page).
    pub after: Option<i64>,
    /// How many, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// List the requests, a page at a time, by id (coordinators).
#[utoipa::path(get, path = "/buddy-requests", operation_id = "list_buddy_requests", tag = "buddies",
    params(RequestListParams),
    responses((status = 200, description = "One page of requests", body = BuddyRequestList),
        (status = 422, description = "`state` names no state", body = super::error::ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(params): ApiQuery<RequestListParams>,
) -> Result<Json<BuddyRequestList>, ApiError> {
    let wanted = match params.state.as_deref() {
        None => None,
        Some(raw) => Some(parse_request_state(raw).ok_or_else(|| {
            ApiError::invalid(
                "state",
                "choose requested, proposed, accepted, active or ended",
            )
        })?),
    };
    let query = RequestsQuery {
        state: wanted,
        ambassador: params.ambassador.map(AmbassadorId),
        after: params.after,
        limit: page_size(params.limit)?,
    };
    let page = query
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(coordinator_only)?;
    Ok(Json(BuddyRequestList {
        requests: page
            .items
            .into_iter()
            .map(|m| BuddyRequestOut::build(m, true, None))
            .collect(),
        next_after: page.next_after,
    }))
}

/// Read a request.
///
/// Staff tokens see all of it; the household's expat tokens their own, without the
/// ambassador proposed, a decline's reason or the note at the end, and with the buddy's card
/// once they accepted.
#[utoipa::path(get, path = "/buddy-requests/{id}", operation_id = "get_buddy_request", tag = "buddies",
    params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "The request", body = BuddyRequestOut,
        headers(("ETag" = String, description = "\"buddy-request-<id>-v<version>\"")))))]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<MatchId>,
) -> Result<Response, ApiError> {
    answer(&state, &caller, id).await
}

/// The ambassadors suggested for a request, best first, with the score and its reasons; and
/// those who may not be proposed, with why (coordinators).
#[utoipa::path(get, path = "/buddy-requests/{id}/suggestions", operation_id = "suggest_buddies", tag = "buddies",
    params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "The ranked suggestions", body = SuggestionsOut)))]
pub async fn suggestions(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<MatchId>,
) -> Result<Json<SuggestionsOut>, ApiError> {
    let found = SuggestionsQuery { id }
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(coordinator_only)?;
    Ok(Json(found.into()))
}

/// Propose an ambassador for a request (coordinators).
///
/// The ambassador is told by mail and accepts or declines in their own pages. Refused with
/// 409 `refused` and the reason when every place of the ambassador is taken, they are not
/// active or no longer available, share no language with the newcomer, are the newcomer
/// themselves, or the request is not waiting for a proposal; an unknown ambassador is a 422
/// on `ambassador`.
#[utoipa::path(post, path = "/buddy-requests/{id}/proposal", operation_id = "propose_buddy", tag = "buddies",
    request_body = ProposalIn,
    params(("id" = i64, Path, description = "Request id"), BuddyRequestIfMatch),
    responses((status = 200, description = "The request, proposed", body = BuddyRequestOut,
        headers(("ETag" = String, description = "\"buddy-request-<id>-v<version>\"")))))]
pub async fn propose(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<MatchId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<ProposalIn>,
) -> Result<Response, ApiError> {
    let check = if_match.for_record(&format!("\"buddy-request-{id}-v"), body.version)?;
    let propose = Propose {
        id,
        ambassador: AmbassadorId(body.ambassador),
        version: check.version,
    };
    propose
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(|e| match e {
            CommandError::Forbidden => coordinator_only(e),
            other => check.refusal(other),
        })?;
    answer(&state, &caller, id).await
}

/// End a match.
///
/// Coordinators end any; the household's expat tokens their own: `withdrawn` withdraws the
/// newcomer's consent (the ambassador sees nothing of them from then on), `settled` when
/// they are settled in. 409 `refused` when it has ended already.
#[utoipa::path(post, path = "/buddy-requests/{id}/end", operation_id = "end_buddy_match", tag = "buddies",
    request_body = EndIn,
    params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "The request, ended", body = BuddyRequestOut),
        (status = 409, description = "`refused`: it has ended already", body = super::error::ErrorEnvelope)))]
pub async fn end(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<MatchId>,
    ApiJson(body): ApiJson<EndIn>,
) -> Result<Response, ApiError> {
    let note = body.note.unwrap_or_default();
    let named = |e: CommandError| match e {
        CommandError::Forbidden => coordinator_only(e),
        other => other.into(),
    };
    EndMatch::parse(id, &body.reason, &note)
        .map_err(named)?
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(named)?;
    answer(&state, &caller, id).await
}

/// Rate a match at its end (the household's expat tokens).
///
/// Given after the match ended (409 `refused` before, or when no ambassador had accepted);
/// given again, it replaces the first.
#[utoipa::path(post, path = "/buddy-requests/{id}/feedback", operation_id = "give_buddy_feedback", tag = "buddies",
    request_body = FeedbackIn,
    params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "The request with the feedback", body = BuddyRequestOut),
        (status = 409, description = "`refused`: it has not ended, or ended before anyone accepted", body = super::error::ErrorEnvelope)))]
pub async fn feedback(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<MatchId>,
    ApiJson(body): ApiJson<FeedbackIn>,
) -> Result<Response, ApiError> {
    let comment = body.comment.unwrap_or_default();
    GiveFeedback::parse(id, &body.rating.to_string(), &comment)?
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(|e| match e {
            CommandError::Forbidden => ApiError::forbidden(
                "feedback is given by the newcomer's household (an expat's token)",
            ),
            other => other.into(),
        })?;
    answer(&state, &caller, id).await
}
