//! `templates/buddies/`: the buddy programme's staff pages (the coordinator's programme,
//! requests with their suggestions, ambassadors) and the parts shown on the case page and the
//! dashboard, with the words they share.

pub mod ambassadors;
pub mod case;
pub mod csv;
pub mod programme;
pub mod request;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use softland_domain::buddy::{Language, Level, MatchState, Topic};
use softland_domain::date_format::{count, long};

use crate::db::buddies::{Ambassador, AmbassadorStatus, HelpCall, Match, end_reason_label};

/// "Hindi, English".
pub fn languages(languages: &[Language]) -> String {
    languages
        .iter()
        .map(Language::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Hindi (native), English (fluent)".
pub fn spoken(languages: &[(Language, Level)]) -> String {
    languages
        .iter()
        .map(|(l, level)| format!("{l} ({})", level.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "housing, doctors".
pub fn topics<'a>(topics: impl IntoIterator<Item = &'a Topic>) -> String {
    topics
        .into_iter()
        .map(|t| t.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The day of `at` in the centre's time zone: "Wed 30 Dec 2026".
pub fn day(at: DateTime<Utc>, tz: Tz) -> String {
    long(at.with_timezone(&tz).date_naive())
}

/// Where a match is, in words: "waiting for a buddy", "proposed to Anna Nowak" …
pub fn state_text(m: &Match) -> String {
    let who = m.ambassador_name.clone().unwrap_or_default();
    match &m.state {
        MatchState::Requested => "waiting for a buddy".to_owned(),
        MatchState::Proposed => format!("proposed to {who}, waiting for their answer"),
        MatchState::Accepted => format!("{who} accepted; they have not met yet"),
        MatchState::Active => format!("active with {who}"),
        MatchState::Ended(reason) => format!("ended: {}", end_reason_label(*reason)),
    }
}

/// "2 of 3 places taken".
pub fn places(a: &Ambassador) -> String {
    let capacity = a.profile.capacity.get();
    format!(
        "{} of {} place{} taken",
        a.load,
        capacity,
        if capacity == 1 { "" } else { "s" }
    )
}

/// "until Wed 30 Jun 2027", "open-ended", "ended Mon 4 Jan 2027".
pub fn availability(a: &Ambassador, today: NaiveDate) -> String {
    match a.profile.available_until {
        None => "open-ended".to_owned(),
        Some(until) if until < today => format!("ended {}", long(until)),
        Some(until) => format!("until {}", long(until)),
    }
}

/// The status's CSS badge class.
pub fn status_class(status: AmbassadorStatus) -> &'static str {
    match status {
        AmbassadorStatus::Active => "ok",
        AmbassadorStatus::Declined => "danger",
        AmbassadorStatus::Applied | AmbassadorStatus::Paused => "",
    }
}

/// "12 days", "less than a day".
pub fn waited(days: i64) -> String {
    if days < 1 {
        "less than a day".to_owned()
    } else {
        count(days, "day")
    }
}

/// An ambassador's call for the centre's help, as a line of a list.
pub struct HelpCallLine {
    /// The check-in.
    pub id: i64,
    /// The newcomer's case.
    pub case_id: i64,
    /// The newcomer.
    pub person: String,
    /// The ambassador.
    pub ambassador: String,
    /// When they met: "Mon 4 Jan 2027".
    pub met_on: String,
    /// What the ambassador wrote.
    pub body: String,
}

/// The line of `call`.
pub fn help_call_line(call: HelpCall) -> HelpCallLine {
    HelpCallLine {
        id: call.checkin.id.0,
        case_id: call.case.0,
        person: call.person_name,
        ambassador: call.ambassador_name,
        met_on: long(call.checkin.met_on),
        body: call.checkin.body,
    }
}
