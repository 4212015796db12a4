//! `/cases/{id}/erasure`, `/cases/{id}/people/{person}/erasure` and `/cases/{id}/legal-hold`
//! (issue 23): an admin's erasure (Art. 17) of a household or a person, with `dry_run=true`
//! for the plan, and a case's legal hold. Admin tokens only (others: 403).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::ApiUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath, ApiQuery};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::erasure::{
    Erase, Erased, ErasurePlan, LiftLegalHold, PlanErasure, SetLegalHold, Whom,
};
use crate::ids::{CaseId, PersonId};

/// The query of an erasure.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ErasureParams {
    /// `true`: answer the plan (what would be deleted or anonymised) and change nothing.
    pub dry_run: Option<bool>,
}

/// An erasure's request.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ErasureIn {
    /// Why: `request`, `consent_withdrawn` or `no_longer_needed` (a category; no free text).
    #[serde(default)]
    pub reason: String,
    /// The case id again, to confirm.
    #[serde(default)]
    pub confirm: String,
}

/// One line of an erasure's plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErasurePlanLine {
    /// The table.
    pub table: String,
    /// What it holds, in words.
    pub kind: String,
    /// Rows deleted or anonymised.
    pub rows: u64,
}

/// An erasure's plan (`dry_run=true`) or its result.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErasureOut {
    /// The case.
    pub case: i64,
    /// The person (absent: the household).
    pub person: Option<i64>,
    /// Whether this is only the plan.
    pub dry_run: bool,
    /// The erasure made now.
    pub erasure_id: Option<String>,
    /// When an earlier erasure already covered them (nothing was done).
    pub already_erased_at: Option<String>,
    /// The legal hold that blocks an erasure.
    pub legal_hold: Option<String>,
    /// The plan: rows by table (dry run).
    pub lines: Vec<ErasurePlanLine>,
}

/// A legal hold's request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LegalHoldIn {
    /// Why (1–300 characters; about the case, not a person's details).
    pub reason: String,
}

fn plan_out(plan: &ErasurePlan) -> ErasureOut {
    ErasureOut {
        case: plan.whom.case.0,
        person: plan.whom.person.map(|p| p.0),
        dry_run: true,
        erasure_id: None,
        already_erased_at: plan.already.as_ref().map(|e| e.at.to_rfc3339()),
        legal_hold: plan.hold.as_ref().map(|h| h.reason.clone()),
        lines: plan
            .lines
            .iter()
            .map(|l| ErasurePlanLine {
                table: l.table.to_owned(),
                kind: l.kind.label().to_owned(),
                rows: l.rows,
            })
            .collect(),
    }
}

async fn run(
    state: &AppState,
    caller: &ApiUser,
    whom: Whom,
    dry_run: bool,
    body: ErasureIn,
) -> Result<Json<ErasureOut>, ApiError> {
    let actor = Actor::of(&caller.user);
    if dry_run {
        let plan = PlanErasure(whom).run(state, &actor).await?;
        return Ok(Json(plan_out(&plan)));
    }
    let command = Erase {
        whom,
        reason: body.reason,
        confirm: body.confirm,
    };
    let done = command.run(state, &actor).await?;
    let (erasure_id, already) = match done {
        Erased::Done(id) => (Some(id), None),
        Erased::Already(at) => (None, Some(at.to_rfc3339())),
    };
    Ok(Json(ErasureOut {
        case: whom.case.0,
        person: whom.person.map(|p| p.0),
        dry_run: false,
        erasure_id,
        already_erased_at: already,
        legal_hold: None,
        lines: Vec::new(),
    }))
}

/// Erase a household (or plan it with `dry_run=true`).
///
/// Admins only. Names, contacts, passports, dates of birth, notes, messages, documents and
/// files go; sessions and tokens of their accounts end at once; the case's route, dates and
/// outcome stay anonymised. Erasing an erased household answers `already_erased_at`. A case
/// under legal hold is refused (409).
#[utoipa::path(post, path = "/cases/{id}/erasure", operation_id = "erase_household", tag = "privacy",
    request_body = ErasureIn, params(("id" = i64, Path, description = "Case id"), ErasureParams),
    responses((status = 200, description = "The plan or the erasure", body = ErasureOut)))]
pub async fn household(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
    ApiQuery(params): ApiQuery<ErasureParams>,
    ApiJson(body): ApiJson<ErasureIn>,
) -> Result<Json<ErasureOut>, ApiError> {
    let whom = Whom {
        case: id,
        person: None,
    };
    run(&state, &caller, whom, params.dry_run.unwrap_or(false), body).await
}

/// Erase one person of a household (or plan it with `dry_run=true`).
///
/// As for a household; mentions of them in the case's notes, messages and history are
/// blanked, the rest of the household stays.
#[utoipa::path(post, path = "/cases/{id}/people/{person}/erasure", operation_id = "erase_person", tag = "privacy",
    request_body = ErasureIn,
    params(("id" = i64, Path, description = "Case id"), ("person" = i64, Path, description = "Person id"), ErasureParams),
    responses((status = 200, description = "The plan or the erasure", body = ErasureOut)))]
pub async fn person(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath((id, person)): ApiPath<(CaseId, PersonId)>,
    ApiQuery(params): ApiQuery<ErasureParams>,
    ApiJson(body): ApiJson<ErasureIn>,
) -> Result<Json<ErasureOut>, ApiError> {
    let whom = Whom {
        case: id,
        person: Some(person),
    };
    run(&state, &caller, whom, params.dry_run.unwrap_or(false), body).await
}

/// Put a case under legal hold (or change the reason).
///
/// Admins only. While it is on, neither an erasure nor retention touches the case.
#[utoipa::path(put, path = "/cases/{id}/legal-hold", operation_id = "set_legal_hold", tag = "privacy",
    request_body = LegalHoldIn, params(("id" = i64, Path, description = "Case id")),
    responses((status = 204, description = "The hold is on")))]
pub async fn set_hold(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<LegalHoldIn>,
) -> Result<Response, ApiError> {
    SetLegalHold {
        case: id,
        reason: body.reason,
    }
    .run(&state, &Actor::of(&caller.user))
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Lift a case's legal hold.
///
/// Admins only; 404 when the case has none.
#[utoipa::path(delete, path = "/cases/{id}/legal-hold", operation_id = "lift_legal_hold", tag = "privacy",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 204, description = "The hold is lifted")))]
pub async fn lift_hold(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
) -> Result<Response, ApiError> {
    LiftLegalHold(id)
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
