//! The expats' reminders of a day: before each due date at the lead times of its category
//! (the most urgent one that has come, once per item, due date, lead time and account), and
//! when a window to apply opens (once per item, opening day and account). Only expats who
//! want reminders (their own choice, else the centre's default) get them, and only about their
//! own household: the holder's account, or every account of the case for household items and
//! people without one. Each is recorded in the case's history.

use chrono::{Days, NaiveDate};
use softland_domain::template::Category;

use crate::app::AppState;
use crate::db::outbox::{self, MailKind, Notice};
use crate::db::reminders::{self, Candidate};
use crate::db::{self, DbError};
use crate::ids::{CaseId, UserId};

/// Reminders of a window opening are sent up to this many days late (the server was down).
const WINDOW_GRACE_DAYS: u64 = 7;
/// Due dates further than this are not read: the longest lead time (60 working days) fits.
const LOOK_AHEAD_DAYS: u64 = 100;

/// What one reminder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reminder {
    /// The due date is this many working days away (a lead time).
    Due {
        /// The lead time.
        lead: u32,
        /// The due date.
        due: NaiveDate,
    },
    /// The window to apply opened on this day.
    WindowOpened {
        /// The day.
        opened: NaiveDate,
        /// The due date, when set.
        due: Option<NaiveDate>,
    },
}

impl Reminder {
    fn key(self, item: i64, user: i64) -> String {
        match self {
            Reminder::Due { lead, due } => format!("reminder:{item}:{due}:{lead}:{user}"),
            Reminder::WindowOpened { opened, .. } => format!("window:{item}:{opened}:{user}"),
        }
    }
}

/// Queues the reminders due on `date`; returns how many were new.
pub async fn queue(state: &AppState, date: NaiveDate) -> Result<usize, DbError> {
    let db = &state.db;
    let settings = reminders::settings(db).await?;
    let cal = db::cases::calendar_of(db).await?;
    let until = date
        .checked_add_days(Days::new(LOOK_AHEAD_DAYS))
        .unwrap_or(date);
    let opened_from = date
        .checked_sub_days(Days::new(WINDOW_GRACE_DAYS))
        .unwrap_or(date);
    let base = state.config.base_url();
    let mut queued = 0;
    for candidate in reminders::candidates(db, date, until, opened_from).await? {
        let wants = candidate.wants().unwrap_or(settings.expat_default);
        if !wants {
            continue;
        }
        let category = Category::parse(&candidate.category).unwrap_or(Category::Other);
        let mut due_now = Vec::new();
        if let Some(due) = candidate.due_on
            && let Some(lead) = settings.lead_times_of(category).due_on(date, due, &cal)
        {
            due_now.push(Reminder::Due { lead, due });
        }
        if let Some(opened) = candidate.opens_on
            && opened <= date
            && opened >= opened_from
            && candidate.due_on.is_none_or(|due| due >= date)
        {
            due_now.push(Reminder::WindowOpened {
                opened,
                due: candidate.due_on,
            });
        }
        for reminder in due_now {
            if send(state, &candidate, reminder, &base).await? {
                queued += 1;
            }
        }
    }
    Ok(queued)
}

async fn send(
    state: &AppState,
    candidate: &Candidate,
    reminder: Reminder,
    base: &str,
) -> Result<bool, DbError> {
    let documents: Vec<String> = serde_json::from_str(&candidate.documents).unwrap_or_default();
    let text = crate::views::mail::reminder(&crate::views::mail::ReminderText {
        name: &candidate.display_name,
        title: &candidate.title,
        reminder,
        documents: &documents,
        where_to_go: &candidate.where_to_go,
        instructions: &candidate.instructions,
        link: &format!("{base}/my#item-{}", candidate.item_id),
    });
    let key = reminder.key(candidate.item_id, candidate.user_id);
    let kind = match reminder {
        Reminder::Due { .. } => MailKind::Reminder,
        Reminder::WindowOpened { .. } => MailKind::WindowOpens,
    };
    let mail = outbox::NewMail {
        to: &candidate.email,
        subject: &text.subject,
        body: &text.body,
        link: None,
        notice: Some(Notice {
            kind,
            case: Some(CaseId(candidate.case_id)),
            recipient: Some(UserId(candidate.user_id)),
            key: Some(&key),
        }),
    };
    outbox::notify_case(&state.db, CaseId(candidate.case_id), mail).await
}
