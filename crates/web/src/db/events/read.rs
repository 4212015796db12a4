//! Reading events: the upcoming published ones (the home page, the sitemap, the feed).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use softland_domain::site::event::{EventKind, EventStatus};

use crate::db::entities::events;
use crate::db::vocabulary::{event_kind_from, event_status};
use crate::db::{Db, DbError};
use crate::ids::EventId;

/// An event as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSummary {
    /// Its id.
    pub id: EventId,
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: EventKind,
    /// One or two sentences.
    pub summary: String,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// The place, if it has one.
    pub place: Option<String>,
    /// Whether it is held online.
    pub online: bool,
    /// Its language.
    pub language: String,
    /// When it was last changed (the feed's `updated`).
    pub updated_at: DateTime<Utc>,
}

fn summary(row: events::Model) -> Option<EventSummary> {
    Some(EventSummary {
        id: EventId(row.id),
        title: row.title,
        kind: event_kind_from(&row.kind)?,
        summary: row.summary,
        starts_at: row.starts_at.to_utc(),
        ends_at: row.ends_at.to_utc(),
        place: row.place,
        online: row.online_url.is_some(),
        language: row.language,
        updated_at: row.updated_at.to_utc(),
    })
}

/// The published events that have not ended by `now`, soonest first, at most `limit`.
pub async fn upcoming(
    db: &Db,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<EventSummary>, DbError> {
    let query = events::Entity::find()
        .filter(events::Column::Status.eq(event_status(EventStatus::Published)))
        .filter(events::Column::EndsAt.gt(now.fixed_offset()))
        .order_by_asc(events::Column::StartsAt)
        .order_by_asc(events::Column::Id);
    Ok(crate::db::first_n(query, limit, db.conn())
        .await?
        .into_iter()
        .filter_map(summary)
        .collect())
}
