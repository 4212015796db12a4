//! Audit actions are one vocabulary now (`AuditAction`, stored by `db/vocabulary.rs`). Older
//! demo data wrote three names the application never wrote: they become the application's.
//! `down` leaves them (the new names are valid for the older code too).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261204_130000_rename_legacy_audit_actions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE audit_events SET action = 'item.due_override' WHERE action = 'item.due_overridden'",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE audit_events SET action = 'case.status' WHERE action IN ('case.held', 'case.closed')",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
