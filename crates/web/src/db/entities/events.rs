//! `SeaORM` Entity of an event of the centre's programme (issue 22).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    #[sea_orm(column_type = "Text")]
    pub description_html: String,
    pub starts_at: DateTimeWithTimeZone,
    pub ends_at: DateTimeWithTimeZone,
    #[sea_orm(column_type = "Text", nullable)]
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub language: String,
    pub capacity: Option<i64>,
    pub registration_closes_at: Option<DateTimeWithTimeZone>,
    #[sea_orm(column_type = "Text")]
    pub topics: String,
    pub status: String,
    pub created_at: DateTimeWithTimeZone,
    pub created_by: Option<i64>,
    pub updated_at: DateTimeWithTimeZone,
    pub updated_by: Option<i64>,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
