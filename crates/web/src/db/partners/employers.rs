//! The employers' side of the partner network (issue 21): employer accounts (users of an
//! employer organisation), employments (a person of a case ↔ an employer, with the person's
//! consent to share their progress) and employers' pre-arrival requests for a new hire.
//!
//! The access rule lives in [`consented_employment`] and [`consented_employments`]: an
//! employer sees an employment only through a query that asks, at every request, for its own
//! organisation *and* a consent given and not withdrawn. Every change writes a history line
//! on the case (`EmployerConsent`, `HireRequest`) in its transaction.

mod hire;

pub use hire::*;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

use crate::audit::AuditAction;
use crate::auth::Role;
use crate::db::buddies::AccountLink;
use crate::db::entities::{employments, organisations, people, users};
use crate::db::history::record;
use crate::db::links::{self, LinkFor, Purpose};
use crate::db::outbox::{self, MailKind, NewMail, Notice};
use crate::db::vocabulary::{consent_how, consent_how_from};
use crate::db::{Constraint, Db, DbError};
use crate::ids::{CaseId, EmploymentId, OrganisationId, PersonId, UserId};

/// How a person's consent to share their progress with their employer was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConsentHow {
    /// By the person, in the portal.
    Portal,
    /// On paper, recorded by staff.
    Paper,
    /// In person at the centre, recorded by staff.
    InPerson,
    /// By mail, recorded by staff.
    Mail,
}

impl ConsentHow {
    /// Every way.
    pub const ALL: [ConsentHow; 4] = [
        ConsentHow::Portal,
        ConsentHow::Paper,
        ConsentHow::InPerson,
        ConsentHow::Mail,
    ];

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            ConsentHow::Portal => "in the portal",
            ConsentHow::Paper => "on paper",
            ConsentHow::InPerson => "in person",
            ConsentHow::Mail => "by mail",
        }
    }

    /// The name in forms and the API (`in_person`).
    pub fn as_str(self) -> &'static str {
        consent_how(self)
    }

    /// The way named `raw` in a form or the API.
    pub fn parse(raw: &str) -> Option<Self> {
        consent_how_from(raw.trim())
    }
}

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

/// An employer organisation's user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployerAccount {
    /// The account.
    pub id: UserId,
    /// Their name.
    pub name: String,
    /// Their sign-in e-mail.
    pub email: String,
    /// Whether they can sign in.
    pub active: bool,
    /// Whether they have set a password yet.
    pub has_password: bool,
}

/// A new employer account, invited by staff: mailed a first-password link.
pub struct NewEmployerAccount<'a> {
    /// The employer.
    pub organisation: OrganisationId,
    /// Their name.
    pub name: &'a str,
    /// Their e-mail.
    pub email: &'a str,
    /// Who invites them.
    pub actor: UserId,
    /// The invitation link and its mail.
    pub link: AccountLink<'a>,
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

/// Invites a user of employer `org`: an active account without a password, mailed a
/// first-password link exactly as ambassadors are ([`crate::db::links`]).
pub async fn create_account(db: &Db, new: NewEmployerAccount<'_>) -> Result<UserId, DbError> {
    let now = Utc::now();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let taken = crate::db::first(
        users::Entity::find().filter(users::Column::Email.eq(new.email)),
        &txn,
    )
    .await?;
    if taken.is_some() {
        return Err(DbError::Constraint(Constraint::EmailTaken));
    }
    let user = users::ActiveModel {
        email: Set(new.email.to_owned()),
        display_name: Set(new.name.to_owned()),
        phone: Set(String::new()),
        role: Set(Role::Employer.as_str().to_owned()),
        password_hash: Set(None),
        active: Set(true),
        created_at: Set(now.fixed_offset()),
        password_changed_at: Set(None),
        organisation_id: Set(Some(new.organisation.0)),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|err| {
        if matches!(
            err.sql_err(),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
        ) {
            DbError::Constraint(Constraint::EmailTaken)
        } else {
            err.into()
        }
    })?;
    let id = UserId(user.id);
    links::cancel_unused(&txn, id, Purpose::Invitation).await?;
    let made = links::make_link(
        &txn,
        LinkFor {
            purpose: Purpose::Invitation,
            user: id,
            created_by: Some(new.actor),
            base_url: new.link.base_url,
            ttl: new.link.ttl,
        },
    )
    .await?;
    let text = (new.link.mail)(new.name, made.expires_at);
    outbox::enqueue_mail(
        &txn,
        NewMail {
            to: new.email,
            subject: &text.subject,
            body: &text.body,
            link: Some(made.id),
            notice: Some(Notice {
                kind: MailKind::Account,
                case: None,
                recipient: Some(id),
                key: None,
            }),
        },
    )
    .await?;
    record(
        &txn,
        None,
        Some(new.actor),
        AuditAction::PartnerChanged,
        new.name,
        Some("Employer account invited".to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The accounts of employer `org`, by name.
pub async fn accounts(db: &Db, org: OrganisationId) -> Result<Vec<EmployerAccount>, DbError> {
    let rows = crate::db::all(
        users::Entity::find()
            .filter(users::Column::OrganisationId.eq(org.0))
            .filter(users::Column::Role.eq(Role::Employer.as_str()))
            .order_by_asc(users::Column::DisplayName),
        db.conn(),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|u| EmployerAccount {
            id: UserId(u.id),
            name: u.display_name,
            email: u.email,
            active: u.active,
            has_password: u.password_hash.is_some(),
        })
        .collect())
}

/// Deactivates (`active == false`) or reactivates account `user` of employer `org`; an
/// account of another organisation is [`DbError::NotFound`]. A deactivated account's
/// sessions and tokens stop working at their next request (the extractors read `active`).
pub async fn set_account_active(
    db: &Db,
    org: OrganisationId,
    user: UserId,
    active: bool,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let done = users::Entity::update_many()
        .col_expr(users::Column::Active, Expr::value(active))
        .filter(users::Column::Id.eq(user.0))
        .filter(users::Column::OrganisationId.eq(org.0))
        .filter(users::Column::Role.eq(Role::Employer.as_str()))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(DbError::NotFound);
    }
    let what = if active { "reactivated" } else { "deactivated" };
    record(
        &txn,
        None,
        Some(actor),
        AuditAction::PartnerChanged,
        &format!("Employer account {}", user.0),
        Some(format!("Employer account {what}")),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

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
    let _guard = db.write_guard().await;
    record(
        db.write_conn(),
        Some(e.case),
        Some(actor),
        AuditAction::EmployerViewed,
        &e.person_name,
        Some(format!("{} saw the progress summary", e.organisation_name)),
    )
    .await
}

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

pub(super) async fn link_in(
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
        return Err(DbError::NotFound);
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
