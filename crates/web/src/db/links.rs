//! Single-use links: invitations of expats and password resets. Only a SHA-256 hash of each
//! token is stored. The mail that carries a link is queued in the same transaction with a
//! placeholder where the link goes: the sender makes the link's secret when it delivers
//! the mail ([`mint`]), so no usable link is ever kept in the outbox.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::credentials::{self, PasswordChange};
use super::entities::{link_tokens, users};
use super::outbox::MailText;
use super::{Db, DbError, outbox};
use crate::ids::UserId;

/// Where a queued mail's link goes; the sender puts the link there when it delivers it.
pub const LINK_PLACEHOLDER: &str = "[[softland-link]]";

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// An expat sets their first password.
    Invitation,
    /// Anyone sets a new password.
    PasswordReset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::PasswordReset => "password_reset",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        [Purpose::Invitation, Purpose::PasswordReset]
            .into_iter()
            .find(|p| p.as_str() == raw)
    }

    fn path(self) -> &'static str {
        match self {
            Purpose::Invitation => "invite",
            Purpose::PasswordReset => "password/reset",
        }
    }
}

/// Why a link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkProblem {
    /// No such link (mistyped or forged).
    #[error("This link is not valid. Check that you copied all of it, or ask for a new one.")]
    Unknown,
    /// Used already.
    #[error("This link has been used already. Sign in, or ask for a new link.")]
    Used,
    /// Too old.
    #[error(
        "This link has expired. Ask your consultant for a new one, or request a new password link."
    )]
    Expired,
}

/// A new link: the token (shown once) and the full URL.
#[derive(Debug, Clone)]
pub struct NewLink {
    /// The link's row.
    pub id: i64,
    /// `{base}/invite/{token}` or `{base}/password/reset/{token}`.
    pub url: String,
    /// When it stops working.
    pub expires_at: chrono::DateTime<Utc>,
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

fn url(base_url: &str, purpose: Purpose, token: &str) -> String {
    format!(
        "{}/{}/{token}",
        base_url.trim_end_matches('/'),
        purpose.path()
    )
}

/// Cancels the unused links of `user` for `purpose` (a new one replaces them).
pub(crate) async fn cancel_unused(
    conn: &impl ConnectionTrait,
    user: UserId,
    purpose: Purpose,
) -> Result<(), DbError> {
    link_tokens::Entity::update_many()
        .col_expr(
            link_tokens::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Utc::now().fixed_offset()),
        )
        .filter(link_tokens::Column::UserId.eq(user.0))
        .filter(link_tokens::Column::Purpose.eq(purpose.as_str()))
        .filter(link_tokens::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// What a new link is made from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinkFor<'a> {
    pub purpose: Purpose,
    pub user: UserId,
    pub created_by: Option<UserId>,
    pub base_url: &'a str,
    pub ttl: Duration,
}

pub(crate) async fn make_link(
    conn: &impl ConnectionTrait,
    link: LinkFor<'_>,
) -> Result<NewLink, DbError> {
    let token = new_token();
    let now = Utc::now();
    let expires_at = now + link.ttl;
    let row = link_tokens::ActiveModel {
        purpose: Set(link.purpose.as_str().to_owned()),
        token_hash: Set(hash(&token)),
        user_id: Set(link.user.0),
        created_by: Set(link.created_by.map(|u| u.0)),
        created_at: Set(now.fixed_offset()),
        expires_at: Set(expires_at.fixed_offset()),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(NewLink {
        id: row.id,
        url: url(link.base_url, link.purpose, &token),
        expires_at,
    })
}

/// A fresh secret for link `id`, when it can still be used: its URL (the secret it had
/// before stops working). `None` for a used or expired link.
pub async fn mint(db: &Db, id: i64, base_url: &str) -> Result<Option<String>, DbError> {
    let _guard = db.write_guard().await;
    let Some(row) = super::first(link_tokens::Entity::find_by_id(id), db.write_conn()).await?
    else {
        return Ok(None);
    };
    let purpose = Purpose::parse(&row.purpose);
    if row.used_at.is_some() || row.expires_at.with_timezone(&Utc) <= Utc::now() {
        return Ok(None);
    }
    let Some(purpose) = purpose else {
        return Ok(None);
    };
    let token = new_token();
    let mut active: link_tokens::ActiveModel = row.into();
    active.token_hash = Set(hash(&token));
    active.update(db.write_conn()).await?;
    Ok(Some(url(base_url, purpose, &token)))
}

/// Queues a password-reset mail when `email` belongs to an active account; says nothing
/// either way (the page answers the same for everyone). A new link cancels the older ones.
pub async fn request_reset(
    db: &Db,
    email: &str,
    base_url: &str,
    ttl: Duration,
    mail: impl FnOnce(&str, chrono::DateTime<Utc>) -> MailText,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let email = email.trim().to_lowercase();
    let Some(user) = super::first(
        users::Entity::find().filter(users::Column::Email.eq(&email)),
        &txn,
    )
    .await?
    else {
        return Ok(());
    };
    if !user.active {
        return Ok(());
    }
    cancel_unused(&txn, UserId(user.id), Purpose::PasswordReset).await?;
    let link = LinkFor {
        purpose: Purpose::PasswordReset,
        user: UserId(user.id),
        created_by: None,
        base_url,
        ttl,
    };
    let link = make_link(&txn, link).await?;
    let text = mail(&user.display_name, link.expires_at);
    let mail = outbox::NewMail {
        to: &email,
        subject: &text.subject,
        body: &text.body,
        link: Some(link.id),
        notice: None,
    };
    outbox::enqueue_mail(&txn, mail).await?;
    txn.commit().await?;
    Ok(())
}

async fn find(
    conn: &impl super::rows::ReadRows,
    token: &str,
    purpose: Purpose,
) -> Result<link_tokens::Model, LinkProblem> {
    let row = super::first(
        link_tokens::Entity::find()
            .filter(link_tokens::Column::TokenHash.eq(hash(token)))
            .filter(link_tokens::Column::Purpose.eq(purpose.as_str())),
        conn,
    )
    .await
    .map_err(|_| LinkProblem::Unknown)?
    .ok_or(LinkProblem::Unknown)?;
    if row.used_at.is_some() {
        return Err(LinkProblem::Used);
    }
    if row.expires_at.with_timezone(&Utc) <= Utc::now() {
        return Err(LinkProblem::Expired);
    }
    Ok(row)
}

/// Whether `token` can still be used; the account's e-mail when it can.
pub async fn check(db: &Db, token: &str, purpose: Purpose) -> Result<String, LinkProblem> {
    let row = find(db.conn(), token, purpose).await?;
    let user = super::first(users::Entity::find_by_id(row.user_id), db.conn())
        .await
        .ok()
        .flatten()
        .ok_or(LinkProblem::Unknown)?;
    Ok(user.email)
}

/// Why a link could not be redeemed.
#[derive(Debug, thiserror::Error)]
pub enum RedeemError {
    /// The link itself is the problem (shown to the user).
    #[error(transparent)]
    Link(#[from] LinkProblem),
    /// The store failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sea_orm::DbErr> for RedeemError {
    fn from(err: sea_orm::DbErr) -> Self {
        RedeemError::Db(err.into())
    }
}

/// Uses `token` once: sets the new password and ends what a password change ends
/// (`db::credentials`), in one transaction. `notice` tells the owner by mail. Returns the
/// account.
pub async fn redeem(
    db: &Db,
    token: &str,
    purpose: Purpose,
    password_hash: String,
    notice: Option<MailText>,
) -> Result<UserId, RedeemError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = find(&txn, token, purpose).await?;
    let now = Utc::now().fixed_offset();
    let marked = link_tokens::Entity::update_many()
        .col_expr(
            link_tokens::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(link_tokens::Column::Id.eq(row.id))
        .filter(link_tokens::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Err(LinkProblem::Used.into());
    }
    let change = PasswordChange {
        user: UserId(row.user_id),
        hash: password_hash,
        keep_session: None,
        notice,
    };
    credentials::apply(&txn, change)
        .await
        .map_err(|e| match e {
            DbError::NotFound => RedeemError::Link(LinkProblem::Unknown),
            other => RedeemError::Db(other),
        })?;
    txn.commit().await?;
    Ok(UserId(row.user_id))
}

/// A first-password link for a new account (an ambassador, an employer's user), mailed with
/// the change that makes the account.
pub struct AccountLink<'a> {
    /// `{base}` of the link.
    pub base_url: &'a str,
    /// How long it works.
    pub ttl: Duration,
    /// The mail, given the name and when the link expires.
    pub mail: &'a (dyn Fn(&str, DateTime<Utc>) -> MailText + Send + Sync),
}

/// Who is invited, by whom, and what the mail is filed under.
pub(crate) struct Invitee<'a> {
    /// The new account.
    pub user: UserId,
    /// Who invites them (`None`: an applicant approved later).
    pub actor: Option<UserId>,
    /// Their name, for the mail.
    pub name: &'a str,
    /// Their address.
    pub email: &'a str,
    /// What the mail is about in the outbox.
    pub kind: outbox::MailKind,
}

/// Cancels `who`'s unused invitations and queues a new first-password link with its mail,
/// in `txn`.
pub(crate) async fn invite(
    txn: &impl ConnectionTrait,
    who: &Invitee<'_>,
    link: &AccountLink<'_>,
) -> Result<(), DbError> {
    cancel_unused(txn, who.user, Purpose::Invitation).await?;
    let made = make_link(
        txn,
        LinkFor {
            purpose: Purpose::Invitation,
            user: who.user,
            created_by: who.actor,
            base_url: link.base_url,
            ttl: link.ttl,
        },
    )
    .await?;
    let text = (link.mail)(who.name, made.expires_at);
    outbox::enqueue_mail(
        txn,
        outbox::NewMail {
            to: who.email,
            subject: &text.subject,
            body: &text.body,
            link: Some(made.id),
            notice: Some(outbox::Notice {
                kind: who.kind,
                case: None,
                recipient: Some(who.user),
                key: None,
            }),
        },
    )
    .await?;
    Ok(())
}
