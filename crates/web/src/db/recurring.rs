//! Recurring duties whose day has passed get their next occurrence even when nobody touches
//! the case (`Case::renew_recurring`); done or filed ones get it at once, from the status
//! change. Likewise a wallet document that enters its renewal window gets its renewal item
//! (`Case::add_renewals`); saving a document already in it adds it at once. Each instance
//! sweeps once a day; a sweep changes a case only through `cases::update_by`, so overlapping
//! sweeps repeat nothing.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use softland_domain::case::{RenewalRule, renewal_rules};
use softland_domain::template::{Catalog, ChecklistTemplate};
use softland_domain::{Calendar, Case, StatusKind};

use super::cases::{self, AuditEntry, Expect, UpdateError};
use super::entities::{checklist_items, person_documents};
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
    let ids = super::ids(&query, db.conn()).await?;
    sum_over(
        ids.into_iter()
            .map(|id| renew_passed_in(db, CaseId(id), today)),
    )
    .await
}

/// [`renew_passed`] of one case.
async fn renew_passed_in(db: &Db, id: CaseId, today: NaiveDate) -> Result<u64, DbError> {
    added(
        cases::update_by(db, id, None, Expect::Any, |case, cal| {
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
        .await,
    )
}

/// The items a sweep's change of one case added (its change cannot be refused).
fn added(renewed: Result<u64, UpdateError<std::convert::Infallible>>) -> Result<u64, DbError> {
    match renewed {
        Ok(n) => Ok(n),
        Err(UpdateError::Db(err)) => Err(err),
        Err(UpdateError::Refused(never)) => match never {},
    }
}

/// How many cases a sweep changes at once: their changes share commits (`Db::batched`), so
/// a day with thousands of renewals costs a few hundred commits, not one each (each commit
/// makes every reader drop its memory map: docs/performance.md, issue 25). A request's own
/// change waits behind at most this many of the sweep's in the writer's queue.
const SWEEP_WRITERS: usize = 8;

/// The sum of what `changes` count, [`SWEEP_WRITERS`] at a time; the first error ends it.
async fn sum_over(
    changes: impl Iterator<Item = impl Future<Output = Result<u64, DbError>>>,
) -> Result<u64, DbError> {
    use futures_util::{StreamExt as _, TryStreamExt as _};
    futures_util::stream::iter(changes)
        .buffer_unordered(SWEEP_WRITERS)
        .try_fold(0, async |sum, n| Ok(sum + n))
        .await
}

/// The daily sweep: [`renew_passed`], then [`renew_documents`]; how many items were added.
pub async fn sweep(db: &Db, today: NaiveDate) -> Result<u64, DbError> {
    Ok(renew_passed(db, today).await? + renew_documents(db, today).await?)
}

/// Adds the renewal item of every wallet document that is in its renewal window on `today`
/// and has none open (`Case::add_renewals`); returns how many items were added.
pub async fn renew_documents(db: &Db, today: NaiveDate) -> Result<u64, DbError> {
    let query = person_documents::Entity::find()
        .select_only()
        .column_as(person_documents::Column::CaseId, "id")
        .filter(person_documents::Column::ValidUntil.is_not_null())
        .distinct();
    let ids = super::ids(&query, db.conn()).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    let catalog = super::templates::catalog(db).await?;
    let cal = cases::calendar_of(db).await?;
    let (catalog, cal) = (&catalog, &cal);
    sum_over(
        ids.into_iter()
            .map(|id| renew_documents_in(db, CaseId(id), today, (catalog, cal))),
    )
    .await
}

/// [`renew_documents`] of one case, with the template library and the office calendar.
async fn renew_documents_in(
    db: &Db,
    id: CaseId,
    today: NaiveDate,
    (catalog, cal): (&Catalog, &Calendar),
) -> Result<u64, DbError> {
    let stored = cases::load(db, id).await?;
    let of_case = super::templates::of_case(db, &stored.case).await?;
    let rules = rules(&of_case, catalog);
    // Read first: most cases have nothing to renew today, and are not written.
    if stored.case.renewals_due(today, &rules, cal).is_empty() {
        return Ok(0);
    }
    added(
        cases::update_by(db, id, None, Expect::Any, |case, cal| {
            let audit = renewal_entries(case, today, &rules, cal);
            Ok::<_, std::convert::Infallible>((audit.len() as u64, audit))
        })
        .await,
    )
}

/// The rules that renew a case's documents: its templates' items and the library's renewals.
pub(crate) fn rules<'a>(
    of_case: &'a [ChecklistTemplate],
    catalog: &'a Catalog,
) -> Vec<RenewalRule<'a>> {
    let refs: Vec<&ChecklistTemplate> = of_case.iter().collect();
    renewal_rules(&refs, catalog)
}

/// Adds the renewals `case`'s wallet calls for on `today`; a history line for each, with the
/// reason ("renewal: passport Z1234567 expires Mon 1 Mar 2027").
pub(crate) fn renewal_entries(
    case: &mut Case,
    today: NaiveDate,
    rules: &[RenewalRule<'_>],
    cal: &Calendar,
) -> Vec<AuditEntry> {
    case.add_renewals(today, rules, cal)
        .into_iter()
        .map(|(index, reason)| {
            AuditEntry::new(
                AuditAction::ItemAdded,
                case.item_subject(index),
                None,
                Some(format!("renewal: {reason}")),
            )
        })
        .collect()
}
