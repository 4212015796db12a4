//! Personal API tokens: created for one account (the secret is shown once and only its
//! SHA-256 hash is stored), verified on every API request, listed and revoked by their owner.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};

use super::entities::api_tokens;
use super::users::{self, User};
use super::{Db, DbError};
use crate::ids::UserId;

/// What every token starts with, so that it is recognisable in logs and secret scanners.
pub const PREFIX: &str = "sl_";
/// The longest token name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest lifetime a token can be given, in days (ten years).
pub const MAX_DAYS: u32 = 3650;
/// `last_used_at` is written at most this often per token (each write takes the writer slot).
const LAST_USED_PRECISION_SECS: i64 = 60;

pub use crate::ids::TokenId;

/// A token as its owner sees it in a list: never the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Id.
    pub id: TokenId,
    /// What the owner called it ("HR system").
    pub name: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it was last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// Whether it still works at `now`.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| e > now)
    }
}

/// A token just made: the secret exists only here and is shown once. `Debug` hides it.
#[derive(Clone)]
pub struct NewToken {
    /// Id.
    pub id: TokenId,
    /// The secret to send as `Authorization: Bearer …`.
    pub secret: String,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for NewToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewToken")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// A verified token: the account it acts for.
#[derive(Debug, Clone)]
pub struct TokenOwner {
    /// The token used.
    pub token: TokenId,
    /// Its owner, freshly loaded (active).
    pub user: User,
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn new_secret() -> String {
    format!(
        "{PREFIX}{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// What a token is called: 1–[`MAX_NAME_CHARS`] characters on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

/// Why a token's name or lifetime is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidToken {
    /// Empty, too long or on several lines.
    #[error("give the token a name of 1–{MAX_NAME_CHARS} characters on one line")]
    Name,
    /// Outside 1–[`MAX_DAYS`] days.
    #[error("a token works for 1–{MAX_DAYS} days")]
    Days,
}

impl TokenName {
    /// The trimmed name, or why it is refused.
    pub fn parse(raw: &str) -> Result<Self, InvalidToken> {
        let name = raw.trim();
        if name.is_empty()
            || name.chars().count() > MAX_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(InvalidToken::Name);
        }
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn to_token(row: api_tokens::Model) -> ApiToken {
    ApiToken {
        id: TokenId(row.id),
        name: row.name,
        created_at: row.created_at.with_timezone(&Utc),
        expires_at: row.expires_at.map(|t| t.with_timezone(&Utc)),
        revoked_at: row.revoked_at.map(|t| t.with_timezone(&Utc)),
        last_used_at: row.last_used_at.map(|t| t.with_timezone(&Utc)),
    }
}

/// The expiry of a token that works for `days` days from now (1–3650).
pub fn expiry_in_days(days: u32) -> Result<DateTime<Utc>, InvalidToken> {
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(InvalidToken::Days);
    }
    Ok(Utc::now() + Duration::days(i64::from(days)))
}

/// Makes a token for `user` called `name`, working until `expires_at` (or until revoked).
/// Refuses a deactivated account.
pub async fn create(
    db: &Db,
    user: UserId,
    name: &TokenName,
    expires_at: Option<DateTime<Utc>>,
) -> Result<NewToken, DbError> {
    let now = Utc::now();
    if !users::get(db, user).await?.active {
        return Err(DbError::Constraint(super::Constraint::Deactivated));
    }
    let secret = new_secret();
    let _guard = db.write_guard().await;
    let row = api_tokens::ActiveModel {
        user_id: Set(user.0),
        name: Set(name.as_str().to_owned()),
        token_hash: Set(hash(&secret)),
        created_at: Set(now.fixed_offset()),
        expires_at: Set(expires_at.map(|e| e.fixed_offset())),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(db.write_conn())
    .await?;
    Ok(NewToken {
        id: TokenId(row.id),
        secret,
        expires_at,
    })
}

/// The owner of `secret` when the token exists, is neither revoked nor expired and its
/// account is active; `None` otherwise (the caller cannot tell which).
pub async fn verify(db: &Db, secret: &str) -> Result<Option<TokenOwner>, DbError> {
    if !secret.starts_with(PREFIX) || secret.len() > 200 {
        return Ok(None);
    }
    let row = super::first(
        api_tokens::Entity::find().filter(api_tokens::Column::TokenHash.eq(hash(secret))),
        db.conn(),
    )
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let (owner, token, now) = (UserId(row.user_id), to_token(row), Utc::now());
    if !token.is_active(now) {
        return Ok(None);
    }
    let user = match users::get(db, owner).await {
        Ok(user) if user.active => user,
        Ok(_) | Err(DbError::NotFound) => return Ok(None),
        Err(err) => return Err(err),
    };
    let stale = token
        .last_used_at
        .is_none_or(|t| now - t > Duration::seconds(LAST_USED_PRECISION_SECS));
    if stale {
        touch(db, token.id, now).await?;
    }
    Ok(Some(TokenOwner {
        token: token.id,
        user,
    }))
}

async fn touch(db: &Db, id: TokenId, now: DateTime<Utc>) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    api_tokens::Entity::update_many()
        .col_expr(
            api_tokens::Column::LastUsedAt,
            Expr::value(now.fixed_offset()),
        )
        .filter(api_tokens::Column::Id.eq(id.0))
        .exec(db.write_conn())
        .await?;
    Ok(())
}

/// Revokes token `id` of `user` (another user's token is "not found"). Revoking twice is
/// harmless; the first time counts.
pub async fn revoke(db: &Db, user: UserId, id: TokenId) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let owned = super::first(
        api_tokens::Entity::find_by_id(id.0).filter(api_tokens::Column::UserId.eq(user.0)),
        db.write_conn(),
    )
    .await?
    .ok_or(DbError::NotFound)?;
    if owned.revoked_at.is_none() {
        api_tokens::Entity::update_many()
            .col_expr(
                api_tokens::Column::RevokedAt,
                Expr::value(Utc::now().fixed_offset()),
            )
            .filter(api_tokens::Column::Id.eq(id.0))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .exec(db.write_conn())
            .await?;
    }
    Ok(())
}

/// The tokens of `user`, newest first.
pub async fn list(db: &Db, user: UserId) -> Result<Vec<ApiToken>, DbError> {
    let query = api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(user.0))
        .order_by_desc(api_tokens::Column::Id);
    Ok(super::all(query, db.conn())
        .await?
        .into_iter()
        .map(to_token)
        .collect())
}

/// The token `id`, when it belongs to `user`.
pub async fn get(db: &Db, user: UserId, id: TokenId) -> Result<ApiToken, DbError> {
    super::first(
        api_tokens::Entity::find_by_id(id.0).filter(api_tokens::Column::UserId.eq(user.0)),
        db.conn(),
    )
    .await?
    .map(to_token)
    .ok_or(DbError::NotFound)
}
