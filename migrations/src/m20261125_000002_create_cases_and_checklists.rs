//! Cases, their people and key dates, checklist items and each item's status history.

use sea_orm_migration::{
    prelude::*,
    schema::{
        big_integer, big_integer_null, big_pk_auto, date, date_null, string_len, string_len_null,
        text, text_null, timestamp_with_time_zone,
    },
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261125_000002_create_cases_and_checklists"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    ConsultantId,
    Status,
    HoldReason,
    Outcome,
    ClosedOn,
    OpenedOn,
    Routes,
    PrincipalName,
    SearchText,
    NextDueOn,
    ItemsDone,
    ItemsApplicable,
    CreationToken,
    Version,
    CreatedAt,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    CaseId,
    Position,
    Name,
    Relation,
    DateOfBirth,
    Nationality,
    Email,
    PassportNumber,
    PassportExpiry,
    UserId,
}

#[derive(DeriveIden)]
enum CaseKeyDates {
    Table,
    CaseId,
    Kind,
    Date,
}

#[derive(DeriveIden)]
enum ChecklistItems {
    Table,
    Id,
    CaseId,
    Position,
    Key,
    Holder,
    Route,
    TemplateVersion,
    Title,
    Category,
    Instructions,
    WhereToGo,
    Documents,
    Source,
    Caveat,
    Watch,
    Rule,
    DependsOn,
    Status,
    StatusOn,
    StatusReason,
    DueOn,
    ComputedDueOn,
    OpensOn,
    Explanation,
    OverrideOn,
    OverrideReason,
    Version,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum ItemStatusHistory {
    Table,
    Id,
    ItemId,
    CaseId,
    FromStatus,
    ToStatus,
    Reason,
    OnDate,
    ActorId,
    At,
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.clone()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    #[expect(
        clippy::too_many_lines,
        reason = "one statement per table or index, in schema order"
    )]
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Cases::Table)
                    .col(big_pk_auto(Cases::Id))
                    .col(big_integer(Cases::ConsultantId))
                    .col(string_len(Cases::Status, 20))
                    .col(text_null(Cases::HoldReason))
                    .col(string_len_null(Cases::Outcome, 20))
                    .col(date_null(Cases::ClosedOn))
                    .col(date(Cases::OpenedOn))
                    .col(text(Cases::Routes))
                    .col(string_len(Cases::PrincipalName, 200))
                    .col(text(Cases::SearchText))
                    .col(date_null(Cases::NextDueOn))
                    .col(big_integer(Cases::ItemsDone))
                    .col(big_integer(Cases::ItemsApplicable))
                    .col(string_len_null(Cases::CreationToken, 64).unique_key())
                    .col(big_integer(Cases::Version))
                    .col(timestamp_with_time_zone(Cases::CreatedAt))
                    .col(timestamp_with_time_zone(Cases::UpdatedAt))
                    .col(big_integer_null(Cases::UpdatedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Cases::Table, Cases::ConsultantId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_cases_consultant_status_next_due",
                Cases::Table,
                &["consultant_id", "status", "next_due_on"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_cases_status_next_due",
                Cases::Table,
                &["status", "next_due_on"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(big_pk_auto(People::Id))
                    .col(big_integer(People::CaseId))
                    .col(big_integer(People::Position))
                    .col(string_len(People::Name, 200))
                    .col(string_len(People::Relation, 20))
                    .col(date(People::DateOfBirth))
                    .col(string_len(People::Nationality, 60))
                    .col(string_len_null(People::Email, 254))
                    .col(string_len_null(People::PassportNumber, 20))
                    .col(date_null(People::PassportExpiry))
                    .col(big_integer_null(People::UserId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(People::Table, People::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(People::Table, People::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_people_case", People::Table, &["case_id", "position"])
                    .unique()
                    .clone(),
            )
            .await?;
        manager
            .create_index(index("idx_people_user", People::Table, &["user_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseKeyDates::Table)
                    .col(big_integer(CaseKeyDates::CaseId))
                    .col(string_len(CaseKeyDates::Kind, 40))
                    .col(date(CaseKeyDates::Date))
                    .primary_key(
                        Index::create()
                            .col(CaseKeyDates::CaseId)
                            .col(CaseKeyDates::Kind),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseKeyDates::Table, CaseKeyDates::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChecklistItems::Table)
                    .col(big_pk_auto(ChecklistItems::Id))
                    .col(big_integer(ChecklistItems::CaseId))
                    .col(big_integer(ChecklistItems::Position))
                    .col(string_len(ChecklistItems::Key, 64))
                    .col(big_integer_null(ChecklistItems::Holder))
                    .col(string_len_null(ChecklistItems::Route, 64))
                    .col(big_integer_null(ChecklistItems::TemplateVersion))
                    .col(text(ChecklistItems::Title))
                    .col(string_len(ChecklistItems::Category, 40))
                    .col(text(ChecklistItems::Instructions))
                    .col(text(ChecklistItems::WhereToGo))
                    .col(text(ChecklistItems::Documents))
                    .col(text(ChecklistItems::Source))
                    .col(text_null(ChecklistItems::Caveat))
                    .col(string_len_null(ChecklistItems::Watch, 40))
                    .col(text_null(ChecklistItems::Rule))
                    .col(text(ChecklistItems::DependsOn))
                    .col(string_len(ChecklistItems::Status, 20))
                    .col(date_null(ChecklistItems::StatusOn))
                    .col(text_null(ChecklistItems::StatusReason))
                    .col(date_null(ChecklistItems::DueOn))
                    .col(date_null(ChecklistItems::ComputedDueOn))
                    .col(date_null(ChecklistItems::OpensOn))
                    .col(text_null(ChecklistItems::Explanation))
                    .col(date_null(ChecklistItems::OverrideOn))
                    .col(text_null(ChecklistItems::OverrideReason))
                    .col(big_integer(ChecklistItems::Version))
                    .col(timestamp_with_time_zone(ChecklistItems::UpdatedAt))
                    .col(big_integer_null(ChecklistItems::UpdatedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChecklistItems::Table, ChecklistItems::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_items_case_position",
                    ChecklistItems::Table,
                    &["case_id", "position"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_items_status_due",
                ChecklistItems::Table,
                &["status", "due_on"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ItemStatusHistory::Table)
                    .col(big_pk_auto(ItemStatusHistory::Id))
                    .col(big_integer(ItemStatusHistory::ItemId))
                    .col(big_integer(ItemStatusHistory::CaseId))
                    .col(string_len(ItemStatusHistory::FromStatus, 20))
                    .col(string_len(ItemStatusHistory::ToStatus, 20))
                    .col(text_null(ItemStatusHistory::Reason))
                    .col(date(ItemStatusHistory::OnDate))
                    .col(big_integer_null(ItemStatusHistory::ActorId))
                    .col(timestamp_with_time_zone(ItemStatusHistory::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ItemStatusHistory::Table, ItemStatusHistory::ItemId)
                            .to(ChecklistItems::Table, ChecklistItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_item_history_item",
                ItemStatusHistory::Table,
                &["item_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ItemStatusHistory::Table.into_iden(),
            ChecklistItems::Table.into_iden(),
            CaseKeyDates::Table.into_iden(),
            People::Table.into_iden(),
            Cases::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
