//! One partial index per watched kind of item (extension window, registration, integration
//! course) instead of one index over all three: each dashboard warning then reads one short
//! index range. The extension window is found by the day it opens, which few items have
//! passed, instead of by its due day, which most have not (docs/performance-log.md, change 22).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261203_120000_create_watch_indexes"
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ChecklistItems {
    Table,
    OpenOwner,
    Watch,
    Status,
    DueOn,
    OpensOn,
    Holder,
    CaseId,
}

/// Each index: its name, the kind of item it holds, and its columns after the consultant and
/// the status: first the one its range runs over, then what the warning reads (covering).
fn watched() -> [(&'static str, &'static str, Vec<ChecklistItems>); 3] {
    use ChecklistItems::{CaseId, DueOn, Holder, OpensOn, Watch};
    [
        (
            "idx_items_owner_extension",
            "extension",
            vec![OpensOn, DueOn, Holder, CaseId, Watch],
        ),
        (
            "idx_items_owner_registration",
            "registration",
            vec![DueOn, Holder, CaseId, Watch],
        ),
        (
            "idx_items_owner_course",
            "integration_course",
            vec![DueOn, Holder, CaseId, Watch],
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, watch, columns) in watched() {
            let mut index = Index::create();
            index
                .name(name)
                .table(ChecklistItems::Table)
                .col(ChecklistItems::OpenOwner)
                .col(ChecklistItems::Status);
            for column in columns {
                index.col(column);
            }
            index.and_where(Expr::col(ChecklistItems::Watch).eq(watch));
            manager.create_index(index).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_items_owner_watch")
                    .table(ChecklistItems::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_items_owner_watch")
                    .table(ChecklistItems::Table)
                    .col(ChecklistItems::OpenOwner)
                    .col(ChecklistItems::Watch)
                    .col(ChecklistItems::Status)
                    .col(ChecklistItems::DueOn)
                    .col(ChecklistItems::OpensOn)
                    .col(ChecklistItems::Holder)
                    .col(ChecklistItems::CaseId)
                    .to_owned(),
            )
            .await?;
        for (name, _, _) in watched() {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(ChecklistItems::Table)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
