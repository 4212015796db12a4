//! The portal as a workspace (issue 17): numbered steps with a chip per person, window items
//! that say when they open, next steps that follow dependencies, a closed case's outcome,
//! others' tasks apart, glossary links and the centre in the footer.

use softland_domain::case::{CaseOutcome as Outcome, CustomItem};
use softland_domain::date_format::long;
use softland_domain::person::{
    Email, Nationality, Passport, PassportNumber, Person, PersonName, Relation,
};
use softland_domain::template::Category;
use softland_domain::{Action, Calendar, Case, Holder, KeyDate, KeyDates, NewCase, RouteKey};
use softland_web::auth::Role;
use softland_web::db::{cases, templates, users};
use softland_web::ids::CaseId;

use crate::support::{PASSWORD, TestApp, assert_redirects_to, date, make_user, spawn_app_with};

const EXPAT: &str = "priya@mail.test";

fn person(name: &str, relation: Relation, born: chrono::NaiveDate) -> Person {
    Person {
        name: PersonName::parse(name).unwrap(),
        relation,
        date_of_birth: born,
        nationality: Nationality::parse("Indian").unwrap(),
        email: None,
        passport: Some(Passport {
            number: PassportNumber::parse("Z7654321").unwrap(),
            expiry: date(2032, 1, 1),
        }),
    }
}

/// Priya and her husband Ravi on the employee-card route: arrived Wed 23 Dec 2026, permit
/// until Wed 31 Jan 2029.
async fn family_case(app: &TestApp) -> Case {
    let catalog = templates::catalog(&app.db).await.unwrap();
    let mut key_dates = KeyDates::new();
    key_dates.set(KeyDate::Arrival, Some(date(2026, 12, 23)));
    key_dates.set(KeyDate::PermitExpiry, Some(date(2029, 1, 31)));
    let mut principal = person("Priya Sharma", Relation::Principal, date(1991, 4, 12));
    principal.email = Some(Email::parse(EXPAT).unwrap());
    let new = NewCase {
        principal,
        dependants: vec![person("Ravi Sharma", Relation::Spouse, date(1989, 2, 2))],
        routes: vec![RouteKey::parse("employee-card").unwrap()],
        key_dates,
        opened_on: date(2026, 12, 23),
    };
    Case::open(new, &catalog, &Calendar::czech()).unwrap()
}

/// Today is Mon 4 Jan 2027; `case` (changed by `edit`) stored, Priya's account linked to her
/// and signed in.
async fn portal_with(edit: impl FnOnce(&mut Case)) -> (TestApp, CaseId, Case) {
    let app = spawn_app_with(|c| {
        c.today_override = Some(date(2027, 1, 4));
        "+420 000 000 000 (test)".clone_into(&mut c.centre.phone);
    })
    .await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let mut case = family_case(&app).await;
    edit(&mut case);
    let id = cases::create(&app.db, &case, jana, jana, None)
        .await
        .unwrap();
    let stored = cases::load(&app.db, id).await.unwrap();
    let priya = make_user(&app.db, EXPAT, Role::Expat).await;
    users::link_person(&app.db, stored.person_ids[0], priya)
        .await
        .unwrap();
    assert_redirects_to(&app.sign_in(EXPAT, PASSWORD).await, "/my");
    (app, id, stored.case)
}

async fn page(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

fn index(case: &Case, key: &str, holder: Holder) -> usize {
    case.position(&softland_domain::ItemKey::parse(key).unwrap(), holder)
        .unwrap()
}

/// The part of `html` from `start` to the first `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The `<li class="task">` of the row titled `title` in the numbered steps.
fn row<'a>(html: &'a str, title: &str) -> &'a str {
    let steps = &html[html.find("Your checklist, step by step").unwrap()..];
    let at = steps
        .find(&format!("<p class=\"task-title\">{title}"))
        .unwrap_or_else(|| panic!("{title} in {steps}"));
    let rest = &steps[at..];
    &rest[..rest.find("<li class=\"task\"").unwrap_or(rest.len())]
}

#[tokio::test]
async fn a_window_item_says_when_it_opens_and_cannot_start_before() {
    let (app, _, case) = portal_with(|_| {}).await;
    let html = page(&app, "/my").await;
    let ext = &case.items()[index(&case, "ext-ltr", Holder::Person(0))];
    let (opens, closes) = (ext.opens().unwrap(), ext.due().unwrap());
    assert!(opens > date(2028, 1, 1), "the window opens two years ahead");
    let ext = row(&html, "Apply to extend your residence permit");
    assert!(
        ext.contains(&format!(
            "You can apply from {} until {}",
            long(opens),
            long(closes)
        )),
        "{ext}"
    );
    assert!(ext.contains("Priya — Cannot start yet<"), "{ext}");
    assert!(!ext.contains("To do"), "{ext}");
    assert!(!ext.contains("working days left"), "{ext}");
}

#[tokio::test]
async fn the_same_task_for_two_people_is_one_row_with_a_chip_each() {
    let (app, _, _) = portal_with(|_| {}).await;
    let html = page(&app, "/my").await;
    let steps = &html[html.find("Your checklist, step by step").unwrap()..];
    assert_eq!(
        steps
            .matches("Give your biometrics (photo and fingerprints)</p>")
            .count(),
        1,
        "{steps}"
    );
    let bio = row(&html, "Give your biometrics (photo and fingerprints)");
    assert!(
        bio.contains("<ul class=\"chips\""),
        "chips are a list: {bio}"
    );
    assert!(bio.contains("Priya — To do"), "{bio}");
    assert!(bio.contains("Ravi — To do"), "{bio}");
    let address = row(&html, "Report a change of address");
    assert!(address.contains("Household — "), "{address}");
    let headings: Vec<_> = ["1. Visa", "2. Residence permit", "3. Registration"]
        .iter()
        .map(|h| steps.find(h).unwrap_or_else(|| panic!("{h} in {steps}")))
        .collect();
    assert!(
        headings.windows(2).all(|w| w[0] < w[1]),
        "in checklist order"
    );
    assert!(
        !steps.contains("— Priya Sharma</h"),
        "no section per person"
    );
}

#[tokio::test]
async fn next_steps_include_undated_first_steps_and_never_blocked_ones() {
    let (app, _, _) = portal_with(|_| {}).await;
    let html = page(&app, "/my").await;
    let next = between(&html, "Your next steps", "</section>");
    assert!(next.contains("Report to the"), "overdue first: {next}");
    let rows: Vec<_> = next.split("<li class=\"task\"").skip(1).collect();
    assert_eq!(rows.len(), 3, "{next}");
    assert!(rows[0].contains("Priya — To do") && rows[0].contains("Ravi — To do"));
    assert!(
        !rows[2].contains("was due") && !rows[2].contains("working day"),
        "then a first step without a date: {}",
        rows[2]
    );
    assert!(!next.contains("Collect your residence card"), "{next}");
    let collect = row(&html, "Collect your residence card");
    assert!(
        collect.contains("Priya — Cannot start yet — first: Give your biometrics"),
        "{collect}"
    );
}

#[tokio::test]
async fn a_task_becomes_a_next_step_once_what_it_waits_for_is_done() {
    let (app, _, _) = portal_with(|case| {
        let cal = Calendar::czech();
        let on = date(2027, 1, 4);
        for key in [
            "ec-vacancy",
            "ec-apply",
            "dvr-visa",
            "health-insurance",
            "reg-dvr",
            "biometrics",
        ] {
            for holder in [Holder::Household, Holder::Person(0), Holder::Person(1)] {
                if let Some(i) =
                    case.position(&softland_domain::ItemKey::parse(key).unwrap(), holder)
                {
                    case.apply(i, &Action::Complete, on, &cal).unwrap();
                }
            }
        }
    })
    .await;
    let html = page(&app, "/my").await;
    let collect = row(&html, "Collect your residence card");
    assert!(collect.contains("Priya — To do"), "{collect}");
    assert!(!collect.contains("Cannot start yet"), "{collect}");
}

#[tokio::test]
async fn a_closed_case_shows_its_outcome_instead_of_next_steps() {
    let (app, _, _) = portal_with(|case| {
        case.close(Outcome::Granted, date(2027, 1, 2)).unwrap();
    })
    .await;
    let html = page(&app, "/my").await;
    assert!(
        html.contains("This case was closed on Sat 2 Jan 2027 — Granted, settled"),
        "{html}"
    );
    assert!(!html.contains("Your next steps"), "{html}");
}

#[tokio::test]
async fn tasks_of_the_employer_are_shown_apart_as_what_others_do() {
    let (app, _, _) = portal_with(|_| {}).await;
    let html = page(&app, "/my").await;
    let others_at = html.find("What others do for you").expect("the section");
    let vacancy = "Employer: make sure the job is in the register of vacancies";
    let first = html
        .find(&format!("<p class=\"task-title\">{vacancy}"))
        .expect("the employer's task");
    assert!(first > others_at, "not among the expat's own steps");
    let others = &html[others_at..];
    assert!(
        others.contains("Who does it:</strong> Your employer"),
        "{others}"
    );
    let next = between(&html, "Your next steps", "</section>");
    assert!(!next.contains("Employer:"), "{next}");
}

#[tokio::test]
async fn terms_link_to_the_glossary_and_item_text_stays_escaped() {
    let (app, _, _) = portal_with(|case| {
        case.add_custom_item(CustomItem {
            title: "Bring <b>this</b> to the OAMP".into(),
            category: Category::Other,
            holder: Holder::Household,
            instructions: String::new(),
            due: None,
        });
    })
    .await;
    let html = page(&app, "/my").await;
    assert!(
        html.contains("<a class=\"term\" href=\"/my/glossary#oamp\"><abbr title=\"Department for Asylum and Migration Policy of the Ministry of the Interior\">OAMP</abbr></a>"),
        "{html}"
    );
    assert!(html.contains("href=\"/my/glossary#dvr\""), "D/VR linked");
    assert!(
        html.contains("Bring &lt;b&gt;this&lt;/b&gt; to the <a"),
        "{html}"
    );
    assert!(!html.contains("<b>this</b>"));
    let glossary = page(&app, "/my/glossary").await;
    for id in [
        "oamp",
        "moi",
        "dvr",
        "data-box",
        "apostille",
        "cpic",
        "insurers",
        "trade-office",
    ] {
        assert!(glossary.contains(&format!("<dt id=\"{id}\">")), "{id}");
    }
    assert!(glossary.contains("Datová schránka"));
}

#[tokio::test]
async fn portal_pages_end_with_the_centres_name_address_hours_and_phone() {
    let (app, _, _) = portal_with(|_| {}).await;
    for path in ["/my", "/my/account", "/my/glossary"] {
        let html = page(&app, path).await;
        let foot = between(&html, "<footer", "</footer>");
        for text in [
            "Expat Centre Ostrava",
            "Tyršova 1683/20, Moravská Ostrava",
            "Mon–Thu 10:00–16:00",
            "+420 000 000 000 (test)",
        ] {
            assert!(foot.contains(text), "{path}: {text} in {foot}");
        }
    }
}
