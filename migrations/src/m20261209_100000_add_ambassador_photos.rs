//! An ambassador's optional photo (issue 20): the object in the file store (issue 18) under a
//! random key, with its type, size and when it was uploaded. All four are empty without one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer_null, string_len_null, timestamp_with_time_zone_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261209_100000_add_ambassador_photos"
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Ambassadors {
    Table,
    PhotoKey,
    PhotoType,
    PhotoSize,
    PhotoUploadedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters a table one change at a time.
        let columns = [
            string_len_null(Ambassadors::PhotoKey, 80),
            string_len_null(Ambassadors::PhotoType, 60),
            big_integer_null(Ambassadors::PhotoSize),
            timestamp_with_time_zone_null(Ambassadors::PhotoUploadedAt),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Ambassadors::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Ambassadors::PhotoUploadedAt,
            Ambassadors::PhotoSize,
            Ambassadors::PhotoType,
            Ambassadors::PhotoKey,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Ambassadors::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
