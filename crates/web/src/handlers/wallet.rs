//! The document wallet's forms on the case page: add a document to a person's wallet, remove
//! one (`commands::wallet`). A refused document keeps what was typed, with each message
//! beside its field.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::commands::wallet::{DocumentInput, RemoveDocument, SaveDocument};
use crate::commands::{CommandError, FieldErrors, form_version};
use crate::db::cases::Expect;
use crate::error::AppError;
use crate::handlers::actor;
use crate::handlers::case_page::{At, Back, refused, respond};
use crate::ids::CaseId;
use crate::views::case_page::Typed;
use crate::views::wallet::WalletTyped;
use softland_domain::case::DocumentNo;

fn field(form: &BTreeMap<String, String>, name: &str) -> String {
    form.get(name).cloned().unwrap_or_default()
}

/// `POST /cases/{id}/people/{position}/documents`: adds a document.
pub async fn create(
    State(state): State<AppState>,
    Path((id, person)): Path<(CaseId, usize)>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let input = DocumentInput {
        kind: field(&form, "kind"),
        number: field(&form, "number"),
        issuing_country: field(&form, "issuing_country"),
        issued_on: field(&form, "issued_on"),
        valid_until: field(&form, "valid_until"),
    };
    // A document number: the form changes that document (its "Change" link opened it).
    let document = form
        .get("document")
        .and_then(|no| no.trim().parse::<u32>().ok());
    let command = async {
        let expect = Expect::Case(form_version(form.get("version").map(String::as_str))?);
        let save = SaveDocument {
            case: id,
            person,
            document: document.map(DocumentNo::new),
            expect,
            input: input.clone(),
        };
        save.run(&state, &actor(&current)).await
    };
    let errors = match command.await {
        Err(CommandError::InvalidFields(errors)) => errors,
        Err(CommandError::Invalid { field, problem }) => {
            let mut errors = FieldErrors::new();
            errors.add(field.name(), problem.to_string());
            errors
        }
        other => {
            let result = other.map(|saved| saved.message);
            let at = At::Section("people");
            return respond(&state, &current, id, result, (at, Typed::default(), back)).await;
        }
    };
    let summary = errors
        .iter()
        .map(|(_, message)| crate::handlers::sentence(message))
        .collect::<Vec<_>>()
        .join(" ");
    let typed = Typed {
        wallet: WalletTyped {
            person: Some(person),
            document,
            kind: input.kind,
            number: input.number,
            issuing_country: input.issuing_country,
            issued_on: input.issued_on,
            valid_until: input.valid_until,
            errors,
        },
        ..Typed::default()
    };
    let problem = (
        StatusCode::UNPROCESSABLE_ENTITY,
        "Document not saved".to_owned(),
        summary,
    );
    refused(
        &state,
        &current,
        id,
        problem,
        (At::Section("people"), typed, back),
    )
    .await
}

/// `POST /cases/{id}/people/{position}/documents/{no}/remove`: removes a document.
pub async fn remove(
    State(state): State<AppState>,
    Path((id, person, no)): Path<(CaseId, usize, u32)>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let command = async {
        let expect = Expect::Case(form_version(form.get("version").map(String::as_str))?);
        let remove = RemoveDocument {
            case: id,
            person,
            document: DocumentNo::new(no),
            expect,
        };
        remove.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|saved| saved.message);
    respond(
        &state,
        &current,
        id,
        result,
        (At::Section("people"), Typed::default(), back),
    )
    .await
}
