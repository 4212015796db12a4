//! `SeaORM` Entity of a partner organisation of the centre (issue 21).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind_id: i64,
    pub name: String,
    pub name_key: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub address: Option<String>,
    pub district: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub opening_hours: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: String,
    #[sea_orm(column_type = "Text")]
    pub services: String,
    #[sea_orm(column_type = "Text")]
    pub tags: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    pub active: bool,
    pub public: bool,
    pub agreement: String,
    pub agreement_from: Option<Date>,
    pub agreement_until: Option<Date>,
    pub last_contact_on: Option<Date>,
    pub created_at: DateTimeWithTimeZone,
    pub created_by: Option<i64>,
    pub updated_at: DateTimeWithTimeZone,
    pub updated_by: Option<i64>,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
