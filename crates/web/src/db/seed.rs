//! Bulk writes for seeding the benchmark workload: many rows per statement, all in one
//! transaction that holds the writer slot, into a database without cases.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, Iterable, PaginatorTrait, QueryFilter, QuerySelect, TransactionTrait,
};
use softland_domain::Case;

use super::cases::owner::owner_of;
use super::cases::write::{self, item_row, key_date_rows, person_row, summary};
use super::entities::{
    case_key_dates, case_routes, cases, checklist_items, messages, notes, people, users,
};
use super::messages::{Side, Via};
use super::notes::Visibility;
use super::{Db, DbError};
use crate::auth::Role;
use crate::ids::{CaseId, UserId};

/// The conversations of the cases seeded (ids from `?` to `?`): staff have read up to their
/// own last message, the household everything; a household's last message is unread.
const CONVERSATIONS_OF_SEEDED: &str = "INSERT INTO conversations \
     (case_id, last_message_id, last_side, last_message_at, staff_read_id, expat_read_id, \
      staff_unread_at, consultant_id) \
     SELECT m.case_id, m.id, m.side, m.created_at, \
       (SELECT MAX(s.id) FROM messages s WHERE s.case_id = m.case_id AND s.side = ?), m.id, \
       CASE WHEN m.side = ? THEN m.created_at END, \
       (SELECT c.consultant_id FROM cases c WHERE c.id = m.case_id) \
     FROM messages m WHERE m.case_id BETWEEN ? AND ? \
       AND m.id = (SELECT MAX(l.id) FROM messages l WHERE l.case_id = m.case_id)";

/// The message row of seed note `note` of case `id`, when it is one (`Shared`).
fn message_row(id: CaseId, seed: &SeedCase, note: &SeedNote) -> Option<messages::ActiveModel> {
    if note.visibility != Visibility::Shared {
        return None;
    }
    let (side, author) = if note.from_expat {
        (Side::Expat, seed.expat?)
    } else {
        (Side::Staff, seed.consultant)
    };
    Some(messages::ActiveModel {
        case_id: Set(id.0),
        author_id: Set(Some(author.0)),
        side: Set(side.stored().to_owned()),
        body: Set(note.body.clone()),
        via: Set(Via::Web.stored().to_owned()),
        created_at: Set(note.at.fixed_offset()),
        ..Default::default()
    })
}

/// Bound parameters per statement: SQLite allows 32,766 (PostgreSQL 65,535).
const MAX_PARAMETERS: usize = 32_766;

/// An account to create.
#[derive(Debug, Clone)]
pub struct SeedUser {
    /// Sign-in e-mail (lower case, unique).
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// argon2id hash of the password.
    pub password_hash: String,
}

/// A note to store with its case: an internal note, or (`Shared`) a message of the case's
/// conversation, written by the consultant or, `from_expat`, by the principal's account.
#[derive(Debug, Clone)]
pub struct SeedNote {
    /// Who may read it: `Shared` is a message of the conversation.
    pub visibility: Visibility,
    /// A message the principal wrote (left unread by staff when it is the last one).
    pub from_expat: bool,
    /// The text.
    pub body: String,
    /// When it was written.
    pub at: DateTime<Utc>,
}

/// A case to store, with its consultant (who also wrote its notes) and the expat account of
/// its principal.
#[derive(Debug, Clone)]
pub struct SeedCase {
    /// The aggregate.
    pub case: Case,
    /// The consultant in charge.
    pub consultant: UserId,
    /// The principal's own account.
    pub expat: Option<UserId>,
    /// Its notes, oldest first.
    pub notes: Vec<SeedNote>,
}

/// Rows written by [`BulkWriter::insert_cases`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeededRows {
    /// Cases.
    pub cases: u64,
    /// Checklist items.
    pub items: u64,
    /// Internal notes.
    pub notes: u64,
    /// Messages of the conversations.
    pub messages: u64,
}

/// One open transaction for bulk seeding; nothing is visible until [`BulkWriter::commit`].
pub struct BulkWriter<'a> {
    db: &'a Db,
    txn: DatabaseTransaction,
    _guard: Option<super::group_commit::WriteGuard<'a>>,
}

/// Inserts `rows` in statements of as many rows as the parameter limit allows.
async fn insert_chunked<A>(conn: &impl ConnectionTrait, rows: Vec<A>) -> Result<u64, DbError>
where
    A: ActiveModelTrait + Send,
{
    let columns = <A::Entity as EntityTrait>::Column::iter().count();
    let per_statement = (MAX_PARAMETERS / columns.max(1)).max(1);
    let mut written = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        written += A::Entity::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(written)
}

fn morning(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(8, 0, 0).unwrap_or_default().and_utc()
}

/// The page cache of the connection that bulk-loads (256 MiB), and SQLite's default after.
const BULK_CACHE: &str = "PRAGMA cache_size = -262144";
const DEFAULT_CACHE: &str = "PRAGMA cache_size = -2000";

impl<'a> BulkWriter<'a> {
    /// Takes the writer slot and opens the transaction. Refuses a database that has cases.
    pub async fn begin(db: &'a Db) -> Result<Self, DbError> {
        let guard = db.write_guard().await;
        let txn = db.write_conn().begin().await?;
        let existing = cases::Entity::find().count(&txn).await?;
        if existing > 0 {
            return Err(DbError::Setup(super::Setup::NotEmpty(existing)));
        }
        if db.is_sqlite() {
            // The load is one transaction: with SQLite's default 2 MiB page cache the item
            // indexes outgrow it and every insert reads index pages back (docs/performance-log.md).
            txn.execute_unprepared(BULK_CACHE).await?;
        }
        Ok(Self {
            db,
            txn,
            _guard: guard,
        })
    }

    /// Creates accounts; returns their ids in the order given. Refuses e-mails in use.
    pub async fn insert_users(&self, new: &[SeedUser]) -> Result<Vec<UserId>, DbError> {
        let now = Utc::now().fixed_offset();
        let rows: Vec<users::ActiveModel> = new
            .iter()
            .map(|u| users::ActiveModel {
                email: Set(u.email.clone()),
                display_name: Set(u.display_name.clone()),
                phone: Set(String::new()),
                role: Set(u.role.as_str().to_owned()),
                password_hash: Set(Some(u.password_hash.clone())),
                active: Set(true),
                created_at: Set(now),
                password_changed_at: Set(Some(now)),
                ..Default::default()
            })
            .collect();
        insert_chunked(&self.txn, rows).await?;
        let mut ids = Vec::with_capacity(new.len());
        for chunk in new.chunks(MAX_PARAMETERS / 4) {
            let emails: Vec<&str> = chunk.iter().map(|u| u.email.as_str()).collect();
            let found: std::collections::HashMap<String, i64> = users::Entity::find()
                .select_only()
                .columns([users::Column::Email, users::Column::Id])
                .filter(users::Column::Email.is_in(emails))
                .into_tuple::<(String, i64)>()
                .all(&self.txn)
                .await?
                .into_iter()
                .collect();
            for u in chunk {
                let id = found.get(&u.email).ok_or(DbError::NotFound)?;
                ids.push(UserId(*id));
            }
        }
        Ok(ids)
    }

    /// Stores cases with their people, key dates, items and notes. Case rows go one by one
    /// (their ids key everything else); the rest goes many rows per statement.
    pub async fn insert_cases(&self, new: &[SeedCase]) -> Result<SeededRows, DbError> {
        let mut person_rows = Vec::new();
        let mut route_rows = Vec::new();
        let mut date_rows = Vec::new();
        let mut item_rows = Vec::new();
        let mut note_rows = Vec::new();
        let mut message_rows = Vec::new();
        let mut ids = Vec::new();
        for seed in new {
            let id = self.insert_case_row(seed).await?;
            ids.push(id.0);
            let case = &seed.case;
            person_rows.extend(case.people().iter().enumerate().map(|(i, p)| {
                let mut row = person_row(id, i, p);
                row.user_id = Set(seed.expat.filter(|_| i == 0).map(|u| u.0));
                row
            }));
            route_rows.extend(write::route_rows(id, case));
            date_rows.extend(key_date_rows(id, case));
            let owner = owner_of(case.status(), seed.consultant);
            item_rows.extend((0..case.items().len()).map(|i| {
                let mut row = item_row(id, case, i, Some(seed.consultant));
                row.open_owner = Set(owner);
                row
            }));
            message_rows.extend(seed.notes.iter().filter_map(|n| message_row(id, seed, n)));
            let internal = seed
                .notes
                .iter()
                .filter(|n| n.visibility == Visibility::Internal);
            note_rows.extend(internal.map(|n| notes::ActiveModel {
                case_id: Set(id.0),
                author_id: Set(Some(seed.consultant.0)),
                visibility: Set(n.visibility.as_str().to_owned()),
                body: Set(n.body.clone()),
                created_at: Set(n.at.fixed_offset()),
                ..Default::default()
            }));
        }
        insert_chunked::<people::ActiveModel>(&self.txn, person_rows).await?;
        insert_chunked::<case_routes::ActiveModel>(&self.txn, route_rows).await?;
        insert_chunked::<case_key_dates::ActiveModel>(&self.txn, date_rows).await?;
        let messages = insert_chunked::<messages::ActiveModel>(&self.txn, message_rows).await?;
        if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
            self.txn
                .execute_raw(super::statement(
                    self.txn.get_database_backend(),
                    CONVERSATIONS_OF_SEEDED,
                    vec![
                        Side::Staff.stored().into(),
                        Side::Expat.stored().into(),
                        (*first).into(),
                        (*last).into(),
                    ],
                ))
                .await?;
        }
        Ok(SeededRows {
            cases: u64::try_from(new.len()).unwrap_or(u64::MAX),
            items: insert_chunked::<checklist_items::ActiveModel>(&self.txn, item_rows).await?,
            notes: insert_chunked::<notes::ActiveModel>(&self.txn, note_rows).await?,
            messages,
        })
    }

    async fn insert_case_row(&self, seed: &SeedCase) -> Result<CaseId, DbError> {
        let opened = morning(seed.case.opened_on()).fixed_offset();
        let mut row = cases::ActiveModel {
            consultant_id: Set(seed.consultant.0),
            opened_on: Set(seed.case.opened_on()),
            creation_token: Set(None),
            version: Set(1),
            created_at: Set(opened),
            updated_at: Set(opened),
            updated_by: Set(Some(seed.consultant.0)),
            ..Default::default()
        };
        summary(&seed.case, &mut row);
        let inserted = cases::Entity::insert(row).exec(&self.txn).await?;
        Ok(CaseId(inserted.last_insert_id))
    }

    /// Makes everything written visible.
    pub async fn commit(self) -> Result<(), DbError> {
        if self.txn.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
            self.txn.execute_unprepared(DEFAULT_CACHE).await?;
        }
        self.txn.commit().await?;
        self.db.staff.forget();
        Ok(())
    }
}

/// Marks the mails queued with `subject` as sent when they were queued, and their delivery
/// jobs done. The benchmark's centre is seeded as it would stand on an ordinary day, when the
/// confirmations of past registrations went out long ago; left queued, every server started
/// on a seeded database spent its first minutes delivering them beside what it measured
/// (1,500 on the 20,000-case centre: docs/performance-log.md). Returns how many.
pub async fn settle_mail(db: &Db, subject: &str) -> Result<u64, DbError> {
    use super::outbox::MailStatus;
    use crate::jobs::JobStatus;
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let backend = txn.get_database_backend();
    let (pending, sent) = (
        super::vocabulary::mail_status(MailStatus::Pending),
        super::vocabulary::mail_status(MailStatus::Sent),
    );
    let (waiting, done) = (
        super::vocabulary::job_status(JobStatus::Pending),
        super::vocabulary::job_status(JobStatus::Done),
    );
    // A delivery job names its mail in its payload (`jobs::Job::DeliverMail`).
    let jobs = format!(
        "UPDATE jobs SET status = '{done}', finished_at = created_at \
         WHERE status = '{waiting}' AND payload IN \
         (SELECT '{{\"DeliverMail\":{{\"mail\":' || id || '}}}}' FROM outbox \
          WHERE subject = ? AND status = '{pending}')"
    );
    txn.execute_raw(super::statement(backend, &jobs, vec![subject.into()]))
        .await?;
    let mails = format!(
        "UPDATE outbox SET status = '{sent}', sent_at = created_at \
         WHERE subject = ? AND status = '{pending}'"
    );
    let settled = txn
        .execute_raw(super::statement(backend, &mails, vec![subject.into()]))
        .await?
        .rows_affected();
    txn.commit().await?;
    Ok(settled)
}

/// After a bulk load into PostgreSQL: planner statistics and the visibility map, which
/// autovacuum would only bring a minute or more later (until then the dashboard planned
/// sequential scans and its index-only scans read the table; docs/performance-log.md). SQLite's
/// plans are fixed by the queries themselves (`db::dashboard`), so it is left as it is.
pub async fn analyze(db: &Db) -> Result<(), DbError> {
    if !db.is_sqlite() {
        db.write_conn().execute_unprepared("VACUUM ANALYZE").await?;
    }
    Ok(())
}
