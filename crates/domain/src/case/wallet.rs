//! The document wallet of a case's people: their papers, the one source of the passport and
//! of the person's own permit, visa and insurance dates; the renewals their expiry calls for;
//! and criminal-record extracts too old to file.

use chrono::{Days, Months, NaiveDate};

use super::{Case, ChecklistItem, DateChange, Holder};
use crate::calendar::Calendar;
use crate::deadline::{Anchor, DeadlineRule, Outcome};
use crate::document::{Document, DocumentKind};
use crate::key::RouteKey;
use crate::key_date::KeyDate;
use crate::person::Passport;
use crate::status::StatusKind;
use crate::template::{Catalog, Category, ChecklistTemplate, TemplateItem};

/// A document's number within its case (its id in URLs): unique among the documents the case
/// has; the next one is one more than the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentNo(u32);

impl DocumentNo {
    /// The number `n` (from storage or a URL).
    pub fn new(n: u32) -> Self {
        Self(n)
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A document in the wallet of one person of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletEntry {
    /// Its number within the case.
    pub no: DocumentNo,
    /// Whose it is (a position in [`Case::people`]).
    pub person: usize,
    /// The document.
    pub document: Document,
}

/// Why a wallet change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalletError {
    /// The case has no such person.
    #[error("the case has no person {0}")]
    NoSuchPerson(usize),
    /// The person has no such document.
    #[error("no such document")]
    NoSuchDocument,
}

/// A date or passport of a person that followed their wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Synced {
    /// The person's own date `kind` changed.
    Date {
        /// Whose.
        person: usize,
        /// Which date.
        kind: KeyDate,
        /// Before.
        before: Option<NaiveDate>,
        /// After.
        after: Option<NaiveDate>,
        /// The due dates that moved and the items added for a repeated event.
        change: DateChange,
    },
    /// The person's passport changed.
    Passport {
        /// Whose.
        person: usize,
        /// Before.
        before: Option<Passport>,
        /// After.
        after: Option<Passport>,
        /// The due dates that moved and the items added for a repeated event.
        change: DateChange,
    },
}

/// What a wallet change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletChange {
    /// The document saved or removed.
    pub no: DocumentNo,
    /// What followed it.
    pub synced: Vec<Synced>,
}

/// A checklist-template item that renews a document: its deadline is a window counted back
/// from the expiry date the document supplies (`ext-ltr` from `permit_expiry`,
/// `passport-renew` from `passport_expiry`), and the route it is filed under.
#[derive(Debug, Clone, Copy)]
pub struct RenewalRule<'a> {
    /// The template item.
    pub item: &'a TemplateItem,
    /// The route and template version the added item is recorded under.
    pub template: (&'a RouteKey, u32),
}

impl RenewalRule<'_> {
    /// The date it counts back from, if it is a window on a date a document supplies.
    fn renews(&self) -> Option<KeyDate> {
        match &self.item.deadline {
            Some(DeadlineRule::Window {
                anchor: Anchor::Date(kind),
                ..
            }) if DocumentKind::ALL
                .iter()
                .any(|k| k.key_date() == Some(*kind)) =>
            {
                Some(*kind)
            }
            _ => None,
        }
    }
}

/// The rules that renew a case's documents: the items of `templates` (the case's routes, at
/// the versions it came from: `ext-ltr`, `ext-prcard`, `ext-visa`) and the library items of
/// `catalog` that no route includes (`passport-renew`, `insurance-renew`, which only the
/// wallet adds; filed under the case's first route), each only if it is a window counted back
/// from a date a document supplies.
pub fn renewal_rules<'a>(
    templates: &[&'a ChecklistTemplate],
    catalog: &'a Catalog,
) -> Vec<RenewalRule<'a>> {
    let mut out: Vec<RenewalRule<'a>> = templates
        .iter()
        .flat_map(|t| {
            t.items.iter().map(|item| RenewalRule {
                item,
                template: (&t.route, t.version),
            })
        })
        .collect();
    if let Some(first) = templates.first() {
        let included = |key: &crate::key::ItemKey| {
            catalog
                .templates
                .iter()
                .any(|t| t.items.iter().any(|i| &i.key == key))
        };
        out.extend(
            catalog
                .library
                .items
                .iter()
                .filter(|item| !included(&item.key))
                .map(|item| RenewalRule {
                    item,
                    template: (&first.route, first.version),
                }),
        );
    }
    out.retain(|r| r.renews().is_some());
    out
}

/// A renewal a document calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalDue {
    /// Whose document.
    pub person: usize,
    /// Index of the rule in the rules given.
    pub rule: usize,
    /// Why, for the history: "passport Z1234567 expires Mon 1 Mar 2027".
    pub reason: String,
}

/// How old a criminal-record extract may be on the day it is filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordAgeLimit {
    /// Supporting documents for residence applications: at most 180 days old (fact sheet
    /// §1.3, "Max age of supporting documents" \[OFFICIAL\]:
    /// <https://frs.gov.cz/en/forms-and-documents/documents/formal-requirements-eu-citizens/>).
    Days(u32),
    /// The trade office: the extract at most 3 months old (fact sheet §2.7, trade-licence
    /// documents: <https://www.rzp.cz/pruvodce-podnikanim/en/173,183,302.html>).
    Months(u32),
}

impl RecordAgeLimit {
    /// The last day an extract issued on `issued_on` is fresh enough.
    pub fn last_day(self, issued_on: NaiveDate) -> NaiveDate {
        match self {
            RecordAgeLimit::Days(n) => issued_on.checked_add_days(Days::new(n.into())),
            RecordAgeLimit::Months(n) => issued_on.checked_add_months(Months::new(n)),
        }
        .unwrap_or(NaiveDate::MAX)
    }

    /// "180 days", "3 months".
    pub fn words(self) -> String {
        match self {
            RecordAgeLimit::Days(n) => crate::date_format::count(n.into(), "day"),
            RecordAgeLimit::Months(n) => crate::date_format::count(n.into(), "month"),
        }
    }
}

impl Case {
    /// Every document of the wallet, people in order, each person's in the order added.
    pub fn documents(&self) -> &[WalletEntry] {
        &self.documents
    }

    /// Document `no`, if the case has it.
    pub fn document(&self, no: DocumentNo) -> Option<&WalletEntry> {
        self.documents.iter().find(|d| d.no == no)
    }

    /// Whether person `person`'s own date `kind` comes from their wallet (a document of the
    /// kind that supplies it is there; the passport expiry always does): it is changed there,
    /// never as a key date.
    pub fn is_from_wallet(&self, person: usize, kind: KeyDate) -> bool {
        kind.is_from_passport()
            || self
                .documents
                .iter()
                .any(|d| d.person == person && d.document.kind().key_date() == Some(kind))
    }

    /// The document of `kind` of `person` that counts: the one valid longest.
    pub fn current_document(&self, person: usize, kind: DocumentKind) -> Option<&Document> {
        self.documents
            .iter()
            .filter(|d| d.person == person && d.document.kind() == kind)
            .map(|d| &d.document)
            .max_by_key(|d| (d.valid_until(), d.issued_on()))
    }

    /// Adds `document` to person `person`'s wallet (`no` `None`), or replaces their document
    /// `no`; the passport and own dates it supplies follow, with their due dates.
    pub fn save_document(
        &mut self,
        person: usize,
        no: Option<DocumentNo>,
        document: Document,
        cal: &Calendar,
    ) -> Result<WalletChange, WalletError> {
        if person >= self.people.len() {
            return Err(WalletError::NoSuchPerson(person));
        }
        let mut kinds = vec![document.kind()];
        let no = if let Some(no) = no {
            let entry = self
                .documents
                .iter_mut()
                .find(|d| d.no == no && d.person == person)
                .ok_or(WalletError::NoSuchDocument)?;
            kinds.push(entry.document.kind());
            entry.document = document;
            no
        } else {
            let next = self.documents.iter().map(|d| d.no.0).max().unwrap_or(0) + 1;
            let no = DocumentNo(next);
            self.documents.push(WalletEntry {
                no,
                person,
                document,
            });
            no
        };
        let synced = self.sync(person, &kinds, cal);
        Ok(WalletChange { no, synced })
    }

    /// Removes person `person`'s document `no`; what it supplied follows the documents left
    /// (cleared when none of its kind is left).
    pub fn remove_document(
        &mut self,
        person: usize,
        no: DocumentNo,
        cal: &Calendar,
    ) -> Result<WalletChange, WalletError> {
        let at = self
            .documents
            .iter()
            .position(|d| d.no == no && d.person == person)
            .ok_or(WalletError::NoSuchDocument)?;
        let removed = self.documents.remove(at);
        let synced = self.sync(person, &[removed.document.kind()], cal);
        Ok(WalletChange { no, synced })
    }

    /// Brings person `person`'s passport and own dates of `kinds` in line with the wallet.
    fn sync(&mut self, person: usize, kinds: &[DocumentKind], cal: &Calendar) -> Vec<Synced> {
        let mut out = Vec::new();
        for &kind in kinds {
            let current = self.current_document(person, kind);
            if kind == DocumentKind::Passport {
                let after = current.and_then(Document::passport);
                let before = self.people[person].passport.clone();
                if before != after {
                    let change = self.set_passport(person, after.clone(), cal);
                    out.push(Synced::Passport {
                        person,
                        before,
                        after,
                        change,
                    });
                }
            } else if let Some(date) = kind.key_date() {
                let after = current.and_then(Document::valid_until);
                let before = self.person_dates(person).get(date);
                if before != after {
                    let change = self.set_date(Holder::Person(person), date, after, cal);
                    out.push(Synced::Date {
                        person,
                        kind: date,
                        before,
                        after,
                        change,
                    });
                }
            }
        }
        out
    }

    /// The renewals the wallet calls for on `today`: for each person's current passport,
    /// card, visa and insurance, the first of `rules` that renews the date it supplies
    /// (and applies to the person), once its window has opened — unless the person has an
    /// open item of that duty (any occurrence), or one already finished or withdrawn for
    /// this very expiry. None for a closed case.
    pub fn renewals_due(
        &self,
        today: NaiveDate,
        rules: &[RenewalRule<'_>],
        cal: &Calendar,
    ) -> Vec<RenewalDue> {
        if matches!(self.status, super::CaseStatus::Closed { .. }) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for person in 0..self.people.len() {
            for kind in DocumentKind::ALL {
                let (Some(date), Some(document)) =
                    (kind.key_date(), self.current_document(person, kind))
                else {
                    continue;
                };
                let holder = Holder::Person(person);
                let Some(expiry) = self.date_for(holder, date) else {
                    continue;
                };
                let Some(rule) = rules.iter().position(|r| {
                    r.renews() == Some(date)
                        && self.holders(r.item.applies_to).contains(&holder)
                        && self.applies(r.item, holder)
                }) else {
                    continue;
                };
                let item = rules[rule].item;
                let opens = item
                    .deadline
                    .as_ref()
                    .map(|r| r.compute(Some(expiry), date.event(), cal));
                let open =
                    matches!(opens, Some(Outcome::Due(d)) if d.opens.is_some_and(|o| o <= today));
                if open && !self.has_renewal(holder, item, date, expiry) {
                    let reason = document.expiry_phrase().unwrap_or_default();
                    out.push(RenewalDue {
                        person,
                        rule,
                        reason,
                    });
                }
            }
        }
        out
    }

    /// Whether `holder` has an open item of `item`'s duty, or one finished (or not
    /// applicable) for the expiry on `expiry`.
    fn has_renewal(
        &self,
        holder: Holder,
        item: &TemplateItem,
        date: KeyDate,
        expiry: NaiveDate,
    ) -> bool {
        self.items
            .iter()
            .filter(|i| i.holder == holder && i.key.first_occurrence() == item.key)
            .any(|i| {
                i.status.kind().is_open()
                    || i.anchor_on.or_else(|| self.date_for(holder, date)) == Some(expiry)
            })
    }

    /// Adds the renewals [`Case::renewals_due`] finds; returns each new item's index with the
    /// reason. Running it again the same day adds nothing.
    pub fn add_renewals(
        &mut self,
        today: NaiveDate,
        rules: &[RenewalRule<'_>],
        cal: &Calendar,
    ) -> Vec<(usize, String)> {
        let due = self.renewals_due(today, rules, cal);
        let mut added = Vec::new();
        for renewal in due {
            let rule = rules[renewal.rule];
            let holder = Holder::Person(renewal.person);
            let mut item = ChecklistItem::from_template(rule.item, rule.template, holder);
            while self.position(&item.key, holder).is_some() {
                item.key = item.key.next_occurrence();
            }
            self.items.push(item);
            added.push((self.items.len() - 1, renewal.reason));
        }
        if !added.is_empty() {
            self.recompute(cal);
        }
        added
    }

    /// How old a criminal-record extract may be for this case: 3 months when the case has a
    /// trade licence to apply for (the trade office's limit), else the 180 days of every
    /// residence application.
    pub fn record_age_limit(&self) -> RecordAgeLimit {
        let trade = self.items.iter().any(|i| {
            i.category == Category::TradeLicence && i.status.kind() != StatusKind::NotApplicable
        });
        if trade {
            RecordAgeLimit::Months(3)
        } else {
            RecordAgeLimit::Days(180)
        }
    }
}

#[cfg(test)]
mod tests;
