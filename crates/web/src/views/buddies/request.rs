//! `templates/buddies/request.html`: one newcomer's request — what they asked for and agreed
//! to share, its history, the ranked suggestions with their reasons, the ambassadors not
//! suggested and why, and the forms to propose one or to end the match.

use askama::Template;
use chrono_tz::Tz;
use softland_domain::buddy::{Excluded, MatchState};
use softland_domain::date_format::long;

use super::{day, places, spoken, state_text, topics};
use crate::commands::FieldErrors;
use crate::commands::buddies::{NotSuggested, RequestWithSuggestions};
use crate::db::buddies::{AmbassadorStatus, END_REASONS, Match, end_reason_label, end_reason_name};
use crate::views::nav::Nav;

/// A line of the request's details.
pub struct Detail {
    /// "Languages".
    pub label: &'static str,
    /// "Hindi, English".
    pub value: String,
}

/// An ambassador who may be proposed.
pub struct SuggestionRow {
    /// Their profile.
    pub ambassador_id: i64,
    /// Their name.
    pub name: String,
    /// The score.
    pub score: u32,
    /// "speaks Hindi and English; same district; 2 of 3 places free".
    pub reasons: String,
    /// Where their photo is read, if they have one (shown small beside the name).
    pub photo: Option<String>,
}

/// An ambassador who may not be proposed, and why.
pub struct NotSuggestedRow {
    /// Their profile.
    pub ambassador_id: i64,
    /// Their name.
    pub name: String,
    /// "full: 3 of 3 places taken".
    pub why: String,
}

/// A step of the request's history.
pub struct Step {
    /// "Mon 4 Jan 2027".
    pub when: String,
    /// "Proposed to Anna Nowak".
    pub what: String,
}

/// The end form as typed.
#[derive(Debug, Clone, Default)]
pub struct EndValues {
    /// The reason's name.
    pub reason: String,
    /// The note.
    pub note: String,
}

/// The request page.
#[derive(Template)]
#[template(path = "buddies/request.html")]
pub struct RequestPage {
    /// Navigation.
    pub nav: Nav,
    /// What the last change did.
    pub notice: Option<&'static str>,
    /// Why the last change was refused (a 409 or 422 answer).
    pub problem: Option<String>,
    /// The request.
    pub id: i64,
    /// The newcomer's case.
    pub case_id: i64,
    /// Its version (the forms send it).
    pub version: i64,
    /// The newcomer.
    pub person: String,
    /// Where it is, in words.
    pub state: String,
    /// What they asked for and share.
    pub details: Vec<Detail>,
    /// What happened, oldest first.
    pub timeline: Vec<Step>,
    /// Whether it waits for a proposal.
    pub can_propose: bool,
    /// Ambassadors who may be proposed, best first.
    pub suggestions: Vec<SuggestionRow>,
    /// The others, and why not.
    pub not_suggested: Vec<NotSuggestedRow>,
    /// Whether it can still end.
    pub can_end: bool,
    /// The end form's values.
    pub end: EndValues,
    /// The end form's errors (`reason`, `note`).
    pub end_errors: FieldErrors,
    /// The form to ask again for the newcomer, once it ended.
    pub ask_again: Option<String>,
}

impl RequestPage {
    /// The page of `found`.
    pub fn new(nav: Nav, found: &RequestWithSuggestions, tz: Tz) -> Self {
        let m = &found.request;
        let open = m.is_open();
        Self {
            nav,
            notice: None,
            problem: None,
            id: m.id.0,
            case_id: m.case.0,
            version: m.version,
            person: m.person_name.clone(),
            state: state_text(m),
            details: details(m, tz),
            timeline: timeline(m, tz),
            can_propose: m.state == MatchState::Requested,
            suggestions: found
                .suggestions
                .iter()
                .map(|(s, a)| SuggestionRow {
                    ambassador_id: a.id.0,
                    name: a.name.clone(),
                    score: s.score,
                    reasons: s.reasons.join("; "),
                    photo: a
                        .photo
                        .as_ref()
                        .map(|_| format!("/buddies/ambassadors/{}/photo", a.id)),
                })
                .collect(),
            not_suggested: found.not_suggested.iter().map(not_suggested).collect(),
            can_end: open,
            end: EndValues::default(),
            end_errors: FieldErrors::new(),
            ask_again: (!open).then(|| format!("/cases/{}/buddy?again={}", m.case, m.id)),
        }
    }

    /// The end reasons: (name, words).
    #[expect(clippy::unused_self, reason = "askama calls it on the page")]
    pub fn end_reasons(&self) -> Vec<(&'static str, &'static str)> {
        END_REASONS
            .iter()
            .map(|r| (end_reason_name(*r), end_reason_label(*r)))
            .collect()
    }
}

fn details(m: &Match, tz: Tz) -> Vec<Detail> {
    let r = &m.request;
    let email = r.share_email.then(|| {
        let address = m.person_email.as_deref().unwrap_or("none on the case");
        format!("e-mail ({address})")
    });
    let phone = r
        .share_phone
        .then(|| format!("phone ({})", r.phone.as_deref().unwrap_or("")));
    let shares: Vec<String> = email.into_iter().chain(phone).collect();
    let consent = if m.consent_withdrawn {
        "withdrawn: nothing is shared any more".to_owned()
    } else {
        let on = day(m.requested_at, tz);
        format!("given {on} to share these details with their buddy")
    };
    let or = |value: Option<&String>, none: &str| value.cloned().unwrap_or_else(|| none.to_owned());
    [
        ("Languages", super::languages(&r.languages)),
        ("District", or(r.district.as_ref(), "not given")),
        ("Help with", topics(&r.topics)),
        (
            "Children",
            if r.has_children { "yes" } else { "no" }.to_owned(),
        ),
        (
            "Arrival",
            m.arrival.map_or_else(|| "not known".to_owned(), long),
        ),
        ("Wishes", or(r.wishes.as_ref(), "none")),
        (
            "Shares with the buddy",
            if shares.is_empty() {
                "no contact details (first name, languages, district and topics only)".to_owned()
            } else {
                shares.join(", ")
            },
        ),
        ("Consent", consent),
    ]
    .into_iter()
    .map(|(label, value)| Detail { label, value })
    .collect()
}

fn timeline(m: &Match, tz: Tz) -> Vec<Step> {
    let who = m.ambassador_name.clone().unwrap_or_default();
    let mut steps = vec![Step {
        when: day(m.requested_at, tz),
        what: "Asked for a buddy".to_owned(),
    }];
    if let Some(reason) = &m.decline_reason {
        steps.push(Step {
            when: m.proposed_at.map(|t| day(t, tz)).unwrap_or_default(),
            what: format!("The ambassador proposed declined: {reason}"),
        });
    }
    if let (Some(at), Some(_)) = (m.proposed_at, m.ambassador) {
        steps.push(Step {
            when: day(at, tz),
            what: format!("Proposed to {who}"),
        });
    }
    let more = [
        (m.accepted_at, format!("{who} accepted")),
        (m.started_at, "First check-in: they met".to_owned()),
    ];
    for (at, what) in more {
        if let Some(at) = at {
            steps.push(Step {
                when: day(at, tz),
                what,
            });
        }
    }
    if let (Some(at), MatchState::Ended(reason)) = (m.ended_at, &m.state) {
        let note = m
            .end_note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        steps.push(Step {
            when: day(at, tz),
            what: format!("Ended: {}{note}", end_reason_label(*reason)),
        });
    }
    steps
}

fn not_suggested(n: &NotSuggested) -> NotSuggestedRow {
    let a = &n.ambassador;
    let why = match n.why {
        Excluded::Inactive if a.status == AmbassadorStatus::Paused => "paused".to_owned(),
        Excluded::Inactive => "not active".to_owned(),
        Excluded::Unavailable => format!(
            "available until {} only",
            a.profile.available_until.map(long).unwrap_or_default()
        ),
        Excluded::Full => format!("full: {}", places(a)),
        Excluded::NoSharedLanguage => format!(
            "speaks none of the newcomer's languages well enough ({})",
            spoken(&a.profile.languages)
        ),
        Excluded::Themselves => "is the newcomer themself".to_owned(),
    };
    NotSuggestedRow {
        ambassador_id: a.id.0,
        name: a.name.clone(),
        why,
    }
}
