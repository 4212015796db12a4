//! The breach register (issue 23, GDPR Art. 33(5)): each personal-data breach with its dates,
//! the data and people concerned, the risk, the notifications and the measures; the cases
//! whose people were affected (ids only: an erased case keeps its place in the register);
//! and a timeline of dated entries.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, integer, integer_null, string_len, text,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261212_210000_create_breaches"
    }
}

#[derive(DeriveIden)]
enum Breaches {
    Table,
    Id,
    Title,
    Description,
    DiscoveredAt,
    OccurredFrom,
    OccurredTo,
    AwareAt,
    DataCategories,
    PeopleCount,
    Risk,
    AuthorityNotifiedAt,
    LateReasons,
    PeopleNotifiedAt,
    Measures,
    Status,
    CreatedAt,
    CreatedBy,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum BreachCases {
    Table,
    BreachId,
    CaseId,
}

#[derive(DeriveIden)]
enum BreachEvents {
    Table,
    Id,
    BreachId,
    At,
    Text,
    CreatedBy,
    CreatedAt,
}

fn breaches() -> TableCreateStatement {
    Table::create()
        .table(Breaches::Table)
        .col(big_pk_auto(Breaches::Id))
        .col(string_len(Breaches::Title, 200))
        .col(text(Breaches::Description))
        .col(timestamp_with_time_zone(Breaches::DiscoveredAt))
        .col(timestamp_with_time_zone_null(Breaches::OccurredFrom))
        .col(timestamp_with_time_zone_null(Breaches::OccurredTo))
        .col(timestamp_with_time_zone(Breaches::AwareAt))
        .col(text(Breaches::DataCategories))
        .col(integer_null(Breaches::PeopleCount))
        .col(string_len(Breaches::Risk, 20))
        .col(timestamp_with_time_zone_null(Breaches::AuthorityNotifiedAt))
        .col(text(Breaches::LateReasons))
        .col(timestamp_with_time_zone_null(Breaches::PeopleNotifiedAt))
        .col(text(Breaches::Measures))
        .col(string_len(Breaches::Status, 20))
        .col(timestamp_with_time_zone(Breaches::CreatedAt))
        .col(big_integer_null(Breaches::CreatedBy))
        .col(timestamp_with_time_zone(Breaches::UpdatedAt))
        .col(integer(Breaches::Version))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(breaches()).await?;
        manager
            .create_table(
                Table::create()
                    .table(BreachCases::Table)
                    .col(big_integer(BreachCases::BreachId))
                    .col(big_integer(BreachCases::CaseId))
                    .primary_key(
                        Index::create()
                            .col(BreachCases::BreachId)
                            .col(BreachCases::CaseId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(BreachCases::Table, BreachCases::BreachId)
                            .to(Breaches::Table, Breaches::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BreachEvents::Table)
                    .col(big_pk_auto(BreachEvents::Id))
                    .col(big_integer(BreachEvents::BreachId))
                    .col(timestamp_with_time_zone(BreachEvents::At))
                    .col(text(BreachEvents::Text))
                    .col(big_integer_null(BreachEvents::CreatedBy))
                    .col(timestamp_with_time_zone(BreachEvents::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(BreachEvents::Table, BreachEvents::BreachId)
                            .to(Breaches::Table, Breaches::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_breach_events_breach")
                    .table(BreachEvents::Table)
                    .col(BreachEvents::BreachId)
                    .col(BreachEvents::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            BreachEvents::Table.into_iden(),
            BreachCases::Table.into_iden(),
            Breaches::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
