//! Keys that let the dashboard read only what it shows (docs/performance-log.md):
//!
//! - `checklist_items.open_owner`: the consultant in charge while the item's case is open,
//!   else NULL. The dashboard's due and waiting lists, counts and item warnings read a
//!   consultant's items from an index on it, instead of visiting every open case of theirs.
//! - `cases.papers_at_risk`: a passport or the health insurance ends before the permit. The
//!   two document warnings then read only the cases that have one.
//!
//! Both are kept by every write of a case (`db::cases::write`); `up` fills them for the rows
//! already there, and drops `idx_items_case_status_due`, which only the old dashboard read.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261125_140000_add_dashboard_keys"
    }
}

#[derive(DeriveIden)]
enum ChecklistItems {
    Table,
    OpenOwner,
    Status,
    DueOn,
    StatusOn,
    Watch,
    OpensOn,
    Holder,
    CaseId,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    ConsultantId,
    Status,
    PapersAtRisk,
}

const FILL_OPEN_OWNER: &str = "UPDATE checklist_items SET open_owner = \
     (SELECT c.consultant_id FROM cases c WHERE c.id = checklist_items.case_id AND c.status = 'open')";

const FILL_PAPERS_AT_RISK: &str = "UPDATE cases SET papers_at_risk = (\
     EXISTS (SELECT 1 FROM people p JOIN case_key_dates k ON k.case_id = p.case_id \
             AND k.kind = 'permit_expiry' WHERE p.case_id = cases.id AND p.passport_expiry < k.date) \
     OR EXISTS (SELECT 1 FROM case_key_dates k JOIN case_key_dates ins ON ins.case_id = k.case_id \
             AND ins.kind = 'insurance_end' \
             WHERE k.case_id = cases.id AND k.kind = 'permit_expiry' AND ins.date < k.date))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ChecklistItems::Table)
                    .add_column(
                        ColumnDef::new(ChecklistItems::OpenOwner)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(
                        ColumnDef::new(Cases::PapersAtRisk)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(FILL_OPEN_OWNER).await?;
        db.execute_unprepared(FILL_PAPERS_AT_RISK).await?;
        create_indexes(manager).await?;
        // The dashboard no longer reads items case by case: the old covering index only
        // cost writes.
        manager
            .drop_index(
                Index::drop()
                    .name("idx_items_case_status_due")
                    .table(ChecklistItems::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_items_case_status_due")
                    .table(ChecklistItems::Table)
                    .col(ChecklistItems::CaseId)
                    .col(ChecklistItems::Status)
                    .col(ChecklistItems::DueOn)
                    .col(ChecklistItems::StatusOn)
                    .col(ChecklistItems::Watch)
                    .col(ChecklistItems::OpensOn)
                    .col(ChecklistItems::Holder)
                    .to_owned(),
            )
            .await?;
        for (name, table) in [
            ("idx_cases_consultant_status_papers", "cases"),
            ("idx_items_owner_watch", "checklist_items"),
            ("idx_items_owner_status_filed", "checklist_items"),
            ("idx_items_owner_status_due", "checklist_items"),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::PapersAtRisk)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChecklistItems::Table)
                    .drop_column(ChecklistItems::OpenOwner)
                    .to_owned(),
            )
            .await
    }
}

async fn create_indexes(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    // Due list and counts: one range of one consultant's open items, by due date.
    manager
        .create_index(
            Index::create()
                .name("idx_items_owner_status_due")
                .table(ChecklistItems::Table)
                .col(ChecklistItems::OpenOwner)
                .col(ChecklistItems::Status)
                .col(ChecklistItems::DueOn)
                .to_owned(),
        )
        .await?;
    // Waiting list: one consultant's submitted items, by the day they were filed.
    manager
        .create_index(
            Index::create()
                .name("idx_items_owner_status_filed")
                .table(ChecklistItems::Table)
                .col(ChecklistItems::OpenOwner)
                .col(ChecklistItems::Status)
                .col(ChecklistItems::StatusOn)
                .to_owned(),
        )
        .await?;
    // Item warnings: a consultant's watched items (extension, registration, course), covered.
    manager
        .create_index(
            Index::create()
                .name("idx_items_owner_watch")
                .table(ChecklistItems::Table)
                .col(ChecklistItems::OpenOwner)
                .col(ChecklistItems::Watch)
                .col(ChecklistItems::Status)
                .col(ChecklistItems::DueOn)
                .col(ChecklistItems::OpensOn)
                .col(ChecklistItems::Holder)
                .col(ChecklistItems::CaseId)
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_cases_consultant_status_papers")
                .table(Cases::Table)
                .col(Cases::ConsultantId)
                .col(Cases::Status)
                .col(Cases::PapersAtRisk)
                .to_owned(),
        )
        .await
}
