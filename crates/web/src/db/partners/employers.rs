//! The employers' side of the partner network (issue 21): employer accounts (users of an
//! employer organisation), employments (a person of a case ↔ an employer, with the person's
//! consent to share their progress) and employers' pre-arrival requests for a new hire.
//!
//! The access rule lives in [`consented_employment`] and [`consented_employments`]: an
//! employer sees an employment only through a query that asks, at every request, for its own
//! organisation *and* a consent given and not withdrawn. Every change writes a history line
//! on the case (`EmployerConsent`, `HireRequest`) in its transaction.

mod accounts;
mod consent;
mod hire;

pub use accounts::*;
pub use consent::*;
pub use hire::*;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::audit::AuditAction;
use crate::db::entities::{employments, organisations, people};
use crate::db::history::record;
use crate::db::vocabulary::consent_how_from;

use crate::db::{Db, DbError};
use crate::ids::{CaseId, EmploymentId, OrganisationId, PersonId, UserId};

/// How a person's consent was given (the referrals' vocabulary too).
pub use softland_domain::partner::ConsentHow;

/// Where a person's consent stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    /// Never given: the employer sees nothing.
    NotGiven,
    /// Given then, that way: the employer sees the progress summary.
    Given {
        /// When.
        at: DateTime<Utc>,
        /// How.
        how: ConsentHow,
    },
    /// Withdrawn then: the employer sees nothing.
    Withdrawn {
        /// When.
        at: DateTime<Utc>,
    },
}

impl Consent {
    /// Whether the employer may see the progress.
    pub fn is_given(self) -> bool {
        matches!(self, Consent::Given { .. })
    }
}

/// A person of a case linked to an employer organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employment {
    /// Id.
    pub id: EmploymentId,
    /// The case.
    pub case: CaseId,
    /// The person.
    pub person: PersonId,
    /// The person's position in the case (0: the principal).
    pub position: usize,
    /// The person's name.
    pub person_name: String,
    /// The employer.
    pub organisation: OrganisationId,
    /// The employer's name.
    pub organisation_name: String,
    /// The consent.
    pub consent: Consent,
    /// For optimistic concurrency.
    pub version: i64,
}

fn parse_consent(m: &employments::Model) -> Result<Consent, DbError> {
    if let Some(at) = m.consent_withdrawn_at {
        return Ok(Consent::Withdrawn {
            at: at.with_timezone(&Utc),
        });
    }
    match (m.consent_at, m.consent_how.as_deref()) {
        (Some(at), Some(how)) => Ok(Consent::Given {
            at: at.with_timezone(&Utc),
            how: consent_how_from(how).ok_or_else(|| super::read::corrupt("consent", how))?,
        }),
        _ => Ok(Consent::NotGiven),
    }
}

/// The built-in kind of employer organisations.
pub const EMPLOYER_KIND: &str = "employer";

/// Employments read with their people's and organisations' names (two queries, not one per
/// row).
async fn with_names(
    conn: &impl crate::db::rows::ReadRows,
    rows: Vec<employments::Model>,
) -> Result<Vec<Employment>, DbError> {
    let person_ids: Vec<i64> = rows.iter().map(|r| r.person_id).collect();
    let org_ids: Vec<i64> = rows.iter().map(|r| r.organisation_id).collect();
    let people: HashMap<i64, people::Model> = crate::db::all(
        people::Entity::find().filter(people::Column::Id.is_in(person_ids)),
        conn,
    )
    .await?
    .into_iter()
    .map(|p| (p.id, p))
    .collect();
    let orgs: HashMap<i64, String> = crate::db::all(
        organisations::Entity::find().filter(organisations::Column::Id.is_in(org_ids)),
        conn,
    )
    .await?
    .into_iter()
    .map(|o| (o.id, o.name))
    .collect();
    rows.into_iter()
        .map(|m| {
            let person = people
                .get(&m.person_id)
                .ok_or_else(|| super::read::corrupt("employment person", &m.id.to_string()))?;
            Ok(Employment {
                id: EmploymentId(m.id),
                case: CaseId(m.case_id),
                person: PersonId(m.person_id),
                position: usize::try_from(person.position).unwrap_or(0),
                person_name: person.name.clone(),
                organisation: OrganisationId(m.organisation_id),
                organisation_name: orgs.get(&m.organisation_id).cloned().unwrap_or_default(),
                consent: parse_consent(&m)?,
                version: m.version,
            })
        })
        .collect()
}

/// The employments of the people of these cases, by case and person.
pub async fn employments_of_cases(db: &Db, cases: &[CaseId]) -> Result<Vec<Employment>, DbError> {
    let rows = crate::db::all(
        employments::Entity::find()
            .filter(employments::Column::CaseId.is_in(cases.iter().map(|c| c.0)))
            .order_by_asc(employments::Column::CaseId)
            .order_by_asc(employments::Column::PersonId)
            .order_by_asc(employments::Column::Id),
        db.conn(),
    )
    .await?;
    with_names(db.conn(), rows).await
}

/// Employment `id` (for staff and the household; the employer reads
/// [`consented_employment`]).
pub async fn employment(db: &Db, id: EmploymentId) -> Result<Employment, DbError> {
    let row = crate::db::first(employments::Entity::find_by_id(id.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    with_names(db.conn(), vec![row])
        .await?
        .pop()
        .ok_or(DbError::NotFound)
}

/// The access rule in one condition: employment of `org`, consent given and not withdrawn.
fn consented(org: OrganisationId) -> sea_orm::Select<employments::Entity> {
    employments::Entity::find()
        .filter(employments::Column::OrganisationId.eq(org.0))
        .filter(employments::Column::ConsentAt.is_not_null())
        .filter(employments::Column::ConsentWithdrawnAt.is_null())
}

/// Employment `id` if it links a person to employer `org` and the person's consent is given
/// and not withdrawn; anything else is [`DbError::NotFound`] (another employer's, no
/// consent, withdrawn, unknown).
pub async fn consented_employment(
    db: &Db,
    org: OrganisationId,
    id: EmploymentId,
) -> Result<Employment, DbError> {
    let row = crate::db::first(
        consented(org).filter(employments::Column::Id.eq(id.0)),
        db.conn(),
    )
    .await?
    .ok_or(DbError::NotFound)?;
    with_names(db.conn(), vec![row])
        .await?
        .pop()
        .ok_or(DbError::NotFound)
}

/// The employments of employer `org` with consent given and not withdrawn, by name.
pub async fn consented_employments(
    db: &Db,
    org: OrganisationId,
) -> Result<Vec<Employment>, DbError> {
    let rows = crate::db::all(
        consented(org).order_by_asc(employments::Column::Id),
        db.conn(),
    )
    .await?;
    let mut out = with_names(db.conn(), rows).await?;
    out.sort_by(|a, b| a.person_name.cmp(&b.person_name));
    Ok(out)
}

/// Writes the history line of employer `actor`'s view of employment `e` on its case.
pub async fn record_view(db: &Db, e: &Employment, actor: UserId) -> Result<(), DbError> {
    record_views(db, std::slice::from_ref(e), actor, "the progress summary").await
}

/// Writes that `actor` saw `what` of each of these employees (one line on each case), in one
/// transaction: the list of employees shows each one's progress too.
pub async fn record_views(
    db: &Db,
    seen: &[Employment],
    actor: UserId,
    what: &str,
) -> Result<(), DbError> {
    use sea_orm::TransactionTrait;
    if seen.is_empty() {
        return Ok(());
    }
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    for e in seen {
        record(
            &txn,
            Some(e.case),
            Some(actor),
            AuditAction::EmployerViewed,
            &e.person_name,
            Some(format!("{} saw {what}", e.organisation_name)),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
