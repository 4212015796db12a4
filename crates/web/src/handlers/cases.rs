//! Cases as a collection: the list, its CSV export, and opening a new case.

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use softland_domain::Case;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::auth::session;
use crate::commands::FieldErrors;
use crate::commands::case_list::{Beyond, ExportCases, ListCases, ListQuery, PAGE_SIZE};
use crate::commands::open_case::{NewCaseContext, NewCaseInput, OpenCase};
use crate::commands::site::enquiries::{LinkEnquiryCase, ShowEnquiry};
use crate::commands::{Actor, CommandError};
use crate::db::{cases, templates, users};
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::{CaseId, EnquiryId};
use crate::views::cases::csv::cases_csv;
use crate::views::cases::new::NewCaseInputs;
use crate::views::cases::{CaseListPage, ListInputs, NewCasePage};
use crate::views::{nav::Nav, render};

/// `GET /cases`: the filtered, sorted, paged case list.
pub async fn list(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let (db, today, me) = (&state.db, state.config.today(), current.user.id);
    let filter = query.filter(me);
    let list = ListCases {
        filter: filter.clone(),
        page: query.page(),
        per_page: PAGE_SIZE,
        beyond: Beyond::LastPage,
    };
    let shown = list.run(&state, &actor(&current)).await?;
    render(&CaseListPage::new(ListInputs {
        nav: super::messages::nav_with_messages(&state, &current, "cases").await?,
        me,
        filter,
        rows: shown.rows,
        total: shown.total,
        page: (shown.page, shown.pages, PAGE_SIZE),
        staff: users::list_staff(db).await?,
        templates: templates::route_names(db).await?,
        today,
        cal: cases::calendar_for_display(db).await?,
        team_total: shown.team_total,
    }))
}

/// `GET /cases.csv`: every case the same filters select, as CSV.
pub async fn export(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(query): Query<ListQuery>,
    access: crate::access::Access,
) -> Result<Response, AppError> {
    let today = state.config.today();
    let export = ExportCases {
        filter: query.filter(current.user.id),
    };
    let rows = export.run(&state, &actor(&current)).await?;
    let who = crate::access::Viewer::of(&current.user);
    let what = crate::access::Viewed::default();
    access
        .record(who, crate::access::AccessKind::Export, what)
        .await;
    let route_names = templates::route_names(&state.db)
        .await?
        .iter()
        .cloned()
        .collect();
    let body = cases_csv(&rows, &route_names).map_err(|e| AppError::Internal(e.into()))?;
    let disposition = format!("attachment; filename=\"cases-{today}.csv\"");
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, body).into_response())
}

/// `GET /cases/new`: an empty form, for me as the consultant.
pub async fn new_form(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(from): Query<FromEnquiry>,
) -> Result<Response, AppError> {
    let ctx = NewCaseContext::load(&state).await?;
    let nav = nav(&state, &current, "new-case").await?;
    let mut form = NewCaseInput::blank(current.user.id);
    if let Some(id) = from.enquiry {
        let view = ShowEnquiry { id: EnquiryId(id) };
        let found = view.run(&state, &actor(&current)).await?.enquiry;
        form.principal_name = found.name;
        form.principal_email = found.email;
        form.arrival = found.arrival_on.map(|d| d.to_string()).unwrap_or_default();
        form.enquiry = found.id.to_string();
    }
    page(&ctx, nav, &form, Show::Form)
}

/// `?enquiry=12`: the new-case form prefilled from an enquiry (issue 22).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct FromEnquiry {
    enquiry: Option<i64>,
}

/// What the new-case form was submitted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormAction {
    /// Show the checklist the case would get (also Enter in a field).
    Preview,
    /// Store the case.
    Create,
    /// Show one more dependant row.
    AddDependant,
}

/// The button pressed; anything else previews.
fn form_action(form: &NewCaseInput) -> FormAction {
    match form.action.as_str() {
        "create" => FormAction::Create,
        "add_dependant" => FormAction::AddDependant,
        _ => FormAction::Preview,
    }
}

/// `POST /cases`: adds a dependant row, previews the checklist, or stores the case and
/// goes to it. A creation token seen before leads to the case it created.
pub async fn create(
    State(state): State<AppState>,
    Staff(current): Staff,
    CsrfForm { mut form, .. }: CsrfForm<NewCaseInput>,
) -> Result<Response, AppError> {
    form.ensure_token();
    let ctx = NewCaseContext::load(&state).await?;
    let nav = nav(&state, &current, "new-case").await?;
    let action = form_action(&form);
    if action == FormAction::AddDependant {
        return page(&ctx, nav, &form, Show::AnotherDependant);
    }
    let (case, consultant) = match ctx.open(&form) {
        Err(errors) => return page(&ctx, nav, &form, Show::Errors(&errors)),
        Ok((case, _)) if action == FormAction::Preview => {
            return page(&ctx, nav, &form, Show::Preview(&case));
        }
        Ok(opened) => opened,
    };
    let open = OpenCase {
        case,
        consultant,
        creation_token: Some(form.creation_token.clone()),
        lawful_basis: form.basis(),
    };
    match open.run(&state, &Actor::of(&current.user)).await {
        Ok(id) => {
            if let Ok(enquiry) = form.enquiry.trim().parse::<i64>() {
                link_enquiry(&state, &current, EnquiryId(enquiry), id).await;
            }
            Ok(Redirect::to(&format!("/cases/{id}")).into_response())
        }
        Err(CommandError::InvalidFields(errors)) => page(&ctx, nav, &form, Show::Errors(&errors)),
        Err(other) => Err(other.into()),
    }
}

/// Links the enquiry the new case was opened for. The case exists already, so a failure
/// (the enquiry gone, or changed meanwhile) is no error page — the user would retry and open
/// it twice —: it is logged and said on the case's page, and the user can note it on the enquiry.
async fn link_enquiry(state: &AppState, current: &CurrentUser, enquiry: EnquiryId, case: CaseId) {
    let link = LinkEnquiryCase { id: enquiry, case };
    let Err(error) = link.run(state, &Actor::of(&current.user)).await else {
        return;
    };
    tracing::warn!(%case, %enquiry, %error, "a new case could not be linked to its enquiry");
    let message = format!(
        "The case is opened, but enquiry {enquiry} could not be linked to it: it was removed \
         or changed meanwhile. Note the case on the enquiry by hand if it still needs it."
    );
    if let Err(error) = session::set_flash(&current.session, message).await {
        tracing::warn!(%case, ?error, "the flash about the enquiry could not be kept");
    }
}

/// The navigation bar for `current` in `section`.
async fn nav(
    state: &AppState,
    current: &CurrentUser,
    section: &'static str,
) -> Result<Nav, AppError> {
    crate::handlers::messages::nav_with_messages(state, current, section).await
}

/// What the new-case form shows besides the values entered.
#[derive(Clone, Copy)]
enum Show<'a> {
    /// Just the form.
    Form,
    /// The form with one more dependant row.
    AnotherDependant,
    /// The form with its errors.
    Errors(&'a FieldErrors),
    /// The form with the checklist the case would get.
    Preview(&'a Case),
}

/// The form page; 422 when it shows errors.
fn page(
    ctx: &NewCaseContext,
    nav: Nav,
    form: &NewCaseInput,
    show: Show<'_>,
) -> Result<Response, AppError> {
    let none = FieldErrors::new();
    let (extra_rows, errors, preview) = match show {
        Show::Form => (0, &none, None),
        Show::AnotherDependant => (1, &none, None),
        Show::Errors(errors) => (0, errors, None),
        Show::Preview(case) => (0, &none, Some(case)),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let inputs = NewCaseInputs {
        nav,
        form,
        extra_rows,
        errors,
        catalog: &ctx.catalog,
        staff: &ctx.staff,
        preview,
    };
    Ok((status, render(&NewCasePage::new(inputs))?).into_response())
}
