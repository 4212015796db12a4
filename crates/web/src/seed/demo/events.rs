//! The demo centre's events (issue 22), dated from today: an info session on residence
//! permits, a taxes workshop, a community meetup at a café with the Ostrava Expats Club, a
//! partner event with the technical university, a full event with a waiting list, one held
//! last week with attendance marked (and no-shows), and a draft. The demo expat is registered
//! for two of them.

use anyhow::Context as _;
use chrono::{Duration, NaiveDate};
use softland_domain::person::Email;
use softland_domain::site::event::{Attendance, EventStatus, EventText};

use super::partners::Network;
use crate::db::Db;
use crate::db::events::registrations::{self, NewRegistration, Recipient, Registered};
use crate::db::events::write::{self, EventRecord};
use crate::db::outbox::MailText;
use crate::ids::{EventId, UserId};

/// One demo event: (days from today, start, end, title, kind, summary, description, place,
/// language, capacity, topics, co-organisers, published).
type Spec = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    bool,
);

const EVENTS: [Spec; 7] = [
    (
        3,
        "10:00",
        "11:30",
        "Residence permits explained",
        "info_session",
        "Employee cards, long-term residence and what to bring: an hour with our consultants and your questions.",
        "We walk through the **employee card**, **long-term residence** and family reunification: who applies where, what to bring, and the deadlines that matter after you arrive.\n\n- Bring your questions\n- No appointment needed for the Q&A afterwards",
        "Expat Centre Ostrava, Českobratrská 1888/14, Moravská Ostrava",
        "English",
        "30",
        "residence, permits",
        &[],
        true,
    ),
    (
        7,
        "17:00",
        "19:00",
        "Your first Czech tax return",
        "workshop",
        "Who must file, the forms, the deadlines and the allowances foreigners often miss.",
        "A hands-on workshop: bring your **payslips** and last year's *potvrzení o zdanitelných příjmech*. We fill in the form together.",
        "Expat Centre Ostrava, Českobratrská 1888/14, Moravská Ostrava",
        "English",
        "20",
        "taxes, work",
        &[],
        true,
    ),
    (
        10,
        "18:00",
        "21:00",
        "Newcomers' evening at Café Atlas",
        "meetup",
        "Meet other newcomers and locals over coffee; bring a friend.",
        "An informal evening with the **Ostrava Expats Club**: meet people who have just arrived and some who have stayed for years.",
        "Café Atlas, Nádražní 14, Ostrava",
        "English",
        "",
        "community",
        &["Ostrava Expats Club"],
        true,
    ),
    (
        14,
        "14:00",
        "16:00",
        "Working in research in Ostrava",
        "partner_event",
        "The university's international office on contracts, permits and family life for researchers.",
        "Together with the **Moravian-Silesian Technical University**: hosting agreements, the employee card for researchers, and schools for your children.",
        "Aula, 17. listopadu 2172/15, Ostrava-Poruba",
        "English",
        "80",
        "work, research, residence",
        &["Moravian-Silesian Technical University"],
        true,
    ),
    (
        5,
        "16:00",
        "18:00",
        "Registering with a GP and a dentist",
        "seminar",
        "How to find an English-speaking doctor and register with them; health insurance explained.",
        "Small group, lots of questions: which insurer, how to register, what a *poukaz* is.",
        "Expat Centre Ostrava, Českobratrská 1888/14, Moravská Ostrava",
        "English",
        "4",
        "health",
        &[],
        true,
    ),
    (
        -6,
        "17:00",
        "19:00",
        "Housing: renting a flat in Ostrava",
        "workshop",
        "Contracts, deposits and registering your address.",
        "What a Czech rental contract says, the deposit, utilities, and reporting your address within the deadline.",
        "Expat Centre Ostrava, Českobratrská 1888/14, Moravská Ostrava",
        "English",
        "15",
        "housing",
        &[],
        true,
    ),
    (
        21,
        "10:00",
        "12:00",
        "Driving licence exchange (draft)",
        "info_session",
        "Exchanging a foreign driving licence: who must, who may, and how.",
        "To be confirmed with the transport office.",
        "Expat Centre Ostrava, Českobratrská 1888/14, Moravská Ostrava",
        "English",
        "25",
        "driving",
        &[],
        false,
    ),
];

/// People who register (name, e-mail).
const PEOPLE: [(&str, &str); 8] = [
    ("Amara Okafor", "amara.okafor@example.org"),
    ("Luis Hernández", "luis.hernandez@example.org"),
    ("Mei Chen", "mei.chen@example.org"),
    ("Oleksandr Bondar", "oleksandr.bondar@example.org"),
    ("Sofia Rossi", "sofia.rossi@example.org"),
    ("Arjun Nair", "arjun.nair@example.org"),
    ("Hana Sato", "hana.sato@example.org"),
    ("Tomás Silva", "tomas.silva@example.org"),
];

fn text(spec: &Spec, today: NaiveDate) -> EventText {
    let (
        days,
        start,
        end,
        title,
        kind,
        summary,
        description,
        place,
        language,
        capacity,
        topics,
        _,
        _,
    ) = *spec;
    EventText {
        title: title.to_owned(),
        kind: kind.to_owned(),
        summary: summary.to_owned(),
        description: description.to_owned(),
        starts_on: (today + Duration::days(days)).to_string(),
        starts_time: start.to_owned(),
        ends_time: end.to_owned(),
        place: place.to_owned(),
        language: language.to_owned(),
        capacity: capacity.to_owned(),
        topics: topics.to_owned(),
        ..EventText::default()
    }
}

fn quiet(_: &Recipient) -> MailText {
    MailText {
        subject: "Demo registration".to_owned(),
        body: "A registration of the demo centre.\n".to_owned(),
    }
}

async fn register(
    db: &Db,
    event: EventId,
    name: &str,
    email: &str,
    user: Option<UserId>,
) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let token = format!("demo-{}-{}", event.0, email.as_str());
    let new = NewRegistration {
        event,
        name,
        email: &email,
        user,
        token_hash: &token,
        now: chrono::Utc::now(),
        by_staff: true,
        confirmation: &quiet,
    };
    match registrations::register(db, new).await? {
        Ok(Registered::New(_) | Registered::Existing(_)) => Ok(()),
        Err(closed) => anyhow::bail!("demo registration refused: {closed}"),
    }
}

/// Writes the demo events; `expat` is the demo expat's account, name and e-mail.
pub(super) async fn write(
    db: &Db,
    network: &Network,
    actor: UserId,
    today: NaiveDate,
    expat: (UserId, &str, &str),
) -> anyhow::Result<()> {
    let mut ids = Vec::new();
    for spec in &EVENTS {
        let draft = text(spec, today)
            .parse(&chrono_tz::Europe::Prague)
            .map_err(|e| anyhow::anyhow!("demo event {}: {:?}", spec.3, e.problems))?;
        let organisers = spec
            .11
            .iter()
            .map(|name| network.get(name))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let html = crate::views::markdown::to_html(&draft.description);
        let record = EventRecord {
            draft: &draft,
            description_html: &html,
            organisers: &organisers,
        };
        let id = write::create(db, record, actor).await?;
        if spec.12 {
            write::set_status(db, id, None, EventStatus::Published, actor, &quiet).await?;
        }
        ids.push(id);
    }
    let [permits, taxes, meetup, research, full, past, _draft] = ids[..] else {
        anyhow::bail!("seven demo events");
    };
    for (event, people) in [
        (permits, 6),
        (taxes, 4),
        (meetup, 5),
        (research, 3),
        (full, 7),
        (past, 6),
    ] {
        for (name, email) in PEOPLE.iter().take(people) {
            register(db, event, name, email, None).await?;
        }
    }
    let (user, name, email) = expat;
    register(db, taxes, name, email, Some(user)).await?;
    register(db, meetup, name, email, Some(user)).await?;
    let held = crate::db::events::read::registrations(db, past).await?;
    let marks: Vec<_> = held
        .iter()
        .enumerate()
        .map(|(n, r)| {
            (
                r.id,
                if n % 3 == 2 {
                    Attendance::NoShow
                } else {
                    Attendance::Attended
                },
            )
        })
        .collect();
    registrations::mark_attendance(db, past, &marks)
        .await
        .context("demo attendance")?;
    Ok(())
}
