//! `templates/cases/new.html`: the new-case form with its values, each error beside its field
//! and in a summary at the top, and the checklist preview.

mod summary;

use askama::Template;
use softland_domain::{Case, Catalog};

use super::Choice;
use super::preview::{PreviewHolder, preview};
use crate::commands::FieldErrors;
use crate::commands::open_case::{
    DEPENDANT_RELATIONS, MAX_DEPENDANT_ROWS, NewCaseInput, OPENING_KEY_DATES, PersonFields,
};
use crate::db::users::StaffMember;
use crate::views::nav::Nav;
pub use summary::ErrorLink;

/// One input or select, rendered by `templates/cases/field.html`.
pub struct Field {
    /// Element id, also the key of its error: `dependants.1.name`.
    pub id: String,
    /// Form name: `dependants.name` (repeated per row).
    pub name: String,
    /// Label text.
    pub label: String,
    /// `text`, `email`, `date` or `select`.
    pub kind: &'static str,
    /// Value entered.
    pub value: String,
    /// Options, for selects.
    pub options: Vec<Choice>,
    /// Whether "(optional)" is shown.
    pub optional: bool,
    /// The error, if any.
    pub error: Option<String>,
}

impl Field {
    /// The `aria-describedby` value: the error's id, or empty.
    pub fn described_by(&self) -> String {
        self.error
            .as_ref()
            .map(|_| format!("{}-error", self.id))
            .unwrap_or_default()
    }
}

/// A dependant's fieldset.
pub struct DependantRow {
    /// "Dependant 2".
    pub legend: String,
    /// Its fields.
    pub fields: Vec<Field>,
}

/// A route checkbox.
pub struct RouteChoice {
    /// Route key (the value sent).
    pub key: String,
    /// Display name.
    pub name: String,
    /// Who the route is for.
    pub summary: String,
    /// Whether it is ticked.
    pub checked: bool,
}

/// The new-case page.
#[derive(Template)]
#[template(path = "cases/new.html")]
pub struct NewCasePage {
    /// Navigation (its CSRF token is the form's too).
    pub nav: Nav,
    /// The form's creation token.
    pub creation_token: String,
    /// The enquiry the case is opened for, if any.
    pub enquiry: String,
    /// Every error, in form order.
    pub errors: Vec<ErrorLink>,
    /// The principal's fields.
    pub principal: Vec<Field>,
    /// Dependant rows.
    pub dependants: Vec<DependantRow>,
    /// Whether another row can be added.
    pub can_add_dependant: bool,
    /// Route checkboxes.
    pub routes: Vec<RouteChoice>,
    /// The routes' error.
    pub routes_error: Option<String>,
    /// Key date fields.
    pub key_dates: Vec<Field>,
    /// The consultant select.
    pub consultant: Field,
    /// The lawful basis select (issue 23).
    pub lawful_basis: Field,
    /// The checklist preview, after "Preview checklist".
    pub preview: Option<Vec<PreviewHolder>>,
    /// Number of items in the preview.
    pub item_count: usize,
}

/// What the page is built from.
pub struct NewCaseInputs<'a> {
    /// Navigation.
    pub nav: Nav,
    /// The values entered.
    pub form: &'a NewCaseInput,
    /// Dependant rows to add to those posted.
    pub extra_rows: usize,
    /// Problems found.
    pub errors: &'a FieldErrors,
    /// The routes offered.
    pub catalog: &'a Catalog,
    /// The consultants offered.
    pub staff: &'a [StaffMember],
    /// The case the form would open, to preview.
    pub preview: Option<&'a Case>,
}

/// (field, label, kind, optional) of a person's fields, in form order.
const PERSON_FIELDS: [(&str, &str, &str, bool); 7] = [
    ("name", "Full name (as in the passport)", "text", false),
    ("relation", "Relation to the principal", "select", false),
    ("email", "E-mail", "email", true),
    ("date_of_birth", "Date of birth", "date", false),
    ("nationality", "Nationality", "text", false),
    ("passport_number", "Passport number", "text", true),
    ("passport_expiry", "Passport valid until", "date", true),
];

impl NewCasePage {
    /// The page for `inputs`.
    pub fn new(inputs: NewCaseInputs<'_>) -> Self {
        let NewCaseInputs {
            nav,
            form,
            extra_rows,
            errors,
            catalog,
            staff,
            preview: case,
        } = inputs;
        let principal = person_fields(&form.principal(), "principal", errors);
        let dependants = dependant_rows(form, extra_rows, errors);
        let key_dates = key_date_fields(form, errors);
        let consultant = consultant_field(form, staff, errors);
        let sections = summary::Sections {
            principal: &principal,
            dependants: &dependants,
            key_dates: &key_dates,
            consultant: &consultant,
        };
        Self {
            nav,
            creation_token: form.creation_token.clone(),
            enquiry: form.enquiry.clone(),
            errors: summary::error_links(errors, &sections),
            principal,
            can_add_dependant: dependants.len() < MAX_DEPENDANT_ROWS,
            dependants,
            routes: route_choices(form, catalog),
            routes_error: errors.get("routes").map(str::to_owned),
            key_dates,
            consultant,
            lawful_basis: basis_field(form, errors),
            preview: case.map(preview),
            item_count: case.map_or(0, |c| c.items().len()),
        }
    }
}

fn field(id: String, name: String, label: &str, kind: &'static str, errors: &FieldErrors) -> Field {
    let error = errors.get(&id).map(str::to_owned);
    Field {
        id,
        name,
        label: label.to_owned(),
        kind,
        value: String::new(),
        options: Vec::new(),
        optional: false,
        error,
    }
}

/// The fields of one person; the principal has an e-mail, dependants a relation.
fn person_fields(values: &PersonFields, prefix: &str, errors: &FieldErrors) -> Vec<Field> {
    let principal = prefix == "principal";
    let skipped = if principal { "relation" } else { "email" };
    let relations = || {
        let choices = DEPENDANT_RELATIONS
            .iter()
            .map(|r| Choice::new(r.as_str(), r.label()));
        std::iter::once(Choice::new("", "Choose…"))
            .chain(choices)
            .collect()
    };
    PERSON_FIELDS
        .iter()
        .filter(|(name, ..)| *name != skipped)
        .map(|&(name, label, kind, optional)| {
            let id = format!("{prefix}.{name}");
            let form_name = if principal {
                id.clone()
            } else {
                format!("dependants.{name}")
            };
            let mut f = field(id, form_name, label, kind, errors);
            values.value(name).clone_into(&mut f.value);
            f.optional = optional;
            if kind == "select" {
                f.options = relations();
            }
            f
        })
        .collect()
}

fn dependant_rows(
    form: &NewCaseInput,
    extra_rows: usize,
    errors: &FieldErrors,
) -> Vec<DependantRow> {
    let rows = form.dependant_rows(extra_rows);
    rows.iter()
        .enumerate()
        .map(|(n, row)| DependantRow {
            legend: format!("Dependant {}", n + 1),
            fields: person_fields(row, &format!("dependants.{n}"), errors),
        })
        .collect()
}

fn key_date_fields(form: &NewCaseInput, errors: &FieldErrors) -> Vec<Field> {
    OPENING_KEY_DATES
        .iter()
        .map(|k| {
            let id = format!("key_dates.{k}");
            let mut f = field(id.clone(), id, k.label(), "date", errors);
            form.key_date(*k).clone_into(&mut f.value);
            f.optional = true;
            f
        })
        .collect()
}

fn consultant_field(form: &NewCaseInput, staff: &[StaffMember], errors: &FieldErrors) -> Field {
    let id = "consultant".to_owned();
    let mut f = field(id.clone(), id, "Consultant in charge", "select", errors);
    f.value.clone_from(&form.consultant);
    f.options = staff
        .iter()
        .map(|u| Choice::new(u.id.to_string(), &u.display_name))
        .collect();
    f
}

fn basis_field(form: &NewCaseInput, errors: &FieldErrors) -> Field {
    use softland_domain::privacy::LawfulBasis;
    let id = "lawful_basis".to_owned();
    let mut f = field(
        id.clone(),
        id,
        "Lawful basis of the processing",
        "select",
        errors,
    );
    form.basis().as_str().clone_into(&mut f.value);
    f.options = LawfulBasis::ALL
        .into_iter()
        .map(|b| Choice::new(b.as_str().to_owned(), b.label()))
        .collect();
    f
}

fn route_choices(form: &NewCaseInput, catalog: &Catalog) -> Vec<RouteChoice> {
    catalog
        .templates
        .iter()
        .map(|t| RouteChoice {
            key: t.route.to_string(),
            name: t.name.clone(),
            summary: t.summary.clone(),
            checked: form.has_route(t.route.as_str()),
        })
        .collect()
}
