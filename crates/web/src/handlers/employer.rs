//! A partner employer's own area (issue 21): `GET /employer` (consented employees and the
//! organisation's requests), `GET /employer/employees/{id}` (one employee's progress; the
//! view is written to the case's history), the pre-arrival request form, and the account
//! page (password, API tokens). Only an employer user's session gets in (`EmployerUser`);
//! an employee the user may not see is 404.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{actor, field_errors, sentence};
use crate::access::{Access, AccessKind, Viewed, Viewer};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, EmployerUser};
use crate::auth::session;
use crate::client::Client;
use crate::commands::accounts::{CreateToken, RevokeToken};
use crate::commands::partners::employers::{
    EmployeeQuery, EmployeesQuery, HireInput, OwnHireRequestsQuery, RequestHire,
    WithdrawHireRequest,
};
use crate::commands::{CommandError, FieldErrors};
use crate::db::api_tokens::TokenId;
use crate::db::partners::HireStatus;
use crate::error::AppError;
use crate::handlers::account::password::{PasswordForm, change_own};
use crate::handlers::login::Empty;
use crate::ids::{EmploymentId, HireRequestId};
use crate::views::employer::{
    EmployeePage, EmployerAccountPage, EmployerChrome, EmployerHomePage, HireRequestPage,
    ProgressView, RequestRow,
};
use crate::views::render;

async fn chrome(state: &AppState, current: &CurrentUser) -> Result<EmployerChrome, AppError> {
    Ok(EmployerChrome {
        name: current.user.display_name.clone(),
        csrf: session::csrf_token(&current.session).await?,
        centre: crate::commands::site::site_settings(state).await?.centre(),
    })
}

/// `GET /employer`.
pub async fn home(
    State(state): State<AppState>,
    EmployerUser(current): EmployerUser,
    access: Access,
) -> Result<Html<String>, AppError> {
    let who = actor(&current);
    let employees = EmployeesQuery.run(&state, &who).await?;
    let seen: Vec<_> = employees.iter().map(|e| e.case).collect();
    let viewer = Viewer::of(&current.user);
    access
        .record_each(viewer, AccessKind::EmployerView, &seen)
        .await;
    let requests = OwnHireRequestsQuery.run(&state, &who).await?;
    let routes = crate::db::templates::route_names(&state.db).await?;
    let requests = requests
        .iter()
        .map(|r| {
            let consented = r.status == HireStatus::Accepted
                && r.case.is_some_and(|c| employees_of_case(&employees, c));
            RequestRow::new(r, consented, &routes)
        })
        .collect();
    let page = EmployerHomePage {
        chrome: chrome(&state, &current).await?,
        flash: session::take_flash(&current.session).await?,
        employees: employees.iter().map(ProgressView::new).collect(),
        requests,
    };
    render(&page)
}

fn employees_of_case(
    employees: &[crate::commands::partners::employers::EmployeeSummary],
    case: crate::ids::CaseId,
) -> bool {
    employees.iter().any(|e| e.case == case)
}

/// `GET /employer/employees/{id}`: 404 unless the employee shares their progress with the
/// user's organisation now.
pub async fn employee(
    State(state): State<AppState>,
    EmployerUser(current): EmployerUser,
    Path(id): Path<EmploymentId>,
    access: Access,
) -> Result<Html<String>, AppError> {
    let summary = EmployeeQuery { id }.run(&state, &actor(&current)).await?;
    let viewer = Viewer::of(&current.user);
    access
        .record(viewer, AccessKind::EmployerView, Viewed::case(summary.case))
        .await;
    let page = EmployeePage {
        chrome: chrome(&state, &current).await?,
        employee: ProgressView::new(&summary),
    };
    render(&page)
}

async fn request_page(
    state: &AppState,
    current: &CurrentUser,
    values: HireInput,
    errors: FieldErrors,
) -> Result<HireRequestPage, AppError> {
    Ok(HireRequestPage {
        chrome: chrome(state, current).await?,
        values,
        errors,
        routes: crate::db::templates::route_names(&state.db).await?.to_vec(),
    })
}

/// `GET /employer/requests/new`.
pub async fn new_request(
    State(state): State<AppState>,
    EmployerUser(current): EmployerUser,
) -> Result<Html<String>, AppError> {
    render(&request_page(&state, &current, HireInput::default(), FieldErrors::new()).await?)
}

/// The request form.
#[derive(Debug, Deserialize, Default)]
pub struct HireForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    route: String,
    #[serde(default)]
    expected_arrival: String,
    #[serde(default)]
    note: String,
}

/// `POST /employer/requests`: every mistake beside its field, with what was typed (422).
pub async fn create_request(
    State(state): State<AppState>,
    EmployerUser(current): EmployerUser,
    CsrfForm { form, session }: CsrfForm<HireForm>,
) -> Result<Response, AppError> {
    let input = HireInput {
        name: form.name,
        email: form.email,
        route: form.route,
        expected_arrival: form.expected_arrival,
        note: form.note,
    };
    let errors = match RequestHire::new(input.clone())
        .run(&state, &actor(&current))
        .await
    {
        Ok(_) => {
            let message = "Your request is sent: the centre will answer it here.".to_owned();
            session::set_flash(&session, message).await?;
            return Ok(Redirect::to("/employer").into_response());
        }
        Err(CommandError::InvalidFields(errors)) => crate::handlers::buddy::sentences(&errors),
        Err(CommandError::Invalid { field, problem }) => field_errors(field, &problem),
        Err(other) => return Err(other.into()),
    };
    let page = request_page(&state, &current, input, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// `POST /employer/requests/{id}/withdraw`.
pub async fn withdraw_request(
    State(state): State<AppState>,
    EmployerUser(current): EmployerUser,
    Path(id): Path<HireRequestId>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    WithdrawHireRequest { id }
        .run(&state, &actor(&current))
        .await?;
    session::set_flash(&session, "Your request is withdrawn.".to_owned()).await?;
    Ok(Redirect::to("/employer"))
}

async fn account_page(
    state: &AppState,
    current: &CurrentUser,
) -> Result<EmployerAccountPage, AppError> {
    let now = chrono::Utc::now();
    let tokens = crate::db::api_tokens::list(&state.db, current.user.id).await?;
    Ok(EmployerAccountPage {
        chrome: chrome(state, current).await?,
        flash: None,
        email: current.user.email.clone(),
        password_errors: FieldErrors::new(),
        tokens: tokens
            .iter()
            .map(|t| crate::views::account::TokenRow::new(t, now, state.config.time_zone))
            .collect(),
        new_token: None,
        token_errors: FieldErrors::new(),
        token_name: String::new(),
    })
}

/// `GET /employer/account`.
pub async fn account(
    State(state): State<AppState>,
    EmployerUser(current): EmployerUser,
) -> Result<Html<String>, AppError> {
    let mut page = account_page(&state, &current).await?;
    page.flash = session::take_flash(&current.session).await?;
    render(&page)
}

/// `POST /employer/account/password` (the account pages' own change of password).
pub async fn update_password(
    State(state): State<AppState>,
    client: Client,
    EmployerUser(current): EmployerUser,
    CsrfForm { form, session }: CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let errors = match change_own(&state, client, &current, form, &session).await {
        Ok(_) => {
            let message = "Your password is changed; your other sessions were signed out.";
            session::set_flash(&session, message.to_owned()).await?;
            return Ok(Redirect::to("/employer/account").into_response());
        }
        Err(CommandError::Invalid { field, problem }) => field_errors(field, &problem),
        Err(other) => return Err(other.into()),
    };
    let mut page = account_page(&state, &current).await?;
    page.password_errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// The token form.
#[derive(Debug, Deserialize, Default)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

/// `POST /employer/account/tokens`: a token for the employer endpoints, shown once.
pub async fn create_token(
    State(state): State<AppState>,
    client: Client,
    EmployerUser(current): EmployerUser,
    CsrfForm { form, .. }: CsrfForm<TokenForm>,
) -> Result<Response, AppError> {
    let command = async {
        CreateToken {
            name: CreateToken::name(&form.name)?,
            expires_at: None,
            password: secrecy::SecretString::from(form.password.clone()),
            client,
        }
        .run(&state, &actor(&current))
        .await
    };
    let mut page = account_page(&state, &current).await?;
    match command.await {
        Ok(token) => {
            page = account_page(&state, &current).await?;
            page.new_token = Some(token.secret);
            Ok((StatusCode::CREATED, render(&page)?).into_response())
        }
        Err(CommandError::Invalid { field, problem }) => {
            page.token_errors
                .add(field.name(), sentence(&problem.to_string()));
            page.token_name = form.name;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /employer/account/tokens/{id}/revoke`.
pub async fn revoke_token(
    State(state): State<AppState>,
    EmployerUser(current): EmployerUser,
    Path(token): Path<TokenId>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    RevokeToken { token }.run(&state, &actor(&current)).await?;
    session::set_flash(&session, "The token is revoked.".to_owned()).await?;
    Ok(Redirect::to("/employer/account"))
}
