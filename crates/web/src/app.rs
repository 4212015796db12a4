//! The application: shared state, the router with its middleware, and serving it.

use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate as _};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth::Role;
use crate::config::Config;
use crate::db::sessions::DbSessionStore;
use crate::db::{Db, templates};
use crate::error::AppError;
use crate::handlers::{
    assets, case_page, files, health, items, lifecycle, login, password, portal,
};
use crate::metrics::{self, Metrics};

/// What every handler can reach: one shared [`Shared`], so that the copy axum makes for
/// every extractor and middleware of a request is one reference count, not one per field
/// (a tenth of a status change's CPU went to copying and dropping the fields: perf, issue 25).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] holds.
pub struct Shared {
    /// The store.
    pub db: Db,
    /// Settings.
    pub config: Arc<Config>,
    /// Request counters.
    pub metrics: Arc<Metrics>,
    /// The sign-in password hashing threads (`hashing_concurrency` of them).
    pub hashing: crate::auth::hashing::Hashing,
    /// The hashing threads of passwords set through invitation and reset links, apart so
    /// that a flood of link posts never starves sign-ins.
    pub link_hashing: crate::auth::hashing::Hashing,
    /// The server's signing key.
    pub keys: crate::auth::keys::Keys,
    /// The file store (issue 18).
    pub files: Arc<dyn crate::storage::Storage>,
    /// Calendar feeds read in the last minute (issue 19).
    pub feeds: Arc<crate::commands::feeds::FeedCache>,
    /// The centre's public settings read in the last seconds (issue 22).
    pub site: Arc<crate::commands::site::SiteCache>,
    /// The public list of upcoming events read in the last seconds (issue 22).
    pub upcoming: Arc<crate::commands::events::UpcomingCache>,
    /// The public route guides this instance made, by template version (issue 22).
    pub guides: Arc<crate::commands::site::guides::GuideCache>,
    /// The access log's queue (issue 23): views are pushed here and written in batches.
    pub access: Arc<crate::access::AccessLog>,
    /// What the daily sweeps of recurring duties and renewals did (`/metrics`).
    pub sweeps: Arc<crate::db::purge::SweepCounts>,
}

/// Staff pages, the expat portal, sign-in and single-use links, and the JSON API.
fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(crate::handlers::public::home::show))
        .route(
            "/dashboard/warnings",
            get(crate::handlers::dashboard::warnings),
        )
        .route("/dashboard/items", get(crate::handlers::dashboard::items))
        .route("/login", get(login::new_form).post(login::create))
        .route("/logout", post(login::delete))
        // --- expat portal, invitations, password links ---
        .route("/my", get(portal::show))
        .route("/my/glossary", get(portal::glossary))
        .route(
            "/my/buddy",
            get(portal::buddy::show).post(portal::buddy::request),
        )
        .route("/my/buddy/{id}/end", post(portal::buddy::end))
        .route("/my/buddy/{id}/photo", get(portal::buddy::photo))
        .route("/my/buddy/{id}/feedback", post(portal::buddy::feedback))
        .route(
            "/my/cases/{id}/files",
            get(files::portal_list).post(files::portal_upload),
        )
        .route("/my/cases/{id}/files/{file}", get(files::portal_content))
        .route("/my/links/{person}/confirm", post(portal::confirm_link))
        .route("/my/links/{person}/decline", post(portal::decline_link))
        .route(
            "/my/account",
            get(crate::handlers::account::password::show_portal),
        )
        .route(
            "/my/account/reminders",
            post(crate::handlers::account::password::update_reminders),
        )
        .route(
            "/my/account/password",
            post(crate::handlers::account::password::update_portal),
        )
        .route(
            "/my/account/email",
            post(crate::handlers::account::password::update_portal_email),
        )
        .route(
            "/account/password",
            post(crate::handlers::account::password::update_staff),
        )
        .route(
            "/cases/{id}/people/{position}/invite",
            post(case_page::invite),
        )
        .route(
            "/cases/{id}/people/{position}/documents",
            post(crate::handlers::wallet::create),
        )
        .route(
            "/cases/{id}/people/{position}/documents/{no}/remove",
            post(crate::handlers::wallet::remove),
        )
        .route(
            "/invite/{token}",
            get(password::invitation_form).post(password::accept_invitation),
        )
        .route(
            "/password/forgot",
            get(password::forgot_form).post(password::forgot),
        )
        .route(
            "/password/reset/{token}",
            get(password::reset_form).post(password::reset),
        )
        // --- case list, CSV export, new case ---
        .route(
            "/cases",
            get(crate::handlers::cases::list).post(crate::handlers::cases::create),
        )
        .route("/cases.csv", get(crate::handlers::cases::export))
        .route("/search", get(crate::handlers::search::show))
        .route("/cases/new", get(crate::handlers::cases::new_form))
        // --- case page: items, notes, key dates, lifecycle ---
        .route("/cases/{id}", get(case_page::show))
        .route("/cases/{id}/dates", post(case_page::update_dates))
        .route("/cases/{id}/items", post(items::add))
        .route(
            "/cases/{id}/items/{item}/status",
            post(items::change_status),
        )
        .route("/cases/{id}/items/{item}/due", post(items::override_due))
        .route("/cases/{id}/notes", post(lifecycle::add_note))
        .route("/cases/{id}/files", get(files::list).post(files::upload))
        .route("/cases/{id}/files/{file}", get(files::content))
        .route("/cases/{id}/files/{file}/review", post(files::review))
        .route("/cases/{id}/files/{file}/delete", post(files::delete))
        .route("/cases/{id}/hold", post(lifecycle::hold))
        .route("/cases/{id}/close", post(lifecycle::close))
        .route("/cases/{id}/reopen", post(lifecycle::reopen))
        .route("/cases/{id}/reassign", post(lifecycle::reassign))
        // --- JSON API (bearer tokens only: no session, no CSRF) and the account page ---
        .nest("/api/v1", crate::api::router())
}

/// The account pages of staff.
fn account_pages() -> Router<AppState> {
    Router::new()
        .route("/account", get(crate::handlers::account::show))
        .route(
            "/account/tokens",
            post(crate::handlers::account::create_token),
        )
        .route(
            "/account/tokens/{id}/revoke",
            post(crate::handlers::account::revoke_token),
        )
        .route(
            "/account/digest",
            post(crate::handlers::account::update_digest),
        )
        .route(
            "/account/sessions/end-others",
            post(crate::handlers::account::sessions::end_others),
        )
        .route(
            "/account/sessions/{handle}/end",
            post(crate::handlers::account::sessions::end_one),
        )
        .merge(two_factor_pages())
}

/// Two-factor sign-in (issue 23): the sign-in's second step, one's own set-up, the admins'
/// security page.
fn two_factor_pages() -> Router<AppState> {
    use crate::handlers::account::two_factor as own;
    use crate::handlers::admin::security;
    use crate::handlers::login::two_factor as second_step;
    Router::new()
        .route(
            "/login/two-factor",
            get(second_step::show).post(second_step::create),
        )
        .route("/account/two-factor", get(own::show).post(own::enrol))
        .route("/account/two-factor/recovery-codes", post(own::regenerate))
        .route("/account/two-factor/disable", post(own::disable))
        .route("/account/two-factor/dismiss", post(own::dismiss))
        .route(
            "/admin/security",
            get(security::show).post(security::update),
        )
        .route("/admin/security/{id}/reset", post(security::reset))
}

/// Calendars (issue 19): the month view, the feeds (no session: the secret in the address is
/// the permission) and the forms of one's feed address.
fn calendar_pages() -> Router<AppState> {
    Router::new()
        .route("/calendar", get(crate::handlers::calendar::month))
        .route("/calendar/{file}", get(crate::handlers::calendar::feed))
        .route(
            "/account/calendar-feed",
            post(crate::handlers::account::feed::create),
        )
        .route(
            "/account/calendar-feed/revoke",
            post(crate::handlers::account::feed::revoke),
        )
        .route(
            "/my/account/calendar-feed",
            post(crate::handlers::account::feed::create_portal),
        )
        .route(
            "/my/account/calendar-feed/revoke",
            post(crate::handlers::account::feed::revoke_portal),
        )
}

/// The admin area.
/// A case's conversation (issue 19): the staff page and the household's.
fn conversation_pages() -> Router<AppState> {
    Router::new()
        .route(
            "/cases/{id}/messages",
            get(crate::handlers::messages::show).post(crate::handlers::messages::create),
        )
        .route(
            "/my/cases/{id}/messages",
            get(portal::messages).post(portal::message),
        )
}

/// The buddy programme (issue 20): the ambassador's own area (`BuddyUser` only) and the
/// public sign-up form.
fn buddy_pages() -> Router<AppState> {
    use crate::handlers::buddy;
    Router::new()
        .route("/buddy", get(buddy::home))
        .route("/buddy/newcomers/{id}", get(buddy::newcomers::show))
        .route("/buddy/newcomers/{id}/answer", post(buddy::answer))
        .route(
            "/buddy/newcomers/{id}/checkins",
            post(buddy::newcomers::check_in),
        )
        .route("/buddy/newcomers/{id}/end", post(buddy::newcomers::end))
        .route(
            "/buddy/profile",
            get(buddy::profile::show).post(buddy::profile::update),
        )
        .route("/buddy/profile/status", post(buddy::profile::update_status))
        .route("/buddy/profile/photo", post(buddy::photo::upload))
        .route("/buddy/profile/photo/delete", post(buddy::photo::remove))
        .route("/buddy/photo", get(buddy::photo::show))
        .route(
            "/buddy/profile/password",
            post(buddy::profile::update_password),
        )
        .route(
            "/buddies/apply",
            get(buddy::apply::form).post(buddy::apply::create),
        )
}

fn admin_pages() -> Router<AppState> {
    Router::new()
        .route("/admin", get(crate::handlers::admin::show))
        .route(
            "/admin/users",
            get(crate::handlers::admin::users::list).post(crate::handlers::admin::users::create),
        )
        .route(
            "/admin/users/{id}/role",
            post(crate::handlers::admin::users::update_role),
        )
        .route(
            "/admin/users/{id}/active",
            post(crate::handlers::admin::users::update_active),
        )
        .route(
            "/admin/users/{id}/team-lead",
            post(crate::handlers::admin::users::update_team_lead),
        )
        .route(
            "/admin/users/{id}/buddy-coordinator",
            post(crate::handlers::admin::users::update_coordinator),
        )
        .route(
            "/admin/users/{id}/password",
            post(crate::handlers::admin::users::update_password),
        )
        .route(
            "/admin/templates",
            get(crate::handlers::admin::templates::list)
                .post(crate::handlers::admin::templates::create),
        )
        .route(
            "/admin/templates/{route}",
            get(crate::handlers::admin::templates::show),
        )
        .route(
            "/admin/closures",
            get(crate::handlers::admin::closures::list)
                .post(crate::handlers::admin::closures::create),
        )
        .route(
            "/admin/closures/{date}/delete",
            post(crate::handlers::admin::closures::delete),
        )
        .route("/admin/outbox", get(crate::handlers::outbox::list))
        .route("/admin/outbox/retry", post(crate::handlers::outbox::retry))
        .route("/admin/jobs", get(crate::handlers::outbox::jobs))
        .route(
            "/admin/jobs/{id}/retry",
            post(crate::handlers::outbox::retry_job),
        )
        .route(
            "/admin/reminders",
            get(crate::handlers::outbox::settings).post(crate::handlers::outbox::save_settings),
        )
        .merge(oversight_pages())
}

/// The access log and the breach register (issue 23): admins only.
fn oversight_pages() -> Router<AppState> {
    use crate::handlers::admin::{access_log, breaches};
    Router::new()
        .route("/admin/access-log", get(access_log::list))
        .route("/admin/access-log.csv", get(access_log::export))
        .route(
            "/admin/breaches",
            get(breaches::list).post(breaches::create),
        )
        .route("/admin/breaches.csv", get(breaches::export))
        .route("/admin/breaches/new", get(breaches::new_form))
        .route(
            "/admin/breaches/{id}",
            get(breaches::show).post(breaches::update),
        )
        .route("/admin/breaches/{id}/edit", get(breaches::edit_form))
        .route("/admin/breaches/{id}/timeline", post(breaches::add_entry))
}

/// The buddy programme's staff pages (issue 20): the coordinator's `/buddies` pages, a
/// case's request form and the calls for help.
fn programme_pages() -> Router<AppState> {
    use crate::handlers::buddies::{self, ambassadors, case, photo, requests};
    Router::new()
        .route("/buddies", get(buddies::show))
        .route("/buddies/export.csv", get(buddies::export))
        .route("/buddies/requests/{id}", get(requests::show))
        .route("/buddies/requests/{id}/propose", post(requests::propose))
        .route("/buddies/requests/{id}/end", post(requests::end))
        .route(
            "/buddies/ambassadors",
            get(ambassadors::list).post(ambassadors::create),
        )
        .route("/buddies/ambassadors/new", get(ambassadors::new_form))
        .route(
            "/buddies/ambassadors/{id}",
            get(ambassadors::show).post(ambassadors::update),
        )
        .route(
            "/buddies/ambassadors/{id}/status",
            post(ambassadors::set_status),
        )
        .route(
            "/buddies/ambassadors/{id}/photo",
            get(photo::show).post(photo::upload),
        )
        .route(
            "/buddies/ambassadors/{id}/photo/delete",
            post(photo::remove),
        )
        .route("/cases/{id}/buddy", get(case::new_form).post(case::create))
        .route("/help-calls/{id}/handled", post(case::handled))
        .merge(referral_pages())
}

/// Referrals on a case and the household's languages (issue 21).
fn referral_pages() -> Router<AppState> {
    use crate::handlers::referrals;
    Router::new()
        .route("/cases/{id}/referrals", post(referrals::create))
        .route("/cases/{id}/referrals/new", get(referrals::new_form))
        .route("/cases/{id}/referrals/{referral}", get(referrals::show))
        .route(
            "/cases/{id}/referrals/{referral}/steps",
            post(referrals::step),
        )
        .route("/cases/{id}/languages", post(referrals::languages))
        .route("/my/referrals", get(portal::referrals::list))
}

/// The partner directory (issue 21): staff's `/partners` pages, the admins' kinds and
/// "who can help" links, and the public fields for expats and ambassadors.
fn partner_pages() -> Router<AppState> {
    use crate::handlers::admin::partners as admin;
    use crate::handlers::partners::{self, contacts, partnerships, public};
    Router::new()
        .route("/partners", get(partners::list).post(partners::create))
        .route("/partners/new", get(partners::new_form))
        .route("/partners/partnerships", get(partnerships::list))
        .route("/partners/partnerships.csv", get(partnerships::export))
        .route("/partners/{id}", get(partners::show).post(partners::update))
        .route("/partners/{id}/edit", get(partners::edit_form))
        .route("/partners/{id}/spoke", post(partners::spoke))
        .route("/partners/{id}/contacts", post(contacts::create))
        .route("/partners/{id}/contacts/{contact}", post(contacts::update))
        .route(
            "/partners/{id}/contacts/{contact}/remove",
            post(contacts::remove),
        )
        .route(
            "/admin/partner-kinds",
            get(admin::kinds).post(admin::add_kind),
        )
        .route("/admin/partner-kinds/{id}", post(admin::rename_kind))
        .route("/admin/partner-links", get(admin::links))
        .route("/admin/partner-links/{key}", post(admin::set_links))
        .route("/my/partners", get(public::portal_list))
        .route("/my/partners/{id}", get(public::portal_show))
        .route("/buddy/partners", get(public::buddy_list))
        .route("/buddy/partners/{id}", get(public::buddy_show))
}

/// Employers as partners (issue 21): the employer's own area (`EmployerUser` only), the
/// staff pages (an employer's accounts, the open requests for new hires, a case's
/// employers) and the household's consent in the portal.
fn employer_pages() -> Router<AppState> {
    use crate::handlers::{employer, employers};
    Router::new()
        .route("/employer", get(employer::home))
        .route("/employer/employees/{id}", get(employer::employee))
        .route(
            "/employer/requests/new",
            get(employer::new_request).post(employer::create_request),
        )
        .route(
            "/employer/requests/{id}/withdraw",
            post(employer::withdraw_request),
        )
        .route("/employer/account", get(employer::account))
        .route(
            "/employer/account/password",
            post(employer::update_password),
        )
        .route("/employer/account/tokens", post(employer::create_token))
        .route(
            "/employer/account/tokens/{id}/revoke",
            post(employer::revoke_token),
        )
        .route(
            "/partners/{id}/accounts",
            get(employers::accounts).post(employers::invite),
        )
        .route(
            "/partners/{id}/accounts/{user}/deactivate",
            post(employers::deactivate),
        )
        .route(
            "/partners/{id}/accounts/{user}/reactivate",
            post(employers::reactivate),
        )
        .route("/partners/hire-requests", get(employers::hire_requests))
        .route(
            "/partners/hire-requests/{id}/accept",
            post(employers::accept),
        )
        .route(
            "/partners/hire-requests/{id}/decline",
            post(employers::decline),
        )
        .route(
            "/cases/{id}/employments",
            get(employers::case).post(employers::link),
        )
        .route("/employments/{id}/consent", post(employers::consent))
        .route("/employments/{id}/withdraw", post(employers::withdraw))
        .route("/employments/{id}/remove", post(employers::remove))
        .route("/my/employer", get(portal::employer::show))
        .route("/my/employer/{id}/consent", post(portal::employer::consent))
        .route(
            "/my/employer/{id}/withdraw",
            post(portal::employer::withdraw),
        )
}

/// Privacy (issue 23, part A): a case's lawful basis and consents, and a person's data
/// export, for staff; the expat's own privacy page with their consents and their export.
fn privacy_pages() -> Router<AppState> {
    use crate::handlers::portal::privacy as portal_privacy;
    use crate::handlers::privacy;
    Router::new()
        .route("/cases/{id}/privacy", get(privacy::show))
        .route("/cases/{id}/lawful-basis", post(privacy::set_basis))
        .route("/cases/{id}/consents", post(privacy::change_consent))
        .route("/cases/{id}/people/{person}/export", post(privacy::export))
        .route("/my/privacy", get(portal_privacy::show))
        .route("/my/privacy/consents", post(portal_privacy::change_consent))
        .route("/my/privacy/export", post(portal_privacy::export))
}

/// The centre's public site (issue 22, part A1): the contact form and the deadline
/// calculator; the staff's enquiries and the admins' centre settings.
fn site_pages() -> Router<AppState> {
    use crate::handlers::public::{calculator, contact};
    use crate::handlers::{admin, enquiries};
    Router::new()
        .route("/contact", get(contact::form).post(contact::create))
        .route("/calculator", get(calculator::show))
        .route(
            "/admin/site",
            get(admin::site::edit_form).post(admin::site::update),
        )
        .route("/enquiries", get(enquiries::list))
        .route("/enquiries/{id}", get(enquiries::show))
        .route("/enquiries/{id}/steps", post(enquiries::step))
}

/// Events (issue 22): staff's `/programme` pages, the public's `/events` pages with
/// registration and the personal cancel link, and the portal's "Events for you".
fn event_pages() -> Router<AppState> {
    use crate::handlers::events::{self, registrations};
    use crate::handlers::portal::events as portal_events;
    use crate::handlers::public::events as public;
    Router::new()
        .route("/programme", get(events::list).post(events::create))
        .route("/programme/new", get(events::new_form))
        .route("/programme/{id}", get(events::show).post(events::update))
        .route("/programme/{id}/edit", get(events::edit_form))
        .route("/programme/{id}/publish", post(events::publish))
        .route("/programme/{id}/cancel", post(events::cancel))
        .route(
            "/programme/{id}/attendance",
            post(registrations::attendance),
        )
        .route("/programme/{id}/registrations", post(registrations::add))
        .route(
            "/programme/{id}/registrations/{registration}/cancel",
            post(registrations::cancel),
        )
        .route("/programme/{id}/registrations.csv", get(events::export))
        .route("/events", get(public::list))
        .route("/events/past", get(public::past))
        .route("/events/{id}", get(public::show))
        .route("/events/{id}/register", post(public::register))
        .route("/events/{id}/event.ics", get(public::ics))
        .route(
            "/events/registrations/{token}",
            get(public::registration).post(public::cancel),
        )
        .route("/my/events", get(portal_events::show))
        .route("/my/events/interests", post(portal_events::save_interests))
        .route(
            "/my/events/{id}/registrations/{registration}/cancel",
            post(portal_events::cancel),
        )
}

/// The public site's guides, articles, search, directory and what it offers machines
/// (issue 22), and the admins' article pages.
/// Erasure (Art. 17), legal hold and retention (issue 23): admins only.
fn erasure_pages() -> Router<AppState> {
    use crate::handlers::erasure;
    Router::new()
        .route(
            "/cases/{id}/erasure",
            get(erasure::show).post(erasure::create),
        )
        .route("/cases/{id}/legal-hold", post(erasure::hold))
        .route("/cases/{id}/legal-hold/lift", post(erasure::lift))
        .route(
            "/admin/privacy",
            get(erasure::privacy).post(erasure::update_privacy),
        )
        .route("/admin/privacy/run", post(erasure::run_retention))
}

fn guide_pages() -> Router<AppState> {
    use crate::handlers::admin::articles as admin;
    use crate::handlers::public::{articles, directory, guides, sharing};
    Router::new()
        .route("/guides", get(guides::index))
        .route("/guides/{route}", get(guides::show))
        .route("/articles/{slug}", get(articles::show))
        .route("/directory", get(directory::list))
        .route("/directory/{id}", get(directory::show))
        .route("/sitemap.xml", get(sharing::sitemap))
        .route("/robots.txt", get(sharing::robots))
        .route("/feed.atom", get(sharing::feed))
        .route("/admin/articles", get(admin::list).post(admin::create))
        .route("/admin/articles/new", get(admin::new_form))
        .route(
            "/admin/articles/{id}",
            get(admin::edit_form).post(admin::update),
        )
        .route("/admin/articles/{id}/versions", get(admin::versions))
        .route(
            "/admin/articles/{id}/versions/{number}",
            get(admin::version),
        )
        .route(
            "/admin/articles/{id}/versions/{number}/restore",
            post(admin::restore),
        )
}

/// Every route of the application, with its middleware.
pub fn router(state: AppState) -> Router {
    let sessions = session_layer(&state);
    Router::new()
        .merge(pages())
        .merge(conversation_pages())
        .merge(admin_pages())
        .merge(account_pages())
        .merge(calendar_pages())
        .merge(buddy_pages())
        .merge(programme_pages())
        .merge(partner_pages())
        .merge(employer_pages())
        .merge(site_pages())
        .merge(event_pages())
        .merge(guide_pages())
        .merge(privacy_pages())
        .merge(erasure_pages())
        .route("/healthz", get(health::alive))
        .route("/readyz", get(health::ready))
        .route("/metrics", get(health::metrics))
        .route("/static/app.css", get(assets::app_css))
        .route("/static/app.js", get(assets::app_js))
        .route("/static/search.js", get(assets::search_js))
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error_navigation,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn(crate::auth::visitor::recognise))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::limits::body_limit,
        ))
        .layer(axum::middleware::from_fn(crate::api::json_errors))
        // Pages and JSON are compressed; papers are not: PDFs and photos are compressed
        // already, and gzip would only spend CPU on every MiB downloaded.
        .layer(
            CompressionLayer::new().compress_when(
                DefaultPredicate::new()
                    .and(NotForContentType::new("application/pdf"))
                    .and(NotForContentType::new("image/"))
                    .and(NotForContentType::new("application/octet-stream")),
            ),
        )
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::REFERRER_POLICY, "same-origin"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(security_header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
        ))
        .layer(axum::middleware::from_fn(response_policy))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::limits::body_deadline,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::client::identify,
        ))
        .layer(axum::middleware::from_fn(crate::access::request_id))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// An error page shown again with the navigation of whoever is signed in (staff get the
/// staff navigation, an expat a link to their checklist, an ambassador a link to their area), so that an error never strands
/// anyone. Only error pages are touched (`views::ErrorShown` marks them); a visitor's page
/// stays as it was, and no session is created for them.
async fn error_navigation(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let session = request
        .extensions()
        .get::<tower_sessions::Session>()
        .cloned();
    let response = next.run(request).await;
    let (Some(shown), Some(session)) = (
        response
            .extensions()
            .get::<crate::views::ErrorShown>()
            .cloned(),
        session,
    ) else {
        return response;
    };
    let Ok(Some((user_id, _))) = crate::auth::session::signed_in(&session).await else {
        return response;
    };
    let Ok(user) = crate::db::users::get(&state.db, user_id).await else {
        return response;
    };
    if !user.active {
        return response;
    }
    let mut page = crate::views::ErrorPage::new(shown.status, shown.message);
    match user.role {
        Role::Admin | Role::Consultant => {
            let Ok(csrf) = crate::auth::session::csrf_token(&session).await else {
                return response;
            };
            page.nav = Some(crate::views::nav::Nav::new(&user, csrf, ""));
        }
        Role::Expat => page.expat = true,
        // An ambassador gets neither the staff navigation nor the portal's links.
        Role::Buddy => page.buddy = true,
        Role::Employer => page.employer = true,
    }
    // The same answer (status, headers, cookies), with the page drawn again.
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    axum::response::Response::from_parts(parts, axum::body::Body::from(page.render_html()))
}

/// Pages may hold personal data: nothing but the static assets may be cached. (HSTS over
/// HTTPS: `client::identify`.)
async fn response_policy(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let is_asset = request.uri().path().starts_with("/static/");
    let mut response = next.run(request).await;
    if !is_asset {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Sessions in the database; the cookie is `HttpOnly`, `SameSite=Lax`, `Secure` over HTTPS, and the
/// session ends after the idle timeout.
fn session_layer(state: &AppState) -> SessionManagerLayer<DbSessionStore> {
    let idle =
        time::Duration::seconds(i64::try_from(state.config.session_idle.as_secs()).unwrap_or(1800));
    SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("softland_session")
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_secure(state.config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(idle))
        // Stored (with a new expiry) only when changed: signed-in requests change it when
        // the idle timeout is due for renewal (`session::renew_if_due`).
        .with_always_save(false)
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Connects to the database, migrates it and stores the shipped templates on first start.
pub async fn prepare(config: &Config) -> anyhow::Result<AppState> {
    let db = Db::connect(&config.database_url, config.pool_size)
        .await
        .with_context(|| format!("connecting to {}", redact_url(&config.database_url)))?;
    db.migrate().await.context("migrating the database")?;
    crate::db::fixes::run_pending(&db)
        .await
        .context("correcting stored data")?;
    templates::ensure_shipped(&db)
        .await
        .context("storing the shipped route templates")?;
    crate::commands::site::search::reindex_all(&db)
        .await
        .context("building the public site's search index")?;
    let keys = crate::auth::keys::Keys::load(&db)
        .await
        .context("loading the server's signing key")?;
    let files = Arc::new(crate::storage::ObjectStorage::open(&config.file_store)?);
    crate::commands::erasure::reapply_ledger(&db, files.as_ref(), &config.erasure_ledger)
        .await
        .context("applying the erasure ledger")?;
    Ok(AppState(Arc::new(Shared {
        db,
        config: Arc::new(config.clone()),
        metrics: Arc::new(Metrics::default()),
        hashing: crate::auth::hashing::Hashing::new(crate::auth::hashing::Limits {
            threads: config.hashing_concurrency,
            waiting: config.hashing_queue,
            max_wait: config.hashing_max_wait,
        }),
        link_hashing: crate::auth::hashing::Hashing::new(crate::auth::hashing::Limits {
            threads: config.link_hashing_concurrency,
            waiting: config.link_hashing_queue,
            max_wait: config.hashing_max_wait,
        }),
        keys,
        files,
        feeds: Arc::default(),
        site: Arc::default(),
        upcoming: Arc::default(),
        guides: Arc::default(),
        access: Arc::default(),
        sweeps: Arc::default(),
    })))
}

/// Serves `state` on `listener` until `shutdown` resolves; requests in flight then get up to
/// the configured grace period to finish. The mail sender and the purge of expired rows run
/// beside it.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let db = state.db.clone();
    let transport = crate::mail::Transport::from_url(state.config.smtp_url.as_deref())
        .context("configuring SMTP")?;
    let from: lettre::message::Mailbox = state
        .config
        .mail_from
        .parse()
        .context("the mail sender address")?;
    let sender = crate::mail::Sender {
        from,
        base_url: state.config.base_url(),
    };
    let runner = state.config.run_jobs.then(|| {
        let runner = crate::jobs::Runner::new(state.clone(), transport, sender, instance_name());
        crate::jobs::spawn(runner, state.config.mail_interval)
    });
    let config = state.config.clone();
    let purge = crate::db::purge::spawn(
        db.clone(),
        state.config.purge_interval,
        move || config.today(),
        state.sweeps.clone(),
    );
    let sweep =
        crate::storage::spawn_sweep(db.clone(), state.files.clone(), state.config.purge_interval);
    let retention = state.config.plan_reminders.then(|| {
        crate::commands::erasure::retention::spawn(state.clone(), state.config.purge_interval)
    });
    let access = state.access.clone();
    let access_writer = access.spawn_writer(db.clone());
    if let Some(warning) = crate::client::exposure_warning(&state.config) {
        tracing::warn!("{warning}");
    }
    let open_files = crate::server::raise_open_file_limit();
    let limits = crate::server::Limits {
        header_read_timeout: state.config.header_read_timeout,
        max_connections: crate::server::connection_cap(state.config.max_connections, open_files),
        per_address: state.config.max_connections_per_address,
        exempt: state.config.trusted_proxies.clone(),
        grace: state.config.shutdown_grace,
    };
    tracing::debug!(?open_files, connections = limits.max_connections, "serving");
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: finishing requests in flight");
    };
    crate::server::run(listener, router(state), limits, signal).await;
    if let Some(runner) = runner {
        runner.abort();
    }
    purge.abort();
    sweep.abort();
    if let Some(retention) = retention {
        retention.abort();
    }
    if let Some(writer) = access_writer {
        access.stop(writer).await;
    }
    db.close().await;
    Ok(())
}

/// This instance's name beside the jobs it holds: the host and the process.
pub fn instance_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "softland".to_owned());
    format!("{host}:{}", std::process::id())
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// The URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}://{user}:***@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}
