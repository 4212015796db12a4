//! Calendar feed tokens (issue 19): the secret in a feed's address (`/calendar/<secret>.ics`),
//! which calendar apps fetch without a session. Only a SHA-256 hash of it is stored, so the
//! lookup by hash is the comparison (no timing of the secret's own bytes); an account has at
//! most one working token, and making a new one revokes the old.

use chrono::{DateTime, Duration, Utc};
use rand::Rng as _;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

use super::entities::feed_tokens;
use super::users::{self, User};
use super::{Db, DbError};
use crate::ids::{FeedTokenId, UserId};

/// The random bytes of a secret (written as 64 hex digits).
const SECRET_BYTES: usize = 32;
/// `last_used_at` is written at most this often per token (each write takes the writer slot).
const LAST_USED_PRECISION_SECS: i64 = 300;

/// A working token as its owner sees it: never the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedToken {
    /// Id.
    pub id: FeedTokenId,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When a calendar app last fetched the feed (to the five minutes).
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A token just made: the secret exists only here and is shown once. `Debug` hides it.
#[derive(Clone)]
pub struct NewFeedToken {
    /// Id.
    pub id: FeedTokenId,
    /// The secret of the feed's address.
    pub secret: String,
}

impl std::fmt::Debug for NewFeedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewFeedToken")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Whether `secret` has the shape of one (64 lowercase hex digits): anything else is not
/// looked up.
fn is_well_formed(secret: &str) -> bool {
    secret.len() == SECRET_BYTES * 2
        && secret
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Makes a new token for `user`, revoking the one they had (regenerating is the same).
/// Refuses a deactivated account.
pub async fn create(db: &Db, user: UserId) -> Result<NewFeedToken, DbError> {
    let secret = new_secret();
    let id = store(db, user, &secret).await?;
    Ok(NewFeedToken { id, secret })
}

/// Stores a token with a secret the caller chose: the benchmark's, which its scripts compute
/// (`seed::bench::feed_secret`). Revokes the account's token, as [`create`] does.
#[cfg(feature = "seed")]
pub async fn create_known(db: &Db, user: UserId, secret: &str) -> Result<FeedTokenId, DbError> {
    if !is_well_formed(secret) {
        return Err(DbError::Other(sea_orm::DbErr::Custom(
            "a feed secret is 64 lowercase hex digits".into(),
        )));
    }
    store(db, user, secret).await
}

async fn store(db: &Db, user: UserId, secret: &str) -> Result<FeedTokenId, DbError> {
    if !users::get(db, user).await?.active {
        return Err(DbError::Constraint(super::Constraint::Deactivated));
    }
    let now = Utc::now();
    let _guard = db.write_guard().await;
    revoke_in(db, user, now).await?;
    let row = feed_tokens::ActiveModel {
        user_id: Set(user.0),
        token_hash: Set(hash(secret)),
        created_at: Set(now.fixed_offset()),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(db.write_conn())
    .await?;
    Ok(FeedTokenId(row.id))
}

async fn revoke_in(db: &Db, user: UserId, now: DateTime<Utc>) -> Result<u64, DbError> {
    let done = feed_tokens::Entity::update_many()
        .col_expr(
            feed_tokens::Column::RevokedAt,
            Expr::value(now.fixed_offset()),
        )
        .filter(feed_tokens::Column::UserId.eq(user.0))
        .filter(feed_tokens::Column::RevokedAt.is_null())
        .exec(db.write_conn())
        .await?;
    Ok(done.rows_affected)
}

/// Revokes `user`'s working token, if any; `false` when there was none.
pub async fn revoke(db: &Db, user: UserId) -> Result<bool, DbError> {
    let _guard = db.write_guard().await;
    Ok(revoke_in(db, user, Utc::now()).await? > 0)
}

/// `user`'s working token, if any.
pub async fn current(db: &Db, user: UserId) -> Result<Option<FeedToken>, DbError> {
    let row = super::first(
        feed_tokens::Entity::find()
            .filter(feed_tokens::Column::UserId.eq(user.0))
            .filter(feed_tokens::Column::RevokedAt.is_null()),
        db.conn(),
    )
    .await?;
    Ok(row.map(|r| FeedToken {
        id: FeedTokenId(r.id),
        created_at: r.created_at.with_timezone(&Utc),
        last_used_at: r.last_used_at.map(|t| t.with_timezone(&Utc)),
    }))
}

/// The owner of `secret` when the token exists, is not revoked and its account is active;
/// `None` otherwise (the caller cannot tell which).
pub async fn verify(db: &Db, secret: &str) -> Result<Option<User>, DbError> {
    if !is_well_formed(secret) {
        return Ok(None);
    }
    let row = super::first(
        feed_tokens::Entity::find().filter(feed_tokens::Column::TokenHash.eq(hash(secret))),
        db.conn(),
    )
    .await?;
    let Some(row) = row.filter(|r| r.revoked_at.is_none()) else {
        return Ok(None);
    };
    let user = match users::get(db, UserId(row.user_id)).await {
        Ok(user) if user.active => user,
        Ok(_) | Err(DbError::NotFound) => return Ok(None),
        Err(err) => return Err(err),
    };
    let now = Utc::now();
    let stale = row
        .last_used_at
        .is_none_or(|t| now - t.with_timezone(&Utc) > Duration::seconds(LAST_USED_PRECISION_SECS));
    if stale {
        let _guard = db.write_guard().await;
        feed_tokens::Entity::update_many()
            .col_expr(
                feed_tokens::Column::LastUsedAt,
                Expr::value(now.fixed_offset()),
            )
            .filter(feed_tokens::Column::Id.eq(row.id))
            .exec(db.write_conn())
            .await?;
    }
    Ok(Some(user))
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_are_64_hex_digits_and_only_those_are_looked_up() {
        let secret = super::new_secret();
        assert!(super::is_well_formed(&secret));
        assert_ne!(secret, super::new_secret());
        assert!(!super::is_well_formed(&secret.to_uppercase()));
        assert!(!super::is_well_formed(&secret[1..]));
        assert!(!super::is_well_formed("../../etc/passwd"));
    }
}
