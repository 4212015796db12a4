//! The case aggregate in the database: create, load, and change it in one transaction with
//! optimistic concurrency (a stale version is refused, never overwritten).

// `Db` holds the kept cases.
pub(super) mod kept;
// The bulk seeding of `db::seed` reuses the owner rule.
mod languages;
pub(super) mod owner;
mod planned;
mod rows;
mod wallet;
// The bulk seeding of `db::seed` reuses the row builders.
pub(super) mod write;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use softland_domain::case::CaseParts;
use softland_domain::{Calendar, Case, KeyDate, KeyDates, RouteKey};

use super::entities::{
    case_key_dates, case_routes, cases, checklist_items, office_closures, people, person_key_dates,
    users,
};
use super::rows::{ReadRows, read_row};
use super::write_counts::WriteKind;
use super::{Db, DbError};
use crate::auth::Role;
use crate::ids::{CaseId, ItemId, PersonId, UserId};
use rows::corrupt;

pub use languages::set_languages;
pub use write::AuditEntry;

/// Who changed a record meanwhile, and when (for "changed by X at HH:MM meanwhile").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedMeanwhile {
    /// Display name of the user who changed it, when known.
    pub by: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

impl std::fmt::Display for ChangedMeanwhile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = self
            .at
            .with_timezone(&chrono_tz::Europe::Prague)
            .format("%H:%M");
        match &self.by {
            Some(name) => write!(f, "changed by {name} at {at} meanwhile"),
            None => write!(f, "changed at {at} meanwhile"),
        }
    }
}

/// The stored rows a [`StoredCase`] was read from.
#[derive(Debug, Clone)]
pub(crate) struct StoredRows {
    /// The case's row.
    pub case: cases::Model,
    /// Its items' rows, by position.
    pub items: Vec<checklist_items::Model>,
}

/// A case as stored, with the ids and versions needed to change it.
#[derive(Debug, Clone)]
pub struct StoredCase {
    /// Id.
    pub id: CaseId,
    /// Version of the case record (people, key dates, lifecycle, routes).
    pub version: i64,
    /// The consultant in charge.
    pub consultant: UserId,
    /// The aggregate.
    pub case: Case,
    /// Ids of `case.people`, same order.
    pub person_ids: Vec<PersonId>,
    /// Each person's portal account, same order.
    pub person_accounts: Vec<PortalAccess>,
    /// Ids of `case.items`, same order.
    pub item_ids: Vec<ItemId>,
    /// Versions of `case.items`, same order.
    pub item_versions: Vec<i64>,
    /// The rows as read (item rows in `case.items`' order): a save writes only the columns
    /// whose value differs from what is stored.
    pub(crate) rows: StoredRows,
    /// Last change of the case record.
    pub updated_at: DateTime<Utc>,
    /// Who made it.
    pub updated_by: Option<UserId>,
    /// The languages the household speaks, preferred first (empty: not recorded, which
    /// "who can help" reads as English).
    pub languages: softland_domain::partner::Languages,
    /// The lawful basis of the processing (issue 23).
    pub lawful_basis: softland_domain::privacy::LawfulBasis,
}

/// A person's way into the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortalAccess {
    /// No account is linked.
    None,
    /// This expat account is linked: it sees the case.
    Linked(UserId),
    /// This existing expat account was asked to confirm that it is this person; it sees
    /// nothing of the case until it does.
    AwaitingConfirmation(UserId),
}

impl StoredCase {
    /// The index of item `id` in `case.items`.
    pub fn item_index(&self, id: ItemId) -> Option<usize> {
        self.item_ids.iter().position(|i| *i == id)
    }
}

/// What a change expects to find (optimistic concurrency).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The case record at this version.
    Case(i64),
    /// This item at this version.
    Item(ItemId, i64),
    /// Nothing in particular (adding to the case conflicts with no one).
    Any,
}

/// Stores a newly opened case. With a `creation_token` seen before, nothing is written and
/// the case created then is returned (a double-submitted form creates one case).
pub async fn create(
    db: &Db,
    case: &Case,
    consultant: UserId,
    actor: UserId,
    creation_token: Option<&str>,
) -> Result<CaseId, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    if let Some(token) = creation_token {
        let existing = super::first(
            cases::Entity::find().filter(cases::Column::CreationToken.eq(token)),
            &txn,
        )
        .await?;
        if let Some(existing) = existing {
            return Ok(CaseId(existing.id));
        }
    }
    // The form offered the staff kept for display (`users::list_staff`, up to 30 s old when
    // another instance changed an account): the consultant is checked again here.
    let in_charge = super::first(users::Entity::find_by_id(consultant.0), &txn).await?;
    if !in_charge.is_some_and(|u| {
        u.active && (u.role == Role::Admin.as_str() || u.role == Role::Consultant.as_str())
    }) {
        return Err(DbError::Constraint(super::Constraint::NotActiveStaff));
    }
    let id = match write::insert_case(&txn, case, consultant, actor, creation_token).await {
        Err(DbError::Other(err))
            if creation_token.is_some()
                && matches!(
                    err.sql_err(),
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                ) =>
        {
            // Another instance stored the same form a moment ago (PostgreSQL has no
            // in-process writer lock): answer with the case it created.
            drop(txn);
            let token = creation_token.unwrap_or_default();
            let existing = super::first(
                cases::Entity::find().filter(cases::Column::CreationToken.eq(token)),
                db.conn(),
            )
            .await?;
            return existing.map(|c| CaseId(c.id)).ok_or(DbError::Other(err));
        }
        other => other?,
    };
    txn.commit().await?;
    Ok(id)
}

/// The office closure days, as a calendar.
pub(crate) async fn calendar(conn: &impl ReadRows) -> Result<Calendar, DbError> {
    let days = super::all(office_closures::Entity::find(), conn).await?;
    Ok(Calendar::with_closures(days.into_iter().map(|d| d.date)))
}

/// The office closure days of `db`, as a calendar, read now (for computing due dates).
pub async fn calendar_of(db: &Db) -> Result<Calendar, DbError> {
    calendar(db.conn()).await
}

/// The office calendar for showing "3 working days left" on pages: read at most every
/// [`super::CALENDAR_REUSE`] and at once after a closure is changed through this process
/// (another instance sees the change within that time). Due dates are never computed
/// from it.
pub async fn calendar_for_display(db: &Db) -> Result<Calendar, DbError> {
    db.calendar.get_or_read(|| calendar(db.conn())).await
}

/// Loads case `id` (on SQLite, as kept when it has not changed since: `kept`).
pub async fn load(db: &Db, id: CaseId) -> Result<StoredCase, DbError> {
    if db.is_sqlite() {
        let early = read_early(db, id).await?;
        return Ok(Arc::unwrap_or_clone(early.stored));
    }
    load_in(db.conn(), id).await
}

pub(super) async fn load_in(conn: &impl ReadRows, id: CaseId) -> Result<StoredCase, DbError> {
    let row = super::first(cases::Entity::find_by_id(id.0), conn)
        .await?
        .ok_or(DbError::NotFound)?;
    let people_rows = super::all(
        people::Entity::find()
            .filter(people::Column::CaseId.eq(id.0))
            .order_by_asc(people::Column::Position),
        conn,
    )
    .await?;
    let date_rows = super::all(
        case_key_dates::Entity::find().filter(case_key_dates::Column::CaseId.eq(id.0)),
        conn,
    )
    .await?;
    let item_rows = super::all(
        checklist_items::Entity::find()
            .filter(checklist_items::Column::CaseId.eq(id.0))
            .order_by_asc(checklist_items::Column::Position),
        conn,
    )
    .await?;
    let people = people_rows
        .iter()
        .map(rows::person_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    if people.is_empty() {
        return Err(corrupt("case", "no principal"));
    }
    let mut key_dates = KeyDates::new();
    for d in &date_rows {
        let kind: KeyDate = d.kind.parse().map_err(|e| corrupt("key date", e))?;
        key_dates.set(kind, Some(d.date));
    }
    let person_ids: Vec<i64> = people_rows.iter().map(|p| p.id).collect();
    let person_date_rows = super::all(
        person_key_dates::Entity::find()
            .filter(person_key_dates::Column::PersonId.is_in(person_ids.iter().copied())),
        conn,
    )
    .await?;
    let mut person_dates = vec![KeyDates::new(); people_rows.len()];
    for d in &person_date_rows {
        let kind: KeyDate = d.kind.parse().map_err(|e| corrupt("key date", e))?;
        let position = person_ids
            .iter()
            .position(|id| *id == d.person_id)
            .ok_or_else(|| corrupt("key date", "of a person of another case"))?;
        person_dates[position].set(kind, Some(d.date));
    }
    let route_rows = super::all(
        case_routes::Entity::find()
            .filter(case_routes::Column::CaseId.eq(id.0))
            .order_by_asc(case_routes::Column::Position),
        conn,
    )
    .await?;
    let routes = route_rows
        .iter()
        .map(|r| RouteKey::parse(&r.route))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| corrupt("routes", e))?;
    let items = item_rows
        .iter()
        .map(rows::item_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    let documents = wallet::load(conn, id, &person_ids).await?;
    let case = Case::restore(CaseParts {
        people,
        routes,
        key_dates,
        person_dates,
        items,
        opened_on: row.opened_on,
        status: rows::case_status_from_row(&row)?,
        documents,
    });
    Ok(StoredCase {
        id,
        version: row.version,
        consultant: UserId(row.consultant_id),
        case,
        person_ids: people_rows.iter().map(|p| PersonId(p.id)).collect(),
        person_accounts: people_rows.iter().map(access_of).collect(),
        item_ids: item_rows.iter().map(|i| ItemId(i.id)).collect(),
        item_versions: item_rows.iter().map(|i| i.version).collect(),
        updated_at: row.updated_at.with_timezone(&Utc),
        updated_by: row.updated_by.map(UserId),
        languages: softland_domain::partner::Languages::parse(&row.languages)
            .map_err(|_| corrupt("languages", &row.languages))?,
        lawful_basis: crate::db::vocabulary::lawful_basis_from(&row.lawful_basis)
            .ok_or_else(|| corrupt("lawful basis", &row.lawful_basis))?,
        rows: StoredRows {
            case: row,
            items: item_rows,
        },
    })
}

/// Whose portal account sees person `p`.
fn access_of(p: &people::Model) -> PortalAccess {
    match (p.user_id, p.pending_user_id) {
        (Some(user), _) => PortalAccess::Linked(UserId(user)),
        (None, Some(user)) => PortalAccess::AwaitingConfirmation(UserId(user)),
        (None, None) => PortalAccess::None,
    }
}

async fn changed_meanwhile(
    conn: &impl ReadRows,
    by: Option<i64>,
    at: DateTime<Utc>,
) -> Result<DbError, DbError> {
    let name = match by {
        Some(id) => super::first(users::Entity::find_by_id(id), conn)
            .await?
            .map(|u| u.display_name),
        None => None,
    };
    Ok(DbError::Conflict(ChangedMeanwhile { by: name, at }))
}

/// Why [`update`] changed nothing.
#[derive(Debug)]
pub enum UpdateError<E> {
    /// The change refused itself (its own error).
    Refused(E),
    /// No such case, a stale version ([`DbError::Conflict`]), or the store failed.
    Db(DbError),
}

impl<E> From<DbError> for UpdateError<E> {
    fn from(err: DbError) -> Self {
        Self::Db(err)
    }
}

impl<E> From<sea_orm::DbErr> for UpdateError<E> {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Db(err.into())
    }
}

/// Changes case `id` in one transaction: loads it fresh, checks `expect`, runs `change`
/// on the aggregate (with the calendar of office closures), and writes what differs.
/// `change` refuses with its own error by returning `Err`.
pub async fn update<T, E>(
    db: &Db,
    id: CaseId,
    actor: UserId,
    expect: Expect,
    change: impl FnMut(&mut Case, &Calendar) -> Result<(T, Vec<AuditEntry>), E>,
) -> Result<T, UpdateError<E>> {
    update_by(db, id, Some(actor), expect, change).await
}

/// [`update`] of item `item` of case `id`: `change` gets the item's index (an item of
/// another case is not found).
pub async fn update_item<T, E>(
    db: &Db,
    target: (CaseId, ItemId),
    actor: UserId,
    expect: Expect,
    mut change: impl FnMut(&mut Case, &Calendar, usize) -> Result<(T, Vec<AuditEntry>), E>,
) -> Result<T, UpdateError<E>> {
    let (id, item) = target;
    change_case(db, id, Some(actor), expect, move |stored, case, cal| {
        let index = stored.item_index(item).ok_or(DbError::NotFound)?;
        change(case, cal, index).map_err(UpdateError::Refused)
    })
    .await
}

/// [`update`] made by softland itself (`actor` `None`), such as a recomputation after an
/// upgrade; the history shows no person for it.
pub(crate) async fn update_by<T, E>(
    db: &Db,
    id: CaseId,
    actor: Option<UserId>,
    expect: Expect,
    mut change: impl FnMut(&mut Case, &Calendar) -> Result<(T, Vec<AuditEntry>), E>,
) -> Result<T, UpdateError<E>> {
    change_case(db, id, actor, expect, |_, case, cal| {
        change(case, cal).map_err(UpdateError::Refused)
    })
    .await
}

/// What [`update`] and [`update_item`] share: `change` sees the case as stored. It may be
/// called more than once (a change computed from a case that changed meanwhile is computed
/// again), and only the last call's result is saved.
async fn change_case<T, E>(
    db: &Db,
    id: CaseId,
    actor: Option<UserId>,
    expect: Expect,
    mut change: impl FnMut(
        &StoredCase,
        &mut Case,
        &Calendar,
    ) -> Result<(T, Vec<AuditEntry>), UpdateError<E>>,
) -> Result<T, UpdateError<E>> {
    // SQLite file: computed outside the writer, and written by its thread when it touches
    // only rows of items and the case (`planned`).
    let fallback = if let Some(writer) = db.writer() {
        let mut why = WriteKind::CaseInSlotStale;
        for _ in 0..planned::ATTEMPTS {
            match planned::change(db, writer, id, (actor, expect), &mut change).await? {
                planned::Attempt::Done(result) => return Ok(result),
                planned::Attempt::Stale => db.count_write(WriteKind::CaseStaleAttempt),
                planned::Attempt::Elsewhere(elsewhere) => {
                    why = elsewhere;
                    break;
                }
            }
        }
        why
    } else {
        WriteKind::CaseInSlotNoWriterThread
    };
    db.count_write(fallback);
    // SQLite: read the case before taking the writer slot (on this thread, without a trip
    // to the writer's thread for every statement, and as kept when it has not changed
    // since); inside, one statement checks that its revision has not moved since and reads
    // the office calendar.
    let sqlite = db.is_sqlite();
    let early = if sqlite {
        Some(Box::pin(read_early(db, id)).await?)
    } else {
        None
    };
    // One change of a batch (`Db::batched`): on SQLite it shares its commit with the
    // changes other writers make meanwhile.
    // Boxed: the change's future holds a whole case, and callers' futures hold this one.
    let (result, after) = Box::pin(db.batched::<_, UpdateError<E>>(async move |txn| {
        lock(db, txn, id).await?;
        let (stored, cal) = match early {
            Some(early) => {
                let (revision, cal) = revision_and_calendar(txn, id).await?;
                if revision.revision == early.revision {
                    (early.stored, cal)
                } else {
                    (Arc::new(load_in(txn, id).await?), cal)
                }
            }
            None => (Arc::new(load_in(txn, id).await?), calendar(txn).await?),
        };
        check_expect(txn, &stored, expect).await?;
        let mut case = stored.case.clone();
        let (result, audit) = change(&stored, &mut case, &cal)?;
        let saved = write::save_changes(txn, &stored, &case, actor, &audit).await?;
        // The case as it is now, and its revision after this change's writes: kept once
        // the batch has committed.
        let after = match saved {
            Some(saved) if sqlite => {
                let revision = revision_in(txn, id).await?;
                Some((revision, Arc::new(stored.after(case, saved))))
            }
            _ => None,
        };
        Ok((result, after))
    }))
    .await?;
    if let Some((revision, stored)) = after {
        db.kept_cases.keep(revision, stored);
    }
    Ok(result)
}

/// Refuses a change made against another version than `stored`'s (`expect`), naming who
/// changed it meanwhile.
async fn check_expect<E>(
    conn: &impl ReadRows,
    stored: &StoredCase,
    expect: Expect,
) -> Result<(), UpdateError<E>> {
    match expect {
        Expect::Case(version) if version != stored.version => {
            let updated_by = stored.updated_by.map(|u| u.0);
            Err(changed_meanwhile(conn, updated_by, stored.updated_at)
                .await?
                .into())
        }
        Expect::Item(item, version) => {
            let index = stored.item_index(item).ok_or(DbError::NotFound)?;
            if stored.item_versions[index] == version {
                return Ok(());
            }
            let row = super::first(checklist_items::Entity::find_by_id(item.0), conn)
                .await?
                .ok_or(DbError::NotFound)?;
            let at = row.updated_at.with_timezone(&Utc);
            Err(changed_meanwhile(conn, row.updated_by, at).await?.into())
        }
        Expect::Case(_) | Expect::Any => Ok(()),
    }
}

impl StoredCase {
    /// This case after a change to `case` that left `saved` (rows of items and the case
    /// only: `write::Saved`).
    fn after(&self, case: Case, saved: write::Saved) -> StoredCase {
        let row = &saved.rows.case;
        StoredCase {
            id: self.id,
            version: row.version,
            consultant: UserId(row.consultant_id),
            case,
            person_ids: self.person_ids.clone(),
            person_accounts: self.person_accounts.clone(),
            item_ids: self.item_ids.clone(),
            item_versions: saved.item_versions,
            updated_at: row.updated_at.with_timezone(&Utc),
            updated_by: row.updated_by.map(UserId),
            languages: self.languages.clone(),
            lawful_basis: self.lawful_basis,
            rows: saved.rows,
        }
    }
}

/// A case read outside the writer slot, with the revision it had (SQLite).
struct Early {
    stored: Arc<StoredCase>,
    revision: i64,
}

struct Revision {
    revision: i64,
}
read_row!(Revision { revision });

/// A case's revision (SQLite: `revision_in`, and the writer thread after a plan).
pub(super) const REVISION_SQL: &str = "SELECT revision FROM cases WHERE id = ?";

/// A case's revision and the office closures, as one statement: the writer thread checks a
/// plan with the very statement its case was read with, so equal text means unchanged.
pub(super) const REVISION_AND_CLOSURES_SQL: &str = "SELECT revision, \
     (SELECT group_concat(date, ',') FROM office_closures) AS closures FROM cases WHERE id = ?";

struct RevisionAndClosures {
    revision: i64,
    closures: Option<String>,
}
read_row!(RevisionAndClosures { revision, closures });

/// Case `id`'s revision as `conn` sees it (SQLite).
async fn revision_in(conn: &impl ReadRows, id: CaseId) -> Result<i64, DbError> {
    let statement = super::statement(conn.backend(), REVISION_SQL, vec![id.0.into()]);
    let rows: Vec<Revision> = conn.read_rows(statement).await?;
    Ok(rows.first().ok_or(DbError::NotFound)?.revision)
}

/// Case `id` as the reader sees it, and its revision, read first: any change committed
/// after that read moves the revision on (triggers, migration
/// `m20261213_100000_add_case_revisions`), so a revision found unchanged inside the writer's
/// transaction means that what was read is what the transaction sees. The case kept at that
/// revision is taken when there is one (`kept`); else what is read is kept.
async fn read_early(db: &Db, id: CaseId) -> Result<Early, DbError> {
    let revision = revision_in(db.conn(), id).await?;
    let stored = stored_at(db, id, revision).await?;
    Ok(Early { stored, revision })
}

/// Case `id` as kept at `revision`, else as read (and then kept at `revision`): read after
/// the revision, so what is read is at least as new.
async fn stored_at(db: &Db, id: CaseId, revision: i64) -> Result<Arc<StoredCase>, DbError> {
    if let Some(stored) = db.kept_cases.get(id, revision) {
        #[cfg(debug_assertions)]
        check_kept(db, revision, &stored).await?;
        return Ok(stored);
    }
    let stored = Arc::new(load_in(db.conn(), id).await?);
    db.kept_cases.keep(revision, Arc::clone(&stored));
    Ok(stored)
}

/// Debug builds (so every test): a kept case is exactly what a read finds at its revision.
#[cfg(debug_assertions)]
async fn check_kept(db: &Db, revision: i64, kept: &StoredCase) -> Result<(), DbError> {
    let fresh = load_in(db.conn(), kept.id).await?;
    // A change committed meanwhile makes the comparison meaningless, not wrong.
    if revision_in(db.conn(), kept.id).await? == revision {
        assert_eq!(
            format!("{kept:?}"),
            format!("{fresh:?}"),
            "case {} kept at revision {revision} differs from the stored one",
            kept.id
        );
    }
    Ok(())
}

/// Case `id`'s revision and the office calendar, in one statement inside the writer's
/// transaction (SQLite).
async fn revision_and_calendar(
    conn: &impl ReadRows,
    id: CaseId,
) -> Result<(RevisionAndClosures, Calendar), DbError> {
    let statement = super::statement(conn.backend(), REVISION_AND_CLOSURES_SQL, vec![id.0.into()]);
    let rows: Vec<RevisionAndClosures> = conn.read_rows(statement).await?;
    let row = rows.into_iter().next().ok_or(DbError::NotFound)?;
    let mut days = Vec::new();
    for day in row.closures.as_deref().unwrap_or("").split(',') {
        if day.is_empty() {
            continue;
        }
        let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|e| corrupt("office closure", e))?;
        days.push(date);
    }
    Ok((row, Calendar::with_closures(days)))
}

/// Hands case `id` to another consultant, checked against `expect`: the case row is locked
/// (PostgreSQL) and the write itself checks the version it read, so a stale reassignment is
/// refused on every backend; the consultant must still be active staff inside the
/// transaction.
pub async fn reassign(
    db: &Db,
    id: CaseId,
    expect: Expect,
    consultant: UserId,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    lock(db, &txn, id).await?;
    let stored = load_in(&txn, id).await?;
    if matches!(expect, Expect::Case(version) if version != stored.version) {
        let updated_by = stored.updated_by.map(|u| u.0);
        return Err(changed_meanwhile(&txn, updated_by, stored.updated_at).await?);
    }
    let staff = super::first(users::Entity::find_by_id(consultant.0), &txn).await?;
    let is_staff =
        staff.is_some_and(|u| u.active && Role::parse(&u.role).is_some_and(Role::is_staff));
    if !is_staff {
        return Err(DbError::Constraint(super::Constraint::NotActiveStaff));
    }
    if !write::set_consultant(&txn, &stored, consultant, actor).await? {
        let updated_by = stored.updated_by.map(|u| u.0);
        return Err(changed_meanwhile(&txn, updated_by, stored.updated_at).await?);
    }
    txn.commit().await?;
    Ok(())
}

/// Locks case `id`'s row until the transaction ends (PostgreSQL: writers of one case take
/// turns across instances; SQLite has one writer anyway).
async fn lock(db: &Db, txn: &sea_orm::DatabaseTransaction, id: CaseId) -> Result<(), DbError> {
    if !db.is_sqlite() {
        // `one()` stays here: FOR UPDATE must follow the LIMIT, and only SQLite re-prepares.
        cases::Entity::find_by_id(id.0)
            .lock_exclusive()
            .one(txn)
            .await?
            .ok_or(DbError::NotFound)?;
    }
    Ok(())
}

/// Number of cases stored.
pub async fn count(db: &Db) -> Result<u64, DbError> {
    Ok(super::count(&cases::Entity::find(), db.conn()).await?)
}

/// Ids of the cases of `consultant`, oldest first (for seeding and tests).
pub async fn ids_of(db: &Db, consultant: UserId) -> Result<Vec<CaseId>, DbError> {
    let query = cases::Entity::find()
        .select_only()
        .column(cases::Column::Id)
        .filter(cases::Column::ConsultantId.eq(consultant.0))
        .order_by_asc(cases::Column::Id);
    let rows = super::ids(&query, db.conn()).await?;
    Ok(rows.into_iter().map(CaseId).collect())
}

#[cfg(test)]
mod tests;
