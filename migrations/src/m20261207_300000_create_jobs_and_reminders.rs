//! The job runner, reminders and digests (issue 19): a table of jobs that every instance
//! claims from (each job by exactly one), the centre's reminder settings, each staff member's
//! digest choice and team-lead mark, each expat's reminder choice, and the outbox as the
//! record of every notification (its kind, case, recipient and an idempotency key that makes
//! a second copy of the same reminder impossible). Mails still pending get their delivery job.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, boolean, string_len, string_len_null,
    string_len_uniq, text, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261207_300000_create_jobs_and_reminders"
    }
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Key,
    Payload,
    Status,
    Attempts,
    RunAt,
    ClaimedUntil,
    ClaimedBy,
    LastError,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum ReminderSettings {
    Table,
    Id,
    DigestTime,
    DueSoonDays,
    EscalationDays,
    ExpatRemindersDefault,
    ReminderTime,
    LeadTimes,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    DigestEnabled,
    DigestTime,
    TeamLead,
    Reminders,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Kind,
    CaseId,
    RecipientId,
    IdempotencyKey,
}

/// The shipped lead times: 14, 3 and 1 working days before every due date.
const LEAD_TIMES: &str = "visa=14,3,1\nresidence_permit=14,3,1\nregistration=14,3,1\n\
health_insurance=14,3,1\ntrade_licence=14,3,1\ntax_and_social_security=14,3,1\nother=14,3,1";

async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    let mut column = column;
    manager
        .alter_table(
            Table::alter()
                .table(table)
                .add_column(&mut column)
                .to_owned(),
        )
        .await
}

/// The jobs table and the settings row.
async fn create_tables(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Jobs::Table)
                .col(big_pk_auto(Jobs::Id))
                .col(string_len(Jobs::Kind, 40))
                .col(string_len_uniq(Jobs::Key, 200))
                .col(text(Jobs::Payload))
                .col(string_len(Jobs::Status, 20))
                .col(big_integer(Jobs::Attempts).default(0))
                .col(timestamp_with_time_zone(Jobs::RunAt))
                .col(timestamp_with_time_zone_null(Jobs::ClaimedUntil))
                .col(string_len_null(Jobs::ClaimedBy, 80))
                .col(text_null(Jobs::LastError))
                .col(timestamp_with_time_zone(Jobs::CreatedAt))
                .col(timestamp_with_time_zone_null(Jobs::FinishedAt))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_jobs_due")
                .table(Jobs::Table)
                .col(Jobs::Status)
                .col(Jobs::RunAt)
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(ReminderSettings::Table)
                .col(big_pk_auto(ReminderSettings::Id))
                .col(string_len(ReminderSettings::DigestTime, 5))
                .col(big_integer(ReminderSettings::DueSoonDays))
                .col(big_integer(ReminderSettings::EscalationDays))
                .col(boolean(ReminderSettings::ExpatRemindersDefault))
                .col(string_len(ReminderSettings::ReminderTime, 5))
                .col(text(ReminderSettings::LeadTimes))
                .col(timestamp_with_time_zone_null(ReminderSettings::UpdatedAt))
                .col(big_integer_null(ReminderSettings::UpdatedBy))
                .to_owned(),
        )
        .await?;
    manager
        .exec_stmt(
            Query::insert()
                .into_table(ReminderSettings::Table)
                .columns([
                    ReminderSettings::DigestTime,
                    ReminderSettings::DueSoonDays,
                    ReminderSettings::EscalationDays,
                    ReminderSettings::ExpatRemindersDefault,
                    ReminderSettings::ReminderTime,
                    ReminderSettings::LeadTimes,
                ])
                .values_panic([
                    "07:30".into(),
                    5.into(),
                    3.into(),
                    true.into(),
                    "08:00".into(),
                    LEAD_TIMES.into(),
                ])
                .to_owned(),
        )
        .await?;
    add_column(
        manager,
        Users::Table,
        boolean(Users::DigestEnabled).default(true).to_owned(),
    )
    .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_tables(manager).await?;
        add_column(manager, Users::Table, string_len_null(Users::DigestTime, 5)).await?;
        add_column(
            manager,
            Users::Table,
            boolean(Users::TeamLead).default(false).to_owned(),
        )
        .await?;
        add_column(manager, Users::Table, string_len_null(Users::Reminders, 10)).await?;
        add_column(
            manager,
            Outbox::Table,
            string_len(Outbox::Kind, 30).default("account").to_owned(),
        )
        .await?;
        add_column(manager, Outbox::Table, big_integer_null(Outbox::CaseId)).await?;
        add_column(
            manager,
            Outbox::Table,
            big_integer_null(Outbox::RecipientId),
        )
        .await?;
        add_column(
            manager,
            Outbox::Table,
            string_len_null(Outbox::IdempotencyKey, 200),
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_idempotency_key")
                    .table(Outbox::Table)
                    .col(Outbox::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_case")
                    .table(Outbox::Table)
                    .col(Outbox::CaseId)
                    .to_owned(),
            )
            .await?;
        // Pending mails are delivered by jobs from now on.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO jobs (kind, key, payload, status, attempts, run_at, created_at) \
                 SELECT 'deliver_mail', 'mail:' || id, '{\"mail\":' || id || '}', 'pending', 0, \
                 next_attempt_at, created_at FROM outbox WHERE status = 'pending'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_case")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_idempotency_key")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Outbox::IdempotencyKey,
            Outbox::RecipientId,
            Outbox::CaseId,
            Outbox::Kind,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            Users::Reminders,
            Users::TeamLead,
            Users::DigestTime,
            Users::DigestEnabled,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(ReminderSettings::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Jobs::Table).to_owned())
            .await
    }
}
