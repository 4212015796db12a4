//! A case's lifecycle and notes: hold, close, reopen, reassign, add a note.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use softland_domain::Reason;
use softland_domain::case::CaseOutcome;

use super::case_page::{respond, version};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::db::cases::{self, AuditEntry, Expect};
use crate::db::notes::{self, Visibility};
use crate::db::{DbError, users};
use crate::error::AppError;
use crate::ids::{CaseId, UserId};

/// Every lifecycle form: the version plus what the action needs.
#[derive(Debug, Deserialize)]
pub struct LifecycleForm {
    version: Option<String>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    outcome: String,
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

async fn change(
    state: &AppState,
    id: CaseId,
    actor: UserId,
    form: &LifecycleForm,
    op: impl FnOnce(&mut softland_domain::Case) -> Result<&'static str, String>,
) -> Result<String, DbError> {
    let v = version(form.version.as_ref())?;
    cases::update(&state.db, id, actor, Expect::Case(v), |case, _| {
        let before = case.status.label();
        let message = op(case)?;
        let entry = AuditEntry::new(
            "case.status",
            case.principal().name.to_string(),
            Some(before.into()),
            Some(case.status.label().into()),
        );
        Ok((message.to_owned(), vec![entry]))
    })
    .await
}

/// `POST /cases/{id}/hold`.
pub async fn hold(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<LifecycleForm>,
) -> Result<Response, AppError> {
    let id = CaseId(id);
    let reason = Reason::parse(&form.reason).map_err(|e| format!("Not put on hold: {e}."));
    let result = match reason {
        Err(message) => Err(DbError::Invalid(message)),
        Ok(reason) => {
            change(&state, id, current.user.id, &form, |case| {
                case.hold(reason)
                    .map(|()| "The case is on hold.")
                    .map_err(|e| e.to_string())
            })
            .await
        }
    };
    respond(&state, &current, id, result, "#lifecycle").await
}

/// `POST /cases/{id}/close`.
pub async fn close(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<LifecycleForm>,
) -> Result<Response, AppError> {
    let id = CaseId(id);
    let today = state.config.today();
    let result = match CaseOutcome::parse(&form.outcome) {
        None => Err(DbError::Invalid("Choose how the case ended.".into())),
        Some(outcome) => {
            change(&state, id, current.user.id, &form, |case| {
                case.close(outcome, today)
                    .map(|()| "The case is closed.")
                    .map_err(|e| e.to_string())
            })
            .await
        }
    };
    respond(&state, &current, id, result, "#lifecycle").await
}

/// `POST /cases/{id}/reopen`.
pub async fn reopen(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<LifecycleForm>,
) -> Result<Response, AppError> {
    let id = CaseId(id);
    let result = change(&state, id, current.user.id, &form, |case| {
        case.reopen()
            .map(|()| "The case is open again.")
            .map_err(|e| e.to_string())
    })
    .await;
    respond(&state, &current, id, result, "#lifecycle").await
}

/// `POST /cases/{id}/reassign`.
pub async fn reassign(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<LifecycleForm>,
) -> Result<Response, AppError> {
    let id = CaseId(id);
    let target = form.consultant.trim().parse().map(UserId).ok();
    let consultant = match target {
        Some(uid) => users::get(&state.db, uid)
            .await
            .ok()
            .filter(|u| u.role.is_staff() && u.active),
        None => None,
    };
    let result = match (version(form.version.as_ref()), consultant) {
        (Err(e), _) => Err(e),
        (_, None) => Err(DbError::Invalid("Choose an active consultant.".into())),
        (Ok(v), Some(c)) => cases::reassign(&state.db, id, v, c.id, current.user.id)
            .await
            .map(|()| format!("{} now looks after this case.", c.display_name)),
    };
    respond(&state, &current, id, result, "#lifecycle").await
}

/// `POST /cases/{id}/notes`.
pub async fn add_note(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<NoteForm>,
) -> Result<Response, AppError> {
    let id = CaseId(id);
    cases::load(&state.db, id).await?;
    let result = match Visibility::parse(&form.visibility) {
        None => Err(DbError::Invalid("Choose who may read the note.".into())),
        Some(visibility) => notes::add(&state.db, id, current.user.id, visibility, &form.body)
            .await
            .map(|_| "Note added.".to_owned()),
    };
    respond(&state, &current, id, result, "#notes").await
}
