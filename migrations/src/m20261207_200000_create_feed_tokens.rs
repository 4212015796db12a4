//! Calendar feed tokens (issue 19): the secret in a feed's address; only its SHA-256 hash
//! is stored.

use sea_orm_migration::{
    prelude::*,
    schema::{
        big_integer, big_pk_auto, string_len_uniq, timestamp_with_time_zone,
        timestamp_with_time_zone_null,
    },
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261207_200000_create_feed_tokens"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FeedTokens {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    RevokedAt,
    LastUsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FeedTokens::Table)
                    .col(big_pk_auto(FeedTokens::Id))
                    .col(big_integer(FeedTokens::UserId))
                    .col(string_len_uniq(FeedTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(FeedTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(FeedTokens::RevokedAt))
                    .col(timestamp_with_time_zone_null(FeedTokens::LastUsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FeedTokens::Table, FeedTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_feed_tokens_user")
                    .table(FeedTokens::Table)
                    .col(FeedTokens::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FeedTokens::Table).to_owned())
            .await
    }
}
