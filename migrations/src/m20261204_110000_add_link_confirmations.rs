//! Two columns for safer account links:
//! - `people.pending_user_id`: an existing expat account a consultant asked to link to a
//!   person of another case; the link takes effect only when that expat confirms it in the
//!   portal (no consultant can attach someone's account to a household on their own);
//! - `outbox.link_token_id`: the single-use link a queued mail carries. The link's secret is
//!   made when the mail is sent, never stored in the mail's row (only a placeholder is).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261204_110000_add_link_confirmations"
    }
}

#[derive(DeriveIden)]
enum People {
    Table,
    PendingUserId,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    LinkTokenId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .add_column(ColumnDef::new(People::PendingUserId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_people_pending_user")
                    .table(People::Table)
                    .col(People::PendingUserId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(ColumnDef::new(Outbox::LinkTokenId).big_integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_people_pending_user")
                    .table(People::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .drop_column(People::PendingUserId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::LinkTokenId)
                    .to_owned(),
            )
            .await
    }
}
