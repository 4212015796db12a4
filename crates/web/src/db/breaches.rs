//! The breach register (issue 23, GDPR Art. 33(5)): breaches, the cases whose people they
//! touched (ids only), and each breach's timeline. Every change writes an audit line.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use softland_domain::breach::{BreachRisk, BreachStatus};

use super::entities::{breach_cases, breach_events, breaches, cases, users};
use super::history::record;
use super::vocabulary::{breach_risk, breach_risk_from, breach_status, breach_status_from};
use super::{Db, DbError};
use crate::audit::AuditAction;
use crate::ids::{BreachId, CaseId, UserId};

/// What is recorded of a breach (everything an admin types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachFields {
    /// A short name ("Laptop stolen from the office").
    pub title: String,
    /// What happened.
    pub description: String,
    /// When it was discovered.
    pub discovered_at: DateTime<Utc>,
    /// When it began, if known.
    pub occurred_from: Option<DateTime<Utc>>,
    /// When it ended, if known.
    pub occurred_to: Option<DateTime<Utc>>,
    /// When the centre became aware (the 72 hours start here).
    pub aware_at: DateTime<Utc>,
    /// The categories of data concerned ("passport numbers, addresses").
    pub data_categories: String,
    /// About how many people.
    pub people_count: Option<u32>,
    /// The risk to them.
    pub risk: BreachRisk,
    /// When the authority (ÚOOÚ) was notified.
    pub authority_notified_at: Option<DateTime<Utc>>,
    /// Why the notification came after 72 hours.
    pub late_reasons: String,
    /// When the people affected were told (Art. 34).
    pub people_notified_at: Option<DateTime<Utc>>,
    /// What was done about it.
    pub measures: String,
    /// Open or closed.
    pub status: BreachStatus,
    /// The cases whose people were affected.
    pub cases: Vec<CaseId>,
}

/// A case a breach touched, with its principal's name when the case still exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffectedCase {
    /// The case.
    pub id: CaseId,
    /// Its principal's name (none once the case is gone).
    pub name: Option<String>,
}

/// A breach as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// Its id.
    pub id: BreachId,
    /// What was recorded (its `cases` are the ids of `affected`).
    pub fields: BreachFields,
    /// The affected cases with names.
    pub affected: Vec<AffectedCase>,
    /// Changes so far (for `If-Match` and stale forms).
    pub version: i32,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A dated line of a breach's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// What happened.
    pub text: String,
    /// Who wrote it.
    pub by: Option<String>,
}

fn active(f: &BreachFields, m: &mut breaches::ActiveModel) {
    m.title = Set(f.title.clone());
    m.description = Set(f.description.clone());
    m.discovered_at = Set(f.discovered_at.fixed_offset());
    m.occurred_from = Set(f.occurred_from.map(|d| d.fixed_offset()));
    m.occurred_to = Set(f.occurred_to.map(|d| d.fixed_offset()));
    m.aware_at = Set(f.aware_at.fixed_offset());
    m.data_categories = Set(f.data_categories.clone());
    m.people_count = Set(f.people_count.map(|n| i32::try_from(n).unwrap_or(i32::MAX)));
    m.risk = Set(breach_risk(f.risk).to_owned());
    m.authority_notified_at = Set(f.authority_notified_at.map(|d| d.fixed_offset()));
    m.late_reasons = Set(f.late_reasons.clone());
    m.people_notified_at = Set(f.people_notified_at.map(|d| d.fixed_offset()));
    m.measures = Set(f.measures.clone());
    m.status = Set(breach_status(f.status).to_owned());
}

/// The cases among `ids` that exist.
pub async fn existing_cases(db: &Db, ids: &[CaseId]) -> Result<Vec<CaseId>, DbError> {
    let ids: Vec<i64> = ids.iter().map(|c| c.0).collect();
    let found = super::ids(
        &cases::Entity::find()
            .select_only()
            .column_as(cases::Column::Id, "id")
            .filter(cases::Column::Id.is_in(ids)),
        db.conn(),
    )
    .await?;
    Ok(found.into_iter().map(CaseId).collect())
}

/// Records a new breach.
pub async fn create(db: &Db, f: &BreachFields, actor: UserId) -> Result<BreachId, DbError> {
    let now = Utc::now().fixed_offset();
    let mut m = breaches::ActiveModel {
        created_at: Set(now),
        created_by: Set(Some(actor.0)),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    active(f, &mut m);
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let id = m.insert(&txn).await?.id;
    set_cases(&txn, id, &f.cases).await?;
    record(
        &txn,
        None,
        Some(actor),
        AuditAction::Breach,
        &f.title,
        Some("recorded".into()),
    )
    .await?;
    txn.commit().await?;
    Ok(BreachId(id))
}

async fn set_cases(
    txn: &sea_orm::DatabaseTransaction,
    id: i64,
    cases: &[CaseId],
) -> Result<(), DbError> {
    breach_cases::Entity::delete_many()
        .filter(breach_cases::Column::BreachId.eq(id))
        .exec(txn)
        .await?;
    let mut ids: Vec<i64> = cases.iter().map(|c| c.0).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    let rows = ids.into_iter().map(|case| breach_cases::ActiveModel {
        breach_id: Set(id),
        case_id: Set(case),
    });
    breach_cases::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

/// Changes breach `id`, made from its `version` (a stale version is a conflict).
pub async fn update(
    db: &Db,
    id: BreachId,
    version: i32,
    f: &BreachFields,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let found = breaches::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(DbError::NotFound)?;
    if found.version != version {
        return Err(DbError::Conflict(crate::db::cases::ChangedMeanwhile {
            by: None,
            at: found.updated_at.with_timezone(&Utc),
        }));
    }
    let mut m: breaches::ActiveModel = found.into();
    active(f, &mut m);
    m.updated_at = Set(Utc::now().fixed_offset());
    m.version = Set(version + 1);
    m.update(&txn).await?;
    set_cases(&txn, id.0, &f.cases).await?;
    record(
        &txn,
        None,
        Some(actor),
        AuditAction::Breach,
        &f.title,
        Some("changed".into()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a dated entry to breach `id`'s timeline.
pub async fn add_event(
    db: &Db,
    id: BreachId,
    at: DateTime<Utc>,
    text: &str,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let found = breaches::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(DbError::NotFound)?;
    breach_events::ActiveModel {
        breach_id: Set(id.0),
        at: Set(at.fixed_offset()),
        text: Set(text.to_owned()),
        created_by: Set(Some(actor.0)),
        created_at: Set(Utc::now().fixed_offset()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        None,
        Some(actor),
        AuditAction::Breach,
        &found.title,
        Some("timeline entry added".into()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Every breach, the most recently discovered first.
pub async fn list(db: &Db) -> Result<Vec<Breach>, DbError> {
    let rows = super::all(
        breaches::Entity::find()
            .order_by_desc(breaches::Column::AwareAt)
            .order_by_desc(breaches::Column::Id),
        db.conn(),
    )
    .await?;
    assemble(db, rows).await
}

/// Breach `id`.
pub async fn get(db: &Db, id: BreachId) -> Result<Breach, DbError> {
    let row = super::first(
        breaches::Entity::find().filter(breaches::Column::Id.eq(id.0)),
        db.conn(),
    )
    .await?
    .ok_or(DbError::NotFound)?;
    assemble(db, vec![row])
        .await?
        .into_iter()
        .next()
        .ok_or(DbError::NotFound)
}

/// The breaches with their cases, read in two more queries.
async fn assemble(db: &Db, rows: Vec<breaches::Model>) -> Result<Vec<Breach>, DbError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links = super::all(
        breach_cases::Entity::find()
            .filter(breach_cases::Column::BreachId.is_in(ids))
            .order_by_asc(breach_cases::Column::CaseId),
        db.conn(),
    )
    .await?;
    let case_ids: Vec<i64> = links.iter().map(|l| l.case_id).collect();
    let names: HashMap<i64, String> = super::all(
        cases::Entity::find().filter(cases::Column::Id.is_in(case_ids)),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(|c| (c.id, c.principal_name))
    .collect();
    let mut by_breach: HashMap<i64, Vec<AffectedCase>> = HashMap::new();
    for l in links {
        by_breach
            .entry(l.breach_id)
            .or_default()
            .push(AffectedCase {
                id: CaseId(l.case_id),
                name: names.get(&l.case_id).cloned(),
            });
    }
    rows.into_iter()
        .map(|r| {
            let affected = by_breach.remove(&r.id).unwrap_or_default();
            breach_of(r, affected)
        })
        .collect()
}

fn breach_of(r: breaches::Model, affected: Vec<AffectedCase>) -> Result<Breach, DbError> {
    let utc = |d: sea_orm::prelude::DateTimeWithTimeZone| d.with_timezone(&Utc);
    let unknown = |what: &str| DbError::Other(sea_orm::DbErr::Custom(format!("unknown {what}")));
    Ok(Breach {
        id: BreachId(r.id),
        fields: BreachFields {
            title: r.title,
            description: r.description,
            discovered_at: utc(r.discovered_at),
            occurred_from: r.occurred_from.map(utc),
            occurred_to: r.occurred_to.map(utc),
            aware_at: utc(r.aware_at),
            data_categories: r.data_categories,
            people_count: r.people_count.and_then(|n| u32::try_from(n).ok()),
            risk: breach_risk_from(&r.risk).ok_or_else(|| unknown("risk"))?,
            authority_notified_at: r.authority_notified_at.map(utc),
            late_reasons: r.late_reasons,
            people_notified_at: r.people_notified_at.map(utc),
            measures: r.measures,
            status: breach_status_from(&r.status).ok_or_else(|| unknown("status"))?,
            cases: affected.iter().map(|a| a.id).collect(),
        },
        affected,
        version: r.version,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    })
}

/// Breach `id`'s timeline, oldest first.
pub async fn timeline(db: &Db, id: BreachId) -> Result<Vec<TimelineEntry>, DbError> {
    let rows = super::all(
        breach_events::Entity::find()
            .filter(breach_events::Column::BreachId.eq(id.0))
            .order_by_asc(breach_events::Column::At)
            .order_by_asc(breach_events::Column::Id),
        db.conn(),
    )
    .await?;
    let authors: Vec<i64> = rows.iter().filter_map(|r| r.created_by).collect();
    let names: HashMap<i64, String> = super::all(
        users::Entity::find().filter(users::Column::Id.is_in(authors)),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(|u| (u.id, u.display_name))
    .collect();
    Ok(rows
        .into_iter()
        .map(|r| TimelineEntry {
            at: r.at.with_timezone(&Utc),
            by: r.created_by.and_then(|u| names.get(&u).cloned()),
            text: r.text,
        })
        .collect())
}
