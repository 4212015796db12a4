//! A case's lifecycle and notes: hold, close, reopen, reassign, add a note.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::actor;
use super::case_page::{At, Back, respond};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::commands::lifecycle::{CaseTarget, CloseCase, HoldCase, ReassignCase, ReopenCase};
use crate::commands::notes::AddNote;
use crate::commands::{CommandError, Field, Problem, form_version};
use crate::db::cases::Expect;
use crate::error::AppError;
use crate::ids::CaseId;
use crate::views::case_page::Typed;

/// Every lifecycle form: the version plus what the action needs.
#[derive(Debug, Deserialize)]
pub struct LifecycleForm {
    version: Option<String>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    outcome: String,
    /// "yes" when the consultant confirmed closing with open items.
    #[serde(default)]
    close_open_items: String,
    #[serde(default)]
    consultant: String,
}

/// The note form.
#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    visibility: String,
}

fn target(id: CaseId, form: &LifecycleForm) -> Result<CaseTarget, CommandError> {
    Ok(CaseTarget {
        case: id,
        expect: Expect::Case(form_version(form.version.as_deref())?),
    })
}

/// `POST /cases/{id}/hold`.
pub async fn hold(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<LifecycleForm>,
) -> Result<Response, AppError> {
    let command = async {
        let hold = HoldCase {
            target: target(id, &form)?,
            reason: HoldCase::reason(&form.reason)?,
        };
        hold.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|done| done.message);
    respond(
        &state,
        &current,
        id,
        result,
        (At::Section("lifecycle"), Typed::default(), back),
    )
    .await
}

/// `POST /cases/{id}/close`.
pub async fn close(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<LifecycleForm>,
) -> Result<Response, AppError> {
    let command = async {
        let close = CloseCase {
            target: target(id, &form)?,
            outcome: CloseCase::outcome(&form.outcome)?,
            close_open_items: form.close_open_items == "yes",
        };
        close.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|done| done.message);
    let typed = Typed {
        outcome: form.outcome.clone(),
        ..Typed::default()
    };
    respond(
        &state,
        &current,
        id,
        result,
        (At::Section("lifecycle"), typed, back),
    )
    .await
}

/// `POST /cases/{id}/reopen`.
pub async fn reopen(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<LifecycleForm>,
) -> Result<Response, AppError> {
    let command = async {
        let reopen = ReopenCase {
            target: target(id, &form)?,
        };
        reopen.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|done| done.message);
    respond(
        &state,
        &current,
        id,
        result,
        (At::Section("lifecycle"), Typed::default(), back),
    )
    .await
}

/// `POST /cases/{id}/reassign`.
pub async fn reassign(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<LifecycleForm>,
) -> Result<Response, AppError> {
    let command = async {
        let reassign = ReassignCase {
            target: target(id, &form)?,
            consultant: ReassignCase::consultant(&form.consultant)?,
        };
        reassign.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|done| done.message);
    respond(
        &state,
        &current,
        id,
        result,
        (At::Section("lifecycle"), Typed::default(), back),
    )
    .await
}

/// `POST /cases/{id}/notes`.
pub async fn add_note(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<NoteForm>,
) -> Result<Response, AppError> {
    let command = async {
        let visibility = AddNote::visibility(Some(&form.visibility))?.ok_or(
            CommandError::invalid(Field::Visibility, Problem::NotOffered),
        )?;
        let note = AddNote {
            case: id,
            visibility,
            body: AddNote::body(&form.body)?,
        };
        note.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|_| "Note added.".to_owned());
    respond(
        &state,
        &current,
        id,
        result,
        (At::Section("notes"), Typed::default(), back),
    )
    .await
}
