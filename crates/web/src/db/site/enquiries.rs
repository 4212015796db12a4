//! Enquiries sent through the public contact form: stored with the sender's confirmation
//! mail in one transaction, listed for staff newest first, and moved through their statuses
//! (each step with its history line).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use softland_domain::site::enquiry::{EnquiryStatus, Topic};

use crate::audit::AuditAction;
use crate::db::entities::enquiries;
use crate::db::outbox::MailText;
use crate::db::vocabulary::{
    enquiry_status, enquiry_status_from, enquiry_topic, enquiry_topic_from,
};
use crate::db::{Db, DbError};
use crate::ids::{CaseId, EnquiryId, UserId};

/// An enquiry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enquiry {
    /// Its id.
    pub id: EnquiryId,
    /// The sender's name.
    pub name: String,
    /// The sender's e-mail.
    pub email: String,
    /// The sender's phone, if given.
    pub phone: Option<String>,
    /// What brings them.
    pub topic: Topic,
    /// What they wrote.
    pub message: String,
    /// When they expect to arrive, if said.
    pub arrival_on: Option<NaiveDate>,
    /// Where staff's handling stands.
    pub status: EnquiryStatus,
    /// The case opened for it, once linked.
    pub case: Option<CaseId>,
    /// Staff's notes, one line per step ("2026-12-07 Jana Nováková: called back").
    pub note: Option<String>,
    /// Who handled it last.
    pub handled_by: Option<UserId>,
    /// When it was handled last.
    pub handled_at: Option<DateTime<Utc>>,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// Its version (every step moves it).
    pub version: i64,
}

fn to_enquiry(m: enquiries::Model) -> Enquiry {
    Enquiry {
        id: EnquiryId(m.id),
        name: m.name,
        email: m.email,
        phone: m.phone,
        topic: enquiry_topic_from(&m.topic).unwrap_or(Topic::Other),
        message: m.message,
        arrival_on: m.arrival_on,
        status: enquiry_status_from(&m.status).unwrap_or(EnquiryStatus::New),
        case: m.case_id.map(CaseId),
        note: m.note,
        handled_by: m.handled_by.map(UserId),
        handled_at: m.handled_at.map(|t| t.with_timezone(&Utc)),
        created_at: m.created_at.with_timezone(&Utc),
        version: m.version,
    }
}

/// A new enquiry, checked.
#[derive(Debug, Clone, Copy)]
pub struct NewEnquiry<'a> {
    /// The sender's name.
    pub name: &'a str,
    /// The sender's e-mail.
    pub email: &'a str,
    /// The sender's phone.
    pub phone: Option<&'a str>,
    /// What brings them.
    pub topic: Topic,
    /// What they wrote.
    pub message: &'a str,
    /// When they expect to arrive.
    pub arrival_on: Option<NaiveDate>,
}

/// Stores `new` and queues `confirmation` to its sender, in one transaction.
pub async fn create(
    db: &Db,
    new: NewEnquiry<'_>,
    confirmation: &MailText,
) -> Result<EnquiryId, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = enquiries::ActiveModel {
        name: Set(new.name.to_owned()),
        email: Set(new.email.to_owned()),
        phone: Set(new.phone.map(str::to_owned)),
        topic: Set(enquiry_topic(new.topic).to_owned()),
        message: Set(new.message.to_owned()),
        arrival_on: Set(new.arrival_on),
        status: Set(enquiry_status(EnquiryStatus::New).to_owned()),
        created_at: Set(Utc::now().fixed_offset()),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::db::outbox::enqueue(&txn, new.email, &confirmation.subject, &confirmation.body).await?;
    txn.commit().await?;
    Ok(EnquiryId(row.id))
}

/// Enquiry `id`.
pub async fn get(db: &Db, id: EnquiryId) -> Result<Enquiry, DbError> {
    crate::db::first(enquiries::Entity::find_by_id(id.0), db.conn())
        .await?
        .map(to_enquiry)
        .ok_or(DbError::NotFound)
}

/// Up to `limit` enquiries (of `status`, or all), newest first, older than `before` when
/// given (the previous page's last id).
pub async fn list(
    db: &Db,
    status: Option<EnquiryStatus>,
    before: Option<EnquiryId>,
    limit: u64,
) -> Result<Vec<Enquiry>, DbError> {
    let mut query = enquiries::Entity::find();
    if let Some(status) = status {
        query = query.filter(enquiries::Column::Status.eq(enquiry_status(status)));
    }
    if let Some(before) = before {
        query = query.filter(enquiries::Column::Id.lt(before.0));
    }
    let rows =
        crate::db::first_n(query.order_by_desc(enquiries::Column::Id), limit, db.conn()).await?;
    Ok(rows.into_iter().map(to_enquiry).collect())
}

/// How many enquiries nobody has taken yet.
pub async fn count_new(db: &Db) -> Result<u64, DbError> {
    let query = enquiries::Entity::find()
        .filter(enquiries::Column::Status.eq(enquiry_status(EnquiryStatus::New)));
    Ok(crate::db::count(&query, db.conn()).await?)
}

/// A step staff take on an enquiry.
#[derive(Debug, Clone)]
pub struct Step {
    /// The version the step was taken against.
    pub version: i64,
    /// The new status.
    pub status: EnquiryStatus,
    /// The line added to the notes, if any.
    pub note_line: Option<String>,
    /// The case it is linked to (kept when `None`).
    pub case: Option<CaseId>,
    /// Who takes it.
    pub actor: UserId,
    /// The history line's words.
    pub what: String,
}

/// Takes `step` on enquiry `id` if it is still at `step.version`; returns the new version.
pub async fn take_step(db: &Db, id: EnquiryId, step: &Step) -> Result<i64, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = crate::db::first(enquiries::Entity::find_by_id(id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let note = match (&row.note, &step.note_line) {
        (Some(old), Some(line)) => Some(format!("{old}\n{line}")),
        (None, Some(line)) => Some(line.clone()),
        (old, None) => old.clone(),
    };
    let mut update = enquiries::Entity::update_many()
        .col_expr(
            enquiries::Column::Status,
            Expr::value(enquiry_status(step.status)),
        )
        .col_expr(enquiries::Column::Note, Expr::value(note))
        .col_expr(enquiries::Column::HandledBy, Expr::value(step.actor.0))
        .col_expr(enquiries::Column::HandledAt, Expr::value(now))
        .col_expr(
            enquiries::Column::Version,
            Expr::col(enquiries::Column::Version).add(1),
        );
    if let Some(case) = step.case {
        update = update.col_expr(enquiries::Column::CaseId, Expr::value(case.0));
    }
    // Only from the version the step was taken against (two instances: the row decides).
    let updated = update
        .filter(enquiries::Column::Id.eq(id.0))
        .filter(enquiries::Column::Version.eq(step.version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(DbError::Conflict(crate::db::cases::ChangedMeanwhile {
            by: None,
            at: row
                .handled_at
                .map_or_else(Utc::now, |t| t.with_timezone(&Utc)),
        }));
    }
    crate::db::history::record(
        &txn,
        step.case,
        Some(step.actor),
        AuditAction::Enquiry,
        &format!("Enquiry {id} from {}", row.name),
        Some(step.what.clone()),
    )
    .await?;
    txn.commit().await?;
    Ok(step.version + 1)
}
