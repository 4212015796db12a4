//! The JSON API under `/api/v1`, for integrations (HR systems, the centre's website,
//! reporting): the same store and domain rules as the web pages, authenticated by personal
//! API tokens (`Authorization: Bearer …`), never by the session cookie, so CSRF does not
//! apply. docs/api.md describes it; `GET /api/v1/openapi.json` is its OpenAPI document.

pub mod access_log;
pub mod ambassador_photo;
pub mod ambassadors;
pub mod articles;
pub mod auth;
pub mod breaches;
pub mod buddy_programme;
pub mod buddy_requests;
pub mod calendar_feed;
pub mod case_changes;
pub mod cases;
pub mod employer;
pub mod erasure;
pub mod error;
pub mod events;
pub mod files;
pub mod hire_requests;
pub mod input;
pub mod items;
pub mod messages;
pub mod model;
pub mod new_case;
pub mod notes;
pub mod notifications;
pub mod openapi;
pub mod organisations;
pub mod overview;
pub mod partner_kinds;
pub mod precondition;
pub mod privacy;
pub mod referrals;
pub mod respond;
pub mod schema;
pub mod search;
pub mod site;
pub mod two_factor;
pub mod wallet;

use axum::Router;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use error::ApiError;

/// Registers each `method "path" => handler;` on the router and lists it in [`ROUTES`], so
/// that a test can compare the router with the OpenAPI document.
macro_rules! api_routes {
    ($($method:ident $path:literal => $handler:path;)*) => {
        /// Every route of the API as (method, path below `/api/v1`).
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn routes() -> Router<AppState> {
            Router::new()$(.route($path, axum::routing::$method($handler)))*
        }
    };
}

api_routes! {
    get "/openapi.json" => openapi::document;
    get "/me" => overview::me;
    get "/routes" => overview::routes;
    get "/dashboard" => overview::dashboard;
    get "/dashboard/items" => overview::items;
    get "/dashboard/warnings" => overview::warnings;
    get "/cases" => cases::list;
    post "/cases" => cases::create;
    get "/cases/{id}" => cases::show;
    post "/cases/{id}/erasure" => erasure::household;
    post "/cases/{id}/people/{person}/erasure" => erasure::person;
    put "/cases/{id}/legal-hold" => erasure::set_hold;
    delete "/cases/{id}/legal-hold" => erasure::lift_hold;
    patch "/cases/{id}/key-dates" => case_changes::update_key_dates;
    post "/cases/{id}/hold" => case_changes::hold;
    post "/cases/{id}/close" => case_changes::close;
    post "/cases/{id}/reopen" => case_changes::reopen;
    post "/cases/{id}/reassign" => case_changes::reassign;
    get "/cases/{id}/items" => items::list;
    post "/cases/{id}/items" => items::add;
    get "/cases/{id}/items/{item}" => items::show;
    post "/cases/{id}/items/{item}/status" => items::change_status;
    put "/cases/{id}/items/{item}/due" => items::override_due;
    delete "/cases/{id}/items/{item}/due" => items::clear_due;
    get "/cases/{id}/notes" => notes::list;
    post "/cases/{id}/notes" => notes::add;
    get "/cases/{id}/notes/{note}" => notes::show;
    get "/cases/{id}/messages" => messages::list;
    post "/cases/{id}/messages" => messages::add;
    post "/cases/{id}/messages/read" => messages::read;
    post "/inbound-mail" => messages::inbound;
    get "/cases/{id}/people/{person}/documents" => wallet::list;
    post "/cases/{id}/people/{person}/documents" => wallet::add;
    put "/cases/{id}/people/{person}/documents/{document}" => wallet::update;
    delete "/cases/{id}/people/{person}/documents/{document}" => wallet::delete;
    post "/cases/{id}/files" => files::upload;
    get "/cases/{id}/files" => files::list;
    get "/cases/{id}/files/{file}" => files::show;
    delete "/cases/{id}/files/{file}" => files::delete;
    get "/cases/{id}/files/{file}/content" => files::content;
    post "/cases/{id}/files/{file}/review" => files::review;
    get "/search" => search::search;
    get "/jobs" => notifications::list_jobs;
    post "/jobs/{id}/retry" => notifications::retry_job;
    get "/outbox" => notifications::list_outbox;
    get "/settings/reminders" => notifications::settings;
    put "/settings/reminders" => notifications::change_settings;
    put "/me/digest" => notifications::change_digest;
    get "/calendar-feed" => calendar_feed::show;
    post "/calendar-feed" => calendar_feed::create;
    delete "/calendar-feed" => calendar_feed::delete;
    get "/ambassadors" => ambassadors::list;
    post "/ambassadors" => ambassadors::invite;
    get "/ambassadors/{id}" => ambassadors::show;
    put "/ambassadors/{id}" => ambassadors::update;
    put "/ambassadors/{id}/status" => ambassadors::set_status;
    get "/ambassadors/{id}/photo" => ambassador_photo::content;
    put "/ambassadors/{id}/photo" => ambassador_photo::upload;
    delete "/ambassadors/{id}/photo" => ambassador_photo::delete;
    get "/buddy-requests" => buddy_requests::list;
    get "/buddy-requests/{id}" => buddy_requests::show;
    get "/buddy-requests/{id}/suggestions" => buddy_requests::suggestions;
    post "/buddy-requests/{id}/proposal" => buddy_requests::propose;
    post "/buddy-requests/{id}/end" => buddy_requests::end;
    post "/buddy-requests/{id}/feedback" => buddy_requests::feedback;
    post "/cases/{id}/buddy-requests" => buddy_programme::create;
    get "/cases/{id}/buddy-requests" => buddy_programme::list_for_case;
    get "/buddy-programme" => buddy_programme::programme;
    get "/buddy-help-calls" => buddy_programme::help_calls;
    post "/buddy-help-calls/{id}/handled" => buddy_programme::handled;
    get "/organisations" => organisations::list;
    post "/organisations" => organisations::create;
    get "/organisations/{id}" => organisations::show;
    put "/organisations/{id}" => organisations::update;
    get "/organisations/{id}/contacts" => organisations::contacts;
    post "/organisations/{id}/contacts" => organisations::add_contact;
    put "/organisations/{id}/contacts/{contact_id}" => organisations::update_contact;
    delete "/organisations/{id}/contacts/{contact_id}" => organisations::delete_contact;
    get "/partner-kinds" => partner_kinds::list;
    post "/partner-kinds" => partner_kinds::create;
    get "/checklist-items/{key}/helpers" => partner_kinds::helpers;
    put "/checklist-items/{key}/helpers" => partner_kinds::set_helpers;
    get "/cases/{id}/referrals" => referrals::list_for_case;
    post "/cases/{id}/referrals" => referrals::create;
    get "/referrals" => referrals::follow_ups;
    get "/referrals/{id}" => referrals::show;
    post "/referrals/{id}/steps" => referrals::step;
    get "/cases/{id}/who-can-help" => referrals::who_can_help;
    get "/articles" => articles::list;
    post "/articles" => articles::create;
    get "/articles/{id}" => articles::show;
    patch "/articles/{id}" => articles::update;
    get "/articles/{id}/versions" => articles::versions;
    get "/public/search" => articles::public_search;
    put "/cases/{id}/languages" => referrals::set_languages;
    get "/employer/employees" => employer::employees;
    get "/employer/employees/{id}" => employer::employee;
    get "/employer/hire-requests" => employer::hire_requests;
    post "/employer/hire-requests" => employer::create_hire_request;
    post "/employer/hire-requests/{id}/withdraw" => employer::withdraw_hire_request;
    get "/hire-requests" => hire_requests::list;
    post "/hire-requests/{id}/accept" => hire_requests::accept;
    post "/hire-requests/{id}/decline" => hire_requests::decline;
    get "/cases/{id}/employments" => hire_requests::list_for_case;
    post "/cases/{id}/employments" => hire_requests::create;
    get "/cases/{id}/privacy" => privacy::show;
    put "/cases/{id}/lawful-basis" => privacy::set_basis;
    post "/cases/{id}/consents" => privacy::change_consent;
    get "/cases/{id}/people/{person}/export" => privacy::export;
    post "/employments/{id}/consent" => hire_requests::consent;
    post "/employments/{id}/withdraw" => hire_requests::withdraw;
    get "/site-settings" => site::show_settings;
    put "/site-settings" => site::update_settings;
    get "/enquiries" => site::list_enquiries;
    get "/enquiries/{id}" => site::show_enquiry;
    patch "/enquiries/{id}" => site::update_enquiry;
    get "/public/calculator" => site::calculator;
    get "/users/{id}/two-factor" => two_factor::show;
    post "/users/{id}/two-factor/reset" => two_factor::reset;
    get "/events" => events::list;
    post "/events" => events::create;
    get "/events/{id}" => events::show;
    patch "/events/{id}" => events::update;
    get "/events/{id}/registrations" => events::registrations;
    post "/events/{id}/registrations" => events::add_registration;
    patch "/events/{id}/registrations/{registration}" => events::update_registration;
    get "/public/events" => events::public_list;
    post "/public/events/{id}/registrations" => events::public_register;
    get "/access-log" => access_log::list;
    get "/breaches" => breaches::list;
    post "/breaches" => breaches::create;
    get "/breaches/{id}" => breaches::show;
    put "/breaches/{id}" => breaches::update;
    post "/breaches/{id}/timeline" => breaches::add_entry;
}

/// The API's router, to be nested at `/api/v1`. Unknown paths and methods answer in the
/// API's error shape.
pub fn router() -> Router<AppState> {
    routes()
        .fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
}

/// Middleware for the whole app, placed outside the request body limit: an error answered
/// under `/api/` by the app's own layers (413 for a body over the limit) gets the API's JSON
/// error shape instead of plain text.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    ApiError::for_status(status).into_response()
}
