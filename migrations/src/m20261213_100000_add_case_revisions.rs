//! A case's revision (issue 25, SQLite only): a counter that every change to the case's
//! aggregate moves on — its row, its people and their key dates, its key dates, routes,
//! checklist items and wallet documents — kept by triggers, so that no write path can forget
//! it. A writer reads the case before it takes SQLite's writer slot and, inside, checks only
//! that the revision is still the one it read (`db::cases::update_by`); if it moved, the
//! writer reads the case again inside its transaction. PostgreSQL locks the case's row
//! (`FOR UPDATE`) and reads it inside the transaction instead, so it has no such column.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261213_100000_add_case_revisions"
    }
}

/// Tables of a case's aggregate that name their case in `case_id`.
const CHILDREN: [&str; 5] = [
    "people",
    "case_key_dates",
    "case_routes",
    "checklist_items",
    "person_documents",
];

fn triggers() -> Vec<String> {
    let bump = |case: &str| format!("UPDATE cases SET revision = revision + 1 WHERE id = {case};");
    let mut sql = vec![format!(
        "CREATE TRIGGER case_revision_cases AFTER UPDATE ON cases \
         WHEN NEW.revision = OLD.revision BEGIN {} END",
        bump("NEW.id")
    )];
    for table in CHILDREN {
        sql.push(format!(
            "CREATE TRIGGER case_revision_{table}_insert AFTER INSERT ON {table} BEGIN {} END",
            bump("NEW.case_id")
        ));
        sql.push(format!(
            "CREATE TRIGGER case_revision_{table}_update AFTER UPDATE ON {table} BEGIN {} {} END",
            bump("NEW.case_id"),
            "UPDATE cases SET revision = revision + 1 \
             WHERE id = OLD.case_id AND OLD.case_id <> NEW.case_id;"
        ));
        sql.push(format!(
            "CREATE TRIGGER case_revision_{table}_delete AFTER DELETE ON {table} BEGIN {} END",
            bump("OLD.case_id")
        ));
    }
    let of_person = |person: &str| {
        format!(
            "UPDATE cases SET revision = revision + 1 \
             WHERE id = (SELECT case_id FROM people WHERE id = {person});"
        )
    };
    sql.push(format!(
        "CREATE TRIGGER case_revision_person_key_dates_insert AFTER INSERT ON person_key_dates \
         BEGIN {} END",
        of_person("NEW.person_id")
    ));
    sql.push(format!(
        "CREATE TRIGGER case_revision_person_key_dates_update AFTER UPDATE ON person_key_dates \
         BEGIN {} {} END",
        of_person("NEW.person_id"),
        of_person("OLD.person_id")
    ));
    sql.push(format!(
        "CREATE TRIGGER case_revision_person_key_dates_delete AFTER DELETE ON person_key_dates \
         BEGIN {} END",
        of_person("OLD.person_id")
    ));
    sql
}

fn trigger_names() -> Vec<String> {
    let mut names = vec!["case_revision_cases".to_owned()];
    for table in CHILDREN.iter().chain(&["person_key_dates"]) {
        for op in ["insert", "update", "delete"] {
            names.push(format!("case_revision_{table}_{op}"));
        }
    }
    names
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")
            .await?;
        for sql in triggers() {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        for name in trigger_names() {
            db.execute_unprepared(&format!("DROP TRIGGER {name}"))
                .await?;
        }
        db.execute_unprepared("ALTER TABLE cases DROP COLUMN revision")
            .await?;
        Ok(())
    }
}
