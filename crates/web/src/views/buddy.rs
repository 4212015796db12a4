//! `templates/buddy/*.html`: the ambassador's own area (their newcomers, check-ins and
//! profile) and the public sign-up form. An ambassador's pages are built from
//! [`SharedNewcomer`]s only, so they cannot show anything else of a newcomer.

mod profile;

use askama::Template;
use softland_domain::buddy::MatchState;
use softland_domain::date_format::long;

pub use profile::{AppliedPage, ApplyPage, ProfilePage};

use crate::commands::FieldErrors;
use crate::commands::buddies::{BuddyHome, OwnNewcomer, SharedNewcomer};
use crate::config::Centre;
use crate::db::buddies::{Ambassador, AmbassadorStatus, CheckIn};
use crate::views::buddies::{languages, places, topics};

/// What every page of the area has around its content: the header and the centre's footer.
pub struct BuddyChrome {
    /// The ambassador's name.
    pub name: String,
    /// CSRF token (sign-out and the page's forms).
    pub csrf: String,
    /// The centre, for the footer.
    pub centre: Centre,
}

/// A newcomer as the ambassador's pages show them.
pub struct NewcomerCard {
    /// The match.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// "Hindi, English".
    pub languages: String,
    /// District, or empty.
    pub district: String,
    /// "Wed 23 Dec 2026", or empty when not known.
    pub arrival: String,
    /// "housing, doctors".
    pub topics: String,
    /// Whether they come with children.
    pub has_children: bool,
    /// What else they wrote.
    pub wishes: String,
    /// Their e-mail, when shared.
    pub email: String,
    /// Their phone, when shared.
    pub phone: String,
    /// The phone as a `tel:` address: digits and a leading `+` only.
    pub phone_href: String,
    /// "Accepted: you have not met yet", "Active: you have met".
    pub state: &'static str,
    /// Proposed, waiting for the ambassador's answer.
    pub proposed: bool,
}

impl NewcomerCard {
    /// The card of `n`.
    pub fn new(n: &SharedNewcomer) -> Self {
        Self {
            id: n.id.0,
            first_name: n.first_name.clone(),
            languages: languages(&n.languages),
            district: n.district.clone().unwrap_or_default(),
            arrival: n.arrival.map(long).unwrap_or_default(),
            topics: topics(&n.topics),
            has_children: n.has_children,
            wishes: n.wishes.clone().unwrap_or_default(),
            email: n.email.clone().unwrap_or_default(),
            phone: n.phone.clone().unwrap_or_default(),
            phone_href: n
                .phone
                .as_deref()
                .unwrap_or_default()
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect(),
            state: match n.state {
                MatchState::Proposed => "Proposed to you: waiting for your answer",
                MatchState::Accepted => "Accepted: you have not met yet",
                _ => "Active: you have met",
            },
            proposed: n.state == MatchState::Proposed,
        }
    }
}

/// A refused answer to a proposal, shown again beside its form.
#[derive(Debug, Clone, Default)]
pub struct AnswerForm {
    /// The match it was for.
    pub id: i64,
    /// The reason as typed.
    pub reason: String,
    /// What is wrong with it.
    pub error: Option<String>,
}

/// "2 of 3 places taken" and when they are available until.
fn load_words(me: &Ambassador) -> (String, String) {
    let places = places(me);
    let until = me.profile.available_until.map_or_else(
        || "You have given no end date.".to_owned(),
        |d| format!("You take newcomers until {}.", long(d)),
    );
    (places, until)
}

/// `templates/buddy/home.html`: proposals to answer, my newcomers, my load.
#[derive(Template)]
#[template(path = "buddy/home.html")]
pub struct BuddyHomePage {
    /// Header and footer.
    pub chrome: BuddyChrome,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// Why the last change was refused as a whole.
    pub problem: Option<String>,
    /// "2 of 3 places taken".
    pub places: String,
    /// "You take newcomers until Wed 30 Jun 2027."
    pub until: String,
    /// Where they stand: active, paused, waiting for approval.
    pub status: AmbassadorStatus,
    /// Proposals waiting for an answer.
    pub proposals: Vec<NewcomerCard>,
    /// Accepted and active.
    pub newcomers: Vec<NewcomerCard>,
    /// A refused answer, shown again.
    pub answer: AnswerForm,
}

impl BuddyHomePage {
    /// The page of `home`.
    pub fn new(chrome: BuddyChrome, home: &BuddyHome) -> Self {
        let (places, until) = load_words(&home.me);
        Self {
            chrome,
            flash: None,
            problem: None,
            places,
            until,
            status: home.me.status,
            proposals: home.proposals.iter().map(NewcomerCard::new).collect(),
            newcomers: home.newcomers.iter().map(NewcomerCard::new).collect(),
            answer: AnswerForm::default(),
        }
    }

    /// Whether the ambassador paused themself (or the coordinator did).
    pub fn is_paused(&self) -> bool {
        self.status == AmbassadorStatus::Paused
    }

    /// Whether the coordinator has not approved them yet.
    pub fn is_waiting(&self) -> bool {
        self.status == AmbassadorStatus::Applied
    }

    /// The reason typed for proposal `id`, if its answer was refused.
    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "askama passes a template's arguments by reference"
    )]
    pub fn reason_for(&self, id: &i64) -> &str {
        if self.answer.id == *id {
            &self.answer.reason
        } else {
            ""
        }
    }

    /// What is wrong with the reason for proposal `id`.
    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "askama passes a template's arguments by reference"
    )]
    pub fn error_for(&self, id: &i64) -> Option<&str> {
        (self.answer.id == *id)
            .then_some(self.answer.error.as_deref())
            .flatten()
    }
}

/// One check-in as listed.
pub struct CheckInRow {
    /// "Mon 4 Jan 2027".
    pub met_on: String,
    /// How it went.
    pub body: String,
    /// Whether it asked for the centre's help.
    pub needs_help: bool,
    /// Whether the centre has handled that call.
    pub handled: bool,
}

impl CheckInRow {
    fn new(c: &CheckIn) -> Self {
        Self {
            met_on: long(c.met_on),
            body: c.body.clone(),
            needs_help: c.needs_help,
            handled: c.handled_at.is_some(),
        }
    }
}

/// The check-in form as typed.
#[derive(Debug, Clone, Default)]
pub struct CheckInValues {
    /// `YYYY-MM-DD`.
    pub met_on: String,
    /// How it went.
    pub body: String,
    /// "Needs the centre's help".
    pub needs_help: bool,
}

/// The end form as typed.
#[derive(Debug, Clone, Default)]
pub struct EndValues {
    /// `settled`, `moved_away`, `not_a_fit`.
    pub reason: String,
    /// A note.
    pub note: String,
}

/// The reasons an ambassador may give for an end, with their words.
pub const END_CHOICES: [(&str, &str); 3] = [
    ("settled", "They have settled in"),
    ("moved_away", "One of us moved away"),
    (
        "not_a_fit",
        "We are not a good fit (the centre finds them another buddy)",
    ),
];

/// `templates/buddy/newcomer.html`: one newcomer, the check-ins, and the forms.
#[derive(Template)]
#[template(path = "buddy/newcomer.html")]
pub struct NewcomerPage {
    /// Header and footer.
    pub chrome: BuddyChrome,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// The newcomer.
    pub newcomer: NewcomerCard,
    /// Check-ins, newest first.
    pub checkins: Vec<CheckInRow>,
    /// The check-in form.
    pub checkin: CheckInValues,
    /// Its errors.
    pub checkin_errors: FieldErrors,
    /// The end form.
    pub end: EndValues,
    /// Its errors.
    pub end_errors: FieldErrors,
    /// The choices of the end form.
    pub end_choices: &'static [(&'static str, &'static str)],
}

impl NewcomerPage {
    /// The page of `own`, with an empty check-in form dated `today`.
    pub fn new(chrome: BuddyChrome, own: &OwnNewcomer, today: chrono::NaiveDate) -> Self {
        Self {
            chrome,
            flash: None,
            newcomer: NewcomerCard::new(&own.newcomer),
            checkins: own.checkins.iter().map(CheckInRow::new).collect(),
            checkin: CheckInValues {
                met_on: today.to_string(),
                ..CheckInValues::default()
            },
            checkin_errors: FieldErrors::new(),
            end: EndValues::default(),
            end_errors: FieldErrors::new(),
            end_choices: &END_CHOICES,
        }
    }

    /// Whether `value` is the end reason chosen.
    pub fn is_end_reason(&self, value: &str) -> bool {
        self.end.reason == value
    }
}
