//! A case's routes in a table of their own (`case_routes`: case, position, route) instead of
//! one comma-joined text column: a route is a value of its own, found through an index
//! (`idx_case_routes_route`), never by matching text. `up` moves every case's routes there
//! and drops `cases.routes`; `down` joins them back.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement, TransactionTrait};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m20261204_140000_create_case_routes"
    }
}

#[derive(DeriveIden)]
enum CaseRoutes {
    Table,
    CaseId,
    Position,
    Route,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    Routes,
}

/// Rows of every case's routes: (case id, routes text).
async fn routes_text(manager: &SchemaManager<'_>) -> Result<Vec<(i64, String)>, DbErr> {
    let db = manager.get_connection();
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id, routes FROM cases ORDER BY id",
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get::<i64>("", "id")?,
                r.try_get::<String>("", "routes")?,
            ))
        })
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaseRoutes::Table)
                    .col(ColumnDef::new(CaseRoutes::CaseId).big_integer().not_null())
                    .col(ColumnDef::new(CaseRoutes::Position).integer().not_null())
                    .col(ColumnDef::new(CaseRoutes::Route).string_len(100).not_null())
                    .primary_key(
                        Index::create()
                            .col(CaseRoutes::CaseId)
                            .col(CaseRoutes::Position),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseRoutes::Table, CaseRoutes::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_routes_route")
                    .table(CaseRoutes::Table)
                    .col(CaseRoutes::Route)
                    .col(CaseRoutes::CaseId)
                    .to_owned(),
            )
            .await?;
        let rows = routes_text(manager).await?;
        let db = manager.get_connection();
        let txn = db.begin().await?;
        for chunk in rows.chunks(500) {
            let mut insert = Query::insert()
                .into_table(CaseRoutes::Table)
                .columns([CaseRoutes::CaseId, CaseRoutes::Position, CaseRoutes::Route])
                .to_owned();
            let mut any = false;
            for (id, text) in chunk {
                for (position, route) in text.split(',').filter(|r| !r.is_empty()).enumerate() {
                    let position = <i32 as std::convert::TryFrom<usize>>::try_from(position)
                        .unwrap_or(i32::MAX);
                    insert.values_panic([(*id).into(), position.into(), route.into()]);
                    any = true;
                }
            }
            if any {
                txn.execute(&insert).await?;
            }
        }
        txn.commit().await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::Routes)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(ColumnDef::new(Cases::Routes).text().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT case_id, route FROM case_routes ORDER BY case_id, position",
            ))
            .await?;
        let mut joined: Vec<(i64, Vec<String>)> = Vec::new();
        for row in &rows {
            let (id, route) = (
                row.try_get::<i64>("", "case_id")?,
                row.try_get::<String>("", "route")?,
            );
            match joined.last_mut() {
                Some((last, routes)) if *last == id => routes.push(route),
                _ => joined.push((id, vec![route])),
            }
        }
        for (id, routes) in joined {
            let update = Query::update()
                .table(Cases::Table)
                .value(Cases::Routes, routes.join(","))
                .and_where(Expr::col(Cases::Id).eq(id))
                .to_owned();
            db.execute(&update).await?;
        }
        manager
            .drop_table(Table::drop().table(CaseRoutes::Table).to_owned())
            .await
    }
}
