//! Two-factor sign-in for staff (issue 23): an account's TOTP secret (masked with the server
//! key) and the newest time step used (replays are refused), its one-time recovery codes
//! (HMAC-SHA-256 only), and the centre's security settings (one row: whether every staff
//! member must use two-factor, not only admins).

use sea_orm_migration::{
    prelude::*,
    schema::{
        big_integer, big_integer_null, big_pk_auto, boolean, integer, string_len,
        timestamp_with_time_zone, timestamp_with_time_zone_null,
    },
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261212_400000_create_two_factor"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TwoFactor {
    Table,
    UserId,
    Secret,
    EnrolledAt,
    LastStep,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
}

#[derive(DeriveIden)]
enum SecuritySettings {
    Table,
    Id,
    RequireAllStaff,
    UpdatedAt,
    UpdatedBy,
}

fn user_key(from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TwoFactor::Table)
                    .col(big_integer(TwoFactor::UserId).primary_key())
                    .col(string_len(TwoFactor::Secret, 200))
                    .col(timestamp_with_time_zone(TwoFactor::EnrolledAt))
                    .col(big_integer_null(TwoFactor::LastStep))
                    .col(timestamp_with_time_zone_null(TwoFactor::LastUsedAt))
                    .foreign_key(&mut user_key((TwoFactor::Table, TwoFactor::UserId)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(big_pk_auto(RecoveryCodes::Id))
                    .col(big_integer(RecoveryCodes::UserId))
                    .col(string_len(RecoveryCodes::CodeHash, 64))
                    .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
                    .foreign_key(&mut user_key((RecoveryCodes::Table, RecoveryCodes::UserId)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recovery_codes_user_hash")
                    .table(RecoveryCodes::Table)
                    .col(RecoveryCodes::UserId)
                    .col(RecoveryCodes::CodeHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SecuritySettings::Table)
                    .col(integer(SecuritySettings::Id).primary_key())
                    .col(boolean(SecuritySettings::RequireAllStaff).default(false))
                    .col(timestamp_with_time_zone_null(SecuritySettings::UpdatedAt))
                    .col(big_integer_null(SecuritySettings::UpdatedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SecuritySettings::Table, SecuritySettings::UpdatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO security_settings (id, require_all_staff) VALUES (1, FALSE)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SecuritySettings::Table.into_iden(),
            RecoveryCodes::Table.into_iden(),
            TwoFactor::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
