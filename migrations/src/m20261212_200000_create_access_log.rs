//! The access log (issue 23): one row per view of a case, a person, a document, a file or an
//! export — who, what, when, from which address, the request id — and never a field value.
//! Append-only: triggers refuse every UPDATE and DELETE (and, on PostgreSQL, TRUNCATE), but
//! one: setting `address` to NULL with every other column unchanged, which erasure uses to
//! forget an erased person's own addresses. No foreign keys: the log outlives the rows it
//! names (an erased case keeps its ids here), and a cascade would be refused anyway.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261212_200000_create_access_log"
    }
}

const TABLE_SQLITE: &str = "CREATE TABLE access_log (\
    id INTEGER PRIMARY KEY AUTOINCREMENT, \
    at TEXT NOT NULL, \
    user_id INTEGER NOT NULL, \
    token_id INTEGER NULL, \
    role TEXT NOT NULL, \
    kind TEXT NOT NULL, \
    case_id INTEGER NULL, \
    person_id INTEGER NULL, \
    file_id INTEGER NULL, \
    document_id INTEGER NULL, \
    address TEXT NULL, \
    request_id TEXT NOT NULL)";

const TABLE_POSTGRES: &str = "CREATE TABLE access_log (\
    id BIGSERIAL PRIMARY KEY, \
    at TIMESTAMPTZ NOT NULL, \
    user_id BIGINT NOT NULL, \
    token_id BIGINT NULL, \
    role VARCHAR(20) NOT NULL, \
    kind VARCHAR(30) NOT NULL, \
    case_id BIGINT NULL, \
    person_id BIGINT NULL, \
    file_id BIGINT NULL, \
    document_id BIGINT NULL, \
    address VARCHAR(45) NULL, \
    request_id VARCHAR(40) NOT NULL)";

/// Every column but `address`: an update may change none of them.
const KEPT: [&str; 11] = [
    "id",
    "at",
    "user_id",
    "token_id",
    "role",
    "kind",
    "case_id",
    "person_id",
    "file_id",
    "document_id",
    "request_id",
];

fn unchanged() -> String {
    KEPT.map(|c| format!("NEW.{c} IS NOT DISTINCT FROM OLD.{c}"))
        .join(" AND ")
}

fn sqlite_triggers() -> Vec<String> {
    // SQLite's IS compares NULLs as equal (its IS NOT DISTINCT FROM).
    let unchanged = KEPT.map(|c| format!("NEW.{c} IS OLD.{c}")).join(" AND ");
    vec![
        format!(
            "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log \
             WHEN NOT (NEW.address IS NULL AND {unchanged}) \
             BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END"
        ),
        "CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log \
         BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END"
            .to_owned(),
    ]
}

fn postgres_triggers() -> Vec<String> {
    vec![
        format!(
            "CREATE FUNCTION access_log_append_only() RETURNS trigger AS $$ \
             BEGIN \
             IF TG_OP = 'UPDATE' THEN \
             IF NEW.address IS NULL AND {} THEN RETURN NEW; END IF; \
             END IF; \
             RAISE EXCEPTION 'the access log is append-only'; \
             END $$ LANGUAGE plpgsql",
            unchanged()
        ),
        "CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log \
         FOR EACH ROW EXECUTE FUNCTION access_log_append_only()"
            .to_owned(),
        "CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log \
         FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()"
            .to_owned(),
    ]
}

const INDEXES: [&str; 3] = [
    "CREATE INDEX idx_access_log_at ON access_log (at, id)",
    "CREATE INDEX idx_access_log_case ON access_log (case_id, at)",
    "CREATE INDEX idx_access_log_user ON access_log (user_id, at)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        let (table, triggers) = if postgres {
            (TABLE_POSTGRES, postgres_triggers())
        } else {
            (TABLE_SQLITE, sqlite_triggers())
        };
        db.execute_unprepared(table).await?;
        for sql in INDEXES {
            db.execute_unprepared(sql).await?;
        }
        for sql in triggers {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP TABLE access_log").await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION access_log_append_only()")
                .await?;
        }
        Ok(())
    }
}
