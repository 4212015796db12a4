//! A password change and everything that must follow it, in one transaction: the account's
//! other sessions end, its API tokens and calendar feed address are revoked, its outstanding
//! invitation and reset links stop working, and (unless it is the first password) its owner is
//! told by mail.
//! Every way of setting a password goes through here: a reset or invitation link, the
//! account page, an admin, the command line.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};

use super::entities::{api_tokens, feed_tokens, link_tokens, users};
use super::outbox::MailText;
use super::rows::ReadRows;
use super::{Db, DbError, outbox};
use crate::ids::UserId;

/// A new password for an account.
#[derive(Debug, Clone)]
pub struct PasswordChange<'a> {
    /// The account.
    pub user: UserId,
    /// The new argon2id hash.
    pub hash: String,
    /// The session that made the change, which stays signed in (none: every session ends).
    pub keep_session: Option<&'a str>,
    /// The mail to the owner, if one is sent.
    pub notice: Option<MailText>,
}

/// What the change ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ended {
    /// Sessions signed out.
    pub sessions: u64,
    /// API tokens revoked.
    pub tokens: u64,
    /// Unused links cancelled.
    pub links: u64,
    /// Calendar feed addresses revoked.
    pub feeds: u64,
}

/// Sets the password and ends what must end, in one transaction.
pub async fn change_password(db: &Db, change: PasswordChange<'_>) -> Result<Ended, DbError> {
    let ended = {
        let _guard = db.write_guard().await;
        let txn = db.write_conn().begin().await?;
        let ended = apply(&txn, change).await?;
        txn.commit().await?;
        ended
    };
    db.staff.forget();
    Ok(ended)
}

/// [`change_password`] inside the caller's transaction.
pub(crate) async fn apply(
    txn: &(impl sea_orm::ConnectionTrait + ReadRows),
    change: PasswordChange<'_>,
) -> Result<Ended, DbError> {
    let now = Utc::now().fixed_offset();
    let user = super::first(users::Entity::find_by_id(change.user.0), txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let email = user.email.clone();
    let mut active: users::ActiveModel = user.into();
    active.password_hash = Set(Some(change.hash));
    active.password_changed_at = Set(Some(now));
    active.update(txn).await?;
    let sessions = super::sessions::end_all(txn, change.user, change.keep_session).await?;
    let tokens = api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::RevokedAt, Expr::value(now))
        .filter(api_tokens::Column::UserId.eq(change.user.0))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    let links = link_tokens::Entity::update_many()
        .col_expr(link_tokens::Column::UsedAt, Expr::value(now))
        .filter(link_tokens::Column::UserId.eq(change.user.0))
        .filter(link_tokens::Column::UsedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    let feeds = feed_tokens::Entity::update_many()
        .col_expr(feed_tokens::Column::RevokedAt, Expr::value(now))
        .filter(feed_tokens::Column::UserId.eq(change.user.0))
        .filter(feed_tokens::Column::RevokedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    if let Some(notice) = change.notice {
        outbox::enqueue(txn, &email, &notice.subject, &notice.body).await?;
    }
    Ok(Ended {
        sessions,
        tokens,
        links,
        feeds,
    })
}
