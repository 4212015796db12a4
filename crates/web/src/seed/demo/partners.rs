//! The demo centre's partner network (issue 21): a made-up but plausible Ostrava network —
//! universities, big employers, insurers, hospitals and English-speaking doctors, schools,
//! banks, language schools, accommodation, public offices and communities — with contact
//! people, and the checklist items each kind (or one partner) helps with. Names, people,
//! addresses, e-mails and phone numbers are invented for the demo.

use std::collections::HashMap;

use anyhow::Context as _;
use chrono::{Duration, NaiveDate};
use softland_domain::partner::{
    Agreement, AgreementStatus, Labels, Languages, OpeningHours, Phone, Website,
};
use softland_domain::person::Email;

use crate::db::Db;
use crate::db::partners::{self, ContactPerson, Details, Helps};
use crate::ids::{OrganisationId, UserId};

/// One demo organisation: kind slug, name, district, address, hours, website, e-mail,
/// phone, languages, services, tags, public, agreement (status, months since it began),
/// contacts (name, role, e-mail, phone).
struct Org {
    kind: &'static str,
    name: &'static str,
    district: &'static str,
    address: &'static str,
    hours: &'static str,
    website: &'static str,
    email: &'static str,
    phone: &'static str,
    languages: &'static str,
    services: &'static str,
    tags: &'static str,
    agreement: (AgreementStatus, i64),
    contacts: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

/// The employer whose demo user sees their new hire's progress.
pub(super) const EMPLOYER: &str = "Vítkov Steelworks a.s.";
/// The English-speaking paediatrician of the demo family's referral.
pub(super) const PAEDIATRICIAN: &str = "Children's Practice Dr. Kowalska";
/// The school of the demo family's referral.
pub(super) const SCHOOL: &str = "Bilingual Primary School Poruba";

const ORGS: [Org; 24] = [
    Org {
        kind: "university",
        name: "Moravian-Silesian Technical University",
        district: "Poruba",
        address: "17. listopadu 2172/15, 708 00 Ostrava-Poruba",
        hours: "Mon-Thu 9:00-15:00; Fri 9:00-12:00",
        website: "www.mstu-demo.example",
        email: "international@mstu-demo.example",
        phone: "+420 597 321 100",
        languages: "English, Czech",
        services: "International office, Student visas, Housing in halls",
        tags: "students, researchers",
        agreement: (AgreementStatus::Active, 30),
        contacts: &[
            (
                "Kateřina Holubová",
                "International office",
                "holubova@mstu-demo.example",
                "+420 597 321 104",
            ),
            (
                "Dr. Amit Verma",
                "Welcome service for researchers",
                "verma@mstu-demo.example",
                "+420 597 321 108",
            ),
        ],
    },
    Org {
        kind: "university",
        name: "Ostrava City University",
        district: "Moravská Ostrava",
        address: "Dvořákova 7, 701 03 Ostrava",
        hours: "Mon-Fri 9:00-14:00",
        website: "https://ocu-demo.example/en",
        email: "welcome@ocu-demo.example",
        phone: "+420 553 461 200",
        languages: "English, Czech, Polish",
        services: "International office, Czech courses for students",
        tags: "students",
        agreement: (AgreementStatus::Negotiating, 0),
        contacts: &[(
            "Marek Dvořák",
            "Erasmus and degree students",
            "dvorak@ocu-demo.example",
            "+420 553 461 215",
        )],
    },
    Org {
        kind: "employer",
        name: EMPLOYER,
        district: "Vítkovice",
        address: "Ruská 2887/101, 703 00 Ostrava-Vítkovice",
        hours: "Mon-Fri 7:00-15:30",
        website: "www.vitkov-steel-demo.example",
        email: "hr@vitkov-steel-demo.example",
        phone: "+420 595 951 111",
        languages: "English, Czech",
        services: "Relocation support, Employee cards, Company housing",
        tags: "engineering, large employer",
        agreement: (AgreementStatus::Active, 18),
        contacts: &[
            (
                "Helena Šťastná",
                "HR, international hires",
                "stastna@vitkov-steel-demo.example",
                "+420 595 951 230",
            ),
            (
                "Tomáš Kubíček",
                "Relocation coordinator",
                "kubicek@vitkov-steel-demo.example",
                "+420 595 951 232",
            ),
        ],
    },
    Org {
        kind: "employer",
        name: "Nordlake Software s.r.o.",
        district: "Moravská Ostrava",
        address: "Nádražní 3380/184, 702 00 Ostrava",
        hours: "Mon-Fri 9:00-17:00",
        website: "nordlake-demo.example",
        email: "people@nordlake-demo.example",
        phone: "+420 596 112 400",
        languages: "English",
        services: "Relocation support, EU Blue Cards",
        tags: "IT",
        agreement: (AgreementStatus::Active, 8),
        contacts: &[(
            "Sofia Lindqvist",
            "People team",
            "sofia@nordlake-demo.example",
            "+420 596 112 401",
        )],
    },
    Org {
        kind: "employer",
        name: "Hrabová Automotive Components s.r.o.",
        district: "Hrabová",
        address: "Průmyslová 1140, 720 00 Ostrava-Hrabová",
        hours: "Mon-Fri 6:00-14:30",
        website: "hac-demo.example",
        email: "hr@hac-demo.example",
        phone: "+420 596 730 500",
        languages: "Czech, English, Ukrainian",
        services: "Employee cards, Shift work",
        tags: "manufacturing",
        agreement: (AgreementStatus::None, 0),
        contacts: &[(
            "Oksana Melnyk",
            "HR assistant",
            "melnyk@hac-demo.example",
            "+420 596 730 512",
        )],
    },
    Org {
        kind: "insurer",
        name: "Moravia General Health Insurance",
        district: "Moravská Ostrava",
        address: "Českobratrská 1403/2, 702 00 Ostrava",
        hours: "Mon, Wed 8:00-17:00; Tue, Thu 8:00-15:00; Fri 8:00-14:00",
        website: "www.mghi-demo.example",
        email: "ostrava@mghi-demo.example",
        phone: "+420 952 222 222",
        languages: "Czech, English",
        services: "Public health insurance, European Health Insurance Card",
        tags: "public system",
        agreement: (AgreementStatus::Active, 24),
        contacts: &[(
            "Ivana Polášková",
            "Client centre",
            "polaskova@mghi-demo.example",
            "+420 952 222 230",
        )],
    },
    Org {
        kind: "insurer",
        name: "Comfort Care Insurance for Foreigners",
        district: "Moravská Ostrava",
        address: "28. října 3346/91, 702 00 Ostrava",
        hours: "Mon-Fri 9:00-17:00",
        website: "https://comfortcare-demo.example",
        email: "foreigners@comfortcare-demo.example",
        phone: "+420 599 500 600",
        languages: "English, Russian, Ukrainian, Vietnamese",
        services: "Comprehensive health insurance for foreigners, Travel insurance",
        tags: "commercial",
        agreement: (AgreementStatus::Active, 12),
        contacts: &[(
            "Linh Nguyen",
            "Adviser",
            "nguyen@comfortcare-demo.example",
            "+420 599 500 611",
        )],
    },
    Org {
        kind: "health-care",
        name: "Poruba Faculty Hospital",
        district: "Poruba",
        address: "17. listopadu 1790/5, 708 52 Ostrava-Poruba",
        hours: "Mon-Sun 0:00-23:59",
        website: "www.pfh-demo.example",
        email: "info@pfh-demo.example",
        phone: "+420 597 371 111",
        languages: "Czech, English",
        services: "Hospital, Emergency, Maternity, International patients desk",
        tags: "hospital",
        agreement: (AgreementStatus::None, 0),
        contacts: &[(
            "Bc. Jitka Marková",
            "International patients desk",
            "markova@pfh-demo.example",
            "+420 597 371 505",
        )],
    },
    Org {
        kind: "health-care",
        name: "Family Clinic Dr. Nováková",
        district: "Moravská Ostrava",
        address: "Sokolská třída 1263/24, 702 00 Ostrava",
        hours: "Mon, Wed 7:30-13:00; Tue, Thu 12:00-18:00; Fri 7:30-11:00",
        website: "clinic-novakova-demo.example",
        email: "ordinace@clinic-novakova-demo.example",
        phone: "+420 596 115 320",
        languages: "Czech, English, German",
        services: "GP for adults, Takes new patients",
        tags: "english-friendly",
        agreement: (AgreementStatus::None, 0),
        contacts: &[(
            "MUDr. Eva Nováková",
            "General practitioner",
            "novakova@clinic-novakova-demo.example",
            "+420 596 115 320",
        )],
    },
    Org {
        kind: "health-care",
        name: PAEDIATRICIAN,
        district: "Poruba",
        address: "Hlavní třída 583/98, 708 00 Ostrava-Poruba",
        hours: "Mon-Thu 7:30-12:00, 13:00-15:30; Fri 7:30-12:00",
        website: "kids-kowalska-demo.example",
        email: "ordinace@kids-kowalska-demo.example",
        phone: "+420 596 911 404",
        languages: "Czech, English, Polish",
        services: "Paediatrician, Vaccinations, Takes new patients",
        tags: "english-friendly, children",
        agreement: (AgreementStatus::None, 0),
        contacts: &[(
            "MUDr. Anna Kowalska",
            "Paediatrician",
            "kowalska@kids-kowalska-demo.example",
            "+420 596 911 404",
        )],
    },
    Org {
        kind: "health-care",
        name: "Zábřeh Dental Care",
        district: "Zábřeh",
        address: "Horní 1492/55, 700 30 Ostrava-Hrabůvka",
        hours: "Mon-Fri 8:00-16:00",
        website: "zdc-demo.example",
        email: "recepce@zdc-demo.example",
        phone: "+420 596 767 010",
        languages: "Czech, English, Russian",
        services: "Dentist, Dental hygiene",
        tags: "english-friendly",
        agreement: (AgreementStatus::None, 0),
        contacts: &[],
    },
    Org {
        kind: "school",
        name: "International School of Ostrava",
        district: "Poruba",
        address: "Gustava Klimenta 493/3, 708 00 Ostrava-Poruba",
        hours: "Mon-Fri 7:30-16:00",
        website: "https://iso-demo.example",
        email: "admissions@iso-demo.example",
        phone: "+420 596 919 100",
        languages: "English",
        services: "Primary school, Secondary school, International Baccalaureate",
        tags: "fee-paying, children",
        agreement: (AgreementStatus::Active, 20),
        contacts: &[(
            "Rachel Moore",
            "Admissions",
            "moore@iso-demo.example",
            "+420 596 919 105",
        )],
    },
    Org {
        kind: "school",
        name: SCHOOL,
        district: "Poruba",
        address: "Ukrajinská 1533/19, 708 00 Ostrava-Poruba",
        hours: "Mon-Fri 7:00-16:30",
        website: "bilingual-poruba-demo.example",
        email: "skola@bilingual-poruba-demo.example",
        phone: "+420 596 918 700",
        languages: "Czech, English",
        services: "Primary school, Czech support for foreign pupils, After-school club",
        tags: "public school, children",
        agreement: (AgreementStatus::Active, 10),
        contacts: &[(
            "Mgr. Petra Vojtková",
            "Deputy head, pupils from abroad",
            "vojtkova@bilingual-poruba-demo.example",
            "+420 596 918 711",
        )],
    },
    Org {
        kind: "school",
        name: "Little Oaks English Kindergarten",
        district: "Moravská Ostrava",
        address: "Jílová 2, 702 00 Ostrava",
        hours: "Mon-Fri 7:00-17:00",
        website: "littleoaks-demo.example",
        email: "hello@littleoaks-demo.example",
        phone: "+420 777 120 340",
        languages: "English, Czech",
        services: "Kindergarten, Pre-school year",
        tags: "children",
        agreement: (AgreementStatus::None, 0),
        contacts: &[],
    },
    Org {
        kind: "bank",
        name: "Silesia Bank, Nová Karolina branch",
        district: "Moravská Ostrava",
        address: "Jantarová 3344/4, 702 00 Ostrava",
        hours: "Mon-Fri 9:00-18:00; Sat 9:00-12:00",
        website: "www.silesiabank-demo.example",
        email: "karolina@silesiabank-demo.example",
        phone: "+420 800 100 200",
        languages: "Czech, English",
        services: "Accounts for foreigners, Accounts without a residence card",
        tags: "english-friendly",
        agreement: (AgreementStatus::Active, 14),
        contacts: &[(
            "Jan Horák",
            "Personal banker",
            "horak@silesiabank-demo.example",
            "+420 800 100 215",
        )],
    },
    Org {
        kind: "bank",
        name: "Moravian Savings Bank, Poruba branch",
        district: "Poruba",
        address: "Hlavní třída 559/76, 708 00 Ostrava-Poruba",
        hours: "Mon-Fri 9:00-17:00",
        website: "msb-demo.example",
        email: "poruba@msb-demo.example",
        phone: "+420 956 777 000",
        languages: "Czech, Ukrainian",
        services: "Accounts, Mortgages",
        tags: "",
        agreement: (AgreementStatus::None, 0),
        contacts: &[],
    },
    Org {
        kind: "language-school",
        name: "Czech for Foreigners Ostrava",
        district: "Moravská Ostrava",
        address: "Českobratrská 20, 702 00 Ostrava",
        hours: "Mon-Thu 9:00-19:00; Fri 9:00-14:00",
        website: "czechforforeigners-demo.example",
        email: "courses@cff-demo.example",
        phone: "+420 608 300 400",
        languages: "Czech, English, Ukrainian, Russian",
        services: "Czech courses, A2 exam preparation, Adaptation-integration course",
        tags: "evening courses",
        agreement: (AgreementStatus::Active, 16),
        contacts: &[(
            "Lenka Bartošová",
            "Course coordinator",
            "bartosova@cff-demo.example",
            "+420 608 300 401",
        )],
    },
    Org {
        kind: "language-school",
        name: "Lingua Centrum Ostrava",
        district: "Vítkovice",
        address: "Výstavní 2224/8, 703 00 Ostrava",
        hours: "Mon-Fri 10:00-18:00",
        website: "lingua-demo.example",
        email: "info@lingua-demo.example",
        phone: "+420 596 612 200",
        languages: "Czech, English, Spanish",
        services: "Czech courses, Business Czech",
        tags: "",
        agreement: (AgreementStatus::Ended, 36),
        contacts: &[],
    },
    Org {
        kind: "accommodation",
        name: "Stodolní Residence Apartments",
        district: "Moravská Ostrava",
        address: "Stodolní 802/12, 702 00 Ostrava",
        hours: "Mon-Sun 8:00-20:00",
        website: "stodolni-residence-demo.example",
        email: "stay@stodolni-residence-demo.example",
        phone: "+420 733 555 010",
        languages: "English, Czech",
        services: "Furnished apartments, Short stays for newcomers, Confirmation of accommodation",
        tags: "furnished",
        agreement: (AgreementStatus::Active, 6),
        contacts: &[(
            "Ondřej Malý",
            "Lettings",
            "maly@stodolni-residence-demo.example",
            "+420 733 555 012",
        )],
    },
    Org {
        kind: "accommodation",
        name: "Poruba Student Halls",
        district: "Poruba",
        address: "Studentská 1770/1, 708 00 Ostrava-Poruba",
        hours: "Mon-Fri 8:00-15:00",
        website: "halls-demo.example",
        email: "halls@halls-demo.example",
        phone: "+420 597 329 000",
        languages: "Czech, English",
        services: "Student rooms, Confirmation of accommodation",
        tags: "students",
        agreement: (AgreementStatus::None, 0),
        contacts: &[],
    },
    Org {
        kind: "public-office",
        name: "Ministry of the Interior, Ostrava office for foreigners (demo)",
        district: "Moravská Ostrava",
        address: "Ostrava (see the ministry's website for the address)",
        hours: "Mon, Wed 8:00-17:00; Tue, Thu 8:00-14:00; Fri 8:00-12:00",
        website: "https://frs.gov.cz/en/",
        email: "",
        phone: "",
        languages: "Czech, English",
        services: "Residence permits, Biometrics, Residence cards, Change of address",
        tags: "appointments",
        agreement: (AgreementStatus::None, 0),
        contacts: &[],
    },
    Org {
        kind: "community",
        name: "Ostrava Expats Club",
        district: "Moravská Ostrava",
        address: "Masarykovo náměstí 5, 702 00 Ostrava",
        hours: "Thu 18:00-22:00",
        website: "ostrava-expats-demo.example",
        email: "hello@ostrava-expats-demo.example",
        phone: "",
        languages: "English, Spanish, French",
        services: "Meetups, Family picnics, Hiking trips",
        tags: "community",
        agreement: (AgreementStatus::Active, 26),
        contacts: &[(
            "Diego Alvarez",
            "Organiser",
            "diego@ostrava-expats-demo.example",
            "+420 777 800 900",
        )],
    },
    Org {
        kind: "community",
        name: "Ukrainian Community of Ostrava",
        district: "Přívoz",
        address: "Palackého 42, 702 00 Ostrava-Přívoz",
        hours: "Tue, Thu 16:00-19:00; Sat 10:00-13:00",
        website: "ua-ostrava-demo.example",
        email: "info@ua-ostrava-demo.example",
        phone: "+420 773 210 210",
        languages: "Ukrainian, Russian, Czech",
        services: "Advice in Ukrainian, Children's Saturday school",
        tags: "community",
        agreement: (AgreementStatus::Negotiating, 0),
        contacts: &[],
    },
    Org {
        kind: "community",
        name: "Indian Association of Moravia-Silesia",
        district: "Poruba",
        address: "Opavská 6230, 708 00 Ostrava-Poruba",
        hours: "",
        website: "iams-demo.example",
        email: "contact@iams-demo.example",
        phone: "",
        languages: "Hindi, English, Tamil",
        services: "Festivals, Cricket club, Newcomer evenings",
        tags: "community",
        agreement: (AgreementStatus::None, 0),
        contacts: &[],
    },
];

/// Which kinds help with which checklist item.
const KIND_LINKS: [(&str, &[&str]); 19] = [
    ("health-insurance", &["insurer"]),
    ("insurance-renew", &["insurer"]),
    ("eu-health-insurance", &["insurer"]),
    ("eu-fam-insurance", &["insurer"]),
    ("public-insurance", &["insurer"]),
    ("pr-public-insurance", &["insurer"]),
    ("osvc-health", &["insurer"]),
    ("bank-account", &["bank"]),
    ("school-preschool", &["school"]),
    ("school-attendance", &["school"]),
    ("pr-czech-exam", &["language-school"]),
    ("reg-tcn", &["public-office"]),
    ("reg-eu", &["public-office"]),
    ("addr-tcn", &["public-office"]),
    ("addr-eu", &["public-office"]),
    ("biometrics", &["public-office"]),
    ("card-collect", &["public-office"]),
    ("study-confirmation", &["university"]),
    ("jobseek", &["employer"]),
];

/// Items one partner is named for (besides its kind).
const NAMED_LINKS: [(&str, &str); 2] = [
    ("aik", "Czech for Foreigners Ostrava"),
    ("bank-account", "Silesia Bank, Nová Karolina branch"),
];

fn opt<T, E: std::fmt::Debug>(
    raw: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> anyhow::Result<Option<T>> {
    if raw.is_empty() {
        return Ok(None);
    }
    parse(raw)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("demo value {raw:?}: {e:?}"))
}

fn details(
    org: &Org,
    kinds: &HashMap<String, crate::ids::PartnerKindId>,
    today: NaiveDate,
) -> anyhow::Result<Details> {
    let kind = *kinds.get(org.kind).context("a built-in kind")?;
    let (status, months) = org.agreement;
    let began = today - Duration::days(months * 30);
    let (from, until) = match status {
        AgreementStatus::None | AgreementStatus::Negotiating => (None, None),
        AgreementStatus::Active => (Some(began), None),
        AgreementStatus::Ended => (Some(began), Some(today - Duration::days(120))),
    };
    let agreement = Agreement::new(status, from, until)
        .map_err(|e| anyhow::anyhow!("demo agreement of {}: {e:?}", org.name))?;
    let bad = |e: &dyn std::fmt::Debug| anyhow::anyhow!("demo value of {}: {e:?}", org.name);
    Ok(Details {
        kind,
        name: org.name.to_owned(),
        address: Some(org.address.to_owned()),
        district: Some(org.district.to_owned()),
        opening_hours: OpeningHours::parse(org.hours).map_err(|e| bad(&e))?,
        website: opt(org.website, Website::parse)?,
        email: opt(org.email, Email::parse)?,
        phone: opt(org.phone, Phone::parse)?,
        languages: Languages::parse(org.languages).map_err(|e| bad(&e))?,
        services: Labels::parse(org.services).map_err(|e| bad(&e))?,
        tags: Labels::parse(org.tags).map_err(|e| bad(&e))?,
        notes: (status == AgreementStatus::Negotiating)
            .then(|| "Meeting about a partnership agreement planned; ask Martin.".to_owned()),
        active: true,
        public: org.kind != "employer",
        agreement,
        // Some partners were last spoken to over 6 months ago (partnership management flags
        // them); those negotiating, recently.
        last_contact_on: match status {
            AgreementStatus::Negotiating => Some(today - Duration::days(12)),
            _ => (months > 0).then(|| today - Duration::days(months * 7 + 5)),
        },
    })
}

/// The demo network, by organisation name.
pub(super) struct Network {
    by_name: HashMap<&'static str, OrganisationId>,
}

impl Network {
    /// The organisation called `name`.
    pub(super) fn get(&self, name: &str) -> anyhow::Result<OrganisationId> {
        self.by_name
            .get(name)
            .copied()
            .with_context(|| format!("the demo organisation {name}"))
    }
}

/// Writes the network (as `actor`, an admin) and returns it.
pub(super) async fn write(db: &Db, actor: UserId, today: NaiveDate) -> anyhow::Result<Network> {
    let kinds: HashMap<String, _> = partners::kinds(db)
        .await?
        .into_iter()
        .map(|k| (k.slug, k.id))
        .collect();
    let mut by_name = HashMap::new();
    for org in &ORGS {
        let id = partners::create_organisation(db, &details(org, &kinds, today)?, actor).await?;
        for (name, role, email, phone) in org.contacts {
            let person = ContactPerson {
                name: (*name).to_owned(),
                role: Some((*role).to_owned()),
                email: opt(email, Email::parse)?,
                phone: opt(phone, Phone::parse)?,
            };
            partners::add_contact(db, id, &person, actor).await?;
        }
        by_name.insert(org.name, id);
    }
    let network = Network { by_name };
    let mut links: HashMap<&str, Vec<Helps>> = HashMap::new();
    for (item, slugs) in KIND_LINKS {
        for slug in slugs {
            let kind = *kinds.get(*slug).context("a built-in kind")?;
            links.entry(item).or_default().push(Helps::Kind(kind));
        }
    }
    for (item, name) in NAMED_LINKS {
        links
            .entry(item)
            .or_default()
            .push(Helps::Organisation(network.get(name)?));
    }
    for (item, helpers) in links {
        partners::set_item_helpers(db, item, &helpers, actor).await?;
    }
    Ok(network)
}
