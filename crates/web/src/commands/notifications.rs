//! Notifications as people steer them: the centre's reminder and digest settings (admins),
//! a consultant's digest, an expat's reminders, team leads, and what admins see of the job
//! runner and the outbox.

use softland_domain::reminder::{LeadTimes, TimeOfDay, WorkingDays};
use softland_domain::template::Category;

use super::{Actor, CommandError, DaysField, Field, FieldErrors, Problem, TimeField};
use crate::app::AppState;
use crate::auth::Role;
use crate::db::reminders::{self, Settings};
use crate::db::{jobs, outbox, users};
use crate::ids::UserId;
use crate::jobs::JobStatus;

/// The centre's settings as typed in the form (every value a text).
#[derive(Debug, Clone, Default)]
pub struct SettingsInput {
    /// `HH:MM`.
    pub digest_time: String,
    /// Working days.
    pub due_soon_days: String,
    /// Working days.
    pub escalation_days: String,
    /// Whether expats who made no choice get reminders.
    pub expat_default: bool,
    /// `HH:MM`.
    pub reminder_time: String,
    /// "14, 3, 1" per category.
    pub lead_times: Vec<(Category, String)>,
}

impl SettingsInput {
    /// The input showing `settings`.
    pub fn of(settings: &Settings) -> Self {
        Self {
            digest_time: settings.digest_time.to_string(),
            due_soon_days: settings.due_soon.to_string(),
            escalation_days: settings.escalation.to_string(),
            expat_default: settings.expat_default,
            reminder_time: settings.reminder_time.to_string(),
            lead_times: Category::ALL
                .into_iter()
                .map(|c| (c, settings.lead_times_of(c).to_string()))
                .collect(),
        }
    }
}

/// Changes the centre's reminder and digest settings.
#[derive(Debug, Clone)]
pub struct ChangeSettings(Settings);

impl ChangeSettings {
    /// Reads the form; each wrong field is reported with its name.
    pub fn parse(input: &SettingsInput) -> Result<Self, CommandError> {
        let mut errors = FieldErrors::new();
        let mut time = |raw: &str, field: TimeField| {
            TimeOfDay::parse(raw)
                .map_err(|e| errors.add(Field::Time(field).name(), Problem::from(e).to_string()))
                .ok()
        };
        let digest_time = time(&input.digest_time, TimeField::Digest);
        let reminder_time = time(&input.reminder_time, TimeField::Reminders);
        let mut days = |raw: &str, field: DaysField| {
            WorkingDays::parse(raw)
                .map_err(|e| {
                    errors.add(
                        Field::WorkingDays(field).name(),
                        Problem::from(e).to_string(),
                    );
                })
                .ok()
        };
        let due_soon = days(&input.due_soon_days, DaysField::DueSoon);
        let escalation = days(&input.escalation_days, DaysField::Escalation);
        let mut lead_times = std::collections::BTreeMap::new();
        for category in Category::ALL {
            let raw = input
                .lead_times
                .iter()
                .find(|(c, _)| *c == category)
                .map_or("", |(_, raw)| raw.as_str());
            match LeadTimes::parse(raw) {
                Ok(lead) => {
                    lead_times.insert(category, lead);
                }
                Err(e) => errors.add(
                    Field::LeadTimes(category).name(),
                    Problem::from(e).to_string(),
                ),
            }
        }
        match (digest_time, reminder_time, due_soon, escalation) {
            (Some(digest_time), Some(reminder_time), Some(due_soon), Some(escalation))
                if errors.is_empty() =>
            {
                Ok(Self(Settings {
                    digest_time,
                    due_soon,
                    escalation,
                    expat_default: input.expat_default,
                    reminder_time,
                    lead_times,
                }))
            }
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }

    /// Runs it (admins only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Settings, CommandError> {
        actor.must_be_admin()?;
        reminders::save_settings(&state.db, &self.0, actor.id).await?;
        Ok(self.0)
    }
}

/// Reads the centre's settings (admins only).
#[derive(Debug, Clone, Copy)]
pub struct ShowSettings;

impl ShowSettings {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Settings, CommandError> {
        actor.must_be_admin()?;
        Ok(reminders::settings(&state.db).await?)
    }
}

/// A staff member's own digest: on or off, and at which time (`None`: the centre's).
#[derive(Debug, Clone, Copy)]
pub struct ChangeDigest {
    on: bool,
    time: Option<TimeOfDay>,
}

impl ChangeDigest {
    /// Reads `on` and the typed time (empty: the centre's time).
    pub fn parse(on: bool, time: &str) -> Result<Self, CommandError> {
        let time = if time.trim().is_empty() {
            None
        } else {
            Some(
                TimeOfDay::parse(time)
                    .map_err(|e| CommandError::invalid(Field::Time(TimeField::Own), e))?,
            )
        };
        Ok(Self { on, time })
    }

    /// Runs it for the actor's own account (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_staff()?;
        reminders::set_digest(&state.db, actor.id, self.on, self.time).await?;
        Ok(())
    }
}

/// An expat's choice about reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderChoice {
    /// Send them.
    On,
    /// Don't.
    Off,
    /// Whatever the centre sends by default.
    CentreDefault,
}

impl ReminderChoice {
    /// Parses `on`, `off`, `default`.
    pub fn parse(raw: &str) -> Result<Self, CommandError> {
        match raw.trim() {
            "on" => Ok(Self::On),
            "off" => Ok(Self::Off),
            "default" => Ok(Self::CentreDefault),
            _ => Err(CommandError::invalid(Field::Choice, Problem::NotOffered)),
        }
    }

    /// The choice of an account (`None`: the centre's default).
    pub fn of(wants: Option<bool>) -> Self {
        match wants {
            Some(true) => Self::On,
            Some(false) => Self::Off,
            None => Self::CentreDefault,
        }
    }

    /// Its name in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::On => "on",
            Self::Off => "off",
            Self::CentreDefault => "default",
        }
    }
}

/// Changes an expat's own reminders.
#[derive(Debug, Clone, Copy)]
pub struct ChangeReminders(pub ReminderChoice);

impl ChangeReminders {
    /// Runs it for the actor's own account (expats only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        if actor.role != Role::Expat {
            return Err(CommandError::Forbidden);
        }
        let wants = match self.0 {
            ReminderChoice::On => Some(true),
            ReminderChoice::Off => Some(false),
            ReminderChoice::CentreDefault => None,
        };
        reminders::set_reminders(&state.db, actor.id, wants).await?;
        Ok(())
    }
}

/// Marks a staff member as team lead, or not.
#[derive(Debug, Clone, Copy)]
pub struct SetTeamLead {
    /// The account.
    pub user: UserId,
    /// Lead or not.
    pub lead: bool,
}

impl SetTeamLead {
    /// Runs it (admins only; only staff accounts can lead).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_admin()?;
        let user = users::get(&state.db, self.user).await?;
        if !user.role.is_staff() {
            return Err(CommandError::invalid(Field::Choice, Problem::NotOffered));
        }
        reminders::set_team_lead(&state.db, self.user, self.lead).await?;
        Ok(())
    }
}

/// Mails per page of the outbox.
pub const MAILS_PER_PAGE: usize = 50;
/// Jobs per page.
pub const JOBS_PER_PAGE: usize = 50;

/// One more than a page: whether there is a next page.
fn one_more(page: usize) -> u64 {
    u64::try_from(page + 1).unwrap_or(u64::MAX)
}

/// One page of the outbox (admins only).
#[derive(Debug, Clone, Default)]
pub struct ListMail(pub outbox::Filter);

/// A page of mails, and where the next one starts.
#[derive(Debug, Clone)]
pub struct MailPage {
    /// Newest first.
    pub mails: Vec<outbox::Mail>,
    /// The `before` of the next page, when there is one.
    pub next: Option<i64>,
}

impl ListMail {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<MailPage, CommandError> {
        actor.must_be_admin()?;
        let mut mails = outbox::list(&state.db, &self.0, one_more(MAILS_PER_PAGE)).await?;
        let next = (mails.len() > MAILS_PER_PAGE).then(|| {
            mails.truncate(MAILS_PER_PAGE);
            mails.last().map_or(0, |m| m.id)
        });
        Ok(MailPage { mails, next })
    }
}

/// One page of the job runner's jobs with the counts (admins only).
#[derive(Debug, Clone, Copy, Default)]
pub struct ListJobs(pub jobs::Filter);

/// A page of jobs.
#[derive(Debug, Clone)]
pub struct JobPage {
    /// Newest first.
    pub jobs: Vec<jobs::Listed>,
    /// The `before` of the next page.
    pub next: Option<i64>,
    /// Pending, done and failed in all.
    pub counts: [(JobStatus, u64); 3],
    /// Staff members' names, for the digests' descriptions.
    pub names: std::collections::HashMap<UserId, String>,
}

impl ListJobs {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<JobPage, CommandError> {
        actor.must_be_admin()?;
        let mut listed = jobs::list(&state.db, self.0, one_more(JOBS_PER_PAGE)).await?;
        let next = (listed.len() > JOBS_PER_PAGE).then(|| {
            listed.truncate(JOBS_PER_PAGE);
            listed.last().map_or(0, |j| j.id)
        });
        let names = users::list_staff(&state.db)
            .await?
            .iter()
            .map(|m| (m.id, m.display_name.clone()))
            .collect();
        Ok(JobPage {
            jobs: listed,
            next,
            counts: jobs::counts(&state.db).await?,
            names,
        })
    }
}

/// Puts a failed job back in the queue (admins only); "not found" unless it failed.
#[derive(Debug, Clone, Copy)]
pub struct RetryJob(pub i64);

impl RetryJob {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_admin()?;
        jobs::retry_failed(&state.db, self.0).await?;
        Ok(())
    }
}
