//! Reading cases: a staff member's case page, an expat's portal, and one case for the API.
//! Staff see every case; an expat sees only the cases of their own
//! household, and any other answers "not found", exactly like a case that does not exist.

use softland_domain::Calendar;

use super::{Actor, CommandError};
use crate::app::AppState;
use crate::db::cases::{self, StoredCase};
use crate::db::history::{self, Event};
use crate::db::invitations::{self, LinkRequest};
use crate::db::messages;
use crate::db::notes::{self, Note};
use crate::db::portal;
use crate::db::templates;
use crate::db::users::{self, StaffMember, User};
use crate::ids::CaseId;

/// Case `case`, as the actor may see it.
#[derive(Debug, Clone, Copy)]
pub struct ViewCase {
    /// The case.
    pub case: CaseId,
}

impl ViewCase {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<StoredCase, CommandError> {
        if !actor.role.is_staff() && !portal::may_see(&state.db, actor.id, self.case).await? {
            return Err(CommandError::NotFound);
        }
        Ok(cases::load(&state.db, self.case).await?)
    }
}

/// Notes shown on a staff member's case page.
const CASE_PAGE_NOTES: u64 = 20;
/// History events shown on one page of a case's history.
pub const CASE_PAGE_EVENTS: u64 = 10;

/// What a staff member's case page shows.
#[derive(Debug)]
pub struct CaseDetails {
    /// The case.
    pub stored: StoredCase,
    /// Whom it can be given to: active staff, plus the consultant in charge even when
    /// inactive; admins first, then by e-mail.
    pub staff: Vec<StaffMember>,
    /// The newest notes, internal ones too.
    pub notes: Vec<Note>,
    /// One page of its history, newest first: [`CASE_PAGE_EVENTS`] events older than the
    /// page's starting point, and one more when there are older ones still.
    pub history: Vec<Event>,
    /// The working days its deadlines are shown with.
    pub calendar: Calendar,
    /// Every route's key and name (pages show names, never keys).
    pub route_names: templates::RouteNames,
    /// Messages from the household that staff have not read.
    pub unread_messages: u64,
}

/// The case page of case `case` (staff only).
#[derive(Debug, Clone, Copy)]
pub struct ShowCase {
    /// The case.
    pub case: CaseId,
    /// The history page: events older than this one (the newest ones when `None`).
    pub history_before: Option<i64>,
}

impl ShowCase {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CaseDetails, CommandError> {
        actor.must_be_staff()?;
        let db = &state.db;
        let stored = cases::load(db, self.case).await?;
        // Reads the staff accounts only, never every expat's (docs/performance-log.md).
        let mut staff = users::list_staff(db).await?.to_vec();
        if !staff.iter().any(|u| u.id == stored.consultant)
            && let Ok(user) = users::get(db, stored.consultant).await
            && user.role.is_staff()
        {
            staff.push(StaffMember::from(&user));
        }
        staff.sort_by(|a, b| (a.role.as_str(), &a.email).cmp(&(b.role.as_str(), &b.email)));
        Ok(CaseDetails {
            notes: notes::list(db, self.case, true, CASE_PAGE_NOTES).await?,
            history: history::older_of_case(
                db,
                self.case,
                self.history_before,
                CASE_PAGE_EVENTS + 1,
            )
            .await?,
            calendar: cases::calendar_for_display(db).await?,
            route_names: templates::route_names(db).await?,
            unread_messages: messages::unread_count(db, self.case, messages::Side::Staff).await?,
            staff,
            stored,
        })
    }
}

/// One case in an expat's portal.
#[derive(Debug)]
pub struct PortalCase {
    /// The case.
    pub stored: StoredCase,
    /// The consultant in charge (`None` if the account is gone).
    pub consultant: Option<User>,
    /// Where the conversation with the centre stands (`None` before the first message).
    pub conversation: Option<messages::ConversationState>,
}

/// What an expat's portal shows.
#[derive(Debug)]
pub struct PortalData {
    /// Their household's cases, oldest first.
    pub cases: Vec<PortalCase>,
    /// Requests to link their account to a person of a case, awaiting their answer.
    pub requests: Vec<LinkRequest>,
    /// The working days deadlines are shown with.
    pub calendar: Calendar,
}

/// The actor's own portal.
#[derive(Debug, Clone, Copy)]
pub struct ShowPortal;

impl ShowPortal {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<PortalData, CommandError> {
        let db = &state.db;
        let mut cases = Vec::new();
        let ids = portal::cases_of(db, actor.id).await?;
        let mut conversations = messages::state_of_cases(db, &ids).await?;
        for id in ids {
            let stored = cases::load(db, id).await?;
            cases.push(PortalCase {
                consultant: users::get(db, stored.consultant).await.ok(),
                conversation: conversations.remove(&id),
                stored,
            });
        }
        Ok(PortalData {
            cases,
            requests: invitations::requests_for(db, actor.id).await?,
            calendar: cases::calendar_for_display(db).await?,
        })
    }
}
