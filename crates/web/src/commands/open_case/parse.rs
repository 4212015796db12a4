//! Parsing `NewCaseInput` into a `NewCase`: every field is checked, every problem recorded
//! beside its field, then the domain's date rules run on whatever dates could be read.

use chrono::NaiveDate;
use softland_domain::case::{DateField, OpenError, PersonDate, PersonDates, check_dates};
use softland_domain::person::{
    Email, Nationality, Passport, PassportNumber, Person, PersonName, Relation,
};
use softland_domain::{Catalog, KeyDates, NewCase, RouteKey};

use super::{
    DEPENDANT_RELATIONS, FormContext, NewCaseInput, OPENING_KEY_DATES, ParsedCase, PersonFields,
};
use crate::commands::FieldErrors;
use crate::db::users::StaffMember;
use crate::ids::UserId;

impl NewCaseInput {
    /// Parses the whole form; on failure, every field's problem.
    pub fn parse(&self, ctx: &FormContext<'_>) -> Result<ParsedCase, FieldErrors> {
        let mut p = Parsing::default();
        let principal = p.person(&self.principal(), "principal");
        let dependants = p.dependants(&self.dependant_rows(0));
        let routes = routes(&self.routes, ctx.catalog, &mut p.errors);
        let key_dates = self.key_dates(&mut p.errors);
        let consultant = consultant(&self.consultant, ctx.staff, &mut p.errors);
        let basis = self.lawful_basis.trim();
        if !basis.is_empty() && softland_domain::privacy::LawfulBasis::parse(basis).is_none() {
            p.errors
                .add("lawful_basis", "choose a lawful basis from the list");
        }
        for issue in check_dates(&p.dates, &key_dates, ctx.today) {
            p.errors.add(field_key(issue.field()), issue.to_string());
        }
        match (principal, dependants, consultant) {
            (Some(principal), Some(dependants), Some(consultant)) if p.errors.is_empty() => {
                let opened_on = ctx.today;
                let new_case = NewCase {
                    principal,
                    dependants,
                    routes,
                    key_dates,
                    opened_on,
                };
                Ok(ParsedCase {
                    new_case,
                    consultant,
                })
            }
            _ => Err(p.errors),
        }
    }

    fn key_dates(&self, errors: &mut FieldErrors) -> KeyDates {
        let mut out = KeyDates::new();
        for kind in OPENING_KEY_DATES {
            match date(self.key_date(kind)) {
                Ok(d) => {
                    out.set(kind, d);
                }
                Err(e) => errors.add(format!("key_dates.{kind}"), e),
            }
        }
        out
    }
}

/// The problems found so far, and the dates of every person row that could be read (the
/// principal first, then each dependant row, blank ones included, so that an index is a row).
#[derive(Default)]
struct Parsing {
    errors: FieldErrors,
    dates: Vec<PersonDates>,
}

impl Parsing {
    /// Records `result`'s error under `field`; the value when it parsed.
    fn check<T>(&mut self, field: String, result: Result<T, String>) -> Option<T> {
        result.map_err(|e| self.errors.add(field, e)).ok()
    }

    /// The dependants of the rows that are not blank; `None` when any row has a problem.
    fn dependants(&mut self, rows: &[PersonFields]) -> Option<Vec<Person>> {
        let mut out = Some(Vec::new());
        for (row, fields) in rows.iter().enumerate() {
            if fields.is_blank() {
                self.dates.push(PersonDates::default());
                continue;
            }
            let person = self.person(fields, &format!("dependants.{row}"));
            out = out.zip(person).map(|(mut all, p)| {
                all.push(p);
                all
            });
        }
        out
    }

    fn person(&mut self, fields: &PersonFields, prefix: &str) -> Option<Person> {
        let key = |field: &str| format!("{prefix}.{field}");
        let name = self.check(
            key("name"),
            PersonName::parse(&fields.name).map_err(|e| e.0),
        );
        let relation = self.check(key("relation"), relation(&fields.relation, prefix));
        let born = date(&fields.date_of_birth)
            .and_then(|d| d.ok_or_else(|| "please enter the date of birth".to_owned()));
        let date_of_birth = self.check(key("date_of_birth"), born);
        let nationality = Nationality::parse(&fields.nationality).map_err(|e| e.0);
        let nationality = self.check(key("nationality"), nationality);
        let email = self.check(key("email"), email(&fields.email));
        let (passport, passport_expiry) = self.passport(fields, prefix);
        self.dates.push(PersonDates {
            date_of_birth,
            passport_expiry,
        });
        Some(Person {
            name: name?,
            relation: relation?,
            date_of_birth: date_of_birth?,
            nationality: nationality?,
            email: email?,
            passport: passport?,
        })
    }

    /// The passport (both fields or neither), and its expiry when readable.
    #[expect(
        clippy::option_option,
        reason = "like every parsed field: None when it has a problem; Some(None) is no passport"
    )]
    fn passport(
        &mut self,
        fields: &PersonFields,
        prefix: &str,
    ) -> (Option<Option<Passport>>, Option<NaiveDate>) {
        let number_text = fields.passport_number.trim();
        let expiry_text = fields.passport_expiry.trim();
        if number_text.is_empty() && expiry_text.is_empty() {
            return (Some(None), None);
        }
        let number = if number_text.is_empty() {
            Err("please enter the passport number".to_owned())
        } else {
            PassportNumber::parse(number_text).map_err(|e| e.0)
        };
        let number = self.check(format!("{prefix}.passport_number"), number);
        let expiry = date(expiry_text)
            .and_then(|d| d.ok_or_else(|| "please enter the passport expiry date".to_owned()));
        let expiry = self.check(format!("{prefix}.passport_expiry"), expiry);
        let passport = number
            .zip(expiry)
            .map(|(number, expiry)| Some(Passport { number, expiry }));
        (passport, expiry)
    }
}

/// The form field a date issue belongs to.
fn field_key(field: DateField) -> String {
    let name = |d: PersonDate| match d {
        PersonDate::DateOfBirth => "date_of_birth",
        PersonDate::PassportExpiry => "passport_expiry",
    };
    match field {
        DateField::Person(0, d) => format!("principal.{}", name(d)),
        DateField::Person(n, d) => format!("dependants.{}.{}", n - 1, name(d)),
        DateField::KeyDate(kind) => format!("key_dates.{kind}"),
    }
}

/// A date from `<input type=date>` (YYYY-MM-DD); `None` when empty. The one reading of
/// typed dates (`softland_domain::date_input`).
fn date(raw: &str) -> Result<Option<NaiveDate>, String> {
    softland_domain::date_input::parse_optional(raw).map_err(|e| e.to_string())
}

/// The principal is the principal; a dependant's relation is chosen from the list.
fn relation(raw: &str, prefix: &str) -> Result<Relation, String> {
    if prefix == "principal" {
        return Ok(Relation::Principal);
    }
    Relation::parse(raw.trim())
        .filter(|r| DEPENDANT_RELATIONS.contains(r))
        .ok_or_else(|| "choose how this person is related".to_owned())
}

/// An optional e-mail.
fn email(raw: &str) -> Result<Option<Email>, String> {
    match raw.trim() {
        "" => Ok(None),
        text => Email::parse(text).map(Some).map_err(|e| e.0),
    }
}

fn routes(raw: &[String], catalog: &Catalog, errors: &mut FieldErrors) -> Vec<RouteKey> {
    let mut routes: Vec<RouteKey> = Vec::new();
    for text in raw.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        match RouteKey::parse(text)
            .ok()
            .filter(|k| catalog.template(k).is_some())
        {
            Some(key) if !routes.contains(&key) => routes.push(key),
            Some(_) => {}
            None => {
                let shown: String = text.chars().take(64).collect();
                errors.add("routes", OpenError::UnknownRoute(shown).to_string());
            }
        }
    }
    if routes.is_empty() {
        errors.add("routes", OpenError::NoRoute.to_string());
    }
    routes
}

fn consultant(raw: &str, staff: &[StaffMember], errors: &mut FieldErrors) -> Option<UserId> {
    let id = raw.trim().parse::<UserId>().ok();
    let found = id.filter(|id| staff.iter().any(|u| u.id == *id));
    if found.is_none() {
        errors.add("consultant", "choose a consultant from the list");
    }
    found
}
