//! Reading events: the lists of the public and of staff, one event with its registrations, a cancel link's
//! registration and a person's own registrations.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use softland_domain::site::event::{Attendance, EventStatus, RegistrationStatus};

use super::{Counts, Event, Organiser, Registration, event_of, registration_of, with_positions};
use crate::db::entities::{event_organisers, event_registrations, events, organisations};
use crate::db::vocabulary::{
    attendance_from, event_status, registration_status, registration_status_from,
};
use crate::db::{Db, DbError};
use crate::ids::{EventId, OrganisationId, RegistrationId, UserId};

/// Which events a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Not ended by this time, soonest first.
    Upcoming(DateTime<Utc>),
    /// Ended by this time, latest first.
    Past(DateTime<Utc>),
}

/// The events of `listing`, at most `limit`; drafts and cancelled ones too unless
/// `published_only` (the public's lists); with their co-organisers and counts.
pub async fn list(
    db: &Db,
    listing: Listing,
    published_only: bool,
    limit: u64,
) -> Result<Vec<Event>, DbError> {
    let mut query = events::Entity::find();
    if published_only {
        query = query.filter(events::Column::Status.ne(event_status(EventStatus::Draft)));
    }
    query = match listing {
        Listing::Upcoming(now) => query
            .filter(events::Column::EndsAt.gt(now.fixed_offset()))
            .order_by_asc(events::Column::StartsAt)
            .order_by_asc(events::Column::Id),
        Listing::Past(now) => query
            .filter(events::Column::EndsAt.lte(now.fixed_offset()))
            .order_by_desc(events::Column::StartsAt)
            .order_by_desc(events::Column::Id),
    };
    let rows = crate::db::first_n(query, limit, db.conn()).await?;
    let events = rows
        .into_iter()
        .map(event_of)
        .collect::<Result<Vec<_>, _>>()?;
    complete(db, events).await
}

/// Event `id` with its co-organisers and counts.
pub async fn event(db: &Db, id: EventId) -> Result<Event, DbError> {
    let row = crate::db::first(events::Entity::find_by_id(id.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    let mut events = complete(db, vec![event_of(row)?]).await?;
    events.pop().ok_or(DbError::NotFound)
}

/// The events of `ids` with their co-organisers and counts (a list's three queries).
async fn complete(db: &Db, mut list: Vec<Event>) -> Result<Vec<Event>, DbError> {
    if list.is_empty() {
        return Ok(list);
    }
    let ids: Vec<i64> = list.iter().map(|e| e.id.0).collect();
    let links = crate::db::all(
        event_organisers::Entity::find()
            .filter(event_organisers::Column::EventId.is_in(ids.clone()))
            .order_by_asc(event_organisers::Column::Position),
        db.conn(),
    )
    .await?;
    let org_ids: Vec<i64> = links.iter().map(|l| l.organisation_id).collect();
    let orgs: HashMap<i64, organisations::Model> = if org_ids.is_empty() {
        HashMap::new()
    } else {
        crate::db::all(
            organisations::Entity::find().filter(organisations::Column::Id.is_in(org_ids)),
            db.conn(),
        )
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect()
    };
    let counts = counts_of(db, &ids).await?;
    for event in &mut list {
        event.organisers = links
            .iter()
            .filter(|l| l.event_id == event.id.0)
            .filter_map(|l| orgs.get(&l.organisation_id))
            .map(|o| Organiser {
                id: OrganisationId(o.id),
                name: o.name.clone(),
                public: o.public && o.active,
            })
            .collect();
        event.counts = counts.get(&event.id.0).copied().unwrap_or_default();
    }
    Ok(list)
}

/// The counts of the events `ids`: one grouped query (a list of events never reads the rows
/// of its registrations).
async fn counts_of(db: &Db, ids: &[i64]) -> Result<HashMap<i64, Counts>, DbError> {
    struct Group {
        event_id: i64,
        status: String,
        attendance: String,
        n: i64,
    }
    crate::db::rows::read_row!(Group {
        event_id,
        status,
        attendance,
        n
    });
    let query = event_registrations::Entity::find()
        .select_only()
        .column(event_registrations::Column::EventId)
        .column(event_registrations::Column::Status)
        .column(event_registrations::Column::Attendance)
        .column_as(event_registrations::Column::Id.count(), "n")
        .filter(event_registrations::Column::EventId.is_in(ids.to_vec()))
        .group_by(event_registrations::Column::EventId)
        .group_by(event_registrations::Column::Status)
        .group_by(event_registrations::Column::Attendance);
    let groups: Vec<Group> = crate::db::select_as(&query, db.conn()).await?;
    let mut counts: HashMap<i64, Counts> = HashMap::new();
    for g in groups {
        let (Some(status), Some(attendance)) = (
            registration_status_from(&g.status),
            attendance_from(&g.attendance),
        ) else {
            return Err(DbError::Other(sea_orm::DbErr::Custom(format!(
                "unknown registration status {} / attendance {}",
                g.status, g.attendance
            ))));
        };
        let n = u64::try_from(g.n).unwrap_or(0);
        let c = counts.entry(g.event_id).or_default();
        match status {
            RegistrationStatus::Registered => {
                c.registered += n;
                match attendance {
                    Attendance::Attended => c.attended += n,
                    Attendance::NoShow => c.no_show += n,
                    Attendance::Unknown => {}
                }
            }
            RegistrationStatus::Waiting => c.waiting += n,
            RegistrationStatus::Cancelled => {}
        }
    }
    Ok(counts)
}

async fn rows_of(db: &Db, ids: &[i64]) -> Result<Vec<Registration>, DbError> {
    crate::db::all(
        event_registrations::Entity::find()
            .filter(event_registrations::Column::EventId.is_in(ids.to_vec())),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(registration_of)
    .collect()
}

/// The registrations of event `id` (cancelled ones too), first registered first, with the
/// waiting list's positions.
pub async fn registrations(db: &Db, id: EventId) -> Result<Vec<Registration>, DbError> {
    Ok(with_positions(rows_of(db, &[id.0]).await?))
}

/// The registration whose cancel link's token hashes to `hash`, with its event.
pub async fn by_token(db: &Db, hash: &str) -> Result<(Registration, Event), DbError> {
    let row = crate::db::first(
        event_registrations::Entity::find()
            .filter(event_registrations::Column::CancelTokenHash.eq(hash)),
        db.conn(),
    )
    .await?
    .ok_or(DbError::NotFound)?;
    let event = event(db, EventId(row.event_id)).await?;
    let id = RegistrationId(row.id);
    let registration = registrations(db, event.id)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(DbError::NotFound)?;
    Ok((registration, event))
}

/// The registrations (not cancelled) made by account `user` while signed in, with their
/// events, soonest first, of events not ended by `now`. Never matched by e-mail: an account's
/// e-mail can be changed without confirmation, so it proves nothing about registrations made
/// without signing in.
pub async fn of_person(
    db: &Db,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Vec<(Registration, Event)>, DbError> {
    let rows = crate::db::all(
        event_registrations::Entity::find()
            .filter(event_registrations::Column::UserId.eq(user.0))
            .filter(
                event_registrations::Column::Status
                    .ne(registration_status(RegistrationStatus::Cancelled)),
            ),
        db.conn(),
    )
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    // One read of their events (with organisers and counts) and one of those events'
    // registrations (for the waiting list's positions), however many registrations there are.
    let event_ids: Vec<i64> = rows.iter().map(|r| r.event_id).collect();
    let events = crate::db::all(
        events::Entity::find().filter(events::Column::Id.is_in(event_ids.clone())),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(event_of)
    .collect::<Result<Vec<_>, _>>()?;
    let events = complete(db, events).await?;
    let all = rows_of(db, &event_ids).await?;
    let mut found = Vec::new();
    for event in events {
        if event.ends_at <= now || event.status == EventStatus::Draft {
            continue;
        }
        let positioned = with_positions(
            all.iter()
                .filter(|r| r.event == event.id)
                .cloned()
                .collect(),
        );
        for r in positioned {
            if rows.iter().any(|row| row.id == r.id.0) {
                found.push((r, event.clone()));
            }
        }
    }
    found.sort_by_key(|(_, e)| e.starts_at);
    Ok(found)
}
