//! Privacy (issue 23, part A): the lawful basis of each case's processing
//! (`cases.lawful_basis`, `contract` for the cases that exist, see docs/privacy.md) and the
//! consent register (`consents`): one row per consent given to a person of a case for one
//! purpose, closed by its withdrawal; giving it again opens a new row, so the history stays.
//! A "no" said without a "yes" before (reminders, which go until someone says no) is a row
//! withdrawn without having been given.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, string_len, string_len_null,
    timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261212_100000_create_consents"
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    LawfulBasis,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Consents {
    Table,
    Id,
    CaseId,
    PersonId,
    Purpose,
    GivenAt,
    GivenHow,
    GivenBy,
    WithdrawnAt,
    WithdrawnBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(string_len(Cases::LawfulBasis, 24).default("contract"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Consents::Table)
                    .col(big_pk_auto(Consents::Id))
                    .col(big_integer(Consents::CaseId))
                    .col(big_integer(Consents::PersonId))
                    .col(string_len(Consents::Purpose, 24))
                    .col(timestamp_with_time_zone_null(Consents::GivenAt))
                    .col(string_len_null(Consents::GivenHow, 20))
                    .col(big_integer_null(Consents::GivenBy))
                    .col(timestamp_with_time_zone_null(Consents::WithdrawnAt))
                    .col(big_integer_null(Consents::WithdrawnBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Consents::Table, Consents::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Consents::Table, Consents::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_consents_person_purpose")
                    .table(Consents::Table)
                    .col(Consents::PersonId)
                    .col(Consents::Purpose)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_consents_case")
                    .table(Consents::Table)
                    .col(Consents::CaseId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Consents::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::LawfulBasis)
                    .to_owned(),
            )
            .await
    }
}
