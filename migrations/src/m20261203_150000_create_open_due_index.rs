//! The dashboard's due list reads one consultant's open items (to do or in progress) from a
//! partial index in due order, and stops at the hundredth: no sort of every open item due
//! before the horizon, no second look-up of the ids kept (docs/performance.md, change 24).
//! It replaces `idx_items_owner_status_due`, whose two status ranges had to be merged and
//! sorted. The condition is written as `db::dashboard` writes it (`DUE_LIST_OPEN`): SQLite
//! uses a partial index only for queries that contain its condition.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261203_150000_create_open_due_index"
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ChecklistItems {
    Table,
    OpenOwner,
    Status,
    DueOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_items_owner_open_due")
                    .table(ChecklistItems::Table)
                    .col(ChecklistItems::OpenOwner)
                    .col(ChecklistItems::DueOn)
                    .and_where(Expr::col(ChecklistItems::Status).is_in(["in_progress", "to_do"]))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_items_owner_status_due")
                    .table(ChecklistItems::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_items_owner_status_due")
                    .table(ChecklistItems::Table)
                    .col(ChecklistItems::OpenOwner)
                    .col(ChecklistItems::Status)
                    .col(ChecklistItems::DueOn)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_items_owner_open_due")
                    .table(ChecklistItems::Table)
                    .to_owned(),
            )
            .await
    }
}
