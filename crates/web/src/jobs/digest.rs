//! A consultant's daily digest: what is overdue, what is due within the centre's "due soon"
//! horizon (in working days), cases with new messages from expats, risk warnings, and for team
//! leads the team's items overdue past the escalation threshold; each line with its link.
//! Nothing to say, no mail.

use chrono::{Days, NaiveDate};
use softland_domain::case::INTEGRATION_COURSE_DAYS;

use crate::app::AppState;
use crate::db::outbox::{self, MailKind, Notice};
use crate::db::{self, DbError, dashboard, users};
use crate::ids::{CaseId, UserId};
use crate::views::dashboard::{due_row, risk_line};

/// At most this many lines per section (the rest is counted, with a link to the dashboard).
const LINES: usize = 25;

/// One line of the digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestLine {
    /// What it says.
    pub text: String,
    /// Where it leads (a path of the site).
    pub path: String,
}

/// A section: its lines and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The first [`LINES`].
    pub lines: Vec<DigestLine>,
    /// All of them.
    pub total: usize,
}

impl Section {
    fn of(lines: Vec<DigestLine>) -> Self {
        let total = lines.len();
        Self {
            lines: lines.into_iter().take(LINES).collect(),
            total,
        }
    }

    /// How many are not listed.
    pub fn more(&self) -> usize {
        self.total - self.lines.len()
    }
}

/// A digest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Digest {
    /// The consultant's name.
    pub name: String,
    /// The day (in the centre).
    pub date: NaiveDate,
    /// "Due soon": this many working days.
    pub due_soon_days: u32,
    /// Overdue items.
    pub overdue: Section,
    /// Items due soon.
    pub due_soon: Section,
    /// Cases with unread messages from expats.
    pub messages: Section,
    /// Risk warnings.
    pub risks: Section,
    /// Team leads: the team's items overdue by the escalation threshold or more.
    pub escalated: Section,
    /// The escalation threshold in working days.
    pub escalation_days: u32,
}

impl Digest {
    /// Whether there is nothing to say.
    pub fn is_empty(&self) -> bool {
        [
            &self.overdue,
            &self.due_soon,
            &self.messages,
            &self.risks,
            &self.escalated,
        ]
        .iter()
        .all(|s| s.total == 0)
    }
}

fn item_line(
    row: crate::db::dashboard::DueRow,
    date: NaiveDate,
    cal: &softland_domain::Calendar,
    team: bool,
) -> DigestLine {
    let path = format!("/cases/{}?at=item-{}", row.case_id, row.item_id);
    let row = due_row(row, date, cal);
    let whose = if team {
        format!(" [{}]", row.consultant)
    } else {
        String::new()
    };
    DigestLine {
        text: format!(
            "{} — {}: due {} ({}){whose}",
            row.person, row.title, row.date, row.remaining
        ),
        path,
    }
}

/// The digest of `user` for `date`, as of that day.
pub async fn compose(
    state: &AppState,
    user: &users::User,
    date: NaiveDate,
) -> Result<Digest, DbError> {
    let db = &state.db;
    let settings = db::reminders::settings(db).await?;
    let cal = db::cases::calendar_of(db).await?;
    let until = cal.add_working_days(date, settings.due_soon.get());
    let rows = dashboard::due_items(db, Some(user.id), until, 200).await?;
    let (overdue, soon): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|r| r.due_on.is_some_and(|d| d < date));
    let course_soon = date
        .checked_add_days(Days::new(INTEGRATION_COURSE_DAYS))
        .unwrap_or(date);
    let risks = dashboard::risks(
        db,
        Some(user.id),
        date,
        course_soon,
        dashboard::Window::soonest(dashboard::RISK_ROWS),
    )
    .await?;
    let messages = db::messages::unread_cases(db, Some(user.id), 200).await?;
    let escalated_rows = if user.team_lead {
        crate::commands::overview::escalated(state, date).await?
    } else {
        Vec::new()
    };
    Ok(Digest {
        name: user.display_name.clone(),
        date,
        due_soon_days: settings.due_soon.get(),
        overdue: Section::of(
            overdue
                .into_iter()
                .map(|r| item_line(r, date, &cal, false))
                .collect(),
        ),
        due_soon: Section::of(
            soon.into_iter()
                .map(|r| item_line(r, date, &cal, false))
                .collect(),
        ),
        messages: Section::of(
            messages
                .into_iter()
                .map(|c| DigestLine {
                    text: format!(
                        "{}: {} new message{}",
                        c.principal_name,
                        c.unread,
                        if c.unread == 1 { "" } else { "s" }
                    ),
                    path: format!("/cases/{}/messages", CaseId(c.case_id).0),
                })
                .collect(),
        ),
        risks: Section::of(
            risks
                .into_iter()
                .map(|r| {
                    let path = format!("/cases/{}", r.case_id);
                    let line = risk_line(r, date, &cal);
                    DigestLine {
                        text: format!("{}: {}", line.person, line.message),
                        path,
                    }
                })
                .collect(),
        ),
        escalated: Section::of(
            escalated_rows
                .into_iter()
                .map(|r| item_line(r, date, &cal, true))
                .collect(),
        ),
        escalation_days: settings.escalation.get(),
    })
}

/// Writes the digest of `user` for `date` into the outbox (once: its key is the user and the
/// day). An inactive account, a digest turned off meanwhile, or nothing to say: no mail.
pub async fn send(state: &AppState, user: UserId, date: NaiveDate) -> Result<(), DbError> {
    let user = match users::get(&state.db, user).await {
        Ok(user) => user,
        Err(DbError::NotFound) => return Ok(()),
        Err(e) => return Err(e),
    };
    if !user.active || !user.role.is_staff() || !user.notifications.digest {
        return Ok(());
    }
    let digest = compose(state, &user, date).await?;
    if digest.is_empty() {
        return Ok(());
    }
    let text = crate::views::mail::digest(&digest, &state.config.base_url());
    let key = super::Job::Digest {
        user: user.id,
        date,
    }
    .key();
    let mail = outbox::NewMail {
        to: &user.email,
        subject: &text.subject,
        body: &text.body,
        link: None,
        notice: Some(Notice {
            kind: MailKind::Digest,
            case: None,
            recipient: Some(user.id),
            key: Some(&key),
        }),
    };
    let _guard = state.db.write_guard().await;
    outbox::enqueue_mail(state.db.write_conn(), mail).await?;
    Ok(())
}
