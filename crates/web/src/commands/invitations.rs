//! Portal access for the people of a case: a consultant invites a person (an adult with an
//! e-mail address), and an expat whose account is in use answers the request to link it.
//! `db::invitations` decides between a new first-password link and a confirmation request.

use super::{Actor, CommandError, Refusal};
use crate::app::AppState;
use crate::auth::Role;
use crate::db::cases;
use crate::db::invitations::{self, Answer, InviteError, Invited};
use crate::ids::{CaseId, PersonId};
use crate::views::mail;

/// Invites person `position` of `case` to the portal.
#[derive(Debug, Clone, Copy)]
pub struct Invite {
    /// The case.
    pub case: CaseId,
    /// The person's position in it (0 is the principal).
    pub position: i64,
}

impl Invite {
    /// Runs it (staff only). The actor's display name signs the mail.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
        actor_name: &str,
    ) -> Result<Invited, CommandError> {
        actor.must_be_staff()?;
        let stored = cases::load(&state.db, self.case).await?;
        let person = usize::try_from(self.position)
            .ok()
            .and_then(|p| stored.case.people().get(p))
            .ok_or(CommandError::NotFound)?;
        if person.age_on(state.config.today()) < 18 {
            return Err(Refusal::UnderAge(person.name.to_string()).into());
        }
        let base_url = state.config.base_url();
        let invitation_mail = |name: &str, until| mail::invitation(name, actor_name, until);
        let confirm_mail = |name: &str| mail::link_request(name, actor_name, &base_url);
        let invitation = invitations::Invitation {
            case: self.case,
            position: self.position,
            actor: actor.id,
            base_url: &base_url,
            ttl: chrono::Duration::from_std(state.config.invitation_ttl)
                .unwrap_or(chrono::Duration::days(7)),
            invitation_mail: &invitation_mail,
            confirm_mail: &confirm_mail,
        };
        match invitations::invite(&state.db, invitation).await {
            Ok(invited) => Ok(invited),
            Err(InviteError::Refused(why)) => Err(Refusal::Uninvitable(why).into()),
            Err(InviteError::Db(err)) => Err(err.into()),
        }
    }
}

/// An expat answers a request to link their account to `person` ("yes, that is me" or
/// "no"). Someone else's request is not found.
#[derive(Debug, Clone, Copy)]
pub struct AnswerLinkRequest {
    /// The person of a case the request is about.
    pub person: PersonId,
    /// Yes or no.
    pub answer: Answer,
}

impl AnswerLinkRequest {
    /// Runs it for the actor's own account (expats only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        if actor.role != Role::Expat {
            return Err(CommandError::Forbidden);
        }
        Ok(invitations::answer(&state.db, actor.id, self.person, self.answer).await?)
    }
}
