//! Attempts counted per key (`pair:<email>|<ip>`, `address:<ip>`, `account:<email>`,
//! `device:<nonce>`, `link:<ip>`, …) within a time window, kept in the database so that
//! every instance sees the same counts.
//!
//! Under a [`Counting::Reserved`] rule an attempt is **reserved before** the work it guards
//! (a password check): its row is written first, then the attempts in the window are
//! counted, itself included. Each reservation counts after its own row is committed, so of
//! any two the later sees the earlier: however many arrive at once, at most `limit` are let
//! through (a check-then-record throttle let 28 of 64 concurrent guesses at one account
//! through a limit of 5). The attempt is then kept (a failure), or withdrawn (a success, or
//! work not done). Rules that many honest people share — one address behind an office's NAT —
//! count [`Counting::Failures`] only, so that thirty colleagues signing in at once are not
//! refused for each other's attempts in flight.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

use super::entities::login_failures;
use super::{Db, DbError};

/// What a rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Every attempt, from before its work starts: concurrent attempts cannot slip past.
    Reserved,
    /// Failures only: attempts in flight do not count, so honest people sharing the key
    /// never refuse each other (an attacker racing it gains at most the attempts in flight).
    Failures,
}

/// At most `limit` attempts under `key` within `window`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// What is counted.
    pub key: String,
    /// Attempts allowed in the window.
    pub limit: u64,
    /// The window.
    pub window: Duration,
    /// What counts.
    pub counting: Counting,
}

/// Attempts let through some rules: [`keep`] them as failures or [`withdraw`] them.
#[derive(Debug)]
#[must_use = "a reservation is kept as a failure or withdrawn"]
pub struct Reservation {
    /// Rows written already (reserved rules).
    ids: Vec<i64>,
    /// Keys to write if the attempt fails (failure-counting rules).
    on_failure: Vec<String>,
}

/// An attempt refused: which rule (its index in the rules given) and when it lets the next
/// attempt through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// The index of the rule.
    pub rule: usize,
    /// When the oldest attempt in its window leaves it.
    pub free_at: DateTime<Utc>,
}

impl Refused {
    /// Whole minutes until [`Refused::free_at`], at least 1.
    pub fn minutes_left(&self) -> i64 {
        ((self.free_at - Utc::now()).num_seconds() / 60 + 1).max(1)
    }
}

/// Writes one row per key, in one transaction (one commit, one fsync on SQLite).
async fn write(db: &Db, keys: &[&str], at: DateTime<Utc>) -> Result<Vec<i64>, DbError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let mut ids = Vec::with_capacity(keys.len());
    for key in keys {
        let row = login_failures::ActiveModel {
            key: Set((*key).to_owned()),
            at: Set(at.fixed_offset()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        ids.push(row.id);
    }
    txn.commit().await?;
    Ok(ids)
}

/// What a key names (an e-mail address as typed, say), bounded: text over 120 bytes is
/// replaced by its SHA-256, so that a 256 KB "e-mail" neither fails the insert nor grows
/// the table.
pub fn subject(text: &str) -> String {
    use sha2::{Digest, Sha256};
    if text.len() <= 120 {
        text.to_owned()
    } else {
        format!("sha256:{}", hex::encode(Sha256::digest(text.as_bytes())))
    }
}

/// The key of an account's failures from every address together (`account:<e-mail>`).
pub fn account_key(email: &str) -> String {
    format!("account:{}", subject(email))
}

/// The first rule already at its limit, if any: a read only, so that refusing a flood of
/// attempts writes nothing.
async fn first_full(
    db: &Db,
    rules: &[Rule],
    now: DateTime<Utc>,
) -> Result<Option<Refused>, DbError> {
    for (index, rule) in rules.iter().enumerate() {
        let query = login_failures::Entity::find()
            .filter(login_failures::Column::Key.eq(&rule.key))
            .filter(login_failures::Column::At.gt((now - rule.window).fixed_offset()));
        if super::count(&query, db.conn()).await? >= rule.limit {
            let oldest = super::first(query.order_by_asc(login_failures::Column::At), db.conn())
                .await?
                .map_or(now, |f| f.at.with_timezone(&Utc));
            return Ok(Some(Refused {
                rule: index,
                free_at: oldest + rule.window,
            }));
        }
    }
    Ok(None)
}

/// Lets one attempt through every rule, or refuses it (and keeps nothing of it) when any
/// rule has had its `limit` already. A rule already full is found by reading alone; only an
/// attempt that may go through is written (and then counted again, against the race).
pub async fn reserve(db: &Db, rules: &[Rule]) -> Result<Result<Reservation, Refused>, DbError> {
    let now = Utc::now();
    if let Some(refused) = first_full(db, rules, now).await? {
        return Ok(Err(refused));
    }
    let reserved: Vec<&str> = rules
        .iter()
        .filter(|r| r.counting == Counting::Reserved)
        .map(|r| r.key.as_str())
        .collect();
    let reservation = Reservation {
        ids: write(db, &reserved, now).await?,
        on_failure: rules
            .iter()
            .filter(|r| r.counting == Counting::Failures)
            .map(|r| r.key.clone())
            .collect(),
    };
    for (index, rule) in rules.iter().enumerate() {
        let since = now - rule.window;
        let query = login_failures::Entity::find()
            .filter(login_failures::Column::Key.eq(&rule.key))
            .filter(login_failures::Column::At.gt(since.fixed_offset()));
        // A reserved attempt counts itself; a failure-counting rule counts earlier failures.
        let allowed = match rule.counting {
            Counting::Reserved => rule.limit,
            Counting::Failures => rule.limit.saturating_sub(1),
        };
        if super::count(&query, db.conn()).await? > allowed {
            withdraw(db, reservation).await?;
            let oldest = super::first(query.order_by_asc(login_failures::Column::At), db.conn())
                .await?
                .map_or(now, |f| f.at.with_timezone(&Utc));
            return Ok(Err(Refused {
                rule: index,
                free_at: oldest + rule.window,
            }));
        }
    }
    Ok(Ok(reservation))
}

/// Keeps the attempt as a failure: it counts under every rule until it leaves the window.
pub async fn keep(db: &Db, reservation: Reservation) -> Result<(), DbError> {
    let keys: Vec<&str> = reservation.on_failure.iter().map(String::as_str).collect();
    write(db, &keys, Utc::now()).await?;
    Ok(())
}

/// Withdraws the attempt: it never counts.
pub async fn withdraw(db: &Db, reservation: Reservation) -> Result<(), DbError> {
    if reservation.ids.is_empty() {
        return Ok(());
    }
    let _guard = db.write_guard().await;
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::Id.is_in(reservation.ids))
        .exec(db.write_conn())
        .await?;
    Ok(())
}

/// How many attempts under `key` happened since `since`.
pub async fn count_since(db: &Db, key: &str, since: DateTime<Utc>) -> Result<u64, DbError> {
    let query = login_failures::Entity::find()
        .filter(login_failures::Column::Key.eq(key))
        .filter(login_failures::Column::At.gt(since.fixed_offset()));
    Ok(super::count(&query, db.conn()).await?)
}

/// Forgets the attempts under `key` (the failures of an account from one address, after
/// its owner signed in from there).
pub async fn clear(db: &Db, key: &str) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::Key.eq(key))
        .exec(db.write_conn())
        .await?;
    Ok(())
}
