//! The demo centre's articles (issue 22): practical guides to living in Ostrava, two news
//! items, a draft nobody sees yet, and a published guide with changes not yet published.
//! Facts are the fact sheet's where it states them; elsewhere the text stays general.

use softland_domain::site::article::{ArticleKind, Slug};

use crate::db::Db;
use crate::db::site::articles::{self, ArticleDraft, Outcome, VersionText};
use crate::ids::UserId;
use crate::views::markdown;

/// (slug, kind, title, summary, body, partner kinds, published).
type Spec = (
    &'static str,
    ArticleKind,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    bool,
);

const ARTICLES: [Spec; 9] = [
    (
        "finding-a-flat",
        ArticleKind::Guide,
        "Finding a flat in Ostrava",
        "How renting works here, what a lease says, and what you need from your landlord for your residence papers.",
        "## Where to look\n\nMost flats are rented through estate agencies and the big Czech property portals. Ask your employer or university first: many have arrangements with landlords or halls of residence.\n\n## The lease\n\n- Ask for a written lease (nájemní smlouva) and a handover record of the flat's state and meter readings.\n- A deposit of up to three months' rent is common.\n- Ask which services (water, heating, cleaning of shared areas) the advance payments cover.\n\n## Papers you will need\n\nThe Foreign Police and the Ministry of the Interior ask for **proof of accommodation**: the lease, or a confirmation signed by the owner (the person in the land register). Ask your landlord for it before you sign.\n\nNot sure about a clause? [Book a first meeting](/contact) and bring the lease.",
        &["accommodation"],
        true,
    ),
    (
        "doctors-and-health-insurance",
        ArticleKind::Guide,
        "Finding a doctor (GP) and your health insurance",
        "How to register with a general practitioner in Ostrava, and which health insurance you need.",
        "## Health insurance first\n\nEmployees of a Czech employer are in the public health system from their first working day; the employer registers you with the insurer you choose. The public insurers and their codes are: 111 VZP, 201 VoZP, 205 ČPZP, 207 OZP, 209 ZPŠ, 211 ZPMV and 213 RBP. You may switch insurer once in 12 months.\n\nIf you are not in the public system (for example as a student or a family member), you need **comprehensive health insurance for foreigners** covering your whole stay.\n\n## Registering with a GP\n\nIn the Czech Republic you register with one general practitioner (praktický lékař), who refers you to specialists. Call or visit practices near your home and ask whether they take new patients; bring your insurance card and passport.\n\nSome doctors speak English: see the [organisations that can help](/directory?kind=health-care).\n\n## Emergencies\n\nCall **112** (the European emergency number) or **155** for an ambulance.",
        &["health-care", "insurer"],
        true,
    ),
    (
        "schools-and-kindergartens",
        ArticleKind::Guide,
        "Schools and kindergartens",
        "How children get a place at a kindergarten or school in Ostrava, and when to apply.",
        "## Kindergarten (mateřská škola)\n\nThe year before a child starts school, kindergarten is compulsory. Enrolment for the next school year takes place in spring; ask the kindergarten in your district about the dates and bring the child's passport and vaccination record.\n\n## Primary school (základní škola)\n\nSchool attendance is compulsory. Every child has a place at the school of their catchment district; other schools admit children if they have room. There are also private and international schools with teaching in English.\n\n## Help with Czech\n\nSchools can offer extra Czech lessons to pupils whose mother tongue is not Czech. Ask the head teacher.",
        &["school"],
        true,
    ),
    (
        "public-transport",
        ArticleKind::Guide,
        "Getting around: trams, buses and ODIS tickets",
        "Ostrava's trams, buses and trolleybuses are run by DPO; tickets and passes work across the regional ODIS system.",
        "## DPO and ODIS\n\nPublic transport in Ostrava (trams, buses and trolleybuses) is run by **DPO** (Dopravní podnik Ostrava). Tickets belong to **ODIS**, the integrated transport system of the Moravian-Silesian Region, so one ticket can cover trains and regional buses too.\n\n## Tickets\n\n- Single tickets are valid for a time and a number of zones; validate a paper ticket when you board.\n- Regular travellers save with a personal pass for a month, a quarter or a year.\n- Check current prices and the apps on the DPO and ODIS websites before you travel.\n\n## Tips\n\nRide with a valid ticket: inspectors check often and fines are paid on the spot.",
        &[],
        true,
    ),
    (
        "taxes-for-employees",
        ArticleKind::Guide,
        "Income tax when you are employed",
        "What your employer does about income tax and insurance, and when you file a tax return yourself.",
        "## What your employer does\n\nYour employer deducts income tax, social security and health insurance from your salary every month. Health insurance is 13.5 % of the gross wage: 9 % paid by the employer and 4.5 % by you.\n\n## The annual settlement\n\nSign the employer's tax declaration (prohlášení poplatníka) when you start: it gives you the basic tax credit every month. After the year ends you can ask your employer for the annual settlement, or file a tax return yourself — you must file one if you had other income.\n\nDeadlines and forms change: ask us, or a tax adviser, before you file.",
        &[],
        true,
    ),
    (
        "exchanging-a-driving-licence",
        ArticleKind::Guide,
        "Driving in Ostrava with a foreign licence",
        "When your licence is valid here, and how to exchange a licence from outside the EU.",
        "## EU, EEA and Swiss licences\n\nThey are valid in the Czech Republic without an exchange.\n\n## Licences from outside the EU\n\nIf you have a long-term or permanent residence permit, you must exchange a non-EU licence for a Czech one; when exactly is not stated the same way by every source, so ask us early. Since 2024 holders of a national or international licence can take a driving-proficiency test (theory and practical, with an interpreter) instead of going to a driving school.\n\nIn Ostrava, licences and car registration are handled by the City Hall's transport administration.",
        &["public-office"],
        true,
    ),
    (
        "new-opening-hours",
        ArticleKind::News,
        "Longer opening hours on Thursdays",
        "From next month we are open until 18:00 on Thursdays, so that you can come after work.",
        "From next month the centre is open until **18:00 on Thursdays**. Book a first meeting through the [contact form](/contact) or just come by.",
        &[],
        true,
    ),
    (
        "autumn-workshops",
        ArticleKind::News,
        "Autumn workshops: housing, taxes and Czech for beginners",
        "Our autumn programme of free workshops in English is out: see the events and register.",
        "Our autumn programme is out: workshops on renting a flat, on income tax for employees, and a beginners' Czech course. All are free and in English. See the [events](/events) and register.",
        &[],
        true,
    ),
    (
        "banks-and-accounts",
        ArticleKind::Guide,
        "Opening a bank account",
        "What banks ask for when you open an account in Ostrava.",
        "Draft: most banks open an account with your passport and a second document; some ask for your residence card. To be checked with our partner banks before publishing.",
        &["bank"],
        false,
    ),
];

fn draft(spec: &Spec) -> anyhow::Result<ArticleDraft> {
    let (slug, kind, title, summary, body, kinds, _) = *spec;
    Ok(ArticleDraft {
        slug: Slug::parse(slug)?,
        kind,
        partner_kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
        text: VersionText {
            title: title.to_owned(),
            summary: summary.to_owned(),
            body: body.to_owned(),
        },
    })
}

/// Writes the articles as `author`.
pub async fn write(db: &Db, author: UserId) -> anyhow::Result<()> {
    for spec in &ARTICLES {
        let d = draft(spec)?;
        let outcome = if spec.6 {
            Outcome::Publish {
                html: markdown::to_html(&d.text.body),
                text: markdown::to_text(&d.text.body),
            }
        } else {
            Outcome::Draft
        };
        let id = articles::create(db, &d, &outcome, author).await?;
        // The transport guide has a newer version waiting to be published.
        if spec.0 == "public-transport" {
            let mut newer = d.clone();
            newer.text.body.push_str(
                "\n\n## Night lines\n\nDraft: add the night lines once the new timetable is out.",
            );
            articles::save(db, id, 1, &newer, &Outcome::Draft, author).await?;
        }
    }
    Ok(())
}
