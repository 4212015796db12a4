//! Key dates of one person of a case (a spouse's own permit expiry, a child who arrives
//! later), which replace the household's date for that person's items; and the day of the
//! earlier occurrence an item counts from when its event happened again (a second move).

use sea_orm_migration::{
    prelude::*,
    schema::{big_integer, date, date_null, string_len},
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261204_160000_add_person_key_dates"
    }
}

#[derive(DeriveIden)]
enum PersonKeyDates {
    Table,
    PersonId,
    Kind,
    Date,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ChecklistItems {
    Table,
    AnchorOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PersonKeyDates::Table)
                    .col(big_integer(PersonKeyDates::PersonId))
                    .col(string_len(PersonKeyDates::Kind, 50))
                    .col(date(PersonKeyDates::Date))
                    .primary_key(
                        Index::create()
                            .col(PersonKeyDates::PersonId)
                            .col(PersonKeyDates::Kind),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PersonKeyDates::Table, PersonKeyDates::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChecklistItems::Table)
                    .add_column(date_null(ChecklistItems::AnchorOn))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ChecklistItems::Table)
                    .drop_column(ChecklistItems::AnchorOn)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(PersonKeyDates::Table).to_owned())
            .await
    }
}
