//! `cases.papers_risk_on` replaces the flag `cases.papers_at_risk` (docs/performance-log.md,
//! change 17): the earliest day a passport or the health insurance ends before the stay
//! (the permit's expiry, else the visa's), NULL when none does. The dashboard lists the
//! document warnings of a consultant's 200 soonest such cases from an index on it, instead
//! of reading every flagged case's people and key dates before keeping the soonest 200.
//!
//! Kept by every write of a case (`db::cases::write`); `up` fills it for the rows already
//! there, `down` restores the flag from it.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261125_170000_store_papers_risk_on"
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    ConsultantId,
    Status,
    PapersAtRisk,
    PapersRiskOn,
}

/// The end of the stay of case `cases.id`: the permit's expiry, else the visa's.
const STAY_ENDS: &str = "COALESCE(\
     (SELECT k.date FROM case_key_dates k WHERE k.case_id = cases.id AND k.kind = 'permit_expiry'), \
     (SELECT k.date FROM case_key_dates k WHERE k.case_id = cases.id AND k.kind = 'visa_expiry'))";

fn fill_papers_risk_on() -> String {
    format!(
        "UPDATE cases SET papers_risk_on = (SELECT MIN(ends.on_date) FROM (\
           SELECT p.passport_expiry AS on_date FROM people p \
             WHERE p.case_id = cases.id AND p.passport_expiry < {STAY_ENDS} \
           UNION ALL \
           SELECT ins.date FROM case_key_dates ins \
             WHERE ins.case_id = cases.id AND ins.kind = 'insurance_end' AND ins.date < {STAY_ENDS} \
         ) ends)"
    )
}

const FILL_PAPERS_AT_RISK: &str = "UPDATE cases SET papers_at_risk = (papers_risk_on IS NOT NULL)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(ColumnDef::new(Cases::PapersRiskOn).date().null())
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(&fill_papers_risk_on())
            .await?;
        // One consultant's open cases with a document warning, soonest first; and the
        // whole team's.
        create_index(
            manager,
            "idx_cases_consultant_status_papers_on",
            vec![Cases::ConsultantId, Cases::Status, Cases::PapersRiskOn],
        )
        .await?;
        create_index(
            manager,
            "idx_cases_status_papers_on",
            vec![Cases::Status, Cases::PapersRiskOn],
        )
        .await?;
        drop_index(manager, "idx_cases_consultant_status_papers").await?;
        drop_column(manager, Cases::PapersAtRisk).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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
        manager
            .get_connection()
            .execute_unprepared(FILL_PAPERS_AT_RISK)
            .await?;
        create_index(
            manager,
            "idx_cases_consultant_status_papers",
            vec![Cases::ConsultantId, Cases::Status, Cases::PapersAtRisk],
        )
        .await?;
        drop_index(manager, "idx_cases_status_papers_on").await?;
        drop_index(manager, "idx_cases_consultant_status_papers_on").await?;
        drop_column(manager, Cases::PapersRiskOn).await
    }
}

async fn create_index(
    manager: &SchemaManager<'_>,
    name: &str,
    columns: Vec<Cases>,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(Cases::Table);
    for column in columns {
        index.col(column);
    }
    manager.create_index(index).await
}

async fn drop_index(manager: &SchemaManager<'_>, name: &str) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(Cases::Table).to_owned())
        .await
}

async fn drop_column(manager: &SchemaManager<'_>, column: Cases) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(Cases::Table)
                .drop_column(column)
                .to_owned(),
        )
        .await
}
