//! Failed sign-ins per key (`account:<email>`, `address:<ip>`) within a time window, kept in
//! the database so that every instance sees the same counts.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::entities::login_failures;
use super::{Db, DbError};

/// How many failures of `key` happened since `since`, and the oldest of them.
pub async fn failures_since(
    db: &Db,
    key: &str,
    since: DateTime<Utc>,
) -> Result<(u64, Option<DateTime<Utc>>), DbError> {
    let query = login_failures::Entity::find()
        .filter(login_failures::Column::Key.eq(key))
        .filter(login_failures::Column::At.gt(since.fixed_offset()));
    let count = query.clone().count(db.conn()).await?;
    let oldest = super::first(query.order_by_asc(login_failures::Column::At), db.conn())
        .await?
        .map(|f| f.at.with_timezone(&Utc));
    Ok((count, oldest))
}

/// Records a failure for each key; forgets failures older than `keep`.
pub async fn record_failure(db: &Db, keys: &[String], keep: Duration) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let now = Utc::now();
    for key in keys {
        login_failures::ActiveModel {
            key: Set(key.clone()),
            at: Set(now.fixed_offset()),
            ..Default::default()
        }
        .insert(db.write_conn())
        .await?;
    }
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::At.lt((now - keep).fixed_offset()))
        .exec(db.write_conn())
        .await?;
    Ok(())
}

/// Forgets the failures of `key` (after a successful sign-in).
pub async fn clear(db: &Db, key: &str) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::Key.eq(key))
        .exec(db.write_conn())
        .await?;
    Ok(())
}
