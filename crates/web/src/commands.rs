//! The use cases: one typed command (or query) each, with its permission check and its typed
//! error. Everything that changes softland's data goes through here, and only through here:
//! the HTML handlers (`handlers/`) and the JSON handlers (`api/`) are adapters that read their
//! input format into a command's input, run it, and render its outcome or map its error — an
//! HTML page shows the message beside its field, the API answers with the field in its JSON
//! error. Neither kind of adapter imports the other.
//!
//! A command's input holds parsed domain types where the adapters agree on the format (ids,
//! actions); where both adapters receive the same text (a date typed in a form or sent in
//! JSON), the command's own `…Input` struct of strings is parsed here, once, so that both
//! refuse the same input with the same message for the same field.

pub mod access_log;
pub mod accounts;
pub mod breaches;
pub mod buddies;
pub mod calendar;
pub mod case_dates;
pub mod case_list;
pub mod case_view;
pub mod erasure;
pub mod events;
pub mod feeds;
mod field_errors;
pub mod files;
pub mod invitations;
pub mod items;
pub mod lifecycle;
pub mod mail;
pub mod messages;
pub mod month;
pub mod notes;
pub mod notifications;
pub mod open_case;
pub mod overview;
pub mod partners;
pub mod privacy;
pub mod search;
pub mod sessions;
pub mod site;
pub mod staff;
pub mod templates;
pub mod two_factor;
pub mod wallet;

pub use field_errors::FieldErrors;

use softland_domain::KeyDate;
use softland_domain::case::LifecycleError;
use softland_domain::date_input::DateInputError;
use softland_domain::status::{InvalidAction, InvalidReason, TransitionError};

use crate::auth::Role;
use crate::auth::password::WeakPassword;
use crate::db::api_tokens::InvalidToken;
use crate::db::cases::{ChangedMeanwhile, UpdateError};
use crate::db::invitations::Uninvitable;
use crate::db::templates::TemplateRefusal;
use crate::db::users::User;
use crate::db::{Constraint, DbError};
use crate::ids::UserId;

/// Who runs a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account.
    pub id: UserId,
    /// Its role, for the permission check.
    pub role: Role,
}

impl Actor {
    /// The signed-in `user` (or a token's owner).
    pub fn of(user: &User) -> Self {
        Self {
            id: user.id,
            role: user.role,
        }
    }

    /// Refuses anyone who does not work on cases.
    pub fn must_be_staff(&self) -> Result<(), CommandError> {
        if self.role.is_staff() {
            Ok(())
        } else {
            Err(CommandError::Forbidden)
        }
    }
}

/// An input a problem is about. `name()` is the field's name in forms and in the API's JSON
/// errors (`reason`, `key_dates.arrival`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Which list of the dashboard (overdue, due soon, waiting).
    List,
    /// The version a change was made against.
    Version,
    /// A status action.
    Action,
    /// The reason an action or override needs.
    Reason,
    /// A due date (override).
    Date,
    /// A custom item's title.
    Title,
    /// A custom item's category.
    Category,
    /// Whom an item is for.
    Holder,
    /// A custom item's due date.
    Due,
    /// A custom item's instructions.
    Instructions,
    /// One key date of the household.
    KeyDate(KeyDate),
    /// One person's own key date (by position: 0 is the principal).
    PersonKeyDate(usize, KeyDate),
    /// How a case ended.
    Outcome,
    /// The consultant a case goes to.
    Consultant,
    /// A note's text.
    Body,
    /// Who sees a note.
    Visibility,
    /// One's current password (to change it).
    CurrentPassword,
    /// A new password.
    NewPassword,
    /// The new password again.
    Confirm,
    /// One's password (to confirm a consequential change).
    Password,
    /// A token's name.
    TokenName,
    /// A token's lifetime in days.
    Days,
    /// The search text (`q`).
    Search,
    /// One's sign-in e-mail (to change it).
    Email,
    /// A field of a wallet document.
    Document(softland_domain::document::DocumentField),
    /// The checklist item files are for.
    Item,
    /// The person files are for.
    Person,
    /// A file's review (`accepted`, `needs_another_copy`).
    Review,
    /// A time of day (digest, reminders).
    Time(TimeField),
    /// A number of working days (due soon, escalation).
    WorkingDays(DaysField),
    /// The lead times of one item category.
    LeadTimes(softland_domain::template::Category),
    /// An on/off choice about mails (`digest`, `reminders`).
    Choice,
    /// The address a mail was sent to (a conversation's reply address).
    MailTo,
    /// A mail's sender.
    MailFrom,
    /// A mail's text.
    MailText,
    /// The ambassador proposed for a request.
    Ambassador,
    /// A note with a step (ending a buddy match).
    Note,
    /// An ambassador's photo.
    Photo,
    /// The partner organisation of a referral.
    Organisation,
    /// A contact person of a partner organisation.
    Contact,
    /// What a person needs from a partner.
    Need,
    /// How a person gave their consent.
    Consent,
    /// When a referral is followed up.
    FollowUp,
    /// A step of a referral (`contacted`, `solved` …).
    Event,
    /// The languages a household speaks.
    Languages,
    /// A new hire's or an employer user's name (issue 21).
    HireName,
    /// The route of a new hire (issue 21).
    Route,
    /// A new hire's expected arrival (issue 21).
    Arrival,
    /// The employer organisation a person is linked to (issue 21).
    Employer,
    /// The case a hire request is accepted into (issue 21).
    Case,
    /// A case's lawful basis of processing (issue 23).
    LawfulBasis,
    /// What a consent is for (issue 23).
    Purpose,
    /// How many years closed cases are kept (issue 23).
    RetentionYears,
    /// A two-factor code, or a recovery code (issue 23).
    Code,
}

/// Which time of day a form sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeField {
    /// The centre's digest time.
    Digest,
    /// The centre's reminder time.
    Reminders,
    /// A consultant's own digest time.
    Own,
}

/// Which number of working days a form sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaysField {
    /// "Due soon" in digests.
    DueSoon,
    /// Escalation after overdue.
    Escalation,
}

impl Field {
    /// The field's name in forms and JSON.
    pub fn name(self) -> String {
        match self {
            Field::List => "list".into(),
            Field::Version => "version".into(),
            Field::Action => "action".into(),
            Field::Reason => "reason".into(),
            Field::Date => "date".into(),
            Field::Title => "title".into(),
            Field::Category => "category".into(),
            Field::Holder => "holder".into(),
            Field::Due => "due".into(),
            Field::Instructions => "instructions".into(),
            Field::KeyDate(kind) => format!("key_dates.{}", kind.as_str()),
            Field::PersonKeyDate(person, kind) => {
                format!("people.{person}.key_dates.{}", kind.as_str())
            }
            Field::Outcome => "outcome".into(),
            Field::Consultant => "consultant".into(),
            Field::Body => "body".into(),
            Field::Visibility => "visibility".into(),
            Field::CurrentPassword => "current".into(),
            Field::NewPassword | Field::Password => "password".into(),
            Field::Confirm => "confirm".into(),
            Field::TokenName | Field::HireName => "name".into(),
            Field::Days => "days".into(),
            Field::Search => "q".into(),
            Field::Email => "email".into(),
            Field::Document(field) => field.as_str().into(),
            Field::Item => "item".into(),
            Field::Person => "person".into(),
            Field::Review => "review".into(),
            Field::Time(TimeField::Digest) => "digest_time".into(),
            Field::Time(TimeField::Reminders) => "reminder_time".into(),
            Field::Time(TimeField::Own) => "time".into(),
            Field::WorkingDays(DaysField::DueSoon) => "due_soon_days".into(),
            Field::WorkingDays(DaysField::Escalation) => "escalation_days".into(),
            Field::LeadTimes(category) => format!("lead_times.{}", category.as_str()),
            Field::Choice => "choice".into(),
            Field::MailTo => "to".into(),
            Field::MailFrom => "from".into(),
            Field::MailText => "text".into(),
            Field::Ambassador => "ambassador".into(),
            Field::Note => "note".into(),
            Field::Photo => "photo".into(),
            Field::Organisation | Field::Employer => "organisation".into(),
            Field::Contact => "contact".into(),
            Field::Need => "need".into(),
            Field::Consent => "consent_how".into(),
            Field::FollowUp => "follow_up_on".into(),
            Field::Event => "event".into(),
            Field::Languages => "languages".into(),
            Field::Route => "route".into(),
            Field::Arrival => "expected_arrival".into(),
            Field::Case => "case".into(),
            Field::LawfulBasis => "lawful_basis".into(),
            Field::Purpose => "purpose".into(),
            Field::RetentionYears => "retention_years".into(),
            Field::Code => "code".into(),
        }
    }
}

/// What is wrong with one input, in words for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A date that is not one, or out of range.
    #[error("{0}")]
    Date(#[from] DateInputError),
    /// A reason that is empty or too long.
    #[error("{0}")]
    Reason(#[from] InvalidReason),
    /// An action softland does not know.
    #[error("{0}")]
    Action(InvalidAction),
    /// Nothing was given where something is needed.
    #[error("please fill this in")]
    Missing,
    /// Longer than allowed.
    #[error("use at most {0} characters")]
    TooLong(usize),
    /// Not one of the values offered.
    #[error("choose one of the values offered")]
    NotOffered,
    /// A note that is empty or too long.
    #[error("{0}")]
    Note(softland_domain::note::InvalidNote),
    /// A new password that is too easy to guess, too short or too long.
    #[error("please {0}")]
    Weak(#[from] WeakPassword),
    /// The two new passwords differ.
    #[error("the two new passwords differ")]
    Mismatch,
    /// The password given is not the account's.
    #[error("that is not your current password")]
    WrongPassword,
    /// Too many wrong passwords from here.
    #[error("too many wrong passwords; please wait {0} minute(s) and try again")]
    Throttled(i64),
    /// The password hashing threads are full.
    #[error("many people are signing in right now; please try again in a few seconds")]
    Busy,
    /// A token's name or lifetime.
    #[error("{0}")]
    Token(InvalidToken),
    /// Dates that cannot both be right (a job ending before it starts).
    #[error("{0}")]
    DateOrder(softland_domain::case::DateIssue),
    /// A document that cannot be one (valid until before it was issued …).
    #[error("{0}")]
    Document(softland_domain::document::DocumentError),
    /// A date the document wallet supplies, changed as a key date.
    #[error("this date comes from the person's documents: change the document in their wallet")]
    FromWallet,
    /// A person's position the case does not have.
    #[error("the case has no person {0} (people are counted from 0, the principal)")]
    NoSuchPerson(usize),
    /// The form lacks the version its page was built from.
    #[error("the form is missing its version; reload the page and try again")]
    NoVersion,
    /// A search text that is not searched for.
    #[error("{0}")]
    Search(#[from] search::SearchRefusal),
    /// A value that is not one (an e-mail address without an `@` …).
    #[error("{0}")]
    Value(#[from] softland_domain::person::InvalidValue),
    /// The same as it is.
    #[error("that is already your address")]
    Unchanged,
    /// Another account has it.
    #[error("another account uses this e-mail; choose another")]
    Taken,
    /// A reason for another copy that is empty or too long.
    #[error("{0}")]
    ReviewReason(softland_domain::file::InvalidReviewReason),
    /// A time of day that is not one.
    #[error("{0}")]
    Time(#[from] softland_domain::reminder::InvalidTime),
    /// A number of working days out of range.
    #[error("{0}")]
    WorkingDays(#[from] softland_domain::reminder::InvalidWorkingDays),
    /// Lead times that are not numbers or out of range.
    #[error("{0}")]
    LeadTimes(#[from] softland_domain::reminder::InvalidLeadTimes),
    /// A message that is empty or too long (a note's rules, said of a message).
    #[error("{}", .0.to_string().replace("note", "message"))]
    Message(softland_domain::note::InvalidNote),
    /// A reply by mail that is not filed.
    #[error("{0}")]
    Mail(messages::MailRefusal),
    /// A photo that is not one, is empty or too large.
    #[error("{0}")]
    Photo(buddies::PhotoProblem),
    /// Notes are internal: what the household reads is a message of the conversation.
    /// The employer has an open request for this e-mail already (issue 21).
    #[error("you have an open request for this e-mail already; wait for the centre's answer")]
    DuplicateRequest,
    #[error(
        "notes are internal to the centre; write to the household in the case's conversation (POST /api/v1/cases/{{id}}/messages)"
    )]
    SharedNote,
    /// A partner the centre no longer refers people to.
    #[error("this partner is inactive: the centre no longer refers people to it; choose another")]
    InactivePartner,
    /// A rule of the records, in words: a contact of another partner, a person of another
    /// case, consent that is needed.
    #[error("{0}")]
    Rule(&'static str),
    /// A list of languages that is not one.
    #[error("{0}")]
    Languages(softland_domain::partner::InvalidLanguages),
    /// A two-factor code that is not one, or refused (wrong, used already) (issue 23).
    #[error("{0}")]
    Code(#[from] softland_domain::two_factor::CodeRefusal),
    /// Typed text that is no code at all.
    #[error("{0}")]
    CodeShape(#[from] softland_domain::two_factor::InvalidCode),
}

/// Why the domain refuses a change as a whole (not one field's mistake).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// An item's status cannot change that way.
    #[error("{0}")]
    Transition(#[from] TransitionError),
    /// A case's lifecycle cannot change that way.
    #[error("{0}")]
    Lifecycle(#[from] LifecycleError),
    /// A rule the store keeps (the last active admin, an active consultant).
    #[error("{0}")]
    Constraint(Constraint),
    /// Only `admin` and `consultant` are staff roles.
    #[error("choose admin or consultant")]
    NotAStaffRole,
    /// Expat accounts get no staff role here.
    #[error("an expat account cannot be given a staff role here")]
    ExpatAccount,
    /// An ambassador's account gets no staff role either: it is not a staff member's.
    #[error("an ambassador's account cannot be given a staff role here")]
    AmbassadorAccount,
    /// A partner employer's user gets no staff role: they work for another organisation.
    #[error("an employer's account cannot be given a staff role here")]
    EmployerAccount,
    /// An admin's own role is changed by another admin.
    #[error("you cannot change your own role; ask another admin to do it")]
    OwnRole,
    /// Neither "deactivate" nor "reactivate".
    #[error("choose to deactivate or reactivate the account")]
    NotAnActivity,
    /// An admin's own account is deactivated by another admin.
    #[error("you cannot deactivate your own account; ask another admin to do it")]
    OwnDeactivation,
    /// One's own password changes on the account page, with the current one.
    #[error("change your own password on your account page, which asks for the current one")]
    OwnPasswordHere,
    /// A new password that is too easy to guess, too short or too long.
    #[error("new password: {0}")]
    WeakPassword(WeakPassword),
    /// Invitations go to adults.
    #[error("{0} is under 18; invite an adult of the household")]
    UnderAge(String),
    /// The person cannot be invited.
    #[error("{0}")]
    Uninvitable(Uninvitable),
    /// A template file is refused.
    #[error("{0}")]
    Template(TemplateRefusal),
    /// Closing a case whose items are still open needs the actor's confirmation.
    #[error("{0} item(s) of this case are still open; confirm that you want to close it anyway")]
    OpenItems(usize),
    /// An organisation that may already be in the directory (same name or e-mail): saved
    /// only when the actor confirms it is a different one.
    #[error(
        "this may already be in the directory: {}; confirm that it is a different organisation",
        partners::duplicates_text(.0)
    )]
    PossibleDuplicates(Vec<crate::db::partners::Duplicate>),
    /// A referral cannot take that step from where it is.
    #[error("{0}")]
    ReferralStep(#[from] softland_domain::partner::InvalidReferralStep),
    /// The case is under legal hold: nothing of it is erased until the hold is lifted.
    #[error(
        "this case is under legal hold ({0}); an admin must lift the hold before anything of it is erased"
    )]
    LegalHold(String),
    /// Two-factor is set up already: a new secret replaces it only after it is turned off,
    /// with the password and a code (issue 23).
    #[error(
        "two-factor sign-in is on already; to use a new phone or secret, turn it off first with your password and a code, then set it up again"
    )]
    TwoFactorOn,
}

/// Why a command did nothing.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// No such record, or one the actor may not see (the same answer for both).
    #[error("not found")]
    NotFound,
    /// The actor's role may not do this.
    #[error("your account may not do this")]
    Forbidden,
    /// Someone changed the record since the actor's page (or `If-Match`) was made.
    #[error("this was {0}")]
    ChangedMeanwhile(ChangedMeanwhile),
    /// Several inputs are wrong (a form checked as a whole); nothing was changed.
    #[error("{} field(s) need correcting", .0.len())]
    InvalidFields(FieldErrors),
    /// One input is wrong; nothing was changed.
    #[error("{problem}")]
    Invalid {
        /// Which input.
        field: Field,
        /// What is wrong with it.
        problem: Problem,
    },
    /// The change itself is refused; nothing was changed.
    #[error("{0}")]
    Refused(#[from] Refusal),
    /// The server cannot take the work now (it is stopping); try again.
    #[error("service unavailable")]
    Busy,
    /// Too many submissions from this address (a public form's burst); nothing was stored.
    /// Try again after `retry_after` seconds.
    #[error("too many requests from your address; please try again in a few minutes")]
    Throttled {
        /// Seconds until the next submission is let through.
        retry_after: u64,
    },
    /// An upload (or a download) refused as a whole; nothing was kept.
    #[error("{0}")]
    File(files::FileRefusal),
    /// The store failed.
    #[error(transparent)]
    Store(DbError),
    /// Something unexpected failed (logged, never shown).
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl CommandError {
    /// `problem` with `field`.
    pub fn invalid(field: Field, problem: impl Into<Problem>) -> Self {
        Self::Invalid {
            field,
            problem: problem.into(),
        }
    }
}

impl From<DbError> for CommandError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::NotFound => Self::NotFound,
            DbError::Conflict(changed) => Self::ChangedMeanwhile(changed),
            other => Self::Store(other),
        }
    }
}

impl From<UpdateError<CommandError>> for CommandError {
    fn from(err: UpdateError<CommandError>) -> Self {
        match err {
            UpdateError::Refused(err) => err,
            UpdateError::Db(err) => err.into(),
        }
    }
}

/// The version a form carries, read the one way every form's version is read.
pub fn form_version(raw: Option<&str>) -> Result<i64, CommandError> {
    raw.and_then(|v| v.trim().parse().ok())
        .ok_or(CommandError::invalid(Field::Version, Problem::NoVersion))
}
