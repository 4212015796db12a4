//! The one decision after an account's password is proved — typed on the sign-in form, or
//! just set through a single-use link (an invitation, a password reset) — so that no way in
//! skips two-factor (issue 23): an account with two-factor waits for its second step, an
//! account that must set it up is signed in to the set-up pages only, any other is signed in.

use tower_sessions::Session;

use super::extract::ENROL_PATH;
use super::session::{self, Origin};
use crate::app::AppState;
use crate::commands::two_factor::{SecondStep, second_step_for};
use crate::db::users::User;
use crate::error::AppError;

/// The second step's address.
pub const SECOND_STEP_PATH: &str = "/login/two-factor";

/// Where a sign-in went once the password was proved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterPassword {
    /// The account has two-factor: the second step waits, nobody is signed in yet.
    SecondStep,
    /// Signed in, but only the set-up pages open until two-factor is set up.
    Enrol,
    /// Signed in.
    SignedIn,
}

impl AfterPassword {
    /// Where to send the browser: the second step, the set-up page, or `signed_in` (the page
    /// asked for, or the account's home).
    pub fn location(self, signed_in: &str) -> &str {
        match self {
            Self::SecondStep => SECOND_STEP_PATH,
            Self::Enrol => ENROL_PATH,
            Self::SignedIn => signed_in,
        }
    }
}

/// Goes on with `user`'s sign-in from `origin` once their password is proved: begins the
/// second step (returning to `next` after it), or signs in — due to set up two-factor first
/// when they must, invited to set it up when they are staff without it.
pub async fn after_password(
    state: &AppState,
    session: &Session,
    user: &User,
    origin: Origin,
    next: Option<String>,
) -> Result<AfterPassword, AppError> {
    let step = second_step_for(state, user).await?;
    if step == SecondStep::Code {
        let next = next.filter(|n| session::is_safe_return(n));
        session::begin_second_step(session, user.id, next).await?;
        return Ok(AfterPassword::SecondStep);
    }
    session::sign_in(session, user.id, origin).await?;
    if step == SecondStep::Enrol {
        session::set_two_factor_due(session, true).await?;
        return Ok(AfterPassword::Enrol);
    }
    if user.role.is_staff() {
        session::set_two_factor_suggested(session, true).await?;
    }
    Ok(AfterPassword::SignedIn)
}
