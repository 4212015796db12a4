//! The households' side of the demo conversations (issue 19): the demo expat and two other
//! principals (with portal accounts that have no password, as if invited) wrote recently, and
//! nobody at the centre has read it yet, so the dashboard's "new messages" panel and the
//! navigation's count show.

use anyhow::Context as _;
use chrono::{Duration, NaiveDate, Utc};
use softland_domain::note::NoteText;

use crate::auth::Role;
use crate::db::cases::PortalAccess;
use crate::db::messages::{self, NewMessage, Side, Via};
use crate::db::users::{self, NewUser};
use crate::db::{Db, cases};
use crate::ids::{CaseId, UserId};
use softland_domain::case::CaseStatus;

/// What the households wrote: (hours ago, text).
const WRITTEN: [(i64, &str); 3] = [
    (
        20,
        "Thank you! Do I need to bring the original of the lease, or is a copy enough?",
    ),
    (
        6,
        "Hello, my employer asks when the card will be ready. Is there any news from the ministry?",
    ),
    (
        2,
        "We moved flats last weekend. What do we have to report, and by when?",
    ),
];

/// The account of the principal of open case `id`: the linked one, or a new one without a
/// password; `None` for a case that is not open or a principal without an e-mail.
async fn account_of(db: &Db, id: CaseId) -> anyhow::Result<Option<UserId>> {
    let stored = cases::load(db, id).await?;
    if !matches!(stored.case.status(), CaseStatus::Open) {
        return Ok(None);
    }
    if let Some(PortalAccess::Linked(user)) = stored.person_accounts.first() {
        return Ok(Some(*user));
    }
    let principal = stored.case.principal();
    let Some(email) = principal.email.as_ref().map(ToString::to_string) else {
        return Ok(None);
    };
    let new = NewUser {
        email: &email,
        display_name: principal.name.as_str(),
        role: Role::Expat,
        password_hash: None,
    };
    let user = users::create(db, new).await?;
    let person = *stored
        .person_ids
        .first()
        .context("a stored case has a principal")?;
    users::link_person(db, person, user).await?;
    Ok(Some(user))
}

/// Writes the households' unread messages: on `expat_case`, then on `others` until three
/// were written.
pub(super) async fn write(
    db: &Db,
    expat_case: CaseId,
    others: &[CaseId],
    today: NaiveDate,
) -> anyhow::Result<()> {
    let now = today
        .and_hms_opt(17, 0, 0)
        .map_or_else(Utc::now, |t| t.and_utc())
        .min(Utc::now());
    let mut written = 0;
    for id in std::iter::once(expat_case).chain(others.iter().copied()) {
        let Some((hours, text)) = WRITTEN.get(written) else {
            break;
        };
        let Some(author) = account_of(db, id).await? else {
            continue;
        };
        let body = NoteText::parse(text)?;
        let message = NewMessage {
            case_id: id,
            author,
            side: Side::Expat,
            body: &body,
            via: Via::Web,
        };
        messages::post_written_at(db, message, &[], now - Duration::hours(*hours)).await?;
        written += 1;
    }
    Ok(())
}
