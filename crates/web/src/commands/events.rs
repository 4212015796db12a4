//! Events of the centre's programme (issue 22): staff create, change, publish and cancel
//! events with co-organisers from the partner network; anyone reads the published ones;
//! people register (`registration`); the portal suggests events for a household (`portal`).

pub mod portal;
pub mod registration;

use softland_domain::site::event::{EventDraft, EventStatus, EventText};

use crate::app::AppState;
use crate::commands::{Actor, CommandError, FieldErrors};
use crate::db::events::read::{self, Listing};
use crate::db::events::registrations::Recipient;
use crate::db::events::write::{self, EventRecord};
use crate::db::events::{Event, Registration};
use crate::db::partners::{self, Filter};
use crate::ids::{EventId, OrganisationId};

/// The most events a list shows.
pub const LIST_LIMIT: u64 = 200;

/// How long an instance serves the public list of upcoming events it read: a crowd reading
/// `/events` or the portal's "Events for you" costs one read every few seconds. A change made
/// on this instance is shown at once (it forgets the list); one made on another instance
/// within this time. The event's own page, registering and staff's lists always read afresh.
const UPCOMING_KEPT: std::time::Duration = std::time::Duration::from_secs(3);

/// The published upcoming events read in the last [`UPCOMING_KEPT`].
#[derive(Debug, Default)]
pub struct UpcomingCache {
    kept: std::sync::Mutex<Option<(std::time::Instant, std::sync::Arc<Vec<Event>>)>>,
}

impl UpcomingCache {
    /// Drops the kept list: the next reader reads it again (after any change of an event or
    /// a registration).
    pub fn forget(&self) {
        if let Ok(mut kept) = self.kept.lock() {
            *kept = None;
        }
    }
}

/// The next `limit` published events not ended by now (cancelled ones left out): the home
/// page, the sitemap and the feed, from the same list as [`upcoming_published`].
pub async fn next_published(state: &AppState, limit: usize) -> Result<Vec<Event>, CommandError> {
    Ok(upcoming_published(state)
        .await?
        .iter()
        .filter(|e| e.status == EventStatus::Published)
        .take(limit)
        .cloned()
        .collect())
}

/// The published (and cancelled) events not ended by now, soonest first: the public list and
/// "Events for you" read it through here.
pub(crate) async fn upcoming_published(
    state: &AppState,
) -> Result<std::sync::Arc<Vec<Event>>, CommandError> {
    let now = state.config.clock.now();
    let kept = state.upcoming.kept.lock().ok().and_then(|kept| {
        kept.as_ref()
            .filter(|(at, _)| at.elapsed() < UPCOMING_KEPT)
            .map(|(_, list)| std::sync::Arc::clone(list))
    });
    let list = if let Some(list) = kept {
        list
    } else {
        let read = std::sync::Arc::new(
            read::list(&state.db, Listing::Upcoming(now), true, LIST_LIMIT).await?,
        );
        if let Ok(mut kept) = state.upcoming.kept.lock() {
            *kept = Some((std::time::Instant::now(), std::sync::Arc::clone(&read)));
        }
        read
    };
    if list.iter().all(|e| e.ends_at > now) {
        return Ok(list);
    }
    Ok(std::sync::Arc::new(
        list.iter().filter(|e| e.ends_at > now).cloned().collect(),
    ))
}

/// An event as typed in the form or the API: its fields and the co-organisers' ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventInput {
    /// The fields.
    pub text: EventText,
    /// The co-organisers' ids as sent.
    pub organisers: Vec<String>,
}

impl EventInput {
    /// The stored event as a form shows it, in the centre's time zone.
    pub fn of(event: &Event, zone: chrono_tz::Tz) -> Self {
        let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&zone);
        let (s, e) = (local(event.starts_at), local(event.ends_at));
        let text = EventText {
            title: event.title.clone(),
            kind: event.kind.as_str().to_owned(),
            summary: event.summary.clone(),
            description: event.description.clone(),
            starts_on: s.format("%Y-%m-%d").to_string(),
            starts_time: s.format("%H:%M").to_string(),
            ends_on: if e.date_naive() == s.date_naive() {
                String::new()
            } else {
                e.format("%Y-%m-%d").to_string()
            },
            ends_time: e.format("%H:%M").to_string(),
            place: event.place.clone().unwrap_or_default(),
            online_url: event.online_url.clone().unwrap_or_default(),
            language: event.language.clone(),
            capacity: event.capacity.map(|c| c.to_string()).unwrap_or_default(),
            closes_on: event
                .closes_at
                .map(|c| local(c).format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            closes_time: event
                .closes_at
                .map(|c| local(c).format("%H:%M").to_string())
                .unwrap_or_default(),
            topics: event.topics.to_text(),
        };
        Self {
            text,
            organisers: event.organisers.iter().map(|o| o.id.to_string()).collect(),
        }
    }
}

/// The organisations staff may name as co-organisers: the active ones of the partner
/// network, by name.
pub async fn organiser_choices(
    state: &AppState,
) -> Result<Vec<(OrganisationId, String)>, CommandError> {
    let found = partners::organisations(&state.db, &Filter::default()).await?;
    Ok(found.into_iter().map(|o| (o.id, o.details.name)).collect())
}

/// `input` parsed: the event and its co-organisers (each an active organisation), or every
/// mistake beside its field.
async fn parse(
    state: &AppState,
    input: &EventInput,
) -> Result<(EventDraft, Vec<OrganisationId>), CommandError> {
    let mut errors = FieldErrors::new();
    let draft = match input.text.parse(&state.config.time_zone) {
        Ok(draft) => Some(draft),
        Err(invalid) => {
            for (field, message) in invalid.problems {
                errors.add(field.name(), message);
            }
            None
        }
    };
    let mut ids = Vec::new();
    for raw in input
        .organisers
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
    {
        match raw.parse::<i64>() {
            Ok(id) if !ids.contains(&OrganisationId(id)) => ids.push(OrganisationId(id)),
            Ok(_) => {}
            Err(_) => errors.add("organisers", "choose the co-organisers from the list"),
        }
    }
    if ids.len() > 10 {
        errors.add("organisers", "name at most 10 co-organisers");
    }
    let found = partners::organisations_by_id(&state.db, &ids).await?;
    if ids
        .iter()
        .any(|id| !found.iter().any(|o| o.id == *id && o.details.active))
    {
        errors.add(
            "organisers",
            "a co-organiser must be an active organisation of the partner network",
        );
    }
    match draft {
        Some(draft) if errors.is_empty() => Ok((draft, ids)),
        _ => Err(CommandError::InvalidFields(errors)),
    }
}

/// Adds an event, as a draft.
pub struct CreateEvent<'a> {
    /// What was typed.
    pub input: &'a EventInput,
}

impl CreateEvent<'_> {
    /// Staff only.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<EventId, CommandError> {
        actor.must_be_staff()?;
        let (draft, organisers) = parse(state, self.input).await?;
        let html = crate::views::markdown::to_html(&draft.description);
        let record = EventRecord {
            draft: &draft,
            description_html: &html,
            organisers: &organisers,
        };
        let id = write::create(&state.db, record, actor.id).await?;
        state.upcoming.forget();
        Ok(id)
    }
}

/// Changes an event against the version it was read at.
pub struct UpdateEvent<'a> {
    /// The event.
    pub id: EventId,
    /// The version the change was made against.
    pub version: i64,
    /// What was typed.
    pub input: &'a EventInput,
}

impl UpdateEvent<'_> {
    /// Staff only; returns the new version.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<i64, CommandError> {
        actor.must_be_staff()?;
        let before = read::event(&state.db, self.id).await?;
        let (draft, organisers) = parse(state, self.input).await?;
        let html = crate::views::markdown::to_html(&draft.description);
        let record = EventRecord {
            draft: &draft,
            description_html: &html,
            organisers: &organisers,
        };
        // The "you have a place" mail tells the saved details, not those before the change.
        let promoted = registration::promoted_mail(state, &saved(before, &draft));
        let version = write::update(
            &state.db,
            self.id,
            self.version,
            record,
            actor.id,
            &promoted,
        )
        .await?;
        state.upcoming.forget();
        Ok(version)
    }
}

/// `before` with the details of `draft`, as the update saves them.
fn saved(before: Event, draft: &EventDraft) -> Event {
    Event {
        title: draft.title.clone(),
        starts_at: draft.starts_at,
        ends_at: draft.ends_at,
        place: draft.place.clone(),
        online_url: draft.online_url.as_ref().map(|u| u.as_str().to_owned()),
        capacity: draft
            .capacity
            .map(softland_domain::site::event::Capacity::get),
        ..before
    }
}

/// Publishes an event, or cancels it (everyone registered or waiting is told by mail).
pub struct ChangeEventStatus {
    /// The event.
    pub id: EventId,
    /// The version seen (`None`: whatever it is now).
    pub version: Option<i64>,
    /// `Published` or `Cancelled`.
    pub status: EventStatus,
}

impl ChangeEventStatus {
    /// Staff only; returns the new version.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<i64, CommandError> {
        actor.must_be_staff()?;
        let event = read::event(&state.db, self.id).await?;
        if self.status == EventStatus::Draft
            || (event.status == EventStatus::Cancelled && self.status == EventStatus::Published)
        {
            let mut errors = FieldErrors::new();
            errors.add(
                "status",
                "a cancelled event cannot be published again; add a new one",
            );
            return Err(CommandError::InvalidFields(errors));
        }
        let when = crate::views::public::event_time(
            event.starts_at,
            event.ends_at,
            state.config.time_zone,
        );
        let told = move |_: &Recipient| crate::views::mail::events::cancelled(&event.title, &when);
        let version = write::set_status(
            &state.db,
            self.id,
            self.version,
            self.status,
            actor.id,
            &told,
        )
        .await?;
        state.upcoming.forget();
        Ok(version)
    }
}

/// An event with its registrations, for staff.
pub struct ShowEvent {
    /// The event.
    pub id: EventId,
}

impl ShowEvent {
    /// Staff only.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<(Event, Vec<Registration>), CommandError> {
        actor.must_be_staff()?;
        let event = read::event(&state.db, self.id).await?;
        let registrations = read::registrations(&state.db, self.id).await?;
        Ok((event, registrations))
    }
}

/// Staff's lists of events: upcoming (drafts too) and past.
pub struct ListEvents;

impl ListEvents {
    /// Staff only: (upcoming, past).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<(Vec<Event>, Vec<Event>), CommandError> {
        actor.must_be_staff()?;
        let now = state.config.clock.now();
        let upcoming = read::list(&state.db, Listing::Upcoming(now), false, LIST_LIMIT).await?;
        let past = read::list(&state.db, Listing::Past(now), false, LIST_LIMIT).await?;
        Ok((upcoming, past))
    }
}

/// The public's list: upcoming (or past) events that are published or cancelled; never drafts.
pub struct PublicEvents {
    /// The past ones instead of the upcoming.
    pub past: bool,
}

impl PublicEvents {
    /// Anyone.
    pub async fn run(self, state: &AppState) -> Result<Vec<Event>, CommandError> {
        if !self.past {
            return Ok(upcoming_published(state).await?.as_ref().clone());
        }
        let now = state.config.clock.now();
        Ok(read::list(&state.db, Listing::Past(now), true, LIST_LIMIT).await?)
    }
}

/// One event as the public sees it: a draft is not found, except for staff.
pub struct PublicEvent<'a> {
    /// The event.
    pub id: EventId,
    /// Who is signed in, if anyone.
    pub actor: Option<&'a Actor>,
}

impl PublicEvent<'_> {
    /// Anyone.
    pub async fn run(self, state: &AppState) -> Result<Event, CommandError> {
        let event = read::event(&state.db, self.id).await?;
        let staff = self.actor.is_some_and(|a| a.role.is_staff());
        if event.status == EventStatus::Draft && !staff {
            return Err(CommandError::NotFound);
        }
        Ok(event)
    }
}
