//! The buddy programme (issue 20): local ambassadors matched to newcomers. The ranking of
//! suggested ambassadors for a newcomer's request is a transparent score with the reasons in
//! words; it never suggests an ambassador who is inactive, no longer available, at capacity,
//! without a language the newcomer speaks, or the newcomer themselves. A match moves through
//! requested → proposed → accepted → active → ended, each step checked here.

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;

/// The most newcomers one ambassador may look after at once.
pub const MAX_CAPACITY: u8 = 10;

/// How well someone speaks a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Enough for simple things.
    Basic,
    /// A real conversation.
    Conversational,
    /// Easily.
    Fluent,
    /// First language.
    Native,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 4] = [
        Level::Basic,
        Level::Conversational,
        Level::Fluent,
        Level::Native,
    ];

    /// The identifier in forms and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Basic => "basic",
            Level::Conversational => "conversational",
            Level::Fluent => "fluent",
            Level::Native => "native",
        }
    }

    /// Parses [`Level::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == raw.trim())
    }
}

/// A language by its name as people write it ("Hindi", "English"): trimmed, 2–40 letters,
/// spaces or hyphens; compared without regard to case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Language(String);

/// Why a text is not a language's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidLanguage {
    /// Too short or too long.
    #[error("write the language's name, 2 to 40 letters, e.g. Hindi")]
    Length,
    /// Digits or symbols.
    #[error("a language's name has letters, spaces and hyphens only")]
    Characters,
}

impl Language {
    /// The language named `raw`.
    pub fn parse(raw: &str) -> Result<Self, InvalidLanguage> {
        let name = raw.trim();
        let letters = name.chars().count();
        if !(2..=40).contains(&letters) {
            return Err(InvalidLanguage::Length);
        }
        if !name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
        {
            return Err(InvalidLanguage::Characters);
        }
        let mut chars = name.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        let rest: String = chars.flat_map(char::to_lowercase).collect();
        let written = format!("{}{rest}", first.unwrap_or_default());
        // Changing case can lengthen a name ('İ' lowercases to two characters): the limit
        // holds for the name as kept.
        if written.chars().count() > 40 {
            return Err(InvalidLanguage::Length);
        }
        Ok(Self(written))
    }

    /// The name ("Hindi").
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// English, the centre's own language.
    pub fn english() -> Self {
        Self("English".to_owned())
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number as people write it: 6 to 20 digits, with an optional leading `+` and
/// spaces, hyphens, dots or brackets between them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// Why a text is not a phone number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("write a phone number of 6 to 20 digits, e.g. +420 601 234 567")]
pub struct InvalidPhone;

impl Phone {
    /// The number typed as `raw` (trimmed, inner spacing kept).
    pub fn parse(raw: &str) -> Result<Self, InvalidPhone> {
        let text = raw.trim();
        let digits = text.chars().filter(char::is_ascii_digit).count();
        let allowed = text.char_indices().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')') || (c == '+' && i == 0)
        });
        if allowed && (6..=20).contains(&digits) && text.chars().count() <= 30 {
            Ok(Self(text.to_owned()))
        } else {
            Err(InvalidPhone)
        }
    }

    /// The number as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a newcomer wants help with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// Finding and renting a flat.
    Housing,
    /// A school or kindergarten for the children.
    School,
    /// Doctors and health care.
    Doctors,
    /// Learning Czech.
    Language,
    /// Meeting people.
    SocialLife,
    /// How work is done here.
    WorkCulture,
}

impl Topic {
    /// Every topic.
    pub const ALL: [Topic; 6] = [
        Topic::Housing,
        Topic::School,
        Topic::Doctors,
        Topic::Language,
        Topic::SocialLife,
        Topic::WorkCulture,
    ];

    /// The identifier in forms and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Housing => "housing",
            Topic::School => "school",
            Topic::Doctors => "doctors",
            Topic::Language => "language",
            Topic::SocialLife => "social_life",
            Topic::WorkCulture => "work_culture",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Topic::Housing => "housing",
            Topic::School => "school for the children",
            Topic::Doctors => "doctors",
            Topic::Language => "learning Czech",
            Topic::SocialLife => "social life",
            Topic::WorkCulture => "work culture",
        }
    }

    /// Parses [`Topic::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw.trim())
    }
}

/// How many newcomers an ambassador takes at once: 1 to [`MAX_CAPACITY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Capacity(u8);

/// Why a capacity is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an ambassador looks after 1 to {MAX_CAPACITY} newcomers at once")]
pub struct InvalidCapacity;

impl Capacity {
    /// `n` places.
    pub fn new(n: u8) -> Result<Self, InvalidCapacity> {
        if (1..=MAX_CAPACITY).contains(&n) {
            Ok(Self(n))
        } else {
            Err(InvalidCapacity)
        }
    }

    /// The number of places.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// An ambassador as matching sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambassador {
    /// Their account (a newcomer is never matched with their own account).
    pub account: i64,
    /// Whether the coordinator approved them and they are not paused.
    pub active: bool,
    /// The last day they can take newcomers; `None`: open-ended.
    pub available_until: Option<NaiveDate>,
    /// Places.
    pub capacity: Capacity,
    /// Newcomers they look after now (proposed, accepted or active matches).
    pub load: u8,
    /// Languages and how well they speak them.
    pub languages: Vec<(Language, Level)>,
    /// Their district of Ostrava ("Poruba").
    pub district: Option<String>,
    /// Whether they have children at a Czech school.
    pub children_at_school: bool,
    /// What they like to help with.
    pub helps_with: BTreeSet<Topic>,
    /// Whole years they have lived in Ostrava.
    pub years_here: u8,
}

/// A newcomer's request as matching sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The newcomer's account.
    pub account: i64,
    /// Languages they speak, preferred first.
    pub languages: Vec<Language>,
    /// Where they live or will live.
    pub district: Option<String>,
    /// What they want help with.
    pub topics: BTreeSet<Topic>,
    /// Whether they come with children.
    pub has_children: bool,
}

/// Why an ambassador is not suggested at all (and cannot be proposed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Excluded {
    /// Not approved or paused.
    #[error("this ambassador is not active (not approved yet, or paused)")]
    Inactive,
    /// Their availability ended.
    #[error("this ambassador's availability has ended")]
    Unavailable,
    /// Every place is taken.
    #[error("every place of this ambassador is taken; choose another or ask them to take more")]
    Full,
    /// No language in common (at least conversational on their side).
    #[error("this ambassador speaks none of the newcomer's languages well enough")]
    NoSharedLanguage,
    /// It is the newcomer themselves.
    #[error("a newcomer cannot be their own buddy")]
    Themselves,
}

/// One suggestion: the score (higher is better) and the reasons, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The ambassador's account.
    pub account: i64,
    /// The score.
    pub score: u32,
    /// "speaks Hindi and English", "same district", "2 of 3 places free" …
    pub reasons: Vec<String>,
}

/// Points of each part of the score (shown in docs/buddies.md).
pub mod points {
    /// The newcomer's first language, spoken at least conversationally.
    pub const FIRST_LANGUAGE: u32 = 40;
    /// Each other language in common.
    pub const OTHER_LANGUAGE: u32 = 10;
    /// The same district.
    pub const SAME_DISTRICT: u32 = 25;
    /// A newcomer with children asking about school, an ambassador with children at school.
    pub const SCHOOL_CHILDREN: u32 = 20;
    /// Each topic the ambassador likes to help with.
    pub const TOPIC: u32 = 8;
    /// Per free place, at most [`FREE_PLACES_MAX`].
    pub const FREE_PLACE: u32 = 3;
    /// The most the free places count.
    pub const FREE_PLACES_MAX: u32 = 9;
    /// Per year in Ostrava, at most [`YEARS_MAX`].
    pub const YEAR: u32 = 1;
    /// The most the years count.
    pub const YEARS_MAX: u32 = 5;
}

/// Why `ambassador` cannot be suggested for `request` on `today`, if they cannot.
pub fn excluded(request: &Request, ambassador: &Ambassador, today: NaiveDate) -> Option<Excluded> {
    if ambassador.account == request.account {
        return Some(Excluded::Themselves);
    }
    if !ambassador.active {
        return Some(Excluded::Inactive);
    }
    if ambassador
        .available_until
        .is_some_and(|until| until < today)
    {
        return Some(Excluded::Unavailable);
    }
    if ambassador.load >= ambassador.capacity.get() {
        return Some(Excluded::Full);
    }
    if shared_languages(request, ambassador).is_empty() {
        return Some(Excluded::NoSharedLanguage);
    }
    None
}

/// The request's languages the ambassador speaks at least conversationally, in the request's
/// order.
fn shared_languages<'a>(request: &'a Request, ambassador: &Ambassador) -> Vec<&'a Language> {
    request
        .languages
        .iter()
        .filter(|wanted| {
            ambassador
                .languages
                .iter()
                .any(|(spoken, level)| spoken == *wanted && *level >= Level::Conversational)
        })
        .collect()
}

fn same_district(a: Option<&String>, b: Option<&String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (a, b) = (a.trim(), b.trim());
            !a.is_empty() && a.to_lowercase() == b.to_lowercase()
        }
        _ => false,
    }
}

/// The score of an ambassador who may be suggested, with its reasons.
fn score(request: &Request, ambassador: &Ambassador) -> Suggestion {
    let mut score = 0;
    let mut reasons = Vec::new();
    let shared = shared_languages(request, ambassador);
    if let Some(first) = request.languages.first()
        && shared.first() == Some(&first)
    {
        score += points::FIRST_LANGUAGE;
    }
    let others = u32::try_from(shared.len().saturating_sub(1)).unwrap_or(u32::MAX);
    score += points::OTHER_LANGUAGE.saturating_mul(others);
    let names: Vec<&str> = shared.iter().map(|l| l.as_str()).collect();
    reasons.push(format!("speaks {}", join_words(&names)));
    if same_district(request.district.as_ref(), ambassador.district.as_ref()) {
        score += points::SAME_DISTRICT;
        reasons.push("same district".to_owned());
    }
    if request.has_children
        && request.topics.contains(&Topic::School)
        && ambassador.children_at_school
    {
        score += points::SCHOOL_CHILDREN;
        reasons.push("has children at a Czech school".to_owned());
    }
    let topics: Vec<&str> = request
        .topics
        .intersection(&ambassador.helps_with)
        .map(|t| t.label())
        .collect();
    if !topics.is_empty() {
        let n = u32::try_from(topics.len()).unwrap_or(u32::MAX);
        score += points::TOPIC.saturating_mul(n);
        reasons.push(format!("helps with {}", join_words(&topics)));
    }
    let free = ambassador.capacity.get().saturating_sub(ambassador.load);
    score += (points::FREE_PLACE * u32::from(free)).min(points::FREE_PLACES_MAX);
    reasons.push(format!(
        "{free} of {} place{} free",
        ambassador.capacity.get(),
        if ambassador.capacity.get() == 1 {
            ""
        } else {
            "s"
        }
    ));
    score += (points::YEAR * u32::from(ambassador.years_here)).min(points::YEARS_MAX);
    if ambassador.years_here > 0 {
        reasons.push(format!(
            "{} year{} in Ostrava",
            ambassador.years_here,
            if ambassador.years_here == 1 { "" } else { "s" }
        ));
    }
    Suggestion {
        account: ambassador.account,
        score,
        reasons,
    }
}

/// "a", "a and b", "a, b and c".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The ambassadors who may look after `request`'s newcomer on `today`, best first (ties by
/// the most free places, then the account, so the order is the same every time).
pub fn suggest(request: &Request, ambassadors: &[Ambassador], today: NaiveDate) -> Vec<Suggestion> {
    let mut suggestions: Vec<(Suggestion, u8)> = ambassadors
        .iter()
        .filter(|a| excluded(request, a, today).is_none())
        .map(|a| (score(request, a), a.capacity.get().saturating_sub(a.load)))
        .collect();
    suggestions.sort_by(|(a, free_a), (b, free_b)| {
        b.score
            .cmp(&a.score)
            .then(free_b.cmp(free_a))
            .then(a.account.cmp(&b.account))
    });
    suggestions.into_iter().map(|(s, _)| s).collect()
}

/// Where a match is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchState {
    /// The newcomer asked; no ambassador yet.
    Requested,
    /// The coordinator proposed an ambassador, who has not answered.
    Proposed,
    /// The ambassador accepted; the newcomer is told.
    Accepted,
    /// They have met: check-ins are logged.
    Active,
    /// It ended.
    Ended(EndReason),
}

/// Why a match ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EndReason {
    /// The newcomer has settled in.
    Settled,
    /// Someone moved away.
    MovedAway,
    /// They did not get on: the request goes back to be matched again.
    NotAFit,
    /// The newcomer withdrew their request or their consent.
    Withdrawn,
}

/// What can happen to a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchEvent {
    /// The coordinator proposes an ambassador.
    Propose,
    /// The ambassador accepts.
    Accept,
    /// The ambassador declines: back to requested.
    Decline,
    /// The first meeting took place.
    Start,
    /// It ends.
    End(EndReason),
}

/// A step a match cannot take from where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a match that is {from} cannot be {event}")]
pub struct InvalidStep {
    /// Where it was, in words.
    pub from: &'static str,
    /// What was asked, in words.
    pub event: &'static str,
}

impl MatchState {
    /// Words for people.
    pub fn label(&self) -> &'static str {
        match self {
            MatchState::Requested => "requested",
            MatchState::Proposed => "proposed",
            MatchState::Accepted => "accepted",
            MatchState::Active => "active",
            MatchState::Ended(_) => "ended",
        }
    }

    /// Whether the ambassador sees the newcomer (accepted or active only).
    pub fn shares_with_ambassador(&self) -> bool {
        matches!(self, MatchState::Accepted | MatchState::Active)
    }

    /// Whether the match takes one of the ambassador's places (proposed, accepted, active).
    pub fn takes_a_place(&self) -> bool {
        matches!(
            self,
            MatchState::Proposed | MatchState::Accepted | MatchState::Active
        )
    }

    /// The state after `event`. A match that ended as not a fit is requested again by a new
    /// request, not by this one: ended is final.
    pub fn step(&self, event: MatchEvent) -> Result<MatchState, InvalidStep> {
        use MatchEvent as E;
        use MatchState as S;
        let next = match (self, event) {
            (S::Requested, E::Propose) => S::Proposed,
            (S::Proposed, E::Accept) => S::Accepted,
            (S::Proposed, E::Decline) => S::Requested,
            (S::Accepted, E::Start) => S::Active,
            (S::Requested | S::Proposed | S::Accepted | S::Active, E::End(reason)) => {
                S::Ended(reason)
            }
            (from, event) => {
                return Err(InvalidStep {
                    from: from.label(),
                    event: match event {
                        E::Propose => "proposed",
                        E::Accept => "accepted",
                        E::Decline => "declined",
                        E::Start => "started",
                        E::End(_) => "ended",
                    },
                });
            }
        };
        Ok(next)
    }
}

#[cfg(test)]
mod tests;
