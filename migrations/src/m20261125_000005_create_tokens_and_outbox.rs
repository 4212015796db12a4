//! Single-use links (invitations, password resets) and the outgoing mail queue.

use sea_orm_migration::{
    prelude::*,
    schema::{
        big_integer, big_integer_null, big_pk_auto, string_len, string_len_uniq, text, text_null,
        timestamp_with_time_zone, timestamp_with_time_zone_null,
    },
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261125_000005_create_tokens_and_outbox"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LinkTokens {
    Table,
    Id,
    Purpose,
    TokenHash,
    UserId,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    ToAddress,
    Subject,
    Body,
    Status,
    Attempts,
    LastError,
    NextAttemptAt,
    ClaimedUntil,
    CreatedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LinkTokens::Table)
                    .col(big_pk_auto(LinkTokens::Id))
                    .col(string_len(LinkTokens::Purpose, 20))
                    .col(string_len_uniq(LinkTokens::TokenHash, 64))
                    .col(big_integer(LinkTokens::UserId))
                    .col(big_integer_null(LinkTokens::CreatedBy))
                    .col(timestamp_with_time_zone(LinkTokens::CreatedAt))
                    .col(timestamp_with_time_zone(LinkTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(LinkTokens::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LinkTokens::Table, LinkTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(big_pk_auto(Outbox::Id))
                    .col(string_len(Outbox::ToAddress, 254))
                    .col(string_len(Outbox::Subject, 300))
                    .col(text(Outbox::Body))
                    .col(string_len(Outbox::Status, 20))
                    .col(big_integer(Outbox::Attempts))
                    .col(text_null(Outbox::LastError))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_status_next")
                    .table(Outbox::Table)
                    .col(Outbox::Status)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LinkTokens::Table).to_owned())
            .await
    }
}
