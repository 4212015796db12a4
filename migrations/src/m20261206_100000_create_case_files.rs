//! Files uploaded to a case (issue 18): the object lives in the file store under a random
//! key; this row is its metadata, its review and its soft deletion.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, string_len, string_len_uniq, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261206_100000_create_case_files"
    }
}

#[derive(DeriveIden)]
enum CaseFiles {
    Table,
    Id,
    CaseId,
    PersonId,
    ItemId,
    UploadedBy,
    UploadedAt,
    OriginalName,
    SizeBytes,
    MediaType,
    Sha256,
    StorageKey,
    Review,
    ReviewReason,
    ReviewedBy,
    ReviewedAt,
    Scan,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaseFiles::Table)
                    .col(big_pk_auto(CaseFiles::Id))
                    .col(big_integer(CaseFiles::CaseId))
                    .col(big_integer_null(CaseFiles::PersonId))
                    .col(big_integer_null(CaseFiles::ItemId))
                    .col(big_integer_null(CaseFiles::UploadedBy))
                    .col(timestamp_with_time_zone(CaseFiles::UploadedAt))
                    .col(text(CaseFiles::OriginalName))
                    .col(big_integer(CaseFiles::SizeBytes))
                    .col(string_len(CaseFiles::MediaType, 60))
                    .col(string_len(CaseFiles::Sha256, 64))
                    .col(string_len_uniq(CaseFiles::StorageKey, 80))
                    .col(string_len(CaseFiles::Review, 20))
                    .col(text_null(CaseFiles::ReviewReason))
                    .col(big_integer_null(CaseFiles::ReviewedBy))
                    .col(timestamp_with_time_zone_null(CaseFiles::ReviewedAt))
                    .col(string_len(CaseFiles::Scan, 20))
                    .col(timestamp_with_time_zone_null(CaseFiles::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseFiles::Table, CaseFiles::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseFiles::Table, CaseFiles::UploadedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_files_case")
                    .table(CaseFiles::Table)
                    .col(CaseFiles::CaseId)
                    .col(CaseFiles::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CaseFiles::Table).to_owned())
            .await
    }
}
