//! `/organisations`: the partner directory for staff tokens (expat and employer tokens get
//! 403): list with filters, add, read, change (`If-Match`), and the contact people.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath, ApiQuery};
use super::model::organisation::{
    ContactIn, ContactList, ContactOut, OrganisationIn, OrganisationList, OrganisationOut,
};
use super::precondition::{IfMatch, OrganisationIfMatch, header_value};
use super::respond;
use crate::app::AppState;
use crate::commands::partners::directory::{
    AddContact, CreateOrganisation, DirectoryQuery, FilterInput, OrganisationQuery, RemoveContact,
    UpdateContact, UpdateOrganisation,
};
use crate::commands::{Actor, CommandError, Refusal};
use crate::db::partners::Organisation;
use crate::ids::{ContactId, OrganisationId};

/// The most organisations of one page.
const MAX_PAGE: usize = 200;

/// The `ETag` of organisation `id` at `version`.
fn etag(id: OrganisationId, version: i64) -> String {
    format!("\"organisation-{id}-v{version}\"")
}

/// 200 (or `status`) with the organisation and its `ETag`.
fn answer(status: StatusCode, org: Organisation) -> Response {
    let tag = header_value(&etag(org.id, org.version));
    (
        status,
        [(header::ETAG, tag)],
        Json(OrganisationOut::from(org)),
    )
        .into_response()
}

/// A possible duplicate names the organisations it may be (409 on `confirm_duplicate`).
fn refusal(err: CommandError) -> ApiError {
    match err {
        CommandError::Refused(Refusal::PossibleDuplicates(found)) => {
            let names = found
                .iter()
                .map(|d| format!("{} (/api/v1/organisations/{})", d.name, d.id))
                .collect::<Vec<_>>()
                .join("; ");
            ApiError::refused(format!(
                "this may already be in the directory: {names}; send confirm_duplicate: true if it is a different organisation"
            ))
            .about("confirm_duplicate")
        }
        other => other.into(),
    }
}

/// The query of `GET /organisations`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationListParams {
    /// Words in the name, address, kind, services or tags.
    pub q: Option<String>,
    /// A kind's key.
    pub kind: Option<String>,
    /// A language spoken ("English").
    pub language: Option<String>,
    /// A district.
    pub district: Option<String>,
    /// Words of a service.
    pub service: Option<String>,
    /// Inactive organisations too.
    pub include_inactive: Option<bool>,
    /// Only organisations with a greater id (the `next_after` of the previous page).
    pub after: Option<i64>,
    /// How many, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// List the directory's organisations, a page at a time, by id.
#[utoipa::path(get, path = "/organisations", operation_id = "list_organisations", tag = "partners",
    params(OrganisationListParams),
    responses((status = 200, description = "One page of organisations", body = OrganisationList),
        (status = 422, description = "`kind` or `language` names none", body = super::error::ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(p): ApiQuery<OrganisationListParams>,
) -> Result<Json<OrganisationList>, ApiError> {
    let limit = match usize::try_from(p.limit.unwrap_or(50)) {
        Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
        _ => return Err(ApiError::bad_request(format!("limit must be 1–{MAX_PAGE}"))),
    };
    let text = |t: Option<String>| t.unwrap_or_default();
    let filter = FilterInput {
        q: text(p.q),
        kind: text(p.kind),
        language: text(p.language),
        district: text(p.district),
        service: text(p.service),
        include_inactive: p.include_inactive.unwrap_or(false),
    };
    let mut found = DirectoryQuery { filter }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    found.sort_by_key(|o| o.id.0);
    let after = p.after.unwrap_or(i64::MIN);
    let mut page: Vec<Organisation> = found.into_iter().filter(|o| o.id.0 > after).collect();
    let more = page.len() > limit;
    page.truncate(limit);
    let next_after = if more {
        page.last().map(|o| o.id.0)
    } else {
        None
    };
    Ok(Json(OrganisationList {
        organisations: page.into_iter().map(OrganisationOut::from).collect(),
        next_after,
    }))
}

/// Add an organisation.
///
/// One with the same name (ignoring case, accents and the legal form) or e-mail as another
/// is refused (409 on `confirm_duplicate`, naming them) unless `confirm_duplicate` is true.
#[utoipa::path(post, path = "/organisations", operation_id = "create_organisation", tag = "partners",
    request_body = OrganisationIn,
    responses((status = 201, description = "The organisation", body = OrganisationOut,
        headers(("ETag" = String, description = "\"organisation-<id>-v<version>\""),
            ("Location" = String, description = "/api/v1/organisations/<id>")))))]
pub async fn create(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiJson(body): ApiJson<OrganisationIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let command = CreateOrganisation {
        input: body.input(),
        confirm_duplicate: body.confirm_duplicate.unwrap_or(false),
    };
    let id = command.run(&state, &actor).await.map_err(refusal)?;
    let view = OrganisationQuery { id }.run(&state, &actor).await?;
    Ok(respond::created(
        answer(StatusCode::OK, view.organisation),
        &format!("/organisations/{id}"),
    ))
}

/// Read an organisation.
#[utoipa::path(get, path = "/organisations/{id}", operation_id = "get_organisation", tag = "partners",
    params(("id" = i64, Path, description = "Organisation id")),
    responses((status = 200, description = "The organisation", body = OrganisationOut,
        headers(("ETag" = String, description = "\"organisation-<id>-v<version>\"")))))]
pub async fn show(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<OrganisationId>,
) -> Result<Response, ApiError> {
    let view = OrganisationQuery { id }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(answer(StatusCode::OK, view.organisation))
}

/// Change an organisation (all of it).
///
/// With `If-Match` (or `version`), one changed meanwhile is refused (412, or 409
/// `changed_meanwhile`). A new name or e-mail another organisation has is refused unless
/// `confirm_duplicate` is true.
#[utoipa::path(put, path = "/organisations/{id}", operation_id = "update_organisation", tag = "partners",
    request_body = OrganisationIn,
    params(("id" = i64, Path, description = "Organisation id"), OrganisationIfMatch),
    responses((status = 200, description = "The organisation", body = OrganisationOut,
        headers(("ETag" = String, description = "\"organisation-<id>-v<version>\"")))))]
pub async fn update(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<OrganisationId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<OrganisationIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let current = OrganisationQuery { id }.run(&state, &actor).await?;
    let check = if_match.for_record(&format!("\"organisation-{id}-v"), body.version)?;
    let command = UpdateOrganisation {
        id,
        version: check.version.unwrap_or(current.organisation.version),
        input: body.input(),
        confirm_duplicate: body.confirm_duplicate.unwrap_or(false),
    };
    command.run(&state, &actor).await.map_err(|e| match e {
        CommandError::ChangedMeanwhile(_) => check.refusal(e),
        other => refusal(other),
    })?;
    let saved = OrganisationQuery { id }.run(&state, &actor).await?;
    Ok(answer(StatusCode::OK, saved.organisation))
}

/// List an organisation's contact people.
#[utoipa::path(get, path = "/organisations/{id}/contacts", operation_id = "list_organisation_contacts", tag = "partners",
    params(("id" = i64, Path, description = "Organisation id")),
    responses((status = 200, description = "Its contact people", body = ContactList)))]
pub async fn contacts(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<OrganisationId>,
) -> Result<Json<ContactList>, ApiError> {
    let view = OrganisationQuery { id }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(ContactList {
        contacts: view.contacts.iter().map(ContactOut::from).collect(),
    }))
}

async fn contact_answer(
    state: &AppState,
    actor: &Actor,
    id: OrganisationId,
    contact: ContactId,
) -> Result<Json<ContactOut>, ApiError> {
    let view = OrganisationQuery { id }.run(state, actor).await?;
    let found = view.contacts.iter().find(|c| c.id == contact);
    Ok(Json(ContactOut::from(
        found.ok_or_else(ApiError::not_found)?,
    )))
}

/// Add a contact person (the organisation's version moves).
#[utoipa::path(post, path = "/organisations/{id}/contacts", operation_id = "add_organisation_contact", tag = "partners",
    request_body = ContactIn,
    params(("id" = i64, Path, description = "Organisation id")),
    responses((status = 201, description = "The contact person", body = ContactOut)))]
pub async fn add_contact(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(body): ApiJson<ContactIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let command = AddContact {
        organisation: id,
        input: body.input(),
    };
    let contact = command.run(&state, &actor).await?;
    let answer = contact_answer(&state, &actor, id, contact).await?;
    Ok(respond::created(
        answer.into_response(),
        &format!("/organisations/{id}/contacts/{contact}"),
    ))
}

/// Change a contact person.
#[utoipa::path(put, path = "/organisations/{id}/contacts/{contact_id}", operation_id = "update_organisation_contact", tag = "partners",
    request_body = ContactIn,
    params(("id" = i64, Path, description = "Organisation id"),
        ("contact_id" = i64, Path, description = "Contact person id")),
    responses((status = 200, description = "The contact person", body = ContactOut)))]
pub async fn update_contact(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, contact)): ApiPath<(OrganisationId, ContactId)>,
    ApiJson(body): ApiJson<ContactIn>,
) -> Result<Json<ContactOut>, ApiError> {
    let actor = Actor::of(&caller.user);
    let command = UpdateContact {
        organisation: id,
        id: contact,
        input: body.input(),
    };
    command.run(&state, &actor).await?;
    contact_answer(&state, &actor, id, contact).await
}

/// Remove a contact person.
#[utoipa::path(delete, path = "/organisations/{id}/contacts/{contact_id}", operation_id = "delete_organisation_contact", tag = "partners",
    params(("id" = i64, Path, description = "Organisation id"),
        ("contact_id" = i64, Path, description = "Contact person id")),
    responses((status = 204, description = "Removed")))]
pub async fn delete_contact(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, contact)): ApiPath<(OrganisationId, ContactId)>,
) -> Result<StatusCode, ApiError> {
    RemoveContact {
        organisation: id,
        id: contact,
    }
    .run(&state, &Actor::of(&caller.user))
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
