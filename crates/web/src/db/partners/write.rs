//! Changing the directory: organisations, their contact people, the kinds, and which
//! partners help with which checklist item. Each change is one transaction with its history
//! line.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    TransactionTrait,
};

use super::{ContactPerson, Details, Helps};
use crate::audit::AuditAction;
use crate::db::entities::{organisation_contacts, organisations, partner_kinds, partner_links};
use crate::db::history::record;
use crate::db::vocabulary;
use crate::db::{Db, DbError};
use crate::ids::{ContactId, OrganisationId, PartnerKindId, UserId};

/// The directory's history line (no case) for a change by `actor` to `subject`.
async fn changed(
    txn: &DatabaseTransaction,
    actor: UserId,
    subject: &str,
    what: impl Into<String>,
) -> Result<(), DbError> {
    record(
        txn,
        None,
        Some(actor),
        AuditAction::PartnerChanged,
        subject,
        Some(what.into()),
    )
    .await
}

/// Contact person `id` of organisation `org` (another organisation's is not found).
async fn contact_of(
    txn: &DatabaseTransaction,
    org: OrganisationId,
    id: ContactId,
) -> Result<organisation_contacts::Model, DbError> {
    crate::db::first(organisation_contacts::Entity::find_by_id(id.0), txn)
        .await?
        .filter(|c| c.organisation_id == org.0)
        .ok_or(DbError::NotFound)
}

fn changed_meanwhile() -> DbError {
    DbError::Conflict(crate::db::cases::ChangedMeanwhile {
        by: None,
        at: Utc::now(),
    })
}

fn detail_columns(model: &mut organisations::ActiveModel, d: &Details) {
    model.kind_id = Set(d.kind.0);
    model.name = Set(d.name.clone());
    model.name_key = Set(softland_domain::partner::name_key(&d.name));
    model.address = Set(d.address.clone());
    model.district = Set(d.district.clone());
    model.opening_hours = Set(d
        .opening_hours
        .as_ref()
        .map(softland_domain::partner::OpeningHours::to_text));
    model.website = Set(d.website.as_ref().map(|w| w.as_str().to_owned()));
    model.email = Set(d.email.as_ref().map(|e| e.as_str().to_owned()));
    model.phone = Set(d.phone.as_ref().map(|p| p.as_str().to_owned()));
    model.languages = Set(d.languages.to_text());
    model.services = Set(d.services.to_text());
    model.tags = Set(d.tags.to_text());
    model.notes = Set(d.notes.clone());
    model.active = Set(d.active);
    model.public = Set(d.public);
    model.agreement = Set(vocabulary::agreement(d.agreement.status()).to_owned());
    model.agreement_from = Set(d.agreement.from());
    model.agreement_until = Set(d.agreement.until());
    model.last_contact_on = Set(d.last_contact_on);
}

async fn kind_exists(txn: &DatabaseTransaction, kind: PartnerKindId) -> Result<(), DbError> {
    crate::db::first(partner_kinds::Entity::find_by_id(kind.0), txn)
        .await?
        .map(|_| ())
        .ok_or(DbError::NotFound)
}

/// Adds an organisation. An unknown kind is [`DbError::NotFound`].
pub async fn create_organisation(
    db: &Db,
    details: &Details,
    actor: UserId,
) -> Result<OrganisationId, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    kind_exists(&txn, details.kind).await?;
    let mut model = organisations::ActiveModel {
        created_at: Set(now),
        created_by: Set(Some(actor.0)),
        updated_at: Set(now),
        updated_by: Set(Some(actor.0)),
        version: Set(1),
        ..Default::default()
    };
    detail_columns(&mut model, details);
    let id = OrganisationId(model.insert(&txn).await?.id);
    changed(
        &txn,
        actor,
        &details.name,
        "Added to the directory".to_owned(),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Changes organisation `id` if it is still at `version`; returns the new version.
pub async fn update_organisation(
    db: &Db,
    id: OrganisationId,
    version: i64,
    details: &Details,
    actor: UserId,
) -> Result<i64, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    kind_exists(&txn, details.kind).await?;
    crate::db::first(organisations::Entity::find_by_id(id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let mut model = organisations::ActiveModel {
        updated_at: Set(now),
        updated_by: Set(Some(actor.0)),
        version: Set(version + 1),
        ..Default::default()
    };
    detail_columns(&mut model, details);
    // Only from the version the change was made against (two instances: the row decides).
    let updated = organisations::Entity::update_many()
        .set(model)
        .filter(organisations::Column::Id.eq(id.0))
        .filter(organisations::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(changed_meanwhile());
    }
    changed(&txn, actor, &details.name, "Details changed").await?;
    txn.commit().await?;
    Ok(version + 1)
}

/// Records that the centre spoke with organisation `id` on `on` (partnership management).
pub async fn touch_last_contact(
    db: &Db,
    id: OrganisationId,
    on: chrono::NaiveDate,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let org = crate::db::first(organisations::Entity::find_by_id(id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    organisations::Entity::update_many()
        .col_expr(organisations::Column::LastContactOn, Expr::value(on))
        .col_expr(
            organisations::Column::Version,
            Expr::col(organisations::Column::Version).add(1),
        )
        .col_expr(
            organisations::Column::UpdatedAt,
            Expr::value(Utc::now().fixed_offset()),
        )
        .filter(organisations::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    changed(&txn, actor, &org.name, format!("Last contact {on}")).await?;
    txn.commit().await?;
    Ok(())
}

fn contact_columns(model: &mut organisation_contacts::ActiveModel, p: &ContactPerson) {
    model.name = Set(p.name.clone());
    model.role = Set(p.role.clone());
    model.email = Set(p.email.as_ref().map(|e| e.as_str().to_owned()));
    model.phone = Set(p.phone.as_ref().map(|x| x.as_str().to_owned()));
}

async fn bump(txn: &DatabaseTransaction, id: OrganisationId) -> Result<String, DbError> {
    let org = crate::db::first(organisations::Entity::find_by_id(id.0), txn)
        .await?
        .ok_or(DbError::NotFound)?;
    organisations::Entity::update_many()
        .col_expr(
            organisations::Column::Version,
            Expr::col(organisations::Column::Version).add(1),
        )
        .col_expr(
            organisations::Column::UpdatedAt,
            Expr::value(Utc::now().fixed_offset()),
        )
        .filter(organisations::Column::Id.eq(id.0))
        .exec(txn)
        .await?;
    Ok(org.name)
}

/// Adds a contact person to organisation `org` (last in its order). The organisation's
/// version moves (its page and `ETag` change).
pub async fn add_contact(
    db: &Db,
    org: OrganisationId,
    person: &ContactPerson,
    actor: UserId,
) -> Result<ContactId, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let name = bump(&txn, org).await?;
    let position = crate::db::count(
        &organisation_contacts::Entity::find()
            .filter(organisation_contacts::Column::OrganisationId.eq(org.0)),
        &txn,
    )
    .await?;
    let mut model = organisation_contacts::ActiveModel {
        organisation_id: Set(org.0),
        position: Set(i64::try_from(position).unwrap_or(i64::MAX)),
        ..Default::default()
    };
    contact_columns(&mut model, person);
    let id = ContactId(model.insert(&txn).await?.id);
    changed(
        &txn,
        actor,
        &name,
        format!("Contact added: {}", person.name),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Changes contact person `id` of organisation `org`; another organisation's contact is
/// [`DbError::NotFound`].
pub async fn update_contact(
    db: &Db,
    org: OrganisationId,
    id: ContactId,
    person: &ContactPerson,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let existing = contact_of(&txn, org, id).await?;
    let name = bump(&txn, org).await?;
    let mut model: organisation_contacts::ActiveModel = existing.into();
    contact_columns(&mut model, person);
    model.update(&txn).await?;
    changed(
        &txn,
        actor,
        &name,
        format!("Contact changed: {}", person.name),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes contact person `id` of organisation `org` (referrals that named them keep the
/// organisation).
pub async fn remove_contact(
    db: &Db,
    org: OrganisationId,
    id: ContactId,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let existing = contact_of(&txn, org, id).await?;
    let name = bump(&txn, org).await?;
    organisation_contacts::Entity::delete_by_id(id.0)
        .exec(&txn)
        .await?;
    changed(
        &txn,
        actor,
        &name,
        format!("Contact removed: {}", existing.name),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a kind (last in the list). A taken slug is [`crate::db::Constraint::KindTaken`].
pub async fn add_kind(
    db: &Db,
    slug: &str,
    name: &str,
    actor: UserId,
) -> Result<PartnerKindId, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let taken = crate::db::first(
        partner_kinds::Entity::find().filter(partner_kinds::Column::Slug.eq(slug)),
        &txn,
    )
    .await?;
    if taken.is_some() {
        return Err(DbError::Constraint(crate::db::Constraint::KindTaken));
    }
    let position = crate::db::count(&partner_kinds::Entity::find(), &txn).await?;
    let model = partner_kinds::ActiveModel {
        slug: Set(slug.to_owned()),
        name: Set(name.to_owned()),
        position: Set(i64::try_from(position).unwrap_or(i64::MAX) + 1),
        ..Default::default()
    };
    let id = model.insert(&txn).await.map_err(|err| {
        if matches!(
            err.sql_err(),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
        ) {
            DbError::Constraint(crate::db::Constraint::KindTaken)
        } else {
            err.into()
        }
    })?;
    changed(&txn, actor, name, "Kind added").await?;
    txn.commit().await?;
    Ok(PartnerKindId(id.id))
}

/// Renames kind `id` (its slug stays: links and filters keep working).
pub async fn rename_kind(
    db: &Db,
    id: PartnerKindId,
    name: &str,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let existing = crate::db::first(partner_kinds::Entity::find_by_id(id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let before = existing.name.clone();
    let mut model: partner_kinds::ActiveModel = existing.into();
    model.name = Set(name.to_owned());
    model.update(&txn).await?;
    changed(&txn, actor, name, format!("Kind renamed from {before}")).await?;
    txn.commit().await?;
    Ok(())
}

/// Sets which kinds and organisations help with checklist item `item_key` (replacing what
/// was named before). An unknown kind or organisation is [`DbError::NotFound`].
pub async fn set_item_helpers(
    db: &Db,
    item_key: &str,
    helpers: &[Helps],
    actor: UserId,
) -> Result<(), DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    for helps in helpers {
        let exists = match helps {
            Helps::Kind(kind) => crate::db::first(partner_kinds::Entity::find_by_id(kind.0), &txn)
                .await?
                .is_some(),
            Helps::Organisation(org) => {
                crate::db::first(organisations::Entity::find_by_id(org.0), &txn)
                    .await?
                    .is_some()
            }
        };
        if !exists {
            return Err(DbError::NotFound);
        }
    }
    partner_links::Entity::delete_many()
        .filter(partner_links::Column::ItemKey.eq(item_key))
        .exec(&txn)
        .await?;
    let mut seen = std::collections::HashSet::new();
    for helps in helpers.iter().filter(|h| seen.insert(**h)) {
        let (kind, org) = match helps {
            Helps::Kind(k) => (Some(k.0), None),
            Helps::Organisation(o) => (None, Some(o.0)),
        };
        partner_links::ActiveModel {
            item_key: Set(item_key.to_owned()),
            kind_id: Set(kind),
            organisation_id: Set(org),
            created_at: Set(now),
            created_by: Set(Some(actor.0)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    changed(
        &txn,
        actor,
        item_key,
        format!("Who can help: {} partner(s) named", seen.len()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
