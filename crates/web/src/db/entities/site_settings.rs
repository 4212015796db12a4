//! `SeaORM` Entity of the centre's public settings, one row an admin edits (issue 22).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "site_settings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub tagline: String,
    #[sea_orm(column_type = "Text")]
    pub who_for: String,
    #[sea_orm(column_type = "Text")]
    pub services: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub email: String,
    #[sea_orm(column_type = "Text")]
    pub booking: String,
    pub updated_at: DateTimeWithTimeZone,
    pub updated_by: Option<i64>,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
