//! Inviting a person of a case to the portal, safely:
//! - a person without an account (or with one never used and linked to nobody else) gets an
//!   account and a single-use link to choose a password;
//! - an account that has a password, or that belongs to a person of another case, is never
//!   sent a set-password link and is never attached by a consultant alone: its owner is
//!   asked to confirm in the portal, after signing in with their own password, that they
//!   are this person (no consultant can take over someone's account or show them another
//!   household's case).

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionTrait,
};

mod requests;

pub use requests::{Answer, LinkRequest, answer, requests_for};

use super::entities::{audit_events, people, users};
use super::links::{self, LinkFor, NewLink, Purpose};
use super::outbox::MailText;
use super::rows::ReadRows;
use super::{Db, DbError, outbox};
use crate::audit::AuditAction;
use crate::auth::Role;
use crate::ids::{CaseId, UserId};

/// What an invitation is made from.
#[derive(Clone)]
pub struct Invitation<'a> {
    /// The case.
    pub case: CaseId,
    /// The person's position in the case.
    pub position: i64,
    /// The consultant inviting.
    pub actor: UserId,
    /// The site's address, for the link.
    pub base_url: &'a str,
    /// How long the link works.
    pub ttl: Duration,
    /// The invitation mail for the person's name and the link's expiry.
    pub invitation_mail: &'a (dyn Fn(&str, chrono::DateTime<Utc>) -> MailText + Sync),
    /// The mail asking an account in use to confirm, for the person's name.
    pub confirm_mail: &'a (dyn Fn(&str) -> MailText + Sync),
}

/// What an invitation did.
#[derive(Debug, Clone)]
pub enum Invited {
    /// A link to choose a first password was made and mailed.
    Link {
        /// To whom.
        email: String,
        /// The link (show it to staff only when no mail server is configured).
        link: NewLink,
    },
    /// The address belongs to an account in use: its owner is asked to confirm in the portal.
    AwaitingConfirmation {
        /// To whom.
        email: String,
    },
    /// The person's own account is linked and has a password: nothing to send.
    AlreadyLinked {
        /// Whose.
        email: String,
    },
}

/// Why a person cannot be invited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Uninvitable {
    /// The person has no e-mail address in the case.
    #[error("{0} has no e-mail address in the case; add one first.")]
    NoEmail(String),
    /// The address belongs to a staff account.
    #[error("{0} belongs to a staff account and cannot be invited.")]
    StaffAccount(String),
    /// The person is linked to a different account already.
    #[error("{0} is linked to another account already.")]
    LinkedToAnother(String),
}

/// Why an invitation was not made.
#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    /// The person cannot be invited.
    #[error(transparent)]
    Refused(#[from] Uninvitable),
    /// The store failed, or there is no such person.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sea_orm::DbErr> for InviteError {
    fn from(err: sea_orm::DbErr) -> Self {
        InviteError::Db(err.into())
    }
}

pub(super) async fn audit(
    conn: &impl ConnectionTrait,
    case: CaseId,
    actor: Option<UserId>,
    action: AuditAction,
    subject: &str,
    after: Option<String>,
) -> Result<(), DbError> {
    audit_events::ActiveModel {
        case_id: Set(Some(case.0)),
        actor_id: Set(actor.map(|a| a.0)),
        at: Set(Utc::now().fixed_offset()),
        action: Set(action.stored().to_owned()),
        subject: Set(subject.to_owned()),
        before: Set(None),
        after: Set(after),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Invites a person of a case, in one transaction (see the module's rules).
pub async fn invite(db: &Db, inv: Invitation<'_>) -> Result<Invited, InviteError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let person = super::first(
        people::Entity::find()
            .filter(people::Column::CaseId.eq(inv.case.0))
            .filter(people::Column::Position.eq(inv.position)),
        &txn,
    )
    .await?
    .ok_or(DbError::NotFound)?;
    let email = person
        .email
        .clone()
        .ok_or_else(|| Uninvitable::NoEmail(person.name.clone()))?;
    let account = super::first(
        users::Entity::find().filter(users::Column::Email.eq(&email)),
        &txn,
    )
    .await?;
    let outcome = match account {
        Some(u) if u.role != Role::Expat.as_str() => {
            return Err(Uninvitable::StaffAccount(email).into());
        }
        Some(u) if person.user_id.is_some_and(|p| p != u.id) => {
            return Err(Uninvitable::LinkedToAnother(person.name).into());
        }
        Some(u) if person.user_id == Some(u.id) && u.password_hash.is_some() => {
            Invited::AlreadyLinked { email }
        }
        Some(u) if person.user_id != Some(u.id) && in_use(&txn, &u).await? => {
            ask_to_confirm(&txn, &inv, &person, UserId(u.id)).await?;
            Invited::AwaitingConfirmation { email }
        }
        Some(u) => send_link(&txn, &inv, &person, UserId(u.id)).await?,
        None => {
            let user = create_account(&txn, &email, &person.name).await?;
            send_link(&txn, &inv, &person, user).await?
        }
    };
    txn.commit().await?;
    Ok(outcome)
}

/// Whether the account has a password or belongs to a person already.
async fn in_use(conn: &impl ReadRows, user: &users::Model) -> Result<bool, DbError> {
    if user.password_hash.is_some() {
        return Ok(true);
    }
    let linked = super::first(
        people::Entity::find().filter(people::Column::UserId.eq(user.id)),
        conn,
    )
    .await?;
    Ok(linked.is_some())
}

async fn create_account(
    conn: &impl ConnectionTrait,
    email: &str,
    name: &str,
) -> Result<UserId, DbError> {
    let model = users::ActiveModel {
        email: Set(email.to_owned()),
        display_name: Set(name.to_owned()),
        phone: Set(String::new()),
        role: Set(Role::Expat.as_str().to_owned()),
        password_hash: Set(None),
        active: Set(true),
        created_at: Set(Utc::now().fixed_offset()),
        password_changed_at: Set(None),
        ..Default::default()
    };
    Ok(UserId(model.insert(conn).await?.id))
}

/// Links the person to `user`, replaces the account's older invitation links with a new
/// one and queues its mail.
async fn send_link(
    conn: &impl ConnectionTrait,
    inv: &Invitation<'_>,
    person: &people::Model,
    user: UserId,
) -> Result<Invited, DbError> {
    let email = person.email.clone().unwrap_or_default();
    people::Entity::update_many()
        .col_expr(people::Column::UserId, Expr::value(user.0))
        .col_expr(
            people::Column::PendingUserId,
            Expr::value(Option::<i64>::None),
        )
        .filter(people::Column::Id.eq(person.id))
        .exec(conn)
        .await?;
    links::cancel_unused(conn, user, Purpose::Invitation).await?;
    let link_for = LinkFor {
        purpose: Purpose::Invitation,
        user,
        created_by: Some(inv.actor),
        base_url: inv.base_url,
        ttl: inv.ttl,
    };
    let link = links::make_link(conn, link_for).await?;
    let text = (inv.invitation_mail)(&person.name, link.expires_at);
    let mail = outbox::NewMail {
        to: &email,
        subject: &text.subject,
        body: &text.body,
        link: Some(link.id),
        notice: None,
    };
    outbox::enqueue_mail(conn, mail).await?;
    audit(
        conn,
        inv.case,
        Some(inv.actor),
        AuditAction::ExpatInvited,
        &person.name,
        Some(email.clone()),
    )
    .await?;
    Ok(Invited::Link { email, link })
}

/// Asks the owner of `user` to confirm in the portal that they are `person`.
async fn ask_to_confirm(
    conn: &impl ConnectionTrait,
    inv: &Invitation<'_>,
    person: &people::Model,
    user: UserId,
) -> Result<(), DbError> {
    let email = person.email.clone().unwrap_or_default();
    people::Entity::update_many()
        .col_expr(people::Column::PendingUserId, Expr::value(user.0))
        .filter(people::Column::Id.eq(person.id))
        .exec(conn)
        .await?;
    let text = (inv.confirm_mail)(&person.name);
    outbox::enqueue(conn, &email, &text.subject, &text.body).await?;
    audit(
        conn,
        inv.case,
        Some(inv.actor),
        AuditAction::ExpatLinkRequested,
        &person.name,
        Some(email),
    )
    .await
}
