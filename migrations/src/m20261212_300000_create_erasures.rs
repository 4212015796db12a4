//! Erasure (Art. 17) and retention (issue 23): one row per erasure (ids, counts and a reason
//! category only, never personal data: the tombstone), a case's legal hold (a reason, who set
//! it, when), the centre's retention setting, a report of each retention run, and the
//! database's identity (a random id written into every erasure ledger line, so that a ledger
//! is only ever applied to the database it was written for; inside the database so that its
//! backups carry it).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, integer, string_len, string_len_null, text,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261212_300000_create_erasures"
    }
}

#[derive(DeriveIden)]
enum Erasures {
    Table,
    Id,
    CaseId,
    Scope,
    PersonIds,
    UserIds,
    Reason,
    Reference,
    Counts,
    ActorId,
    At,
}

#[derive(DeriveIden)]
enum LegalHolds {
    Table,
    CaseId,
    Reason,
    SetBy,
    SetAt,
}

#[derive(DeriveIden)]
enum PrivacySettings {
    Table,
    Id,
    RetentionYears,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum DatabaseIdentity {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RetentionRuns {
    Table,
    Id,
    RanAt,
    RanBy,
    Anonymised,
    Held,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Erasures::Table)
                    .col(string_len(Erasures::Id, 40).primary_key())
                    .col(big_integer(Erasures::CaseId))
                    .col(string_len(Erasures::Scope, 20))
                    .col(text(Erasures::PersonIds))
                    .col(text(Erasures::UserIds))
                    .col(string_len(Erasures::Reason, 20))
                    .col(string_len_null(Erasures::Reference, 40))
                    .col(text(Erasures::Counts))
                    .col(big_integer_null(Erasures::ActorId))
                    .col(timestamp_with_time_zone(Erasures::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_erasures_case")
                    .table(Erasures::Table)
                    .col(Erasures::CaseId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LegalHolds::Table)
                    .col(big_integer(LegalHolds::CaseId).primary_key())
                    .col(string_len(LegalHolds::Reason, 300))
                    .col(big_integer_null(LegalHolds::SetBy))
                    .col(timestamp_with_time_zone(LegalHolds::SetAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrivacySettings::Table)
                    .col(big_pk_auto(PrivacySettings::Id))
                    .col(integer(PrivacySettings::RetentionYears).default(3))
                    .col(timestamp_with_time_zone_null(PrivacySettings::UpdatedAt))
                    .col(big_integer_null(PrivacySettings::UpdatedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RetentionRuns::Table)
                    .col(big_pk_auto(RetentionRuns::Id))
                    .col(timestamp_with_time_zone(RetentionRuns::RanAt))
                    .col(big_integer_null(RetentionRuns::RanBy))
                    .col(text(RetentionRuns::Anonymised))
                    .col(text(RetentionRuns::Held))
                    .to_owned(),
            )
            .await?;
        create_identity(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DatabaseIdentity::Table.into_iden(),
            RetentionRuns::Table.into_iden(),
            PrivacySettings::Table.into_iden(),
            LegalHolds::Table.into_iden(),
            Erasures::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// The one row of `database_identity`: a random id made here, once per database.
async fn create_identity(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(DatabaseIdentity::Table)
                .col(string_len(DatabaseIdentity::Id, 40).primary_key())
                .to_owned(),
        )
        .await?;
    let insert = Query::insert()
        .into_table(DatabaseIdentity::Table)
        .columns([DatabaseIdentity::Id])
        .values_panic([uuid::Uuid::new_v4().to_string().into()])
        .to_owned();
    manager.exec_stmt(insert).await
}
