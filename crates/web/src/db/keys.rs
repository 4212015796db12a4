//! The server's signing secrets: made once (by whichever instance starts first) and read by
//! every instance, so that a token signed by one is accepted by all.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::entities::server_keys;
use super::{Db, DbError};

/// The secret called `name`, made of `fresh` if none is stored yet.
pub async fn load_or_create(db: &Db, name: &str, fresh: &str) -> Result<String, DbError> {
    {
        let _guard = db.write_guard().await;
        server_keys::Entity::insert(server_keys::ActiveModel {
            name: Set(name.to_owned()),
            secret: Set(fresh.to_owned()),
            created_at: Set(Utc::now().fixed_offset()),
        })
        .on_conflict_do_nothing_on([server_keys::Column::Name])
        .exec(db.write_conn())
        .await?;
    }
    let stored = super::first(server_keys::Entity::find_by_id(name), db.write_conn())
        .await?
        .ok_or(DbError::NotFound)?;
    Ok(stored.secret)
}
