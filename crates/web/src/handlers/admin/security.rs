//! `/admin/security` (issue 23): whether all staff must use two-factor sign-in, who uses it,
//! and resetting a colleague's two-factor with a reason (admins).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{DoneQuery, nav};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::commands::CommandError;
use crate::commands::two_factor::admin::{self, ResetTwoFactor, SetPolicy};
use crate::error::AppError;
use crate::handlers::{actor, sentence};
use crate::ids::UserId;
use crate::views::admin::security::{SecurityPage, StaffRow};
use crate::views::render;

/// The policy form.
#[derive(Debug, Default, Deserialize)]
pub struct PolicyForm {
    #[serde(default)]
    require_all_staff: Option<String>,
}

/// The reset form.
#[derive(Debug, Default, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    reason: String,
}

async fn page(state: &AppState, current: &CurrentUser) -> Result<SecurityPage, AppError> {
    let overview = admin::overview(state, &actor(current)).await?;
    let zone = state.config.time_zone;
    Ok(SecurityPage {
        nav: nav(state, current).await?,
        notice: None,
        require_all_staff: overview.require_all_staff,
        staff: overview
            .staff
            .iter()
            .map(|s| StaffRow::new(s, current.user.id.0, zone))
            .collect(),
        refused: false,
        reason: String::new(),
    })
}

/// `GET /admin/security`.
pub async fn show(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(done): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let mut page = page(&state, &current).await?;
    page.notice = match done.done() {
        Some("policy") => Some("The policy is saved: it applies at each one's next sign-in."),
        Some("reset") => Some(
            "The two-factor sign-in is reset: they are signed out and set it up again at their next sign-in.",
        ),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /admin/security`: the policy.
pub async fn update(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { form, .. }: CsrfForm<PolicyForm>,
) -> Result<Redirect, AppError> {
    let require_all_staff = form.require_all_staff.as_deref() == Some("on");
    SetPolicy { require_all_staff }
        .run(&state, &actor(&current))
        .await?;
    Ok(Redirect::to("/admin/security?done=policy"))
}

/// `POST /admin/security/{id}/reset`: a colleague's two-factor, with a reason (422 beside
/// the reason when it is missing).
pub async fn reset(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<i64>,
    CsrfForm { form, .. }: CsrfForm<ResetForm>,
) -> Result<Response, AppError> {
    let result = match ResetTwoFactor::reason(&form.reason) {
        Ok(reason) => {
            let command = ResetTwoFactor {
                user: UserId(id),
                reason,
            };
            command.run(&state, &actor(&current)).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/security?done=reset").into_response()),
        Err(CommandError::Invalid { problem, .. }) => {
            let mut page = page(&state, &current).await?;
            page.refused = true;
            for row in page.staff.iter_mut().filter(|r| r.id == id) {
                row.reset_error = Some(sentence(&problem.to_string()));
            }
            page.reason = form.reason.chars().take(500).collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
