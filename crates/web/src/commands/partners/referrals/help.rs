//! "Who can help" beside a case's open checklist items, and the household's languages it is
//! filtered by.

use softland_domain::partner::{Candidate, Language, Languages, who_can_help};

use super::{may_change, may_read};
use crate::app::AppState;
use crate::commands::{Actor, CommandError};
use crate::db::cases::{self, StoredCase};
use crate::db::partners::{self, Organisation};
use crate::ids::{CaseId, ItemId};

/// A partner shown beside an item.
#[derive(Debug, Clone)]
pub struct HelperCard {
    /// The partner.
    pub organisation: Organisation,
    /// The household's languages it speaks, the household's preferred first.
    pub shared: Vec<Language>,
}

/// Who can help with one open item.
#[derive(Debug, Clone)]
pub struct ItemHelp {
    /// The item.
    pub item: ItemId,
    /// Its key (`bank-account`).
    pub key: String,
    /// Its title.
    pub title: String,
    /// Partners speaking a language of the household, best first.
    pub helpers: Vec<HelperCard>,
    /// How many more partners could help but share no language with the household.
    pub others: usize,
}

/// "Who can help" with each open item (not done, not applicable) of a case already loaded,
/// filtered by the household's languages (none recorded: English). Items no partner is named
/// for are left out.
#[derive(Debug, Clone, Copy)]
pub struct WhoCanHelp<'a> {
    /// The case.
    pub case: &'a StoredCase,
}

impl WhoCanHelp<'_> {
    /// Runs it (staff, or the household).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Vec<ItemHelp>, CommandError> {
        may_read(state, actor, self.case.id).await?;
        let items = self.case.case.items();
        let open: Vec<usize> = (0..items.len())
            .filter(|&i| {
                use softland_domain::StatusKind as S;
                !matches!(items[i].status().kind(), S::Done | S::NotApplicable)
            })
            .collect();
        let mut keys: Vec<&str> = open.iter().map(|&i| items[i].key().as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let found = partners::item_helpers(&state.db, &keys).await?;
        let household = self.case.languages.as_slice();
        let mut out = Vec::new();
        for i in open {
            let item = &items[i];
            let Some(links) = found.by_key.get(item.key().as_str()) else {
                continue;
            };
            let candidates: Vec<Candidate<'_>> = links
                .iter()
                .filter_map(|(id, named)| {
                    let org = found.organisations.get(id)?;
                    Some(Candidate {
                        id: id.0,
                        name: &org.details.name,
                        languages: &org.details.languages,
                        named: *named,
                    })
                })
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let help = who_can_help(&candidates, household);
            out.push(ItemHelp {
                item: self.case.item_ids[i],
                key: item.key().as_str().to_owned(),
                title: item.title().to_owned(),
                helpers: help
                    .speaking
                    .into_iter()
                    .filter_map(|h| {
                        let org = found.organisations.get(&crate::ids::OrganisationId(h.id))?;
                        Some(HelperCard {
                            organisation: org.clone(),
                            shared: h.shared,
                        })
                    })
                    .collect(),
                others: help.others,
            });
        }
        Ok(out)
    }
}

/// Staff set the languages a household speaks ("English, Ukrainian"; empty: not recorded,
/// read as English).
#[derive(Debug, Clone)]
pub struct ChangeLanguages {
    /// The case.
    pub case: CaseId,
    /// The version the change was made against (`None`: any).
    pub version: Option<i64>,
    /// The languages, preferred first.
    pub languages: Languages,
}

impl ChangeLanguages {
    /// Runs it; returns the case's new version.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<i64, CommandError> {
        may_change(state, actor, self.case).await?;
        Ok(cases::set_languages(
            &state.db,
            self.case,
            self.version,
            &self.languages,
            actor.id,
        )
        .await?)
    }
}
