//! Changing events: create (a draft), update against its version (raising the capacity moves
//! the waiting list up), publish, cancel (everyone registered or waiting is told by mail).

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionTrait,
};
use softland_domain::site::event::{
    EventDraft, EventStatus, RegistrationStatus, waiting_list_moves,
};

use super::registrations::{Compose, Recipient, lock_event, promote};
use crate::db::entities::{event_organisers, event_registrations, events};
use crate::db::outbox::{MailKind, NewMail, Notice, enqueue_mail};
use crate::db::vocabulary::{event_kind, event_status, registration_status};
use crate::db::{Db, DbError};
use crate::ids::{EventId, OrganisationId, UserId};

/// An event as saved: what staff described, its description rendered, its co-organisers.
#[derive(Debug, Clone, Copy)]
pub struct EventRecord<'a> {
    /// The fields.
    pub draft: &'a EventDraft,
    /// The description as safe HTML (the command renders the Markdown).
    pub description_html: &'a str,
    /// The co-organisers, in order.
    pub organisers: &'a [OrganisationId],
}

pub(crate) fn changed_meanwhile() -> DbError {
    DbError::Conflict(crate::db::cases::ChangedMeanwhile {
        by: None,
        at: Utc::now(),
    })
}

fn columns(model: &mut events::ActiveModel, record: &EventRecord<'_>) {
    let d = record.draft;
    model.title = Set(d.title.clone());
    model.kind = Set(event_kind(d.kind).to_owned());
    model.summary = Set(d.summary.clone());
    model.description = Set(d.description.clone());
    model.description_html = Set(record.description_html.to_owned());
    model.starts_at = Set(d.starts_at.fixed_offset());
    model.ends_at = Set(d.ends_at.fixed_offset());
    model.place = Set(d.place.clone());
    model.online_url = Set(d.online_url.as_ref().map(|w| w.as_str().to_owned()));
    model.language = Set(d.language.as_str().to_owned());
    model.capacity = Set(d.capacity.map(|c| i64::from(c.get())));
    model.registration_closes_at = Set(d.closes_at.map(|c| c.fixed_offset()));
    model.topics = Set(d.topics.to_text());
}

async fn set_organisers(
    conn: &impl ConnectionTrait,
    event: i64,
    organisers: &[OrganisationId],
) -> Result<(), DbError> {
    event_organisers::Entity::delete_many()
        .filter(event_organisers::Column::EventId.eq(event))
        .exec(conn)
        .await?;
    let mut seen = Vec::new();
    for (position, org) in organisers.iter().enumerate() {
        if seen.contains(org) {
            continue;
        }
        seen.push(*org);
        event_organisers::ActiveModel {
            event_id: Set(event),
            organisation_id: Set(org.0),
            position: Set(i64::try_from(position).unwrap_or(i64::MAX)),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// Saves a new event as a draft; returns its id.
pub async fn create(db: &Db, record: EventRecord<'_>, actor: UserId) -> Result<EventId, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let mut model = events::ActiveModel {
        status: Set(event_status(EventStatus::Draft).to_owned()),
        created_at: Set(now),
        created_by: Set(Some(actor.0)),
        updated_at: Set(now),
        updated_by: Set(Some(actor.0)),
        version: Set(1),
        ..Default::default()
    };
    columns(&mut model, &record);
    let saved = model.insert(&txn).await?;
    set_organisers(&txn, saved.id, record.organisers).await?;
    txn.commit().await?;
    Ok(EventId(saved.id))
}

/// Changes event `id` if it is still at `version`; people waiting move up when the capacity
/// now has room for them (each told by `promoted`) — while the event is published and, with
/// its saved start, has not started. Returns the new version.
pub async fn update(
    db: &Db,
    id: EventId,
    version: i64,
    record: EventRecord<'_>,
    actor: UserId,
    promoted: Compose<'_>,
) -> Result<i64, DbError> {
    let now = Utc::now();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let locked = lock_event(db, &txn, id).await?;
    let mut model = events::ActiveModel {
        updated_at: Set(now.fixed_offset()),
        updated_by: Set(Some(actor.0)),
        version: Set(version + 1),
        ..Default::default()
    };
    columns(&mut model, &record);
    let updated = events::Entity::update_many()
        .set(model)
        .filter(events::Column::Id.eq(id.0))
        .filter(events::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(changed_meanwhile());
    }
    set_organisers(&txn, id.0, record.organisers).await?;
    let capacity = record
        .draft
        .capacity
        .map(softland_domain::site::event::Capacity::get);
    let status = super::event_of(locked)?.status;
    if waiting_list_moves(status, record.draft.starts_at, now) {
        promote(&txn, id, capacity, now, promoted).await?;
    }
    txn.commit().await?;
    Ok(version + 1)
}

/// Sets event `id`'s status to `status` (publish or cancel) if it is at `version` (any when
/// `None`); returns the new version. Cancelling tells everyone registered or waiting through
/// `told`.
pub async fn set_status(
    db: &Db,
    id: EventId,
    version: Option<i64>,
    status: EventStatus,
    actor: UserId,
    told: Compose<'_>,
) -> Result<i64, DbError> {
    let now = Utc::now();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = lock_event(db, &txn, id).await?;
    let expected = version.unwrap_or(row.version);
    if expected != row.version {
        return Err(changed_meanwhile());
    }
    let changed = events::Entity::update_many()
        .col_expr(events::Column::Status, Expr::value(event_status(status)))
        .col_expr(events::Column::Version, Expr::value(expected + 1))
        .col_expr(events::Column::UpdatedAt, Expr::value(now.fixed_offset()))
        .col_expr(events::Column::UpdatedBy, Expr::value(actor.0))
        .filter(events::Column::Id.eq(id.0))
        .filter(events::Column::Version.eq(expected))
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(changed_meanwhile());
    }
    if status == EventStatus::Cancelled && row.status != event_status(EventStatus::Cancelled) {
        tell_everyone(&txn, id, told).await?;
    }
    txn.commit().await?;
    Ok(expected + 1)
}

async fn tell_everyone(
    txn: &sea_orm::DatabaseTransaction,
    id: EventId,
    told: Compose<'_>,
) -> Result<(), DbError> {
    let people = crate::db::all(
        event_registrations::Entity::find()
            .filter(event_registrations::Column::EventId.eq(id.0))
            .filter(event_registrations::Column::Status.is_in([
                registration_status(RegistrationStatus::Registered),
                registration_status(RegistrationStatus::Waiting),
            ])),
        txn,
    )
    .await?;
    for person in people {
        let mail = told(&Recipient { position: None });
        let key = format!("event-cancelled:{}:{}", id.0, person.id);
        enqueue_mail(
            txn,
            NewMail {
                to: &person.email,
                subject: &mail.subject,
                body: &mail.body,
                link: None,
                notice: Some(Notice {
                    kind: MailKind::Event,
                    case: None,
                    recipient: person.user_id.map(UserId),
                    key: Some(&key),
                }),
            },
        )
        .await?;
    }
    Ok(())
}
