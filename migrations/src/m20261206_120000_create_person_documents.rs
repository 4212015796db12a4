//! The document wallet (issue 18): each person's papers with their number, issuing country,
//! issue date and last day of validity, numbered within their case.

use sea_orm_migration::{
    prelude::*,
    schema::{big_integer, date, date_null, string_len},
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261206_120000_create_person_documents"
    }
}

#[derive(DeriveIden)]
enum PersonDocuments {
    Table,
    CaseId,
    NumberInCase,
    PersonId,
    Kind,
    Number,
    IssuingCountry,
    IssuedOn,
    ValidUntil,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PersonDocuments::Table)
                    .col(big_integer(PersonDocuments::CaseId))
                    .col(big_integer(PersonDocuments::NumberInCase))
                    .col(big_integer(PersonDocuments::PersonId))
                    .col(string_len(PersonDocuments::Kind, 40))
                    .col(string_len(PersonDocuments::Number, 60))
                    .col(string_len(PersonDocuments::IssuingCountry, 120))
                    .col(date(PersonDocuments::IssuedOn))
                    .col(date_null(PersonDocuments::ValidUntil))
                    .primary_key(
                        Index::create()
                            .col(PersonDocuments::CaseId)
                            .col(PersonDocuments::NumberInCase),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PersonDocuments::Table, PersonDocuments::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PersonDocuments::Table, PersonDocuments::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The daily renewal sweep reads the documents that expire, by day.
        manager
            .create_index(
                Index::create()
                    .name("idx_person_documents_valid_until")
                    .table(PersonDocuments::Table)
                    .col(PersonDocuments::ValidUntil)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PersonDocuments::Table).to_owned())
            .await
    }
}
