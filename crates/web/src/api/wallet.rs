//! `/cases/{id}/people/{person}/documents`: a person's document wallet. Staff list, add,
//! change and remove documents (`commands::wallet`); an expat's token lists those of their
//! own household. A person is named by their index in the case's `people` (0: principal).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use softland_domain::case::{DocumentNo, WalletEntry};
use softland_domain::document::DocumentKind;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, Type};

use super::auth::{ApiUser, StaffUser};
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::precondition::{CaseIfMatch, IfMatch};
use super::respond;
use crate::access::{Access, AccessKind, Viewer};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::wallet::{DocumentInput, ListDocuments, RemoveDocument, SaveDocument};
use crate::ids::CaseId;

fn document_kind() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(DocumentKind::ALL.map(|k| k.as_str().to_owned())))
}

/// A document in a person's wallet.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentOut {
    /// The document's number within its case (its id in URLs).
    pub id: u32,
    /// Whose: the person's index in the case's `people`.
    pub person: usize,
    /// The kind of document.
    #[schema(schema_with = document_kind)]
    pub kind: &'static str,
    /// Its number, upper-case.
    pub number: String,
    /// The country that issued it.
    pub issuing_country: String,
    /// The day it was issued.
    pub issued_on: NaiveDate,
    /// Its last day of validity (`null` for papers that do not expire).
    pub valid_until: Option<NaiveDate>,
}

impl From<&WalletEntry> for DocumentOut {
    fn from(entry: &WalletEntry) -> Self {
        let d = &entry.document;
        Self {
            id: entry.no.get(),
            person: entry.person,
            kind: d.kind().as_str(),
            number: d.number().to_string(),
            issuing_country: d.country().to_string(),
            issued_on: d.issued_on(),
            valid_until: d.valid_until(),
        }
    }
}

/// A person's documents, in the order they were added.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentList {
    /// The documents.
    pub documents: Vec<DocumentOut>,
}

/// A document to add, or a document's new content.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentIn {
    /// The kind of document.
    #[schema(schema_with = document_kind)]
    pub kind: String,
    /// Its number (1–40 letters, digits, spaces, `-`, `/`; a passport's 5–20 letters and
    /// digits).
    pub number: String,
    /// The country that issued it.
    pub issuing_country: String,
    /// The day it was issued (`YYYY-MM-DD`).
    #[schema(format = Date)]
    pub issued_on: String,
    /// Its last day of validity (`YYYY-MM-DD`); required for a passport, residence permit,
    /// visa and health insurance, and never before `issued_on` (422 on `valid_until`).
    #[schema(format = Date)]
    pub valid_until: Option<String>,
    /// The case version the change was made against (see `If-Match`).
    pub version: Option<i64>,
}

impl DocumentIn {
    fn input(self) -> DocumentInput {
        DocumentInput {
            kind: self.kind,
            number: self.number,
            issuing_country: self.issuing_country,
            issued_on: self.issued_on,
            valid_until: self.valid_until.unwrap_or_default(),
        }
    }
}

/// The document `no` of person `person` as it is now.
async fn current(
    state: &AppState,
    caller: &ApiUser,
    (id, person, no): (CaseId, usize, DocumentNo),
) -> Result<DocumentOut, ApiError> {
    let list = ListDocuments { case: id, person };
    let documents = list.run(state, &Actor::of(&caller.user)).await?;
    documents
        .iter()
        .find(|e| e.no == no)
        .map(DocumentOut::from)
        .ok_or_else(ApiError::not_found)
}

/// List a person's documents.
///
/// Expats' tokens see those of their own household.
#[utoipa::path(get, path = "/cases/{id}/people/{person}/documents", operation_id = "list_documents", tag = "documents",
    params(("id" = i64, Path, description = "Case id"), ("person" = usize, Path, description = "The person's index in the case's `people` (0: principal)")),
    responses((status = 200, description = "The person's documents", body = DocumentList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath((id, person)): ApiPath<(CaseId, usize)>,
    access: Access,
) -> Result<Json<DocumentList>, ApiError> {
    let list = ListDocuments { case: id, person };
    let documents = list.run(&state, &Actor::of(&caller.user)).await?;
    let viewer = Viewer::token(&caller.user, caller.token);
    access
        .record_person_at(viewer, AccessKind::Documents, id, person)
        .await;
    Ok(Json(DocumentList {
        documents: documents.iter().map(DocumentOut::from).collect(),
    }))
}

/// Add a document to a person's wallet.
///
/// A passport becomes the person's passport; a residence permit, visa or insurance sets the
/// person's own expiry date, and every due date counted from it moves (the history says
/// which). A document already in its renewal window adds the renewal item.
#[utoipa::path(post, path = "/cases/{id}/people/{person}/documents", operation_id = "add_document", tag = "documents", request_body = DocumentIn,
    params(("id" = i64, Path, description = "Case id"), ("person" = usize, Path, description = "The person's index in the case's `people`"), CaseIfMatch),
    responses((status = 201, description = "The document", body = DocumentOut,
        headers(("Location" = String, description = "/api/v1/cases/<id>/people/<person>/documents/<document>")))))]
pub async fn add(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, person)): ApiPath<(CaseId, usize)>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<DocumentIn>,
) -> Result<Response, ApiError> {
    let check = if_match.for_case(id, body.version)?;
    let save = SaveDocument {
        case: id,
        person,
        document: None,
        expect: check.expect,
        input: body.input(),
    };
    let saved = save
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(|e| check.refusal(e))?;
    let out = current(&state, &caller, (id, person, saved.document)).await?;
    let location = format!("/cases/{id}/people/{person}/documents/{}", out.id);
    Ok(respond::created(Json(out).into_response(), &location))
}

/// Change a document.
#[utoipa::path(put, path = "/cases/{id}/people/{person}/documents/{document}", operation_id = "update_document", tag = "documents", request_body = DocumentIn,
    params(("id" = i64, Path, description = "Case id"), ("person" = usize, Path, description = "The person's index in the case's `people`"),
        ("document" = u32, Path, description = "The document's id within the case"), CaseIfMatch),
    responses((status = 200, description = "The document", body = DocumentOut)))]
pub async fn update(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, person, no)): ApiPath<(CaseId, usize, u32)>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<DocumentIn>,
) -> Result<Json<DocumentOut>, ApiError> {
    let check = if_match.for_case(id, body.version)?;
    let save = SaveDocument {
        case: id,
        person,
        document: Some(DocumentNo::new(no)),
        expect: check.expect,
        input: body.input(),
    };
    let saved = save
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(|e| check.refusal(e))?;
    Ok(Json(
        current(&state, &caller, (id, person, saved.document)).await?,
    ))
}

/// Remove a document.
///
/// What it supplied follows the person's remaining documents (cleared when none of its
/// kind is left).
#[utoipa::path(delete, path = "/cases/{id}/people/{person}/documents/{document}", operation_id = "delete_document", tag = "documents",
    params(("id" = i64, Path, description = "Case id"), ("person" = usize, Path, description = "The person's index in the case's `people`"),
        ("document" = u32, Path, description = "The document's id within the case"), CaseIfMatch),
    responses((status = 204, description = "Removed")))]
pub async fn delete(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, person, no)): ApiPath<(CaseId, usize, u32)>,
    if_match: IfMatch,
) -> Result<StatusCode, ApiError> {
    let check = if_match.for_case(id, None)?;
    let remove = RemoveDocument {
        case: id,
        person,
        document: DocumentNo::new(no),
        expect: check.expect,
    };
    remove
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(|e| check.refusal(e))?;
    Ok(StatusCode::NO_CONTENT)
}
