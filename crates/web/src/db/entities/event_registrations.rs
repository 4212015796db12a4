//! `SeaORM` Entity of one person's registration for an event (issue 22).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub name: String,
    pub email: String,
    pub email_key: String,
    pub user_id: Option<i64>,
    pub status: String,
    pub attendance: String,
    #[sea_orm(unique)]
    pub cancel_token_hash: String,
    pub created_at: DateTimeWithTimeZone,
    pub cancelled_at: Option<DateTimeWithTimeZone>,
    pub promoted_at: Option<DateTimeWithTimeZone>,
    pub updated_at: DateTimeWithTimeZone,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
