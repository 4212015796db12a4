//! `SeaORM` Entity of the centre's reminder and digest settings (one row).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_settings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub digest_time: String,
    pub due_soon_days: i64,
    pub escalation_days: i64,
    pub expat_reminders_default: bool,
    pub reminder_time: String,
    #[sea_orm(column_type = "Text")]
    pub lead_times: String,
    pub updated_at: Option<DateTimeWithTimeZone>,
    pub updated_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
