//! What a demo case spec turns into: its people, its key dates, the opened case.

use anyhow::Context as _;
use chrono::NaiveDate;
use softland_domain::document::{Country, Document, DocumentNumber, DocumentParts};
use softland_domain::person::{Email, Nationality, Passport, PassportNumber, Person, PersonName};
use softland_domain::{Calendar, Case, Catalog, KeyDate, KeyDates, NewCase, RouteKey};

use super::spec::{Spec, Who};
use crate::seed::bench::rng::shift;

pub(super) fn person(who: &Who, today: NaiveDate) -> anyhow::Result<Person> {
    let (y, m, d) = who.born;
    let passport = match who.passport {
        Some((number, expires_in)) => Some(Passport {
            number: PassportNumber::parse(number).context("demo passport")?,
            expiry: shift(today, expires_in),
        }),
        None => None,
    };
    Ok(Person {
        name: PersonName::parse(who.name).context("demo name")?,
        relation: who.relation,
        date_of_birth: NaiveDate::from_ymd_opt(y, m, d).context("demo date of birth")?,
        nationality: Nationality::parse(who.nationality).context("demo nationality")?,
        email: who
            .email
            .map(Email::parse)
            .transpose()
            .context("demo e-mail")?,
        passport,
    })
}

/// The route's usual dates counted from the arrival, then the spec's own.
pub(super) fn key_dates(spec: &Spec, today: NaiveDate) -> KeyDates {
    let arrival = shift(today, spec.arrival);
    let mut dates = KeyDates::new();
    dates.set(KeyDate::Arrival, Some(arrival));
    let year_later = shift(arrival, 364);
    for route in spec.routes {
        match *route {
            "employee-card" | "eu-blue-card" | "ict-card" => {
                let start = shift(arrival, 7);
                dates.set(KeyDate::EmploymentStart, Some(start));
                dates.set(KeyDate::PermitExpiry, Some(shift(start, 2 * 365)));
            }
            "study" => {
                dates.set(KeyDate::VisaExpiry, Some(year_later));
                dates.set(KeyDate::InsuranceEnd, Some(year_later));
            }
            "eu-worker" => {
                dates.set(KeyDate::EmploymentStart, Some(shift(arrival, 7)));
            }
            "eu-self-employed" => {
                dates.set(KeyDate::TradeLicenceIssued, Some(shift(arrival, 14)));
                dates.set(KeyDate::BusinessStart, Some(shift(arrival, 21)));
            }
            "job-seeker" => {
                dates.set(KeyDate::StudyCompleted, Some(shift(today, -20)));
                dates.set(KeyDate::PermitExpiry, Some(shift(today, 45)));
            }
            "permanent-residence" => {
                dates.set(KeyDate::PermitExpiry, Some(shift(today, 80)));
            }
            "business" => {
                dates.set(KeyDate::TradeLicenceIssued, Some(shift(arrival, 14)));
                dates.set(KeyDate::BusinessStart, Some(shift(arrival, 21)));
                dates.set(KeyDate::VisaExpiry, Some(year_later));
                let permit = (year_later < shift(today, 60)).then(|| shift(year_later, 2 * 365));
                dates.set(KeyDate::PermitExpiry, permit);
                dates.set(KeyDate::InsuranceEnd, Some(permit.unwrap_or(year_later)));
            }
            "family-reunification" if dates.get(KeyDate::PermitExpiry).is_none() => {
                dates.set(KeyDate::PermitExpiry, Some(shift(arrival, 2 * 365)));
            }
            _ => {}
        }
    }
    for (kind, days) in spec.dates {
        dates.set(*kind, Some(shift(today, *days)));
    }
    dates
}

/// The principal's first name as a consultant would use it (East Asian names put the
/// family name first).
pub(super) fn first_name(person: &Person) -> &str {
    let mut words = person.name.as_str().split_whitespace();
    let family_first =
        ["Vietnamese", "Chinese", "South Korean"].contains(&person.nationality.as_str());
    let first = if family_first {
        words.next_back()
    } else {
        words.next()
    };
    first.unwrap_or_default()
}

/// Opens the case of `spec` on its opening day (at the latest today).
pub(super) fn open(
    spec: &Spec,
    today: NaiveDate,
    catalog: &Catalog,
    cal: &Calendar,
) -> anyhow::Result<Case> {
    let people = spec
        .people
        .iter()
        .map(|w| person(w, today))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut people = people.into_iter();
    let routes = spec
        .routes
        .iter()
        .map(|r| RouteKey::parse(r))
        .collect::<Result<Vec<_>, _>>()?;
    let new = NewCase {
        principal: people.next().context("a demo case has a principal")?,
        dependants: people.collect(),
        routes,
        key_dates: key_dates(spec, today),
        opened_on: shift(today, spec.arrival + spec.opened).min(today),
    };
    let mut case = Case::open(new, catalog, cal).context("opening a demo case")?;
    for &(person, kind, days) in spec.person_dates {
        case.set_date(
            softland_domain::case::Holder::Person(person),
            kind,
            Some(shift(today, days)),
            cal,
        );
    }
    for &(person, kind, number, country, issued, until) in spec.documents {
        let document = Document::new(DocumentParts {
            kind,
            number: DocumentNumber::parse(number).context("demo document number")?,
            country: Country::parse(country).context("demo country")?,
            issued_on: shift(today, issued),
            valid_until: until.map(|days| shift(today, days)),
        })
        .context("demo document")?;
        case.save_document(person, None, document, cal)
            .context("demo wallet")?;
    }
    Ok(case)
}
