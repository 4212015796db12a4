//! The buddy programme (issue 20): ambassadors (an account of the `buddy` role with a profile
//! the coordinator approves), newcomers' requests and the matches they become (one row from
//! the request to its end), the ambassadors' check-ins, and the "buddy coordinator"
//! permission of staff accounts.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, boolean, date, date_null, string_len,
    string_len_null, text, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261208_100000_create_buddy_programme"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    BuddyCoordinator,
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

#[derive(DeriveIden)]
enum Ambassadors {
    Table,
    Id,
    UserId,
    Status,
    Nationality,
    Languages,
    YearsHere,
    District,
    Occupation,
    Interests,
    Family,
    ChildrenAtSchool,
    HelpsWith,
    Capacity,
    AvailableUntil,
    Introduction,
    Phone,
    ConsentAt,
    AppliedAt,
    DecidedAt,
    DecidedBy,
    Version,
}

#[derive(DeriveIden)]
enum BuddyMatches {
    Table,
    Id,
    CaseId,
    PersonId,
    RequestedBy,
    Languages,
    District,
    Topics,
    HasChildren,
    Wishes,
    ShareEmail,
    SharePhone,
    Phone,
    ConsentAt,
    ConsentWithdrawnAt,
    State,
    EndReason,
    EndNote,
    AmbassadorId,
    DeclineReason,
    RequestedAt,
    ProposedAt,
    ProposedBy,
    AcceptedAt,
    StartedAt,
    EndedAt,
    Rating,
    Feedback,
    FeedbackAt,
    Version,
}

#[derive(DeriveIden)]
enum BuddyCheckins {
    Table,
    Id,
    MatchId,
    AuthorId,
    MetOn,
    Body,
    NeedsHelp,
    CreatedAt,
    HandledAt,
    HandledBy,
}

async fn create_ambassadors(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Ambassadors::Table)
                .col(big_pk_auto(Ambassadors::Id))
                .col(big_integer(Ambassadors::UserId).unique_key())
                .col(string_len(Ambassadors::Status, 20))
                .col(string_len(Ambassadors::Nationality, 80))
                .col(string_len(Ambassadors::Languages, 400))
                .col(big_integer(Ambassadors::YearsHere))
                .col(string_len_null(Ambassadors::District, 80))
                .col(string_len_null(Ambassadors::Occupation, 120))
                .col(text_null(Ambassadors::Interests))
                .col(text_null(Ambassadors::Family))
                .col(boolean(Ambassadors::ChildrenAtSchool))
                .col(string_len(Ambassadors::HelpsWith, 200))
                .col(big_integer(Ambassadors::Capacity))
                .col(date_null(Ambassadors::AvailableUntil))
                .col(text(Ambassadors::Introduction))
                .col(string_len_null(Ambassadors::Phone, 40))
                .col(timestamp_with_time_zone(Ambassadors::ConsentAt))
                .col(timestamp_with_time_zone(Ambassadors::AppliedAt))
                .col(timestamp_with_time_zone_null(Ambassadors::DecidedAt))
                .col(big_integer_null(Ambassadors::DecidedBy))
                .col(big_integer(Ambassadors::Version).default(1))
                .foreign_key(
                    ForeignKey::create()
                        .from(Ambassadors::Table, Ambassadors::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
}

async fn create_matches(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(BuddyMatches::Table)
                .col(big_pk_auto(BuddyMatches::Id))
                .col(big_integer(BuddyMatches::CaseId))
                .col(big_integer(BuddyMatches::PersonId))
                .col(big_integer_null(BuddyMatches::RequestedBy))
                .col(string_len(BuddyMatches::Languages, 200))
                .col(string_len_null(BuddyMatches::District, 80))
                .col(string_len(BuddyMatches::Topics, 200))
                .col(boolean(BuddyMatches::HasChildren))
                .col(text_null(BuddyMatches::Wishes))
                .col(boolean(BuddyMatches::ShareEmail))
                .col(boolean(BuddyMatches::SharePhone))
                .col(string_len_null(BuddyMatches::Phone, 40))
                .col(timestamp_with_time_zone(BuddyMatches::ConsentAt))
                .col(timestamp_with_time_zone_null(
                    BuddyMatches::ConsentWithdrawnAt,
                ))
                .col(string_len(BuddyMatches::State, 20))
                .col(string_len_null(BuddyMatches::EndReason, 20))
                .col(text_null(BuddyMatches::EndNote))
                .col(big_integer_null(BuddyMatches::AmbassadorId))
                .col(text_null(BuddyMatches::DeclineReason))
                .col(timestamp_with_time_zone(BuddyMatches::RequestedAt))
                .col(timestamp_with_time_zone_null(BuddyMatches::ProposedAt))
                .col(big_integer_null(BuddyMatches::ProposedBy))
                .col(timestamp_with_time_zone_null(BuddyMatches::AcceptedAt))
                .col(timestamp_with_time_zone_null(BuddyMatches::StartedAt))
                .col(timestamp_with_time_zone_null(BuddyMatches::EndedAt))
                .col(big_integer_null(BuddyMatches::Rating))
                .col(text_null(BuddyMatches::Feedback))
                .col(timestamp_with_time_zone_null(BuddyMatches::FeedbackAt))
                .col(big_integer(BuddyMatches::Version).default(1))
                .foreign_key(
                    ForeignKey::create()
                        .from(BuddyMatches::Table, BuddyMatches::CaseId)
                        .to(Cases::Table, Cases::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(BuddyMatches::Table, BuddyMatches::PersonId)
                        .to(People::Table, People::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(BuddyMatches::Table, BuddyMatches::AmbassadorId)
                        .to(Ambassadors::Table, Ambassadors::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
    for (name, cols) in [
        (
            "idx_buddy_matches_state",
            vec![BuddyMatches::State, BuddyMatches::RequestedAt],
        ),
        (
            "idx_buddy_matches_ambassador",
            vec![BuddyMatches::AmbassadorId, BuddyMatches::State],
        ),
        (
            "idx_buddy_matches_person",
            vec![BuddyMatches::PersonId, BuddyMatches::State],
        ),
        ("idx_buddy_matches_case", vec![BuddyMatches::CaseId]),
    ] {
        let mut index = Index::create();
        index.name(name).table(BuddyMatches::Table);
        for col in cols {
            index.col(col);
        }
        manager.create_index(index).await?;
    }
    Ok(())
}

async fn create_checkins(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(BuddyCheckins::Table)
                .col(big_pk_auto(BuddyCheckins::Id))
                .col(big_integer(BuddyCheckins::MatchId))
                .col(big_integer_null(BuddyCheckins::AuthorId))
                .col(date(BuddyCheckins::MetOn))
                .col(text(BuddyCheckins::Body))
                .col(boolean(BuddyCheckins::NeedsHelp))
                .col(timestamp_with_time_zone(BuddyCheckins::CreatedAt))
                .col(timestamp_with_time_zone_null(BuddyCheckins::HandledAt))
                .col(big_integer_null(BuddyCheckins::HandledBy))
                .foreign_key(
                    ForeignKey::create()
                        .from(BuddyCheckins::Table, BuddyCheckins::MatchId)
                        .to(BuddyMatches::Table, BuddyMatches::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(BuddyCheckins::Table, BuddyCheckins::AuthorId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_buddy_checkins_match")
                .table(BuddyCheckins::Table)
                .col(BuddyCheckins::MatchId)
                .col(BuddyCheckins::MetOn)
                .to_owned(),
        )
        .await?;
    // The consultants' dashboards ask for check-ins that need the centre and are not handled.
    manager
        .create_index(
            Index::create()
                .name("idx_buddy_checkins_help")
                .table(BuddyCheckins::Table)
                .col(BuddyCheckins::NeedsHelp)
                .col(BuddyCheckins::HandledAt)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(boolean(Users::BuddyCoordinator).default(false))
                    .to_owned(),
            )
            .await?;
        create_ambassadors(manager).await?;
        create_matches(manager).await?;
        create_checkins(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            BuddyCheckins::Table.into_iden(),
            BuddyMatches::Table.into_iden(),
            Ambassadors::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::BuddyCoordinator)
                    .to_owned(),
            )
            .await
    }
}
