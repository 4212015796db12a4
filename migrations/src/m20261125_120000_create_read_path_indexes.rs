//! Indexes for the busiest pages (docs/performance-log.md): the dashboard reads a consultant's
//! open cases first and then each case's open items, and the staff lists find staff by role
//! instead of reading every account.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261125_120000_create_read_path_indexes"
    }
}

#[derive(DeriveIden)]
enum ChecklistItems {
    Table,
    CaseId,
    Status,
    DueOn,
    StatusOn,
    Watch,
    OpensOn,
    Holder,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Role,
    Active,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Covers every item column the dashboard filters on, so that its counts, due and
        // waiting lists and risk warnings never read the item rows themselves.
        manager
            .create_index(
                Index::create()
                    .name("idx_items_case_status_due")
                    .table(ChecklistItems::Table)
                    .col(ChecklistItems::CaseId)
                    .col(ChecklistItems::Status)
                    .col(ChecklistItems::DueOn)
                    .col(ChecklistItems::StatusOn)
                    .col(ChecklistItems::Watch)
                    .col(ChecklistItems::OpensOn)
                    .col(ChecklistItems::Holder)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_role_active")
                    .table(Users::Table)
                    .col(Users::Role)
                    .col(Users::Active)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_role_active")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_items_case_status_due")
                    .table(ChecklistItems::Table)
                    .to_owned(),
            )
            .await
    }
}
