//! The referral form and the step form as posted, and what the form page needs to draw:
//! the household's people, the active partners grouped by kind, their contact people.

use serde::Deserialize;
use softland_domain::partner::Category;

use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::commands::FieldErrors;
use crate::commands::case_view::ViewCase;
use crate::commands::partners::referrals::{ReferralInput, StepInput, default_follow_up};
use crate::db::partners::{self, Filter};
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::{CaseId, ItemId, OrganisationId};
use crate::views::referrals::{ContactGroup, PartnerGroup, ReferralNewPage};

/// `?organisation=3&item=17`: the partner and the item "who can help" referred from.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    organisation: String,
    item: String,
}

/// A referral as posted (the checkbox is present when ticked).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReferralForm {
    person: String,
    organisation: String,
    contact: String,
    category: String,
    need: String,
    share_contact: Option<String>,
    consent_how: String,
    follow_up_on: String,
}

impl ReferralForm {
    /// The input as typed.
    pub fn input(&self) -> ReferralInput {
        ReferralInput {
            person: self.person.clone(),
            organisation: self.organisation.clone(),
            contact: self.contact.clone(),
            category: self.category.clone(),
            need: self.need.clone(),
            share_contact: self.share_contact.is_some(),
            consent_how: self.consent_how.clone(),
            follow_up_on: self.follow_up_on.clone(),
        }
    }
}

/// A step as posted: the button pressed is `event`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StepForm {
    /// The referral's version the page was built from.
    pub version: String,
    event: String,
    note: String,
    follow_up_on: String,
}

impl StepForm {
    /// The input as typed.
    pub fn input(&self) -> StepInput {
        StepInput {
            event: self.event.clone(),
            note: self.note.clone(),
            follow_up_on: self.follow_up_on.clone(),
        }
    }
}

/// The category a partner of kind `slug` usually helps with (the form's first guess).
fn category_of_kind(slug: &str) -> Category {
    match slug {
        "health-care" => Category::Health,
        "accommodation" => Category::Housing,
        "school" => Category::Schooling,
        "employer" | "university" => Category::Work,
        "bank" => Category::Money,
        "insurer" => Category::Insurance,
        "language-school" => Category::Language,
        "public-office" => Category::Paperwork,
        "community" => Category::Community,
        _ => Category::Other,
    }
}

/// The form's first values: the partner and the item's title as the need when referred from
/// "who can help", a follow-up a week ahead.
pub async fn prefilled(
    state: &AppState,
    current: &CurrentUser,
    id: CaseId,
    q: &NewQuery,
) -> Result<ReferralInput, AppError> {
    let stored = ViewCase { case: id }.run(state, &actor(current)).await?;
    let mut values = ReferralInput {
        follow_up_on: default_follow_up(state.config.today()).to_string(),
        category: Category::Other.as_str().to_owned(),
        ..ReferralInput::default()
    };
    if let Ok(org) = q.organisation.trim().parse::<i64>()
        && let Ok(org) = partners::organisation(&state.db, OrganisationId(org)).await
        && org.details.active
    {
        values.organisation = org.id.to_string();
        category_of_kind(&org.kind.slug)
            .as_str()
            .clone_into(&mut values.category);
    }
    if let Ok(item) = q.item.trim().parse::<i64>()
        && let Some(index) = stored.item_index(ItemId(item))
    {
        values.need = stored.case.items()[index].title().to_owned();
    }
    Ok(values)
}

/// The form page with `values` and `errors`.
pub async fn new_page(
    state: &AppState,
    current: &CurrentUser,
    id: CaseId,
    values: ReferralInput,
    errors: FieldErrors,
) -> Result<ReferralNewPage, AppError> {
    let stored = ViewCase { case: id }.run(state, &actor(current)).await?;
    let kinds = partners::kinds(&state.db).await?;
    let active = partners::organisations(&state.db, &Filter::default()).await?;
    let ids: Vec<_> = active.iter().map(|o| o.id).collect();
    let contacts = partners::contacts_of(&state.db, &ids).await?;
    let partners = kinds
        .iter()
        .map(|k| PartnerGroup {
            kind: k.name.clone(),
            partners: active
                .iter()
                .filter(|o| o.kind.id == k.id)
                .map(|o| (o.id.to_string(), o.details.name.clone()))
                .collect(),
        })
        .filter(|g| !g.partners.is_empty())
        .collect();
    let contacts = active
        .iter()
        .filter_map(|o| {
            let list = contacts.get(&o.id)?;
            Some(ContactGroup {
                partner: o.details.name.clone(),
                contacts: list
                    .iter()
                    .map(|c| {
                        let label = match &c.person.role {
                            Some(role) => format!("{}, {role}", c.person.name),
                            None => c.person.name.clone(),
                        };
                        (c.id.to_string(), label)
                    })
                    .collect(),
            })
        })
        .collect();
    Ok(ReferralNewPage {
        nav: crate::handlers::messages::nav_with_messages(state, current, "cases").await?,
        case_id: id.0,
        title: stored.case.principal().name.to_string(),
        people: stored
            .person_ids
            .iter()
            .zip(stored.case.people())
            .map(|(pid, p)| (pid.to_string(), p.name.to_string()))
            .collect(),
        partners,
        contacts,
        values,
        errors,
    })
}
