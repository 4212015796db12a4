//! Demo cases of families, students and EU citizens.

use softland_domain::KeyDate;
use softland_domain::case::CaseOutcome;
use softland_domain::document::DocumentKind;
use softland_domain::person::Relation::{Child, Spouse};

use super::spec::{BASE, Spec, Stage, Who};
use crate::db::notes::Visibility::{Internal, Shared};

/// The index in [`CASES`] of the family whose principal gets the demo expat login.
pub(super) const EXPAT_CASE: usize = 0;

pub(super) const CASES: &[Spec] = &[
    Spec {
        routes: &["employee-card", "family-reunification"],
        people: &[
            Who::new("Rajesh Kumar", "Indian", (1986, 8, 12))
                .passport("Z3301942", 2500)
                .email("rajesh.kumar@example.com"),
            Who::new("Sunita Kumar", "Indian", (1988, 2, 3))
                .passport("Z3301977", 2450)
                .is(Spouse),
            Who::new("Aarav Kumar", "Indian", (2017, 5, 20))
                .passport("Z7720114", 1100)
                .is(Child),
            Who::new("Diya Kumar", "Indian", (2021, 1, 9))
                .passport("Z7720152", 900)
                .is(Child),
        ],
        arrival: -75,
        opened: -210,
        dates: &[(KeyDate::AddressChange, -50)],
        missed: &["addr-tcn", "card-collect@1"],
        not_needed: &[(
            "aik@1",
            "Sunita completed the course during her 2019 stay; certificate on file",
        )],
        overrides: &[(
            "card-collect@1",
            12,
            "MoI letter: Sunita's card is ready for collection from this day",
        )],
        // Rajesh's passport enters its 180-day renewal lead time in 5 days (the daily sweep
        // adds "Renew your passport" then); Sunita's criminal-record extract is too old.
        documents: &[
            (
                0,
                DocumentKind::Passport,
                "Z3301942",
                "India",
                -3465,
                Some(185),
            ),
            (
                0,
                DocumentKind::HealthInsurance,
                "PVZP 7718204",
                "Czech Republic",
                -75,
                Some(290),
            ),
            (
                1,
                DocumentKind::Passport,
                "Z3301977",
                "India",
                -3200,
                Some(2450),
            ),
            (
                1,
                DocumentKind::CriminalRecordExtract,
                "PCC-2291",
                "India",
                -200,
                None,
            ),
            (
                2,
                DocumentKind::BirthCertificate,
                "BC/2017/55821",
                "India",
                -3100,
                None,
            ),
        ],
        notes: &[
            (
                190,
                Internal,
                "Family of four. {first} has the job offer from Vítkovice Steel; family applies in parallel.",
            ),
            (
                70,
                Shared,
                "Welcome to Ostrava! Next: biometrics for all four of you. The children need to come too.",
            ),
            (
                15,
                Internal,
                "They moved to a flat in Poruba last month and did not report it. Address change is overdue.",
            ),
        ],
        ..BASE
    },
    Spec {
        routes: &["eu-blue-card", "family-reunification"],
        consultant: 1,
        people: &[
            Who::new("Kim Min-jun", "South Korean", (1987, 4, 2))
                .passport("M58301946", 3200)
                .email("minjun.kim@example.com"),
            Who::new("Park Ji-woo", "South Korean", (1989, 11, 18))
                .passport("M58302117", 3200)
                .is(Spouse),
        ],
        arrival: -150,
        // Ji-woo's family permit was granted for a shorter time than Min-jun's Blue Card:
        // her own extension window opens long before his.
        person_dates: &[(1, KeyDate::PermitExpiry, 200)],
        notes: &[
            (
                140,
                Internal,
                "Hyundai plant engineer; wife Ji-woo joins on the family permit at the same time.",
            ),
            (
                20,
                Internal,
                "Ji-woo's card expires a year before Min-jun's (family permits follow the sponsor's remaining validity only up to a point): her own permit expiry is entered, so her extension has its own window.",
            ),
        ],
        ..BASE
    },
    Spec {
        routes: &["study"],
        consultant: 2,
        people: &[Who::new("Aruzhan Sadykova", "Kazakh", (2004, 3, 8))
            .passport("N14720385", 3000)
            .email("aruzhan.sadykova@example.com")],
        arrival: -60,
        ..BASE
    },
    Spec {
        routes: &["study"],
        people: &[Who::new("Emeka Okafor", "Nigerian", (2001, 8, 16))
            .passport("A09318254", 2000)
            .email("emeka.okafor@example.com")],
        arrival: -400,
        ..BASE
    },
    Spec {
        routes: &["study"],
        consultant: 1,
        people: &[Who::new("Trần Thị Mai", "Vietnamese", (2003, 12, 24))
            .passport("C9920471", 2800)
            .email("mai.tran@example.com")],
        arrival: 50,
        stage: Stage::Hold(
            "Start of studies postponed to the summer semester; waiting for the school's new confirmation",
        ),
        ..BASE
    },
    Spec {
        routes: &["study"],
        consultant: 2,
        people: &[Who::new("Lucas Pereira", "Brazilian", (2000, 1, 27))
            .passport("FV582017", 2600)
            .email("lucas.pereira@example.com")],
        arrival: -100,
        ..BASE
    },
    Spec {
        routes: &["study"],
        people: &[Who::new("Zhang Yifan", "Chinese", (2002, 6, 11))
            .passport("E83019264", 2400)
            .email("yifan.zhang@example.com")],
        arrival: -300,
        missed: &["ext-visa"],
        notes: &[(
            10,
            Shared,
            "{first}, the window for extending your visa is open. Please bring the study confirmation for next year.",
        )],
        ..BASE
    },
    Spec {
        routes: &["study"],
        consultant: 3,
        people: &[Who::new("Fatima Zahra Benali", "Moroccan", (2004, 9, 2))
            .passport("AB582910", 3100)
            .email("fatima.benali@example.com")],
        arrival: 20,
        ..BASE
    },
    Spec {
        routes: &["eu-citizen"],
        consultant: 1,
        people: &[Who::new("Katarzyna Nowak", "Polish", (1991, 5, 5)).email("k.nowak@example.com")],
        arrival: -30,
        opened: 3,
        ..BASE
    },
    Spec {
        routes: &["eu-citizen"],
        consultant: 2,
        people: &[
            Who::new("Marco Rossi", "Italian", (1984, 7, 21))
                .passport("YA4410382", 2900)
                .email("marco.rossi@example.com"),
            Who::new("Giulia Rossi", "Italian", (1986, 10, 14))
                .passport("YA4410519", 2900)
                .is(Spouse),
        ],
        arrival: -100,
        opened: 5,
        not_needed: &[(
            "eu-reg-cert",
            "The Rossis do not want the optional certificate for now",
        )],
        ..BASE
    },
    Spec {
        routes: &["eu-citizen"],
        people: &[Who::new("Lukas Schneider", "German", (1990, 2, 19))
            .passport("C4F7L2K19", 3300)
            .email("lukas.schneider@example.com")],
        arrival: -250,
        opened: 2,
        dates: &[(KeyDate::AddressChange, -12)],
        ..BASE
    },
    Spec {
        routes: &["eu-citizen"],
        consultant: 3,
        people: &[Who::new("Zuzana Horváthová", "Slovak", (1995, 8, 1))
            .email("zuzana.horvathova@example.com")],
        arrival: -200,
        opened: 1,
        stage: Stage::Closed(CaseOutcome::Granted, 90),
        ..BASE
    },
    Spec {
        routes: &["eu-citizen"],
        consultant: 1,
        people: &[Who::new("Elena Popescu", "Romanian", (1998, 3, 29))
            .passport("051938274", 3000)
            .email("elena.popescu@example.com")],
        arrival: -5,
        opened: 1,
        ..BASE
    },
    Spec {
        routes: &["eu-citizen"],
        consultant: 2,
        people: &[Who::new("Pierre Dubois", "French", (1989, 12, 12))
            .passport("19AV48213", 2700)
            .email("pierre.dubois@example.com")],
        arrival: 14,
        opened: -20,
        ..BASE
    },
    Spec {
        routes: &["family-reunification"],
        people: &[
            Who::new("Phạm Thị Lan", "Vietnamese", (1987, 4, 9))
                .passport("C6610293", 2600)
                .email("lan.pham@example.com"),
            Who::new("Lê Thu Hà", "Vietnamese", (2012, 9, 30))
                .passport("C6610311", 1500)
                .is(Child),
            Who::new("Lê Minh Khôi", "Vietnamese", (2017, 2, 14))
                .passport("C6610348", 1500)
                .is(Child),
        ],
        arrival: -40,
        notes: &[(
            38,
            Internal,
            "Joining husband Lê Văn Đức (permanent residence, shop in Ostrava-Jih). Two children.",
        )],
        ..BASE
    },
    Spec {
        routes: &["family-reunification"],
        consultant: 1,
        people: &[Who::new("Oyunchimeg Batbayar", "Mongolian", (1990, 1, 30))
            .passport("E1049972", 2300)
            .email("oyunchimeg.b@example.com")],
        arrival: -200,
        ..BASE
    },
    Spec {
        routes: &["family-reunification"],
        consultant: 2,
        people: &[
            Who::new("Olena Kovalenko", "Ukrainian", (1992, 6, 6))
                .passport("FT338170", 2800)
                .email("olena.kovalenko@example.com"),
            Who::new("Sofiia Kovalenko", "Ukrainian", (2019, 3, 3))
                .passport("FT338211", 1200)
                .is(Child),
        ],
        arrival: 30,
        waiting: &["fr-apply"],
        ..BASE
    },
    Spec {
        routes: &["family-reunification"],
        consultant: 3,
        people: &[Who::new("Ngozi Adeyemi", "Nigerian", (1989, 11, 11))
            .passport("A11983620", 2400)
            .email("ngozi.adeyemi@example.com")],
        arrival: -300,
        ..BASE
    },
    Spec {
        routes: &["eu-family"],
        consultant: 1,
        people: &[Who::new("Andriy Melnyk", "Ukrainian", (1990, 10, 4))
            .passport("FX902114", 2600)
            .email("andriy.melnyk@example.com")],
        arrival: -40,
        opened: 2,
        notes: &[(
            35,
            Internal,
            "Husband of Katarzyna Nowak (Polish, our EU-citizen case): as a non-EU family member he needs temporary residence within 3 months of entry.",
        )],
        ..BASE
    },
    Spec {
        routes: &["eu-worker"],
        consultant: 2,
        people: &[Who::new("Tomáš Kováč", "Slovak", (1994, 1, 12)).email("tomas.kovac@example.com")],
        arrival: -20,
        opened: 1,
        ..BASE
    },
    Spec {
        routes: &["eu-self-employed"],
        people: &[Who::new("Sophie Wagner", "Austrian", (1988, 5, 30))
            .passport("U4471902", 3000)
            .email("sophie.wagner@example.com")],
        arrival: -35,
        opened: 1,
        notes: &[(
            30,
            Shared,
            "{first}, welcome! As an EU citizen you can get the trade licence straight away; the social security and health insurer registrations follow within days.",
        )],
        ..BASE
    },
    Spec {
        routes: &["ict-card"],
        consultant: 1,
        people: &[Who::new("Vikram Nair", "Indian", (1983, 9, 9))
            .passport("Z5582013", 2900)
            .email("vikram.nair@example.com")],
        arrival: 25,
        opened: -60,
        ..BASE
    },
    Spec {
        routes: &["job-seeker"],
        consultant: 2,
        people: &[Who::new("Nguyễn Văn Hùng", "Vietnamese", (1999, 4, 21))
            .passport("C8820417", 2200)
            .email("hung.nguyen@example.com")],
        arrival: -1200,
        opened: 1150,
        notes: &[(
            10,
            Shared,
            "{first}, congratulations on your VŠB degree! Apply for the job-seeker permit before your study permit ends.",
        )],
        ..BASE
    },
    Spec {
        routes: &["permanent-residence"],
        consultant: 3,
        people: &[Who::new("Iryna Bondarenko", "Ukrainian", (1979, 12, 2))
            .passport("FU118203", 2500)
            .email("iryna.bondarenko@example.com")],
        arrival: -3000,
        opened: 2950,
        ..BASE
    },
];
