//! SQLite reads on the calling thread: a sea-orm connection over a small pool of rusqlite
//! connections to the same file.
//!
//! sqlx runs every SQLite connection on a thread of its own and hands each statement, and
//! each row, across threads: under load half of the server's CPU went to waking threads and
//! switching between them (docs/performance-log.md, change 20). A read here runs where it is
//! asked for, on a connection taken from the pool for the length of one statement; no await
//! happens while it is held. Writes keep sqlx's writer connection (`Db::write_conn`): this
//! connection refuses them (`query_only`).
//!
//! This connection reads only typed rows (`db::rows`: `ReadRows`, `ReadRow`), each field
//! straight from SQLite's row by its type; it offers no sea-orm `ConnectionTrait`, so no
//! query can read through any other path (sea-orm's `all()` or `count()` on `Db::conn` does
//! not compile). Queries are still built with sea-orm's query builder or written as SQL.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use sea_orm::{DatabaseConnection, DbBackend, DbErr, Statement};

use super::rows::{Cell, Cells, ReadRow, ReadRows};
use values::bind;
pub(crate) use values::timestamp;

/// Where and how readers open the database.
#[derive(Debug, Clone)]
pub(crate) struct ReaderOptions {
    /// The database file.
    pub path: PathBuf,
    /// Opened read-only (a backup being checked), not merely kept from writing.
    pub read_only: bool,
    /// Idle connections kept for the next read.
    pub keep: usize,
    /// `PRAGMA mmap_size`.
    pub mmap_bytes: &'static str,
}

/// The connection reads go through (`Db::conn`).
#[derive(Debug, Clone)]
pub(crate) enum Reads {
    /// A SQLite file, read on the calling thread.
    Sqlite(ReadConnection),
    /// sqlx's pool: PostgreSQL, or an in-memory SQLite database.
    Pool(DatabaseConnection),
}

impl Reads {
    /// SQLite or PostgreSQL.
    pub(crate) fn get_database_backend(&self) -> DbBackend {
        ReadRows::backend(self)
    }
}

/// The pool: idle connections, opened on demand.
#[derive(Debug)]
pub(crate) struct Readers {
    options: ReaderOptions,
    idle: Mutex<Vec<Connection>>,
    open: AtomicU32,
    /// After [`Readers::close`] every read fails, as with a closed sqlx pool.
    closed: AtomicBool,
}

impl Readers {
    /// A pool for `options`; no connection is opened before the first read.
    pub fn new(options: ReaderOptions) -> Self {
        Self {
            options,
            idle: Mutex::new(Vec::new()),
            open: AtomicU32::new(0),
            closed: AtomicBool::new(false),
        }
    }

    /// Open and idle connections.
    pub fn stats(&self) -> (u32, usize) {
        let idle = self.idle.lock().map_or(0, |idle| idle.len());
        (self.open.load(Ordering::Relaxed), idle)
    }

    /// Refuses further reads and closes the idle connections (the rest close when their
    /// read ends).
    pub fn close(&self) {
        self.closed.store(true, Ordering::Relaxed);
        if let Ok(mut idle) = self.idle.lock() {
            let closed = idle.len();
            idle.clear();
            self.open
                .fetch_sub(u32::try_from(closed).unwrap_or(u32::MAX), Ordering::Relaxed);
        }
    }

    /// Runs `read` on a pooled connection.
    fn read<T>(&self, read: impl FnOnce(&Connection) -> Result<T, DbErr>) -> Result<T, DbErr> {
        if self.closed.load(Ordering::Relaxed) {
            return Err(DbErr::Custom("the database is closed".into()));
        }
        let taken = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match taken {
            Some(conn) => conn,
            None => self.open().map_err(db_err)?,
        };
        let result = read(&conn);
        self.give_back(conn);
        result
    }

    fn give_back(&self, conn: Connection) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < self.options.keep
            && !self.closed.load(Ordering::Relaxed)
        {
            idle.push(conn);
            return;
        }
        self.open.fetch_sub(1, Ordering::Relaxed);
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let mode = if self.options.read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        };
        let conn = Connection::open_with_flags(
            &self.options.path,
            mode | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(10))?;
        // Every distinct query of the application stays prepared (sqlx kept 100).
        conn.set_prepared_statement_cache_capacity(128);
        conn.pragma_update(None, "query_only", true)?;
        conn.query_row(
            &format!("PRAGMA mmap_size = {}", self.options.mmap_bytes),
            [],
            |_| Ok(()),
        )?;
        self.open.fetch_add(1, Ordering::Relaxed);
        Ok(conn)
    }
}

/// The connection `Db::conn` hands out for a SQLite file: reads through [`Readers`];
/// writes refused.
#[derive(Debug, Clone)]
pub(crate) struct ReadConnection(pub std::sync::Arc<Readers>);

impl ReadConnection {
    /// Whether the database answers.
    pub fn ping(&self) -> Result<(), DbErr> {
        self.0
            .read(|conn| conn.query_row("SELECT 1", [], |_| Ok(())).map_err(db_err))
    }
}

#[async_trait::async_trait]
impl ReadRows for ReadConnection {
    fn backend(&self) -> DbBackend {
        DbBackend::Sqlite
    }

    async fn read_rows<T: ReadRow + Send>(&self, statement: Statement) -> Result<Vec<T>, DbErr> {
        self.0.read(|conn| read_typed(conn, &statement))
    }
}

#[async_trait::async_trait]
impl ReadRows for Reads {
    fn backend(&self) -> DbBackend {
        match self {
            Self::Sqlite(_) => DbBackend::Sqlite,
            Self::Pool(conn) => conn.get_database_backend(),
        }
    }

    async fn read_rows<T: ReadRow + Send>(&self, statement: Statement) -> Result<Vec<T>, DbErr> {
        match self {
            Self::Sqlite(conn) => conn.read_rows(statement).await,
            Self::Pool(conn) => conn.read_rows(statement).await,
        }
    }
}

/// One row of SQLite's, read by column name; `next` guesses the column asked for next
/// (fields are mostly read in the order of the SELECT), so a lookup seldom searches.
struct SqliteCells<'r, 's> {
    row: &'r rusqlite::Row<'s>,
    names: &'r [String],
    next: std::cell::Cell<usize>,
}

impl Cells for SqliteCells<'_, '_> {
    fn cell<T: Cell>(&self, name: &str) -> Result<T, DbErr> {
        let guess = self.next.get();
        let i = if self.names.get(guess).is_some_and(|n| n == name) {
            guess
        } else {
            self.names
                .iter()
                .position(|n| n == name)
                .ok_or_else(|| DbErr::Type(format!("the query has no column {name}")))?
        };
        self.next.set(i + 1);
        let raw = self.row.get_ref(i).map_err(db_err)?;
        T::from_sqlite(raw).map_err(|e| DbErr::Type(format!("column {name}: {e}")))
    }
}

/// `statement` prepared (from the connection's cache) with its values bound.
pub(super) fn prepared<'c>(
    conn: &'c Connection,
    statement: &Statement,
) -> rusqlite::Result<rusqlite::CachedStatement<'c>> {
    let mut stmt = conn.prepare_cached(&statement.sql)?;
    if let Some(values) = &statement.values {
        for (i, value) in values.0.iter().enumerate() {
            bind(&mut stmt, i + 1, value)?;
        }
    }
    Ok(stmt)
}

/// Runs one statement and reads its rows as `T`.
fn read_typed<T: ReadRow>(conn: &Connection, statement: &Statement) -> Result<Vec<T>, DbErr> {
    let mut stmt = prepared(conn, statement).map_err(db_err)?;
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(db_err)? {
        out.push(T::read(&SqliteCells {
            row,
            names: &names,
            next: std::cell::Cell::new(0),
        })?);
    }
    Ok(out)
}

/// A rusqlite error as sea-orm's (the writer thread's too).
#[expect(clippy::needless_pass_by_value, reason = "used as map_err(db_err)")]
pub(super) fn db_err(err: rusqlite::Error) -> DbErr {
    DbErr::Custom(format!("sqlite: {err}"))
}

mod values;

#[cfg(test)]
mod tests;
