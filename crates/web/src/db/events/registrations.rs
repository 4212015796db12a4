//! Registrations, each in one transaction that first takes the event's row (PostgreSQL:
//! `SELECT … FOR UPDATE`; SQLite: the single writer), so that people signing up at once are
//! counted one after the other and the capacity is never exceeded. The seat rule itself is the
//! domain's (`softland_domain::site::event`); the store applies it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use softland_domain::person::Email;
use softland_domain::site::event::{
    Attendance, RegistrationClosed, RegistrationStatus, Seat, registration_open, seat_for_new,
    to_promote, waiting_list_moves,
};

use super::{Registration, event_of, registration_of};
use crate::db::entities::{event_registrations, events};
use crate::db::outbox::{MailKind, MailText, NewMail, Notice, enqueue_mail};
use crate::db::vocabulary::{attendance, registration_status};
use crate::db::{Db, DbError};
use crate::ids::{EventId, RegistrationId, UserId};

/// Whom a mail of the store goes to, for the command's words. Never their typed name: the
/// address is not confirmed, so a mail carries nothing a stranger typed.
#[derive(Debug, Clone, Copy)]
pub struct Recipient {
    /// Their place on the waiting list, when they wait.
    pub position: Option<u64>,
}

/// Writes a mail for a recipient (the command's words; the store only queues it).
pub type Compose<'a> = &'a (dyn Fn(&Recipient) -> MailText + Send + Sync);

/// Takes event `id`'s row until the transaction ends and returns it.
pub(crate) async fn lock_event(
    db: &Db,
    txn: &sea_orm::DatabaseTransaction,
    id: EventId,
) -> Result<events::Model, DbError> {
    let query = events::Entity::find_by_id(id.0);
    let row = if db.is_sqlite() {
        crate::db::first(query, txn).await?
    } else {
        // `one()` stays here: FOR UPDATE must follow the LIMIT.
        query.lock_exclusive().one(txn).await?
    };
    row.ok_or(DbError::NotFound)
}

fn status_is(s: RegistrationStatus) -> sea_orm::Condition {
    sea_orm::Condition::all().add(event_registrations::Column::Status.eq(registration_status(s)))
}

async fn count(
    txn: &sea_orm::DatabaseTransaction,
    id: EventId,
    status: RegistrationStatus,
) -> Result<u64, DbError> {
    let query = event_registrations::Entity::find()
        .filter(event_registrations::Column::EventId.eq(id.0))
        .filter(status_is(status));
    Ok(crate::db::count(&query, txn).await?)
}

async fn queue(
    txn: &sea_orm::DatabaseTransaction,
    row: &event_registrations::Model,
    mail: &MailText,
    key: &str,
) -> Result<(), DbError> {
    enqueue_mail(
        txn,
        NewMail {
            to: &row.email,
            subject: &mail.subject,
            body: &mail.body,
            link: None,
            notice: Some(Notice {
                kind: MailKind::Event,
                case: None,
                recipient: row.user_id.map(UserId),
                key: Some(key),
            }),
        },
    )
    .await?;
    Ok(())
}

/// Moves the first people of event `id`'s waiting list up while places are free (capacity
/// `capacity`), each told by `promoted`, inside the caller's transaction (which holds the
/// event's row). The caller asks [`waiting_list_moves`] first.
pub(crate) async fn promote(
    txn: &sea_orm::DatabaseTransaction,
    id: EventId,
    capacity: Option<u32>,
    now: DateTime<Utc>,
    promoted: Compose<'_>,
) -> Result<u64, DbError> {
    let registered = count(txn, id, RegistrationStatus::Registered).await?;
    let waiting = count(txn, id, RegistrationStatus::Waiting).await?;
    let up = to_promote(capacity, registered, waiting);
    if up == 0 {
        return Ok(0);
    }
    let first = crate::db::first_n(
        event_registrations::Entity::find()
            .filter(event_registrations::Column::EventId.eq(id.0))
            .filter(status_is(RegistrationStatus::Waiting))
            .order_by_asc(event_registrations::Column::CreatedAt)
            .order_by_asc(event_registrations::Column::Id),
        up,
        txn,
    )
    .await?;
    for row in first {
        let mut model: event_registrations::ActiveModel = row.clone().into();
        model.status = Set(registration_status(RegistrationStatus::Registered).to_owned());
        model.promoted_at = Set(Some(now.fixed_offset()));
        model.updated_at = Set(now.fixed_offset());
        model.version = Set(row.version + 1);
        model.update(txn).await?;
        let mail = promoted(&Recipient { position: None });
        queue(
            txn,
            &row,
            &mail,
            &format!("event-promoted:{}:{}", row.id, now.timestamp_millis()),
        )
        .await?;
    }
    Ok(up)
}

/// A registration to make.
#[derive(Clone, Copy)]
pub struct NewRegistration<'a> {
    /// The event.
    pub event: EventId,
    /// Their name.
    pub name: &'a str,
    /// Their e-mail (its lower-case form is the key: the same e-mail is one registration).
    pub email: &'a Email,
    /// Their portal account, when signed in.
    pub user: Option<UserId>,
    /// The hash of the new cancel link's token (the raw token goes into the mail only).
    pub token_hash: &'a str,
    /// Now.
    pub now: DateTime<Utc>,
    /// Staff adding someone (by phone, at the door): the deadline and the start do not close
    /// registration for them; a draft or cancelled event still does.
    pub by_staff: bool,
    /// The confirmation mail, with the place or the waiting list's position.
    pub confirmation: Compose<'a>,
}

/// What registering did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    /// A new registration (or a cancelled one made again) with a place or on the waiting list.
    New(Registration),
    /// This e-mail was registered or waiting already: nothing was stored.
    Existing(Registration),
}

/// Registers someone for an event (or answers with their registration when the e-mail has one
/// already): the seat rule decides between a place and the waiting list, counted inside the
/// transaction that holds the event's row. A closed event is the inner error.
pub async fn register(
    db: &Db,
    new: NewRegistration<'_>,
) -> Result<Result<Registered, RegistrationClosed>, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let event = event_of(lock_event(db, &txn, new.event).await?)?;
    let open = registration_open(event.status, event.starts_at, event.closes_at, new.now);
    let open = match open {
        Err(RegistrationClosed::Deadline | RegistrationClosed::Started) if new.by_staff => Ok(()),
        other => other,
    };
    if let Err(closed) = open {
        return Ok(Err(closed));
    }
    let key = new.email.as_str();
    let existing = crate::db::first(
        event_registrations::Entity::find()
            .filter(event_registrations::Column::EventId.eq(new.event.0))
            .filter(event_registrations::Column::EmailKey.eq(key)),
        &txn,
    )
    .await?;
    if let Some(row) = &existing
        && row.status != registration_status(RegistrationStatus::Cancelled)
    {
        let found = renew_link(&txn, row, &new).await?;
        txn.commit().await?;
        return Ok(Ok(Registered::Existing(found)));
    }
    let registered = count(&txn, new.event, RegistrationStatus::Registered).await?;
    let waiting = count(&txn, new.event, RegistrationStatus::Waiting).await?;
    let seat = seat_for_new(event.capacity, registered, waiting);
    let (status, position) = match seat {
        Seat::Place => (RegistrationStatus::Registered, None),
        Seat::Waiting(n) => (RegistrationStatus::Waiting, Some(n)),
    };
    let now = new.now.fixed_offset();
    let mut model: event_registrations::ActiveModel = match existing.clone() {
        Some(row) => {
            let version = row.version;
            let mut model: event_registrations::ActiveModel = row.into();
            model.version = Set(version + 1);
            model
        }
        None => event_registrations::ActiveModel {
            event_id: Set(new.event.0),
            email_key: Set(key.to_owned()),
            version: Set(1),
            ..Default::default()
        },
    };
    model.name = Set(new.name.to_owned());
    model.email = Set(new.email.as_str().to_owned());
    model.user_id = Set(new.user.map(|u| u.0));
    model.status = Set(registration_status(status).to_owned());
    model.attendance = Set(attendance(Attendance::Unknown).to_owned());
    model.cancel_token_hash = Set(new.token_hash.to_owned());
    model.created_at = Set(now);
    model.cancelled_at = Set(None);
    model.promoted_at = Set(None);
    model.updated_at = Set(now);
    let row = if existing.is_some() {
        model.update(&txn).await?
    } else {
        model.insert(&txn).await?
    };
    let mail = (new.confirmation)(&Recipient { position });
    queue(
        &txn,
        &row,
        &mail,
        &format!("event-registered:{}:{}", row.id, row.version),
    )
    .await?;
    txn.commit().await?;
    let mut made = registration_of(row)?;
    made.position = position;
    Ok(Ok(Registered::New(made)))
}

/// Registration `row` (registered or waiting) asked for again: nothing changes but its cancel
/// link — the new token's hash replaces the old — and its address gets a mail with its
/// standing and the new link, so that the page answers the same whether the e-mail was
/// registered or not. Returns it with its waiting list position.
async fn renew_link(
    txn: &sea_orm::DatabaseTransaction,
    row: &event_registrations::Model,
    new: &NewRegistration<'_>,
) -> Result<Registration, DbError> {
    let mut model: event_registrations::ActiveModel = row.clone().into();
    model.cancel_token_hash = Set(new.token_hash.to_owned());
    model.updated_at = Set(new.now.fixed_offset());
    model.version = Set(row.version + 1);
    let row = model.update(txn).await?;
    let all = crate::db::all(
        event_registrations::Entity::find()
            .filter(event_registrations::Column::EventId.eq(row.event_id)),
        txn,
    )
    .await?
    .into_iter()
    .map(registration_of)
    .collect::<Result<Vec<_>, _>>()?;
    let id = RegistrationId(row.id);
    let found = super::with_positions(all)
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(DbError::NotFound)?;
    let mail = (new.confirmation)(&Recipient {
        position: found.position,
    });
    queue(
        txn,
        &row,
        &mail,
        &format!("event-registered:{}:{}", row.id, row.version),
    )
    .await?;
    Ok(found)
}

/// Which registration to cancel: registration `1` of event `0` (the cancel link's, found by
/// its token's hash first; staff's; its owner's in the portal).
#[derive(Debug, Clone, Copy)]
pub struct Cancelling(pub EventId, pub RegistrationId);

/// Cancels a registration (once: cancelling it again changes nothing and answers `false`);
/// when it had a place, the first on the waiting list moves up in the same transaction, told
/// by `promoted` — while the event is published and has not started (the command refuses
/// cancelling once it has). Returns the registration as it was found and whether it was cancelled now.
pub async fn cancel(
    db: &Db,
    which: Cancelling,
    now: DateTime<Utc>,
    promoted: Compose<'_>,
) -> Result<(Registration, bool), DbError> {
    let Cancelling(event, id) = which;
    let query = event_registrations::Entity::find_by_id(id.0)
        .filter(event_registrations::Column::EventId.eq(event.0));
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let found = crate::db::first(query.clone(), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let event = event_of(lock_event(db, &txn, EventId(found.event_id)).await?)?;
    // Read again under the event's lock: another cancel may have come first.
    let row = crate::db::first(query, &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let before = registration_of(row.clone())?;
    if before.status == RegistrationStatus::Cancelled {
        txn.commit().await?;
        return Ok((before, false));
    }
    let mut model: event_registrations::ActiveModel = row.clone().into();
    model.status = Set(registration_status(RegistrationStatus::Cancelled).to_owned());
    model.cancelled_at = Set(Some(now.fixed_offset()));
    model.updated_at = Set(now.fixed_offset());
    model.version = Set(row.version + 1);
    model.update(&txn).await?;
    if waiting_list_moves(event.status, event.starts_at, now) {
        promote(&txn, event.id, event.capacity, now, promoted).await?;
    }
    txn.commit().await?;
    Ok((before, true))
}

/// Marks the attendance of registrations of event `id` (those with a place; others are left
/// as they are). Returns how many changed.
pub async fn mark_attendance(
    db: &Db,
    id: EventId,
    marks: &[(RegistrationId, Attendance)],
) -> Result<u64, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let mut changed = 0;
    for (registration, mark) in marks {
        let result = event_registrations::Entity::update_many()
            .col_expr(
                event_registrations::Column::Attendance,
                sea_orm::sea_query::Expr::value(attendance(*mark)),
            )
            .col_expr(
                event_registrations::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(event_registrations::Column::Id.eq(registration.0))
            .filter(event_registrations::Column::EventId.eq(id.0))
            .filter(status_is(RegistrationStatus::Registered))
            .exec(&txn)
            .await?;
        changed += result.rows_affected;
    }
    txn.commit().await?;
    Ok(changed)
}
