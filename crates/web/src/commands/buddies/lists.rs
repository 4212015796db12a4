//! The programme's lists and single requests as the API reads them: ambassadors and requests
//! a page at a time (coordinators), and one request as its reader may see it (staff all of
//! it, the newcomer's household its own without the programme's internals).

use softland_domain::buddy::MatchState;

use super::super::{Actor, CommandError};
use super::{AmbassadorCard, card_of};
use crate::app::AppState;
use crate::auth::Role;
use crate::db::buddies::{self, Ambassador, AmbassadorStatus, Match, MatchFilter, Stage};
use crate::db::portal;
use crate::ids::{AmbassadorId, MatchId};

/// The most rows of one page.
pub const MAX_PAGE: usize = 200;

/// The names of a request's states in URLs and JSON, in the order of its life.
pub const REQUEST_STATES: [&str; 5] = [
    Stage::Requested.name(),
    Stage::Proposed.name(),
    Stage::Accepted.name(),
    Stage::Active.name(),
    Stage::Ended.name(),
];

/// The state named `raw` ([`REQUEST_STATES`]).
pub fn parse_request_state(raw: &str) -> Option<Stage> {
    Stage::parse(raw)
}

/// One page of a list ordered by id.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// The id the next page starts after, when there is one.
    pub next_after: Option<i64>,
}

/// The rows of `all` after id `after`, at most `limit` (1–[`MAX_PAGE`]), by id.
fn page<T>(mut all: Vec<T>, id: impl Fn(&T) -> i64, after: Option<i64>, limit: usize) -> Page<T> {
    all.sort_by_key(&id);
    let mut items: Vec<T> = all
        .into_iter()
        .filter(|row| after.is_none_or(|a| id(row) > a))
        .take(limit.clamp(1, MAX_PAGE) + 1)
        .collect();
    let next_after = if items.len() > limit.clamp(1, MAX_PAGE) {
        items.pop();
        items.last().map(&id)
    } else {
        None
    };
    Page { items, next_after }
}

/// The ambassadors, a page at a time (coordinators).
#[derive(Debug, Clone, Copy)]
pub struct AmbassadorsQuery {
    /// Only those with this status.
    pub status: Option<AmbassadorStatus>,
    /// Only those with a greater id (the previous page's `next_after`).
    pub after: Option<i64>,
    /// How many, 1–[`MAX_PAGE`].
    pub limit: usize,
}

impl AmbassadorsQuery {
    /// Runs it (coordinators only).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Page<Ambassador>, CommandError> {
        actor.must_coordinate(state).await?;
        let all: Vec<Ambassador> = buddies::ambassadors(&state.db)
            .await?
            .into_iter()
            .filter(|a| self.status.is_none_or(|s| a.status == s))
            .collect();
        Ok(page(all, |a| a.id.0, self.after, self.limit))
    }
}

/// The requests and the matches they became, a page at a time (coordinators).
#[derive(Debug, Clone, Copy)]
pub struct RequestsQuery {
    /// Only those in this state.
    pub state: Option<Stage>,
    /// Only those of this ambassador (proposed, matched or ended with them).
    pub ambassador: Option<AmbassadorId>,
    /// Only those with a greater id (the previous page's `next_after`).
    pub after: Option<i64>,
    /// How many, 1–[`MAX_PAGE`].
    pub limit: usize,
}

impl RequestsQuery {
    /// Runs it (coordinators only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Page<Match>, CommandError> {
        actor.must_coordinate(state).await?;
        let filter = MatchFilter {
            states: self.state.into_iter().collect(),
            ambassador: self.ambassador,
            ..MatchFilter::default()
        };
        let all = buddies::matches(&state.db, &filter).await?;
        Ok(page(all, |m| m.id.0, self.after, self.limit))
    }
}

/// A request as its reader may see it.
#[derive(Debug, Clone)]
pub struct RequestView {
    /// The request.
    pub request: Match,
    /// Whether the reader is staff and sees everything (the ambassador proposed, a decline's
    /// reason, the note at the end); the household sees none of that.
    pub full: bool,
    /// The buddy's card while they look after the newcomer (accepted or active).
    pub buddy: Option<AmbassadorCard>,
}

/// One request: staff see any, an expat their household's (anything else is not found).
#[derive(Debug, Clone, Copy)]
pub struct ShowRequest {
    /// The request.
    pub id: MatchId,
}

impl ShowRequest {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<RequestView, CommandError> {
        let request = buddies::get_match(&state.db, self.id).await?;
        let full = match actor.role {
            Role::Admin | Role::Consultant => true,
            Role::Expat if portal::may_see(&state.db, actor.id, request.case).await? => false,
            Role::Expat | Role::Buddy | Role::Employer => return Err(CommandError::NotFound),
        };
        let buddy = card_of(state, &request).await?;
        Ok(RequestView {
            request,
            full,
            buddy,
        })
    }
}

/// Whether the household may give feedback on `m`: it ended after an ambassador had
/// accepted (the store refuses feedback on anything else).
pub fn may_rate(m: &Match) -> bool {
    matches!(m.state, MatchState::Ended(_)) && m.accepted_at.is_some() && m.ambassador.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_continues_after_the_last_id_it_gave() {
        let first = page(vec![5, 1, 3, 2, 4], |n| *n, None, 2);
        assert_eq!(
            (first.items.clone(), first.next_after),
            (vec![1, 2], Some(2))
        );
        let second = page(vec![5, 1, 3, 2, 4], |n| *n, first.next_after, 2);
        assert_eq!((second.items, second.next_after), (vec![3, 4], Some(4)));
        let last = page(vec![5, 1, 3, 2, 4], |n| *n, Some(4), 2);
        assert_eq!((last.items, last.next_after), (vec![5], None));
        let exact = page(vec![1, 2], |n| *n, None, 2);
        assert_eq!(exact.next_after, None);
    }
}
