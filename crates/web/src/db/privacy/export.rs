//! What the Art. 15/20 export of one person reads (issue 23): their own rows, the rows of
//! their household that are theirs too (household checklist items, shared notes, the case's
//! conversation, the household's files), and nothing of any other person: no other member's
//! date of birth, passport, documents, key dates, items, consents, buddy request,
//! employment, referrals or events.
//!
//! The shape is `data.json`'s, documented in `docs/export-schema.json`; a field added here
//! is added there (and `EXPORT_SCHEMA_VERSION` rises when one changes meaning or goes).

mod parts;

pub use parts::*;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::db::entities::{
    buddy_matches, case_key_dates, cases, checklist_items, employments, event_registrations,
    events, organisations, people, person_documents, person_key_dates, referrals, users,
};
use crate::db::files::CaseFile;
use crate::db::messages::Side;
use crate::db::notes::Visibility;
use crate::db::{Db, DbError};
use crate::ids::{CaseId, PersonId};

fn utc(at: sea_orm::prelude::DateTimeWithTimeZone) -> DateTime<Utc> {
    at.with_timezone(&Utc)
}

/// Person `person` of case `case`, or not found (a person of another case too).
pub async fn person_row(db: &Db, case: CaseId, person: PersonId) -> Result<people::Model, DbError> {
    crate::db::first(
        people::Entity::find_by_id(person.0).filter(people::Column::CaseId.eq(case.0)),
        db.conn(),
    )
    .await?
    .ok_or(DbError::NotFound)
}

/// The person part: their row, key dates and documents.
async fn person_part(db: &Db, p: &people::Model) -> Result<PersonPart, DbError> {
    let dates = crate::db::all(
        person_key_dates::Entity::find()
            .filter(person_key_dates::Column::PersonId.eq(p.id))
            .order_by_asc(person_key_dates::Column::Kind),
        db.conn(),
    )
    .await?;
    let documents = crate::db::all(
        person_documents::Entity::find()
            .filter(person_documents::Column::PersonId.eq(p.id))
            .order_by_asc(person_documents::Column::NumberInCase),
        db.conn(),
    )
    .await?;
    Ok(PersonPart {
        id: p.id,
        name: p.name.clone(),
        relation: p.relation.clone(),
        date_of_birth: p.date_of_birth,
        nationality: p.nationality.clone(),
        email: p.email.clone(),
        passport_number: p.passport_number.clone(),
        passport_expiry: p.passport_expiry,
        key_dates: dates
            .into_iter()
            .map(|d| DatePart {
                kind: d.kind,
                date: d.date,
            })
            .collect(),
        documents: documents
            .into_iter()
            .map(|d| DocumentPart {
                kind: d.kind,
                number: d.number,
                issuing_country: d.issuing_country,
                issued_on: d.issued_on,
                valid_until: d.valid_until,
            })
            .collect(),
    })
}

async fn case_part(db: &Db, case: CaseId) -> Result<CasePart, DbError> {
    let c = crate::db::first(cases::Entity::find_by_id(case.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    let dates = crate::db::all(
        case_key_dates::Entity::find()
            .filter(case_key_dates::Column::CaseId.eq(case.0))
            .order_by_asc(case_key_dates::Column::Kind),
        db.conn(),
    )
    .await?;
    Ok(CasePart {
        id: c.id,
        status: c.status,
        opened_on: c.opened_on,
        closed_on: c.closed_on,
        outcome: c.outcome,
        lawful_basis: c.lawful_basis,
        key_dates: dates
            .into_iter()
            .map(|d| DatePart {
                kind: d.kind,
                date: d.date,
            })
            .collect(),
    })
}

async fn checklist(db: &Db, case: CaseId, person: PersonId) -> Result<Vec<ItemPart>, DbError> {
    let items = crate::db::all(
        checklist_items::Entity::find()
            .filter(checklist_items::Column::CaseId.eq(case.0))
            .order_by_asc(checklist_items::Column::Position),
        db.conn(),
    )
    .await?;
    Ok(items
        .into_iter()
        .filter(|i| i.holder.is_none_or(|h| h == person.0))
        .map(|i| ItemPart {
            held_by: if i.holder.is_some() {
                "person"
            } else {
                "household"
            },
            title: i.title,
            category: i.category,
            status: i.status,
            status_on: i.status_on,
            due_on: i.due_on,
        })
        .collect())
}

async fn account(db: &Db, user: Option<i64>) -> Result<Option<AccountPart>, DbError> {
    let Some(user) = user else {
        return Ok(None);
    };
    Ok(crate::db::first(users::Entity::find_by_id(user), db.conn())
        .await?
        .map(|u| AccountPart {
            email: u.email,
            display_name: u.display_name,
            created_at: utc(u.created_at),
        }))
}

async fn conversation(
    db: &Db,
    case: CaseId,
    user: Option<i64>,
) -> Result<Vec<MessagePart>, DbError> {
    // The whole conversation: the household reads every message of it in the portal.
    let thread = crate::db::messages::thread(db, case, None, 100_000).await?;
    Ok(thread
        .into_iter()
        .map(|m| {
            let own = m.author.is_some_and(|a| Some(a.0) == user);
            let author = match m.side {
                _ if own => "you".to_owned(),
                Side::Staff => m.author_name.unwrap_or_else(|| "the centre".to_owned()),
                Side::Expat => "household".to_owned(),
            };
            MessagePart {
                at: m.created_at,
                side: match m.side {
                    Side::Staff => "centre",
                    Side::Expat => "household",
                },
                author,
                body: m.body,
            }
        })
        .collect())
}

async fn notes(db: &Db, case: CaseId) -> Result<Vec<NotePart>, DbError> {
    let notes = crate::db::notes::list(db, case, false, 100_000).await?;
    Ok(notes
        .into_iter()
        .filter(|n| n.visibility == Visibility::Shared)
        .map(|n| NotePart {
            at: n.created_at,
            author: n.author_name,
            body: n.body,
        })
        .collect())
}

/// The person's files and the household's, with where each goes in the ZIP.
async fn files(
    db: &Db,
    case: CaseId,
    person: PersonId,
) -> Result<Vec<(FilePart, String)>, DbError> {
    let files: Vec<CaseFile> = crate::db::files::of_case(db, case).await?;
    Ok(files
        .into_iter()
        .filter(|f| f.person.is_none_or(|p| p == person))
        .map(|f| {
            let path = format!("files/{}-{}", f.id.0, f.name.as_str());
            (
                FilePart {
                    name: f.name.as_str().to_owned(),
                    belongs_to: if f.person.is_some() {
                        "person"
                    } else {
                        "household"
                    },
                    size: f.size,
                    media_type: f.kind.media_type(),
                    sha256: f.sha256,
                    uploaded_at: f.uploaded_at,
                    path,
                },
                f.key,
            )
        })
        .collect())
}

/// Everything of person `person` of case `case` (not found for a person of another case).
pub async fn person_data(db: &Db, case: CaseId, person: PersonId) -> Result<PersonData, DbError> {
    let p = person_row(db, case, person).await?;
    let files = files(db, case, person).await?;
    let (features, buddy_requests, employments, referrals) =
        feature_parts(db, case, person).await?;
    let mut consents = register_parts(db, case, person).await?;
    consents.extend(features);
    Ok(PersonData {
        person: person_part(db, &p).await?,
        account: account(db, p.user_id).await?,
        case: case_part(db, case).await?,
        checklist: checklist(db, case, person).await?,
        consents,
        messages: conversation(db, case, p.user_id).await?,
        shared_notes: notes(db, case).await?,
        objects: files
            .iter()
            .map(|(f, key)| (f.path.clone(), key.clone()))
            .collect(),
        files: files.into_iter().map(|(f, _)| f).collect(),
        buddy_requests,
        employments,
        referrals,
        event_registrations: registrations(db, p.user_id).await?,
    })
}

async fn register_parts(
    db: &Db,
    case: CaseId,
    person: PersonId,
) -> Result<Vec<ConsentPart>, DbError> {
    Ok(super::consents_of_cases(db, &[case])
        .await?
        .into_iter()
        .filter(|r| r.person == person)
        .map(|r| ConsentPart {
            purpose: r.purpose.as_str(),
            about: None,
            given_at: r.given_at,
            given_how: r.given_how.map(crate::db::vocabulary::consent_how),
            withdrawn_at: r.withdrawn_at,
        })
        .collect())
}

/// The consents kept by the buddy, employer and referral features, with those records.
type FeatureParts = (
    Vec<ConsentPart>,
    Vec<BuddyPart>,
    Vec<EmploymentPart>,
    Vec<ReferralPart>,
);

fn how(h: Option<&str>) -> Option<&'static str> {
    h.and_then(crate::db::vocabulary::consent_how_from)
        .map(crate::db::vocabulary::consent_how)
}

async fn buddy_parts(
    db: &Db,
    case: CaseId,
    person: PersonId,
) -> Result<(Vec<ConsentPart>, Vec<BuddyPart>), DbError> {
    use softland_domain::privacy::Purpose;
    let matches = crate::db::all(
        buddy_matches::Entity::find()
            .filter(buddy_matches::Column::CaseId.eq(case.0))
            .filter(buddy_matches::Column::PersonId.eq(person.0))
            .order_by_asc(buddy_matches::Column::Id),
        db.conn(),
    )
    .await?;
    let consents = matches
        .iter()
        .map(|m| ConsentPart {
            purpose: Purpose::BuddySharing.as_str(),
            about: None,
            given_at: Some(utc(m.consent_at)),
            given_how: None,
            withdrawn_at: m.consent_withdrawn_at.map(utc),
        })
        .collect();
    let buddies = matches
        .into_iter()
        .map(|m| BuddyPart {
            state: m.state,
            languages: m.languages,
            district: m.district,
            topics: m.topics,
            wishes: m.wishes,
            phone: m.phone,
            requested_at: utc(m.requested_at),
            ended_at: m.ended_at.map(utc),
            rating: m.rating,
            feedback: m.feedback,
        })
        .collect();
    Ok((consents, buddies))
}

async fn feature_parts(db: &Db, case: CaseId, person: PersonId) -> Result<FeatureParts, DbError> {
    use softland_domain::privacy::Purpose;
    let (mut consents, buddies) = buddy_parts(db, case, person).await?;
    let jobs = crate::db::all(
        employments::Entity::find()
            .filter(employments::Column::PersonId.eq(person.0))
            .order_by_asc(employments::Column::Id),
        db.conn(),
    )
    .await?;
    let refs = crate::db::all(
        referrals::Entity::find()
            .filter(referrals::Column::PersonId.eq(person.0))
            .order_by_asc(referrals::Column::Id),
        db.conn(),
    )
    .await?;
    let org_ids: Vec<i64> = jobs
        .iter()
        .map(|e| e.organisation_id)
        .chain(refs.iter().map(|r| r.organisation_id))
        .collect();
    let orgs = crate::db::all(
        organisations::Entity::find().filter(organisations::Column::Id.is_in(org_ids)),
        db.conn(),
    )
    .await?;
    let name = |id: i64| {
        orgs.iter()
            .find(|o| o.id == id)
            .map_or_else(String::new, |o| o.name.clone())
    };
    for e in &jobs {
        consents.push(ConsentPart {
            purpose: Purpose::EmployerSharing.as_str(),
            about: Some(name(e.organisation_id)),
            given_at: e.consent_at.map(utc),
            given_how: how(e.consent_how.as_deref()),
            withdrawn_at: e.consent_withdrawn_at.map(utc),
        });
    }
    for r in refs.iter().filter(|r| r.consent_at.is_some()) {
        consents.push(ConsentPart {
            purpose: Purpose::PartnerReferral.as_str(),
            about: Some(name(r.organisation_id)),
            given_at: r.consent_at.map(utc),
            given_how: how(r.consent_how.as_deref()),
            withdrawn_at: None,
        });
    }
    let employments = jobs
        .iter()
        .map(|e| EmploymentPart {
            employer: name(e.organisation_id),
            created_at: utc(e.created_at),
        })
        .collect();
    let referrals = refs
        .into_iter()
        .map(|r| ReferralPart {
            partner: name(r.organisation_id),
            category: r.category,
            need: r.need,
            status: r.status,
            created_at: utc(r.created_at),
        })
        .collect();
    Ok((consents, buddies, employments, referrals))
}

async fn registrations(db: &Db, user: Option<i64>) -> Result<Vec<RegistrationPart>, DbError> {
    let Some(user) = user else {
        return Ok(Vec::new());
    };
    let regs = crate::db::all(
        event_registrations::Entity::find()
            .filter(event_registrations::Column::UserId.eq(user))
            .order_by_asc(event_registrations::Column::Id),
        db.conn(),
    )
    .await?;
    let events = crate::db::all(
        events::Entity::find().filter(events::Column::Id.is_in(regs.iter().map(|r| r.event_id))),
        db.conn(),
    )
    .await?;
    Ok(regs
        .into_iter()
        .filter_map(|r| {
            let e = events.iter().find(|e| e.id == r.event_id)?;
            Some(RegistrationPart {
                event: e.title.clone(),
                starts_at: utc(e.starts_at),
                name: r.name,
                email: r.email,
                status: r.status,
                registered_at: utc(r.created_at),
            })
        })
        .collect())
}
