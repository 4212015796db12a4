//! The store: connection, migrations and every query. Only this module names `sea_orm`.

pub mod access_log;
pub mod alerts;
pub mod api_tokens;
pub mod backup;
pub mod breaches;
pub mod buddies;
pub mod calendar_items;
pub mod case_list;
pub mod cases;
pub mod credentials;
pub mod dashboard;
pub mod entities;
pub mod erasure;
pub mod events;
pub mod feed_tokens;
pub mod files;
pub mod fixes;
mod group_commit;
pub mod history;
pub mod invitations;
pub mod jobs;
pub mod keys;
pub mod links;
pub mod messages;
pub mod notes;
pub mod outbox;
pub mod partners;
pub mod portal;
pub mod privacy;
pub mod purge;
mod reader;
pub mod recurring;
pub mod reminders;
pub(crate) mod rows;
pub(crate) use reader::Reads;
pub mod search;
#[cfg(feature = "seed")]
pub mod seed;
pub mod sessions;
pub mod site;
pub mod templates;
#[cfg(test)]
pub(crate) mod test_db;
pub mod throttle;
pub mod two_factor;
pub mod users;
mod vocabulary;
mod write_counts;
mod writer;

use std::sync::Arc;
use std::time::{Duration, Instant};

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction,
    DbErr, TransactionTrait,
};
use softland_domain::Calendar;

use rows::{ReadRow, ReadRows, read_row};

/// A failure of the store.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No such record (or not visible to the caller).
    #[error("not found")]
    NotFound,
    /// A stale write: someone changed the record meanwhile.
    #[error("{0}")]
    Conflict(cases::ChangedMeanwhile),
    /// The change breaks a rule the store keeps inside its transaction.
    #[error("{0}")]
    Constraint(Constraint),
    /// The database, a file or a command line cannot be used as asked (an operator's
    /// mistake, said to the operator).
    #[error("{0}")]
    Setup(Setup),
    /// The database failed.
    #[error(transparent)]
    Other(#[from] DbErr),
}

/// A rule the store keeps inside its transactions (so that two requests, or two instances,
/// cannot break it together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Constraint {
    /// The consultant chosen is no longer an active staff account.
    #[error("the consultant chosen is no longer an active staff account; choose another")]
    NotActiveStaff,
    /// An account uses that e-mail already.
    #[error("an account with this e-mail exists already")]
    EmailTaken,
    /// The change would leave no active admin.
    #[error("softland needs at least one active admin; make someone else admin first")]
    LastAdmin,
    /// Only expat accounts belong to a person of a case.
    #[error("only an expat account can be linked to a person of a case")]
    NotAnExpat,
    /// The account is deactivated.
    #[error("the account is deactivated")]
    Deactivated,
    /// The ambassador cannot take this newcomer (full, inactive, no shared language …).
    #[error("{0}")]
    NotMatchable(softland_domain::buddy::Excluded),
    /// The person has a request for a buddy that is still open.
    #[error("this person has asked for a buddy already; their request is still open")]
    OpenRequest,
    /// A match cannot take that step from where it is.
    #[error("{0}")]
    MatchStep(softland_domain::buddy::InvalidStep),
    /// An ambassador who looks after newcomers cannot be declined (their newcomers would keep
    /// a buddy who cannot sign in).
    #[error(
        "this ambassador looks after {0} newcomer(s) (proposed, accepted or active): end or re-match those first, or pause them"
    )]
    AmbassadorBusy(u64),
    /// A partner kind with this name exists already (issue 21).
    #[error("a kind with this name exists already")]
    KindTaken,
    /// The person is linked to this employer already (issue 21).
    #[error("this person is linked to this employer already")]
    AlreadyEmployed,
    /// Only organisations of the employer kind employ people (issue 21).
    #[error("this organisation is not an employer")]
    NotAnEmployer,
    /// An employer's request was accepted, declined or withdrawn already (issue 21).
    #[error("this request was decided already")]
    RequestDecided,
}

/// Why the store cannot be used as an operator asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Setup {
    /// A SQLite URL that does not parse.
    #[error("the SQLite URL: {0}")]
    Url(String),
    /// The database has a migration this binary does not know.
    #[error(
        "the database has migration `{0}`, which this version of softland does not know; use a newer softland or restore a backup"
    )]
    UnknownMigration(String),
    /// Not a plain database name.
    #[error("`{0}` is not a plain database name")]
    DatabaseName(String),
    /// `backup` copies SQLite files only.
    #[error("backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/operations.md)")]
    BackupOfPostgres,
    /// The backup file exists.
    #[error("{0} exists already; choose a new file")]
    BackupExists(String),
    /// The backup path is not UTF-8.
    #[error("the backup path is not valid UTF-8")]
    BackupPath,
    /// The copy failed its check.
    #[error("the copy failed its integrity check: {0}")]
    BackupIntegrity(String),
    /// Seeding needs an empty database.
    #[error(
        "the database already has {0} cases; seed an empty database (a new file, or a new PostgreSQL database)"
    )]
    NotEmpty(u64),
    /// No template library is stored.
    #[error("no template library is stored yet")]
    NoLibrary,
}

/// The database handle shared by every request.
#[derive(Debug, Clone)]
pub struct Db {
    /// Reads: a SQLite file through [`reader::ReadConnection`] on the calling thread, else
    /// sqlx's pool.
    reads: Reads,
    /// Writes and migrations: SQLite's one writer connection (used only in the writer slot
    /// of `group`, so that a writer never queues behind readers), or PostgreSQL's pool.
    writes: DatabaseConnection,
    /// SQLite has one writer at a time: writers queue for its slot instead of failing with
    /// "busy", and the hot paths' changes share commits (`group_commit`).
    group: Option<Arc<group_commit::GroupCommit>>,
    /// SQLite file: the thread that writes planned case changes (`writer`), in `group`'s
    /// slot.
    writer: Option<Arc<writer::Writer>>,
    /// The office calendar last read for display (`cases::calendar_for_display`).
    calendar: Arc<Reused<Calendar>>,
    /// The staff accounts last read for choosing a consultant (`users::list_staff`).
    staff: Arc<Reused<Arc<[users::StaffMember]>>>,
    /// Every route's key and name last read (`templates::route_names`, on every case page).
    route_names: Arc<Reused<templates::RouteNames>>,
    /// Case aggregates as last read or written, with their revision (SQLite: `cases::kept`).
    kept_cases: Arc<cases::kept::KeptCases>,
    /// The writes since start by the path that wrote them (`/metrics`).
    counted: Arc<write_counts::WriteCounts>,
}

/// How long `cases::calendar_for_display` reuses the office calendar it read, and
/// `users::list_staff` the staff it read: what this process changes it forgets at once;
/// another instance sharing the database sees a change within this time.
pub const CALENDAR_REUSE: Duration = Duration::from_secs(30);

/// A value read from the database, kept for [`CALENDAR_REUSE`] or until forgotten.
///
/// A read that began before a [`Reused::forget`] may end after it with what was true before
/// the change: each forget starts a new generation, and a value read in an older one is not
/// kept.
#[derive(Debug)]
struct Reused<T> {
    /// The value, when it was read, and the generation it was read in.
    kept: std::sync::Mutex<(Option<(Instant, T)>, u64)>,
}

impl<T> Default for Reused<T> {
    fn default() -> Self {
        Self {
            kept: std::sync::Mutex::new((None, 0)),
        }
    }
}

impl<T: Clone> Reused<T> {
    /// The value kept, if younger than [`CALENDAR_REUSE`]; else the generation a fresh read
    /// begins in (for [`Reused::keep`]).
    fn get(&self) -> Result<T, u64> {
        let Ok(kept) = self.kept.lock() else {
            return Err(u64::MAX);
        };
        match &kept.0 {
            Some((at, value)) if at.elapsed() < CALENDAR_REUSE => Ok(value.clone()),
            _ => Err(kept.1),
        }
    }

    /// The value kept, or what `read` reads now (kept unless something is forgotten while
    /// it reads).
    async fn get_or_read<E, Fut>(&self, read: impl FnOnce() -> Fut) -> Result<T, E>
    where
        Fut: std::future::Future<Output = Result<T, E>>,
    {
        let generation = match self.get() {
            Ok(value) => return Ok(value),
            Err(generation) => generation,
        };
        let value = read().await?;
        self.keep(&value, generation);
        Ok(value)
    }

    /// Keeps `value`, read in `generation`, unless something was forgotten since.
    fn keep(&self, value: &T, generation: u64) {
        if let Ok(mut kept) = self.kept.lock()
            && kept.1 == generation
        {
            kept.0 = Some((Instant::now(), value.clone()));
        }
    }

    /// Drops the value (what it was read from changed).
    fn forget(&self) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.0 = None;
            kept.1 = kept.1.wrapping_add(1);
        }
    }
}

/// How much of a SQLite file is read through a memory map: 1 TiB, the ceiling the bundled
/// SQLite is built with (`.cargo/config.toml`; SQLite's own default ceiling, ~2 GiB, left
/// the rest of a larger file to reads and a 2 MiB page cache). A consultant's dashboard
/// touches ~10 MiB of pages spread over the file: more than the 2 MiB page cache of a
/// connection, so without the map every page view read them again (docs/performance-log.md,
/// changes 7 and 37). SQLite maps no more than the file's size. Mapped pages are the
/// kernel's page cache: they count in RSS (once per connection) but are shared and
/// reclaimable, not heap.
const MMAP_BYTES: &str = "1099511627776";

/// A raw statement written with `?` placeholders, which become `$1, $2 …` on PostgreSQL.
/// Every hand-written query goes through here, so the SQL stays backend-neutral.
pub(crate) fn statement(
    backend: DatabaseBackend,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> sea_orm::Statement {
    if backend != DatabaseBackend::Postgres {
        return sea_orm::Statement::from_sql_and_values(backend, sql, values);
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    sea_orm::Statement::from_sql_and_values(backend, out, values)
}

/// The SQL of `query` with `LIMIT n` written into it (`query` has no limit, offset or
/// locking clause of its own).
///
/// sea-orm's `one()` and `limit(n)` send the LIMIT as a bound parameter, and SQLite (3.51)
/// marks a statement whose LIMIT is a parameter to be prepared again every time that
/// parameter is bound: every execution parsed and planned its query anew (14 % of the time
/// of a portal page, docs/performance-log.md). `n` is ours, never user text.
pub(crate) fn limited(
    query: &impl sea_orm::QueryTrait,
    n: u64,
    backend: DatabaseBackend,
) -> sea_orm::Statement {
    let mut statement = query.build(backend);
    statement.sql.push_str(" LIMIT ");
    statement.sql.push_str(&n.to_string());
    statement
}

/// The first row `select` finds (sea-orm's `one()` without a bound LIMIT: see [`limited`]).
pub(crate) async fn first<E>(
    select: sea_orm::Select<E>,
    conn: &impl ReadRows,
) -> Result<Option<E::Model>, DbErr>
where
    E: sea_orm::EntityTrait,
    E::Model: ReadRow + Send,
{
    let statement = limited(&select, 1, conn.backend());
    Ok(conn.read_rows(statement).await?.into_iter().next())
}

/// The first `n` rows `select` finds (`limit(n)` without a bound LIMIT: see [`limited`]).
pub(crate) async fn first_n<E>(
    select: sea_orm::Select<E>,
    n: u64,
    conn: &impl ReadRows,
) -> Result<Vec<E::Model>, DbErr>
where
    E: sea_orm::EntityTrait,
    E::Model: ReadRow + Send,
{
    let statement = limited(&select, n, conn.backend());
    conn.read_rows(statement).await
}

/// Every row `select` finds, read as [`rows`] reads them (sea-orm's `all()`, faster on the
/// SQLite reader).
pub(crate) async fn all<E>(
    select: sea_orm::Select<E>,
    conn: &impl ReadRows,
) -> Result<Vec<E::Model>, DbErr>
where
    E: sea_orm::EntityTrait,
    E::Model: ReadRow + Send,
{
    select_as(&select, conn).await
}

/// How many rows `query` finds.
pub(crate) async fn count(
    query: &impl sea_orm::QueryTrait,
    conn: &impl ReadRows,
) -> Result<u64, DbErr> {
    struct Count {
        n: i64,
    }
    read_row!(Count { n });
    let inner = query.build(conn.backend());
    let statement = sea_orm::Statement {
        sql: format!("SELECT COUNT(*) AS n FROM ({}) counted", inner.sql),
        ..inner
    };
    let rows: Vec<Count> = conn.read_rows(statement).await?;
    Ok(rows.first().map_or(0, |c| u64::try_from(c.n).unwrap_or(0)))
}

/// One integer column of every row `query` finds (ids, positions), read as `id`.
pub(crate) async fn ids(
    query: &impl sea_orm::QueryTrait,
    conn: &impl ReadRows,
) -> Result<Vec<i64>, DbErr> {
    struct Id {
        id: i64,
    }
    read_row!(Id { id });
    let rows: Vec<Id> = select_as(query, conn).await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Every row `query` finds, read as `T` (a query that selects `T`'s columns by name).
pub(crate) async fn select_as<T: ReadRow + Send>(
    query: &impl sea_orm::QueryTrait,
    conn: &impl ReadRows,
) -> Result<Vec<T>, DbErr> {
    conn.read_rows(query.build(conn.backend())).await
}

/// The file a SQLite URL names; `None` for PostgreSQL and in-memory databases (those keep
/// sqlx's pool for reads too).
fn sqlite_file(url: &str) -> Result<Option<std::path::PathBuf>, DbError> {
    if !is_sqlite(url) || url.contains(":memory:") || url.contains("mode=memory") {
        return Ok(None);
    }
    let options: sea_orm::sqlx::sqlite::SqliteConnectOptions = url
        .parse()
        .map_err(|e: sea_orm::sqlx::Error| DbError::Setup(Setup::Url(e.to_string())))?;
    Ok(Some(options.get_filename().to_path_buf()))
}

/// Whether the URL names a SQLite database.
pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

impl Db {
    /// Connects to `url` (`sqlite://file?mode=rwc` or `postgres://…`). SQLite gets WAL,
    /// foreign keys, a busy timeout and `synchronous=FULL` (see docs/operations.md).
    pub async fn connect(url: &str, pool_size: u32) -> Result<Self, DbError> {
        // A read-only file (a backup being checked) cannot switch journal modes.
        let read_only = url.contains("mode=ro");
        let mut opt = ConnectOptions::new(url.to_owned());
        opt.max_connections(pool_size.max(1))
            .min_connections(1)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        if is_sqlite(url) {
            // A file cannot drop a connection: no ping before every statement (sea-orm
            // takes a connection per statement, and each ping is a round trip to SQLite's
            // worker thread: docs/performance-log.md).
            opt.test_before_acquire(false);
        } else {
            // A server, a proxy or a firewall may drop idle connections.
            opt.test_before_acquire_if_idle_for(Duration::from_secs(30));
        }
        opt.map_sqlx_sqlite_opts(move |o| {
            let o = o.foreign_keys(true).busy_timeout(Duration::from_secs(10));
            if read_only {
                o.read_only(true)
            } else {
                // Reads go through a memory map of the file instead of each connection
                // copying pages into its own small cache (docs/performance-log.md).
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .create_if_missing(true)
                    .pragma("mmap_size", MMAP_BYTES)
            }
        });
        let group = is_sqlite(url).then(|| Arc::new(group_commit::GroupCommit::default()));
        let mut planned = None;
        let (reads, writes) = if let Some(path) = sqlite_file(url)? {
            // One sqlx connection for writes (it creates and migrates the file); reads
            // open their own connections when first needed.
            let mut one = opt;
            one.max_connections(1).min_connections(1);
            let writes = sea_orm::Database::connect(one).await?;
            if !read_only && let Some(group) = &group {
                warn_if_the_map_is_capped(&writes).await;
                planned = Some(Arc::new(writer::Writer::start(
                    &path,
                    MMAP_BYTES,
                    Arc::clone(group),
                    writer::COMMIT_INTERVAL,
                )?));
            }
            let readers = reader::Readers::new(reader::ReaderOptions {
                path,
                read_only,
                keep: usize::try_from(pool_size.max(1)).unwrap_or(8),
                mmap_bytes: MMAP_BYTES,
            });
            let reads = Reads::Sqlite(reader::ReadConnection(Arc::new(readers)));
            (reads, writes)
        } else if is_sqlite(url) {
            let mut one = opt.clone();
            one.max_connections(1).min_connections(1);
            let writes = sea_orm::Database::connect(one).await?;
            (Reads::Pool(sea_orm::Database::connect(opt).await?), writes)
        } else {
            let pool = sea_orm::Database::connect(opt).await?;
            (Reads::Pool(pool.clone()), pool)
        };
        Ok(Self {
            reads,
            writes,
            group,
            writer: planned,
            calendar: Arc::default(),
            staff: Arc::default(),
            route_names: Arc::default(),
            kept_cases: Arc::default(),
            counted: Arc::default(),
        })
    }

    /// The connection for reads.
    pub(crate) fn conn(&self) -> &Reads {
        &self.reads
    }

    /// The connection for writes, to be used while holding [`Db::write_guard`]: SQLite's
    /// writer connection, else the pool.
    pub(crate) fn write_conn(&self) -> &DatabaseConnection {
        &self.writes
    }

    /// Waits for the SQLite writer slot (a no-op on PostgreSQL).
    /// It commits the open batch of changes first (`Db::batched`).
    /// Each take is counted under the caller's source file (`/metrics`).
    #[track_caller]
    pub(crate) fn write_guard(
        &self,
    ) -> impl Future<Output = Option<group_commit::WriteGuard<'_>>> + Send + '_ {
        let file = std::panic::Location::caller().file();
        async move {
            match &self.group {
                Some(group) => {
                    self.counted.count_exclusive(file);
                    Some(group.exclusive().await)
                }
                None => None,
            }
        }
    }

    /// Runs `work` as one change in a transaction and returns its result once committed.
    /// On SQLite the change joins the open batch of changes (`group_commit`): it runs in a
    /// savepoint of a transaction several writers share, and one commit — one fsync —
    /// saves them all; an error of `work` rolls back only its own change. On PostgreSQL it
    /// runs in a transaction of its own. Never call it (or `write_guard`) inside `work`.
    pub(crate) async fn batched<T, E>(
        &self,
        work: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<DbErr>,
    {
        if let Some(group) = &self.group {
            self.counted.count(write_counts::WriteKind::SlotBatched);
            return group.run(&self.writes, work).await;
        }
        let txn = self.writes.begin().await?;
        let value = work(&txn).await?;
        txn.commit().await?;
        Ok(value)
    }

    /// The thread that writes planned case changes (a SQLite file, not read-only).
    pub(crate) fn writer(&self) -> Option<&writer::Writer> {
        self.writer.as_deref()
    }

    /// Counts one write of `kind` (`/metrics`).
    pub(crate) fn count_write(&self, kind: write_counts::WriteKind) {
        self.counted.count(kind);
    }

    /// The writes since start by the path that wrote them, as Prometheus text.
    pub fn write_counts_text(&self) -> String {
        self.counted.render()
    }

    /// Batches of changes committed on SQLite and the changes in them, since start.
    pub fn write_batches(&self) -> Option<(u64, u64)> {
        self.group.as_ref().map(|group| group.counts())
    }

    /// Runs `read` on the blocking pool: for reads that may take long (a team-wide export or
    /// dashboard), which would otherwise hold an async worker for their whole length, since
    /// SQLite reads run on the calling thread (`db::reader`). Elsewhere it simply runs.
    pub(crate) async fn off_thread<T, F, Fut>(&self, read: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(Db) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<T, DbError>>,
    {
        if !matches!(self.reads, Reads::Sqlite(_)) {
            return read(self.clone()).await;
        }
        let db = self.clone();
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || runtime.block_on(read(db)))
            .await
            .map_err(|e| DbError::Other(DbErr::Custom(format!("a long read failed: {e}"))))?
    }

    /// Whether this is SQLite.
    pub fn is_sqlite(&self) -> bool {
        self.writes.get_database_backend() == DatabaseBackend::Sqlite
    }

    /// Applies every pending migration. Refuses a database that has migrations this
    /// binary does not know (a newer softland wrote it).
    pub async fn migrate(&self) -> Result<(), DbError> {
        let known: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        let applied = self.applied_migrations().await?;
        if let Some(unknown) = applied.iter().find(|a| !known.contains(a)) {
            return Err(DbError::Setup(Setup::UnknownMigration(unknown.clone())));
        }
        Migrator::up(self.write_conn(), None).await?;
        Ok(())
    }

    /// Reverts the newest `steps` migrations.
    pub async fn migrate_down(&self, steps: u32) -> Result<(), DbError> {
        Migrator::down(self.write_conn(), Some(steps)).await?;
        Ok(())
    }

    /// Names of the migrations applied, oldest first (empty on a new database).
    pub async fn applied_migrations(&self) -> Result<Vec<String>, DbError> {
        let backend = self.writes.get_database_backend();
        let exists = match backend {
            DatabaseBackend::Sqlite => {
                "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'"
            }
            _ => {
                "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'seaql_migrations'"
            }
        };
        let row = self
            .write_conn()
            .query_one_raw(sea_orm::Statement::from_string(backend, exists))
            .await?;
        let count: i64 = row.map(|r| r.try_get("", "n")).transpose()?.unwrap_or(0);
        if count == 0 {
            return Ok(Vec::new());
        }
        let rows = self
            .write_conn()
            .query_all_raw(sea_orm::Statement::from_string(
                backend,
                "SELECT version FROM seaql_migrations ORDER BY version",
            ))
            .await?;
        rows.iter()
            .map(|r| r.try_get::<String>("", "version").map_err(DbError::from))
            .collect()
    }

    /// Names of every migration this binary knows, oldest first.
    pub fn known_migrations() -> Vec<String> {
        Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect()
    }

    /// The pool's open and idle connections, for metrics.
    pub fn pool_stats(&self) -> (u32, usize) {
        match &self.reads {
            Reads::Sqlite(conn) => conn.0.stats(),
            Reads::Pool(pool) if self.is_sqlite() => {
                let pool = pool.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            Reads::Pool(pool) => {
                let pool = pool.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        match &self.reads {
            Reads::Sqlite(conn) => conn.ping().is_ok(),
            Reads::Pool(pool) => pool.ping().await.is_ok(),
        }
    }

    /// Creates a new, empty PostgreSQL database `name` through `admin_url` (a connection to
    /// an existing database of the same server) and returns its URL. Used by the test
    /// suite to give each test a database of its own (the benchmark scripts use `psql`).
    pub async fn create_postgres_database(admin_url: &str, name: &str) -> Result<String, DbError> {
        run_on_server(admin_url, &format!("CREATE DATABASE {}", plain_name(name)?)).await?;
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url, |(base, _)| base);
        Ok(format!("{base}/{name}"))
    }

    /// Drops the PostgreSQL database `name` through `admin_url`, ending any connection still
    /// open to it (PostgreSQL 13 or later). Used by the test suite, so that a run of several
    /// hundred tests leaves no databases (and no disk) behind.
    pub async fn drop_postgres_database(admin_url: &str, name: &str) -> Result<(), DbError> {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", plain_name(name)?);
        run_on_server(admin_url, &sql).await
    }

    /// Closes the connections; SQLite's writer last, so that it checkpoints the WAL.
    pub async fn close(self) {
        if let Some(writer) = &self.writer {
            writer.stop().await;
        }
        if let Some(group) = &self.group {
            group.flush().await;
        }
        let pool = match self.reads {
            Reads::Sqlite(conn) => {
                conn.0.close();
                None
            }
            Reads::Pool(pool) => Some(pool),
        };
        for conn in [pool, Some(self.writes)].into_iter().flatten() {
            if let Err(err) = conn.close().await {
                tracing::warn!(error = %err, "closing the database");
            }
        }
    }
}

/// Says in the log when SQLite maps less of a file than `MMAP_BYTES`: a build without
/// `.cargo/config.toml`'s `LIBSQLITE3_FLAGS` (`cargo install`, or the variable set otherwise)
/// keeps SQLite's ~2 GiB ceiling, and reads the rest of a larger file outside the map:
/// correctly, but slower.
async fn warn_if_the_map_is_capped(writes: &DatabaseConnection) {
    let pragma = sea_orm::Statement::from_string(DatabaseBackend::Sqlite, "PRAGMA mmap_size");
    let granted = match writes.query_one_raw(pragma).await {
        Ok(Some(row)) => row.try_get::<i64>("", "mmap_size").ok(),
        Ok(None) | Err(_) => None,
    };
    let asked = MMAP_BYTES.parse::<i64>().ok();
    if let (Some(granted), Some(asked)) = (granted, asked)
        && granted < asked
    {
        tracing::warn!(
            granted,
            asked,
            "SQLite maps less of the database file than asked (built without \
             .cargo/config.toml's LIBSQLITE3_FLAGS): a larger file is read partly outside the \
             memory map, more slowly"
        );
    }
}

/// `name` if it is safe to put into a statement unquoted: lower-case letters, digits and `_`.
fn plain_name(name: &str) -> Result<&str, DbError> {
    if !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        Ok(name)
    } else {
        Err(DbError::Setup(Setup::DatabaseName(name.to_owned())))
    }
}

/// Runs one statement on its own connection to `admin_url` (statements such as `CREATE
/// DATABASE` cannot run in a transaction or through a pool of the database concerned).
async fn run_on_server(admin_url: &str, sql: &str) -> Result<(), DbError> {
    let admin = sea_orm::Database::connect(admin_url).await?;
    admin.execute_unprepared(sql).await?;
    admin.close().await?;
    Ok(())
}

#[cfg(test)]
mod reused_tests {
    use super::Reused;

    #[test]
    fn a_value_read_before_a_forget_is_not_kept_after_it() {
        let reused = Reused::<u32>::default();
        let Err(first) = reused.get() else {
            panic!("nothing is kept yet");
        };
        reused.keep(&1, first);
        assert_eq!(reused.get(), Ok(1));
        reused.forget();
        let Err(second) = reused.get() else {
            panic!("forgotten");
        };
        // A read that began before the forget ends after it: its value is dropped.
        reused.keep(&1, first);
        assert_eq!(reused.get(), Err(second));
        reused.keep(&2, second);
        assert_eq!(reused.get(), Ok(2));
    }
}
