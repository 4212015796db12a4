//! The programme of a busy centre for the public pages' benchmark (issue 22): a dozen
//! published events in the next two months, each with registrations, and a year of past ones,
//! so that `/events` lists what a crowd would see (places left, co-organisers, times).

use chrono::{Duration, NaiveDate};
use softland_domain::person::Email;
use softland_domain::site::event::{EventStatus, EventText};

use crate::db::Db;
use crate::db::events::registrations::{self, NewRegistration, Recipient};
use crate::db::events::write::{self, EventRecord};
use crate::db::outbox::MailText;
use crate::ids::UserId;

/// Upcoming events (every fifth day from tomorrow).
const UPCOMING: i64 = 12;
/// Past events (every week of the past year).
const PAST: i64 = 48;
/// Registrations of each event (of 40 places).
const REGISTERED: u32 = 25;

const TOPICS: [(&str, &str, &str); 4] = [
    (
        "info_session",
        "Residence permits explained",
        "residence, permits",
    ),
    ("workshop", "Your first Czech tax return", "taxes, work"),
    ("meetup", "Newcomers' evening", "community"),
    ("seminar", "Finding a flat in Ostrava", "housing"),
];

/// The subject of the registrations' confirmations (marked sent once written:
/// `db::seed::settle_mail`).
const BENCH_MAIL_SUBJECT: &str = "Benchmark registration";

fn quiet(_: &Recipient) -> MailText {
    MailText {
        subject: BENCH_MAIL_SUBJECT.to_owned(),
        body: "A registration of the benchmark's centre.\n".to_owned(),
    }
}

/// Writes the events: `actor` is the staff member recorded as their author. Returns how many.
pub(super) async fn write(db: &Db, actor: UserId, today: NaiveDate) -> anyhow::Result<u64> {
    let mut written = 0;
    for n in (-PAST..0).chain(0..UPCOMING) {
        let days = if n < 0 { n * 7 } else { 1 + n * 5 };
        let (kind, title, topics) = TOPICS[usize::try_from(n.rem_euclid(4)).unwrap_or(0)];
        let text = EventText {
            title: format!("{title} ({})", n + PAST + 1),
            kind: kind.to_owned(),
            summary: "Two hours with our consultants and your questions.".to_owned(),
            description: "We walk through **what to do**, what to bring and where to go.\n\n\
                          - Bring your questions\n- Free of charge"
                .to_owned(),
            starts_on: (today + Duration::days(days)).to_string(),
            starts_time: "17:00".to_owned(),
            ends_time: "19:00".to_owned(),
            place: "Českobratrská 1888/14, Moravská Ostrava".to_owned(),
            language: "English".to_owned(),
            capacity: "40".to_owned(),
            topics: topics.to_owned(),
            ..EventText::default()
        };
        let draft = text
            .parse(&chrono_tz::Europe::Prague)
            .map_err(|e| anyhow::anyhow!("benchmark event: {:?}", e.problems))?;
        let html = crate::views::markdown::to_html(&draft.description);
        let record = EventRecord {
            draft: &draft,
            description_html: &html,
            organisers: &[],
        };
        let id = write::create(db, record, actor).await?;
        write::set_status(db, id, None, EventStatus::Published, actor, &quiet).await?;
        for k in 0..REGISTERED {
            let email = Email::parse(&format!("guest{k}@bench.softland.test"))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let token = format!("bench-{}-{k}", id.0);
            let new = NewRegistration {
                event: id,
                name: &format!("Guest {k}"),
                email: &email,
                user: None,
                token_hash: &token,
                now: chrono::Utc::now(),
                by_staff: true,
                confirmation: &quiet,
            };
            if let Err(closed) = registrations::register(db, new).await? {
                anyhow::bail!("benchmark registration refused: {closed}");
            }
        }
        written += 1;
    }
    crate::db::seed::settle_mail(db, BENCH_MAIL_SUBJECT).await?;
    Ok(written)
}
