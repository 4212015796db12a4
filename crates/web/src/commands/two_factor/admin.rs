//! The admins' part of two-factor sign-in (issue 23): the centre's policy (required of all
//! staff, or of admins only), the list of staff with their two-factor, and resetting a
//! colleague's two-factor with a reason (an audit line; their sessions end and their API
//! tokens are revoked; they set it up again at their next sign-in).

use softland_domain::Reason;

use super::super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::db::two_factor::{self as store, Consequences, StaffFactor};
use crate::db::users;
use crate::ids::UserId;

fn must_be_admin(actor: &Actor) -> Result<(), CommandError> {
    if actor.role == crate::auth::Role::Admin {
        Ok(())
    } else {
        Err(CommandError::Forbidden)
    }
}

/// The security page: the policy and every staff member's two-factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityOverview {
    /// Whether every staff member must use two-factor.
    pub require_all_staff: bool,
    /// The staff, by name.
    pub staff: Vec<StaffFactor>,
}

/// Reads the security page's contents (admins only).
pub async fn overview(state: &AppState, actor: &Actor) -> Result<SecurityOverview, CommandError> {
    must_be_admin(actor)?;
    Ok(SecurityOverview {
        require_all_staff: store::requires_all_staff(&state.db).await?,
        staff: store::staff_overview(&state.db).await?,
    })
}

/// One staff member's two-factor (admins only; another account is not found).
pub async fn of_user(
    state: &AppState,
    actor: &Actor,
    user: UserId,
) -> Result<StaffFactor, CommandError> {
    must_be_admin(actor)?;
    store::staff_overview(&state.db)
        .await?
        .into_iter()
        .find(|s| s.user == user)
        .ok_or(CommandError::NotFound)
}

/// Requires two-factor of every staff member, or of admins only. Takes effect at each
/// one's next sign-in.
#[derive(Debug, Clone, Copy)]
pub struct SetPolicy {
    /// Whether every staff member must use it.
    pub require_all_staff: bool,
}

impl SetPolicy {
    /// Runs it (admins only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        must_be_admin(actor)?;
        store::set_requires_all_staff(&state.db, self.require_all_staff, actor.id).await?;
        Ok(())
    }
}

/// Resets a colleague's two-factor (a lost phone): it is removed with its recovery codes,
/// every session of theirs ends, their API tokens are revoked, and they set it up again at
/// their next sign-in. An admin resets their own on their account page instead.
#[derive(Debug, Clone)]
pub struct ResetTwoFactor {
    /// The colleague.
    pub user: UserId,
    /// Why (kept in the audit line).
    pub reason: Reason,
}

impl ResetTwoFactor {
    /// The reason as typed.
    pub fn reason(raw: &str) -> Result<Reason, CommandError> {
        Reason::parse(raw).map_err(|e| CommandError::invalid(Field::Reason, e))
    }

    /// Runs it (admins only); another account than a staff member's is not found.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        must_be_admin(actor)?;
        let user = users::get(&state.db, self.user).await?;
        if !user.role.is_staff() {
            return Err(CommandError::NotFound);
        }
        if user.id == actor.id {
            return Err(CommandError::invalid(
                Field::Reason,
                Problem::Rule("reset your own two-factor on your account page"),
            ));
        }
        let then = Consequences {
            actor: actor.id,
            note: format!("reset by an admin: {}", self.reason.as_str()),
            keep_session: None,
            revoke_tokens: true,
        };
        store::remove(&state.db, user.id, &then).await?;
        tracing::info!(user = user.id.0, by = actor.id.0, "two-factor reset");
        Ok(())
    }
}
