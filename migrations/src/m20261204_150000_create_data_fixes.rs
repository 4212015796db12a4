//! Corrections of stored data that need the domain's code (not SQL) to make, each done once:
//! the server records here which it has finished (`db::fixes`). The first: due dates that an
//! office closure had moved past the legal deadline are recomputed without closures.

use sea_orm_migration::{
    prelude::*,
    schema::{string_len, timestamp_with_time_zone},
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261204_150000_create_data_fixes"
    }
}

#[derive(DeriveIden)]
enum DataFixes {
    Table,
    Name,
    DoneAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataFixes::Table)
                    .col(string_len(DataFixes::Name, 100).primary_key())
                    .col(timestamp_with_time_zone(DataFixes::DoneAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DataFixes::Table).to_owned())
            .await
    }
}
