//! What each side of the programme may read. An ambassador reads [`SharedNewcomer`]s only:
//! the type holds nothing else of a newcomer, so no page or response can show more.

use chrono::{DateTime, NaiveDate, Utc};
use softland_domain::buddy::{self, EndReason, Excluded, Language, MatchState, Suggestion, Topic};

use super::super::{Actor, CommandError};
use crate::app::AppState;
use crate::auth::Role;
use crate::db::buddies::{
    self, Ambassador, AmbassadorStatus, CheckIn, END_REASONS, HelpCall, Match, MatchFilter,
};
use crate::db::portal;
use crate::ids::{AmbassadorId, CaseId, MatchId};

/// A request waiting for a match, and for how long.
#[derive(Debug, Clone)]
pub struct OpenRequest {
    /// The request (requested or proposed).
    pub request: Match,
    /// Whole days since it was made.
    pub waiting_days: i64,
}

/// The coordinator's view of the programme.
#[derive(Debug, Clone)]
pub struct Programme {
    /// Requests without an accepted match, the longest waiting first.
    pub open: Vec<OpenRequest>,
    /// Accepted and active pairs.
    pub pairs: Vec<Match>,
    /// Every ambassador (applicants included), by name.
    pub ambassadors: Vec<Ambassador>,
    /// Ended matches, the latest first.
    pub ended: Vec<Match>,
    /// How many matches ended for each reason.
    pub ended_by_reason: Vec<(EndReason, usize)>,
    /// The average days from a request to an accepted match (matches accepted so far).
    pub average_days_to_match: Option<f64>,
    /// The average rating of ended matches (1–5), and how many were rated.
    pub rating: Option<(f64, usize)>,
    /// Calls for the centre's help not handled yet.
    pub help_calls: Vec<HelpCall>,
    /// The day of each pair's latest check-in (pairs without one are missing).
    pub last_checkins: std::collections::HashMap<MatchId, NaiveDate>,
}

impl Programme {
    /// Applicants waiting for approval.
    pub fn applicants(&self) -> impl Iterator<Item = &Ambassador> {
        self.ambassadors
            .iter()
            .filter(|a| a.status == AmbassadorStatus::Applied)
    }
}

fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_days().max(0)
}

/// The programme as the coordinator sees it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProgrammeQuery;

impl ProgrammeQuery {
    /// Runs it (coordinators only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Programme, CommandError> {
        actor.must_coordinate(state).await?;
        let db = &state.db;
        let now = state.config.clock.now();
        let all = buddies::matches(db, &MatchFilter::default()).await?;
        let mut open = Vec::new();
        let mut pairs = Vec::new();
        let mut ended = Vec::new();
        for m in all.iter().cloned() {
            match m.state {
                MatchState::Requested | MatchState::Proposed => open.push(OpenRequest {
                    waiting_days: days_between(m.requested_at, now),
                    request: m,
                }),
                MatchState::Accepted | MatchState::Active => pairs.push(m),
                MatchState::Ended(_) => ended.push(m),
            }
        }
        open.sort_by(|a, b| {
            a.request
                .requested_at
                .cmp(&b.request.requested_at)
                .then(a.request.id.cmp(&b.request.id))
        });
        ended.sort_by(|a, b| b.ended_at.cmp(&a.ended_at).then(b.id.cmp(&a.id)));
        let ended_by_reason = END_REASONS
            .into_iter()
            .map(|r| {
                let n = ended
                    .iter()
                    .filter(|m| m.state == MatchState::Ended(r))
                    .count();
                (r, n)
            })
            .collect();
        let waits: Vec<i64> = all
            .iter()
            .filter_map(|m| Some((m.accepted_at? - m.requested_at).num_minutes()))
            .collect();
        let average_days_to_match = (!waits.is_empty()).then(|| {
            #[expect(
                clippy::cast_precision_loss,
                reason = "minutes and counts far below 2^52"
            )]
            let avg = waits.iter().sum::<i64>() as f64 / waits.len() as f64;
            avg / (60.0 * 24.0)
        });
        let ratings: Vec<u8> = ended.iter().filter_map(|m| m.rating).collect();
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let rating = (!ratings.is_empty()).then(|| {
            (
                f64::from(ratings.iter().map(|r| u32::from(*r)).sum::<u32>())
                    / ratings.len() as f64,
                ratings.len(),
            )
        });
        let pair_ids: Vec<MatchId> = pairs.iter().map(|m| m.id).collect();
        Ok(Programme {
            last_checkins: buddies::last_checkins(db, &pair_ids).await?,
            open,
            pairs,
            ambassadors: buddies::ambassadors(db).await?,
            ended,
            ended_by_reason,
            average_days_to_match,
            rating,
            help_calls: buddies::help_calls(db, None).await?,
        })
    }
}

/// An ambassador who may not be suggested, and why.
#[derive(Debug, Clone)]
pub struct NotSuggested {
    /// The ambassador.
    pub ambassador: Ambassador,
    /// Why not.
    pub why: Excluded,
}

/// One request with its ranked suggestions.
#[derive(Debug, Clone)]
pub struct RequestWithSuggestions {
    /// The request.
    pub request: Match,
    /// Ambassadors who may be proposed, best first, with the score's reasons.
    pub suggestions: Vec<(Suggestion, Ambassador)>,
    /// The others (applicants and declined ones left out), and why.
    pub not_suggested: Vec<NotSuggested>,
}

/// A request and the ambassadors who suit it best.
#[derive(Debug, Clone, Copy)]
pub struct SuggestionsQuery {
    /// The request.
    pub id: MatchId,
}

impl SuggestionsQuery {
    /// Runs it (coordinators only).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<RequestWithSuggestions, CommandError> {
        actor.must_coordinate(state).await?;
        let request = buddies::get_match(&state.db, self.id).await?;
        let ambassadors: Vec<Ambassador> = buddies::ambassadors(&state.db)
            .await?
            .into_iter()
            .filter(|a| {
                matches!(
                    a.status,
                    AmbassadorStatus::Active | AmbassadorStatus::Paused
                )
            })
            .collect();
        let wanted = request.for_matching();
        let today = state.config.today();
        // The newcomer themself (their account, or the e-mail on their case), as the proposal
        // checks it: never suggested, listed as not suggested.
        let themself = |a: &Ambassador| {
            request.person_account == Some(a.user)
                || request
                    .person_email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(&a.email))
        };
        let candidates: Vec<buddy::Ambassador> = ambassadors
            .iter()
            .filter(|a| !themself(a))
            .map(Ambassador::for_matching)
            .collect();
        let ranked = buddy::suggest(&wanted, &candidates, today);
        let suggestions = ranked
            .into_iter()
            .filter_map(|s| {
                let a = ambassadors.iter().find(|a| a.user.0 == s.account)?.clone();
                Some((s, a))
            })
            .collect();
        let not_suggested = ambassadors
            .iter()
            .filter_map(|a| {
                let why = if themself(a) {
                    Excluded::Themselves
                } else {
                    buddy::excluded(&wanted, &a.for_matching(), today)?
                };
                Some(NotSuggested {
                    ambassador: a.clone(),
                    why,
                })
            })
            .collect();
        Ok(RequestWithSuggestions {
            request,
            suggestions,
            not_suggested,
        })
    }
}

/// Every ambassador, applicants included, by name (coordinators).
#[derive(Debug, Clone, Copy, Default)]
pub struct EveryAmbassador;

impl EveryAmbassador {
    /// Runs it (coordinators only).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<Ambassador>, CommandError> {
        actor.must_coordinate(state).await?;
        Ok(buddies::ambassadors(&state.db).await?)
    }
}

/// One ambassador with their matches (coordinators).
#[derive(Debug, Clone, Copy)]
pub struct AmbassadorQuery {
    /// The ambassador.
    pub id: AmbassadorId,
}

/// An ambassador and every match they had.
#[derive(Debug, Clone)]
pub struct AmbassadorWithMatches {
    /// The ambassador.
    pub ambassador: Ambassador,
    /// Their matches, oldest request first.
    pub matches: Vec<Match>,
}

impl AmbassadorQuery {
    /// Runs it (coordinators only).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<AmbassadorWithMatches, CommandError> {
        actor.must_coordinate(state).await?;
        let ambassador = buddies::ambassador(&state.db, self.id).await?;
        let matches = buddies::matches(
            &state.db,
            &MatchFilter {
                ambassador: Some(self.id),
                ..MatchFilter::default()
            },
        )
        .await?;
        Ok(AmbassadorWithMatches {
            ambassador,
            matches,
        })
    }
}

/// What an ambassador is told of a newcomer: nothing of the case, only what the newcomer
/// agreed to share. Contact details only once the ambassador has accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedNewcomer {
    /// The match.
    pub id: MatchId,
    /// Proposed (waiting for the ambassador's answer), accepted or active.
    pub state: MatchState,
    /// The first word of their name.
    pub first_name: String,
    /// Their languages, preferred first.
    pub languages: Vec<Language>,
    /// Their district.
    pub district: Option<String>,
    /// When they arrive (arrived).
    pub arrival: Option<NaiveDate>,
    /// What they want help with.
    pub topics: Vec<Topic>,
    /// What else they wrote for their buddy.
    pub wishes: Option<String>,
    /// Whether they come with children.
    pub has_children: bool,
    /// Their e-mail, when they agreed and the ambassador accepted.
    pub email: Option<String>,
    /// Their phone, when they agreed and the ambassador accepted.
    pub phone: Option<String>,
    /// When the ambassador accepted.
    pub accepted_at: Option<DateTime<Utc>>,
}

impl SharedNewcomer {
    fn of(m: &Match) -> Self {
        let contact = m.state.shares_with_ambassador() && !m.consent_withdrawn;
        Self {
            id: m.id,
            state: m.state.clone(),
            first_name: m.first_name().to_owned(),
            languages: m.request.languages.clone(),
            district: m.request.district.clone(),
            arrival: m.arrival,
            topics: m.request.topics.iter().copied().collect(),
            wishes: m.request.wishes.clone(),
            has_children: m.request.has_children,
            email: if contact && m.request.share_email {
                m.person_email.clone()
            } else {
                None
            },
            phone: if contact && m.request.share_phone {
                m.request.phone.clone()
            } else {
                None
            },
            accepted_at: m.accepted_at,
        }
    }
}

/// The ambassador's own area: their profile, proposals waiting for an answer, newcomers.
#[derive(Debug, Clone)]
pub struct BuddyHome {
    /// Their profile.
    pub me: Ambassador,
    /// Proposed to them, waiting for their answer.
    pub proposals: Vec<SharedNewcomer>,
    /// Accepted and active.
    pub newcomers: Vec<SharedNewcomer>,
}

/// The signed-in ambassador's area.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuddyHomeQuery;

impl BuddyHomeQuery {
    /// Runs it (ambassadors only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<BuddyHome, CommandError> {
        let me = actor.own_ambassador(state).await?;
        let mine = buddies::matches(
            &state.db,
            &MatchFilter {
                ambassador: Some(me.id),
                states: buddies::Stage::TAKING_A_PLACE.to_vec(),
                ..MatchFilter::default()
            },
        )
        .await?;
        let (proposals, newcomers): (Vec<_>, Vec<_>) = mine
            .iter()
            .map(SharedNewcomer::of)
            .partition(|n| n.state == MatchState::Proposed);
        // What the list shows of each newcomer is in their history too.
        let seen: Vec<(CaseId, &str)> = mine.iter().map(|m| (m.case, m.first_name())).collect();
        buddies::record_views(&state.db, actor.id, &seen, buddies::Seen::InList).await?;
        Ok(BuddyHome {
            me,
            proposals,
            newcomers,
        })
    }
}

/// One newcomer of the signed-in ambassador, with the check-ins.
#[derive(Debug, Clone, Copy)]
pub struct OwnNewcomerQuery {
    /// The match.
    pub id: MatchId,
}

/// A newcomer and the ambassador's check-ins.
#[derive(Debug, Clone)]
pub struct OwnNewcomer {
    /// What the ambassador may see.
    pub newcomer: SharedNewcomer,
    /// Their check-ins, newest first (none while proposed).
    pub checkins: Vec<CheckIn>,
    /// Their case: for the access log only, never shown to the ambassador.
    pub case: CaseId,
}

impl OwnNewcomerQuery {
    /// Runs it (the match's ambassador only, while proposed, accepted or active; anything
    /// else is not found). Every view is in the newcomer's history.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<OwnNewcomer, CommandError> {
        let me = actor.own_ambassador(state).await?;
        let found = buddies::get_match(&state.db, self.id).await?;
        // Consent withdrawn ends the match; the check stands on its own so that nothing of a
        // newcomer who withdrew is ever shown, whatever the state says.
        if found.ambassador != Some(me.id)
            || !found.state.takes_a_place()
            || found.consent_withdrawn
        {
            return Err(CommandError::NotFound);
        }
        let newcomer = SharedNewcomer::of(&found);
        let seen = [(found.case, newcomer.first_name.as_str())];
        buddies::record_views(&state.db, actor.id, &seen, buddies::Seen::OnPage).await?;
        let checkins = if found.state.shares_with_ambassador() {
            buddies::checkins(&state.db, found.id).await?
        } else {
            Vec::new()
        };
        Ok(OwnNewcomer {
            newcomer,
            checkins,
            case: found.case,
        })
    }
}

/// What a newcomer is told of their ambassador (once accepted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmbassadorCard {
    /// Their name.
    pub name: String,
    /// Their introduction.
    pub introduction: String,
    /// Languages they speak.
    pub languages: Vec<Language>,
    /// Their district.
    pub district: Option<String>,
    /// Their e-mail.
    pub email: String,
    /// Their phone.
    pub phone: Option<String>,
    /// Whether they have a photo (`/my/buddy/{request}/photo`).
    pub has_photo: bool,
}

/// A request of the household, with its ambassador when accepted.
#[derive(Debug, Clone)]
pub struct HouseholdMatch {
    /// The request.
    pub request: Match,
    /// The ambassador, once they accepted (and until it ends).
    pub ambassador: Option<AmbassadorCard>,
}

/// The household's requests for a buddy (expats: their household's; staff: one case's).
#[derive(Debug, Clone, Copy)]
pub struct HouseholdQuery {
    /// Only this case (staff must name one; an expat's default is every case of theirs).
    pub case: Option<CaseId>,
}

impl HouseholdQuery {
    /// Runs it.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<HouseholdMatch>, CommandError> {
        let cases = match actor.role {
            Role::Expat => {
                let own = portal::cases_of(&state.db, actor.id).await?;
                match self.case {
                    Some(c) if own.contains(&c) => vec![c],
                    Some(_) => return Err(CommandError::NotFound),
                    None => own,
                }
            }
            Role::Admin | Role::Consultant => {
                vec![self.case.ok_or(CommandError::NotFound)?]
            }
            Role::Buddy | Role::Employer => return Err(CommandError::Forbidden),
        };
        let found = buddies::matches(
            &state.db,
            &MatchFilter {
                cases: Some(cases),
                ..MatchFilter::default()
            },
        )
        .await?;
        let mut out = Vec::new();
        for m in found {
            let ambassador = card_of(state, &m).await?;
            out.push(HouseholdMatch {
                request: m,
                ambassador,
            });
        }
        out.reverse();
        Ok(out)
    }
}

/// The ambassador of `m` while they look after the newcomer (accepted or active): the only
/// time the household is shown who they are (their card, their photo).
pub(super) fn current_buddy(m: &Match) -> Option<AmbassadorId> {
    m.ambassador.filter(|_| m.state.shares_with_ambassador())
}

/// The card of `m`'s ambassador while they look after the newcomer (accepted or active).
pub async fn card_of(state: &AppState, m: &Match) -> Result<Option<AmbassadorCard>, CommandError> {
    let Some(id) = current_buddy(m) else {
        return Ok(None);
    };
    let a = buddies::ambassador(&state.db, id).await?;
    Ok(Some(AmbassadorCard {
        name: a.name,
        introduction: a.profile.introduction,
        languages: a.profile.languages.into_iter().map(|(l, _)| l).collect(),
        district: a.profile.district,
        email: a.email,
        phone: a.profile.phone,
        has_photo: a.photo.is_some(),
    }))
}

/// Calls for the centre's help: a consultant's own cases, an admin's all.
#[derive(Debug, Clone, Copy, Default)]
pub struct HelpCallsQuery;

impl HelpCallsQuery {
    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Vec<HelpCall>, CommandError> {
        actor.must_be_staff()?;
        let only = (actor.role != Role::Admin).then_some(actor.id);
        Ok(buddies::help_calls(&state.db, only).await?)
    }
}
