//! Corrections of stored data that need the domain's rules, each run once when a server first
//! starts with the version that brings it (`data_fixes` records the finished ones). Each fix
//! changes cases through `cases::update_by`, one transaction per case, so it is
//! idempotent: two instances starting together, or a restart halfway, only repeat work that
//! then changes nothing.

use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

use super::case_list::ListStatus;
use super::cases::{self, AuditEntry, Expect, UpdateError};
use super::entities::{cases as case_rows, checklist_items, data_fixes, people, person_key_dates};
use super::{Db, DbError};
use crate::audit::AuditAction;
use crate::ids::CaseId;
use softland_domain::date_format::long;

/// Office closures no longer move legal deadlines (Act 500/2004 §40(1)(c)): due dates an
/// earlier version extended past a closure are recomputed.
const CLOSURES_NEVER_EXTEND: &str = "closures-never-extend-deadlines";

/// A person's own insurance end counts for the "insurance ends early" warning (issue 18):
/// the stored `papers_risk_on` of cases with one is computed again, so that the dashboard
/// sees the warning before the case is next changed.
const OWN_INSURANCE_WARNS: &str = "own-insurance-ends-early";

/// Runs every fix not yet done; how many cases each changed is logged.
pub async fn run_pending(db: &Db) -> Result<(), DbError> {
    if !done(db, CLOSURES_NEVER_EXTEND).await? {
        let changed = recompute_after_closures(db).await?;
        if changed > 0 {
            tracing::info!(
                cases = changed,
                "due dates put back to the legal ones (office closures no longer extend deadlines)"
            );
        }
        mark_done(db, CLOSURES_NEVER_EXTEND).await?;
    }
    if !done(db, OWN_INSURANCE_WARNS).await? {
        let rewritten = resave_with_own_insurance(db).await?;
        if rewritten > 0 {
            tracing::info!(
                cases = rewritten,
                "warnings of a person's own insurance end computed for stored cases"
            );
        }
        mark_done(db, OWN_INSURANCE_WARNS).await?;
    }
    Ok(())
}

/// Saves again, unchanged, every case that is not closed and has a person's own insurance
/// end: the save writes the case's summary (`papers_risk_on` with it) without a new version
/// or a history line. Returns how many were saved.
async fn resave_with_own_insurance(db: &Db) -> Result<u64, DbError> {
    let insurance = super::vocabulary::key_date(softland_domain::KeyDate::InsuranceEnd);
    let with_own = people::Entity::find()
        .select_only()
        .column(people::Column::CaseId)
        .filter(
            people::Column::Id.in_subquery(
                person_key_dates::Entity::find()
                    .select_only()
                    .column(person_key_dates::Column::PersonId)
                    .filter(person_key_dates::Column::Kind.eq(insurance))
                    .into_query(),
            ),
        )
        .distinct();
    let query = case_rows::Entity::find()
        .select_only()
        .column(case_rows::Column::Id)
        .filter(case_rows::Column::Status.ne(ListStatus::Closed.as_str()))
        .filter(case_rows::Column::Id.in_subquery(with_own.into_query()));
    let mut saved = 0;
    for id in super::ids(&query, db.conn()).await? {
        let resaved = cases::update_by(db, CaseId(id), None, Expect::Any, |_, _| {
            Ok::<_, std::convert::Infallible>(((), Vec::new()))
        })
        .await;
        match resaved {
            Ok(()) => saved += 1,
            Err(UpdateError::Db(err)) => return Err(err),
            Err(UpdateError::Refused(never)) => match never {},
        }
    }
    Ok(saved)
}

async fn done(db: &Db, name: &str) -> Result<bool, DbError> {
    let query = data_fixes::Entity::find().filter(data_fixes::Column::Name.eq(name));
    Ok(super::count(&query, db.conn()).await? > 0)
}

async fn mark_done(db: &Db, name: &str) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    data_fixes::Entity::insert(data_fixes::ActiveModel {
        name: Set(name.to_owned()),
        done_at: Set(Utc::now().fixed_offset()),
    })
    .on_conflict(
        OnConflict::column(data_fixes::Column::Name)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db.write_conn())
    .await?;
    Ok(())
}

/// Recomputes the open and held cases with an item due on or after the first closure day
/// (no other due date can have been moved by one); returns how many changed.
async fn recompute_after_closures(db: &Db) -> Result<u64, DbError> {
    let with_later_items = checklist_items::Entity::find()
        .select_only()
        .column(checklist_items::Column::CaseId)
        .filter(Expr::cust(
            "checklist_items.due_on >= (SELECT MIN(office_closures.date) FROM office_closures)",
        ))
        .distinct();
    let query = case_rows::Entity::find()
        .select_only()
        .column(case_rows::Column::Id)
        .filter(case_rows::Column::Status.ne(ListStatus::Closed.as_str()))
        .filter(case_rows::Column::Id.in_subquery(with_later_items.into_query()));
    let mut changed = 0;
    for id in super::ids(&query, db.conn()).await? {
        let moved = cases::update_by(db, CaseId(id), None, Expect::Any, |case, cal| {
            let mut audit = Vec::new();
            for change in case.recompute(cal) {
                audit.push(AuditEntry::new(
                    AuditAction::ItemDueMoved,
                    case.item_subject(change.index),
                    change.before.map(long),
                    change.after.map(long),
                ));
            }
            Ok::<_, std::convert::Infallible>((!audit.is_empty(), audit))
        })
        .await;
        match moved {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(UpdateError::Db(err)) => return Err(err),
            Err(UpdateError::Refused(never)) => match never {},
        }
    }
    Ok(changed)
}
