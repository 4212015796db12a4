//! Calendar feeds (issue 19): one's own feed address (make, regenerate, revoke), and the feed
//! a calendar app fetches with it — a consultant's open items of their open cases, an
//! expat's of their household's case(s) (`db::portal` says which).

use super::{Actor, CommandError};
use crate::app::AppState;
use crate::auth::Role;
use crate::db::calendar_items::{self, DueItem, HouseholdItem};
use crate::db::feed_tokens::{self, FeedToken, NewFeedToken};
use crate::db::portal;
use crate::db::users::User;

/// Makes a new feed address for the actor's own account; the one they had stops working.
#[derive(Debug, Clone, Copy)]
pub struct CreateFeed;

impl CreateFeed {
    /// Runs it (staff and expats alike: each sees their own items).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<NewFeedToken, CommandError> {
        let token = feed_tokens::create(&state.db, actor.id).await?;
        tracing::info!(
            user = actor.id.0,
            token = token.id.0,
            "calendar feed address made"
        );
        Ok(token)
    }
}

/// Revokes the actor's feed address: calendar apps get "not found" from then on.
#[derive(Debug, Clone, Copy)]
pub struct RevokeFeed;

impl RevokeFeed {
    /// Runs it; `false` when there was no address to revoke.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<bool, CommandError> {
        let revoked = feed_tokens::revoke(&state.db, actor.id).await?;
        if revoked {
            tracing::info!(user = actor.id.0, "calendar feed address revoked");
        }
        Ok(revoked)
    }
}

/// The actor's working feed address, if any (never its secret).
#[derive(Debug, Clone, Copy)]
pub struct OwnFeed;

impl OwnFeed {
    /// Runs it.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Option<FeedToken>, CommandError> {
        Ok(feed_tokens::current(&state.db, actor.id).await?)
    }
}

/// What a feed holds.
#[derive(Debug, Clone)]
pub enum FeedItems {
    /// A staff member's: the open items of the open cases in their charge.
    Staff(Vec<DueItem>),
    /// An expat's: their household's open items.
    Household(Vec<HouseholdItem>),
}

/// A feed as fetched.
#[derive(Debug, Clone)]
pub struct Feed {
    /// Whose feed.
    pub owner: User,
    /// Its items, soonest first.
    pub items: std::sync::Arc<FeedItems>,
}

/// How long a feed's items are reused: calendar apps poll each feed on their own schedule
/// (hourly at most), so a minute-old feed is as good as a fresh one, and a busy consultant's
/// hundreds of items are read once a minute instead of on every poll.
const FEED_KEPT: std::time::Duration = std::time::Duration::from_mins(1);
/// The most feeds kept at once (the oldest go first).
const FEEDS_KEPT: usize = 1000;

/// Feeds' items read in the last [`FEED_KEPT`], by owner. The address is checked on every
/// fetch, so a revoked one stops at once; only the items may be a minute old.
#[derive(Debug, Default)]
pub struct FeedCache {
    kept: std::sync::Mutex<
        std::collections::HashMap<
            crate::ids::UserId,
            (std::time::Instant, std::sync::Arc<FeedItems>),
        >,
    >,
}

impl FeedCache {
    fn get(&self, owner: crate::ids::UserId) -> Option<std::sync::Arc<FeedItems>> {
        let kept = self.kept.lock().ok()?;
        kept.get(&owner)
            .filter(|(at, _)| at.elapsed() < FEED_KEPT)
            .map(|(_, items)| std::sync::Arc::clone(items))
    }

    fn keep(&self, owner: crate::ids::UserId, items: &std::sync::Arc<FeedItems>) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.retain(|_, (at, _)| at.elapsed() < FEED_KEPT);
            if kept.len() >= FEEDS_KEPT
                && let Some(oldest) = kept.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| *k)
            {
                kept.remove(&oldest);
            }
            kept.insert(
                owner,
                (std::time::Instant::now(), std::sync::Arc::clone(items)),
            );
        }
    }
}

/// The feed of the address with `secret`: an unknown or revoked secret, and a deactivated
/// account's, are not found (the same answer for each).
#[derive(Clone)]
pub struct ReadFeed {
    /// The secret from the address.
    pub secret: String,
}

impl std::fmt::Debug for ReadFeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadFeed").finish_non_exhaustive()
    }
}

impl ReadFeed {
    /// Runs it: the secret is the permission.
    pub async fn run(self, state: &AppState) -> Result<Feed, CommandError> {
        let db = &state.db;
        let owner = feed_tokens::verify(db, &self.secret)
            .await?
            .ok_or(CommandError::NotFound)?;
        if let Some(items) = state.feeds.get(owner.id) {
            return Ok(Feed { owner, items });
        }
        if matches!(owner.role, Role::Buddy | Role::Employer) {
            // Ambassadors and employers' users have no deadlines of their own: no feed.
            return Err(CommandError::NotFound);
        }
        let items = std::sync::Arc::new(match owner.role {
            Role::Admin | Role::Consultant => {
                FeedItems::Staff(calendar_items::of_consultant(db, owner.id).await?)
            }
            Role::Expat | Role::Buddy | Role::Employer => {
                let cases = portal::cases_of(db, owner.id).await?;
                FeedItems::Household(calendar_items::of_cases(db, &cases).await?)
            }
        });
        state.feeds.keep(owner.id, &items);
        Ok(Feed { owner, items })
    }
}
