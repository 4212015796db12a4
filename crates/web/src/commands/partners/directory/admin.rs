//! What admins keep: the kinds of organisation, and which kinds or organisations help with
//! each checklist item of the current route templates ("who can help").

use softland_domain::partner::{KindName, KindSlug};

use super::super::super::{Actor, CommandError, FieldErrors};
use super::queries::item_titles;
use crate::app::AppState;
use crate::db::partners::{self, Helps};
use crate::db::{Constraint, DbError};
use crate::ids::{OrganisationId, PartnerKindId};

fn name_error(message: impl Into<String>) -> CommandError {
    let mut errors = FieldErrors::new();
    errors.add("name", message);
    CommandError::InvalidFields(errors)
}

fn taken(err: DbError) -> CommandError {
    match err {
        DbError::Constraint(Constraint::KindTaken) => name_error(Constraint::KindTaken.to_string()),
        other => other.into(),
    }
}

/// An admin adds a kind; its key (slug) is made from the name.
#[derive(Debug, Clone)]
pub struct AddKind {
    /// Its name ("Sports club").
    pub name: String,
}

impl AddKind {
    /// Adds it; a name that makes no key, or the key of another kind, is the name's mistake.
    pub async fn run(
        &self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<PartnerKindId, CommandError> {
        actor.must_be_admin()?;
        let name = KindName::parse(&self.name).map_err(|e| name_error(e.to_string()))?;
        let slug = KindSlug::from_name(name.as_str()).map_err(|e| name_error(e.to_string()))?;
        partners::add_kind(&state.db, slug.as_str(), name.as_str(), actor.id)
            .await
            .map_err(taken)
    }
}

/// An admin renames a kind (its key stays).
#[derive(Debug, Clone)]
pub struct RenameKind {
    /// Which.
    pub id: PartnerKindId,
    /// Its new name.
    pub name: String,
}

impl RenameKind {
    /// Renames it.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_admin()?;
        let name = KindName::parse(&self.name).map_err(|e| name_error(e.to_string()))?;
        Ok(partners::rename_kind(&state.db, self.id, name.as_str(), actor.id).await?)
    }
}

/// A checklist item of the current templates with the partners named for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLinks {
    /// The item's key.
    pub key: String,
    /// Its title.
    pub title: String,
    /// The kinds named.
    pub kinds: Vec<PartnerKindId>,
    /// The organisations named.
    pub organisations: Vec<OrganisationId>,
}

/// Every item of the current templates, by title, with what is named for it (admins).
#[derive(Debug, Clone, Copy)]
pub struct ItemLinksQuery;

impl ItemLinksQuery {
    /// Runs it.
    pub async fn run(
        &self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<ItemLinks>, CommandError> {
        actor.must_be_admin()?;
        let titles = item_titles(state).await?;
        let mut items: Vec<ItemLinks> = titles
            .into_iter()
            .map(|(key, title)| ItemLinks {
                key,
                title,
                kinds: Vec::new(),
                organisations: Vec::new(),
            })
            .collect();
        items.sort_by(|a, b| a.title.cmp(&b.title).then(a.key.cmp(&b.key)));
        for (key, helps) in partners::all_item_helpers(&state.db).await? {
            if let Some(item) = items.iter_mut().find(|i| i.key == key) {
                match helps {
                    Helps::Kind(kind) => item.kinds.push(kind),
                    Helps::Organisation(org) => item.organisations.push(org),
                }
            }
        }
        Ok(items)
    }
}

/// An admin names the kinds (by key) and organisations that help with an item.
#[derive(Debug, Clone)]
pub struct SetItemHelpers {
    /// The item's key (an item of the current templates, or "not found").
    pub key: String,
    /// Kind keys (`insurer`).
    pub kinds: Vec<String>,
    /// Organisation ids.
    pub organisations: Vec<i64>,
}

impl SetItemHelpers {
    /// Replaces what was named; an unknown kind or organisation is that field's mistake.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_admin()?;
        if !item_titles(state).await?.contains_key(&self.key) {
            return Err(CommandError::NotFound);
        }
        let mut errors = FieldErrors::new();
        let kinds = partners::kinds(&state.db).await?;
        let mut helpers = Vec::new();
        for slug in &self.kinds {
            match kinds.iter().find(|k| k.slug == slug.trim()) {
                Some(kind) => helpers.push(Helps::Kind(kind.id)),
                None => errors.add("kinds", "choose among the types offered"),
            }
        }
        let ids: Vec<OrganisationId> = self
            .organisations
            .iter()
            .map(|i| OrganisationId(*i))
            .collect();
        let found = partners::organisations_by_id(&state.db, &ids).await?;
        for id in &ids {
            if found.iter().any(|o| o.id == *id) {
                helpers.push(Helps::Organisation(*id));
            } else {
                errors.add("organisations", "choose among the organisations offered");
            }
        }
        if !errors.is_empty() {
            return Err(CommandError::InvalidFields(errors));
        }
        Ok(partners::set_item_helpers(&state.db, &self.key, &helpers, actor.id).await?)
    }
}
