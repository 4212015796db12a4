//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]` attributes and the
//! schemas of their bodies, plus what every operation shares: the bearer security scheme and
//! the error answers, added by a modifier so that none is forgotten.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::{Response as ApiResponse, ResponseBuilder};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};
use utoipa::{Modify, OpenApi};

use super::error::{ErrorBody, ErrorEnvelope, FieldProblem};
use super::privacy;
use super::{access_log, breaches};
use super::{
    ambassador_photo, ambassadors, articles, buddy_programme, buddy_requests, calendar_feed,
    case_changes, cases, employer, erasure, events, files, hire_requests, items, messages, notes,
    notifications, organisations, overview, partner_kinds, referrals, search, site, two_factor,
    wallet,
};

/// The API's document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "softland API",
        description = "Cases, checklists and deadlines of an expat centre. Every request but this \
            document's needs `Authorization: Bearer <token>` (a personal API token: the account \
            page or `softland token create`). Dates are ISO 8601; errors are \
            `{\"error\": {\"code\", \"message\", \"field\"}}`. See docs/api.md."
    ),
    servers((url = "/api/v1")),
    paths(
        overview::me, overview::routes, overview::dashboard, overview::items, overview::warnings,
        cases::list, cases::show, cases::create,
        case_changes::update_key_dates, case_changes::hold, case_changes::close,
        case_changes::reopen, case_changes::reassign,
        items::list, items::show, items::change_status, items::override_due, items::clear_due,
        items::add,
        notes::list, notes::show, notes::add,
        messages::list, messages::add, messages::read, messages::inbound,
        wallet::list, wallet::add, wallet::update, wallet::delete,
        files::upload, files::list, files::show, files::content, files::review, files::delete,
        search::search,
        notifications::list_jobs, notifications::retry_job, notifications::list_outbox,
        notifications::settings, notifications::change_settings, notifications::change_digest,
        calendar_feed::show, calendar_feed::create, calendar_feed::delete,
        ambassadors::list, ambassadors::invite, ambassadors::show, ambassadors::update,
        ambassadors::set_status,
        ambassador_photo::upload, ambassador_photo::content, ambassador_photo::delete,
        buddy_requests::list, buddy_requests::show, buddy_requests::suggestions,
        buddy_requests::propose, buddy_requests::end, buddy_requests::feedback,
        buddy_programme::create, buddy_programme::list_for_case, buddy_programme::programme,
        buddy_programme::help_calls, buddy_programme::handled,
        organisations::list, organisations::create, organisations::show, organisations::update,
        organisations::contacts, organisations::add_contact, organisations::update_contact,
        organisations::delete_contact,
        partner_kinds::list, partner_kinds::create, partner_kinds::helpers,
        partner_kinds::set_helpers,
        referrals::create, referrals::list_for_case, referrals::show, referrals::step,
        referrals::follow_ups, referrals::who_can_help, referrals::set_languages,
        employer::employees, employer::employee, employer::hire_requests,
        employer::create_hire_request, employer::withdraw_hire_request,
        hire_requests::list, hire_requests::accept, hire_requests::decline,
        hire_requests::list_for_case, hire_requests::create, hire_requests::consent,
        hire_requests::withdraw,
        site::show_settings, site::update_settings, site::list_enquiries, site::show_enquiry,
        site::update_enquiry, site::calculator,
        two_factor::show, two_factor::reset,
        events::list, events::create, events::show, events::update, events::registrations,
        events::add_registration, events::update_registration, events::public_list,
        events::public_register,
        articles::list, articles::create, articles::show, articles::update, articles::versions,
        articles::public_search,
        privacy::show, privacy::set_basis, privacy::change_consent, privacy::export,
        erasure::household, erasure::person, erasure::set_hold, erasure::lift_hold,
        access_log::list, breaches::list, breaches::create, breaches::show, breaches::update,
        breaches::add_entry,
        document,
    ),
    components(schemas(ErrorEnvelope, ErrorBody, FieldProblem)),
    modifiers(&Shared),
    security(("bearer" = [])),
    tags(
        (name = "cases", description = "Cases: list, read, open, key dates, lifecycle"),
        (name = "items", description = "Checklist items: status, due dates, custom items"),
        (name = "notes", description = "Staff's internal notes"),
        (name = "privacy", description = "Erasure (Art. 17) with a dry run, and legal hold (admins)"),
        (name = "messages", description = "A case's conversation between the household and the centre; replies by mail"),
        (name = "documents", description = "Each person's document wallet"),
        (name = "files", description = "Files uploaded to a case: upload, review, download"),
        (name = "routes", description = "Route templates"),
        (name = "dashboard", description = "Deadline figures and risk warnings"),
        (name = "search", description = "People and checklist items of the whole team"),
        (name = "account", description = "The caller and their calendar feed address"),
        (name = "notifications", description = "Background jobs, the outbox, reminder settings (admins)"),
        (name = "partners", description = "The partner directory: organisations, their contact people, kinds, and who can help with each checklist item (staff tokens; kinds and helpers changed by admins)"),
        (name = "buddies", description = "The buddy programme: ambassadors, newcomers' requests and matches, the coordinator's figures, calls for help (ambassadors have no API tokens)"),
        (name = "referrals", description = "Referrals of a case's people to partners, followed to their outcome; who can help with each open item, by the household's languages"),
        (name = "site", description = "The centre's public site: its settings (staff read, admins change), the contact form's enquiries (staff), and the deadline calculator (no token)"),
        (name = "events", description = "The centre's events: staff add, change, publish and cancel them, register people and mark attendance; anyone reads the published ones and registers without a token (`/public/events`, limited per address)"),
        (name = "public site", description = "The public site's articles (admin tokens): drafts, versions, publishing; and the public search of guides and articles (no token)"),
        (name = "privacy", description = "Privacy: a case's lawful basis of processing, its people's consents (given and withdrawn, history kept), and one person's data export as a ZIP (Art. 15 and 20; admins and the case's consultant)"),
        (name = "security", description = "Two-factor sign-in of staff accounts (admin tokens): its state, and a reset with a reason"),
        (name = "employers", description = "Employers as partners: an employer's token reads its consented employees' progress and makes requests for new hires (and reaches nothing else); staff accept or decline the requests, link people to employers and record consent"),
        (name = "privacy", description = "Privacy (admin tokens): the access log of who viewed which case, person, document, file or export, and the register of personal-data breaches with their 72-hour notification deadline (GDPR Art. 33)"),
    )
)]
pub struct ApiDoc;

/// This OpenAPI document.
///
/// No token needed.
#[utoipa::path(get, path = "/openapi.json", operation_id = "get_openapi", tag = "account", security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = Object)))]
pub async fn document() -> Response {
    static JSON: OnceLock<String> = OnceLock::new();
    let body = JSON.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .unwrap_or_else(|_| "{}".to_owned())
    });
    ([(header::CONTENT_TYPE, "application/json")], body.as_str()).into_response()
}

/// (status, component name, description) of every error answer.
const ERRORS: [(&str, &str, &str); 12] = [
    (
        "400",
        "BadRequest",
        "The JSON body, the query or the path could not be read",
    ),
    (
        "401",
        "Unauthorized",
        "No token, or one that is unknown, revoked or expired",
    ),
    ("403", "Forbidden", "The token's role may not do this"),
    (
        "404",
        "NotFound",
        "No such record, or one the caller may not see",
    ),
    (
        "409",
        "Conflict",
        "`changed_meanwhile`: the body's version is stale; `refused`: the record's state does not allow this",
    ),
    (
        "412",
        "PreconditionFailed",
        "`If-Match` names another version of the record",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The body is larger than the server accepts",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not sent as application/json",
    ),
    (
        "422",
        "Invalid",
        "A field holds a value that is refused; `field` names it",
    ),
    (
        "429",
        "Throttled",
        "Too many requests with invalid tokens from this address; see Retry-After",
    ),
    ("500", "Internal", "A failure on the server's side"),
    ("default", "Error", "Any other error"),
];

fn error_response(description: &str) -> ApiResponse {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ErrorEnvelope")))
        .build();
    ResponseBuilder::new()
        .description(description)
        .content("application/json", content)
        .build()
}

/// The error answers an operation can give.
fn errors_of(op: &Operation) -> Vec<&'static str> {
    let mut codes = vec!["400", "500", "default"];
    let public = op
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| r == &SecurityRequirement::default()));
    if !public {
        codes.extend(["401", "403", "404", "429"]);
    }
    if op.request_body.is_some() {
        codes.extend(["413", "415", "422"]);
    }
    let versioned = op.parameters.iter().flatten().any(|p| match p {
        RefOr::T(p) => p.parameter_in == ParameterIn::Header && p.name == "If-Match",
        RefOr::Ref(_) => false,
    });
    if versioned {
        codes.extend(["409", "412"]);
    }
    codes
}

/// Adds the security scheme and every operation's error answers.
struct Shared;

impl Modify for Shared {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("A personal API token: `Authorization: Bearer sl_…`"))
            .build();
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
        let inbound = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "The mail server's secret (`--inbound-mail-token`), for `/inbound-mail` only",
            ))
            .build();
        components.add_security_scheme("inbound_mail", SecurityScheme::Http(inbound));
        for (_, name, description) in ERRORS {
            components
                .responses
                .insert(name.to_owned(), RefOr::T(error_response(description)));
        }
        for item in openapi.paths.paths.values_mut() {
            let ops = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for op in ops.into_iter().flatten() {
                for code in errors_of(op) {
                    let name = ERRORS
                        .iter()
                        .find(|(c, _, _)| *c == code)
                        .map_or("Error", |e| e.1);
                    op.responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
                }
            }
        }
    }
}
