//! `SeaORM` Entity of a referral of a case's person to a partner (issue 21).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    pub person_id: Option<i64>,
    pub organisation_id: i64,
    pub contact_id: Option<i64>,
    pub category: String,
    #[sea_orm(column_type = "Text")]
    pub need: String,
    pub share_contact: bool,
    pub consent_at: Option<DateTimeWithTimeZone>,
    pub consent_how: Option<String>,
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub follow_up_on: Option<Date>,
    pub created_at: DateTimeWithTimeZone,
    pub created_by: Option<i64>,
    pub updated_at: DateTimeWithTimeZone,
    pub updated_by: Option<i64>,
    pub closed_at: Option<DateTimeWithTimeZone>,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
