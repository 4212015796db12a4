//! Two-factor sign-in of staff accounts (issue 23), for admins: an account's state
//! (`GET /users/{id}/two-factor`) and a reset with a reason (`POST …/two-factor/reset`),
//! which ends the colleague's sessions and revokes their tokens. Setting it up needs a browser
//! (a QR code and a code from the app): there is no endpoint for it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::two_factor::admin::{self, ResetTwoFactor};
use crate::db::two_factor::StaffFactor;
use crate::ids::UserId;

/// A staff account's two-factor sign-in.
#[derive(Debug, Serialize, ToSchema)]
pub struct TwoFactorState {
    /// The account.
    pub user_id: i64,
    /// Its sign-in e-mail.
    pub email: String,
    /// `admin` or `consultant`.
    pub role: String,
    /// Whether two-factor sign-in is set up.
    pub enrolled: bool,
    /// When it was set up.
    pub enrolled_at: Option<DateTime<Utc>>,
    /// Unused recovery codes.
    pub recovery_codes_left: u64,
    /// When a code was last accepted.
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<StaffFactor> for TwoFactorState {
    fn from(s: StaffFactor) -> Self {
        Self {
            user_id: s.user.0,
            email: s.email,
            role: s.role.as_str().to_owned(),
            enrolled: s.enrolled_at.is_some(),
            enrolled_at: s.enrolled_at,
            recovery_codes_left: s.codes_left,
            last_used_at: s.last_used_at,
        }
    }
}

/// A reset of a colleague's two-factor sign-in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TwoFactorReset {
    /// Why (kept in the history; 1–500 characters).
    pub reason: String,
}

/// Read a staff account's two-factor sign-in (admins).
#[utoipa::path(get, path = "/users/{id}/two-factor", operation_id = "get_two_factor",
    tag = "security", params(("id" = i64, Path, description = "Account id")),
    responses((status = 200, description = "Its two-factor sign-in", body = TwoFactorState)))]
pub async fn show(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<UserId>,
) -> Result<Json<TwoFactorState>, ApiError> {
    let found = admin::of_user(&state, &Actor::of(&caller.user), id).await?;
    Ok(Json(found.into()))
}

/// Reset a colleague's two-factor sign-in (admins): it is removed with its recovery codes,
/// every session of theirs ends and their API tokens are revoked; they set it up again at
/// their next sign-in. A missing reason is 422 on `reason`; one's own account is 422 too
/// (reset it on the account page).
#[utoipa::path(post, path = "/users/{id}/two-factor/reset", operation_id = "reset_two_factor",
    tag = "security", request_body = TwoFactorReset,
    params(("id" = i64, Path, description = "Account id")),
    responses((status = 204, description = "Reset")))]
pub async fn reset(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<UserId>,
    ApiJson(body): ApiJson<TwoFactorReset>,
) -> Result<StatusCode, ApiError> {
    let command = ResetTwoFactor {
        user: id,
        reason: ResetTwoFactor::reason(&body.reason)?,
    };
    command.run(&state, &Actor::of(&caller.user)).await?;
    Ok(StatusCode::NO_CONTENT)
}
