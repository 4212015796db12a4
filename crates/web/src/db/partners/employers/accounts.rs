//! Employer accounts: users of role `employer` of one employer organisation, invited by staff
//! with the first-password link the ambassadors get, deactivated and reactivated by staff.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

use crate::audit::AuditAction;
use crate::auth::Role;
use crate::db::entities::users;
use crate::db::history::record;
use crate::db::links::{self, AccountLink, Invitee};
use crate::db::outbox::MailKind;
use crate::db::{Db, DbError};
use crate::ids::{OrganisationId, UserId};

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

/// Invites a user of employer `org`: an active account without a password, mailed a
/// first-password link exactly as ambassadors are ([`crate::db::links`]).
pub async fn create_account(db: &Db, new: NewEmployerAccount<'_>) -> Result<UserId, DbError> {
    let now = Utc::now();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let account = users::ActiveModel {
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
    };
    let user = crate::db::users::insert_unique(&txn, account, new.email).await?;
    let id = UserId(user.id);
    let who = Invitee {
        user: id,
        actor: Some(new.actor),
        name: new.name,
        email: new.email,
        kind: MailKind::Account,
    };
    links::invite(&txn, &who, &new.link).await?;
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
