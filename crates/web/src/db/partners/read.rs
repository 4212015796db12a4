//! Reading the directory: kinds, organisations with their kind, contacts, possible
//! duplicates, and the partners named for checklist items.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use softland_domain::partner::{Agreement, Labels, Languages, OpeningHours, Phone, Website};
use softland_domain::person::Email;

use super::{
    Contact, ContactPerson, Details, Duplicate, DuplicateBy, Filter, Helps, Kind, Organisation,
};
use crate::db::entities::{organisation_contacts, organisations, partner_kinds, partner_links};
use crate::db::{Db, DbError};
use crate::ids::{ContactId, OrganisationId, PartnerKindId};

pub(super) fn corrupt(what: &str, text: &str) -> DbError {
    DbError::Other(sea_orm::DbErr::Custom(format!("unknown {what} {text}")))
}

fn to_kind(m: partner_kinds::Model) -> Kind {
    Kind {
        id: PartnerKindId(m.id),
        slug: m.slug,
        name: m.name,
        position: m.position,
    }
}

/// Every kind, in the admins' order.
pub async fn kinds(db: &Db) -> Result<Vec<Kind>, DbError> {
    let rows = crate::db::all(
        partner_kinds::Entity::find()
            .order_by_asc(partner_kinds::Column::Position)
            .order_by_asc(partner_kinds::Column::Id),
        db.conn(),
    )
    .await?;
    Ok(rows.into_iter().map(to_kind).collect())
}

fn opt_text(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// An organisation row with its kind, parsed (stored values were checked when saved; a
/// value that no longer parses is a corrupt row).
pub(super) fn to_organisation(
    m: organisations::Model,
    kinds: &HashMap<i64, Kind>,
) -> Result<Organisation, DbError> {
    let kind = kinds
        .get(&m.kind_id)
        .cloned()
        .ok_or_else(|| corrupt("partner kind", &m.kind_id.to_string()))?;
    let opening_hours = match m.opening_hours.as_deref() {
        Some(text) => OpeningHours::parse(text).map_err(|_| corrupt("opening hours", text))?,
        None => None,
    };
    let website = opt_text(m.website)
        .map(|w| Website::parse(&w).map_err(|_| corrupt("website", &w)))
        .transpose()?;
    let email = opt_text(m.email)
        .map(|e| Email::parse(&e).map_err(|_| corrupt("e-mail", &e)))
        .transpose()?;
    let phone = opt_text(m.phone)
        .map(|p| Phone::parse(&p).map_err(|_| corrupt("phone", &p)))
        .transpose()?;
    let languages =
        Languages::parse(&m.languages).map_err(|_| corrupt("languages", &m.languages))?;
    let services = Labels::parse(&m.services).map_err(|_| corrupt("services", &m.services))?;
    let tags = Labels::parse(&m.tags).map_err(|_| corrupt("tags", &m.tags))?;
    let status = crate::db::vocabulary::agreement_from(&m.agreement)
        .ok_or_else(|| corrupt("agreement", &m.agreement))?;
    let agreement = Agreement::new(status, m.agreement_from, m.agreement_until)
        .map_err(|_| corrupt("agreement dates", &m.agreement))?;
    Ok(Organisation {
        id: OrganisationId(m.id),
        kind,
        details: Details {
            kind: PartnerKindId(m.kind_id),
            name: m.name,
            address: opt_text(m.address),
            district: opt_text(m.district),
            opening_hours,
            website,
            email,
            phone,
            languages,
            services,
            tags,
            notes: opt_text(m.notes),
            active: m.active,
            public: m.public,
            agreement,
            last_contact_on: m.last_contact_on,
        },
        version: m.version,
        created_at: m.created_at.with_timezone(&Utc),
        updated_at: m.updated_at.with_timezone(&Utc),
    })
}

async fn kind_map(db: &Db) -> Result<HashMap<i64, Kind>, DbError> {
    Ok(kinds(db).await?.into_iter().map(|k| (k.id.0, k)).collect())
}

/// Organisation `id`.
pub async fn organisation(db: &Db, id: OrganisationId) -> Result<Organisation, DbError> {
    let row = crate::db::first(organisations::Entity::find_by_id(id.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)?;
    to_organisation(row, &kind_map(db).await?)
}

/// The organisations with these ids that exist (any order).
pub async fn organisations_by_id(
    db: &Db,
    ids: &[OrganisationId],
) -> Result<Vec<Organisation>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let kinds = kind_map(db).await?;
    let rows = crate::db::all(
        organisations::Entity::find()
            .filter(organisations::Column::Id.is_in(ids.iter().map(|i| i.0))),
        db.conn(),
    )
    .await?;
    rows.into_iter()
        .map(|m| to_organisation(m, &kinds))
        .collect()
}

/// The organisations `filter` admits, by name. The directory is small (hundreds, not
/// thousands): the kind is filtered in SQL, the rest here.
pub async fn organisations(db: &Db, filter: &Filter) -> Result<Vec<Organisation>, DbError> {
    let kinds = kind_map(db).await?;
    let mut query = organisations::Entity::find()
        .order_by_asc(organisations::Column::NameKey)
        .order_by_asc(organisations::Column::Id);
    if let Some(kind) = filter.kind {
        query = query.filter(organisations::Column::KindId.eq(kind.0));
    }
    if !filter.include_inactive {
        query = query.filter(organisations::Column::Active.eq(true));
    }
    let rows = crate::db::all(query, db.conn()).await?;
    let mut found = Vec::new();
    for row in rows {
        let org = to_organisation(row, &kinds)?;
        if filter.admits(&org) {
            found.push(org);
        }
    }
    Ok(found)
}

fn to_contact(m: organisation_contacts::Model) -> Contact {
    Contact {
        id: ContactId(m.id),
        organisation: OrganisationId(m.organisation_id),
        person: ContactPerson {
            name: m.name,
            role: opt_text(m.role),
            email: opt_text(m.email).and_then(|e| Email::parse(&e).ok()),
            phone: opt_text(m.phone).and_then(|p| Phone::parse(&p).ok()),
        },
    }
}

/// The contact people of organisation `id`, in their order.
pub async fn contacts(db: &Db, id: OrganisationId) -> Result<Vec<Contact>, DbError> {
    let rows = crate::db::all(
        organisation_contacts::Entity::find()
            .filter(organisation_contacts::Column::OrganisationId.eq(id.0))
            .order_by_asc(organisation_contacts::Column::Position)
            .order_by_asc(organisation_contacts::Column::Id),
        db.conn(),
    )
    .await?;
    Ok(rows.into_iter().map(to_contact).collect())
}

/// The contact people of these organisations, by organisation.
pub async fn contacts_of(
    db: &Db,
    ids: &[OrganisationId],
) -> Result<HashMap<OrganisationId, Vec<Contact>>, DbError> {
    let mut found: HashMap<OrganisationId, Vec<Contact>> = HashMap::new();
    if ids.is_empty() {
        return Ok(found);
    }
    let rows = crate::db::all(
        organisation_contacts::Entity::find()
            .filter(organisation_contacts::Column::OrganisationId.is_in(ids.iter().map(|i| i.0)))
            .order_by_asc(organisation_contacts::Column::Position)
            .order_by_asc(organisation_contacts::Column::Id),
        db.conn(),
    )
    .await?;
    for row in rows {
        let contact = to_contact(row);
        found.entry(contact.organisation).or_default().push(contact);
    }
    Ok(found)
}

/// One contact person.
pub async fn contact(db: &Db, id: ContactId) -> Result<Contact, DbError> {
    crate::db::first(organisation_contacts::Entity::find_by_id(id.0), db.conn())
        .await?
        .map(to_contact)
        .ok_or(DbError::NotFound)
}

/// The organisations (other than `except`) a new or changed one called `name`, with
/// `email`, may be the same as: by name key, or by the organisation's or a contact's e-mail.
pub async fn duplicates(
    db: &Db,
    name: &str,
    email: Option<&str>,
    except: Option<OrganisationId>,
) -> Result<Vec<Duplicate>, DbError> {
    let key = softland_domain::partner::name_key(name);
    let mut found: Vec<Duplicate> = Vec::new();
    let by_name = crate::db::all(
        organisations::Entity::find().filter(organisations::Column::NameKey.eq(key.as_str())),
        db.conn(),
    )
    .await?;
    for m in by_name {
        found.push(Duplicate {
            id: OrganisationId(m.id),
            name: m.name,
            by: DuplicateBy::Name,
        });
    }
    if let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) {
        let email = email.to_lowercase();
        let mut ids: Vec<i64> = crate::db::all(
            organisations::Entity::find().filter(organisations::Column::Email.eq(email.as_str())),
            db.conn(),
        )
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
        ids.extend(
            crate::db::all(
                organisation_contacts::Entity::find()
                    .filter(organisation_contacts::Column::Email.eq(email.as_str())),
                db.conn(),
            )
            .await?
            .into_iter()
            .map(|c| c.organisation_id),
        );
        let by_email = crate::db::all(
            organisations::Entity::find().filter(organisations::Column::Id.is_in(ids)),
            db.conn(),
        )
        .await?;
        for m in by_email {
            if !found.iter().any(|d| d.id.0 == m.id) {
                found.push(Duplicate {
                    id: OrganisationId(m.id),
                    name: m.name,
                    by: DuplicateBy::Email,
                });
            }
        }
    }
    found.retain(|d| Some(d.id) != except);
    Ok(found)
}

/// The kinds and organisations named for each of these checklist item keys.
pub async fn helpers_of_items(
    db: &Db,
    keys: &[&str],
) -> Result<HashMap<String, Vec<Helps>>, DbError> {
    let mut found: HashMap<String, Vec<Helps>> = HashMap::new();
    if keys.is_empty() {
        return Ok(found);
    }
    let rows = crate::db::all(
        partner_links::Entity::find()
            .filter(partner_links::Column::ItemKey.is_in(keys.iter().copied()))
            .order_by_asc(partner_links::Column::Id),
        db.conn(),
    )
    .await?;
    for row in rows {
        let helps = match (row.kind_id, row.organisation_id) {
            (Some(kind), _) => Helps::Kind(PartnerKindId(kind)),
            (None, Some(org)) => Helps::Organisation(OrganisationId(org)),
            (None, None) => continue,
        };
        found.entry(row.item_key).or_default().push(helps);
    }
    Ok(found)
}

/// Every link of items to partners: (item key, what helps), by item key.
pub async fn all_item_helpers(db: &Db) -> Result<Vec<(String, Helps)>, DbError> {
    let rows = crate::db::all(
        partner_links::Entity::find()
            .order_by_asc(partner_links::Column::ItemKey)
            .order_by_asc(partner_links::Column::Id),
        db.conn(),
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let helps = match (row.kind_id, row.organisation_id) {
                (Some(kind), _) => Helps::Kind(PartnerKindId(kind)),
                (None, Some(org)) => Helps::Organisation(OrganisationId(org)),
                (None, None) => return None,
            };
            Some((row.item_key, helps))
        })
        .collect())
}
