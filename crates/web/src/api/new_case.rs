//! Opening a case from the API: the JSON body becomes the same `NewCaseInput` the new-case
//! form posts, parsed and opened by the same command (`commands::open_case`), so a case opened
//! here gets exactly the checklist the web form would give it.

use std::fmt::Write as _;

use softland_domain::KeyDate;

use super::error::{ApiError, FieldProblem};
use super::model::input::{DependantIn, NewCaseIn, PrincipalIn};
use crate::app::AppState;
use crate::commands::open_case::{
    MAX_DEPENDANT_ROWS, NewCaseContext, NewCaseInput, OPENING_KEY_DATES, OpenCase,
};
use crate::commands::{Actor, CommandError, FieldErrors};
use crate::ids::{CaseId, UserId};

/// The form's field name as a JSON path: `dependants.1.name` → `dependants[1].name`.
fn json_path(field: &str) -> String {
    let mut out = String::with_capacity(field.len() + 2);
    for part in field.split('.') {
        if !out.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            let _ = write!(out, "[{part}]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

fn problems(errors: &FieldErrors) -> ApiError {
    let list = errors
        .iter()
        .map(|(field, message)| FieldProblem {
            field: json_path(field),
            message: message.to_owned(),
        })
        .collect();
    ApiError::invalid_fields(list)
}

fn set_key_date(form: &mut NewCaseInput, kind: KeyDate, value: String) {
    let slot = match kind {
        KeyDate::Arrival => &mut form.arrival,
        KeyDate::EmploymentStart => &mut form.employment_start,
        KeyDate::BusinessStart => &mut form.business_start,
        KeyDate::StudyStart => &mut form.study_start,
        KeyDate::PermitExpiry => &mut form.permit_expiry,
        KeyDate::VisaExpiry => &mut form.visa_expiry,
        KeyDate::InsuranceEnd => &mut form.insurance_end,
        _ => return,
    };
    *slot = value;
}

fn principal_fields(form: &mut NewCaseInput, p: PrincipalIn) {
    form.principal_name = p.name;
    form.principal_email = p.email.unwrap_or_default();
    form.principal_date_of_birth = p.date_of_birth;
    form.principal_nationality = p.nationality;
    form.principal_passport_number = p.passport_number.unwrap_or_default();
    form.principal_passport_expiry = p.passport_expiry.unwrap_or_default();
}

fn dependant_fields(form: &mut NewCaseInput, d: DependantIn) {
    form.dependant_name.push(d.name);
    form.dependant_relation.push(d.relation);
    form.dependant_date_of_birth.push(d.date_of_birth);
    form.dependant_nationality.push(d.nationality);
    form.dependant_passport_number
        .push(d.passport_number.unwrap_or_default());
    form.dependant_passport_expiry
        .push(d.passport_expiry.unwrap_or_default());
}

/// The new-case form the body amounts to; fields the form cannot hold are refused here.
fn to_form(body: NewCaseIn, caller: UserId) -> Result<NewCaseInput, ApiError> {
    if body.dependants.len() > MAX_DEPENDANT_ROWS {
        return Err(ApiError::invalid(
            "dependants",
            format!("at most {MAX_DEPENDANT_ROWS} dependants"),
        ));
    }
    let mut form = NewCaseInput::blank(body.consultant.map_or(caller, UserId));
    if let Some(token) = body.creation_token {
        form.creation_token.clone_from(&token);
        form.ensure_token();
        if form.creation_token != token {
            return Err(ApiError::invalid(
                "creation_token",
                "a creation token is 32 lowercase hex digits",
            ));
        }
    }
    principal_fields(&mut form, body.principal);
    body.dependants
        .into_iter()
        .for_each(|d| dependant_fields(&mut form, d));
    form.routes = body.routes;
    form.lawful_basis = body.lawful_basis.unwrap_or_default();
    for (name, value) in body.key_dates.0 {
        let Some(kind) = OPENING_KEY_DATES.into_iter().find(|k| k.as_str() == name) else {
            let message =
                "not a key date known when a case is opened; set it later with PATCH …/key-dates";
            return Err(ApiError::invalid(format!("key_dates.{name}"), message));
        };
        set_key_date(&mut form, kind, value);
    }
    Ok(form)
}

/// Parses `body` as the new-case form does and opens the case (`commands::open_case`):
/// the case's id.
pub async fn open(state: &AppState, body: NewCaseIn, caller: &Actor) -> Result<CaseId, ApiError> {
    let form = to_form(body, caller.id)?;
    let ctx = NewCaseContext::load(state).await?;
    let (case, consultant) = ctx.open(&form).map_err(|errors| problems(&errors))?;
    let open = OpenCase {
        case,
        consultant,
        lawful_basis: form.basis(),
        creation_token: Some(form.creation_token),
    };
    open.run(state, caller).await.map_err(|e| match e {
        CommandError::InvalidFields(errors) => problems(&errors),
        other => other.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::json_path;

    #[test]
    fn form_field_names_become_json_paths() {
        assert_eq!(json_path("dependants.1.name"), "dependants[1].name");
        assert_eq!(
            json_path("principal.date_of_birth"),
            "principal.date_of_birth"
        );
        assert_eq!(json_path("routes"), "routes");
    }
}
