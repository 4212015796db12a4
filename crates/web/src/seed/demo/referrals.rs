//! The demo's referrals (issue 21): the demo family (the Kumars, who speak English and Hindi)
//! referred to an English-speaking paediatrician (in contact) and a school (sent, to follow up
//! today, so it shows on the consultant's dashboard); other households with referrals in
//! every status — solved and not solved with a note, an overdue follow-up, one due this week —
//! so that dashboards and the partnership figures look alive.

use anyhow::Context as _;
use chrono::{Days, NaiveDate};
use softland_domain::partner::{Category, ConsentHow, Languages, ReferralStatus};

use super::partners::{Network, PAEDIATRICIAN, SCHOOL};
use crate::db::partners::{self, NewReferral, StepChange};
use crate::db::{Db, cases};
use crate::ids::{CaseId, ReferralId, UserId};

/// One demo referral: partner, person's position, category, need, consent, follow-up (days
/// from today), and the steps after "sent" (status, note).
struct Demo {
    partner: &'static str,
    person: usize,
    category: Category,
    need: &'static str,
    consent: Option<ConsentHow>,
    follow_up: i64,
    steps: &'static [(ReferralStatus, Option<&'static str>)],
}

/// The demo family's: the paediatrician (in contact) and the school (due today).
const FAMILY: [Demo; 2] = [
    Demo {
        partner: PAEDIATRICIAN,
        person: 2,
        category: Category::Health,
        need: "An English-speaking paediatrician for Aarav: registration and vaccinations",
        consent: Some(ConsentHow::InPerson),
        follow_up: 5,
        steps: &[(ReferralStatus::InContact, Some("First visit booked."))],
    },
    Demo {
        partner: SCHOOL,
        person: 2,
        category: Category::Schooling,
        need: "A place in year 4 for Aarav from the next term",
        consent: Some(ConsentHow::Mail),
        follow_up: 0,
        steps: &[],
    },
];

/// The other households' (one each, in order).
const OTHERS: [Demo; 4] = [
    Demo {
        partner: "Silesia Bank, Nová Karolina branch",
        person: 0,
        category: Category::Money,
        need: "A current account with English-speaking service",
        consent: None,
        follow_up: 3,
        steps: &[(
            ReferralStatus::Solved,
            Some("Account opened on the first visit."),
        )],
    },
    Demo {
        partner: "Stodolní Residence Apartments",
        person: 0,
        category: Category::Housing,
        need: "A furnished two-room flat near the centre",
        consent: Some(ConsentHow::Phone),
        follow_up: 2,
        steps: &[
            (ReferralStatus::InContact, None),
            (
                ReferralStatus::NotSolved,
                Some("Nothing free before March; looking elsewhere."),
            ),
        ],
    },
    Demo {
        partner: "Czech for Foreigners Ostrava",
        person: 0,
        category: Category::Language,
        need: "An evening Czech course for beginners (A1)",
        consent: None,
        follow_up: -3,
        steps: &[],
    },
    Demo {
        partner: "Moravia General Health Insurance",
        person: 0,
        category: Category::Insurance,
        need: "Public health insurance after the employee card",
        consent: Some(ConsentHow::Portal),
        follow_up: 3,
        steps: &[(ReferralStatus::InContact, None)],
    },
];

fn day(today: NaiveDate, offset: i64) -> NaiveDate {
    let days = Days::new(offset.unsigned_abs());
    if offset < 0 {
        today.checked_sub_days(days).unwrap_or(today)
    } else {
        today.checked_add_days(days).unwrap_or(today)
    }
}

async fn write_one(
    db: &Db,
    network: &Network,
    case: CaseId,
    demo: &Demo,
    today: NaiveDate,
) -> anyhow::Result<ReferralId> {
    let stored = cases::load(db, case).await?;
    let actor: UserId = stored.consultant;
    let organisation = network.get(demo.partner)?;
    let contact = partners::contacts(db, organisation)
        .await?
        .first()
        .map(|c| c.id);
    let new = NewReferral {
        case,
        person: stored.person_ids.get(demo.person).copied(),
        organisation,
        contact,
        category: demo.category,
        need: demo.need,
        consent: demo.consent,
        follow_up_on: Some(day(today, demo.follow_up)),
        actor,
        partner_name: demo.partner,
    };
    let id = partners::create_referral(db, &new).await?;
    let (mut from, mut version) = (ReferralStatus::Sent, 1);
    for (to, note) in demo.steps {
        let change = StepChange {
            id,
            version,
            from,
            to: *to,
            note: *note,
            follow_up_on: to.is_open().then(|| day(today, demo.follow_up)),
            actor,
            partner_name: demo.partner,
        };
        version = partners::step_referral(db, &change).await?;
        from = *to;
    }
    Ok(id)
}

/// Writes the referrals: the family's on `family`, the others on the first of `others`.
pub(super) async fn write(
    db: &Db,
    network: &Network,
    family: CaseId,
    others: &[CaseId],
    today: NaiveDate,
) -> anyhow::Result<()> {
    let stored = cases::load(db, family).await?;
    let languages = Languages::parse("English, Hindi").map_err(|e| anyhow::anyhow!("{e}"))?;
    cases::set_languages(db, family, None, &languages, stored.consultant).await?;
    for demo in &FAMILY {
        write_one(db, network, family, demo, today).await?;
    }
    for (case, demo) in others.iter().zip(&OTHERS) {
        write_one(db, network, *case, demo, today)
            .await
            .with_context(|| format!("the demo referral to {}", demo.partner))?;
    }
    Ok(())
}
