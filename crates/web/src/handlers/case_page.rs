//! The case page and the answer to every form on it: after a change, a redirect back with a
//! message; after a refusal or a conflict, the page with the current state and the reason.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use serde::Deserialize;
use softland_domain::date_format::long;

use crate::access::{Access, AccessKind, Viewed, Viewer};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::auth::session;
use crate::commands::buddies::HouseholdQuery;
use crate::commands::case_dates::ChangeKeyDates;
use crate::commands::case_view::ShowCase;
use crate::commands::invitations::Invite;
use crate::commands::partners::referrals::{CaseReferrals, WhoCanHelp};
use crate::commands::{CommandError, form_version};
use crate::db::cases::Expect;
use crate::db::invitations::Invited;
use crate::error::AppError;
use crate::handlers::{actor, field_sentence, sentence};
use crate::ids::{CaseId, ItemId};
use crate::views::buddies::case::buddy_lines;
use crate::views::case_page::{CaseData, CasePage, ChecklistFilter, PageView, Typed};
use crate::views::referrals::{help_views, referral_rows};
use crate::views::render;

/// How the case page is asked for: the checklist's filter (`show=open|all`, `person=1`),
/// the history page (`history_before`) and where the answer to a change belongs (`at`).
/// Values it does not know fall back to the usual page.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    show: Option<String>,
    person: Option<String>,
    history_before: Option<String>,
    at: Option<String>,
    edit: Option<String>,
}

impl PageQuery {
    fn view(self) -> PageView {
        let pairs = [("show", self.show), ("person", self.person)];
        PageView {
            filter: ChecklistFilter::from_params(
                pairs
                    .iter()
                    .filter_map(|(name, value)| value.as_deref().map(|v| (*name, v))),
            ),
            history_before: self.history_before.and_then(|h| h.parse().ok()),
            at: self.at.unwrap_or_default(),
            edit_document: self.edit.as_deref().and_then(|e| {
                let (person, no) = e.split_once('-')?;
                Some((person.parse().ok()?, no.parse().ok()?))
            }),
        }
    }
}

/// The checklist filter of the case page a form was sent from (its `Referer`), so that the
/// answer comes back to the page as the consultant had it: never losing their place.
#[derive(Debug, Clone, Copy, Default)]
pub struct Back(pub ChecklistFilter);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Back {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts
            .headers
            .get(axum::http::header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|referer| referer.split_once('?'))
            .map(|(_, query)| query.split('#').next().unwrap_or_default().to_owned())
            .unwrap_or_default();
        let pairs = query.split('&').filter_map(|pair| pair.split_once('='));
        Ok(Back(ChecklistFilter::from_params(pairs)))
    }
}

/// Where on the case page the answer to a form belongs.
#[derive(Debug, Clone, Copy)]
pub enum At {
    /// A section: `people`, `dates`, `checklist`, `notes`, `lifecycle`.
    Section(&'static str),
    /// An item's chip.
    Item(ItemId),
}

impl At {
    fn anchor(self) -> String {
        match self {
            At::Section(name) => name.to_owned(),
            At::Item(item) => format!("item-{item}"),
        }
    }
}

/// `GET /cases/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    Query(query): Query<PageQuery>,
    access: Access,
) -> Result<Response, AppError> {
    let flash = session::take_flash(&current.session).await?;
    let mut page = page(&state, &current, id, query.view()).await?;
    let viewer = Viewer::of(&current.user);
    access
        .record(viewer, AccessKind::CasePage, Viewed::case(id))
        .await;
    page.flash = flash;
    Ok(render(&page)?.into_response())
}

/// The case page as `view` asks for it.
pub async fn page(
    state: &AppState,
    current: &CurrentUser,
    id: CaseId,
    view: PageView,
) -> Result<CasePage, AppError> {
    let details = ShowCase {
        case: id,
        history_before: view.history_before,
    }
    .run(state, &actor(current))
    .await?;
    let data = CaseData {
        stored: &details.stored,
        staff: &details.staff,
        notes: details.notes,
        history: details.history,
        route_names: &details.route_names,
        cal: &details.calendar,
        today: state.config.today(),
        tz: state.config.time_zone,
        unread_messages: details.unread_messages,
    };
    let nav = super::messages::nav_with_messages(state, current, "cases").await?;
    let mut page = CasePage::build(nav, data, view);
    let household = HouseholdQuery { case: Some(id) }
        .run(state, &actor(current))
        .await?;
    page.buddies = buddy_lines(&household, state.config.time_zone);
    let referrals = CaseReferrals {
        case: &details.stored,
    }
    .run(state, &actor(current))
    .await?;
    page.referrals = referral_rows(&referrals, state.config.today());
    let help = WhoCanHelp {
        case: &details.stored,
    }
    .run(state, &actor(current))
    .await?;
    page.help = help_views(&help, true);
    page.legal_hold = crate::commands::erasure::CaseHold(id)
        .run(state, &actor(current))
        .await?
        .map(|hold| hold.reason);
    Ok(page)
}

/// The page with a refusal at `at` (and in the error summary), the typed values kept.
pub async fn refused(
    state: &AppState,
    current: &CurrentUser,
    id: CaseId,
    (status, heading, message): (StatusCode, String, String),
    (at, typed, Back(filter)): (At, Typed, Back),
) -> Result<Response, AppError> {
    let view = PageView {
        filter,
        ..PageView::default()
    };
    let mut page = page(state, current, id, view).await?;
    page.refuse(heading, message, &at.anchor(), typed);
    Ok((status, render(&page)?).into_response())
}

/// The answer to a form on the case page: `Ok(message)` redirects back to the place `at`,
/// where the message is shown; a conflict (409) or a refusal (422) shows the page as it is
/// now with the reason at the top and beside the place, and what was typed kept.
pub async fn respond(
    state: &AppState,
    current: &CurrentUser,
    id: CaseId,
    result: Result<String, CommandError>,
    (at, typed, back): (At, Typed, Back),
) -> Result<Response, AppError> {
    let problem = match result {
        Ok(message) => {
            session::set_flash(&current.session, message).await?;
            let anchor = at.anchor();
            let mut params = back.0.params();
            params.push(format!("at={anchor}"));
            let to = format!("/cases/{id}?{}#{anchor}", params.join("&"));
            return Ok(Redirect::to(&to).into_response());
        }
        Err(CommandError::ChangedMeanwhile(changed)) => (
            StatusCode::CONFLICT,
            "Changed meanwhile".to_owned(),
            format!("This was {changed}. Below is the current state; nothing you sent was saved."),
        ),
        Err(CommandError::Invalid { field, problem }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not saved".to_owned(),
            field_sentence(field, &problem),
        ),
        Err(CommandError::Refused(refusal)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not saved".to_owned(),
            sentence(&refusal.to_string()),
        ),
        Err(other) => return Err(other.into()),
    };
    refused(state, current, id, problem, (at, typed, back)).await
}

/// `POST /cases/{id}/dates`: changes key dates; the page then says which due dates moved.
pub async fn update_dates(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let command = async {
        let expect = Expect::Case(form_version(form.get("version").map(String::as_str))?);
        let dates = ChangeKeyDates::dates(&form, true)?;
        let change = ChangeKeyDates {
            case: id,
            expect,
            dates,
        };
        change.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|done| done.message);
    respond(
        &state,
        &current,
        id,
        result,
        (At::Section("dates"), Typed::default(), back),
    )
    .await
}

/// `POST /cases/{id}/people/{position}/invite`: invites a person (with an e-mail, 18 or
/// older) to the portal (`db::invitations` says when an existing account must confirm
/// instead). The new link is shown here only when no mail server is configured: otherwise
/// only the person's mailbox ever sees it.
pub async fn invite(
    State(state): State<AppState>,
    Path((id, position)): Path<(CaseId, i64)>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { .. }: CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let command = Invite { case: id, position };
    let invited = command
        .run(&state, &actor(&current), &current.user.display_name)
        .await;
    match invited {
        Ok(invited) => {
            let message = invited_message(&state, &invited);
            respond(
                &state,
                &current,
                id,
                Ok(message),
                (At::Section("people"), Typed::default(), back),
            )
            .await
        }
        Err(CommandError::Refused(why)) => {
            let problem = (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Not sent".to_owned(),
                sentence(&why.to_string()),
            );
            let at = At::Section("people");
            refused(&state, &current, id, problem, (at, Typed::default(), back)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// What the consultant is told after an invitation.
fn invited_message(state: &AppState, invited: &Invited) -> String {
    match invited {
        Invited::Link { email, link } if state.config.smtp_url.is_none() => {
            let until = long(
                link.expires_at
                    .with_timezone(&state.config.time_zone)
                    .date_naive(),
            );
            format!(
                "Invitation for {email} made. No mail server is configured, so give them this \
                 link yourself; it works once, until {until}: {}",
                link.url
            )
        }
        Invited::Link { email, .. } => {
            format!("Invitation sent to {email}. The link in it works once; only they can see it.")
        }
        Invited::AwaitingConfirmation { email } => format!(
            "{email} already has a softland account, so no new password link was sent. They \
             were asked to sign in and confirm that they belong to this case; until then they \
             see nothing of it."
        ),
        Invited::AlreadyLinked { email } => {
            format!("{email} already uses the portal with their own password; nothing was sent.")
        }
    }
}
