//! PostgreSQL: a handover moves the two consultants' open-case counts in the order of their
//! ids. `m20261214_100000_count_open_cases` took the old consultant's row first: a handover
//! from X to Y and one from Y to X at the same moment could each hold one row and wait for
//! the other's (a deadlock, which PostgreSQL ends by aborting one of them). Taken in one
//! order, the second waits for the first instead. SQLite has one writer: nothing changes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261215_100000_count_open_cases_in_order"
    }
}

/// One case more for `NEW`'s consultant.
const ADD_NEW: &str = "INSERT INTO consultant_open_cases (consultant_id, open_cases) \
    VALUES (NEW.consultant_id, 1) ON CONFLICT (consultant_id) \
    DO UPDATE SET open_cases = consultant_open_cases.open_cases + 1";

/// One case fewer for `OLD`'s consultant.
const TAKE_OLD: &str = "UPDATE consultant_open_cases SET open_cases = open_cases - 1 \
    WHERE consultant_id = OLD.consultant_id";

/// The function as the earlier migration made it (for `down`).
fn unordered() -> String {
    format!(
        "CREATE OR REPLACE FUNCTION count_open_cases() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN \
           IF TG_OP <> 'INSERT' AND OLD.status = 'open' THEN {TAKE_OLD}; END IF; \
           IF TG_OP <> 'DELETE' AND NEW.status = 'open' THEN {ADD_NEW}; END IF; \
           RETURN NULL; \
         END $$"
    )
}

/// The function that takes the two consultants' rows in the order of their ids: the new
/// consultant's first when their id is the lower.
fn ordered() -> String {
    // PostgreSQL sets OLD to NULL in an insert's trigger and NEW in a delete's.
    format!(
        "CREATE OR REPLACE FUNCTION count_open_cases() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN \
           IF TG_OP = 'UPDATE' AND OLD.status = 'open' AND NEW.status = 'open' \
              AND NEW.consultant_id < OLD.consultant_id THEN \
             {ADD_NEW}; {TAKE_OLD}; \
           ELSE \
             IF TG_OP <> 'INSERT' AND OLD.status = 'open' THEN {TAKE_OLD}; END IF; \
             IF TG_OP <> 'DELETE' AND NEW.status = 'open' THEN {ADD_NEW}; END IF; \
           END IF; \
           RETURN NULL; \
         END $$"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(&ordered())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(&unordered())
                .await?;
        }
        Ok(())
    }
}
