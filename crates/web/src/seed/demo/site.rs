//! The demo centre's public face (issue 22, part A1): the Ostrava centre's settings as an
//! admin saved them, and enquiries from the contact form — two new, one a consultant is on.

use softland_domain::site::enquiry::{EnquiryStatus, Topic};

use crate::db::Db;
use crate::db::site::enquiries::{self, NewEnquiry, Step};
use crate::db::site::settings::{self, SiteSettings};
use crate::ids::UserId;

/// The centre's settings. The phone stays empty: the centre's real number is unconfirmed.
fn ostrava() -> SiteSettings {
    SiteSettings {
        name: "Expat Centre Ostrava".to_owned(),
        tagline:
            "Your soft landing in Ostrava: papers, housing, health care and people, in English."
                .to_owned(),
        who_for: "Qualified foreigners who come to Ostrava and the Moravian-Silesian Region to \
                  work, do research, teach or start a business — engineers, managers, \
                  researchers, academics and entrepreneurs — and their families. We do not turn \
                  anyone away: if you are not sure we are the right place, write to us."
            .to_owned(),
        services: "Residence permits, visas and registrations explained step by step\n\
                   Checking your documents before you go to an office, and booking appointments\n\
                   Going with you to offices, with interpreting when you need it\n\
                   Housing, health care, schools and leisure: who to ask and where to go\n\
                   Referrals to partner firms for legal, tax and real-estate matters\n\
                   A local ambassador (buddy) who has settled in Ostrava already\n\
                   Workshops, info sessions and community meetups with companies and universities"
            .to_owned(),
        address: "Českobratrská 1888/14, 702 00 Moravská Ostrava".to_owned(),
        hours: "Mon–Thu 10:00–16:00".to_owned(),
        phone: String::new(),
        email: "info@demo.softland.test".to_owned(),
        booking: "Send us a few lines with the contact form: we answer within two working days \
                  and book your first meeting, at our office on Českobratrská or online. It is \
                  free."
            .to_owned(),
        version: 0,
    }
}

/// Saves the settings as `admin` and writes the demo enquiries.
pub(super) async fn write(db: &Db, admin: UserId) -> anyhow::Result<()> {
    settings::save(db, &ostrava(), 0, admin).await?;
    let sent = |name: &str| crate::db::outbox::MailText {
        subject: "We received your message — Expat Centre Ostrava".to_owned(),
        body: format!(
            "Hello {name},\n\nthank you for writing to us. We answer within two working days.\n"
        ),
    };
    let new = [
        NewEnquiry {
            name: "Aiko Tanaka",
            email: "aiko.tanaka@example.com",
            phone: None,
            topic: Topic::Research,
            message: "I have an offer of a postdoc position at VŠB-TUO starting in March. Which permit do I need, and can my husband work in Ostrava too?",
            arrival_on: None,
        },
        NewEnquiry {
            name: "Rahul Mehta",
            email: "rahul.mehta@example.com",
            phone: Some("+91 98200 12345"),
            topic: Topic::Work,
            message: "I start as a software engineer in Ostrava next month with an employee card. Could we meet in my first week about registration and health insurance?",
            arrival_on: None,
        },
        NewEnquiry {
            name: "Lucía Fernández",
            email: "lucia.fernandez@example.com",
            phone: None,
            topic: Topic::Family,
            message: "We are moving with two children (6 and 9). How do we find an English-speaking school and a paediatrician?",
            arrival_on: None,
        },
    ];
    let mut ids = Vec::new();
    for enquiry in new {
        ids.push(enquiries::create(db, enquiry, &sent(enquiry.name)).await?);
    }
    if let Some(last) = ids.last() {
        let step = Step {
            version: 1,
            status: EnquiryStatus::InProgress,
            note_line: Some(
                "Called back; sent the list of international schools, meeting on Monday."
                    .to_owned(),
            ),
            case: None,
            actor: admin,
            what: "Marked in progress".to_owned(),
        };
        enquiries::take_step(db, *last, &step).await?;
    }
    Ok(())
}
