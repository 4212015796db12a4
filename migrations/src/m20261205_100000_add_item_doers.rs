//! Who does a checklist item (`expat`, `employer`, `centre`, `authority`): the portal shows
//! others' items apart. Items stored before keep what they were given, except the shipped
//! employer and centre items, which are set here once so households see them apart too.

use sea_orm_migration::{prelude::*, schema::string_len};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261205_100000_add_item_doers"
    }
}

#[derive(DeriveIden)]
enum ChecklistItems {
    Table,
    Doer,
    Key,
}

/// The shipped items done by someone else when this migration was written.
const OTHERS: [(&str, &str); 4] = [
    ("employer-lo-start", "employer"),
    ("employer-lo-end", "employer"),
    ("ec-vacancy", "employer"),
    ("fr-sponsor-check", "centre"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ChecklistItems::Table)
                    .add_column(string_len(ChecklistItems::Doer, 20).default("expat"))
                    .to_owned(),
            )
            .await?;
        for (key, doer) in OTHERS {
            // A later occurrence of a repeated item is stored as `key-r2`, `key-r3` ….
            let update = Query::update()
                .table(ChecklistItems::Table)
                .value(ChecklistItems::Doer, doer)
                .cond_where(
                    Cond::any()
                        .add(Expr::col(ChecklistItems::Key).eq(key))
                        .add(Expr::col(ChecklistItems::Key).like(format!("{key}-r%"))),
                )
                .to_owned();
            manager.exec_stmt(update).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ChecklistItems::Table)
                    .drop_column(ChecklistItems::Doer)
                    .to_owned(),
            )
            .await
    }
}
