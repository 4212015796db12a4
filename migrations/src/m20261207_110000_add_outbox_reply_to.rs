//! A mail's `Reply-To` (issue 19): conversation mails name a signed reply address, so that a
//! reply by mail files itself in the conversation.

use sea_orm_migration::{prelude::*, schema::string_len_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261207_110000_add_outbox_reply_to"
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    ReplyTo,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(string_len_null(Outbox::ReplyTo, 320))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::ReplyTo)
                    .to_owned(),
            )
            .await
    }
}
