//! Checklist items: change a status, set or clear a due-date override, add a consultant's own
//! item. Each checks the version the actor saw and records its history.

use chrono::NaiveDate;
use softland_domain::calendar::DayOff;
use softland_domain::case::CustomItem;
use softland_domain::date_format::long;
use softland_domain::date_input;
use softland_domain::status::InvalidAction;
use softland_domain::template::Category;
use softland_domain::{Action, ActionKind, Calendar, Case, Holder, Reason};

use super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::audit::AuditAction;
use crate::db::cases::{self, AuditEntry, Expect};
use crate::ids::{CaseId, ItemId};

/// The longest title of a consultant's own item.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest instructions of a consultant's own item.
pub const MAX_INSTRUCTIONS_CHARS: usize = 5000;

/// An item of a case, and what the actor expects of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemTarget {
    /// The case.
    pub case: CaseId,
    /// The item.
    pub item: ItemId,
    /// The version the actor saw (`Expect::Any` when they did not say).
    pub expect: Expect,
}

/// What an item command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChanged {
    /// The case.
    pub case: CaseId,
    /// The item (new for an added one).
    pub item: ItemId,
    /// What happened, in a sentence for the actor.
    pub message: String,
    /// What the change was saved with but deserves a second look.
    pub warnings: Vec<Warning>,
}

impl ItemChanged {
    /// The message followed by the warnings, for a page.
    pub fn said(&self) -> String {
        let mut said = self.message.clone();
        for warning in &self.warnings {
            said.push(' ');
            said.push_str(&warning.message());
        }
        said
    }
}

/// Something a change is saved with but that deserves a second look: the consultant may
/// have meant something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// A due date set by hand on a weekend or public holiday: no office is open that day.
    DueOnDayOff {
        /// The date set.
        date: NaiveDate,
        /// Why it is no working day.
        why: DayOff,
    },
    /// A due date set by hand on a day the centre entered as an office closure.
    DueOnClosure {
        /// The date set.
        date: NaiveDate,
    },
    /// Marked filed before the window to file it opens.
    FiledBeforeWindow {
        /// The day the window opens.
        opens: NaiveDate,
    },
}

impl Warning {
    /// The identifier the API writes.
    pub fn code(self) -> &'static str {
        match self {
            Warning::DueOnDayOff { .. } => "due_on_day_off",
            Warning::DueOnClosure { .. } => "due_on_office_closure",
            Warning::FiledBeforeWindow { .. } => "filed_before_window",
        }
    }

    /// The warning in a sentence.
    pub fn message(self) -> String {
        match self {
            Warning::DueOnDayOff { date, why } => format!(
                "Note: {} is {}, not a working day; offices are closed then.",
                long(date),
                match why {
                    DayOff::Weekend => "a weekend day",
                    DayOff::PublicHoliday => "a public holiday",
                }
            ),
            Warning::DueOnClosure { date } => format!(
                "Note: the office is closed on {} (an office closure the centre entered).",
                long(date)
            ),
            Warning::FiledBeforeWindow { opens } => format!(
                "Note: the window to file this opens only on {}; an application filed earlier \
                 may be refused. Check the date it was filed.",
                long(opens)
            ),
        }
    }

    /// The warnings for a due date set by hand on `date`.
    fn for_due(date: NaiveDate, cal: &Calendar) -> Vec<Self> {
        match cal.day_off(date) {
            Some(why) => vec![Warning::DueOnDayOff { date, why }],
            None if cal.is_office_closed(date) => vec![Warning::DueOnClosure { date }],
            None => Vec::new(),
        }
    }
}

/// What an operation on an item says: the message and its warnings.
type Said = (String, Vec<Warning>);

/// Runs `op` on the item of `target` in one change of its case.
async fn change_item(
    state: &AppState,
    actor: &Actor,
    target: ItemTarget,
    op: impl FnMut(&mut Case, &Calendar, usize) -> Result<(Said, Vec<AuditEntry>), CommandError>,
) -> Result<ItemChanged, CommandError> {
    actor.must_be_staff()?;
    let (message, warnings) = cases::update_item(
        &state.db,
        (target.case, target.item),
        actor.id,
        target.expect,
        op,
    )
    .await?;
    Ok(ItemChanged {
        case: target.case,
        item: target.item,
        message,
        warnings,
    })
}

/// Moves an item on with an action (start, submit, complete, return, not applicable,
/// reopen, reinstate).
#[derive(Debug, Clone)]
pub struct ChangeItemStatus {
    /// The item.
    pub target: ItemTarget,
    /// What to do.
    pub action: Action,
}

impl ChangeItemStatus {
    /// The action named `action` (with `reason`, for those that need one), as forms and the
    /// API send it.
    pub fn action(action: &str, reason: &str) -> Result<Action, CommandError> {
        ActionKind::parse(action, reason).map_err(|e| match e {
            InvalidAction::Reason(reason) => CommandError::invalid(Field::Reason, reason),
            unknown @ InvalidAction::Unknown(_) => {
                CommandError::invalid(Field::Action, Problem::Action(unknown))
            }
        })
    }

    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<ItemChanged, CommandError> {
        let today = state.config.today();
        let action = self.action;
        change_item(state, actor, self.target, move |case, cal, index| {
            let before_window = case.items()[index]
                .opens()
                .filter(|opens| today < *opens && matches!(action, Action::Submit));
            let (message, audit) = apply(case, cal, index, &action, today)?;
            let warnings = before_window
                .map(|opens| Warning::FiledBeforeWindow { opens })
                .into_iter()
                .collect();
            Ok(((message, warnings), audit))
        })
        .await
    }
}

/// The status change `action` on item `index` with its history lines (the status, and every
/// due date it moved).
pub(crate) fn apply(
    case: &mut Case,
    cal: &Calendar,
    index: usize,
    action: &Action,
    today: NaiveDate,
) -> Result<(String, Vec<AuditEntry>), CommandError> {
    let before = case.items()[index].status().kind().label();
    let moved = case
        .apply(index, action, today, cal)
        .map_err(|e| CommandError::Refused(e.into()))?;
    let after = case.items()[index].status().kind().label();
    let reason = action.reason().map(ToString::to_string);
    let shown_after = reason
        .as_ref()
        .map_or_else(|| after.to_owned(), |r| format!("{after} ({r})"));
    let mut entry = AuditEntry::new(
        AuditAction::ItemStatus,
        case.item_subject(index),
        Some(before.to_owned()),
        Some(shown_after),
    );
    entry.item = Some((index, reason));
    let mut audit = vec![entry];
    for change in &moved {
        audit.push(AuditEntry::new(
            AuditAction::ItemDueMoved,
            case.item_subject(change.index),
            change.before.map(long),
            change.after.map(long),
        ));
    }
    let mut message = format!(
        "“{}” is now {}.",
        case.items()[index].title(),
        after.to_lowercase()
    );
    // A recurring duty done or filed: its next occurrence is on the list now.
    for added in case.renew_recurring(today, cal) {
        let item = &case.items()[added];
        let due = item.due().map(long).unwrap_or_default();
        audit.push(AuditEntry::new(
            AuditAction::ItemAdded,
            case.item_subject(added),
            None,
            Some(format!("the next one, due {due}")),
        ));
        message.push_str(" The next one is due ");
        message.push_str(&due);
        message.push('.');
    }
    Ok((message, audit))
}

/// Sets (`Some`) or clears (`None`) the due date a consultant gives an item by hand.
#[derive(Debug, Clone)]
pub struct OverrideDue {
    /// The item.
    pub target: ItemTarget,
    /// The date and why, or `None` to go back to the computed date.
    pub due: Option<(NaiveDate, Reason)>,
}

impl OverrideDue {
    /// The date and reason as typed (both required).
    pub fn due(date: &str, reason: &str) -> Result<(NaiveDate, Reason), CommandError> {
        let date = date_input::parse(date).map_err(|e| CommandError::invalid(Field::Date, e))?;
        let reason = Reason::parse(reason).map_err(|e| CommandError::invalid(Field::Reason, e))?;
        Ok((date, reason))
    }

    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<ItemChanged, CommandError> {
        let due = self.due;
        change_item(state, actor, self.target, move |case, cal, index| {
            let before = case.items()[index].due();
            let warnings = if let Some((date, reason)) = due.clone() {
                case.override_due(index, date, reason);
                Warning::for_due(date, cal)
            } else {
                case.clear_override(index);
                Vec::new()
            };
            let entry = AuditEntry::new(
                AuditAction::ItemDueOverride,
                case.item_subject(index),
                before.map(long),
                case.items()[index].due().map(long),
            );
            let message = format!("Due date of “{}” saved.", case.items()[index].title());
            Ok(((message, warnings), vec![entry]))
        })
        .await
    }
}

/// A consultant's own item as typed in a form or sent as JSON.
#[derive(Debug, Clone, Default)]
pub struct CustomItemInput {
    /// Title.
    pub title: String,
    /// A category's identifier.
    pub category: String,
    /// `household`, or a person's position in the case.
    pub holder: String,
    /// `YYYY-MM-DD`, or empty.
    pub due: String,
    /// Instructions for the expat.
    pub instructions: String,
}

impl CustomItemInput {
    /// The item, or the first field that is wrong.
    pub fn parse(&self) -> Result<CustomItem, CommandError> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(CommandError::invalid(Field::Title, Problem::Missing));
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(CommandError::invalid(
                Field::Title,
                Problem::TooLong(MAX_TITLE_CHARS),
            ));
        }
        let category = Category::parse(self.category.trim())
            .ok_or(CommandError::invalid(Field::Category, Problem::NotOffered))?;
        let holder = match self.holder.trim() {
            "household" => Holder::Household,
            raw => Holder::Person(
                raw.parse()
                    .map_err(|_| CommandError::invalid(Field::Holder, Problem::NotOffered))?,
            ),
        };
        let due = date_input::parse_optional(&self.due)
            .map_err(|e| CommandError::invalid(Field::Due, e))?;
        if self.instructions.chars().count() > MAX_INSTRUCTIONS_CHARS {
            let too_long = Problem::TooLong(MAX_INSTRUCTIONS_CHARS);
            return Err(CommandError::invalid(Field::Instructions, too_long));
        }
        Ok(CustomItem {
            title: title.to_owned(),
            category,
            holder,
            instructions: self.instructions.trim().to_owned(),
            due,
        })
    }
}

/// Adds a consultant's own item (`custom-N`) to a case.
#[derive(Debug, Clone)]
pub struct AddCustomItem {
    /// The case.
    pub case: CaseId,
    /// The version the actor saw.
    pub expect: Expect,
    /// The item.
    pub item: CustomItem,
}

impl AddCustomItem {
    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<ItemChanged, CommandError> {
        actor.must_be_staff()?;
        let custom = self.item;
        let (index, message) =
            cases::update(&state.db, self.case, actor.id, self.expect, |case, _| {
                if let Holder::Person(p) = custom.holder
                    && p >= case.people().len()
                {
                    return Err(CommandError::invalid(Field::Holder, Problem::NotOffered));
                }
                let index = case.add_custom_item(custom.clone());
                let entry = AuditEntry::new(
                    AuditAction::ItemAdded,
                    case.item_subject(index),
                    None,
                    case.items()[index].due().map(long),
                );
                let message = format!("“{}” added.", case.items()[index].title());
                Ok(((index, message), vec![entry]))
            })
            .await?;
        let stored = cases::load(&state.db, self.case).await?;
        let item = *stored.item_ids.get(index).ok_or(CommandError::NotFound)?;
        Ok(ItemChanged {
            case: self.case,
            item,
            message,
            warnings: Vec::new(),
        })
    }
}
