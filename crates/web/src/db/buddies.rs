//! The buddy programme's store (issue 20): ambassadors and their profiles, newcomers'
//! requests and the matches they become, and the ambassadors' check-ins. Every change writes
//! its history line (case-bound changes on the newcomer's case) in the same transaction;
//! a proposal re-checks the ambassador's places inside its transaction, after taking the
//! ambassador's row, so that two coordinators cannot fill one place twice.

mod photo;
mod read;
mod write;

pub use photo::*;
pub use read::*;
pub use write::*;

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use softland_domain::buddy::{self, Capacity, EndReason, Language, Level, MatchState, Topic};
use softland_domain::file::FileKind;

use crate::ids::{AmbassadorId, CaseId, CheckInId, MatchId, PersonId, UserId};

/// Where an ambassador stands in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AmbassadorStatus {
    /// Applied through the public form; the coordinator has not decided yet.
    Applied,
    /// Approved (or invited): may be matched.
    Active,
    /// Taking no newcomers for now (their own wish or the coordinator's).
    Paused,
    /// The application was declined; the account cannot sign in.
    Declined,
}

impl AmbassadorStatus {
    /// Every status.
    pub const ALL: [AmbassadorStatus; 4] = [
        AmbassadorStatus::Applied,
        AmbassadorStatus::Active,
        AmbassadorStatus::Paused,
        AmbassadorStatus::Declined,
    ];

    /// Its name in URLs and JSON.
    pub fn name(self) -> &'static str {
        match self {
            AmbassadorStatus::Applied => "applied",
            AmbassadorStatus::Active => "active",
            AmbassadorStatus::Paused => "paused",
            AmbassadorStatus::Declined => "declined",
        }
    }

    /// The status named `raw`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == raw.trim())
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            AmbassadorStatus::Applied => "Waiting for approval",
            AmbassadorStatus::Active => "Active",
            AmbassadorStatus::Paused => "Paused",
            AmbassadorStatus::Declined => "Declined",
        }
    }
}

/// What an ambassador tells about themself: the parsed profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Nationality ("Indian").
    pub nationality: String,
    /// Languages and levels, the best first.
    pub languages: Vec<(Language, Level)>,
    /// Whole years in Ostrava.
    pub years_here: u8,
    /// Their district ("Poruba").
    pub district: Option<String>,
    /// Occupation or field.
    pub occupation: Option<String>,
    /// Interests, in their words.
    pub interests: Option<String>,
    /// Family situation, in their words.
    pub family: Option<String>,
    /// Whether they have children at a Czech school.
    pub children_at_school: bool,
    /// What they like to help with.
    pub helps_with: BTreeSet<Topic>,
    /// How many newcomers at once.
    pub capacity: Capacity,
    /// The last day they can take newcomers; `None`: open-ended.
    pub available_until: Option<NaiveDate>,
    /// A short introduction newcomers read.
    pub introduction: String,
    /// A phone number for the coordinator and their newcomers.
    pub phone: Option<String>,
}

/// An ambassador with their account and how many newcomers they look after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambassador {
    /// Their profile's id.
    pub id: AmbassadorId,
    /// Their account.
    pub user: UserId,
    /// Their name.
    pub name: String,
    /// Their e-mail (sign-in).
    pub email: String,
    /// Whether their account may sign in.
    pub account_active: bool,
    /// Where they stand.
    pub status: AmbassadorStatus,
    /// Their profile.
    pub profile: Profile,
    /// Proposed, accepted and active matches.
    pub load: u8,
    /// When they applied (or were invited).
    pub applied_at: DateTime<Utc>,
    /// When the coordinator approved or declined them.
    pub decided_at: Option<DateTime<Utc>>,
    /// Bumped by every change of the profile (optimistic concurrency).
    pub version: i64,
    /// Their photo, if they have one.
    pub photo: Option<Photo>,
}

/// An ambassador's photo: an object of the file store (issue 18), named by the ambassador's
/// row. Its key stays on the server: pages and the API name the photo by its ambassador.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The object's key in the file store.
    pub key: String,
    /// What the bytes are (JPEG or PNG).
    pub kind: FileKind,
    /// Bytes.
    pub size: u64,
    /// When it was uploaded.
    pub uploaded_at: DateTime<Utc>,
}

impl Ambassador {
    /// The ambassador as matching sees them.
    pub fn for_matching(&self) -> buddy::Ambassador {
        buddy::Ambassador {
            account: self.user.0,
            active: self.status == AmbassadorStatus::Active && self.account_active,
            available_until: self.profile.available_until,
            capacity: self.profile.capacity,
            load: self.load,
            languages: self.profile.languages.clone(),
            district: self.profile.district.clone(),
            children_at_school: self.profile.children_at_school,
            helps_with: self.profile.helps_with.clone(),
            years_here: self.profile.years_here,
        }
    }

    /// Free places now (never below zero).
    pub fn free_places(&self) -> u8 {
        self.profile.capacity.get().saturating_sub(self.load)
    }
}

/// What a newcomer asks for, as they (or their consultant) typed it, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestDetails {
    /// Languages they speak, preferred first.
    pub languages: Vec<Language>,
    /// Where they live or will live.
    pub district: Option<String>,
    /// What they want help with (at least one).
    pub topics: BTreeSet<Topic>,
    /// Whether they come with children (the household has children, or they said so).
    pub has_children: bool,
    /// Anything else they want the coordinator to know.
    pub wishes: Option<String>,
    /// Whether the buddy may see their e-mail address.
    pub share_email: bool,
    /// Whether the buddy may see their phone number (below).
    pub share_phone: bool,
    /// Their phone number, when they share it.
    pub phone: Option<String>,
}

/// A newcomer's request and the match it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Its id.
    pub id: MatchId,
    /// The newcomer's case.
    pub case: CaseId,
    /// The newcomer.
    pub person: PersonId,
    /// The newcomer's full name (staff see it; an ambassador sees [`Match::first_name`]).
    pub person_name: String,
    /// The newcomer's e-mail on the case.
    pub person_email: Option<String>,
    /// The newcomer's portal account, if they have one.
    pub person_account: Option<UserId>,
    /// The consultant in charge of the case.
    pub consultant: UserId,
    /// Their arrival date (the household's), if known.
    pub arrival: Option<NaiveDate>,
    /// What they asked for.
    pub request: RequestDetails,
    /// Where the match is.
    pub state: MatchState,
    /// The ambassador proposed or matched.
    pub ambassador: Option<AmbassadorId>,
    /// Their name.
    pub ambassador_name: Option<String>,
    /// Why the last ambassador declined, if one did.
    pub decline_reason: Option<String>,
    /// When they asked.
    pub requested_at: DateTime<Utc>,
    /// When the last proposal was made.
    pub proposed_at: Option<DateTime<Utc>>,
    /// When the ambassador accepted.
    pub accepted_at: Option<DateTime<Utc>>,
    /// When they first met.
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub ended_at: Option<DateTime<Utc>>,
    /// What was said when it ended.
    pub end_note: Option<String>,
    /// The newcomer's rating, 1–5, at the end.
    pub rating: Option<u8>,
    /// Their comment.
    pub feedback: Option<String>,
    /// Whether the newcomer withdrew their consent to share.
    pub consent_withdrawn: bool,
    /// Bumped by every change (optimistic concurrency).
    pub version: i64,
}

impl Match {
    /// The first word of the newcomer's name: all an ambassador is told of it.
    pub fn first_name(&self) -> &str {
        self.person_name
            .split_whitespace()
            .next()
            .unwrap_or(&self.person_name)
    }

    /// The request as matching sees it.
    pub fn for_matching(&self) -> buddy::Request {
        buddy::Request {
            account: self.person_account.map_or(0, |u| u.0),
            languages: self.request.languages.clone(),
            district: self.request.district.clone(),
            topics: self.request.topics.clone(),
            has_children: self.request.has_children,
        }
    }

    /// Whether it is still open (not ended).
    pub fn is_open(&self) -> bool {
        !matches!(self.state, MatchState::Ended(_))
    }
}

/// An ambassador's check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    /// Its id.
    pub id: CheckInId,
    /// The match.
    pub match_id: MatchId,
    /// When they met or spoke.
    pub met_on: NaiveDate,
    /// How it went.
    pub body: String,
    /// Whether the newcomer needs the centre's help.
    pub needs_help: bool,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When staff handled the call for help.
    pub handled_at: Option<DateTime<Utc>>,
}

/// Words for an end reason.
pub fn end_reason_label(reason: EndReason) -> &'static str {
    match reason {
        EndReason::Settled => "settled in",
        EndReason::MovedAway => "moved away",
        EndReason::NotAFit => "not a fit",
        EndReason::Withdrawn => "withdrawn",
    }
}

/// Every end reason.
pub const END_REASONS: [EndReason; 4] = [
    EndReason::Settled,
    EndReason::MovedAway,
    EndReason::NotAFit,
    EndReason::Withdrawn,
];

/// An end reason's name in URLs, forms and JSON.
pub fn end_reason_name(reason: EndReason) -> &'static str {
    match reason {
        EndReason::Settled => "settled",
        EndReason::MovedAway => "moved_away",
        EndReason::NotAFit => "not_a_fit",
        EndReason::Withdrawn => "withdrawn",
    }
}

/// The end reason named `raw`.
pub fn parse_end_reason(raw: &str) -> Option<EndReason> {
    END_REASONS
        .into_iter()
        .find(|r| end_reason_name(*r) == raw.trim())
}

/// A state's name in URLs and JSON ("requested" … "ended").
pub fn state_name(state: &MatchState) -> &'static str {
    Stage::of(state).name()
}

/// Where a match is, without an end's reason: what lists filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Asked; no ambassador yet.
    Requested,
    /// Proposed to an ambassador.
    Proposed,
    /// Accepted by the ambassador.
    Accepted,
    /// They met.
    Active,
    /// Ended, for any reason.
    Ended,
}

impl Stage {
    /// Every stage, in the order of a match's life.
    pub const ALL: [Stage; 5] = [
        Stage::Requested,
        Stage::Proposed,
        Stage::Accepted,
        Stage::Active,
        Stage::Ended,
    ];
    /// The stages of a match still open.
    pub const OPEN: [Stage; 4] = [
        Stage::Requested,
        Stage::Proposed,
        Stage::Accepted,
        Stage::Active,
    ];
    /// The stages that take one of the ambassador's places.
    pub const TAKING_A_PLACE: [Stage; 3] = [Stage::Proposed, Stage::Accepted, Stage::Active];

    /// The stage of `state`.
    pub fn of(state: &MatchState) -> Self {
        match state {
            MatchState::Requested => Stage::Requested,
            MatchState::Proposed => Stage::Proposed,
            MatchState::Accepted => Stage::Accepted,
            MatchState::Active => Stage::Active,
            MatchState::Ended(_) => Stage::Ended,
        }
    }

    /// Its name in URLs and JSON.
    pub const fn name(self) -> &'static str {
        match self {
            Stage::Requested => "requested",
            Stage::Proposed => "proposed",
            Stage::Accepted => "accepted",
            Stage::Active => "active",
            Stage::Ended => "ended",
        }
    }

    /// The stage named `raw`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == raw.trim())
    }
}

#[cfg(test)]
mod tests;
