//! The expat portal's events (issue 22): "Events for you" — upcoming events in a language
//! the household speaks and on its interests —, the household's interests, and the expat's own
//! registrations.

use softland_domain::partner::Labels;
use softland_domain::site::event::{EventStatus, suits};

use crate::app::AppState;
use crate::auth::Role;
use crate::commands::{Actor, CommandError, FieldErrors};
use crate::db::events::interests::{self, Household};
use crate::db::events::read;
use crate::db::events::{Event, Registration};
use crate::db::portal::cases_of;

/// What `/my/events` shows.
#[derive(Debug, Clone)]
pub struct PortalEvents {
    /// The household's languages and interests.
    pub household: Household,
    /// Upcoming published events that suit it, soonest first.
    pub for_you: Vec<Event>,
    /// The expat's registrations (registered or waiting) of events not ended.
    pub registrations: Vec<(Registration, Event)>,
}

fn must_be_expat(actor: &Actor) -> Result<(), CommandError> {
    if actor.role == Role::Expat {
        Ok(())
    } else {
        Err(CommandError::Forbidden)
    }
}

async fn household_of(state: &AppState, actor: &Actor) -> Result<Household, CommandError> {
    let case = cases_of(&state.db, actor.id).await?.into_iter().next();
    Ok(interests::household(&state.db, case).await?)
}

/// "Events for you" and the expat's registrations (those made while signed in).
pub struct ShowPortalEvents;

impl ShowPortalEvents {
    /// Expats only.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<PortalEvents, CommandError> {
        must_be_expat(actor)?;
        let household = household_of(state, actor).await?;
        let now = state.config.clock.now();
        let upcoming = super::upcoming_published(state).await?;
        let for_you = upcoming
            .iter()
            .filter(|e| e.status == EventStatus::Published && e.starts_at > now)
            .filter(|e| {
                softland_domain::partner::Language::parse(&e.language).is_ok_and(|language| {
                    suits(
                        &language,
                        &e.topics,
                        &household.languages,
                        &household.interests,
                    )
                })
            })
            .cloned()
            .collect();
        let registrations = read::of_person(&state.db, actor.id, now).await?;
        Ok(PortalEvents {
            household,
            for_you,
            registrations,
        })
    }
}

/// Saves the household's interests.
pub struct SaveInterests<'a> {
    /// As typed, separated by commas.
    pub interests: &'a str,
}

impl SaveInterests<'_> {
    /// Expats with a case.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Labels, CommandError> {
        must_be_expat(actor)?;
        let labels = Labels::parse(self.interests).map_err(|e| {
            let mut errors = FieldErrors::new();
            errors.add("interests", e.to_string());
            CommandError::InvalidFields(errors)
        })?;
        let household = household_of(state, actor).await?;
        let case = household.case.ok_or(CommandError::NotFound)?;
        interests::set_interests(&state.db, case, &labels).await?;
        Ok(labels)
    }
}
