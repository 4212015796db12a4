//! Two-factor sign-in for staff (issue 23): whether an account must use it, setting it up
//! (a secret confirmed by a code, then ten recovery codes shown once), the second step of a
//! sign-in (a code or a recovery code), new recovery codes, turning it off. Every code typed
//! outside the sign-in is counted like a password (`accounts::account_rules`); the sign-in's
//! second step is counted by the sign-in's own rules (`handlers::login`). Every change ends
//! the account's other sessions. The admins' part (the policy, the list, a reset): [`admin`].

pub mod admin;

use secrecy::SecretString;
use softland_domain::two_factor::{
    self as rules, CodeRefusal, RecoveryCode, SecondFactor, TimeStep,
};

use super::accounts::{account_rules, reauthenticate};
use super::{Actor, CommandError, Field, Problem, Refusal};
use crate::app::AppState;
use crate::auth::Role;
use crate::auth::two_factor::{self as secrets, FactorSecret};
use crate::client::Client;
use crate::db::throttle;
use crate::db::two_factor::{self as store, Consequences, Enrolment};
use crate::db::users::{self, User};
use crate::ids::UserId;

/// What a sign-in needs after the right password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondStep {
    /// Nothing more.
    None,
    /// A code (the account has two-factor).
    Code,
    /// The account must set up two-factor before anything else.
    Enrol,
}

/// Whether `role` must use two-factor: admins always; consultants when the centre requires
/// it of all staff; other roles never (not offered to them).
pub async fn is_required(state: &AppState, role: Role) -> Result<bool, CommandError> {
    Ok(match role {
        Role::Admin => true,
        Role::Consultant => store::requires_all_staff(&state.db).await?,
        Role::Expat | Role::Buddy | Role::Employer => false,
    })
}

/// What `user`'s sign-in needs after their password.
pub async fn second_step_for(state: &AppState, user: &User) -> Result<SecondStep, CommandError> {
    if store::get(&state.db, user.id).await?.is_some() {
        Ok(SecondStep::Code)
    } else if is_required(state, user.role).await? {
        Ok(SecondStep::Enrol)
    } else {
        Ok(SecondStep::None)
    }
}

fn now_step() -> TimeStep {
    TimeStep::at(u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0))
}

fn refused(problem: impl Into<Problem>) -> CommandError {
    CommandError::invalid(Field::Code, problem)
}

fn secret_of(state: &AppState, enrolment: &Enrolment) -> Result<FactorSecret, CommandError> {
    FactorSecret::unmask(&enrolment.stored_secret, &state.keys)
        .ok_or_else(|| CommandError::Internal(anyhow::anyhow!("two-factor secret unreadable")))
}

/// Accepts `code` for `user` once: the code of a step in the window, later than any used.
async fn accept_code(state: &AppState, user: UserId, code: &str) -> Result<(), CommandError> {
    let enrolment = store::get(&state.db, user)
        .await?
        .ok_or(refused(Problem::Rule("two-factor sign-in is not set up")))?;
    let secret = secret_of(state, &enrolment)?;
    let last = enrolment.last_step.map(TimeStep::from_number);
    let step = rules::accept(now_step(), last, |s| secret.is_code_of(code, s)).map_err(refused)?;
    if store::use_step(&state.db, user, step.number()).await? {
        Ok(())
    } else {
        Err(refused(CodeRefusal::Replayed))
    }
}

/// [`accept_code`] for a code typed on the account page, counted like a password.
async fn accept_code_counted(
    state: &AppState,
    user: &User,
    client: Client,
    typed: &str,
) -> Result<(), CommandError> {
    let code = SecondFactor::parse_code(typed).map_err(refused)?;
    let attempt = match throttle::reserve(&state.db, &account_rules(state, user, client)).await? {
        Ok(attempt) => attempt,
        Err(refused) => {
            return Err(CommandError::invalid(
                Field::Code,
                Problem::Throttled(refused.minutes_left()),
            ));
        }
    };
    match accept_code(state, user.id, &code).await {
        Ok(()) => Ok(throttle::withdraw(&state.db, attempt).await?),
        Err(err) => {
            throttle::keep(&state.db, attempt).await?;
            tracing::warn!(user = user.id.0, address = %client.ip, "two-factor code refused");
            Err(err)
        }
    }
}

/// Ten new recovery codes and their hashes.
fn new_codes(state: &AppState) -> (Vec<RecoveryCode>, Vec<String>) {
    let codes = secrets::new_recovery_codes();
    let hashes = codes
        .iter()
        .map(|c| secrets::recovery_hash(&state.keys, c))
        .collect();
    (codes, hashes)
}

/// The owner's consequences of a change: their other sessions end.
fn own_change<'a>(actor: &Actor, note: &str, keep_session: Option<&'a str>) -> Consequences<'a> {
    Consequences {
        actor: actor.id,
        note: note.to_owned(),
        keep_session,
        revoke_tokens: false,
    }
}

/// One's own two-factor as the account page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnTwoFactor {
    /// The enrolment (none: not set up).
    pub enrolment: Option<Enrolment>,
    /// Unused recovery codes.
    pub codes_left: u64,
    /// Whether the account must use it.
    pub required: bool,
}

/// Reads one's own two-factor.
pub async fn own(state: &AppState, actor: &Actor) -> Result<OwnTwoFactor, CommandError> {
    actor.must_be_staff()?;
    Ok(OwnTwoFactor {
        enrolment: store::get(&state.db, actor.id).await?,
        codes_left: store::codes_left(&state.db, actor.id).await?,
        required: is_required(state, actor.role).await?,
    })
}

/// What the set-up page shows for a secret not yet confirmed.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The QR code, inline SVG.
    pub qr_svg: String,
    /// The secret in groups of four, for typing by hand.
    pub grouped_secret: String,
    /// The `otpauth://` address the QR code holds.
    pub uri: String,
}

/// The set-up page's QR code and secret for `secret` (kept in the session until confirmed).
pub async fn setup(
    state: &AppState,
    actor: &Actor,
    secret: &FactorSecret,
) -> Result<Setup, CommandError> {
    actor.must_be_staff()?;
    let user = users::get(&state.db, actor.id).await?;
    let centre = super::site::site_settings(state).await?.name.clone();
    let uri = secret.otpauth_uri(&format!("softland \u{2013} {centre}"), &user.email);
    Ok(Setup {
        qr_svg: secrets::qr_svg(&uri).unwrap_or_default(),
        grouped_secret: rules::grouped(&secret.to_base32()),
        uri,
    })
}

/// Sets up two-factor with `secret` once `code` shows the app has it; returns the recovery
/// codes (shown once). Every other session of the account ends. Refused
/// ([`Refusal::TwoFactorOn`]) when the account has two-factor already: a new secret needs
/// the current one's code, so it is turned off first ([`Disable`]).
#[derive(Debug)]
pub struct Enrol {
    /// The secret shown on the set-up page.
    pub secret: FactorSecret,
    /// A code from the app, as typed.
    pub code: String,
    /// The session asking, which stays signed in.
    pub keep_session: Option<String>,
    /// Where the request came from (for the throttle).
    pub client: Client,
}

impl Enrol {
    /// Runs it for the actor's own account.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<RecoveryCode>, CommandError> {
        actor.must_be_staff()?;
        let user = users::get(&state.db, actor.id).await?;
        if store::get(&state.db, user.id).await?.is_some() {
            return Err(Refusal::TwoFactorOn.into());
        }
        let code = SecondFactor::parse_code(&self.code).map_err(refused)?;
        let attempt =
            match throttle::reserve(&state.db, &account_rules(state, &user, self.client)).await? {
                Ok(attempt) => attempt,
                Err(refused) => {
                    return Err(CommandError::invalid(
                        Field::Code,
                        Problem::Throttled(refused.minutes_left()),
                    ));
                }
            };
        let Ok(step) = rules::accept(now_step(), None, |s| self.secret.is_code_of(&code, s)) else {
            throttle::keep(&state.db, attempt).await?;
            return Err(refused(CodeRefusal::Wrong));
        };
        throttle::withdraw(&state.db, attempt).await?;
        let (codes, hashes) = new_codes(state);
        let then = own_change(actor, "set up", self.keep_session.as_deref());
        let enrolled = store::enrol(
            &state.db,
            user.id,
            &self.secret.mask(&state.keys),
            step.number(),
            &hashes,
            &then,
        )
        .await?;
        if !enrolled {
            return Err(Refusal::TwoFactorOn.into());
        }
        tracing::info!(user = user.id.0, "two-factor set up");
        Ok(codes)
    }
}

/// New recovery codes after a code from the app; the old ones stop working.
#[derive(Debug)]
pub struct RegenerateCodes {
    /// A code from the app, as typed.
    pub code: String,
    /// The session asking, which stays signed in.
    pub keep_session: Option<String>,
    /// Where the request came from (for the throttle).
    pub client: Client,
}

impl RegenerateCodes {
    /// Runs it for the actor's own account.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<RecoveryCode>, CommandError> {
        actor.must_be_staff()?;
        let user = users::get(&state.db, actor.id).await?;
        accept_code_counted(state, &user, self.client, &self.code).await?;
        let (codes, hashes) = new_codes(state);
        let then = own_change(actor, "new recovery codes", self.keep_session.as_deref());
        store::replace_codes(&state.db, user.id, &hashes, &then).await?;
        Ok(codes)
    }
}

/// Turns two-factor off after the password and a code. Allowed when it is required too: the
/// account must then set it up again before anything else (how one moves to a new phone).
#[derive(Debug)]
pub struct Disable {
    /// The password, as typed.
    pub password: SecretString,
    /// A code from the app, as typed.
    pub code: String,
    /// The session asking, which stays signed in.
    pub keep_session: Option<String>,
    /// Where the request came from (for the throttle).
    pub client: Client,
}

impl Disable {
    /// Runs it for the actor's own account; whether the account must set it up again now.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<bool, CommandError> {
        actor.must_be_staff()?;
        let user = users::get(&state.db, actor.id).await?;
        reauthenticate(state, &user, self.client, self.password, Field::Password).await?;
        accept_code_counted(state, &user, self.client, &self.code).await?;
        let then = own_change(actor, "turned off", self.keep_session.as_deref());
        store::remove(&state.db, user.id, &then).await?;
        tracing::info!(user = user.id.0, "two-factor turned off");
        is_required(state, user.role).await
    }
}

/// What the second step of a sign-in accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    /// A code from the app.
    Code,
    /// A recovery code; this many are left.
    Recovery(u64),
}

/// The second step of `user`'s sign-in: a code from the app or a recovery code, each
/// accepted once. (Counted by the sign-in's throttle rules, which the caller holds.)
#[derive(Debug)]
pub struct CheckSecondStep {
    /// The account whose password was right.
    pub user: UserId,
    /// What was typed.
    pub typed: String,
}

impl CheckSecondStep {
    /// Runs it.
    pub async fn run(self, state: &AppState) -> Result<Passed, CommandError> {
        match SecondFactor::parse(&self.typed).map_err(refused)? {
            SecondFactor::Code(code) => {
                accept_code(state, self.user, &code).await?;
                Ok(Passed::Code)
            }
            SecondFactor::Recovery(code) => {
                let hash = secrets::recovery_hash(&state.keys, &code);
                if !store::use_recovery_code(&state.db, self.user, &hash).await? {
                    return Err(refused(CodeRefusal::Wrong));
                }
                Ok(Passed::Recovery(
                    store::codes_left(&state.db, self.user).await?,
                ))
            }
        }
    }
}
