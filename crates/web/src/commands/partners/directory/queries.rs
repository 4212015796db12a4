//! Reading the directory: staff's lists and an organisation's page, the public fields that
//! expats and ambassadors read, and partnership management's list.

use std::collections::HashMap;

use chrono::NaiveDate;
use softland_domain::partner::{AgreementStatus, Language};

use super::super::super::{Actor, CommandError, FieldErrors};
use crate::app::AppState;
use crate::db::partners::{self, Contact, Figures, Filter, Helps, Kind, Organisation};
use crate::ids::OrganisationId;

/// The days after which the last contact is "over 6 months ago".
pub const CONTACT_OVERDUE_DAYS: i64 = 183;

/// A directory filter as typed (URL query, API query). Names: `q`, `kind`, `language`,
/// `district`, `service`, `include_inactive`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterInput {
    /// Words in the name, address, kind, services or tags.
    pub q: String,
    /// A kind's slug.
    pub kind: String,
    /// A language ("English").
    pub language: String,
    /// A district.
    pub district: String,
    /// Words of a service.
    pub service: String,
    /// Inactive organisations too (staff only).
    pub include_inactive: bool,
}

fn words(raw: &str) -> Option<String> {
    let text = raw.trim();
    (!text.is_empty()).then(|| text.chars().take(100).collect())
}

impl FilterInput {
    /// The filter, the kind found among `kinds`; an unknown kind or language is the field's
    /// mistake.
    pub fn parse(&self, kinds: &[Kind]) -> Result<Filter, CommandError> {
        let mut errors = FieldErrors::new();
        let kind = match self.kind.trim() {
            "" => None,
            slug => {
                let found = kinds.iter().find(|k| k.slug == slug).map(|k| k.id);
                if found.is_none() {
                    errors.add("kind", "choose one of the types offered");
                }
                found
            }
        };
        let language = match self.language.trim() {
            "" => None,
            raw => Language::parse(raw)
                .map_err(|e| errors.add("language", e.to_string()))
                .ok(),
        };
        if !errors.is_empty() {
            return Err(CommandError::InvalidFields(errors));
        }
        Ok(Filter {
            text: words(&self.q),
            kind,
            language,
            district: words(&self.district),
            service: words(&self.service),
            include_inactive: self.include_inactive,
            public_only: false,
            search_tags: true,
        })
    }
}

/// Staff's directory: the organisations the filter admits, by name.
#[derive(Debug, Clone)]
pub struct DirectoryQuery {
    /// The filter.
    pub filter: FilterInput,
}

impl DirectoryQuery {
    /// Runs it (staff only).
    pub async fn run(
        &self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<Organisation>, CommandError> {
        actor.must_be_staff()?;
        let filter = self.filter.parse(&partners::kinds(&state.db).await?)?;
        Ok(partners::organisations(&state.db, &filter).await?)
    }
}

/// A checklist item an organisation helps with (by its kind, or named itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpedItem {
    /// The item's key.
    pub key: String,
    /// Its title.
    pub title: String,
}

/// An organisation's page for staff.
#[derive(Debug, Clone)]
pub struct OrganisationView {
    /// The organisation.
    pub organisation: Organisation,
    /// Its contact people.
    pub contacts: Vec<Contact>,
    /// Its referrals.
    pub figures: Figures,
    /// The checklist items it helps with.
    pub helps_with: Vec<HelpedItem>,
}

/// Every checklist item's title of the current templates, by key.
pub(super) async fn item_titles(state: &AppState) -> Result<HashMap<String, String>, CommandError> {
    let catalog = crate::db::templates::catalog(&state.db).await?;
    let mut titles = HashMap::new();
    let items = catalog
        .library
        .items
        .iter()
        .chain(catalog.templates.iter().flat_map(|t| t.items.iter()));
    for item in items {
        titles
            .entry(item.key.as_str().to_owned())
            .or_insert_with(|| item.title.clone());
    }
    Ok(titles)
}

/// One organisation with its contacts, referral figures and the items it helps with.
#[derive(Debug, Clone, Copy)]
pub struct OrganisationQuery {
    /// Which.
    pub id: OrganisationId,
}

impl OrganisationQuery {
    /// Runs it (staff only).
    pub async fn run(
        &self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<OrganisationView, CommandError> {
        actor.must_be_staff()?;
        let organisation = partners::organisation(&state.db, self.id).await?;
        let contacts = partners::contacts(&state.db, self.id).await?;
        let figures = partners::referral_figures_of(&state.db, self.id).await?;
        let titles = item_titles(state).await?;
        let mut helps_with: Vec<HelpedItem> = Vec::new();
        for (key, helps) in partners::all_item_helpers(&state.db).await? {
            let mine = match helps {
                Helps::Kind(kind) => kind == organisation.kind.id,
                Helps::Organisation(org) => org == self.id,
            };
            if mine && !helps_with.iter().any(|h| h.key == key) {
                let title = titles.get(&key).cloned().unwrap_or_else(|| key.clone());
                helps_with.push(HelpedItem { key, title });
            }
        }
        Ok(OrganisationView {
            organisation,
            contacts,
            figures,
            helps_with,
        })
    }
}

/// What expats and ambassadors may read of an organisation: no notes, agreement, last
/// contact or contact people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrganisation {
    /// Id.
    pub id: OrganisationId,
    /// Name.
    pub name: String,
    /// Its kind's name.
    pub kind: String,
    /// Street address.
    pub address: Option<String>,
    /// District.
    pub district: Option<String>,
    /// Opening hours, a line per entry.
    pub opening_hours: Vec<String>,
    /// Website.
    pub website: Option<String>,
    /// General e-mail.
    pub email: Option<String>,
    /// General phone.
    pub phone: Option<String>,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Services.
    pub services: Vec<String>,
}

impl From<Organisation> for PublicOrganisation {
    fn from(org: Organisation) -> Self {
        let d = org.details;
        Self {
            id: org.id,
            name: d.name,
            kind: org.kind.name,
            address: d.address,
            district: d.district,
            opening_hours: d.opening_hours.map(|h| h.lines()).unwrap_or_default(),
            website: d.website.map(|w| w.as_str().to_owned()),
            email: d.email.map(|e| e.as_str().to_owned()),
            phone: d.phone.map(|p| p.as_str().to_owned()),
            languages: d
                .languages
                .as_slice()
                .iter()
                .map(|l| l.as_str().to_owned())
                .collect(),
            services: d.services.as_slice().to_vec(),
        }
    }
}

/// The directory's public fields of the active organisations the filter admits (expats,
/// ambassadors, staff).
#[derive(Debug, Clone)]
pub struct PublicDirectoryQuery {
    /// The filter (`include_inactive` is ignored).
    pub filter: FilterInput,
}

impl PublicDirectoryQuery {
    /// Runs it.
    pub async fn run(
        &self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<PublicOrganisation>, CommandError> {
        actor.must_read_directory()?;
        let mut filter = self.filter.parse(&partners::kinds(&state.db).await?)?;
        filter.include_inactive = false;
        filter.search_tags = false;
        let found = partners::organisations(&state.db, &filter).await?;
        Ok(found.into_iter().map(PublicOrganisation::from).collect())
    }
}

/// One active organisation's public fields.
#[derive(Debug, Clone, Copy)]
pub struct PublicOrganisationQuery {
    /// Which.
    pub id: OrganisationId,
}

impl PublicOrganisationQuery {
    /// Runs it; an inactive organisation is "not found".
    pub async fn run(
        &self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<PublicOrganisation, CommandError> {
        actor.must_read_directory()?;
        let org = partners::organisation(&state.db, self.id).await?;
        if !org.details.active {
            return Err(CommandError::NotFound);
        }
        Ok(org.into())
    }
}

/// How partnership management's list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PartnershipOrder {
    /// By name.
    #[default]
    Name,
    /// By agreement status, then name.
    Agreement,
    /// The longest since the last contact first (never contacted first of all).
    LastContact,
    /// The most referrals received first.
    Referrals,
}

impl PartnershipOrder {
    /// Every order, with its name in URLs.
    pub const ALL: [(PartnershipOrder, &'static str); 4] = [
        (PartnershipOrder::Name, "name"),
        (PartnershipOrder::Agreement, "agreement"),
        (PartnershipOrder::LastContact, "last_contact"),
        (PartnershipOrder::Referrals, "referrals"),
    ];

    /// The order named `raw` (`name` for anything else).
    pub fn parse(raw: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|(_, name)| *name == raw.trim())
            .map_or(Self::Name, |(o, _)| o)
    }

    /// Its name in URLs.
    pub fn name(self) -> &'static str {
        Self::ALL
            .into_iter()
            .find(|(o, _)| *o == self)
            .map_or("name", |(_, n)| n)
    }
}

/// One partnership: the organisation, its referrals, and whether the last contact is long
/// ago.
#[derive(Debug, Clone)]
pub struct Partnership {
    /// The organisation.
    pub organisation: Organisation,
    /// Its referrals.
    pub figures: Figures,
    /// The last contact was over 6 months ago.
    pub contact_overdue: bool,
}

/// Partnership management: every organisation (inactive too) with its agreement, last
/// contact and referrals.
#[derive(Debug, Clone, Copy, Default)]
pub struct PartnershipsQuery {
    /// Only this agreement status.
    pub agreement: Option<AgreementStatus>,
    /// The order.
    pub order: PartnershipOrder,
}

/// Whether the last contact (`on`) is over 6 months before `today` (a partner never
/// contacted shows "never" instead).
pub fn contact_overdue(on: Option<NaiveDate>, today: NaiveDate) -> bool {
    on.is_some_and(|on| (today - on).num_days() > CONTACT_OVERDUE_DAYS)
}

impl PartnershipsQuery {
    /// Runs it (staff only).
    pub async fn run(
        &self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<Partnership>, CommandError> {
        actor.must_be_staff()?;
        let filter = Filter {
            include_inactive: true,
            ..Filter::default()
        };
        let today = state.config.today();
        let mut figures = partners::referral_figures(&state.db).await?;
        let mut rows: Vec<Partnership> = partners::organisations(&state.db, &filter)
            .await?
            .into_iter()
            .filter(|o| {
                self.agreement
                    .is_none_or(|a| o.details.agreement.status() == a)
            })
            .map(|organisation| Partnership {
                figures: figures.remove(&organisation.id).unwrap_or_default(),
                contact_overdue: contact_overdue(organisation.details.last_contact_on, today),
                organisation,
            })
            .collect();
        match self.order {
            PartnershipOrder::Name => {}
            PartnershipOrder::Agreement => {
                rows.sort_by_key(|p| std::cmp::Reverse(p.organisation.details.agreement.status()));
            }
            PartnershipOrder::LastContact => {
                rows.sort_by_key(|p| p.organisation.details.last_contact_on);
            }
            PartnershipOrder::Referrals => {
                rows.sort_by_key(|p| std::cmp::Reverse(p.figures.received));
            }
        }
        Ok(rows)
    }
}
