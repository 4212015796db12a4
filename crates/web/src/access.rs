//! The access log (issue 23): who viewed which case, person, document, file or export, when,
//! from which address and in which request — never a field value. Handlers record a view
//! through the [`Access`] extractor once the command has let the viewer see it; the entry goes
//! onto a bounded in-memory queue and [`writer`] stores entries in batches, so that a page
//! never waits for the log's insert. The viewer always comes from the signed-in session or the
//! API token that the handler's own extractor checked, never from the request's parameters.
//! Admins read the log through `commands::access_log`.

pub mod writer;

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Request};
use axum::http::HeaderValue;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Utc};
use softland_domain::case::DocumentNo;

use crate::app::AppState;
use crate::auth::Role;
use crate::db::users::User;
use crate::ids::{CaseId, FileId, PersonId, TokenId, UserId};
pub use writer::AccessLog;

/// What was viewed, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessKind {
    /// Staff opened a case page (`/cases/{id}`), which shows its people.
    CasePage,
    /// An expat opened their household's case in the portal (`/my`).
    PortalCase,
    /// A person's documents were listed (the wallet).
    Documents,
    /// A case's list of files was opened.
    Files,
    /// A file was downloaded or viewed.
    File,
    /// Cases were exported (the case list's CSV, a data export).
    Export,
    /// A partner employer's user opened an employee's progress summary.
    EmployerView,
    /// An ambassador opened a newcomer's shared details.
    BuddyView,
    /// A case was read through the API (the case, its items, notes or messages).
    ApiCase,
    /// A case's conversation was opened (staff, or the household in the portal).
    Messages,
}

impl AccessKind {
    /// Every kind.
    pub const ALL: [AccessKind; 10] = [
        AccessKind::CasePage,
        AccessKind::PortalCase,
        AccessKind::Documents,
        AccessKind::Files,
        AccessKind::File,
        AccessKind::Export,
        AccessKind::EmployerView,
        AccessKind::BuddyView,
        AccessKind::ApiCase,
        AccessKind::Messages,
    ];

    /// Words for pages and the CSV.
    pub fn label(self) -> &'static str {
        match self {
            AccessKind::CasePage => "Case page",
            AccessKind::PortalCase => "Own case in the portal",
            AccessKind::Documents => "Documents",
            AccessKind::Files => "List of files",
            AccessKind::File => "File",
            AccessKind::Export => "Export",
            AccessKind::EmployerView => "Employer's view",
            AccessKind::BuddyView => "Buddy's view",
            AccessKind::ApiCase => "API read of a case",
            AccessKind::Messages => "Conversation",
        }
    }
}

/// Who viewed: an account, through the session or one of its API tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    /// The account.
    pub user: UserId,
    /// Its role at the time.
    pub role: Role,
    /// The API token used, if any.
    pub token: Option<TokenId>,
}

impl Viewer {
    /// The signed-in `user`.
    pub fn of(user: &User) -> Self {
        Self {
            user: user.id,
            role: user.role,
            token: None,
        }
    }

    /// `user` calling the API with `token`.
    pub fn token(user: &User, token: TokenId) -> Self {
        Self {
            token: Some(token),
            ..Self::of(user)
        }
    }
}

/// What was viewed: ids only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Viewed {
    /// The case.
    pub case: Option<CaseId>,
    /// The person.
    pub person: Option<PersonId>,
    /// The file.
    pub file: Option<FileId>,
    /// The document (its number within the case).
    pub document: Option<DocumentNo>,
}

impl Viewed {
    /// A whole case.
    pub fn case(case: CaseId) -> Self {
        Self {
            case: Some(case),
            ..Self::default()
        }
    }

    /// A person of a case.
    pub fn person(case: CaseId, person: PersonId) -> Self {
        Self {
            person: Some(person),
            ..Self::case(case)
        }
    }

    /// A file of a case.
    pub fn file(case: CaseId, file: FileId) -> Self {
        Self {
            file: Some(file),
            ..Self::case(case)
        }
    }
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub viewer: Viewer,
    /// How.
    pub kind: AccessKind,
    /// What.
    pub viewed: Viewed,
    /// From which address (`None` once erasure forgot it).
    pub address: Option<IpAddr>,
    /// The request's id (the `X-Request-Id` of its answer).
    pub request_id: String,
}

/// The id of one request: made here, never taken from the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// Middleware: gives every request an id and its answer an `X-Request-Id` header.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// A handler's way to record a view: the request's address and id, and the log.
#[derive(Clone)]
pub struct Access {
    log: Arc<AccessLog>,
    db: crate::db::Db,
    address: Option<IpAddr>,
    request_id: String,
}

impl FromRequestParts<AppState> for Access {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<crate::client::Client>()
            .map(|c| c.ip);
        let request_id = parts.extensions.get::<RequestId>().map_or_else(
            || uuid::Uuid::new_v4().simple().to_string(),
            |r| r.0.clone(),
        );
        Ok(Self {
            log: state.access.clone(),
            db: state.db.clone(),
            address,
            request_id,
        })
    }
}

impl Access {
    /// Records that `who` saw `what` as `kind`, now.
    pub async fn record(&self, who: Viewer, kind: AccessKind, what: Viewed) {
        let entry = AccessEntry {
            at: Utc::now(),
            viewer: who,
            kind,
            viewed: what,
            address: self.address,
            request_id: self.request_id.clone(),
        };
        self.log.push(&self.db, entry).await;
    }

    /// Records that the API caller saw `what` as `kind`.
    pub async fn record_api(
        &self,
        caller: &crate::api::auth::ApiUser,
        kind: AccessKind,
        what: Viewed,
    ) {
        let who = Viewer::token(&caller.user, caller.token);
        self.record(who, kind, what).await;
    }

    /// Records one view of each case in `cases` (a list that shows each one's details).
    pub async fn record_each(&self, who: Viewer, kind: AccessKind, cases: &[CaseId]) {
        for case in cases {
            self.record(who, kind, Viewed::case(*case)).await;
        }
    }

    /// Records a view of the person at `position` in `case` (URLs name people by position).
    pub async fn record_person_at(
        &self,
        who: Viewer,
        kind: AccessKind,
        case: CaseId,
        position: usize,
    ) {
        let person = crate::db::access_log::person_at(&self.db, case, position)
            .await
            .ok()
            .flatten();
        let what = Viewed {
            person,
            ..Viewed::case(case)
        };
        self.record(who, kind, what).await;
    }
}
