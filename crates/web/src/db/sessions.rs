//! The session store of tower-sessions, kept in the application's own database (SQLite or
//! PostgreSQL) so that sessions survive restarts and are shared by every instance; and a
//! user's own sessions, listed and ended from the account page.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest as _, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use super::entities::sessions;
use super::write_counts::WriteKind;
use super::{Db, DbError};
use crate::ids::UserId;

/// The session key under which the signed-in user's id is kept; copied into its own column
/// so that every session of a user can be ended at once.
pub const USER_ID_KEY: &str = "user_id";
/// The session key of the Unix time of sign-in.
pub const SIGNED_IN_AT_KEY: &str = "signed_in_at";
/// The session key of the browser's summary at sign-in ("Firefox on Linux").
pub const BROWSER_KEY: &str = "browser";
/// The session key of the address signed in from.
pub const ADDRESS_KEY: &str = "address";

/// The session key of the one-time message for the next page (`auth::session::set_flash`).
pub const FLASH_KEY: &str = "flash";

/// tower-sessions' store on the `sessions` table.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Db,
    /// SQLite: the one-time messages this process holds instead of the table.
    flashes: Option<Arc<Flashes>>,
}

impl DbSessionStore {
    /// A store on `db`.
    pub fn new(db: Db) -> Self {
        let flashes = db.is_sqlite().then(Arc::default);
        Self { db, flashes }
    }
}

/// A one-time message ("Saved.") lives from a form's answer to the next page: on SQLite,
/// which one process serves, it is kept in memory and never written to the table, instead of
/// costing a write (and a place in the writer's queue) when it is left and another when it is
/// taken; a form post then writes its change alone (docs/performance-log.md). When anything
/// else in the session changes (its periodic renewal, a new CSRF token), the session is written
/// without its message, which stays here for the next page: were it written, every later
/// message of a session whose messages are not taken (a client that posts forms without
/// following their redirects) would have to be written too, to take the table's one
/// (docs/performance.md, issue 25, seventh stop). The sessions table stays the truth for
/// everything else: a session whose stored data moved on drops what was kept for it, and a
/// message found in the table (written by an older version) is taken by a write. After a
/// restart, or once a session is forgotten here, a message left in memory is gone (the page
/// after the form then says nothing). PostgreSQL, where any instance may serve the next page,
/// writes every change.
#[derive(Debug, Default)]
struct Flashes {
    inner: std::sync::Mutex<FlashesInner>,
}

#[derive(Debug, Default)]
struct FlashesInner {
    sessions: HashMap<Id, Known>,
    /// Advances with every use: orders the sessions for forgetting.
    tick: u64,
}

/// What the table holds of one session, and its message now.
#[derive(Debug)]
struct Known {
    /// The session's data as stored, without its message.
    stored: Data,
    /// The message as the session has it now (`None`: none), whatever the table holds.
    flash: Option<serde_json::Value>,
    /// Whether the table holds a message: then every change of it is written, so that a
    /// message taken is never read from the table again (after a restart, or once this
    /// session is forgotten here).
    flash_in_table: bool,
    used: u64,
}

type Data = std::collections::HashMap<String, serde_json::Value>;

/// Most sessions whose stored data is known (the least recently used half is forgotten when
/// full; a forgotten session's next message is written).
const KNOWN_SESSIONS: usize = 10_000;

/// `data` without its message, and the message.
fn split_flash(data: &Data) -> (Data, Option<serde_json::Value>) {
    let mut rest = data.clone();
    let flash = rest.remove(FLASH_KEY);
    (rest, flash)
}

/// What a save of a session writes.
enum Save {
    /// Nothing: only its message changed, kept in memory.
    Kept,
    /// Its data without its message (the message, kept in memory).
    WithoutFlash(Data, Option<serde_json::Value>),
    /// All of it: PostgreSQL (no messages are kept in memory), or SQLite when what is kept
    /// could not be read.
    All,
}

impl Flashes {
    /// What a save of session `id` with `data` writes: nothing when only its message
    /// changed, else its data without the message; the message is kept here either way.
    fn on_save(&self, id: Id, data: &Data) -> Save {
        let Ok(mut inner) = self.inner.lock() else {
            return Save::All;
        };
        inner.tick += 1;
        let tick = inner.tick;
        let (rest, flash) = split_flash(data);
        match inner.sessions.get_mut(&id) {
            Some(known) if known.stored == rest && !known.flash_in_table => {
                known.flash = flash;
                known.used = tick;
                Save::Kept
            }
            _ => Save::WithoutFlash(rest, flash),
        }
    }

    /// Session `id` was written with `data` (or read so from the table).
    fn stored(&self, id: Id, data: &Data) {
        let (stored, flash) = split_flash(data);
        let flash_in_table = flash.is_some();
        self.remember(id, stored, flash, flash_in_table);
    }

    /// Session `id`'s data as the table holds it (without a message), its message now, and
    /// whether the table holds a message.
    fn remember(&self, id: Id, stored: Data, flash: Option<serde_json::Value>, in_table: bool) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        inner.tick += 1;
        let tick = inner.tick;
        if inner.sessions.len() >= KNOWN_SESSIONS && !inner.sessions.contains_key(&id) {
            let mut used: Vec<u64> = inner.sessions.values().map(|k| k.used).collect();
            let middle = used.len() / 2;
            let median = *used.select_nth_unstable(middle).1;
            inner.sessions.retain(|_, k| k.used >= median);
        }
        let known = Known {
            stored,
            flash,
            flash_in_table: in_table,
            used: tick,
        };
        inner.sessions.insert(id, known);
    }

    /// Session `id` as read from the table, with the message kept here when the stored data
    /// is still what it was kept against; else the table's, which is known from now on.
    fn read(&self, id: Id, data: &mut Data) {
        let kept = self.inner.lock().ok().and_then(|mut inner| {
            inner.tick += 1;
            let tick = inner.tick;
            let (rest, _) = split_flash(data);
            match inner.sessions.get_mut(&id) {
                Some(known) if known.stored == rest => {
                    known.used = tick;
                    Some(known.flash.clone())
                }
                _ => None,
            }
        });
        match kept {
            Some(Some(flash)) => {
                data.insert(FLASH_KEY.to_owned(), flash);
            }
            Some(None) => {
                data.remove(FLASH_KEY);
            }
            None => self.stored(id, data),
        }
    }

    /// Session `id` ended.
    fn forget(&self, id: &Id) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.sessions.remove(id);
        }
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
        let save = self
            .flashes
            .as_ref()
            .map_or(Save::All, |f| f.on_save(record.id, &record.data));
        let (data, kept) = match save {
            Save::Kept => {
                self.db.count_write(WriteKind::SessionFlashKept);
                return Ok(());
            }
            Save::WithoutFlash(rest, flash) => (serde_json::to_string(&rest), Some((rest, flash))),
            Save::All => (serde_json::to_string(&record.data), None),
        };
        self.db.count_write(WriteKind::SessionWritten);
        let data = data.map_err(backend)?;
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
        // One change of a batch (`Db::batched`): a session written after a status change
        // shares the commit of the change itself when writers are busy.
        self.db
            .batched(async move |txn| {
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
                    .exec(txn)
                    .await
                    .map(|_| ())
            })
            .await
            .map_err(backend)?;
        if let (Some(flashes), Some((rest, flash))) = (&self.flashes, kept) {
            flashes.remember(record.id, rest, flash, false);
        }
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
        let mut data = serde_json::from_str(&row.data).map_err(backend)?;
        if let Some(flashes) = &self.flashes {
            flashes.read(*session_id, &mut data);
        }
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date: from_chrono(row.expires_at.with_timezone(&Utc)),
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        if let Some(flashes) = &self.flashes {
            flashes.forget(session_id);
        }
        let _guard = self.db.write_guard().await;
        sessions::Entity::delete_by_id(session_id.to_string())
            .exec(self.db.write_conn())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of `user` except `keep` (deactivation, "sign out everywhere else").
pub async fn end_sessions_of(db: &Db, user: UserId, keep: Option<&str>) -> Result<u64, DbError> {
    let _guard = db.write_guard().await;
    end_all(db.write_conn(), user, keep).await
}

/// [`end_sessions_of`] on `conn` (a password change runs it inside its transaction).
pub(crate) async fn end_all(
    conn: &impl ConnectionTrait,
    user: UserId,
    keep: Option<&str>,
) -> Result<u64, DbError> {
    let mut query = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user.0));
    if let Some(keep) = keep {
        query = query.filter(sessions::Column::Id.ne(keep));
    }
    Ok(query.exec(conn).await?.rows_affected)
}

/// How a session is named on pages and in URLs: a hash of its id, never the id itself (the
/// id is the cookie's secret, and URLs reach logs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionHandle(String);

impl SessionHandle {
    /// The handle of the session with `id`.
    pub fn of(id: &str) -> Self {
        let digest = Sha256::digest(id.as_bytes());
        Self(hex::encode(&digest[..16]))
    }

    /// A handle as sent back (32 lower-case hex digits), or `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        let is_hex = raw
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        (raw.len() == 32 && is_hex).then(|| Self(raw.to_owned()))
    }

    /// The hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One live session of a user, as its record tells.
#[derive(Debug, Clone)]
pub struct UserSession {
    /// Its handle.
    pub handle: SessionHandle,
    /// When it signed in (unknown for sessions older than the record of it).
    pub signed_in_at: Option<DateTime<Utc>>,
    /// When its idle timeout ends (pushed forward as it is used).
    pub expires_at: DateTime<Utc>,
    /// "Firefox on Linux", if recorded.
    pub browser: Option<String>,
    /// The address it signed in from, if recorded.
    pub address: Option<String>,
}

/// The live (unexpired) sessions of `user`, newest sign-in first.
pub async fn list_of(db: &Db, user: UserId) -> Result<Vec<UserSession>, DbError> {
    let rows = super::all(
        sessions::Entity::find()
            .filter(sessions::Column::UserId.eq(user.0))
            .filter(sessions::Column::ExpiresAt.gt(Utc::now().fixed_offset())),
        db.conn(),
    )
    .await?;
    let mut list: Vec<UserSession> = rows.iter().map(user_session).collect();
    list.sort_by_key(|s| std::cmp::Reverse(s.signed_in_at));
    Ok(list)
}

/// The session of `row`; what its data does not hold (or holds unreadably) is unknown.
fn user_session(row: &sessions::Model) -> UserSession {
    let data: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&row.data).unwrap_or_default();
    let text = |key: &str| data.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    UserSession {
        handle: SessionHandle::of(&row.id),
        signed_in_at: data
            .get(SIGNED_IN_AT_KEY)
            .and_then(serde_json::Value::as_i64)
            .and_then(|t| DateTime::from_timestamp(t, 0)),
        expires_at: row.expires_at.with_timezone(&Utc),
        browser: text(BROWSER_KEY),
        address: text(ADDRESS_KEY),
    }
}

/// Ends the session of `user` named `handle`, unless it is `keep`; another user's session,
/// `keep` and an unknown handle are all [`DbError::NotFound`].
pub async fn end_one(
    db: &Db,
    user: UserId,
    handle: &SessionHandle,
    keep: Option<&str>,
) -> Result<(), DbError> {
    let ids = super::all(
        sessions::Entity::find().filter(sessions::Column::UserId.eq(user.0)),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(|row| row.id);
    let id = ids
        .filter(|id| Some(id.as_str()) != keep)
        .find(|id| SessionHandle::of(id) == *handle)
        .ok_or(DbError::NotFound)?;
    let _guard = db.write_guard().await;
    let ended = sessions::Entity::delete_many()
        .filter(sessions::Column::Id.eq(id))
        .filter(sessions::Column::UserId.eq(user.0))
        .exec(db.write_conn())
        .await?
        .rows_affected;
    if ended == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// How many sessions are stored (expired ones included, until the purge).
pub async fn count(db: &Db) -> Result<u64, DbError> {
    Ok(super::count(&sessions::Entity::find(), db.conn()).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_db::fresh_db;

    fn record(id: Id, pairs: &[(&str, serde_json::Value)]) -> Record {
        Record {
            id,
            data: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        }
    }

    /// The session's data as the table holds it.
    async fn in_table(db: &Db, id: Id) -> Data {
        let row = super::super::first(sessions::Entity::find_by_id(id.to_string()), db.conn())
            .await
            .unwrap()
            .unwrap();
        serde_json::from_str(&row.data).unwrap()
    }

    #[tokio::test]
    async fn a_message_is_kept_in_memory_and_every_other_change_is_written_without_it() {
        let (db, _dir) = fresh_db().await;
        let store = DbSessionStore::new(db.clone());
        let id = Id::default();
        let user = (USER_ID_KEY, serde_json::json!(1));
        let saved = (FLASH_KEY, serde_json::json!("Saved."));
        store
            .save(&record(id, std::slice::from_ref(&user)))
            .await
            .unwrap();
        // The message is all that changed: the next page reads it, the table never held it.
        store
            .save(&record(id, &[user.clone(), saved.clone()]))
            .await
            .unwrap();
        let read = store.load(&id).await.unwrap().unwrap();
        assert_eq!(read.data.get(FLASH_KEY), Some(&saved.1));
        assert!(!in_table(&db, id).await.contains_key(FLASH_KEY));
        // Taken: gone, again without a write.
        store
            .save(&record(id, std::slice::from_ref(&user)))
            .await
            .unwrap();
        let read = store.load(&id).await.unwrap().unwrap();
        assert_eq!(read.data.get(FLASH_KEY), None);
        // A change of anything else is written without the message, which stays for the
        // next page.
        let renewed = ("renewed_at", serde_json::json!(42));
        store
            .save(&record(id, &[user.clone(), renewed.clone(), saved.clone()]))
            .await
            .unwrap();
        let table = in_table(&db, id).await;
        assert_eq!(
            (table.get("renewed_at"), table.get(FLASH_KEY)),
            (Some(&renewed.1), None)
        );
        let read = store.load(&id).await.unwrap().unwrap();
        assert_eq!(read.data.get(FLASH_KEY), Some(&saved.1));
        // So a client that never takes its messages leaves each new one in memory too.
        let again = (FLASH_KEY, serde_json::json!("Saved again."));
        store
            .save(&record(id, &[user.clone(), renewed.clone(), again.clone()]))
            .await
            .unwrap();
        let read = store.load(&id).await.unwrap().unwrap();
        assert_eq!(read.data.get(FLASH_KEY), Some(&again.1));
        assert!(!in_table(&db, id).await.contains_key(FLASH_KEY));
        // Taken without a write.
        store
            .save(&record(id, &[user.clone(), renewed.clone()]))
            .await
            .unwrap();
        let read = store.load(&id).await.unwrap().unwrap();
        assert_eq!(read.data.get(FLASH_KEY), None);
        // A message the table holds (written by an older version, read after the upgrade's
        // restart) is taken by a write.
        db.write_conn()
            .execute_unprepared(&format!(
                "UPDATE sessions SET data = '{{\"user_id\":1,\"renewed_at\":42,\"flash\":\"Old.\"}}' WHERE id = '{id}'"
            ))
            .await
            .unwrap();
        let upgraded = DbSessionStore::new(db.clone());
        let read = upgraded.load(&id).await.unwrap().unwrap();
        assert_eq!(read.data.get(FLASH_KEY), Some(&serde_json::json!("Old.")));
        upgraded
            .save(&record(id, &[user.clone(), renewed.clone()]))
            .await
            .unwrap();
        assert!(!in_table(&db, id).await.contains_key(FLASH_KEY));
        let read = upgraded.load(&id).await.unwrap().unwrap();
        assert_eq!(read.data.get(FLASH_KEY), None);
        // A new store (a restart) finds no message taken before.
        let restarted = DbSessionStore::new(db.clone());
        let read = restarted.load(&id).await.unwrap().unwrap();
        assert_eq!(read.data.get(FLASH_KEY), None);
        // The table moved on behind this process (another writer): its data wins.
        db.write_conn()
            .execute_unprepared(&format!(
                "UPDATE sessions SET data = '{{\"user_id\":2}}' WHERE id = '{id}'"
            ))
            .await
            .unwrap();
        let read = store.load(&id).await.unwrap().unwrap();
        assert_eq!(read.data.get(USER_ID_KEY), Some(&serde_json::json!(2)));
        assert_eq!(read.data.get(FLASH_KEY), None);
        // An ended session forgets its message.
        store
            .save(&record(
                id,
                &[(USER_ID_KEY, serde_json::json!(2)), saved.clone()],
            ))
            .await
            .unwrap();
        store.delete(&id).await.unwrap();
        assert!(store.load(&id).await.unwrap().is_none());
    }
}
