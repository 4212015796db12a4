//! Checklist items on the case page: status changes, due-date overrides, custom items.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use softland_domain::case::{CustomItem, Holder};
use softland_domain::date_format::long;
use softland_domain::status::ActionKind;
use softland_domain::template::Category;
use softland_domain::{Action, Reason};

use super::case_page::{respond, version};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::db::DbError;
use crate::db::cases::{self, AuditEntry, Expect};
use crate::error::AppError;
use crate::ids::{CaseId, ItemId};
use crate::views::case_page::holder_name;

/// A status button's form.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    action: String,
    #[serde(default)]
    reason: String,
    version: Option<String>,
}

/// The override form.
#[derive(Debug, Deserialize)]
pub struct DueForm {
    #[serde(default)]
    pub(crate) date: String,
    #[serde(default)]
    pub(crate) reason: String,
    #[serde(default)]
    pub(crate) op: String,
    pub(crate) version: Option<String>,
}

/// The custom item form.
#[derive(Debug, Deserialize)]
pub struct NewItemForm {
    #[serde(default)]
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) category: String,
    #[serde(default)]
    pub(crate) holder: String,
    #[serde(default)]
    pub(crate) due: String,
    #[serde(default)]
    pub(crate) instructions: String,
}

pub(crate) fn subject(case: &softland_domain::Case, index: usize) -> String {
    let item = &case.items[index];
    format!("{} — {}", item.title, holder_name(case, item.holder))
}

/// `POST /cases/{id}/items/{item}/status`.
pub async fn change_status(
    State(state): State<AppState>,
    Path((id, item)): Path<(i64, i64)>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let (id, item) = (CaseId(id), ItemId(item));
    let index = cases::item_index(&state.db, id, item).await?;
    let today = state.config.today();
    let result = match (
        version(form.version.as_ref()),
        ActionKind::parse(&form.action, &form.reason),
    ) {
        (Err(e), _) => Err(e),
        (_, Err(e)) => Err(DbError::Invalid(format!("Not saved: {e}."))),
        (Ok(v), Ok(action)) => {
            cases::update(
                &state.db,
                id,
                current.user.id,
                Expect::Item(item, v),
                |case, cal| apply(case, cal, index, &action, today),
            )
            .await
        }
    };
    respond(&state, &current, id, result, &format!("#item-{item}")).await
}

pub(crate) fn apply(
    case: &mut softland_domain::Case,
    cal: &softland_domain::Calendar,
    index: usize,
    action: &Action,
    today: chrono::NaiveDate,
) -> Result<(String, Vec<AuditEntry>), String> {
    let before = case.items[index].status.kind().label();
    let moved = case.apply(index, action, today, cal).map_err(|e| {
        let text = e.to_string();
        let mut chars = text.chars();
        chars.next().map_or(text.clone(), |c| {
            c.to_uppercase().chain(chars).collect::<String>()
        }) + "."
    })?;
    let after = case.items[index].status.kind().label();
    let reason = action.reason().map(ToString::to_string);
    let shown_after = reason
        .as_ref()
        .map_or_else(|| after.to_owned(), |r| format!("{after} ({r})"));
    let mut entry = AuditEntry::new(
        "item.status",
        subject(case, index),
        Some(before.to_owned()),
        Some(shown_after),
    );
    entry.item = Some((index, reason));
    let mut audit = vec![entry];
    for change in &moved {
        audit.push(AuditEntry::new(
            "item.due_moved",
            subject(case, change.index),
            change.before.map(long),
            change.after.map(long),
        ));
    }
    Ok((
        format!(
            "“{}” is now {}.",
            case.items[index].title,
            after.to_lowercase()
        ),
        audit,
    ))
}

/// `POST /cases/{id}/items/{item}/due`: sets or clears a due-date override.
pub async fn override_due(
    State(state): State<AppState>,
    Path((id, item)): Path<(i64, i64)>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<DueForm>,
) -> Result<Response, AppError> {
    let (id, item) = (CaseId(id), ItemId(item));
    let index = cases::item_index(&state.db, id, item).await?;
    let parsed = parse_override(&form);
    let result = match (version(form.version.as_ref()), parsed) {
        (Err(e), _) => Err(e),
        (_, Err(message)) => Err(DbError::Invalid(message)),
        (Ok(v), Ok(change)) => {
            cases::update(
                &state.db,
                id,
                current.user.id,
                Expect::Item(item, v),
                |case, _| {
                    let before = case.items[index].due();
                    match &change {
                        Some((date, reason)) => case.override_due(index, *date, reason.clone()),
                        None => case.clear_override(index),
                    }
                    let after = case.items[index].due();
                    let entry = AuditEntry::new(
                        "item.due_override",
                        subject(case, index),
                        before.map(long),
                        after.map(long),
                    );
                    Ok((
                        format!("Due date of “{}” saved.", case.items[index].title),
                        vec![entry],
                    ))
                },
            )
            .await
        }
    };
    respond(&state, &current, id, result, &format!("#item-{item}")).await
}

pub(crate) fn parse_override(
    form: &DueForm,
) -> Result<Option<(chrono::NaiveDate, Reason)>, String> {
    if form.op == "clear" {
        return Ok(None);
    }
    let date = chrono::NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d")
        .map_err(|_| "Give the new due date (for example 2026-12-31).".to_owned())?;
    let reason = Reason::parse(&form.reason).map_err(|e| format!("Due date not saved: {e}."))?;
    Ok(Some((date, reason)))
}

/// `POST /cases/{id}/items`: adds a consultant's own item.
pub async fn add(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<NewItemForm>,
) -> Result<Response, AppError> {
    let id = CaseId(id);
    let result = match parse_custom(&form) {
        Err(message) => Err(DbError::Invalid(message)),
        Ok(custom) => {
            cases::update(&state.db, id, current.user.id, Expect::Any, |case, _| {
                if let Holder::Person(p) = custom.holder
                    && p >= case.people.len()
                {
                    return Err("That person is not part of this case.".to_owned());
                }
                let index = case.add_custom_item(custom);
                let entry = AuditEntry::new(
                    "item.added",
                    subject(case, index),
                    None,
                    case.items[index].due().map(long),
                );
                Ok((format!("“{}” added.", case.items[index].title), vec![entry]))
            })
            .await
        }
    };
    respond(&state, &current, id, result, "#checklist").await
}

pub(crate) fn parse_custom(form: &NewItemForm) -> Result<CustomItem, String> {
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err("Give the item a title of 1–200 characters.".to_owned());
    }
    let category = Category::parse(&form.category).ok_or("Choose a category from the list.")?;
    let holder = match form.holder.as_str() {
        "household" => Holder::Household,
        raw => Holder::Person(
            raw.parse()
                .map_err(|_| "Choose whom the item is for.".to_owned())?,
        ),
    };
    let due = match form.due.trim() {
        "" => None,
        raw => Some(
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map_err(|_| "The due date is not a date (use 2026-12-31).".to_owned())?,
        ),
    };
    if form.instructions.chars().count() > 5000 {
        return Err("Instructions have at most 5,000 characters.".to_owned());
    }
    Ok(CustomItem {
        title: title.to_owned(),
        category,
        holder,
        instructions: form.instructions.trim().to_owned(),
        due,
    })
}
