//! A consistent copy of a live SQLite database.

use std::path::Path;

use sea_orm::{ConnectionTrait, Statement};

use super::rows::ReadRows as _;
use super::{Db, DbError, Setup};

/// Writes a consistent copy of the live database to `path` with `VACUUM INTO` (readers and
/// writers carry on meanwhile), then checks the copy with `PRAGMA integrity_check`.
/// PostgreSQL is backed up with `pg_dump` instead.
pub async fn backup(db: &Db, path: &Path) -> Result<(), DbError> {
    if !db.is_sqlite() {
        return Err(DbError::Setup(Setup::BackupOfPostgres));
    }
    if path.exists() {
        return Err(DbError::Setup(Setup::BackupExists(
            path.display().to_string(),
        )));
    }
    let target = path.to_str().ok_or(DbError::Setup(Setup::BackupPath))?;
    let backend = db.conn().get_database_backend();
    {
        // On the writer connection: the read connection refuses anything but reads.
        let _guard = db.write_guard().await;
        db.write_conn()
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "VACUUM INTO ?",
                [target.into()],
            ))
            .await?;
    }
    let url = format!("sqlite://{target}?mode=ro");
    let copy = Db::connect(&url, 1).await?;
    let check = integrity_check(&copy).await;
    copy.close().await;
    match check? {
        ok if ok == "ok" => Ok(()),
        problem => Err(DbError::Setup(Setup::BackupIntegrity(problem))),
    }
}

/// `PRAGMA integrity_check` of a SQLite database: "ok" when sound.
pub async fn integrity_check(db: &Db) -> Result<String, DbError> {
    struct Line {
        integrity_check: String,
    }
    super::rows::read_row!(Line { integrity_check });
    let backend = db.conn().get_database_backend();
    let rows: Vec<Line> = db
        .conn()
        .read_rows(Statement::from_string(backend, "PRAGMA integrity_check"))
        .await?;
    let lines: Vec<String> = rows.into_iter().map(|l| l.integrity_check).collect();
    Ok(lines.join("; "))
}
