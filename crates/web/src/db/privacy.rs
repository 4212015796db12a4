//! Privacy (issue 23, part A): the lawful basis of each case's processing and the consent
//! register (`consents`), each change with its history line on the case; and what the
//! Art. 15/20 export of one person reads (`export`).
//!
//! The register keeps the consents no feature keeps ([`Purpose::REGISTER`]: portal use,
//! reminders by mail, photos). Sharing with a buddy, with an employer and with a partner
//! stay in the buddy request, the employment and the referral, which their features check;
//! pages show them beside the register's (`commands::privacy`) and send withdrawals there.

pub mod export;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use softland_domain::partner::ConsentHow;
use softland_domain::privacy::{LawfulBasis, Purpose, Record, Standing};

use crate::audit::AuditAction;
use crate::db::entities::{cases, consents, people};
use crate::db::history::record;
use crate::db::vocabulary::{
    consent_how, consent_how_from, consent_purpose, consent_purpose_from, lawful_basis,
    lawful_basis_from,
};
use crate::db::{Db, DbError};
use crate::ids::{CaseId, ConsentId, PersonId, UserId};

/// One record of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRecord {
    /// Id.
    pub id: ConsentId,
    /// The case.
    pub case: CaseId,
    /// The person.
    pub person: PersonId,
    /// What it is for.
    pub purpose: Purpose,
    /// When it was given (`None`: a "no" said without a "yes" before).
    pub given_at: Option<DateTime<Utc>>,
    /// How it was given.
    pub given_how: Option<ConsentHow>,
    /// Who recorded it (the person themselves in the portal, or staff).
    pub given_by: Option<UserId>,
    /// When it was withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// Who recorded the withdrawal.
    pub withdrawn_by: Option<UserId>,
}

impl ConsentRecord {
    /// The record as the domain's rules read it.
    pub fn rule_record(&self) -> Record {
        Record {
            given_at: self.given_at,
            withdrawn_at: self.withdrawn_at,
        }
    }
}

/// Where `records` (oldest first) leave person `person`'s consent to `purpose`.
pub fn standing(records: &[ConsentRecord], person: PersonId, purpose: Purpose) -> Standing {
    let mine: Vec<Record> = records
        .iter()
        .filter(|r| r.person == person && r.purpose == purpose)
        .map(ConsentRecord::rule_record)
        .collect();
    Standing::of(&mine)
}

fn corrupt(what: &str, text: &str) -> DbError {
    DbError::Other(sea_orm::DbErr::Custom(format!("unknown {what} {text}")))
}

fn to_record(m: &consents::Model) -> Result<ConsentRecord, DbError> {
    let purpose =
        consent_purpose_from(&m.purpose).ok_or_else(|| corrupt("consent purpose", &m.purpose))?;
    let given_how = match m.given_how.as_deref() {
        Some(how) => Some(consent_how_from(how).ok_or_else(|| corrupt("consent way", how))?),
        None => None,
    };
    Ok(ConsentRecord {
        id: ConsentId(m.id),
        case: CaseId(m.case_id),
        person: PersonId(m.person_id),
        purpose,
        given_at: m.given_at.map(|at| at.with_timezone(&Utc)),
        given_how,
        given_by: m.given_by.map(UserId),
        withdrawn_at: m.withdrawn_at.map(|at| at.with_timezone(&Utc)),
        withdrawn_by: m.withdrawn_by.map(UserId),
    })
}

/// The register's records of the people of these cases, oldest first.
pub async fn consents_of_cases(db: &Db, cases: &[CaseId]) -> Result<Vec<ConsentRecord>, DbError> {
    let rows = crate::db::all(
        consents::Entity::find()
            .filter(consents::Column::CaseId.is_in(cases.iter().map(|c| c.0)))
            .order_by_asc(consents::Column::Id),
        db.conn(),
    )
    .await?;
    rows.iter().map(to_record).collect()
}

/// The lawful basis of case `case`.
pub async fn basis(db: &Db, case: CaseId) -> Result<LawfulBasis, DbError> {
    let row = crate::db::first(cases::Entity::find_by_id(case.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    lawful_basis_from(&row.lawful_basis).ok_or_else(|| corrupt("lawful basis", &row.lawful_basis))
}

/// Sets the lawful basis of case `case`; the same basis again changes nothing (and writes no
/// line). Returns whether it changed.
pub async fn set_basis(
    db: &Db,
    case: CaseId,
    to: LawfulBasis,
    actor: UserId,
) -> Result<bool, DbError> {
    let before = basis(db, case).await?;
    if before == to {
        return Ok(false);
    }
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    cases::Entity::update_many()
        .col_expr(
            cases::Column::LawfulBasis,
            Expr::value(lawful_basis(to).to_owned()),
        )
        .filter(cases::Column::Id.eq(case.0))
        .exec(&txn)
        .await?;
    record(
        &txn,
        Some(case),
        Some(actor),
        AuditAction::LawfulBasis,
        before.label(),
        Some(to.label().to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// A change of one person's consent to one purpose of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentChange {
    /// The person.
    pub person: PersonId,
    /// The purpose (one the register keeps).
    pub purpose: Purpose,
    /// Given that way, or withdrawn (`None`).
    pub give: Option<ConsentHow>,
    /// Who records it.
    pub actor: UserId,
}

/// Gives or withdraws a consent of the register. Giving what stands given, or withdrawing
/// what stands withdrawn, changes nothing (and writes no line); withdrawing what was never
/// asked records a "no". Returns whether it changed. A person unknown is not found.
pub async fn change(db: &Db, change: ConsentChange) -> Result<bool, DbError> {
    let person = crate::db::first(people::Entity::find_by_id(change.person.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    let case = CaseId(person.case_id);
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let rows = consents::Entity::find()
        .filter(consents::Column::PersonId.eq(person.id))
        .filter(consents::Column::Purpose.eq(consent_purpose(change.purpose)))
        .order_by_asc(consents::Column::Id)
        .all(&txn)
        .await?;
    let records = rows.iter().map(to_record).collect::<Result<Vec<_>, _>>()?;
    let now = Utc::now().fixed_offset();
    let before = standing(&records, change.person, change.purpose);
    let line = match (change.give, before) {
        (Some(_), Standing::Given(_)) | (None, Standing::Withdrawn(_)) => return Ok(false),
        (Some(how), _) => {
            consents::ActiveModel {
                case_id: Set(case.0),
                person_id: Set(person.id),
                purpose: Set(consent_purpose(change.purpose).to_owned()),
                given_at: Set(Some(now)),
                given_how: Set(Some(consent_how(how).to_owned())),
                given_by: Set(Some(change.actor.0)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            format!(
                "{}: given {}",
                change.purpose.label(),
                how.label().to_lowercase()
            )
        }
        (None, Standing::Given(_)) => {
            consents::Entity::update_many()
                .col_expr(consents::Column::WithdrawnAt, Expr::value(Some(now)))
                .col_expr(
                    consents::Column::WithdrawnBy,
                    Expr::value(Some(change.actor.0)),
                )
                .filter(consents::Column::PersonId.eq(person.id))
                .filter(consents::Column::Purpose.eq(consent_purpose(change.purpose)))
                .filter(consents::Column::WithdrawnAt.is_null())
                .exec(&txn)
                .await?;
            format!("{}: withdrawn", change.purpose.label())
        }
        (None, Standing::NotAsked) => {
            consents::ActiveModel {
                case_id: Set(case.0),
                person_id: Set(person.id),
                purpose: Set(consent_purpose(change.purpose).to_owned()),
                withdrawn_at: Set(Some(now)),
                withdrawn_by: Set(Some(change.actor.0)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            format!("{}: refused", change.purpose.label())
        }
    };
    record(
        &txn,
        Some(case),
        Some(change.actor),
        AuditAction::Consent,
        &person.name,
        Some(line),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// SQL that is true when person `p` (an alias of `people`) said no to reminders by mail and
/// has not said yes since: the reminder job leaves them out (`db::reminders::candidates`).
pub(crate) fn reminders_refused(person: &str) -> String {
    let purpose = consent_purpose(Purpose::MailReminders);
    format!(
        "EXISTS (SELECT 1 FROM consents k WHERE k.person_id = {person}.id \
         AND k.purpose = '{purpose}' AND k.withdrawn_at IS NOT NULL \
         AND k.id = (SELECT MAX(k2.id) FROM consents k2 WHERE k2.person_id = {person}.id \
         AND k2.purpose = '{purpose}'))"
    )
}

/// Records on case `case` that `actor` exported the data of `person_name` (Art. 15/20).
pub async fn record_export(
    db: &Db,
    case: CaseId,
    person_name: &str,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    record(
        db.write_conn(),
        Some(case),
        Some(actor),
        AuditAction::DataExported,
        person_name,
        Some("Data exported (Art. 15 and 20)".to_owned()),
    )
    .await
}
