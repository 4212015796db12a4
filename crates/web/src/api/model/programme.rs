//! The buddy programme as its coordinator reads it through the API: ranked suggestions for a
//! request, and the programme's figures.

use serde::Serialize;
use softland_domain::buddy::EndReason;
use utoipa::ToSchema;

use super::ambassador::LanguageOut;
use crate::api::schema;
use crate::commands::buddies::{Programme, RequestWithSuggestions};
use crate::db::buddies::{self, Ambassador};

/// An ambassador in a list of suggestions or loads.
#[derive(Debug, Serialize, ToSchema)]
pub struct AmbassadorBrief {
    /// The ambassador's id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Where they stand.
    #[schema(schema_with = schema::ambassador_status)]
    pub status: &'static str,
    /// Languages, the best spoken first.
    pub languages: Vec<LanguageOut>,
    /// Their district.
    pub district: Option<String>,
    /// Places (1–10).
    pub capacity: u8,
    /// Newcomers they look after now.
    pub load: u8,
    /// Places free now.
    pub free_places: u8,
}

impl From<&Ambassador> for AmbassadorBrief {
    fn from(a: &Ambassador) -> Self {
        Self {
            id: a.id.0,
            name: a.name.clone(),
            status: a.status.name(),
            languages: a
                .profile
                .languages
                .iter()
                .map(|(l, level)| LanguageOut {
                    language: l.as_str().to_owned(),
                    level: level.as_str(),
                })
                .collect(),
            district: a.profile.district.clone(),
            capacity: a.profile.capacity.get(),
            load: a.load,
            free_places: a.free_places(),
        }
    }
}

/// An ambassador who may be proposed, with the score and its reasons.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionOut {
    /// The ambassador.
    pub ambassador: AmbassadorBrief,
    /// The score (higher is better; docs/buddies.md lists its parts).
    pub score: u32,
    /// The reasons in words ("speaks Hindi and English", "same district", …).
    pub reasons: Vec<String>,
}

/// An ambassador who may not be proposed, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotSuggestedOut {
    /// The ambassador.
    pub ambassador: AmbassadorBrief,
    /// Why not.
    #[schema(schema_with = schema::excluded)]
    pub reason: &'static str,
    /// Why not, in words.
    pub message: String,
}

/// A request's ranked suggestions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionsOut {
    /// The request's id.
    pub request: i64,
    /// Ambassadors who may be proposed, best first.
    pub suggestions: Vec<SuggestionOut>,
    /// Approved or paused ambassadors who may not be proposed, and why.
    pub not_suggested: Vec<NotSuggestedOut>,
}

impl From<RequestWithSuggestions> for SuggestionsOut {
    fn from(r: RequestWithSuggestions) -> Self {
        Self {
            request: r.request.id.0,
            suggestions: r
                .suggestions
                .into_iter()
                .map(|(s, a)| SuggestionOut {
                    ambassador: AmbassadorBrief::from(&a),
                    score: s.score,
                    reasons: s.reasons,
                })
                .collect(),
            not_suggested: r
                .not_suggested
                .into_iter()
                .map(|n| NotSuggestedOut {
                    ambassador: AmbassadorBrief::from(&n.ambassador),
                    reason: schema::EXCLUDED
                        .iter()
                        .find(|(_, why)| *why == n.why)
                        .map_or("inactive", |(name, _)| name),
                    message: n.why.to_string(),
                })
                .collect(),
        }
    }
}

/// A request waiting for a match.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenRequestOut {
    /// The request's id.
    pub id: i64,
    /// The newcomer's name.
    pub newcomer: String,
    /// `requested` or `proposed`.
    #[schema(schema_with = schema::request_state)]
    pub state: &'static str,
    /// Whole days since it was made.
    pub waiting_days: i64,
}

/// An accepted or active pair.
#[derive(Debug, Serialize, ToSchema)]
pub struct PairOut {
    /// The request's id.
    pub id: i64,
    /// The newcomer's name.
    pub newcomer: String,
    /// The ambassador's name.
    pub ambassador: String,
    /// `accepted` or `active`.
    #[schema(schema_with = schema::request_state)]
    pub state: &'static str,
}

/// How many matches ended for each reason.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct EndedByReasonOut {
    /// The newcomer settled in.
    pub settled: usize,
    /// The newcomer moved away.
    pub moved_away: usize,
    /// Not a fit (the newcomer may be matched again).
    pub not_a_fit: usize,
    /// The newcomer withdrew their consent.
    pub withdrawn: usize,
}

/// The programme's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeOut {
    /// Requests without an accepted match, the longest waiting first.
    pub open_requests: Vec<OpenRequestOut>,
    /// Accepted and active pairs.
    pub pairs: Vec<PairOut>,
    /// Every ambassador (applicants included) with their load, by name.
    pub ambassadors: Vec<AmbassadorBrief>,
    /// Applicants waiting for approval.
    pub applicants: usize,
    /// Ended matches by reason.
    pub ended_by_reason: EndedByReasonOut,
    /// The average days from a request to an accepted match, `null` before the first.
    pub average_days_to_match: Option<f64>,
    /// The average rating (1–5) of rated matches, `null` before the first.
    pub average_rating: Option<f64>,
    /// How many matches were rated.
    pub ratings: usize,
    /// Calls for the centre's help not handled yet.
    pub open_help_calls: usize,
}

impl From<Programme> for ProgrammeOut {
    fn from(p: Programme) -> Self {
        let mut ended = EndedByReasonOut::default();
        for (reason, n) in &p.ended_by_reason {
            match reason {
                EndReason::Settled => ended.settled = *n,
                EndReason::MovedAway => ended.moved_away = *n,
                EndReason::NotAFit => ended.not_a_fit = *n,
                EndReason::Withdrawn => ended.withdrawn = *n,
            }
        }
        Self {
            applicants: p.applicants().count(),
            open_requests: p
                .open
                .iter()
                .map(|o| OpenRequestOut {
                    id: o.request.id.0,
                    newcomer: o.request.person_name.clone(),
                    state: buddies::state_name(&o.request.state),
                    waiting_days: o.waiting_days,
                })
                .collect(),
            pairs: p
                .pairs
                .iter()
                .map(|m| PairOut {
                    id: m.id.0,
                    newcomer: m.person_name.clone(),
                    ambassador: m.ambassador_name.clone().unwrap_or_default(),
                    state: buddies::state_name(&m.state),
                })
                .collect(),
            ambassadors: p.ambassadors.iter().map(AmbassadorBrief::from).collect(),
            ended_by_reason: ended,
            average_days_to_match: p.average_days_to_match,
            average_rating: p.rating.map(|(avg, _)| avg),
            ratings: p.rating.map_or(0, |(_, n)| n),
            open_help_calls: p.help_calls.len(),
        }
    }
}
