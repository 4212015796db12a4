//! The demo centre's privacy records (issue 23): a realistic month of views in the access log
//! (consultants opening cases and files, the demo expat in the portal, the admin's export) and
//! two breaches — one closed, notified to the authority in time; one open, discovered
//! yesterday, its 72 hours still running.

use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use softland_domain::breach::{BreachRisk, BreachStatus};

use crate::access::{AccessEntry, AccessKind, Viewed, Viewer};
use crate::auth::Role;
use crate::db::Db;
use crate::db::breaches::{self, BreachFields};
use crate::ids::{CaseId, UserId};

/// 09:00 UTC `days` before `today`, plus `minutes`.
fn at(today: NaiveDate, days: i64, minutes: i64) -> DateTime<Utc> {
    let day = today - Duration::days(days);
    Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).unwrap_or_default())
        + Duration::minutes(minutes)
}

fn entry(
    when: DateTime<Utc>,
    viewer: Viewer,
    kind: AccessKind,
    case: Option<CaseId>,
    address: &str,
) -> AccessEntry {
    AccessEntry {
        at: when,
        viewer,
        kind,
        viewed: Viewed {
            case,
            ..Viewed::default()
        },
        address: address.parse().ok(),
        request_id: uuid::Uuid::new_v4().simple().to_string(),
    }
}

/// Who the demo's views are by.
pub struct Viewers {
    /// The four staff (Jana, Petr, Lucie, Martin the admin).
    pub staff: Vec<UserId>,
    /// The demo expat.
    pub expat: UserId,
}

/// A month of views of the expat's case and the others.
pub async fn write_views(
    db: &Db,
    who: &Viewers,
    expat_case: CaseId,
    others: &[CaseId],
    today: NaiveDate,
) -> anyhow::Result<()> {
    let staff = |n: usize, role: Role| {
        who.staff.get(n).map(|id| Viewer {
            user: *id,
            role,
            token: None,
        })
    };
    let (Some(jana), Some(petr), Some(martin)) = (
        staff(0, Role::Consultant),
        staff(1, Role::Consultant),
        staff(3, Role::Admin),
    ) else {
        return Ok(());
    };
    let expat = Viewer {
        user: who.expat,
        role: Role::Expat,
        token: None,
    };
    let mut entries = Vec::new();
    for day in (1..=28usize).step_by(3) {
        let days = i64::try_from(day).unwrap_or_default();
        entries.push(entry(
            at(today, days, 5),
            jana,
            AccessKind::CasePage,
            Some(expat_case),
            "10.20.0.14",
        ));
        entries.push(entry(
            at(today, days, 420),
            expat,
            AccessKind::PortalCase,
            Some(expat_case),
            "89.102.17.201",
        ));
        if let Some(other) = others.get(day % others.len().max(1)) {
            entries.push(entry(
                at(today, days, 30),
                petr,
                AccessKind::CasePage,
                Some(*other),
                "10.20.0.15",
            ));
            entries.push(entry(
                at(today, days, 35),
                petr,
                AccessKind::Files,
                Some(*other),
                "10.20.0.15",
            ));
        }
    }
    entries.push(entry(
        at(today, 2, 90),
        jana,
        AccessKind::Files,
        Some(expat_case),
        "10.20.0.14",
    ));
    entries.push(entry(
        at(today, 7, 60),
        martin,
        AccessKind::Export,
        None,
        "10.20.0.2",
    ));
    entries.sort_by_key(|e| e.at);
    crate::db::access_log::insert(db, &entries).await?;
    Ok(())
}

/// The two breaches.
pub async fn write_breaches(
    db: &Db,
    admin: UserId,
    cases: &[CaseId],
    today: NaiveDate,
) -> anyhow::Result<()> {
    let aware = at(today, 41, 60);
    let closed = BreachFields {
        title: "Reminder e-mail sent to the wrong household".to_owned(),
        description: "A reminder about an expiring residence permit, with the principal's name \
                      and passport number, was sent to another family's address after a typo \
                      in the e-mail field."
            .to_owned(),
        discovered_at: aware - Duration::minutes(20),
        occurred_from: Some(aware - Duration::hours(26)),
        occurred_to: Some(aware - Duration::hours(26)),
        aware_at: aware,
        data_categories: "Name, passport number, residence permit expiry".to_owned(),
        people_count: Some(1),
        risk: BreachRisk::Risk,
        authority_notified_at: Some(aware + Duration::hours(30)),
        late_reasons: String::new(),
        people_notified_at: Some(aware + Duration::hours(6)),
        measures: "The recipient confirmed the mail was deleted; the address was corrected; \
                   e-mail addresses are now confirmed by the portal invitation before reminders \
                   are sent."
            .to_owned(),
        status: BreachStatus::Closed,
        cases: cases.iter().take(1).copied().collect(),
    };
    let id = breaches::create(db, &closed, admin).await?;
    breaches::add_event(
        db,
        id,
        aware + Duration::hours(1),
        "Recipient asked to delete the mail; confirmed by phone",
        admin,
    )
    .await?;
    breaches::add_event(
        db,
        id,
        aware + Duration::hours(30),
        "Notified to ÚOOÚ through its online form",
        admin,
    )
    .await?;
    let aware = at(today, 1, 360);
    let open = BreachFields {
        title: "Consultant's phone lost on the tram".to_owned(),
        description: "A work phone with the centre's mail app signed in was lost on tram line 8. \
                      The phone has a PIN; remote wipe was requested."
            .to_owned(),
        discovered_at: aware - Duration::hours(1),
        occurred_from: Some(aware - Duration::hours(3)),
        occurred_to: None,
        aware_at: aware,
        data_categories: "Names, e-mail addresses, messages with households".to_owned(),
        people_count: Some(25),
        risk: BreachRisk::High,
        authority_notified_at: None,
        late_reasons: String::new(),
        people_notified_at: None,
        measures: "Mail sessions ended, password changed, remote wipe requested.".to_owned(),
        status: BreachStatus::Open,
        cases: cases.iter().skip(1).take(3).copied().collect(),
    };
    let id = breaches::create(db, &open, admin).await?;
    breaches::add_event(
        db,
        id,
        aware + Duration::minutes(30),
        "Sessions ended and remote wipe requested",
        admin,
    )
    .await?;
    Ok(())
}
