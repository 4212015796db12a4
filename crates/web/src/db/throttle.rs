//! Attempts counted per key (`pair:<email>|<ip>`, `address:<ip>`, `account:<email>`,
//! `device:<nonce>`, `link:<ip>`, …) within a time window, kept in the database so that
//! every instance sees the same counts.
//!
//! An attempt is **reserved before** the work it guards (a password check): its row is
//! written first, then the attempts in the window are counted, itself included. Each
//! reservation counts after its own row is committed, so of any two the later sees the
//! earlier: however many arrive at once, at most `limit` are let through (a check-then-
//! record throttle let 28 of 64 concurrent guesses through a limit of 5). A reservation is
//! then kept (a failure), or withdrawn (a success, or work not done).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::entities::login_failures;
use super::{Db, DbError};

/// At most `limit` attempts under `key` within `window`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// What is counted.
    pub key: String,
    /// Attempts allowed in the window.
    pub limit: u64,
    /// The window.
    pub window: Duration,
}

/// Attempts reserved under some rules: [`keep`](Reservation::keep) them as failures or
/// [`withdraw`] them.
#[derive(Debug)]
#[must_use = "a reservation is kept as a failure or withdrawn"]
pub struct Reservation {
    ids: Vec<i64>,
}

impl Reservation {
    /// Keeps the attempts: they count as failures until they leave their windows.
    pub fn keep(self) {}
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

/// Reserves one attempt under every rule, or refuses it (and reserves nothing) when any
/// rule has had its `limit` already.
pub async fn reserve(db: &Db, rules: &[Rule]) -> Result<Result<Reservation, Refused>, DbError> {
    let now = Utc::now();
    let mut ids = Vec::with_capacity(rules.len());
    {
        let _guard = db.write_guard().await;
        for rule in rules {
            let row = login_failures::ActiveModel {
                key: Set(rule.key.clone()),
                at: Set(now.fixed_offset()),
                ..Default::default()
            }
            .insert(db.write_conn())
            .await?;
            ids.push(row.id);
        }
    }
    let reservation = Reservation { ids };
    for (index, rule) in rules.iter().enumerate() {
        let since = now - rule.window;
        let query = login_failures::Entity::find()
            .filter(login_failures::Column::Key.eq(&rule.key))
            .filter(login_failures::Column::At.gt(since.fixed_offset()));
        if query.clone().count(db.conn()).await? > rule.limit {
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

/// Withdraws reserved attempts: they never count.
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
    Ok(login_failures::Entity::find()
        .filter(login_failures::Column::Key.eq(key))
        .filter(login_failures::Column::At.gt(since.fixed_offset()))
        .count(db.conn())
        .await?)
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
