//! `SeaORM` Entity of an employer's pre-arrival request for a new hire (issue 21).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hire_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organisation_id: i64,
    pub requested_by: Option<i64>,
    pub name: String,
    pub email: String,
    pub route: String,
    pub expected_arrival: Date,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub status: String,
    pub case_id: Option<i64>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeWithTimeZone>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decline_reason: Option<String>,
    pub created_at: DateTimeWithTimeZone,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
