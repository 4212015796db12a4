//! Each conversation carries its case's consultant (kept when a case is reassigned), so that
//! a consultant's count of cases with unread messages — in the navigation of every staff
//! page — reads a few entries of one index instead of visiting each of their cases.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer_null;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261207_400000_add_conversation_consultants"
    }
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    ConsultantId,
    StaffUnreadAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .add_column(big_integer_null(Conversations::ConsultantId))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE conversations SET consultant_id = \
                 (SELECT c.consultant_id FROM cases c WHERE c.id = conversations.case_id)",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_consultant_unread")
                    .table(Conversations::Table)
                    .col(Conversations::ConsultantId)
                    .col(Conversations::StaffUnreadAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_conversations_consultant_unread")
                    .table(Conversations::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .drop_column(Conversations::ConsultantId)
                    .to_owned(),
            )
            .await
    }
}
