//! Privacy (issue 23, part A), for staff tokens: a case's lawful basis and its people's
//! consents (`GET /cases/{id}/privacy`, `PUT /cases/{id}/lawful-basis`,
//! `POST /cases/{id}/consents`), and one person's data export as a ZIP
//! (`GET /cases/{id}/people/{person}/export`: admins and the case's consultant).

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::privacy::{LawfulBasisIn, PrivacyConsentIn, PrivacyOut};
use crate::access::{Access, AccessKind, Viewed};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::privacy::export::ExportPerson;
use crate::commands::privacy::{
    CasePrivacyQuery, ChangeRegisterConsent, SetLawfulBasis, person_at,
};
use crate::ids::CaseId;

/// Read a case's lawful basis and its people's consents.
#[utoipa::path(get, path = "/cases/{id}/privacy", operation_id = "get_case_privacy", tag = "privacy",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The lawful basis and the consents", body = PrivacyOut)))]
pub async fn show(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<CaseId>,
    access: Access,
) -> Result<Json<PrivacyOut>, ApiError> {
    let out = privacy_of(&state, &caller, id).await?;
    access
        .record_api(&caller, AccessKind::ApiCase, Viewed::case(id))
        .await;
    Ok(out)
}

/// The case's lawful basis and consents as the API gives them.
async fn privacy_of(
    state: &AppState,
    caller: &crate::api::auth::ApiUser,
    id: CaseId,
) -> Result<Json<PrivacyOut>, ApiError> {
    let privacy = CasePrivacyQuery { case: id }
        .run(state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(PrivacyOut::from(&privacy)))
}

/// Set a case's lawful basis of processing.
#[utoipa::path(put, path = "/cases/{id}/lawful-basis", operation_id = "set_lawful_basis", tag = "privacy",
    request_body = LawfulBasisIn,
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The lawful basis and the consents", body = PrivacyOut)))]
pub async fn set_basis(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<LawfulBasisIn>,
) -> Result<Json<PrivacyOut>, ApiError> {
    SetLawfulBasis::parse(id, &body.lawful_basis)?
        .run(&state, &Actor::of(&caller.user))
        .await?;
    privacy_of(&state, &caller, id).await
}

/// Give or withdraw a consent of the register (portal use, reminders by mail, photos) for a
/// person of the case; withdrawal takes effect at once. Sharing with an employer or a buddy
/// changes through `/employments/{id}/…` and `/buddy-requests/{id}/end`.
#[utoipa::path(post, path = "/cases/{id}/consents", operation_id = "change_consent", tag = "privacy",
    request_body = PrivacyConsentIn,
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The lawful basis and the consents", body = PrivacyOut)))]
pub async fn change_consent(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<PrivacyConsentIn>,
) -> Result<Json<PrivacyOut>, ApiError> {
    let give = match body.action.trim() {
        "give" => Some(body.consent_how.as_deref().unwrap_or_default()),
        "withdraw" => None,
        _ => {
            return Err(ApiError::invalid(
                "action",
                "choose give or withdraw".to_owned(),
            ));
        }
    };
    let person = person_at(&state, id, body.person).await?;
    ChangeRegisterConsent::parse(id, person, &body.purpose, give)?
        .run(&state, &Actor::of(&caller.user))
        .await?;
    privacy_of(&state, &caller, id).await
}

/// Export all the data of a person of the case (Art. 15 and 20): a ZIP of `data.json`,
/// `summary.html` and their files. Admins and the case's consultant.
#[utoipa::path(get, path = "/cases/{id}/people/{person}/export", operation_id = "export_person", tag = "privacy",
    params(("id" = i64, Path, description = "Case id"), ("person" = usize, Path, description = "The person's index in the case's `people` (0: principal)")),
    responses((status = 200, description = "The ZIP", content_type = "application/zip", body = Vec<u8>)))]
pub async fn export(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, position)): ApiPath<(CaseId, usize)>,
    access: Access,
) -> Result<Response, ApiError> {
    let person = person_at(&state, id, position).await?;
    let export = ExportPerson { case: id, person }
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(|err| match err {
            crate::commands::CommandError::Forbidden => {
                ApiError::forbidden("this needs an admin's or the case's consultant's token")
            }
            other => other.into(),
        })?;
    access
        .record_api(&caller, AccessKind::Export, Viewed::person(id, person))
        .await;
    let disposition = format!("attachment; filename=\"{}\"", export.filename);
    let headers = [
        (header::CONTENT_TYPE, "application/zip".to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    Ok((headers, export.bytes).into_response())
}
