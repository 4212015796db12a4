//! A consistent copy of a live SQLite database.

use std::path::Path;

use sea_orm::{ConnectionTrait, Statement};

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
    let backend = db.conn().get_database_backend();
    let rows = db
        .conn()
        .query_all_raw(Statement::from_string(backend, "PRAGMA integrity_check"))
        .await?;
    let lines: Result<Vec<String>, _> = rows
        .iter()
        .map(|r| r.try_get_by_index::<String>(0))
        .collect();
    Ok(lines?.join("; "))
}
