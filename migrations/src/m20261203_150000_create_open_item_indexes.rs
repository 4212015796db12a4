//! Partial indexes of open items (to do or in progress), in the order the dashboard reads
//! them (docs/performance-log.md, change 24):
//!
//! - the due list reads one consultant's open items in due order and stops at the
//!   hundredth, with no sort and no second look-up of the ids kept
//!   (`idx_items_owner_open_due`, replacing `idx_items_owner_status_due`, whose two status
//!   ranges had to be merged and sorted);
//! - each watched kind of item (change 22's indexes) holds open items only, so the missed
//!   registrations and courses due are read in due order without a sort, and the extension
//!   windows from one range instead of two.
//!
//! The conditions are written as `db::dashboard` writes them: SQLite uses a partial index
//! only for a query that contains its condition, and the due list names the two statuses the
//! other way round from the warnings, so that neither query is planned on the other's index.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261203_150000_create_open_item_indexes"
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

/// The warnings' indexes: name, kind of item, and the columns after the consultant (first
/// the one the range runs over, then what the warning reads, so that they cover it).
fn watched() -> [(&'static str, &'static str, Vec<ChecklistItems>); 3] {
    use ChecklistItems::{CaseId, DueOn, Holder, OpensOn, Status, Watch};
    [
        (
            "idx_items_owner_extension",
            "extension",
            vec![OpensOn, DueOn, Holder, CaseId, Status, Watch],
        ),
        (
            "idx_items_owner_registration",
            "registration",
            vec![DueOn, Holder, CaseId, Status, Watch],
        ),
        (
            "idx_items_owner_course",
            "integration_course",
            vec![DueOn, Holder, CaseId, Status, Watch],
        ),
    ]
}

/// Change 22's shape of the same indexes, for `down`: every status, ranged after it.
fn watched_before() -> [(&'static str, &'static str, Vec<ChecklistItems>); 3] {
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

fn drop(name: &str) -> IndexDropStatement {
    Index::drop()
        .name(name)
        .table(ChecklistItems::Table)
        .to_owned()
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
            .drop_index(drop("idx_items_owner_status_due"))
            .await?;
        for (name, watch, columns) in watched() {
            manager.drop_index(drop(name)).await?;
            let mut index = Index::create();
            index
                .name(name)
                .table(ChecklistItems::Table)
                .col(ChecklistItems::OpenOwner);
            for column in columns {
                index.col(column);
            }
            index
                .and_where(Expr::col(ChecklistItems::Watch).eq(watch))
                .and_where(Expr::col(ChecklistItems::Status).is_in(["to_do", "in_progress"]));
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, watch, columns) in watched_before() {
            manager.drop_index(drop(name)).await?;
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
        manager.drop_index(drop("idx_items_owner_open_due")).await
    }
}
