//! The buddy programme (issue 20): who may do what.
//!
//! - **Coordinators** (staff accounts with the "buddy coordinator" permission, and admins)
//!   invite and approve ambassadors, see open requests with ranked suggestions, propose,
//!   end matches and read the programme's figures.
//! - **Ambassadors** (role `buddy`) answer proposals, log check-ins, end their own matches
//!   and keep their own profile; they see only [`SharedNewcomer`]s of their own accepted or
//!   active matches, and anything else is "not found".
//! - **Newcomers** (expats) ask for a buddy for a person of their household, withdraw their
//!   consent (which ends the match at once), and give feedback at the end.
//! - **Consultants** ask for a buddy on a case (with the newcomer's consent, recorded) and see
//!   the ambassadors' calls for the centre's help on their cases.
//!
//! Every mail a step sends is queued in the step's transaction (`db::buddies`).

mod input;
mod lists;
mod photo;
mod queries;

pub use input::{MAX_LANGUAGES, ProfileInput, RequestInput};
pub use lists::*;
pub use photo::*;
pub use queries::*;

use chrono::NaiveDate;
use softland_domain::buddy::{EndReason, MatchEvent};

use super::{Actor, CommandError, Field, FieldErrors, Problem, Refusal};
use crate::app::AppState;
use crate::auth::Role;
use crate::db::buddies::{
    self, AccountLink, AmbassadorStatus, Mail, Match, NewAmbassador, NewRequest, Profile,
    RequestDetails, Step,
};
use crate::db::{Constraint, DbError, portal, users};
use crate::ids::{AmbassadorId, CaseId, CheckInId, MatchId, UserId};
use crate::views::mail;

/// Longest check-in, decline reason or end note, in characters.
pub const NOTE_MAX: usize = 2000;

/// The age from which a person of a household may have a buddy (a buddy is for adults).
pub const ADULT_AGE: u32 = 18;

impl Actor {
    /// Refuses anyone but a buddy coordinator (a staff account with the permission) or an
    /// admin.
    pub async fn must_coordinate(&self, state: &AppState) -> Result<(), CommandError> {
        if self.role == Role::Admin {
            return Ok(());
        }
        if self.role == Role::Consultant && users::get(&state.db, self.id).await?.buddy_coordinator
        {
            return Ok(());
        }
        Err(CommandError::Forbidden)
    }

    /// The actor's own ambassador profile; anyone else is refused.
    pub async fn own_ambassador(
        &self,
        state: &AppState,
    ) -> Result<buddies::Ambassador, CommandError> {
        if self.role != Role::Buddy {
            return Err(CommandError::Forbidden);
        }
        buddies::ambassador_of(&state.db, self.id)
            .await?
            .ok_or(CommandError::Forbidden)
    }
}

/// Whether `user` may coordinate (for the navigation and pages).
pub fn coordinates(user: &users::User) -> bool {
    user.role == Role::Admin || (user.role == Role::Consultant && user.buddy_coordinator)
}

/// A store refusal as the command's: a rule of the programme is a refusal (409 in the API);
/// a taken e-mail is the `email` field's mistake.
fn refused(err: DbError) -> CommandError {
    match err {
        DbError::Constraint(Constraint::EmailTaken) => {
            let mut errors = FieldErrors::new();
            errors.add("email", Constraint::EmailTaken.to_string());
            CommandError::InvalidFields(errors)
        }
        DbError::Constraint(rule) => CommandError::Refused(Refusal::Constraint(rule)),
        other => other.into(),
    }
}

/// Every active coordinator's address, for mails about applications and requests.
async fn coordinator_mails(
    state: &AppState,
    text: impl Fn(&str) -> crate::db::outbox::MailText,
) -> Result<Vec<Mail>, CommandError> {
    Ok(users::coordinators(&state.db)
        .await?
        .into_iter()
        .map(|u| Mail {
            text: text(&u.display_name),
            to: u.email,
            recipient: Some(u.id),
            case: None,
        })
        .collect())
}

fn link<'a>(
    state: &AppState,
    base_url: &'a str,
    mail: &'a (
            dyn Fn(&str, chrono::DateTime<chrono::Utc>) -> crate::db::outbox::MailText + Send + Sync
        ),
) -> AccountLink<'a> {
    AccountLink {
        base_url,
        ttl: chrono::Duration::from_std(state.config.invitation_ttl)
            .unwrap_or(chrono::Duration::days(7)),
        mail,
    }
}

/// A new ambassador as the sign-up form and the invitation read them.
struct Candidate {
    name: softland_domain::person::PersonName,
    email: softland_domain::person::Email,
    profile: Profile,
}

impl Candidate {
    /// Reads the form; every wrong field is reported (consent is required).
    fn parse(input: &ProfileInput) -> Result<Self, CommandError> {
        let (name, email, profile) = input.parse_new()?;
        Ok(Self {
            name,
            email,
            profile,
        })
    }
}

/// Someone applies to be an ambassador through the public form: an account that cannot sign
/// in until the coordinator approves it.
pub struct Apply(Candidate);

impl Apply {
    /// Reads the form; every wrong field is reported (consent is required).
    pub fn parse(input: &ProfileInput) -> Result<Self, CommandError> {
        Candidate::parse(input).map(Self)
    }

    /// Runs it (anyone, signed in or not); the coordinators are told by mail. An e-mail that
    /// has an account already is not said to the visitor (the public form would tell anyone
    /// which addresses have accounts): nothing is stored, the owner is told by mail, and the
    /// answer is `None`, which the form thanks for like any other.
    pub async fn run(self, state: &AppState) -> Result<Option<AmbassadorId>, CommandError> {
        let base = state.config.base_url();
        let link = format!("{}/buddies/ambassadors", base.trim_end_matches('/'));
        let Self(candidate) = self;
        let email = candidate.email.as_str().to_owned();
        if users::find_by_email(&state.db, &email).await?.is_some() {
            return tell_owner(state, &email, DbError::Constraint(Constraint::EmailTaken)).await;
        }
        let name = candidate.name.as_str().to_owned();
        let notify =
            coordinator_mails(state, |to| mail::ambassador_applied(to, &name, &link)).await?;
        let new = NewAmbassador {
            name: candidate.name.as_str(),
            email: candidate.email.as_str(),
            status: AmbassadorStatus::Applied,
            profile: &candidate.profile,
            actor: None,
            link: None,
            notify,
        };
        match buddies::create_ambassador(&state.db, new).await {
            Ok((_, id)) => Ok(Some(id)),
            Err(err) => tell_owner(state, &email, err).await,
        }
    }
}

/// An application whose e-mail has an account (`err` is `EmailTaken`): the owner is told by
/// mail and the visitor nothing; any other error is the command's.
async fn tell_owner(
    state: &AppState,
    email: &str,
    err: DbError,
) -> Result<Option<AmbassadorId>, CommandError> {
    match err {
        DbError::Constraint(Constraint::EmailTaken) => {
            let text = mail::ambassador_application_for_account(&state.config.base_url());
            crate::db::outbox::queue(&state.db, email, &text).await?;
            Ok(None)
        }
        other => Err(refused(other)),
    }
}

/// The coordinator invites an ambassador: an active account with a first-password link.
pub struct InviteAmbassador(Candidate);

impl InviteAmbassador {
    /// Reads the form; every wrong field is reported (consent is required).
    pub fn parse(input: &ProfileInput) -> Result<Self, CommandError> {
        Candidate::parse(input).map(Self)
    }

    /// Runs it (coordinators only); the actor's name signs the mail.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
        actor_name: &str,
    ) -> Result<AmbassadorId, CommandError> {
        actor.must_coordinate(state).await?;
        let base_url = state.config.base_url();
        let invite = |name: &str, until| mail::ambassador_invitation(name, actor_name, until);
        let Self(candidate) = self;
        let new = NewAmbassador {
            name: candidate.name.as_str(),
            email: candidate.email.as_str(),
            status: AmbassadorStatus::Active,
            profile: &candidate.profile,
            actor: Some(actor.id),
            link: Some(link(state, &base_url, &invite)),
            notify: Vec::new(),
        };
        let (_, id) = buddies::create_ambassador(&state.db, new)
            .await
            .map_err(refused)?;
        Ok(id)
    }
}

/// Changes an ambassador's profile: the coordinator any, an ambassador their own.
pub struct UpdateAmbassador {
    /// The ambassador.
    pub id: AmbassadorId,
    /// The version the form was made from.
    pub version: i64,
    /// The profile as typed.
    pub profile: Profile,
}

impl UpdateAmbassador {
    /// Reads the form (name and e-mail are not changed here); every wrong field is reported.
    pub fn parse(
        id: AmbassadorId,
        version: i64,
        input: &ProfileInput,
    ) -> Result<Self, CommandError> {
        Ok(Self {
            id,
            version,
            profile: input.parse_profile()?,
        })
    }

    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        if actor.role == Role::Buddy {
            if actor.own_ambassador(state).await?.id != self.id {
                return Err(CommandError::NotFound);
            }
        } else {
            actor.must_coordinate(state).await?;
        }
        Ok(
            buddies::update_profile(&state.db, self.id, self.version, &self.profile, actor.id)
                .await?,
        )
    }
}

/// Approves, declines, pauses or resumes an ambassador. The coordinator may do all; an
/// ambassador may pause and resume themself.
#[derive(Debug, Clone, Copy)]
pub struct SetAmbassadorStatus {
    /// The ambassador.
    pub id: AmbassadorId,
    /// The new status.
    pub status: AmbassadorStatus,
}

impl SetAmbassadorStatus {
    /// Runs it; approving an applicant mails them their first-password link.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
        actor_name: &str,
    ) -> Result<(), CommandError> {
        let current = buddies::ambassador(&state.db, self.id).await?;
        if actor.role == Role::Buddy {
            let own = actor.own_ambassador(state).await?;
            if own.id != self.id {
                return Err(CommandError::NotFound);
            }
            let allowed = matches!(
                (current.status, self.status),
                (AmbassadorStatus::Active, AmbassadorStatus::Paused)
                    | (AmbassadorStatus::Paused, AmbassadorStatus::Active)
            );
            if !allowed {
                return Err(CommandError::Forbidden);
            }
        } else {
            actor.must_coordinate(state).await?;
        }
        if current.status == self.status {
            return Ok(());
        }
        // Only the public form makes an applicant; pausing one is not a decision either.
        if self.status == AmbassadorStatus::Applied
            || (current.status == AmbassadorStatus::Applied
                && self.status == AmbassadorStatus::Paused)
        {
            return Err(CommandError::invalid(Field::Action, Problem::NotOffered));
        }
        let base_url = state.config.base_url();
        let approve = |name: &str, until| mail::ambassador_approved(name, actor_name, until);
        let link =
            (self.status == AmbassadorStatus::Active).then(|| link(state, &base_url, &approve));
        buddies::set_status(&state.db, self.id, self.status, actor.id, link)
            .await
            .map_err(refused)
    }
}

/// A newcomer (or their consultant, for them) asks for a buddy.
pub struct RequestBuddy {
    /// The case.
    pub case: CaseId,
    /// The person of the case (0 is the principal).
    pub position: usize,
    /// What they ask for.
    pub details: RequestDetails,
}

impl RequestBuddy {
    /// Reads the form; every wrong field is reported (consent is required).
    pub fn parse(case: CaseId, input: &RequestInput) -> Result<Self, CommandError> {
        let (position, details) = input.parse()?;
        Ok(Self {
            case,
            position,
            details,
        })
    }

    /// Runs it: staff on any case, an expat on their household's; the coordinators are told.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<MatchId, CommandError> {
        if actor.role == Role::Expat {
            if !portal::may_see(&state.db, actor.id, self.case).await? {
                return Err(CommandError::NotFound);
            }
        } else {
            actor.must_be_staff()?;
        }
        let stored = crate::db::cases::load(&state.db, self.case).await?;
        let person = stored
            .person_ids
            .get(self.position)
            .copied()
            .ok_or(CommandError::invalid(
                Field::Person,
                Problem::NoSuchPerson(self.position),
            ))?;
        let today = state.config.today();
        if stored
            .case
            .people()
            .get(self.position)
            .is_some_and(|p| p.age_on(today) < ADULT_AGE)
        {
            let mut errors = FieldErrors::new();
            errors.add(
                Field::Person.name(),
                format!("a buddy is for adults: choose a person aged {ADULT_AGE} or over"),
            );
            return Err(CommandError::InvalidFields(errors));
        }
        let base = state.config.base_url();
        let link = format!("{}/buddies", base.trim_end_matches('/'));
        let notify = coordinator_mails(state, |to| mail::buddy_requested(to, &link)).await?;
        let new = NewRequest {
            case: self.case,
            person,
            actor: actor.id,
            details: &self.details,
            notify,
        };
        buddies::request(&state.db, new).await.map_err(refused)
    }
}

/// The coordinator proposes an ambassador for a request; refused (409) beyond the
/// ambassador's places, when they are inactive or unavailable, share no language, or are the
/// newcomer themself.
#[derive(Debug, Clone, Copy)]
pub struct Propose {
    /// The request.
    pub id: MatchId,
    /// The ambassador.
    pub ambassador: AmbassadorId,
    /// The version the coordinator saw (`None`: any).
    pub version: Option<i64>,
}

impl Propose {
    /// Runs it (coordinators only); the ambassador is told by mail.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_coordinate(state).await?;
        let ambassador = buddies::ambassador(&state.db, self.ambassador)
            .await
            .map_err(|e| match e {
                DbError::NotFound => CommandError::invalid(Field::Ambassador, Problem::NotOffered),
                other => other.into(),
            })?;
        let base = state.config.base_url();
        let link = format!("{}/buddy", base.trim_end_matches('/'));
        let notify = vec![Mail {
            text: mail::buddy_proposed(&ambassador.name, &link),
            to: ambassador.email.clone(),
            recipient: Some(ambassador.user),
            case: None,
        }];
        let step = Step {
            id: self.id,
            version: self.version,
            event: MatchEvent::Propose,
            actor: actor.id,
            ambassador: Some(self.ambassador),
            note: None,
            today: state.config.today(),
            only_ambassador: None,
            notify,
        };
        buddies::step(&state.db, step).await.map_err(refused)?;
        Ok(())
    }
}

/// An ambassador's answer to a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Yes: the newcomer is told.
    Accept,
    /// No, with a reason for the coordinator.
    Decline(String),
}

/// An ambassador answers a proposal made to them.
#[derive(Debug, Clone)]
pub struct AnswerProposal {
    /// The match.
    pub id: MatchId,
    /// The answer.
    pub answer: Answer,
}

impl AnswerProposal {
    /// Reads `accept`/`decline` and the reason (required when declining).
    pub fn parse(id: MatchId, answer: &str, reason: &str) -> Result<Self, CommandError> {
        let reason = reason.trim();
        let answer = match answer.trim() {
            "accept" => Answer::Accept,
            "decline" if reason.is_empty() => {
                return Err(CommandError::invalid(Field::Reason, Problem::Missing));
            }
            "decline" if reason.chars().count() > NOTE_MAX => {
                return Err(CommandError::invalid(
                    Field::Reason,
                    Problem::TooLong(NOTE_MAX),
                ));
            }
            "decline" => Answer::Decline(reason.to_owned()),
            _ => return Err(CommandError::invalid(Field::Action, Problem::NotOffered)),
        };
        Ok(Self { id, answer })
    }

    /// Runs it (the proposed ambassador only: any other match is not found).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        let own = actor.own_ambassador(state).await?;
        let found = buddies::get_match(&state.db, self.id).await?;
        // An ended match is gone from the ambassador's pages: not found, like anyone else's.
        if found.ambassador != Some(own.id) || !found.state.takes_a_place() {
            return Err(CommandError::NotFound);
        }
        let (event, note, notify) = match &self.answer {
            Answer::Accept => (
                MatchEvent::Accept,
                None,
                newcomer_mails(state, &found, |name, link| {
                    mail::buddy_accepted(name, &own.name, link)
                })
                .await?,
            ),
            Answer::Decline(reason) => {
                let base = state.config.base_url();
                let link = format!("{}/buddies", base.trim_end_matches('/'));
                let notify = coordinator_mails(state, |to| {
                    mail::buddy_declined(to, &own.name, reason, &link)
                })
                .await?;
                (MatchEvent::Decline, Some(reason.as_str()), notify)
            }
        };
        let step = Step {
            id: self.id,
            version: None,
            event,
            actor: actor.id,
            ambassador: None,
            note,
            today: state.config.today(),
            only_ambassador: Some(own.id),
            notify,
        };
        buddies::step(&state.db, step).await.map_err(refused)?;
        Ok(())
    }
}

/// The household's accounts that want mails, told about their match.
async fn newcomer_mails(
    state: &AppState,
    found: &Match,
    text: impl Fn(&str, &str) -> crate::db::outbox::MailText,
) -> Result<Vec<Mail>, CommandError> {
    let base = state.config.base_url();
    let link = format!("{}/my/buddy", base.trim_end_matches('/'));
    Ok(crate::db::reminders::case_accounts(&state.db, found.case)
        .await?
        .into_iter()
        .filter(|a| a.wants)
        .map(|a| Mail {
            text: text(&a.display_name, &link),
            to: a.email,
            recipient: Some(UserId(a.id)),
            case: Some(found.case),
        })
        .collect())
}

/// Ends a match: the coordinator any, the ambassador their own, the newcomer their
/// household's (withdrawn or settled). "Not a fit" lets the newcomer be matched again.
#[derive(Debug, Clone)]
pub struct EndMatch {
    /// The match.
    pub id: MatchId,
    /// Why.
    pub reason: EndReason,
    /// A note.
    pub note: Option<String>,
}

impl EndMatch {
    /// Reads the reason's name and the note.
    pub fn parse(id: MatchId, reason: &str, note: &str) -> Result<Self, CommandError> {
        let reason = buddies::parse_end_reason(reason)
            .ok_or(CommandError::invalid(Field::Reason, Problem::NotOffered))?;
        let note = note.trim();
        if note.chars().count() > NOTE_MAX {
            return Err(CommandError::invalid(
                Field::Note,
                Problem::TooLong(NOTE_MAX),
            ));
        }
        Ok(Self {
            id,
            reason,
            note: (!note.is_empty()).then(|| note.to_owned()),
        })
    }

    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        let found = buddies::get_match(&state.db, self.id).await?;
        // Who may give which reason: the household withdraws or says they settled; the
        // ambassador says they settled, moved away or are not a fit (withdrawing consent is
        // the newcomer's); the coordinator may record any.
        let allowed = match actor.role {
            Role::Expat => matches!(self.reason, EndReason::Withdrawn | EndReason::Settled),
            Role::Buddy => self.reason != EndReason::Withdrawn,
            Role::Employer => false,
            Role::Admin | Role::Consultant => true,
        };
        if !allowed {
            return Err(CommandError::invalid(Field::Reason, Problem::NotOffered));
        }
        let only_ambassador = match actor.role {
            Role::Buddy => {
                let own = actor.own_ambassador(state).await?;
                if found.ambassador != Some(own.id) || !found.state.shares_with_ambassador() {
                    return Err(CommandError::NotFound);
                }
                Some(own.id)
            }
            Role::Employer => return Err(CommandError::NotFound),
            Role::Expat => {
                if !portal::may_see(&state.db, actor.id, found.case).await? {
                    return Err(CommandError::NotFound);
                }
                None
            }
            Role::Admin | Role::Consultant => {
                actor.must_coordinate(state).await?;
                None
            }
        };
        // The ambassador is told when someone else ends a match that takes their place (the
        // first name only; never the note).
        let mut notify = Vec::new();
        if only_ambassador.is_none()
            && found.state.takes_a_place()
            && let Some(id) = found.ambassador
        {
            let ambassador = buddies::ambassador(&state.db, id).await?;
            let base = state.config.base_url();
            let link = format!("{}/buddy", base.trim_end_matches('/'));
            notify.push(Mail {
                text: mail::buddy_ended(
                    &ambassador.name,
                    found.first_name(),
                    buddies::end_reason_label(self.reason),
                    &link,
                ),
                to: ambassador.email,
                recipient: Some(ambassador.user),
                case: None,
            });
        }
        let step = Step {
            id: self.id,
            version: None,
            event: MatchEvent::End(self.reason),
            actor: actor.id,
            ambassador: None,
            note: self.note.as_deref(),
            today: state.config.today(),
            only_ambassador,
            notify,
        };
        buddies::step(&state.db, step).await.map_err(refused)?;
        Ok(())
    }
}

/// An ambassador logs a check-in on their accepted or active match (the first makes it
/// active). "Needs the centre's help" mails the consultant and shows on their dashboard.
#[derive(Debug, Clone)]
pub struct CheckIn {
    /// The match.
    pub id: MatchId,
    /// When they met or spoke.
    pub met_on: NaiveDate,
    /// How it went.
    pub body: String,
    /// Whether the centre should step in.
    pub needs_help: bool,
}

impl CheckIn {
    /// Reads the form: a date not in the future, a text of 1 to 2,000 characters.
    pub fn parse(
        id: MatchId,
        met_on: &str,
        body: &str,
        needs_help: bool,
        today: NaiveDate,
    ) -> Result<Self, CommandError> {
        let mut errors = FieldErrors::new();
        let date = match softland_domain::date_input::parse(met_on) {
            Ok(d) if d > today => {
                errors.add(
                    "met_on",
                    "a check-in is about a meeting that took place: not a future date",
                );
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors.add("met_on", e.to_string());
                None
            }
        };
        let text = body.trim();
        if text.is_empty() {
            errors.add("body", Problem::Missing.to_string());
        } else if text.chars().count() > NOTE_MAX {
            errors.add("body", Problem::TooLong(NOTE_MAX).to_string());
        }
        match date {
            Some(met_on) if errors.is_empty() => Ok(Self {
                id,
                met_on,
                body: text.to_owned(),
                needs_help,
            }),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }

    /// Runs it (the match's ambassador only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CheckInId, CommandError> {
        let own = actor.own_ambassador(state).await?;
        let found = buddies::get_match(&state.db, self.id).await?;
        if found.ambassador != Some(own.id) || !found.state.shares_with_ambassador() {
            return Err(CommandError::NotFound);
        }
        let mut notify = Vec::new();
        if self.needs_help {
            let consultant = users::get(&state.db, found.consultant).await?;
            let base = state.config.base_url();
            let link = format!("{}/cases/{}", base.trim_end_matches('/'), found.case);
            notify.push(Mail {
                text: mail::buddy_needs_help(
                    &consultant.display_name,
                    &own.name,
                    &found.person_name,
                    &self.body,
                    &link,
                ),
                to: consultant.email,
                recipient: Some(consultant.id),
                case: Some(found.case),
            });
        }
        let new = buddies::NewCheckIn {
            id: self.id,
            ambassador: own.id,
            author: actor.id,
            met_on: self.met_on,
            body: &self.body,
            needs_help: self.needs_help,
            notify,
        };
        buddies::check_in(&state.db, new).await.map_err(refused)
    }
}

/// Staff mark an ambassador's call for help handled.
#[derive(Debug, Clone, Copy)]
pub struct HandleHelpCall {
    /// The check-in.
    pub id: CheckInId,
}

impl HandleHelpCall {
    /// Runs it: a consultant on their own cases' calls, a coordinator or an admin on any;
    /// another case's call, or a check-in that asked for nothing, is not found.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_staff()?;
        let any_case = coordinates(&users::get(&state.db, actor.id).await?);
        let only_consultant = (!any_case).then_some(actor.id);
        Ok(buddies::handle_checkin(&state.db, self.id, actor.id, only_consultant).await?)
    }
}

/// The newcomer rates an ended match (1–5) with a comment.
#[derive(Debug, Clone)]
pub struct GiveFeedback {
    /// The match.
    pub id: MatchId,
    /// 1 to 5.
    pub rating: u8,
    /// A comment.
    pub comment: Option<String>,
}

impl GiveFeedback {
    /// Reads the form.
    pub fn parse(id: MatchId, rating: &str, comment: &str) -> Result<Self, CommandError> {
        let mut errors = FieldErrors::new();
        let rating = rating
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=5).contains(n));
        if rating.is_none() {
            errors.add("rating", "choose 1 (poor) to 5 (excellent)");
        }
        let comment = comment.trim();
        if comment.chars().count() > NOTE_MAX {
            errors.add("comment", Problem::TooLong(NOTE_MAX).to_string());
        }
        match rating {
            Some(rating) if errors.is_empty() => Ok(Self {
                id,
                rating,
                comment: (!comment.is_empty()).then(|| comment.to_owned()),
            }),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }

    /// Runs it (an expat of the household only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        if actor.role != Role::Expat {
            return Err(CommandError::Forbidden);
        }
        let found = buddies::get_match(&state.db, self.id).await?;
        if !portal::may_see(&state.db, actor.id, found.case).await? {
            return Err(CommandError::NotFound);
        }
        buddies::feedback(
            &state.db,
            self.id,
            self.rating,
            self.comment.as_deref(),
            actor.id,
        )
        .await
        .map_err(refused)
    }
}

/// An admin gives or takes a staff account's "buddy coordinator" permission.
#[derive(Debug, Clone, Copy)]
pub struct SetCoordinator {
    /// The staff account.
    pub user: UserId,
    /// On or off.
    pub on: bool,
}

impl SetCoordinator {
    /// Runs it (admins only; staff accounts only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_admin()?;
        let target = users::get(&state.db, self.user).await?;
        if !target.role.is_staff() {
            return Err(Refusal::ExpatAccount.into());
        }
        Ok(crate::db::reminders::set_buddy_coordinator(&state.db, self.user, self.on).await?)
    }
}
