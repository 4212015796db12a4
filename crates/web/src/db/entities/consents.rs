//! `SeaORM` Entity of the consent register (issue 23): a consent given by a person of a
//! case for one purpose, and its withdrawal.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    pub person_id: i64,
    pub purpose: String,
    pub given_at: Option<DateTimeWithTimeZone>,
    pub given_how: Option<String>,
    pub given_by: Option<i64>,
    pub withdrawn_at: Option<DateTimeWithTimeZone>,
    pub withdrawn_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
