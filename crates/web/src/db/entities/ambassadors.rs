//! `SeaORM` Entity of the buddy programme's ambassadors (issue 20).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ambassadors")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub user_id: i64,
    pub status: String,
    pub nationality: String,
    pub languages: String,
    pub years_here: i64,
    pub district: Option<String>,
    pub occupation: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub interests: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub family: Option<String>,
    pub children_at_school: bool,
    pub helps_with: String,
    pub capacity: i64,
    pub available_until: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub introduction: String,
    pub phone: Option<String>,
    pub consent_at: DateTimeWithTimeZone,
    pub applied_at: DateTimeWithTimeZone,
    pub decided_at: Option<DateTimeWithTimeZone>,
    pub decided_by: Option<i64>,
    pub version: i64,
    pub photo_key: Option<String>,
    pub photo_type: Option<String>,
    pub photo_size: Option<i64>,
    pub photo_uploaded_at: Option<DateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
