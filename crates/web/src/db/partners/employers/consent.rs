//! Changing employments: linking a person to an employer, giving and withdrawing consent,
//! removing the link; each with its history line on the case (`EmployerConsent`).

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};

use super::{ConsentHow, EMPLOYER_KIND, Employment, employment};
use crate::audit::AuditAction;
use crate::db::entities::{employments, organisations, people};
use crate::db::history::record;
use crate::db::vocabulary::consent_how;
use crate::db::{Constraint, Db, DbError};
use crate::ids::{CaseId, EmploymentId, OrganisationId, PersonId, UserId};

/// Links person `person` of case `case` to employer `org` (consent not yet given). The same
/// person and employer twice is [`Constraint::AlreadyEmployed`]; a person of another case or
/// an organisation that is not an employer is [`DbError::NotFound`].
pub async fn link(
    db: &Db,
    case: CaseId,
    person: PersonId,
    org: OrganisationId,
    actor: UserId,
) -> Result<EmploymentId, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let id = link_in(&txn, case, person, org, Some(actor)).await?;
    txn.commit().await?;
    Ok(id)
}

pub(in crate::db::partners) async fn link_in(
    txn: &sea_orm::DatabaseTransaction,
    case: CaseId,
    person: PersonId,
    org: OrganisationId,
    actor: Option<UserId>,
) -> Result<EmploymentId, DbError> {
    let person_row = crate::db::first(
        people::Entity::find()
            .filter(people::Column::Id.eq(person.0))
            .filter(people::Column::CaseId.eq(case.0)),
        txn,
    )
    .await?
    .ok_or(DbError::NotFound)?;
    let org_row = crate::db::first(organisations::Entity::find_by_id(org.0), txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let kind = crate::db::first(
        crate::db::entities::partner_kinds::Entity::find_by_id(org_row.kind_id),
        txn,
    )
    .await?
    .ok_or(DbError::NotFound)?;
    if kind.slug != EMPLOYER_KIND {
        return Err(DbError::Constraint(Constraint::NotAnEmployer));
    }
    let taken = crate::db::first(
        employments::Entity::find()
            .filter(employments::Column::PersonId.eq(person.0))
            .filter(employments::Column::OrganisationId.eq(org.0)),
        txn,
    )
    .await?;
    if taken.is_some() {
        return Err(DbError::Constraint(Constraint::AlreadyEmployed));
    }
    let saved = employments::ActiveModel {
        case_id: Set(case.0),
        person_id: Set(person.0),
        organisation_id: Set(org.0),
        created_at: Set(Utc::now().fixed_offset()),
        created_by: Set(actor.map(|a| a.0)),
        version: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|err| {
        if matches!(
            err.sql_err(),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
        ) {
            DbError::Constraint(Constraint::AlreadyEmployed)
        } else {
            err.into()
        }
    })?;
    record(
        txn,
        Some(case),
        actor,
        AuditAction::EmployerConsent,
        &person_row.name,
        Some(format!(
            "Linked to the employer {} (consent not yet given)",
            org_row.name
        )),
    )
    .await?;
    Ok(EmploymentId(saved.id))
}

/// A change of consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentChange {
    /// Given now, that way (again after a withdrawal).
    Give(ConsentHow),
    /// Withdrawn now: the employer sees nothing from the next request on.
    Withdraw,
}

/// Gives or withdraws the consent of employment `id`. Withdrawing consent that is not given
/// changes nothing (and writes no line).
pub async fn change_consent(
    db: &Db,
    id: EmploymentId,
    change: ConsentChange,
    actor: UserId,
    expected: Option<i64>,
) -> Result<Employment, DbError> {
    let now = Utc::now().fixed_offset();
    let before = employment(db, id).await?;
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let mut update = employments::Entity::update_many()
        .col_expr(
            employments::Column::Version,
            Expr::col(employments::Column::Version).add(1),
        )
        .filter(employments::Column::Id.eq(id.0));
    if let Some(version) = expected {
        // Only from the version the page showed: a withdrawal made meanwhile stands.
        update = update.filter(employments::Column::Version.eq(version));
    }
    let after = match change {
        ConsentChange::Give(how) => {
            update = update
                .col_expr(employments::Column::ConsentAt, Expr::value(Some(now)))
                .col_expr(
                    employments::Column::ConsentHow,
                    Expr::value(Some(consent_how(how).to_owned())),
                )
                .col_expr(
                    employments::Column::ConsentWithdrawnAt,
                    Expr::value(Option::<sea_orm::prelude::DateTimeWithTimeZone>::None),
                );
            format!(
                "Consent to share progress with {} given {}",
                before.organisation_name,
                how.label()
            )
        }
        ConsentChange::Withdraw => {
            if !before.consent.is_given() {
                return Ok(before);
            }
            update = update.col_expr(
                employments::Column::ConsentWithdrawnAt,
                Expr::value(Some(now)),
            );
            format!(
                "Consent to share progress with {} withdrawn",
                before.organisation_name
            )
        }
    };
    if update.exec(&txn).await?.rows_affected == 0 {
        return Err(if expected.is_some() {
            DbError::Conflict(crate::db::cases::ChangedMeanwhile {
                by: None,
                at: Utc::now(),
            })
        } else {
            DbError::NotFound
        });
    }
    record(
        &txn,
        Some(before.case),
        Some(actor),
        AuditAction::EmployerConsent,
        &before.person_name,
        Some(after),
    )
    .await?;
    txn.commit().await?;
    employment(db, id).await
}

/// Removes employment `id` (the employer sees nothing more).
pub async fn remove(db: &Db, id: EmploymentId, actor: UserId) -> Result<(), DbError> {
    let before = employment(db, id).await?;
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    employments::Entity::delete_by_id(id.0).exec(&txn).await?;
    record(
        &txn,
        Some(before.case),
        Some(actor),
        AuditAction::EmployerConsent,
        &before.person_name,
        Some(format!("No longer linked to {}", before.organisation_name)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
