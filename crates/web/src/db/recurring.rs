//! Recurring duties whose day has passed get their next occurrence even when nobody touches
//! the case (`Case::renew_recurring`); done or filed ones get it at once, from the status
//! change. Each instance sweeps once a day; a sweep changes a case only through
//! `cases::update_by`, so overlapping sweeps repeat nothing.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use softland_domain::StatusKind;

use super::cases::{self, AuditEntry, Expect, UpdateError};
use super::entities::checklist_items;
use super::{Db, DbError};
use crate::audit::AuditAction;
use crate::ids::CaseId;
use softland_domain::date_format::long;

/// Adds the next occurrence of every recurring duty that is open and past its day on
/// `today`; returns how many items were added.
pub async fn renew_passed(db: &Db, today: NaiveDate) -> Result<u64, DbError> {
    let query = checklist_items::Entity::find()
        .select_only()
        .column_as(checklist_items::Column::CaseId, "id")
        // The stored rule is the domain's JSON; its `shape` names a recurring duty so.
        .filter(checklist_items::Column::Rule.like("%\"shape\":\"recurring\"%"))
        .filter(checklist_items::Column::DueOn.lt(today))
        .filter(
            checklist_items::Column::Status
                .is_in([StatusKind::ToDo.as_str(), StatusKind::InProgress.as_str()]),
        )
        .distinct();
    let mut added = 0;
    for id in super::ids(&query, db.conn()).await? {
        let renewed = cases::update_by(db, CaseId(id), None, Expect::Any, |case, cal| {
            let mut audit = Vec::new();
            for index in case.renew_recurring(today, cal) {
                let due = case.items()[index].due().map(long).unwrap_or_default();
                audit.push(AuditEntry::new(
                    AuditAction::ItemAdded,
                    case.item_subject(index),
                    None,
                    Some(format!("the next one, due {due}")),
                ));
            }
            Ok::<_, std::convert::Infallible>((audit.len() as u64, audit))
        })
        .await;
        match renewed {
            Ok(n) => added += n,
            Err(UpdateError::Db(err)) => return Err(err),
            Err(UpdateError::Refused(never)) => match never {},
        }
    }
    Ok(added)
}
