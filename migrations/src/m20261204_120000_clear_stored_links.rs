//! Mails queued before links were made at sending time (`m20261204_110000`) carry their
//! single-use link in plain text. Their bodies are replaced by a note; a mail not sent yet is
//! marked failed with the reason, so that the consultant sends a new invitation (or the expat
//! asks for a new password link). `down` cannot bring the links back and does nothing.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261204_120000_clear_stored_links"
    }
}

const LINK_MAIL: &str =
    "link_token_id IS NULL AND (body LIKE '%/invite/%' OR body LIKE '%/password/reset/%')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "UPDATE outbox SET status = 'failed', \
             last_error = 'not sent: its link is no longer kept in the outbox; send a new one' \
             WHERE status = 'pending' AND {LINK_MAIL}"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "UPDATE outbox SET body = '(This mail carried a single-use link, which softland no longer keeps.)' \
             WHERE {LINK_MAIL}"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
