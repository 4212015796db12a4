//! Extractors that let a handler run only for the right people: `CurrentUser` for anyone
//! signed in, `Staff`, `Admin`, `ExpatUser`, `BuddyUser` and `EmployerUser` for one role. Anyone else is
//! sent to sign in (or refused with 403 when signed in with another role). Deny by default.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::Role;
use super::session;
use crate::app::AppState;
use crate::db::users::{self, User};
use crate::error::AppError;

/// The signed-in user and their session.
pub struct CurrentUser {
    /// The account, freshly loaded (a deactivated account is signed out at once).
    pub user: User,
    /// The session, for CSRF tokens and signing out.
    pub session: Session,
}

/// Why a request is not let through.
pub enum Denied {
    /// Not signed in: go to the sign-in page and come back.
    SignIn(String),
    /// Signed in, but the role may not see this.
    Forbidden,
    /// Signed in, but two-factor must be set up before anything else (issue 23).
    EnrolFirst,
    /// Something failed.
    Error(AppError),
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        match self {
            Denied::SignIn(next) => {
                let target = if session::is_safe_return(&next) && next != "/" {
                    format!("/login?next={}", urlencode(&next))
                } else {
                    "/login".to_owned()
                };
                Redirect::to(&target).into_response()
            }
            Denied::EnrolFirst => Redirect::to(ENROL_PATH).into_response(),
            Denied::Forbidden => crate::views::ErrorPage::response(
                StatusCode::FORBIDDEN,
                "Your account may not open this page.".to_owned(),
            ),
            Denied::Error(err) => err.into_response(),
        }
    }
}

/// The page that sets up two-factor, the only one an account that must set it up may open.
pub const ENROL_PATH: &str = "/account/two-factor";

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Denied;

    /// Refuses an account that must set up two-factor first: it is sent to set it up.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let current = Self::load(parts, state).await?;
        if session::is_two_factor_due(&current.session)
            .await
            .map_err(Denied::Error)?
        {
            return Err(Denied::EnrolFirst);
        }
        Ok(current)
    }
}

/// A staff member on the pages that set up two-factor: let through even when they must set
/// it up first (every other page refuses them until they have).
pub struct Enrolling(pub CurrentUser);

impl FromRequestParts<AppState> for Enrolling {
    type Rejection = Denied;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let current = CurrentUser::load(parts, state).await?;
        if current.user.role.is_staff() {
            Ok(Self(current))
        } else {
            Err(Denied::Forbidden)
        }
    }
}

impl CurrentUser {
    /// The signed-in user, whatever they must do first.
    async fn load(parts: &mut Parts, state: &AppState) -> Result<Self, Denied> {
        // Only a page can be returned to after signing in; a form's target cannot.
        let path = if parts.method == axum::http::Method::GET {
            parts
                .extensions
                .get::<OriginalUri>()
                .map_or_else(|| parts.uri.to_string(), |u| u.0.to_string())
        } else {
            "/".to_owned()
        };
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|_| {
                Denied::Error(AppError::Internal(anyhow::anyhow!("session layer missing")))
            })?;
        let Some((user_id, signed_in_at)) =
            session::signed_in(&session).await.map_err(Denied::Error)?
        else {
            return Err(Denied::SignIn(path));
        };
        let age = chrono::Utc::now().timestamp() - signed_in_at;
        let limit = i64::try_from(state.config.session_absolute.as_secs()).unwrap_or(i64::MAX);
        let user = match users::get(&state.db, user_id).await {
            Ok(user) if user.active && age < limit => user,
            Ok(_) | Err(crate::db::DbError::NotFound) => {
                session::sign_out(&session).await.map_err(Denied::Error)?;
                return Err(Denied::SignIn(path));
            }
            Err(err) => return Err(Denied::Error(err.into())),
        };
        session::renew_if_due(&session, state.config.session_renewal())
            .await
            .map_err(Denied::Error)?;
        Ok(Self { user, session })
    }
}

macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $allowed:expr) => {
        $(#[$doc])*
        pub struct $name(pub CurrentUser);

        impl FromRequestParts<AppState> for $name {
            type Rejection = Denied;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
                let current = CurrentUser::from_request_parts(parts, state).await?;
                let allowed: &[Role] = $allowed;
                if allowed.contains(&current.user.role) {
                    Ok(Self(current))
                } else {
                    Err(Denied::Forbidden)
                }
            }
        }
    };
}

role_extractor!(
    /// A consultant or an admin.
    Staff,
    &[Role::Consultant, Role::Admin]
);
role_extractor!(
    /// An admin.
    Admin,
    &[Role::Admin]
);
role_extractor!(
    /// An expat.
    ExpatUser,
    &[Role::Expat]
);
role_extractor!(
    /// An ambassador of the buddy programme.
    BuddyUser,
    &[Role::Buddy]
);
role_extractor!(
    /// A user of a partner employer (issue 21).
    EmployerUser,
    &[Role::Employer]
);
