//! Employers' pre-arrival requests for a new hire: made by the employer, listed for staff
//! (open ones, oldest first), accepted into a case (the case is linked and its principal's
//! employment made, consent not yet given), declined with a reason, or withdrawn by the
//! employer while open.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

use crate::audit::AuditAction;
use crate::db::entities::{hire_requests, organisations, people};
use crate::db::history::record;
use crate::db::vocabulary::{hire_status, hire_status_from};
use crate::db::{Constraint, Db, DbError};
use crate::ids::{CaseId, EmploymentId, HireRequestId, OrganisationId, PersonId, UserId};

/// Where a hire request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HireStatus {
    /// Waiting for the centre.
    Open,
    /// Accepted into a case.
    Accepted,
    /// Declined by the centre, with a reason.
    Declined,
    /// Withdrawn by the employer.
    Withdrawn,
}

impl HireStatus {
    /// Every status.
    pub const ALL: [HireStatus; 4] = [
        HireStatus::Open,
        HireStatus::Accepted,
        HireStatus::Declined,
        HireStatus::Withdrawn,
    ];

    /// The name in the API (`open`).
    pub fn as_str(self) -> &'static str {
        hire_status(self)
    }
}

/// What an employer asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHire {
    /// The new hire's name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// The route key (`employee_card`).
    pub route: String,
    /// When they are expected.
    pub expected_arrival: NaiveDate,
    /// A note to the centre.
    pub note: Option<String>,
}

/// A hire request as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HireRequest {
    /// Id.
    pub id: HireRequestId,
    /// The employer.
    pub organisation: OrganisationId,
    /// The employer's name.
    pub organisation_name: String,
    /// What was asked.
    pub hire: NewHire,
    /// Where it stands.
    pub status: HireStatus,
    /// The case it was accepted into.
    pub case: Option<CaseId>,
    /// Why it was declined.
    pub decline_reason: Option<String>,
    /// When it was decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// For optimistic concurrency.
    pub version: i64,
}

async fn to_requests(
    conn: &impl crate::db::rows::ReadRows,
    rows: Vec<hire_requests::Model>,
) -> Result<Vec<HireRequest>, DbError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.organisation_id).collect();
    let names: HashMap<i64, String> = crate::db::all(
        organisations::Entity::find().filter(organisations::Column::Id.is_in(ids)),
        conn,
    )
    .await?
    .into_iter()
    .map(|o| (o.id, o.name))
    .collect();
    rows.into_iter()
        .map(|m| {
            let status = hire_status_from(&m.status)
                .ok_or_else(|| super::super::read::corrupt("hire status", &m.status))?;
            Ok(HireRequest {
                id: HireRequestId(m.id),
                organisation: OrganisationId(m.organisation_id),
                organisation_name: names.get(&m.organisation_id).cloned().unwrap_or_default(),
                hire: NewHire {
                    name: m.name,
                    email: m.email,
                    route: m.route,
                    expected_arrival: m.expected_arrival,
                    note: m.note,
                },
                status,
                case: m.case_id.map(CaseId),
                decline_reason: m.decline_reason,
                decided_at: m.decided_at.map(|d| d.with_timezone(&Utc)),
                created_at: m.created_at.with_timezone(&Utc),
                version: m.version,
            })
        })
        .collect()
}

/// Records employer `org`'s request (by its user `actor`).
pub async fn create_hire_request(
    db: &Db,
    org: OrganisationId,
    hire: &NewHire,
    actor: UserId,
) -> Result<HireRequestId, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let saved = hire_requests::ActiveModel {
        organisation_id: Set(org.0),
        requested_by: Set(Some(actor.0)),
        name: Set(hire.name.clone()),
        email: Set(hire.email.clone()),
        route: Set(hire.route.clone()),
        expected_arrival: Set(hire.expected_arrival),
        note: Set(hire.note.clone()),
        status: Set(hire_status(HireStatus::Open).to_owned()),
        created_at: Set(Utc::now().fixed_offset()),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        None,
        Some(actor),
        AuditAction::HireRequest,
        &hire.name,
        Some("Requested by the employer".to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(HireRequestId(saved.id))
}

/// Request `id`.
pub async fn hire_request(db: &Db, id: HireRequestId) -> Result<HireRequest, DbError> {
    let row = crate::db::first(hire_requests::Entity::find_by_id(id.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    to_requests(db.conn(), vec![row])
        .await?
        .pop()
        .ok_or(DbError::NotFound)
}

/// The requests of employer `org`, newest first.
pub async fn hire_requests_of(db: &Db, org: OrganisationId) -> Result<Vec<HireRequest>, DbError> {
    let rows = crate::db::all(
        hire_requests::Entity::find()
            .filter(hire_requests::Column::OrganisationId.eq(org.0))
            .order_by_desc(hire_requests::Column::CreatedAt)
            .order_by_desc(hire_requests::Column::Id),
        db.conn(),
    )
    .await?;
    to_requests(db.conn(), rows).await
}

/// The open requests of every employer, oldest first.
pub async fn open_hire_requests(db: &Db) -> Result<Vec<HireRequest>, DbError> {
    let rows = crate::db::all(
        hire_requests::Entity::find()
            .filter(hire_requests::Column::Status.eq(hire_status(HireStatus::Open)))
            .order_by_asc(hire_requests::Column::CreatedAt)
            .order_by_asc(hire_requests::Column::Id),
        db.conn(),
    )
    .await?;
    to_requests(db.conn(), rows).await
}

/// How many requests are open.
pub async fn count_open_hire_requests(db: &Db) -> Result<u64, DbError> {
    Ok(crate::db::count(
        &hire_requests::Entity::find()
            .filter(hire_requests::Column::Status.eq(hire_status(HireStatus::Open))),
        db.conn(),
    )
    .await?)
}

/// Whether employer `org` has an open request for `email` (case-insensitive).
pub async fn has_open_request_for(
    db: &Db,
    org: OrganisationId,
    email: &str,
) -> Result<bool, DbError> {
    let open = hire_requests_of(db, org).await?;
    Ok(open
        .iter()
        .any(|r| r.status == HireStatus::Open && r.hire.email.eq_ignore_ascii_case(email.trim())))
}

/// Moves open request `id` to `status`; a request not open (or, with `org`, of another
/// employer) changes nothing and is refused.
async fn decide(
    txn: &sea_orm::DatabaseTransaction,
    id: HireRequestId,
    org: Option<OrganisationId>,
    change: hire_requests::ActiveModel,
) -> Result<hire_requests::Model, DbError> {
    let row = crate::db::first(hire_requests::Entity::find_by_id(id.0), txn)
        .await?
        .ok_or(DbError::NotFound)?;
    if org.is_some_and(|o| o.0 != row.organisation_id) {
        return Err(DbError::NotFound);
    }
    let done = hire_requests::Entity::update_many()
        .set(change)
        .col_expr(
            hire_requests::Column::Version,
            Expr::col(hire_requests::Column::Version).add(1),
        )
        .filter(hire_requests::Column::Id.eq(id.0))
        .filter(hire_requests::Column::Status.eq(hire_status(HireStatus::Open)))
        .exec(txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(DbError::Constraint(Constraint::RequestDecided));
    }
    Ok(row)
}

/// Accepts open request `id` into case `case`: the request is linked to the case and the
/// case's principal is linked to the employer (consent not yet given; an existing link is
/// kept). Returns the employment.
pub async fn accept_hire_request(
    db: &Db,
    id: HireRequestId,
    case: CaseId,
    actor: UserId,
) -> Result<EmploymentId, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let principal = crate::db::first(
        people::Entity::find()
            .filter(people::Column::CaseId.eq(case.0))
            .filter(people::Column::Position.eq(0)),
        &txn,
    )
    .await?
    .ok_or(DbError::NotFound)?;
    let row = decide(
        &txn,
        id,
        None,
        hire_requests::ActiveModel {
            status: Set(hire_status(HireStatus::Accepted).to_owned()),
            case_id: Set(Some(case.0)),
            decided_by: Set(Some(actor.0)),
            decided_at: Set(Some(now)),
            ..Default::default()
        },
    )
    .await?;
    let org = OrganisationId(row.organisation_id);
    let person = PersonId(principal.id);
    let existing = crate::db::first(
        crate::db::entities::employments::Entity::find()
            .filter(crate::db::entities::employments::Column::PersonId.eq(person.0))
            .filter(crate::db::entities::employments::Column::OrganisationId.eq(org.0)),
        &txn,
    )
    .await?;
    let employment = match existing {
        Some(e) => EmploymentId(e.id),
        None => super::consent::link_in(&txn, case, person, org, Some(actor)).await?,
    };
    record(
        &txn,
        Some(case),
        Some(actor),
        AuditAction::HireRequest,
        &row.name,
        Some("Employer's request accepted into this case".to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(employment)
}

/// Declines open request `id`, with the reason the employer reads.
pub async fn decline_hire_request(
    db: &Db,
    id: HireRequestId,
    reason: &str,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = decide(
        &txn,
        id,
        None,
        hire_requests::ActiveModel {
            status: Set(hire_status(HireStatus::Declined).to_owned()),
            decline_reason: Set(Some(reason.to_owned())),
            decided_by: Set(Some(actor.0)),
            decided_at: Set(Some(Utc::now().fixed_offset())),
            ..Default::default()
        },
    )
    .await?;
    record(
        &txn,
        None,
        Some(actor),
        AuditAction::HireRequest,
        &row.name,
        Some(format!("Declined: {reason}")),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Employer `org` withdraws its own open request `id`; another employer's is
/// [`DbError::NotFound`].
pub async fn withdraw_hire_request(
    db: &Db,
    org: OrganisationId,
    id: HireRequestId,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = decide(
        &txn,
        id,
        Some(org),
        hire_requests::ActiveModel {
            status: Set(hire_status(HireStatus::Withdrawn).to_owned()),
            decided_by: Set(Some(actor.0)),
            decided_at: Set(Some(Utc::now().fixed_offset())),
            ..Default::default()
        },
    )
    .await?;
    record(
        &txn,
        None,
        Some(actor),
        AuditAction::HireRequest,
        &row.name,
        Some("Withdrawn by the employer".to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
