//! The demo centre's buddy programme (issue 20): Lucie coordinates it; six ambassadors (one
//! paused) and one applicant waiting for approval; the demo expat's family has an active
//! buddy with check-ins; another active pair asks for the centre's help (on the consultant's
//! dashboard); proposals wait for two ambassadors' answers; three requests wait for a match
//! (one after a pair that was not a fit); and matches ended as settled (rated) and moved away.

use std::collections::{BTreeSet, HashMap};

use anyhow::Context as _;
use chrono::{Duration, NaiveDate, Utc};
use softland_domain::buddy::{Capacity, EndReason, Language, Level, MatchEvent, Topic};

use crate::db::buddies::{
    self, AmbassadorStatus, MatchTimes, NewAmbassador, NewCheckIn, NewRequest, Profile,
    RequestDetails, Step,
};
use crate::db::credentials::{self, PasswordChange};
use crate::db::{Db, cases};
use crate::ids::{AmbassadorId, CaseId, MatchId, UserId};

/// The demo ambassadors' password (Priya's login is printed).
pub(super) const BUDDY_PASSWORD: &str = "Ostrava-buddy-demo-2026";
/// The printed ambassador login.
pub(super) const BUDDY_EMAIL: &str = "priya.sharma@demo.softland.test";

/// An ambassador of the demo: name, e-mail, nationality, languages, district, years, field,
/// children at school, topics, capacity, status, available for days (None: open-ended),
/// introduction.
struct Amb {
    name: &'static str,
    email: &'static str,
    nationality: &'static str,
    languages: &'static [(&'static str, Level)],
    district: &'static str,
    years: u8,
    occupation: &'static str,
    children: bool,
    topics: &'static [Topic],
    capacity: u8,
    status: AmbassadorStatus,
    available_days: Option<i64>,
    intro: &'static str,
}

const AMBASSADORS: [Amb; 7] = [
    Amb {
        name: "Priya Sharma",
        email: BUDDY_EMAIL,
        nationality: "Indian",
        languages: &[
            ("Hindi", Level::Native),
            ("English", Level::Fluent),
            ("Czech", Level::Basic),
        ],
        district: "Poruba",
        years: 4,
        occupation: "Software engineer",
        children: true,
        topics: &[Topic::Housing, Topic::School, Topic::Doctors],
        capacity: 3,
        status: AmbassadorStatus::Active,
        available_days: None,
        intro: "I came from Pune in 2022 with my husband and our two children, who now go to a Czech school in Poruba. I know the flat hunt, the paediatricians and the school enrolment from the inside.",
    },
    Amb {
        name: "Diego Fernández",
        email: "diego.fernandez@demo.softland.test",
        nationality: "Mexican",
        languages: &[
            ("Spanish", Level::Native),
            ("English", Level::Fluent),
            ("Czech", Level::Conversational),
        ],
        district: "Moravská Ostrava a Přívoz",
        years: 6,
        occupation: "Teacher at a language school",
        children: false,
        topics: &[Topic::SocialLife, Topic::WorkCulture, Topic::Language],
        capacity: 2,
        status: AmbassadorStatus::Active,
        available_days: None,
        intro: "Teacher, runner and board-game host at Stodolní. I will show you where people meet in Ostrava and help you with your first Czech.",
    },
    Amb {
        name: "Oksana Tkachenko",
        email: "oksana.tkachenko@demo.softland.test",
        nationality: "Ukrainian",
        languages: &[
            ("Ukrainian", Level::Native),
            ("Russian", Level::Fluent),
            ("Czech", Level::Fluent),
            ("English", Level::Conversational),
        ],
        district: "Ostrava-Jih",
        years: 8,
        occupation: "Nurse at the University Hospital",
        children: true,
        topics: &[Topic::Doctors, Topic::School, Topic::Housing],
        capacity: 3,
        status: AmbassadorStatus::Active,
        available_days: None,
        intro: "Nurse at the University Hospital Ostrava; my daughter goes to school in Zábřeh. Ask me anything about doctors, insurance cards and school.",
    },
    Amb {
        name: "Kenji Watanabe",
        email: "kenji.watanabe@demo.softland.test",
        nationality: "Japanese",
        languages: &[("Japanese", Level::Native), ("English", Level::Fluent)],
        district: "Poruba",
        years: 2,
        occupation: "Researcher at VŠB – Technical University",
        children: false,
        topics: &[Topic::WorkCulture, Topic::SocialLife],
        capacity: 1,
        status: AmbassadorStatus::Active,
        available_days: Some(60),
        intro: "Postdoc at VŠB until the spring. Happy to help researchers and engineers find their way around the campus and the city.",
    },
    Amb {
        name: "Amara Nwosu",
        email: "amara.nwosu@demo.softland.test",
        nationality: "Nigerian",
        languages: &[
            ("English", Level::Native),
            ("French", Level::Conversational),
        ],
        district: "Slezská Ostrava",
        years: 3,
        occupation: "Logistics planner",
        children: false,
        topics: &[Topic::SocialLife, Topic::Housing],
        capacity: 2,
        status: AmbassadorStatus::Paused,
        available_days: None,
        intro: "Logistics planner and choir singer. Paused until January while I travel home.",
    },
    Amb {
        name: "Nguyễn Thanh Tâm",
        email: "tam.nguyen@demo.softland.test",
        nationality: "Vietnamese",
        languages: &[
            ("Vietnamese", Level::Native),
            ("Czech", Level::Fluent),
            ("English", Level::Fluent),
        ],
        district: "Ostrava-Jih",
        years: 10,
        occupation: "Accountant",
        children: true,
        topics: &[Topic::Housing, Topic::School, Topic::WorkCulture],
        capacity: 4,
        status: AmbassadorStatus::Active,
        available_days: None,
        intro: "Accountant in Zábřeh with two children at a Czech school. I help with leases, school and the paperwork of small businesses.",
    },
    Amb {
        name: "Lukas Becker",
        email: "lukas.becker@demo.softland.test",
        nationality: "German",
        languages: &[("German", Level::Native), ("English", Level::Fluent)],
        district: "Mariánské Hory a Hulváky",
        years: 1,
        occupation: "Mechanical engineer",
        children: false,
        topics: &[Topic::SocialLife, Topic::WorkCulture],
        capacity: 2,
        status: AmbassadorStatus::Applied,
        available_days: None,
        intro: "Engineer at a car-parts plant since last year; I would like to give newcomers the welcome I got.",
    },
];

fn language(name: &str) -> anyhow::Result<Language> {
    Language::parse(name).map_err(|e| anyhow::anyhow!("demo language {name}: {e}"))
}

fn profile(a: &Amb, today: NaiveDate) -> anyhow::Result<Profile> {
    Ok(Profile {
        nationality: a.nationality.to_owned(),
        languages: a
            .languages
            .iter()
            .map(|(l, level)| Ok((language(l)?, *level)))
            .collect::<anyhow::Result<_>>()?,
        years_here: a.years,
        district: Some(a.district.to_owned()),
        occupation: Some(a.occupation.to_owned()),
        interests: None,
        family: a.children.then(|| "Children at a Czech school".to_owned()),
        children_at_school: a.children,
        helps_with: a.topics.iter().copied().collect(),
        capacity: Capacity::new(a.capacity).map_err(|e| anyhow::anyhow!("{e}"))?,
        available_until: a.available_days.map(|d| today + Duration::days(d)),
        introduction: a.intro.to_owned(),
        phone: Some("+420 601 555 0".to_owned() + &a.years.to_string() + &a.capacity.to_string()),
    })
}

/// A demo request: the principal's name, languages, district, topics, children, wishes.
struct Ask {
    principal: &'static str,
    languages: &'static [&'static str],
    district: Option<&'static str>,
    topics: &'static [Topic],
    children: bool,
    wishes: Option<&'static str>,
}

/// What happened to a request: days ago it was made, then its story.
enum Story {
    /// Waiting for a match.
    Waiting,
    /// Proposed to the ambassador (index) `days` ago.
    Proposed(usize, i64),
    /// Accepted by the ambassador (index) `days` ago, with check-ins (days ago, text, needs
    /// help).
    Active(usize, i64, &'static [(i64, &'static str, bool)]),
    /// Ended `days` ago for `reason`, with a rating.
    Ended(usize, i64, EndReason, Option<(u8, &'static str)>),
}

const REQUESTS: [(Ask, i64, Story); 10] = [
    (
        Ask {
            principal: "Rajesh Kumar",
            languages: &["Hindi", "English"],
            district: Some("Poruba"),
            topics: &[Topic::Housing, Topic::School, Topic::Doctors],
            children: true,
            wishes: Some(
                "Aarav starts school next year; we would like to understand how enrolment works.",
            ),
        },
        40,
        Story::Active(
            0,
            35,
            &[
                (
                    32,
                    "Met at the Poruba library café; went through the flat-hunting sites and what a deposit usually is.",
                    false,
                ),
                (
                    18,
                    "Visited the primary school on Opavská with Rajesh and Sunita; they have the enrolment form now.",
                    false,
                ),
                (
                    4,
                    "Found them a paediatrician who speaks English and takes new patients in Poruba.",
                    false,
                ),
            ],
        ),
    ),
    (
        Ask {
            principal: "Phạm Thị Lan",
            languages: &["Vietnamese", "English"],
            district: Some("Ostrava-Jih"),
            topics: &[Topic::Housing, Topic::School],
            children: true,
            wishes: None,
        },
        30,
        Story::Active(
            5,
            27,
            &[
                (
                    20,
                    "Coffee in Zábřeh; showed Lan the school Thu Hà will go to.",
                    false,
                ),
                (
                    2,
                    "Lan's landlord wants her to sign a new lease in Czech only and she is unsure about the deposit clause. Could a consultant look at it with her?",
                    true,
                ),
            ],
        ),
    ),
    (
        Ask {
            principal: "Andriy Melnyk",
            languages: &["Ukrainian", "Russian"],
            district: Some("Ostrava-Jih"),
            topics: &[Topic::Doctors, Topic::Language],
            children: false,
            wishes: None,
        },
        25,
        Story::Active(
            2,
            21,
            &[(14, "Registered Andriy with a GP near Dubina.", false)],
        ),
    ),
    (
        Ask {
            principal: "Arjun Menon",
            languages: &["English", "Hindi"],
            district: Some("Poruba"),
            topics: &[Topic::Housing, Topic::SocialLife],
            children: false,
            wishes: Some(
                "Just arrived for a job at the IT park; looking for a flat near the tram.",
            ),
        },
        3,
        Story::Proposed(0, 1),
    ),
    (
        Ask {
            principal: "Aruzhan Sadykova",
            languages: &["Russian", "English"],
            district: Some("Poruba"),
            topics: &[Topic::Doctors, Topic::SocialLife],
            children: false,
            wishes: None,
        },
        6,
        Story::Proposed(2, 2),
    ),
    (
        Ask {
            principal: "Kim Min-jun",
            languages: &["Korean", "English"],
            district: Some("Poruba"),
            topics: &[Topic::SocialLife, Topic::WorkCulture],
            children: false,
            wishes: Some("Ji-woo would like to meet other spouses who do not work yet."),
        },
        9,
        Story::Waiting,
    ),
    (
        Ask {
            principal: "Fatima Zahra Benali",
            languages: &["Arabic", "French"],
            district: None,
            topics: &[Topic::SocialLife, Topic::Language],
            children: false,
            wishes: None,
        },
        2,
        Story::Waiting,
    ),
    (
        Ask {
            principal: "Michael Johnson",
            languages: &["English"],
            district: Some("Moravská Ostrava a Přívoz"),
            topics: &[Topic::SocialLife],
            children: false,
            wishes: None,
        },
        30,
        Story::Ended(
            1,
            12,
            EndReason::NotAFit,
            Some((
                3,
                "Diego was kind but we never found a time that suited us both.",
            )),
        ),
    ),
    (
        Ask {
            principal: "Vikram Nair",
            languages: &["English", "Hindi"],
            district: Some("Poruba"),
            topics: &[Topic::Housing, Topic::Doctors],
            children: false,
            wishes: None,
        },
        90,
        Story::Ended(
            0,
            10,
            EndReason::Settled,
            Some((5, "Priya made the first months so much easier. Thank you!")),
        ),
    ),
    (
        Ask {
            principal: "Chen Wei",
            languages: &["English"],
            district: Some("Poruba"),
            topics: &[Topic::WorkCulture],
            children: false,
            wishes: None,
        },
        70,
        Story::Ended(3, 20, EndReason::MovedAway, None),
    ),
];

/// Opens the ambassadors; returns their ids in [`AMBASSADORS`] order.
async fn open_ambassadors(
    db: &Db,
    coordinator: UserId,
    today: NaiveDate,
    hash: &str,
) -> anyhow::Result<Vec<AmbassadorId>> {
    let mut ids = Vec::new();
    for a in &AMBASSADORS {
        let p = profile(a, today)?;
        let applied = a.status == AmbassadorStatus::Applied;
        let new = NewAmbassador {
            name: a.name,
            email: a.email,
            status: if applied {
                AmbassadorStatus::Applied
            } else {
                AmbassadorStatus::Active
            },
            profile: &p,
            actor: (!applied).then_some(coordinator),
            link: None,
            notify: Vec::new(),
        };
        let (user, id) = buddies::create_ambassador(db, new).await?;
        if a.status == AmbassadorStatus::Paused {
            buddies::set_status(db, id, AmbassadorStatus::Paused, coordinator, None).await?;
        }
        let months = i64::from(a.years.max(1)) * 30;
        buddies::date_application(db, id, Utc::now() - Duration::days(months.min(400))).await?;
        if applied {
            buddies::date_application(db, id, Utc::now() - Duration::days(2)).await?;
        } else {
            let change = PasswordChange {
                user,
                hash: hash.to_owned(),
                keep_session: None,
                notice: None,
            };
            credentials::change_password(db, change).await?;
        }
        ids.push(id);
    }
    Ok(ids)
}

fn step(id: MatchId, event: MatchEvent, actor: UserId, today: NaiveDate) -> Step<'static> {
    Step {
        id,
        version: None,
        event,
        actor,
        ambassador: None,
        note: None,
        today,
        only_ambassador: None,
        notify: Vec::new(),
    }
}

/// The household a demo request is for.
struct Household<'a> {
    case: CaseId,
    person: crate::ids::PersonId,
    consultant: UserId,
    details: &'a RequestDetails,
}

/// Plays request `id`'s story (made `asked_days` ago) with the coordinator and ambassadors.
async fn live(
    db: &Db,
    household: &Household<'_>,
    id: MatchId,
    (asked_days, story): (i64, &Story),
    (coordinator, ambassadors): (UserId, &[AmbassadorId]),
    today: NaiveDate,
) -> anyhow::Result<()> {
    let Household {
        case,
        person,
        consultant,
        details,
    } = *household;
    let now = Utc::now();
    let ago = |days: i64| now - Duration::days(days);
    let mut times = MatchTimes {
        requested: Some(ago(asked_days)),
        ..MatchTimes::default()
    };
    let (ambassador, accepted_days) = match story {
        Story::Waiting => {
            buddies::date_match(db, id, times).await?;
            return Ok(());
        }
        Story::Proposed(a, days) | Story::Active(a, days, _) => (ambassadors[*a], *days),
        // An ended match was accepted a few days after its request.
        Story::Ended(a, _, _, _) => (ambassadors[*a], asked_days - 4),
    };
    let mut propose = step(id, MatchEvent::Propose, coordinator, today);
    propose.ambassador = Some(ambassador);
    buddies::step(db, propose).await?;
    times.proposed = Some(ago((accepted_days + 2).min(asked_days)));
    if let Story::Proposed(..) = story {
        times.proposed = Some(ago(accepted_days));
        buddies::date_match(db, id, times).await?;
        return Ok(());
    }
    let buddy_user = buddies::ambassador(db, ambassador).await?.user;
    let mut accept = step(id, MatchEvent::Accept, buddy_user, today);
    accept.only_ambassador = Some(ambassador);
    buddies::step(db, accept).await?;
    times.accepted = Some(ago(accepted_days));
    times.started = Some(ago((accepted_days - 2).max(0)));
    match story {
        Story::Active(_, _, checkins) => {
            for (days, body, needs_help) in *checkins {
                let new = NewCheckIn {
                    id,
                    ambassador,
                    author: buddy_user,
                    met_on: today - Duration::days(*days),
                    body,
                    needs_help: *needs_help,
                    notify: Vec::new(),
                };
                buddies::check_in(db, new).await?;
            }
        }
        Story::Ended(_, days, reason, rating) => {
            buddies::step(db, step(id, MatchEvent::Start, buddy_user, today)).await?;
            buddies::step(db, step(id, MatchEvent::End(*reason), coordinator, today)).await?;
            times.ended = Some(ago(*days));
            if let Some((stars, comment)) = rating {
                buddies::feedback(db, id, *stars, Some(comment), consultant).await?;
            }
            if *reason == EndReason::NotAFit {
                // Matched again: a new request waits.
                let again = NewRequest {
                    case,
                    person,
                    actor: consultant,
                    details,
                    notify: Vec::new(),
                };
                let next = buddies::request(db, again).await?;
                let waiting = MatchTimes {
                    requested: Some(ago(days - 1)),
                    ..MatchTimes::default()
                };
                buddies::date_match(db, next, waiting).await?;
            }
        }
        Story::Waiting | Story::Proposed(..) => {}
    }
    buddies::date_match(db, id, times).await?;
    Ok(())
}

/// Writes the programme: Lucie (`coordinator`) coordinates; the requests are made on the
/// cases whose principals are named in [`REQUESTS`] (`cases`).
pub(super) async fn write(
    db: &Db,
    coordinator: UserId,
    cases: &[CaseId],
    today: NaiveDate,
    hash: &str,
) -> anyhow::Result<()> {
    crate::db::reminders::set_buddy_coordinator(db, coordinator, true).await?;
    let ambassadors = open_ambassadors(db, coordinator, today, hash).await?;
    let mut by_name: HashMap<String, (CaseId, crate::ids::PersonId, UserId)> = HashMap::new();
    for id in cases {
        let stored = cases::load(db, *id).await?;
        let person = *stored.person_ids.first().context("a principal")?;
        by_name.insert(
            stored.case.principal().name.as_str().to_owned(),
            (*id, person, stored.consultant),
        );
    }
    for (ask, asked_days, story) in &REQUESTS {
        let (case, person, consultant) = *by_name
            .get(ask.principal)
            .with_context(|| format!("the demo case of {}", ask.principal))?;
        let details = RequestDetails {
            languages: ask
                .languages
                .iter()
                .map(|l| language(l))
                .collect::<anyhow::Result<_>>()?,
            district: ask.district.map(str::to_owned),
            topics: ask.topics.iter().copied().collect::<BTreeSet<_>>(),
            has_children: ask.children,
            wishes: ask.wishes.map(str::to_owned),
            share_email: true,
            share_phone: false,
            phone: None,
        };
        let new = NewRequest {
            case,
            person,
            actor: consultant,
            details: &details,
            notify: Vec::new(),
        };
        let id = buddies::request(db, new).await?;
        let household = Household {
            case,
            person,
            consultant,
            details: &details,
        };
        live(
            db,
            &household,
            id,
            (*asked_days, story),
            (coordinator, &ambassadors),
            today,
        )
        .await?;
    }
    Ok(())
}
