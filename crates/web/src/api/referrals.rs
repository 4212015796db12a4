//! Referrals and "who can help" (issue 21): `/cases/{id}/referrals` (staff tokens on any case
//! refer and list; an expat's token lists its household's), `/referrals/{id}` (read, with its
//! `ETag`) and its `/steps` (staff), `/referrals?follow_up=due` (the caller's follow-ups),
//! `/cases/{id}/who-can-help` and `/cases/{id}/languages`.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::{ApiUser, StaffUser};
use super::error::ApiError;
use super::input::{ApiJson, ApiPath, ApiQuery};
use super::model::referral::{
    FollowUpList, ItemHelpOut, LanguagesIn, ReferralIn, ReferralList, ReferralOut, StepIn,
    WhoCanHelpOut,
};
use super::precondition::{IfMatch, ReferralIfMatch, header_value};
use super::respond;
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::partners::referrals::{
    CaseReferrals, ChangeLanguages, FollowUpsQuery, Refer, ShowReferral, StepReferral, WhoCanHelp,
    parse_languages,
};
use crate::ids::{CaseId, ReferralId};

/// 200 with referral `id` as the caller may see it, and its `ETag`.
async fn answer(state: &AppState, caller: &ApiUser, id: ReferralId) -> Result<Response, ApiError> {
    let details = ShowReferral { id }
        .run(state, &Actor::of(&caller.user))
        .await?;
    let etag = header_value(&format!("\"referral-{id}-v{}\"", details.referral.version));
    let body = ReferralOut::build(&details, caller.is_staff());
    Ok(([(header::ETAG, etag)], Json(body)).into_response())
}

/// Refer a person of the case to a partner (staff).
///
/// A 422 names the field: an unknown or inactive `organisation`, a `contact` of another
/// partner, a `person` of another case, `consent_how` missing while `share_contact` is true,
/// a `follow_up_on` that is not a date. An expat's token gets 403 (the household reads only).
#[utoipa::path(post, path = "/cases/{id}/referrals", operation_id = "create_referral", tag = "referrals",
    request_body = ReferralIn,
    params(("id" = i64, Path, description = "Case id", example = 1)),
    responses((status = 201, description = "The referral", body = ReferralOut,
        headers(("ETag" = String, description = "\"referral-<id>-v<version>\""),
            ("Location" = String, description = "/api/v1/referrals/<id>")))))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(case): ApiPath<CaseId>,
    ApiJson(body): ApiJson<ReferralIn>,
) -> Result<Response, ApiError> {
    respond::visible_case(&state, &caller, case).await?;
    let id = Refer::parse(case, &body.input())?
        .run(&state, &Actor::of(&caller.user))
        .await?;
    let created = answer(&state, &caller, id).await?;
    Ok(respond::created(created, &format!("/referrals/{id}")))
}

/// A case's referrals, open ones first (staff; an expat's token on its household's).
#[utoipa::path(get, path = "/cases/{id}/referrals", operation_id = "list_case_referrals", tag = "referrals",
    params(("id" = i64, Path, description = "Case id", example = 1)),
    responses((status = 200, description = "The case's referrals", body = ReferralList)))]
pub async fn list_for_case(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(case): ApiPath<CaseId>,
) -> Result<Json<ReferralList>, ApiError> {
    let stored = respond::visible_case(&state, &caller, case).await?;
    let lines = CaseReferrals { case: &stored }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(ReferralList {
        referrals: lines.into_iter().map(Into::into).collect(),
    }))
}

/// Read a referral, with the partner's contact, opening hours and the steps.
///
/// Staff tokens see all of it; the household's expat tokens their own, without the notes
/// and who wrote each step.
#[utoipa::path(get, path = "/referrals/{id}", operation_id = "get_referral", tag = "referrals",
    params(("id" = i64, Path, description = "Referral id")),
    responses((status = 200, description = "The referral", body = ReferralOut,
        headers(("ETag" = String, description = "\"referral-<id>-v<version>\"")))))]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<ReferralId>,
) -> Result<Response, ApiError> {
    answer(&state, &caller, id).await
}

/// Move a referral on (staff): `contacted`, `solved`, `not_solved` (with a `note`) or
/// `reopen`.
///
/// Closing it (solved, not solved) clears the follow-up date. 409 `refused` for a step it
/// cannot take from where it is; a stale version is 409 (412 after `If-Match`).
#[utoipa::path(post, path = "/referrals/{id}/steps", operation_id = "step_referral", tag = "referrals",
    request_body = StepIn,
    params(("id" = i64, Path, description = "Referral id"), ReferralIfMatch),
    responses((status = 200, description = "The referral after the step", body = ReferralOut,
        headers(("ETag" = String, description = "\"referral-<id>-v<version>\""))),
        (status = 409, description = "`refused` or `changed_meanwhile`", body = super::error::ErrorEnvelope)))]
pub async fn step(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<ReferralId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<StepIn>,
) -> Result<Response, ApiError> {
    let check = if_match.for_record(&format!("\"referral-{id}-v"), body.version)?;
    StepReferral::parse(id, check.version, &body.input())?
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(|e| check.refusal(e))?;
    answer(&state, &caller, id).await
}

/// The query of `GET /referrals`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReferralListParams {
    /// `due`: the open referrals of the caller's own cases to follow up today or earlier,
    /// and those of the next 7 days.
    pub follow_up: Option<String>,
}

/// The caller's follow-ups (staff): the open referrals of their own cases whose follow-up
/// date is today or earlier, the oldest first, and those of the next 7 days.
#[utoipa::path(get, path = "/referrals", operation_id = "list_follow_ups", tag = "referrals",
    params(ReferralListParams),
    responses((status = 200, description = "The follow-ups", body = FollowUpList),
        (status = 422, description = "`follow_up` is not `due`", body = super::error::ErrorEnvelope)))]
pub async fn follow_ups(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(params): ApiQuery<ReferralListParams>,
) -> Result<Json<FollowUpList>, ApiError> {
    if params.follow_up.as_deref().map(str::trim) != Some("due") {
        return Err(ApiError::invalid("follow_up", "ask for follow_up=due"));
    }
    let found = FollowUpsQuery {
        today: state.config.today(),
    }
    .run(&state, &Actor::of(&caller.user))
    .await?;
    Ok(Json(FollowUpList {
        due: found.due.into_iter().map(Into::into).collect(),
        soon: found.soon.into_iter().map(Into::into).collect(),
    }))
}

/// Who can help with each open item of the case, filtered by the household's languages
/// (staff; an expat's token on its household's).
#[utoipa::path(get, path = "/cases/{id}/who-can-help", operation_id = "who_can_help", tag = "referrals",
    params(("id" = i64, Path, description = "Case id", example = 1)),
    responses((status = 200, description = "The partners per open item", body = WhoCanHelpOut)))]
pub async fn who_can_help(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(case): ApiPath<CaseId>,
) -> Result<Json<WhoCanHelpOut>, ApiError> {
    let stored = respond::visible_case(&state, &caller, case).await?;
    let items = WhoCanHelp { case: &stored }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(WhoCanHelpOut {
        languages: stored
            .languages
            .as_slice()
            .iter()
            .map(|l| l.as_str().to_owned())
            .collect(),
        items: items.iter().map(ItemHelpOut::from).collect(),
    }))
}

/// Set the languages the household speaks, preferred first (staff).
///
/// An empty list means not recorded ("who can help" then reads English). The case takes its
/// next version, like any other change of it (412 after a stale `If-Match`, 409 with a stale
/// `version`); a name that is not a language is a 422 on `languages`.
#[utoipa::path(put, path = "/cases/{id}/languages", operation_id = "set_case_languages", tag = "referrals",
    request_body = LanguagesIn,
    params(("id" = i64, Path, description = "Case id", example = 1), super::precondition::CaseIfMatch),
    responses((status = 200, description = "The case", body = super::model::case::CaseOut,
        headers(("ETag" = String, description = "\"case-<id>-v<version>\"")))))]
pub async fn set_languages(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(case): ApiPath<CaseId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<LanguagesIn>,
) -> Result<Response, ApiError> {
    respond::visible_case(&state, &caller, case).await?;
    let check = if_match.for_record(&format!("\"case-{case}-v"), body.version)?;
    let languages = parse_languages(&body.languages.join(","))?;
    let change = ChangeLanguages {
        case,
        version: check.version,
        languages,
    };
    change
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(|e| check.refusal(e))?;
    let stored = respond::visible_case(&state, &caller, case).await?;
    respond::case(&state, &stored, StatusCode::OK, caller.is_staff()).await
}
