//! Newcomers' requests for a buddy as the API shows them (staff see all of a request, the
//! household its own without the programme's internals), suggestions, the programme's
//! figures, ambassadors' calls for the centre's help, and what the API receives.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::schema;
use crate::commands::buddies::{AmbassadorCard, RequestInput, RequestView, may_rate};
use crate::db::buddies::{self, HelpCall, Match};

/// The ambassador proposed or matched (staff only).
#[derive(Debug, Serialize, ToSchema)]
pub struct AmbassadorRef {
    /// The ambassador's id.
    pub id: i64,
    /// Their name.
    pub name: String,
}

/// The buddy, as the newcomer meets them: shown while they look after the newcomer.
#[derive(Debug, Serialize, ToSchema)]
pub struct BuddyCardOut {
    /// Their name.
    pub name: String,
    /// Their introduction.
    pub introduction: String,
    /// Languages they speak.
    pub languages: Vec<String>,
    /// Their district.
    pub district: Option<String>,
    /// Their e-mail.
    pub email: String,
    /// Their phone.
    pub phone: Option<String>,
}

impl From<AmbassadorCard> for BuddyCardOut {
    fn from(c: AmbassadorCard) -> Self {
        Self {
            name: c.name,
            introduction: c.introduction,
            languages: c.languages.iter().map(|l| l.as_str().to_owned()).collect(),
            district: c.district,
            email: c.email,
            phone: c.phone,
        }
    }
}

/// A newcomer's request for a buddy, and the match it became.
#[derive(Debug, Serialize, ToSchema)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "the request's yes/no answers, as the JSON shows them"
)]
pub struct BuddyRequestOut {
    /// The request's id.
    pub id: i64,
    /// The newcomer's case.
    pub case: i64,
    /// The newcomer's name.
    pub newcomer: String,
    /// Where it is.
    #[schema(schema_with = schema::request_state)]
    pub state: &'static str,
    /// Why it ended, once ended.
    #[schema(schema_with = schema::end_reason_or_null)]
    pub end_reason: Option<&'static str>,
    /// Languages the newcomer speaks, preferred first.
    pub languages: Vec<String>,
    /// Where they live or will live.
    pub district: Option<String>,
    /// What they want help with.
    #[schema(schema_with = schema::topics)]
    pub topics: Vec<&'static str>,
    /// Whether they come with children.
    pub has_children: bool,
    /// What else they wrote for their buddy.
    pub wishes: Option<String>,
    /// Whether the buddy may see the newcomer's e-mail.
    pub share_email: bool,
    /// Whether the buddy may see the phone below.
    pub share_phone: bool,
    /// The phone they share.
    pub phone: Option<String>,
    /// Whether the newcomer withdrew their consent (which ended the match).
    pub consent_withdrawn: bool,
    /// The household's arrival date, if known.
    pub arrival: Option<NaiveDate>,
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
    /// The ambassador proposed or matched (staff tokens only; `null` for the household).
    pub ambassador: Option<AmbassadorRef>,
    /// Why the last ambassador declined (staff tokens only).
    pub decline_reason: Option<String>,
    /// What was written when it ended (staff tokens only).
    pub end_note: Option<String>,
    /// The buddy's card while they look after the newcomer (accepted or active).
    pub buddy: Option<BuddyCardOut>,
    /// The household's rating at the end, 1–5.
    pub rating: Option<u8>,
    /// The household's comment at the end.
    pub feedback: Option<String>,
    /// Whether the household may give (or change) its feedback: the match ended after an
    /// ambassador had accepted.
    pub may_give_feedback: bool,
    /// Bumped by every change; see `ETag`.
    pub version: i64,
}

impl BuddyRequestOut {
    /// `m` as a reader sees it: staff (`full`) all of it, the household without the
    /// ambassador proposed, a decline's reason or the note at the end.
    pub fn build(m: Match, full: bool, buddy: Option<AmbassadorCard>) -> Self {
        let may_give_feedback = may_rate(&m);
        let end_reason = match m.state {
            softland_domain::buddy::MatchState::Ended(r) => Some(buddies::end_reason_name(r)),
            _ => None,
        };
        let ambassador = m.ambassador.filter(|_| full).map(|id| AmbassadorRef {
            id: id.0,
            name: m.ambassador_name.clone().unwrap_or_default(),
        });
        let r = m.request;
        Self {
            id: m.id.0,
            case: m.case.0,
            newcomer: m.person_name,
            state: buddies::state_name(&m.state),
            end_reason,
            languages: r.languages.iter().map(|l| l.as_str().to_owned()).collect(),
            district: r.district,
            topics: r.topics.iter().map(|t| t.as_str()).collect(),
            has_children: r.has_children,
            wishes: r.wishes,
            share_email: r.share_email,
            share_phone: r.share_phone,
            phone: r.phone,
            consent_withdrawn: m.consent_withdrawn,
            arrival: m.arrival,
            requested_at: m.requested_at,
            proposed_at: m.proposed_at,
            accepted_at: m.accepted_at,
            started_at: m.started_at,
            ended_at: m.ended_at,
            ambassador,
            decline_reason: m.decline_reason.filter(|_| full),
            end_note: m.end_note.filter(|_| full),
            buddy: buddy.map(BuddyCardOut::from),
            rating: m.rating,
            feedback: m.feedback,
            may_give_feedback,
            version: m.version,
        }
    }
}

impl From<RequestView> for BuddyRequestOut {
    fn from(v: RequestView) -> Self {
        Self::build(v.request, v.full, v.buddy)
    }
}

/// Several requests (a case's, newest first; or one page of all, by id).
#[derive(Debug, Serialize, ToSchema)]
pub struct BuddyRequestList {
    /// The requests.
    pub requests: Vec<BuddyRequestOut>,
    /// Pass as `after` for the next page; `null` on the last (and for a case's list).
    pub next_after: Option<i64>,
}

/// A request for a buddy for a person of the household. Every wrong field is a 422 naming
/// it (`person`, `languages`, `topics`, `phone`, `consent` …).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "person": 0, "languages": ["Hindi", "English"], "district": "Poruba",
    "topics": ["housing", "doctors"], "has_children": false,
    "wishes": "Tips for weekend trips, please.", "share_email": true, "consent": true
}))]
pub struct BuddyRequestIn {
    /// The person's index in the case's `people` (0, the principal, by default); an adult.
    #[schema(minimum = 0)]
    pub person: Option<i64>,
    /// Languages they speak (1–6, each 2–40 letters, spaces or hyphens), preferred first.
    #[schema(min_items = 1, max_items = 6)]
    pub languages: Vec<String>,
    /// Their district of Ostrava.
    #[schema(max_length = 80)]
    pub district: Option<String>,
    /// What they want help with (at least one).
    #[schema(schema_with = schema::topics_chosen)]
    pub topics: Vec<String>,
    /// Whether they come with children (default `false`).
    pub has_children: Option<bool>,
    /// Anything else; the buddy reads it (at most 1,000 characters).
    #[schema(max_length = 1000)]
    pub wishes: Option<String>,
    /// Whether the buddy may see their e-mail (default `false`).
    pub share_email: Option<bool>,
    /// Whether the buddy may see `phone` (default `false`).
    pub share_phone: Option<bool>,
    /// The phone to share (required with `share_phone`; 6 to 20 digits).
    #[schema(max_length = 30)]
    pub phone: Option<String>,
    /// The newcomer's consent to share their first name, languages, district, arrival date,
    /// topics, children, wishes and the contact details chosen above with the ambassador
    /// proposed and their buddy (required).
    pub consent: bool,
}

impl BuddyRequestIn {
    /// The request as the command reads it (the form's strings).
    pub fn input(self) -> RequestInput {
        RequestInput {
            person: self.person.map(|p| p.to_string()).unwrap_or_default(),
            languages: self.languages.join(", "),
            district: self.district.unwrap_or_default(),
            topics: self.topics,
            has_children: self.has_children.unwrap_or(false),
            wishes: self.wishes.unwrap_or_default(),
            share_email: self.share_email.unwrap_or(false),
            share_phone: self.share_phone.unwrap_or(false),
            phone: self.phone.unwrap_or_default(),
            consent: self.consent,
        }
    }
}

/// The ambassador to propose.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"ambassador": 1}))]
pub struct ProposalIn {
    /// The ambassador's id.
    #[schema(minimum = 1)]
    pub ambassador: i64,
    /// The request's version the proposal was made against (see `If-Match`).
    pub version: Option<i64>,
}

/// How a match ends.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "settled", "note": "She found a flat and a school."}))]
pub struct EndIn {
    /// Why: `withdrawn` (the newcomer withdraws their consent: the ambassador's access ends
    /// at once), `settled`, `moved_away` or `not_a_fit` (the newcomer may ask again).
    #[schema(schema_with = schema::end_reason)]
    pub reason: String,
    /// A note (at most 2,000 characters; staff see it).
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// The household's feedback at the end of a match.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rating": 5, "comment": "Anita found us a flat."}))]
pub struct FeedbackIn {
    /// 1 (poor) to 5 (excellent).
    #[schema(minimum = 1, maximum = 5)]
    pub rating: i64,
    /// A comment (at most 2,000 characters).
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// An ambassador's call for the centre's help, not handled yet.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelpCallOut {
    /// The check-in's id.
    pub id: i64,
    /// The request (match) it is about.
    pub request: i64,
    /// The newcomer's case.
    pub case: i64,
    /// The newcomer's name.
    pub newcomer: String,
    /// The ambassador's name.
    pub ambassador: String,
    /// When they met or spoke.
    pub met_on: NaiveDate,
    /// What the ambassador wrote.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

impl From<HelpCall> for HelpCallOut {
    fn from(h: HelpCall) -> Self {
        Self {
            id: h.checkin.id.0,
            request: h.checkin.match_id.0,
            case: h.case.0,
            newcomer: h.person_name,
            ambassador: h.ambassador_name,
            met_on: h.checkin.met_on,
            body: h.checkin.body,
            created_at: h.checkin.created_at,
        }
    }
}

/// Calls for the centre's help, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelpCallList {
    /// The calls.
    pub help_calls: Vec<HelpCallOut>,
}
