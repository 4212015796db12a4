//! `SeaORM` Entity of a newcomer's request for a buddy and the match it becomes (issue 20).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "buddy_matches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    pub person_id: i64,
    pub requested_by: Option<i64>,
    pub languages: String,
    pub district: Option<String>,
    pub topics: String,
    pub has_children: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub wishes: Option<String>,
    pub share_email: bool,
    pub share_phone: bool,
    pub phone: Option<String>,
    pub consent_at: DateTimeWithTimeZone,
    pub consent_withdrawn_at: Option<DateTimeWithTimeZone>,
    pub state: String,
    pub end_reason: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub end_note: Option<String>,
    pub ambassador_id: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decline_reason: Option<String>,
    pub requested_at: DateTimeWithTimeZone,
    pub proposed_at: Option<DateTimeWithTimeZone>,
    pub proposed_by: Option<i64>,
    pub accepted_at: Option<DateTimeWithTimeZone>,
    pub started_at: Option<DateTimeWithTimeZone>,
    pub ended_at: Option<DateTimeWithTimeZone>,
    pub rating: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub feedback: Option<String>,
    pub feedback_at: Option<DateTimeWithTimeZone>,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
