//! Reminders and digests in the database: the centre's settings (one row an admin edits),
//! each account's choices, and the open items that reminders are written about.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Value};
use softland_domain::reminder::{LeadTimes, TimeOfDay, WorkingDays};
use softland_domain::template::Category;

use super::entities::{reminder_settings, users};
use super::rows::{ReadRows, read_row};
use super::vocabulary::{self, OPEN_CASE, OPEN_ITEM};
use super::{Db, DbError};
use crate::auth::Role;
use crate::ids::UserId;

/// The centre's reminder and digest settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// When digests go out unless a consultant chose another time.
    pub digest_time: TimeOfDay,
    /// "Due soon" in a digest: due within this many working days.
    pub due_soon: WorkingDays,
    /// Items overdue by this many working days are escalated to team leads.
    pub escalation: WorkingDays,
    /// Whether expats who made no choice get reminders.
    pub expat_default: bool,
    /// When the day's expat reminders go out.
    pub reminder_time: TimeOfDay,
    /// Lead times per item category (every category present).
    pub lead_times: BTreeMap<Category, LeadTimes>,
}

impl Settings {
    /// The lead times of `category`.
    pub fn lead_times_of(&self, category: Category) -> LeadTimes {
        self.lead_times
            .get(&category)
            .cloned()
            .unwrap_or_else(LeadTimes::standard)
    }
}

impl Default for Settings {
    /// What a new centre starts with (the migration writes the same).
    fn default() -> Self {
        Self {
            digest_time: TimeOfDay::new(7, 30).unwrap_or(TimeOfDay::MIDNIGHT),
            due_soon: WorkingDays::FIVE,
            escalation: WorkingDays::THREE,
            expat_default: true,
            reminder_time: TimeOfDay::new(8, 0).unwrap_or(TimeOfDay::MIDNIGHT),
            lead_times: Category::ALL
                .into_iter()
                .map(|c| (c, LeadTimes::standard()))
                .collect(),
        }
    }
}

/// Lead times as stored: one `category=14,3,1` line per category.
fn stored_lead_times(lead_times: &BTreeMap<Category, LeadTimes>) -> String {
    lead_times
        .iter()
        .map(|(c, l)| {
            let days: Vec<String> = l.days().iter().map(u32::to_string).collect();
            format!("{}={}", c.as_str(), days.join(","))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lead times stored as `text`; a category missing or unreadable keeps the standard.
fn lead_times_from(text: &str) -> BTreeMap<Category, LeadTimes> {
    let mut out: BTreeMap<Category, LeadTimes> = Category::ALL
        .into_iter()
        .map(|c| (c, LeadTimes::standard()))
        .collect();
    for line in text.lines() {
        if let Some((name, days)) = line.split_once('=')
            && let Some(category) = Category::parse(name.trim())
            && let Ok(lead) = LeadTimes::parse(days)
        {
            out.insert(category, lead);
        }
    }
    out
}

fn to_settings(row: &reminder_settings::Model) -> Settings {
    let fallback = Settings::default();
    let days = |n: i64, or: WorkingDays| {
        u32::try_from(n)
            .ok()
            .and_then(|n| WorkingDays::new(n).ok())
            .unwrap_or(or)
    };
    Settings {
        digest_time: TimeOfDay::parse(&row.digest_time).unwrap_or(fallback.digest_time),
        due_soon: days(row.due_soon_days, fallback.due_soon),
        escalation: days(row.escalation_days, fallback.escalation),
        expat_default: row.expat_reminders_default,
        reminder_time: TimeOfDay::parse(&row.reminder_time).unwrap_or(fallback.reminder_time),
        lead_times: lead_times_from(&row.lead_times),
    }
}

/// The centre's settings.
pub async fn settings(db: &Db) -> Result<Settings, DbError> {
    let query = reminder_settings::Entity::find().order_by_asc(reminder_settings::Column::Id);
    Ok(super::first(query, db.conn())
        .await?
        .as_ref()
        .map(to_settings)
        .unwrap_or_default())
}

/// Stores the centre's settings (`by`: the admin).
pub async fn save_settings(db: &Db, settings: &Settings, by: UserId) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let query = reminder_settings::Entity::find().order_by_asc(reminder_settings::Column::Id);
    let existing = super::first(query, db.write_conn()).await?;
    let now = Utc::now().fixed_offset();
    let model = reminder_settings::ActiveModel {
        id: existing.map_or(sea_orm::ActiveValue::NotSet, |r| {
            sea_orm::ActiveValue::Unchanged(r.id)
        }),
        digest_time: sea_orm::ActiveValue::Set(settings.digest_time.to_string()),
        due_soon_days: sea_orm::ActiveValue::Set(i64::from(settings.due_soon.get())),
        escalation_days: sea_orm::ActiveValue::Set(i64::from(settings.escalation.get())),
        expat_reminders_default: sea_orm::ActiveValue::Set(settings.expat_default),
        reminder_time: sea_orm::ActiveValue::Set(settings.reminder_time.to_string()),
        lead_times: sea_orm::ActiveValue::Set(stored_lead_times(&settings.lead_times)),
        updated_at: sea_orm::ActiveValue::Set(Some(now)),
        updated_by: sea_orm::ActiveValue::Set(Some(by.0)),
    };
    reminder_settings::Entity::insert(model)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(reminder_settings::Column::Id)
                .update_columns([
                    reminder_settings::Column::DigestTime,
                    reminder_settings::Column::DueSoonDays,
                    reminder_settings::Column::EscalationDays,
                    reminder_settings::Column::ExpatRemindersDefault,
                    reminder_settings::Column::ReminderTime,
                    reminder_settings::Column::LeadTimes,
                    reminder_settings::Column::UpdatedAt,
                    reminder_settings::Column::UpdatedBy,
                ])
                .to_owned(),
        )
        .exec(db.write_conn())
        .await?;
    Ok(())
}

/// A staff member who gets a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRecipient {
    /// The account.
    pub id: UserId,
    /// Their own time (`None`: the centre's).
    pub time: Option<TimeOfDay>,
}

/// Active staff members with the digest on.
pub async fn digest_recipients(db: &Db) -> Result<Vec<DigestRecipient>, DbError> {
    let staff: Vec<&str> = Role::ALL
        .into_iter()
        .filter(|r| r.is_staff())
        .map(Role::as_str)
        .collect();
    let query = users::Entity::find()
        .filter(users::Column::Active.eq(true))
        .filter(users::Column::DigestEnabled.eq(true))
        .filter(users::Column::Role.is_in(staff))
        .order_by_asc(users::Column::Id);
    Ok(super::all(query, db.conn())
        .await?
        .into_iter()
        .map(|u| DigestRecipient {
            id: UserId(u.id),
            time: u
                .digest_time
                .as_deref()
                .and_then(|t| TimeOfDay::parse(t).ok()),
        })
        .collect())
}

/// Sets `columns` of account `user`; `NotFound` when there is no such account.
async fn set_user(
    db: &Db,
    user: UserId,
    columns: impl IntoIterator<Item = (users::Column, sea_orm::sea_query::SimpleExpr)>,
) -> Result<(), DbError> {
    let mut update = users::Entity::update_many().filter(users::Column::Id.eq(user.0));
    for (column, value) in columns {
        update = update.col_expr(column, value);
    }
    let _guard = db.write_guard().await;
    if update.exec(db.write_conn()).await?.rows_affected == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Stores a staff member's digest choice.
pub async fn set_digest(
    db: &Db,
    user: UserId,
    on: bool,
    time: Option<TimeOfDay>,
) -> Result<(), DbError> {
    let time = time.map(|t| t.to_string());
    let columns = [
        (users::Column::DigestEnabled, Expr::value(on)),
        (users::Column::DigestTime, Expr::value(time)),
    ];
    set_user(db, user, columns).await
}

/// Stores an expat's reminder choice (`None`: the centre's default).
pub async fn set_reminders(db: &Db, user: UserId, wants: Option<bool>) -> Result<(), DbError> {
    let choice = vocabulary::reminder_choice(wants);
    set_user(db, user, [(users::Column::Reminders, Expr::value(choice))]).await
}

/// Marks a staff member as team lead or not.
pub async fn set_team_lead(db: &Db, user: UserId, lead: bool) -> Result<(), DbError> {
    set_user(db, user, [(users::Column::TeamLead, Expr::value(lead))]).await
}

/// Gives or takes a staff account's "buddy coordinator" permission (issue 20).
pub async fn set_buddy_coordinator(db: &Db, user: UserId, on: bool) -> Result<(), DbError> {
    set_user(
        db,
        user,
        [(users::Column::BuddyCoordinator, Expr::value(on))],
    )
    .await
}

/// An open item that an expat may be reminded of, with the account to remind.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The item.
    pub item_id: i64,
    /// Its case.
    pub case_id: i64,
    /// Its title.
    pub title: String,
    /// Its category (stored name).
    pub category: String,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// The day its window opens.
    pub opens_on: Option<NaiveDate>,
    /// What to bring (a JSON list of strings).
    pub documents: String,
    /// Where to go.
    pub where_to_go: String,
    /// What to do.
    pub instructions: String,
    /// The account.
    pub user_id: i64,
    /// Its e-mail.
    pub email: String,
    /// Its name.
    pub display_name: String,
    /// Its choice (stored).
    pub reminders: Option<String>,
}

read_row!(Candidate {
    item_id,
    case_id,
    title,
    category,
    due_on,
    opens_on,
    documents,
    where_to_go,
    instructions,
    user_id,
    email,
    display_name,
    reminders
});

impl Candidate {
    /// The account's choice about reminders (`None`: the centre's default).
    pub fn wants(&self) -> Option<bool> {
        vocabulary::reminder_choice_from(self.reminders.as_deref())
    }
}

/// Open items of open cases due from `from` to `until`, or whose window opens from
/// `opened_from` to `from`, each with every account to remind: the holder's own account, or
/// (for household items and people without one, e.g. children) every account of the case;
/// never a person who said no to reminders by mail in the consent register (issue 23).
pub async fn candidates(
    db: &Db,
    from: NaiveDate,
    until: NaiveDate,
    opened_from: NaiveDate,
) -> Result<Vec<Candidate>, DbError> {
    let expat = Role::Expat.as_str();
    let sql = format!(
        "SELECT i.id AS item_id, i.case_id AS case_id, i.title AS title, i.category AS category, \
         i.due_on AS due_on, i.opens_on AS opens_on, i.documents AS documents, \
         i.where_to_go AS where_to_go, i.instructions AS instructions, u.id AS user_id, \
         u.email AS email, u.display_name AS display_name, u.reminders AS reminders \
         FROM checklist_items i \
         JOIN cases c ON c.id = i.case_id \
         JOIN people p ON p.case_id = i.case_id AND p.user_id IS NOT NULL \
         JOIN users u ON u.id = p.user_id \
         WHERE {OPEN_ITEM} AND {OPEN_CASE} AND u.active = ? AND u.role = '{expat}' \
         AND ((i.due_on >= ? AND i.due_on <= ?) OR (i.opens_on >= ? AND i.opens_on <= ?)) \
         AND (i.holder IS NULL OR i.holder = p.id OR NOT EXISTS \
         (SELECT 1 FROM people h WHERE h.id = i.holder AND h.user_id IS NOT NULL)) \
         AND NOT {REFUSED} \
         ORDER BY i.id, u.id",
        OPEN_ITEM = *OPEN_ITEM,
        OPEN_CASE = *OPEN_CASE,
        REFUSED = super::privacy::reminders_refused("p"),
    );
    let values: Vec<Value> = vec![
        true.into(),
        from.into(),
        until.into(),
        opened_from.into(),
        from.into(),
    ];
    let statement = super::statement(db.conn().backend(), &sql, values);
    db.off_thread(move |db| async move { Ok(db.conn().read_rows(statement).await?) })
        .await
}

/// An expat account of a case, and whether it wants mails from the centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The account.
    pub id: i64,
    /// Its e-mail.
    pub email: String,
    /// Its name.
    pub display_name: String,
    /// Its own choice about reminders, else the centre's default.
    pub wants: bool,
}

/// [`Account`] as stored: the choice by its stored name.
struct AccountRow {
    id: i64,
    email: String,
    display_name: String,
    reminders: Option<String>,
}

read_row!(AccountRow {
    id,
    email,
    display_name,
    reminders
});

/// The active expat accounts of case `case`'s people, each with whether it wants mails (its
/// choice, else the centre's default): whom replies and requests for another copy go to.
pub async fn case_accounts(db: &Db, case: crate::ids::CaseId) -> Result<Vec<Account>, DbError> {
    let expat = Role::Expat.as_str();
    let sql = format!(
        "SELECT DISTINCT u.id AS id, u.email AS email, u.display_name AS display_name, \
         u.reminders AS reminders FROM people p JOIN users u ON u.id = p.user_id \
         WHERE p.case_id = ? AND u.active = ? AND u.role = '{expat}' ORDER BY u.id"
    );
    let statement = super::statement(db.conn().backend(), &sql, vec![case.0.into(), true.into()]);
    let rows: Vec<AccountRow> = db.conn().read_rows(statement).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let default = settings(db).await?.expat_default;
    Ok(rows
        .into_iter()
        .map(|r| Account {
            wants: vocabulary::reminder_choice_from(r.reminders.as_deref()).unwrap_or(default),
            id: r.id,
            email: r.email,
            display_name: r.display_name,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_times_round_trip_and_bad_lines_keep_the_standard() {
        let mut settings = Settings::default();
        settings
            .lead_times
            .insert(Category::Visa, LeadTimes::parse("20, 5").unwrap());
        settings
            .lead_times
            .insert(Category::Other, LeadTimes::none());
        let stored = stored_lead_times(&settings.lead_times);
        assert_eq!(lead_times_from(&stored), settings.lead_times);
        let read = lead_times_from("visa=abc\nnonsense\nregistration=2");
        assert_eq!(read[&Category::Visa], LeadTimes::standard());
        assert_eq!(read[&Category::Registration].days(), &[2]);
    }
}
