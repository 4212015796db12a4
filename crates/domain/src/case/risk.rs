//! Risk warnings a consultant should see before they turn into missed deadlines.

use chrono::{Days, NaiveDate};

use super::{Case, CaseStatus};
use crate::calendar::Calendar;
use crate::date_format::{count, long};
use crate::key_date::KeyDate;
use crate::template::Watch;

/// The extension window counts as closing within this many calendar days.
pub const EXTENSION_CLOSING_DAYS: u64 = 14;
/// The integration course counts as due within this many calendar days.
pub const INTEGRATION_COURSE_DAYS: u64 = 60;

/// The kinds of risk warning: what a dashboard lists (the same warnings as [`Risk`], an
/// extension window's two stages as one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RiskKind {
    /// A passport ends before the stay.
    Passport,
    /// Health insurance ends before the stay.
    Insurance,
    /// The extension window is open and nothing is filed.
    Extension,
    /// The extension window closed with nothing filed: the permit cannot be extended.
    ExtensionMissed,
    /// A registration deadline passed.
    Registration,
    /// The integration course is due soon (or overdue).
    IntegrationCourse,
    /// A criminal-record extract in the wallet is older than the case's limit. Only the case
    /// page shows it: the dashboard's warnings come from stored columns and items, and this
    /// one needs the wallet and the day.
    CriminalRecord,
}

impl RiskKind {
    /// Every kind.
    pub const ALL: [RiskKind; 7] = [
        RiskKind::Passport,
        RiskKind::Insurance,
        RiskKind::Extension,
        RiskKind::ExtensionMissed,
        RiskKind::Registration,
        RiskKind::IntegrationCourse,
        RiskKind::CriminalRecord,
    ];

    /// Whether the dashboard lists warnings of this kind (all but the wallet's
    /// criminal-record extracts, which only the case page shows).
    pub fn on_dashboard(self) -> bool {
        self != RiskKind::CriminalRecord
    }
}

/// A warning derived from a case's dates and items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Risk {
    /// A passport ends before the permit (or visa) would: the permit is cut or refused.
    PassportExpiresBeforePermit {
        /// Index of the person.
        person: usize,
        /// Passport expiry.
        passport_expiry: NaiveDate,
        /// Permit or visa expiry.
        permit_expiry: NaiveDate,
    },
    /// Health insurance ends before the permit (or visa): the stay must be covered entirely.
    InsuranceEndsEarly {
        /// Whose: `None` for the household's insurance end, else the person whose own date
        /// (their insurance in the wallet) ends before their own stay.
        person: Option<usize>,
        /// Insurance end.
        insurance_end: NaiveDate,
        /// Permit or visa expiry.
        permit_expiry: NaiveDate,
    },
    /// The extension window is open and nothing is filed yet.
    ExtensionWindowOpen {
        /// Index of the extension item.
        item: usize,
        /// Last day to file.
        closes: NaiveDate,
    },
    /// The extension window closes within 14 days and nothing is filed yet.
    ExtensionWindowClosing {
        /// Index of the extension item.
        item: usize,
        /// Last day to file.
        closes: NaiveDate,
        /// Working days left, today included.
        working_days_left: i64,
    },
    /// The extension window closed and nothing was filed: the permit cannot be extended any
    /// more (fact sheet §2.4: the MoI cannot waive the time limit); the stay ends with the
    /// permit and a new application must be made from abroad.
    ExtensionMissed {
        /// Index of the extension item.
        item: usize,
        /// The last day it could have been filed.
        closed: NaiveDate,
    },
    /// A registration deadline passed without the registration.
    RegistrationMissed {
        /// Index of the registration item.
        item: usize,
        /// Its due date.
        due: NaiveDate,
    },
    /// A criminal-record extract is older than the case allows on the day it is filed.
    CriminalRecordTooOld {
        /// Index of the person.
        person: usize,
        /// The extract's number.
        number: String,
        /// The last day it was fresh enough.
        last_day: NaiveDate,
        /// The limit.
        limit: super::RecordAgeLimit,
    },
    /// The adaptation-integration course is due within 60 days or overdue.
    IntegrationCourseDue {
        /// Index of the course item.
        item: usize,
        /// Its due date.
        due: NaiveDate,
    },
}

impl Risk {
    /// Its kind.
    pub fn kind(&self) -> RiskKind {
        match self {
            Risk::PassportExpiresBeforePermit { .. } => RiskKind::Passport,
            Risk::InsuranceEndsEarly { .. } => RiskKind::Insurance,
            Risk::ExtensionWindowOpen { .. } | Risk::ExtensionWindowClosing { .. } => {
                RiskKind::Extension
            }
            Risk::ExtensionMissed { .. } => RiskKind::ExtensionMissed,
            Risk::RegistrationMissed { .. } => RiskKind::Registration,
            Risk::IntegrationCourseDue { .. } => RiskKind::IntegrationCourse,
            Risk::CriminalRecordTooOld { .. } => RiskKind::CriminalRecord,
        }
    }

    /// The day the warning is about: an expiry, the last day of a window, a due day.
    pub fn on(&self) -> NaiveDate {
        match self {
            Risk::PassportExpiresBeforePermit {
                passport_expiry, ..
            } => *passport_expiry,
            Risk::InsuranceEndsEarly { insurance_end, .. } => *insurance_end,
            Risk::ExtensionWindowOpen { closes, .. }
            | Risk::ExtensionWindowClosing { closes, .. } => *closes,
            Risk::ExtensionMissed { closed, .. } => *closed,
            Risk::CriminalRecordTooOld { last_day, .. } => *last_day,
            Risk::RegistrationMissed { due, .. } | Risk::IntegrationCourseDue { due, .. } => *due,
        }
    }

    /// The warning in one sentence.
    pub fn message(&self, case: &Case) -> String {
        let title = |i: &usize| case.items[*i].title.clone();
        match self {
            Risk::PassportExpiresBeforePermit {
                person,
                passport_expiry,
                permit_expiry,
            } => format!(
                "{}'s passport expires {}, before the permit ({}): renew the passport first",
                case.people[*person].name,
                long(*passport_expiry),
                long(*permit_expiry)
            ),
            Risk::InsuranceEndsEarly {
                person: None,
                insurance_end,
                permit_expiry,
            } => format!(
                "Health insurance ends {}, before the permit ({}): the stay must be covered in full",
                long(*insurance_end),
                long(*permit_expiry)
            ),
            Risk::InsuranceEndsEarly {
                person: Some(person),
                insurance_end,
                permit_expiry,
            } => format!(
                "{}'s health insurance ends {}, before their permit ({}): the stay must be covered in full",
                case.people[*person].name,
                long(*insurance_end),
                long(*permit_expiry)
            ),
            Risk::ExtensionWindowOpen { item, closes } => format!(
                "Extension window is open: “{}” can be filed until {}",
                title(item),
                long(*closes)
            ),
            Risk::ExtensionWindowClosing {
                item,
                closes,
                working_days_left,
            } => format!(
                "Extension window closes {} ({} left): file “{}” now",
                long(*closes),
                count(*working_days_left, "working day"),
                title(item)
            ),
            Risk::ExtensionMissed { item, closed } => format!(
                "Extension missed: “{}” could be filed until {}. The permit can no longer be \
                 extended; the stay ends when it expires, and a new application must be made \
                 from abroad",
                title(item),
                long(*closed)
            ),
            Risk::RegistrationMissed { item, due } => {
                format!(
                    "Registration deadline missed: “{}” was due {}",
                    title(item),
                    long(*due)
                )
            }
            Risk::CriminalRecordTooOld {
                person,
                number,
                last_day,
                limit,
            } => format!(
                "{}'s criminal-record extract {number} is too old: it may be at most {} old, \
                 and was fresh enough until {}; get a new one",
                case.people[*person].name,
                limit.words(),
                long(*last_day)
            ),
            Risk::IntegrationCourseDue { item, due } => {
                format!(
                    "Integration course due: “{}” by {}",
                    title(item),
                    long(*due)
                )
            }
        }
    }
}

impl Case {
    /// The household's permit (or, failing that, visa) expiry: the end of the stay as known.
    pub fn stay_ends(&self) -> Option<NaiveDate> {
        self.key_dates
            .get(KeyDate::PermitExpiry)
            .or_else(|| self.key_dates.get(KeyDate::VisaExpiry))
    }

    /// Person `person`'s stay end: their permit expiry, else their visa expiry (each their
    /// own date, else the household's).
    pub fn stay_ends_for(&self, person: usize) -> Option<NaiveDate> {
        let holder = super::Holder::Person(person);
        self.date_for(holder, KeyDate::PermitExpiry)
            .or_else(|| self.date_for(holder, KeyDate::VisaExpiry))
    }

    /// The earliest day a passport or the health insurance ends, among those that end
    /// before the stay does (`None` when none does): the two warnings that do not depend
    /// on the day. Stored with the case, so that the dashboard reads only the cases that
    /// have one, soonest first.
    pub fn papers_risk_on(&self) -> Option<NaiveDate> {
        let passports = self.people.iter().enumerate().filter_map(|(i, p)| {
            let expiry = p.passport.as_ref()?.expiry;
            (expiry < self.stay_ends_for(i)?).then_some(expiry)
        });
        let insurance = self
            .key_dates
            .get(KeyDate::InsuranceEnd)
            .filter(|end| self.stay_ends().is_some_and(|stay| *end < stay));
        let own_insurances = self.own_insurance_ends().map(|(_, end, _)| end);
        passports.chain(insurance).chain(own_insurances).min()
    }

    /// Each person whose own insurance end (from their wallet, or typed as their own date)
    /// is before their own stay ends: (person, insurance end, stay end).
    fn own_insurance_ends(&self) -> impl Iterator<Item = (usize, NaiveDate, NaiveDate)> + '_ {
        (0..self.people.len()).filter_map(|person| {
            let end = self.person_dates.get(person)?.get(KeyDate::InsuranceEnd)?;
            let stay = self.stay_ends_for(person)?;
            (end < stay).then_some((person, end, stay))
        })
    }

    /// Every risk warning for `today`; none for closed cases.
    pub fn risks(&self, today: NaiveDate, cal: &Calendar) -> Vec<Risk> {
        if matches!(self.status, CaseStatus::Closed { .. }) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (person, p) in self.people.iter().enumerate() {
            let Some(permit_expiry) = self.stay_ends_for(person) else {
                continue;
            };
            if let Some(passport) = p.passport.as_ref().filter(|pp| pp.expiry < permit_expiry) {
                out.push(Risk::PassportExpiresBeforePermit {
                    person,
                    passport_expiry: passport.expiry,
                    permit_expiry,
                });
            }
        }
        if let Some(permit_expiry) = self.stay_ends()
            && let Some(insurance_end) = self
                .key_dates
                .get(KeyDate::InsuranceEnd)
                .filter(|end| *end < permit_expiry)
        {
            out.push(Risk::InsuranceEndsEarly {
                person: None,
                insurance_end,
                permit_expiry,
            });
        }
        for (person, insurance_end, permit_expiry) in self.own_insurance_ends() {
            out.push(Risk::InsuranceEndsEarly {
                person: Some(person),
                insurance_end,
                permit_expiry,
            });
        }
        out.extend(self.item_risks(today, cal));
        out.extend(self.record_risks(today));
        out
    }

    /// The wallet's criminal-record extracts older than [`Case::record_age_limit`] on
    /// `today`.
    fn record_risks(&self, today: NaiveDate) -> Vec<Risk> {
        let limit = self.record_age_limit();
        self.documents
            .iter()
            .filter(|d| d.document.kind() == crate::document::DocumentKind::CriminalRecordExtract)
            .filter_map(|d| {
                let last_day = limit.last_day(d.document.issued_on());
                (last_day < today).then(|| Risk::CriminalRecordTooOld {
                    person: d.person,
                    number: d.document.number().to_string(),
                    last_day,
                    limit,
                })
            })
            .collect()
    }

    fn item_risks(&self, today: NaiveDate, cal: &Calendar) -> Vec<Risk> {
        let soon = |days: u64| today.checked_add_days(Days::new(days)).unwrap_or(today);
        let mut out = Vec::new();
        for (item, it) in self.items.iter().enumerate() {
            let (Some(watch), Some(due)) = (it.watch, it.due()) else {
                continue;
            };
            if !it.status.kind().is_open() {
                continue;
            }
            match watch {
                Watch::Extension if today <= due && due <= soon(EXTENSION_CLOSING_DAYS) => {
                    // Days the office is still open to file at (closures left out).
                    let working_days_left =
                        cal.office_days_between(today, due) + i64::from(cal.is_office_day(today));
                    out.push(Risk::ExtensionWindowClosing {
                        item,
                        closes: due,
                        working_days_left,
                    });
                }
                Watch::Extension if it.opens().is_some_and(|o| o <= today) && today <= due => {
                    out.push(Risk::ExtensionWindowOpen { item, closes: due });
                }
                Watch::Extension if it.opens().is_some_and(|o| o <= today) && due < today => {
                    out.push(Risk::ExtensionMissed { item, closed: due });
                }
                Watch::Registration if due < today => {
                    out.push(Risk::RegistrationMissed { item, due });
                }
                Watch::IntegrationCourse if due <= soon(INTEGRATION_COURSE_DAYS) => {
                    out.push(Risk::IntegrationCourseDue { item, due });
                }
                _ => {}
            }
        }
        out
    }
}
