//! Demo cases of people who come to work: employee card, EU Blue Card, business.

use softland_domain::KeyDate;
use softland_domain::case::CaseOutcome;

use super::spec::{BASE, Spec, Stage, Who};
use crate::db::notes::Visibility::{Internal, Shared};

pub(super) const CASES: &[Spec] = &[
    Spec {
        routes: &["employee-card"],
        people: &[Who::new("Priya Raman", "Indian", (1990, 3, 14))
            .passport("Z4829173", 2900)
            .email("priya.raman@example.com")],
        arrival: -400,
        notes: &[
            (
                380,
                Shared,
                "Welcome to Ostrava, {first}! Your registration at the MoI is done; keep the stamped form with your passport.",
            ),
            (
                12,
                Internal,
                "Integration course is due soon. {first} prefers a Saturday session in English; checked CPIC's calendar.",
            ),
        ],
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        consultant: 1,
        people: &[Who::new("Oleksandr Bondarenko", "Ukrainian", (1984, 11, 2))
            .passport("FT518244", 200)
            .email("o.bondarenko@example.com")],
        arrival: -350,
        notes: &[
            (
                20,
                Internal,
                "Passport expires before the card. The consulate in Prague has appointments from next month; {first} will book one.",
            ),
            (
                19,
                Shared,
                "{first}, please renew your passport before your residence card runs out: the card cannot be longer than the passport.",
            ),
        ],
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        consultant: 2,
        people: &[Who::new("Nguyễn Văn Long", "Vietnamese", (1995, 6, 30))
            .passport("C7731052", 2600)
            .email("long.nguyen@example.com")],
        arrival: -20,
        missed: &["reg-dvr"],
        notes: &[
            (
                2,
                Internal,
                "Registration with the MoI was not done within three working days. Called {first} and his employer; appointment requested.",
            ),
            (
                1,
                Shared,
                "{first}, please come to the MoI office at Výstavní 55 as soon as possible and bring your passport and lease.",
            ),
        ],
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        people: &[Who::new("Maria Santos", "Filipino", (1992, 1, 22))
            .passport("P3391027A", 3100)
            .email("maria.santos@example.com")],
        arrival: 45,
        waiting: &["ec-apply"],
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        consultant: 1,
        people: &[Who::new("Bat-Erdene Ganbold", "Mongolian", (1988, 9, 5))
            .passport("E1049938", 1800)
            .email("baterdene.g@example.com")],
        arrival: -120,
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        consultant: 2,
        people: &[Who::new("Dilnoza Karimova", "Uzbek", (1993, 4, 17))
            .passport("FA2284610", 2400)
            .email("dilnoza.karimova@example.com")],
        arrival: -200,
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        people: &[Who::new("Jelena Marković", "Serbian", (1986, 12, 8))
            .passport("011928374", 2000)
            .email("jelena.markovic@example.com")],
        arrival: -410,
        dates: &[(KeyDate::PermitExpiry, 9)],
        missed: &["ext-ltr"],
        notes: &[
            (
                30,
                Internal,
                "Card was issued only for the length of the first contract. New contract signed; extension papers almost complete.",
            ),
            (
                3,
                Shared,
                "{first}, the extension must reach the MoI before your card expires. Please bring the new contract on Monday.",
            ),
        ],
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        consultant: 1,
        people: &[Who::new("Tariq Mahmood", "Pakistani", (1991, 7, 19))
            .passport("AB4410287", 2200)
            .email("tariq.mahmood@example.com")],
        arrival: -150,
        stage: Stage::Closed(CaseOutcome::Withdrawn, 60),
        notes: &[(
            61,
            Internal,
            "Employer withdrew the job offer after a restructuring. {first} returns home; case closed.",
        )],
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        consultant: 2,
        people: &[Who::new("Dmytro Shevchenko", "Ukrainian", (1979, 2, 27))
            .passport("FT774012", 2700)
            .email("d.shevchenko@example.com")],
        arrival: -160,
        not_needed: &[(
            "bank-account",
            "Already has an account at Česká spořitelna from earlier seasonal work",
        )],
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        consultant: 3,
        people: &[Who::new("Kristine Reyes", "Filipino", (1997, 10, 3))
            .passport("P5528104B", 3300)
            .email("kristine.reyes@example.com")],
        arrival: -10,
        ..BASE
    },
    Spec {
        routes: &["employee-card"],
        people: &[Who::new("Serik Abenov", "Kazakh", (1987, 5, 11))
            .passport("N12840577", 2100)
            .email("serik.abenov@example.com")],
        arrival: -280,
        ..BASE
    },
    Spec {
        routes: &["eu-blue-card"],
        consultant: 1,
        people: &[Who::new("Michael Johnson", "American", (1985, 8, 23))
            .passport("548120937", 2500)
            .email("mike.johnson@example.com")],
        arrival: -300,
        overrides: &[("aik", 40, "Course booked at CPIC Ostrava for this date")],
        ..BASE
    },
    Spec {
        routes: &["eu-blue-card"],
        consultant: 2,
        people: &[Who::new("Ana Beatriz Oliveira", "Brazilian", (1994, 2, 9))
            .passport("FV391846", 2800)
            .email("anabeatriz.oliveira@example.com")],
        arrival: -60,
        missed: &["biometrics"],
        overrides: &[(
            "biometrics",
            9,
            "Appointment at the MoI office set by the MoI's letter",
        )],
        ..BASE
    },
    Spec {
        routes: &["eu-blue-card"],
        people: &[Who::new("Arjun Menon", "Indian", (1989, 12, 1))
            .passport("Z6610384", 3000)
            .email("arjun.menon@example.com")],
        arrival: 30,
        waiting: &["bc-apply"],
        notes: &[(
            35,
            Internal,
            "Blue Card application filed at the embassy in New Delhi. Statutory decision period is 90 days.",
        )],
        ..BASE
    },
    Spec {
        routes: &["eu-blue-card"],
        consultant: 1,
        people: &[Who::new("Chen Wei", "Chinese", (1990, 5, 28))
            .passport("E69024418", 2300)
            .email("chen.wei@example.com")],
        arrival: -250,
        ..BASE
    },
    Spec {
        routes: &["eu-blue-card"],
        consultant: 3,
        people: &[Who::new("Ahmed Hassan", "Egyptian", (1983, 1, 15))
            .passport("A23901845", 2600)
            .email("ahmed.hassan@example.com")],
        arrival: -330,
        stage: Stage::Closed(CaseOutcome::Granted, 40),
        ..BASE
    },
    Spec {
        routes: &["eu-blue-card"],
        consultant: 2,
        people: &[Who::new("Kateryna Melnyk", "Ukrainian", (1992, 7, 7))
            .passport("FT902113", 2900)
            .email("kateryna.melnyk@example.com")],
        arrival: -180,
        not_needed: &[("bc-end", "Permanent contract; no end of employment planned")],
        ..BASE
    },
    Spec {
        routes: &["business"],
        consultant: 1,
        people: &[Who::new("Nguyễn Thị Hoa", "Vietnamese", (1982, 3, 3))
            .passport("C5592031", 2200)
            .email("hoa.nguyen@example.com")],
        arrival: -380,
        dates: &[(KeyDate::InsuranceEnd, 100)],
        notes: &[(
            7,
            Internal,
            "Insurance contract ends before the permit. {first} asked her broker for an offer covering the whole stay.",
        )],
        ..BASE
    },
    Spec {
        routes: &["business"],
        consultant: 2,
        people: &[Who::new("Oksana Tkachenko", "Ukrainian", (1990, 10, 12))
            .passport("FT661930", 2500)
            .email("oksana.tkachenko@example.com")],
        arrival: -90,
        missed: &["osvc-ossz"],
        ..BASE
    },
    Spec {
        routes: &["business"],
        people: &[Who::new("David Miller", "American", (1981, 6, 4))
            .passport("561093284", 2700)
            .email("david.miller@example.com")],
        arrival: -200,
        ..BASE
    },
    Spec {
        routes: &["business"],
        consultant: 1,
        people: &[Who::new("Emre Yılmaz", "Turkish", (1993, 9, 21))
            .passport("U19384720", 3000)
            .email("emre.yilmaz@example.com")],
        arrival: 60,
        ..BASE
    },
    Spec {
        routes: &["business"],
        consultant: 3,
        people: &[Who::new("Sofía Ramírez", "Mexican", (1988, 4, 30))
            .passport("G20394817", 2400)
            .email("sofia.ramirez@example.com")],
        arrival: -260,
        stage: Stage::Closed(CaseOutcome::Transferred, 20),
        notes: &[(
            21,
            Internal,
            "{first} moved to Brno for a bigger client. File handed over to the Brno centre with her consent.",
        )],
        ..BASE
    },
];
