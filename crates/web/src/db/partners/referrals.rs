//! Referrals (issue 21): a person of a case sent to a partner for a need, followed step by
//! step to its outcome. Each change is one transaction with its step row and a history line
//! on the case (`AuditAction::Referral`); a change made against an old version is
//! [`DbError::Conflict`]. The rules of the steps are the domain's (`ReferralStatus::step`):
//! the command works out the new status, this store writes it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, TransactionTrait,
};
use softland_domain::partner::{Category, ConsentHow, ReferralStatus};

use super::read::corrupt;
use crate::audit::AuditAction;
use crate::db::entities::{cases, referral_steps, referrals, users};
use crate::db::history::record;
use crate::db::rows::read_row;
use crate::db::vocabulary;
use crate::db::{Db, DbError};
use crate::ids::{CaseId, ContactId, OrganisationId, PersonId, ReferralId, UserId};

/// When and how a person agreed that the partner gets their contact details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharingConsent {
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// How it was given.
    pub how: ConsentHow,
}

/// A referral as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    /// Id.
    pub id: ReferralId,
    /// The case.
    pub case: CaseId,
    /// The person of the household it is for (`None`: the household).
    pub person: Option<PersonId>,
    /// The partner.
    pub organisation: OrganisationId,
    /// The partner's contact person, if one was named.
    pub contact: Option<ContactId>,
    /// What it is for.
    pub category: Category,
    /// The need, in the consultant's words.
    pub need: String,
    /// The consent to share the person's contact details with the partner (`None`: they are
    /// not shared).
    pub consent: Option<SharingConsent>,
    /// Where it stands.
    pub status: ReferralStatus,
    /// The note of the last step that had one (why it was not solved …).
    pub note: Option<String>,
    /// When the consultant follows it up (`None` once closed).
    pub follow_up_on: Option<NaiveDate>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// For optimistic concurrency (`ETag`s, forms).
    pub version: i64,
}

/// One step of a referral's way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The status it reached.
    pub status: ReferralStatus,
    /// Its note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (display name), when known.
    pub actor: Option<String>,
}

/// A new referral, every field checked.
#[derive(Debug, Clone)]
pub struct NewReferral<'a> {
    /// The case.
    pub case: CaseId,
    /// The person (of that case).
    pub person: Option<PersonId>,
    /// The partner (active).
    pub organisation: OrganisationId,
    /// Its contact person.
    pub contact: Option<ContactId>,
    /// What it is for.
    pub category: Category,
    /// The need.
    pub need: &'a str,
    /// How the person agreed to share their contact details (`None`: not shared).
    pub consent: Option<ConsentHow>,
    /// When to follow it up.
    pub follow_up_on: Option<NaiveDate>,
    /// Who refers.
    pub actor: UserId,
    /// The history line's subject (the partner's name).
    pub partner_name: &'a str,
}

/// A step of referral `id`, worked out by the domain from `from`.
#[derive(Debug, Clone)]
pub struct StepChange<'a> {
    /// The referral.
    pub id: ReferralId,
    /// The version the step was worked out from.
    pub version: i64,
    /// The status it had.
    pub from: ReferralStatus,
    /// The status it takes.
    pub to: ReferralStatus,
    /// The step's note.
    pub note: Option<&'a str>,
    /// The follow-up date it keeps (`None` clears it).
    pub follow_up_on: Option<NaiveDate>,
    /// Who.
    pub actor: UserId,
    /// The history line's subject (the partner's name).
    pub partner_name: &'a str,
}

/// An open referral to follow up, with what the dashboard names it by.
#[derive(Debug, Clone)]
pub struct FollowUp {
    /// The referral.
    pub referral: Referral,
    /// The case's principal.
    pub principal: String,
    /// The partner's name.
    pub organisation: String,
}

fn to_referral(m: referrals::Model) -> Result<Referral, DbError> {
    let status =
        vocabulary::referral_status_from(&m.status).ok_or_else(|| corrupt("status", &m.status))?;
    let category = vocabulary::referral_category_from(&m.category)
        .ok_or_else(|| corrupt("category", &m.category))?;
    let consent = match (m.share_contact, m.consent_at, m.consent_how.as_deref()) {
        (true, Some(at), Some(how)) => Some(SharingConsent {
            at: at.with_timezone(&Utc),
            how: vocabulary::consent_how_from(how).ok_or_else(|| corrupt("consent", how))?,
        }),
        _ => None,
    };
    Ok(Referral {
        id: ReferralId(m.id),
        case: CaseId(m.case_id),
        person: m.person_id.map(PersonId),
        organisation: OrganisationId(m.organisation_id),
        contact: m.contact_id.map(ContactId),
        category,
        need: m.need,
        consent,
        status,
        note: m.note,
        follow_up_on: m.follow_up_on,
        created_at: m.created_at.with_timezone(&Utc),
        updated_at: m.updated_at.with_timezone(&Utc),
        version: m.version,
    })
}

fn changed_meanwhile(at: DateTime<Utc>) -> DbError {
    DbError::Conflict(crate::db::cases::ChangedMeanwhile { by: None, at })
}

fn status_text(status: ReferralStatus, note: Option<&str>) -> String {
    match note {
        Some(note) => format!("{}: {note}", status.label()),
        None => status.label().to_owned(),
    }
}

/// Makes a referral with its first step (sent) and a history line on the case.
pub async fn create_referral(db: &Db, new: &NewReferral<'_>) -> Result<ReferralId, DbError> {
    let now = Utc::now().fixed_offset();
    let sent = ReferralStatus::Sent;
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let id = referrals::ActiveModel {
        case_id: Set(new.case.0),
        person_id: Set(new.person.map(|p| p.0)),
        organisation_id: Set(new.organisation.0),
        contact_id: Set(new.contact.map(|c| c.0)),
        category: Set(vocabulary::referral_category(new.category).to_owned()),
        need: Set(new.need.to_owned()),
        share_contact: Set(new.consent.is_some()),
        consent_at: Set(new.consent.map(|_| now)),
        consent_how: Set(new.consent.map(|h| vocabulary::consent_how(h).to_owned())),
        status: Set(vocabulary::referral_status(sent).to_owned()),
        note: Set(None),
        follow_up_on: Set(new.follow_up_on),
        created_at: Set(now),
        created_by: Set(Some(new.actor.0)),
        updated_at: Set(now),
        updated_by: Set(Some(new.actor.0)),
        closed_at: Set(None),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .id;
    insert_step(&txn, ReferralId(id), sent, None, new.actor).await?;
    let shared = if new.consent.is_some() {
        " (contact details shared with consent)"
    } else {
        ""
    };
    record(
        &txn,
        Some(new.case),
        Some(new.actor),
        AuditAction::Referral,
        new.partner_name,
        Some(format!("Referred: {}{shared}", new.need)),
    )
    .await?;
    txn.commit().await?;
    Ok(ReferralId(id))
}

async fn insert_step(
    txn: &sea_orm::DatabaseTransaction,
    id: ReferralId,
    status: ReferralStatus,
    note: Option<&str>,
    actor: UserId,
) -> Result<(), DbError> {
    referral_steps::ActiveModel {
        referral_id: Set(id.0),
        status: Set(vocabulary::referral_status(status).to_owned()),
        note: Set(note.map(str::to_owned)),
        at: Set(Utc::now().fixed_offset()),
        actor_id: Set(Some(actor.0)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Moves referral `change.id` from `change.from` to `change.to` if it is still at
/// `change.version`; returns the new version.
pub async fn step_referral(db: &Db, change: &StepChange<'_>) -> Result<i64, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = crate::db::first(referrals::Entity::find_by_id(change.id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let closed = !change.to.is_open();
    let mut model = referrals::ActiveModel {
        status: Set(vocabulary::referral_status(change.to).to_owned()),
        follow_up_on: Set(change.follow_up_on),
        updated_at: Set(now),
        updated_by: Set(Some(change.actor.0)),
        closed_at: Set(closed.then_some(now)),
        version: Set(change.version + 1),
        ..Default::default()
    };
    if let Some(note) = change.note {
        model.note = Set(Some(note.to_owned()));
    }
    // Only from the version and status the step was worked out from: the row decides.
    let changed = referrals::Entity::update_many()
        .set(model)
        .filter(referrals::Column::Id.eq(change.id.0))
        .filter(referrals::Column::Version.eq(change.version))
        .filter(referrals::Column::Status.eq(vocabulary::referral_status(change.from)))
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(changed_meanwhile(row.updated_at.with_timezone(&Utc)));
    }
    insert_step(&txn, change.id, change.to, change.note, change.actor).await?;
    record(
        &txn,
        Some(CaseId(row.case_id)),
        Some(change.actor),
        AuditAction::Referral,
        change.partner_name,
        Some(status_text(change.to, change.note)),
    )
    .await?;
    txn.commit().await?;
    Ok(change.version + 1)
}

/// Referral `id`.
pub async fn referral(db: &Db, id: ReferralId) -> Result<Referral, DbError> {
    let row = crate::db::first(referrals::Entity::find_by_id(id.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    to_referral(row)
}

/// An actor's name, read by column name (`db::reader` says why).
struct Actor {
    id: i64,
    display_name: String,
}

read_row!(Actor { id, display_name });

/// The steps of referral `id`, oldest first.
pub async fn referral_steps(db: &Db, id: ReferralId) -> Result<Vec<Step>, DbError> {
    let rows = crate::db::all(
        referral_steps::Entity::find()
            .filter(referral_steps::Column::ReferralId.eq(id.0))
            .order_by_asc(referral_steps::Column::Id),
        db.conn(),
    )
    .await?;
    let actor_ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
    let names_query = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::DisplayName)
        .filter(users::Column::Id.is_in(actor_ids));
    let names: HashMap<i64, String> = crate::db::select_as::<Actor>(&names_query, db.conn())
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    rows.into_iter()
        .map(|r| {
            Ok(Step {
                status: vocabulary::referral_status_from(&r.status)
                    .ok_or_else(|| corrupt("status", &r.status))?,
                note: r.note,
                at: r.at.with_timezone(&Utc),
                actor: r.actor_id.and_then(|a| names.get(&a).cloned()),
            })
        })
        .collect()
}

/// The referrals of these cases: open ones first (the earliest follow-up first), then the
/// closed ones, newest first.
pub async fn referrals_of_cases(db: &Db, ids: &[CaseId]) -> Result<Vec<Referral>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = crate::db::all(
        referrals::Entity::find()
            .filter(referrals::Column::CaseId.is_in(ids.iter().map(|c| c.0)))
            .order_by_desc(referrals::Column::Id),
        db.conn(),
    )
    .await?;
    let mut found = rows
        .into_iter()
        .map(to_referral)
        .collect::<Result<Vec<_>, _>>()?;
    found.sort_by_key(|r| {
        (
            !r.status.is_open(),
            r.status.is_open().then_some(r.follow_up_on),
        )
    });
    Ok(found)
}

/// The open referrals of `consultant`'s cases whose follow-up date is `until` or earlier,
/// the oldest date first.
pub async fn follow_ups(
    db: &Db,
    consultant: UserId,
    until: NaiveDate,
) -> Result<Vec<FollowUp>, DbError> {
    let open: Vec<&str> = ReferralStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(vocabulary::referral_status)
        .collect();
    let own_cases = cases::Entity::find()
        .select_only()
        .column(cases::Column::Id)
        .filter(cases::Column::ConsultantId.eq(consultant.0))
        .into_query();
    let rows = crate::db::all(
        referrals::Entity::find()
            .filter(referrals::Column::Status.is_in(open))
            .filter(referrals::Column::FollowUpOn.lte(until))
            .filter(referrals::Column::CaseId.in_subquery(own_cases))
            .order_by_asc(referrals::Column::FollowUpOn)
            .order_by_asc(referrals::Column::Id),
        db.conn(),
    )
    .await?;
    let referrals = rows
        .into_iter()
        .map(to_referral)
        .collect::<Result<Vec<_>, _>>()?;
    let case_ids: Vec<i64> = referrals.iter().map(|r| r.case.0).collect();
    let principals: HashMap<i64, String> = crate::db::all(
        cases::Entity::find().filter(cases::Column::Id.is_in(case_ids)),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(|c| (c.id, c.principal_name))
    .collect();
    let org_ids: Vec<OrganisationId> = referrals.iter().map(|r| r.organisation).collect();
    let names = organisation_names(db, &org_ids).await?;
    Ok(referrals
        .into_iter()
        .map(|referral| FollowUp {
            principal: principals
                .get(&referral.case.0)
                .cloned()
                .unwrap_or_default(),
            organisation: names
                .get(&referral.organisation)
                .cloned()
                .unwrap_or_default(),
            referral,
        })
        .collect())
}

/// A name, read by column name.
struct Named {
    id: i64,
    name: String,
}

read_row!(Named { id, name });

/// The names of these organisations.
pub async fn organisation_names(
    db: &Db,
    ids: &[OrganisationId],
) -> Result<HashMap<OrganisationId, String>, DbError> {
    use crate::db::entities::organisations;
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let query = organisations::Entity::find()
        .select_only()
        .column(organisations::Column::Id)
        .column(organisations::Column::Name)
        .filter(organisations::Column::Id.is_in(ids.iter().map(|i| i.0)));
    Ok(crate::db::select_as::<Named>(&query, db.conn())
        .await?
        .into_iter()
        .map(|n| (OrganisationId(n.id), n.name))
        .collect())
}
