//! Conversations (issue 19): one per case between its household and the centre. `messages`
//! holds what each side wrote; `conversations` keeps, per case, the last message and what each
//! side has read, so "which cases have unread messages from expats" is one indexed range
//! (`staff_unread_at`) and never a scan of the messages. Every shared note becomes a message
//! (its author, time and text kept; the side from the author's role) and notes are internal
//! only from here on.

use sea_orm_migration::{
    prelude::*,
    schema::{
        big_integer, big_integer_null, big_pk_auto, string_len, text, timestamp_with_time_zone,
        timestamp_with_time_zone_null,
    },
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261207_100000_create_messages"
    }
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    CaseId,
    AuthorId,
    Side,
    Body,
    Via,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    CaseId,
    LastMessageId,
    LastSide,
    LastMessageAt,
    StaffReadId,
    ExpatReadId,
    StaffUnreadAt,
    ExpatUnreadAt,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// Shared notes, oldest first, as messages: an expat author's on the expat side, anyone
/// else's (staff, or a deleted account) on the staff side.
const SHARED_NOTES_TO_MESSAGES: &str = "INSERT INTO messages (case_id, author_id, side, body, via, created_at) \
     SELECT n.case_id, n.author_id, \
       CASE WHEN u.role = 'expat' THEN 'expat' ELSE 'staff' END, n.body, 'web', n.created_at \
     FROM notes n LEFT JOIN users u ON u.id = n.author_id \
     WHERE n.visibility = 'shared' ORDER BY n.created_at, n.id";

/// A conversation for every case with messages, read by both sides: shared notes had no
/// read state, and nobody should find years of old notes "new".
const CONVERSATIONS_OF_MESSAGES: &str = "INSERT INTO conversations \
     (case_id, last_message_id, last_side, last_message_at, staff_read_id, expat_read_id) \
     SELECT m.case_id, m.id, m.side, m.created_at, m.id, m.id FROM messages m \
     WHERE m.id = (SELECT MAX(l.id) FROM messages l WHERE l.case_id = m.case_id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(big_pk_auto(Messages::Id))
                    .col(big_integer(Messages::CaseId))
                    .col(big_integer_null(Messages::AuthorId))
                    .col(string_len(Messages::Side, 10))
                    .col(text(Messages::Body))
                    .col(string_len(Messages::Via, 10))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Messages::Table, Messages::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Messages::Table, Messages::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // A thread is read by case in id order; unread counts are a range of it.
        manager
            .create_index(
                Index::create()
                    .name("idx_messages_case_id")
                    .table(Messages::Table)
                    .col(Messages::CaseId)
                    .col(Messages::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Conversations::Table)
                    .col(big_integer(Conversations::CaseId).primary_key())
                    .col(big_integer(Conversations::LastMessageId))
                    .col(string_len(Conversations::LastSide, 10))
                    .col(timestamp_with_time_zone(Conversations::LastMessageAt))
                    .col(big_integer_null(Conversations::StaffReadId))
                    .col(big_integer_null(Conversations::ExpatReadId))
                    .col(timestamp_with_time_zone_null(Conversations::StaffUnreadAt))
                    .col(timestamp_with_time_zone_null(Conversations::ExpatUnreadAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Conversations::Table, Conversations::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The navigation, the dashboard and the case list ask which cases have unread
        // messages from expats, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_staff_unread")
                    .table(Conversations::Table)
                    .col(Conversations::StaffUnreadAt)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(SHARED_NOTES_TO_MESSAGES).await?;
        db.execute_unprepared(CONVERSATIONS_OF_MESSAGES).await?;
        db.execute_unprepared("DELETE FROM notes WHERE visibility = 'shared'")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Messages become shared notes again (the read state is lost).
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO notes (case_id, author_id, visibility, body, created_at) \
                 SELECT case_id, author_id, 'shared', body, created_at FROM messages ORDER BY id",
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Conversations::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Messages::Table).to_owned())
            .await
    }
}
