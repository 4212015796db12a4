//! The session store of tower-sessions, kept in the application's own database (SQLite or
//! PostgreSQL) so that sessions survive restarts and are shared by every instance.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use super::entities::sessions;
use super::{Db, DbError};
use crate::ids::UserId;

/// The session key under which the signed-in user's id is kept; copied into its own column
/// so that every session of a user can be ended at once.
pub const USER_ID_KEY: &str = "user_id";

/// tower-sessions' store on the `sessions` table.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    /// A store on `db`.
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn to_chrono(t: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(t.unix_timestamp(), 0).unwrap_or_default()
}

fn from_chrono(t: DateTime<Utc>) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(t.timestamp())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data).map_err(backend)?;
        let user_id = record
            .data
            .get(USER_ID_KEY)
            .and_then(serde_json::Value::as_i64);
        let row = sessions::ActiveModel {
            id: Set(record.id.to_string()),
            user_id: Set(user_id),
            data: Set(data),
            expires_at: Set(to_chrono(record.expiry_date).fixed_offset()),
        };
        let _guard = self.db.write_guard().await;
        sessions::Entity::insert(row)
            .on_conflict(
                OnConflict::column(sessions::Column::Id)
                    .update_columns([
                        sessions::Column::UserId,
                        sessions::Column::Data,
                        sessions::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec(self.db.write_conn())
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let row = super::first(
            sessions::Entity::find_by_id(session_id.to_string())
                .filter(sessions::Column::ExpiresAt.gt(Utc::now().fixed_offset())),
            self.db.conn(),
        )
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data).map_err(backend)?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date: from_chrono(row.expires_at.with_timezone(&Utc)),
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        let _guard = self.db.write_guard().await;
        sessions::Entity::delete_by_id(session_id.to_string())
            .exec(self.db.write_conn())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of `user` except `keep` (after a password change or deactivation).
pub async fn end_sessions_of(db: &Db, user: UserId, keep: Option<&str>) -> Result<u64, DbError> {
    let _guard = db.write_guard().await;
    let mut query = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user.0));
    if let Some(keep) = keep {
        query = query.filter(sessions::Column::Id.ne(keep));
    }
    Ok(query.exec(db.write_conn()).await?.rows_affected)
}

/// How many sessions are stored (expired ones included, until the purge).
pub async fn count(db: &Db) -> Result<u64, DbError> {
    Ok(super::count(&sessions::Entity::find(), db.conn()).await?)
}
