//! Erasure (Art. 17): the dry run, erasing a person or a household, sessions and tokens
//! ending at once, the no-op second erasure, who may erase, legal hold, the grep of every
//! table and log line for the erased person, and the guard that every table is classified.

use softland_domain::person::{
    Email, Nationality, Passport, PassportNumber, Person, PersonName, Relation,
};
use softland_web::auth::Role;
use softland_web::db::{api_tokens, cases, notes, outbox, templates, users};
use softland_web::ids::{CaseId, PersonId, UserId};

mod grep;

use crate::support::{
    PASSWORD, TestApp, assert_redirects_to, date, edited, employee_card_case, make_user,
    spawn_app_with,
};

/// The principal's name, e-mail and passport: unique to these tests, so that a grep finds
/// nothing another test wrote.
pub const NAME: &str = "Zofia Erasmus-Kowalczyk";
pub const EMAIL: &str = "zofia.erasure@mail.test";
pub const PASSPORT: &str = "ER7731904";
const SPOUSE: &str = "Tomasz Erasmus-Kowalczyk";

/// An app with an admin (signed in), a consultant, and a household of two: the principal
/// (with a portal account, a note naming her, a mail to her) and her spouse.
pub struct Household {
    pub app: TestApp,
    pub case: CaseId,
    pub principal: PersonId,
    pub spouse: PersonId,
    pub expat: UserId,
    pub consultant: UserId,
}

pub async fn household_with(adjust: impl FnOnce(&mut softland_web::config::Config)) -> Household {
    let app = spawn_app_with(|c| {
        c.today_override = Some(date(2026, 12, 5));
        adjust(c);
    })
    .await;
    make_user(&app.db, "ada@centre.test", Role::Admin).await;
    let consultant = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let (case, principal, spouse, expat) = add_household(&app, consultant, "").await;
    assert_redirects_to(&app.sign_in("ada@centre.test", PASSWORD).await, "/");
    Household {
        app,
        case,
        principal,
        spouse,
        expat,
        consultant,
    }
}

/// A household like the one above; `tag` keeps names and e-mails of several apart.
pub async fn add_household(
    app: &TestApp,
    consultant: UserId,
    tag: &str,
) -> (CaseId, PersonId, PersonId, UserId) {
    let name = format!("{NAME}{tag}");
    let email = format!("{tag}{EMAIL}");
    let catalog = templates::catalog(&app.db).await.unwrap();
    let case = edited(employee_card_case(&catalog, date(2026, 11, 23)), |c| {
        c.people[0].email = Some(Email::parse(&email).unwrap());
        c.people[0].name = PersonName::parse(&name).unwrap();
        c.people[0].passport = Some(Passport {
            number: PassportNumber::parse(PASSPORT).unwrap(),
            expiry: date(2033, 1, 1),
        });
        c.people.push(Person {
            name: PersonName::parse(SPOUSE).unwrap(),
            relation: Relation::Spouse,
            date_of_birth: date(1990, 2, 3),
            nationality: Nationality::parse("Polish").unwrap(),
            email: None,
            passport: None,
        });
        c.person_dates.push(softland_domain::KeyDates::new());
    });
    let id = cases::create(&app.db, &case, consultant, consultant, None)
        .await
        .unwrap();
    let stored = cases::load(&app.db, id).await.unwrap();
    let (principal, spouse) = (stored.person_ids[0], stored.person_ids[1]);
    let expat = make_user(&app.db, &email, Role::Expat).await;
    users::link_person(&app.db, principal, expat).await.unwrap();
    let body = softland_domain::note::NoteText::parse(&format!(
        "{name} called about passport {PASSPORT}; write to {email}"
    ))
    .unwrap();
    notes::add(&app.db, id, consultant, notes::Visibility::Internal, &body)
        .await
        .unwrap();
    let mail = outbox::MailText {
        subject: format!("Hello {name}"),
        body: "Your appointment is on Monday.".to_owned(),
    };
    outbox::queue(&app.db, &email, &mail).await.unwrap();
    (id, principal, spouse, expat)
}

/// A browser of its own signed in as the expat.
pub async fn expat_browser(app: &TestApp, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::support::csrf_in(&page);
    let res = client
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "the expat signs in");
    client
}

/// Erases through the form; returns the answer.
pub async fn erase(app: &TestApp, case: CaseId, person: Option<PersonId>) -> reqwest::Response {
    let path = match person {
        Some(p) => format!("/cases/{case}/erasure?person={p}"),
        None => format!("/cases/{case}/erasure"),
    };
    let csrf = app.csrf(&path).await;
    let person = person.map(|p| p.to_string()).unwrap_or_default();
    let mut fields = vec![("csrf", csrf.as_str()), ("reason", "request")];
    let confirm = case.to_string();
    fields.push(("confirm", confirm.as_str()));
    if !person.is_empty() {
        fields.push(("person", person.as_str()));
    }
    app.post_form(&format!("/cases/{case}/erasure"), &fields)
        .await
}

async fn people_names(app: &TestApp, case: CaseId) -> Vec<String> {
    let stored = cases::load(&app.db, case).await.unwrap();
    stored
        .case
        .people()
        .iter()
        .map(|p| p.name.as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn the_dry_run_lists_what_goes_and_changes_nothing() {
    let h = household_with(|_| {}).await;
    let page = h.app.get(&format!("/cases/{}/erasure", h.case)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for words in [
        "What will be erased (dry run)",
        "Names, dates of birth, nationalities, passport numbers",
        "Notes and messages",
        "Sessions, API tokens, calendar feeds, links, the account",
        "Type the case number",
    ] {
        assert!(html.contains(words), "{words} in the dry run");
    }
    assert_eq!(people_names(&h.app, h.case).await, [NAME, SPOUSE]);
    assert_eq!(
        notes::list(&h.app.db, h.case, true, 50)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn erasing_a_household_anonymises_people_and_ends_their_sessions_and_tokens() {
    let h = household_with(|_| {}).await;
    let expat = expat_browser(&h.app, EMAIL).await;
    assert_eq!(
        expat.get(h.app.url("/my")).send().await.unwrap().status(),
        200
    );
    let token = api_tokens::create(
        &h.app.db,
        h.expat,
        &softland_web::db::api_tokens::TokenName::parse("phone").unwrap(),
        None,
    )
    .await;
    let res = erase(&h.app, h.case, None).await;
    assert_redirects_to(&res, &format!("/cases/{}/erasure?done=erased", h.case));
    assert_eq!(
        people_names(&h.app, h.case).await,
        ["Erased person", "Erased person"]
    );
    assert!(
        notes::list(&h.app.db, h.case, true, 50)
            .await
            .unwrap()
            .is_empty()
    );
    // The old session is refused: the portal sends the browser to sign in.
    let after = expat.get(h.app.url("/my")).send().await.unwrap();
    assert_redirects_to(&after, "/login?next=/my");
    if let Ok(token) = token {
        let res = h
            .app
            .client
            .get(h.app.url("/api/v1/cases"))
            .bearer_auth(&token.secret)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "the token ended");
    }
    let account = users::get(&h.app.db, h.expat).await.unwrap();
    assert!(!account.active);
    assert!(!account.email.contains("zofia"));
    // The case page still opens, anonymised.
    let page = h.app.get(&format!("/cases/{}", h.case)).await;
    assert_eq!(page.status(), 200);
    assert!(!page.text().await.unwrap().contains(NAME));
}

#[tokio::test]
async fn erasing_one_person_leaves_the_rest_of_the_household() {
    let h = household_with(|_| {}).await;
    let res = erase(&h.app, h.case, Some(h.principal)).await;
    assert_redirects_to(
        &res,
        &format!(
            "/cases/{}/erasure?person={}&done=erased",
            h.case, h.principal
        ),
    );
    assert_eq!(
        people_names(&h.app, h.case).await,
        ["Erased person", SPOUSE]
    );
    let notes = notes::list(&h.app.db, h.case, true, 50).await.unwrap();
    assert_eq!(notes.len(), 1, "a consultant's note stays");
    assert!(!notes[0].body.contains(NAME) && !notes[0].body.contains(PASSPORT));
    // Erasing the spouse too is another erasure; the principal again is a no-op.
    let _ = h.spouse;
}

#[tokio::test]
async fn erasing_someone_already_erased_says_so_and_does_nothing() {
    let h = household_with(|_| {}).await;
    erase(&h.app, h.case, None).await;
    let again = erase(&h.app, h.case, None).await;
    assert_redirects_to(&again, &format!("/cases/{}/erasure", h.case));
    let page = h.app.get(&format!("/cases/{}/erasure", h.case)).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Already erased on"));
    let person = h
        .app
        .get(&format!("/cases/{}/erasure?person={}", h.case, h.principal))
        .await;
    assert!(person.text().await.unwrap().contains("Already erased on"));
}

#[tokio::test]
async fn a_wrong_confirmation_or_no_reason_is_refused_beside_the_field() {
    let h = household_with(|_| {}).await;
    let path = format!("/cases/{}/erasure", h.case);
    let csrf = h.app.csrf(&path).await;
    let res = h
        .app
        .post_form(
            &path,
            &[("csrf", &csrf), ("reason", "request"), ("confirm", "999")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("erase-confirm-error") && html.contains("value=\"999\""));
    let res = h
        .app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("reason", "whim"),
                ("confirm", &h.case.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("erase-reason-error"));
    assert_eq!(people_names(&h.app, h.case).await, [NAME, SPOUSE]);
}

#[tokio::test]
async fn a_consultant_or_an_expat_cannot_erase() {
    let h = household_with(|_| {}).await;
    let jana = expat_browser(&h.app, "jana@centre.test").await;
    let page = jana
        .get(h.app.url(&format!("/cases/{}/erasure", h.case)))
        .send()
        .await
        .unwrap();
    assert!(page.status() == 403 || page.status().is_redirection());
    let res = jana
        .post(h.app.url(&format!("/cases/{}/erasure", h.case)))
        .form(&[("reason", "request"), ("confirm", &h.case.to_string())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error() || res.status().is_redirection());
    let expat = expat_browser(&h.app, EMAIL).await;
    let page = expat
        .get(h.app.url(&format!("/cases/{}/erasure", h.case)))
        .send()
        .await
        .unwrap();
    assert!(page.status() == 403 || page.status() == 404 || page.status().is_redirection());
    assert_eq!(people_names(&h.app, h.case).await, [NAME, SPOUSE]);
    let _ = h.consultant;
}

#[tokio::test]
async fn a_legal_hold_refuses_erasure_until_lifted() {
    let h = household_with(|_| {}).await;
    let path = format!("/cases/{}/erasure", h.case);
    let csrf = h.app.csrf(&path).await;
    let res = h
        .app
        .post_form(
            &format!("/cases/{}/legal-hold", h.case),
            &[("csrf", &csrf), ("reason", "Court case 12 C 34/2026")],
        )
        .await;
    assert_redirects_to(&res, &format!("{path}?done=held"));
    let case_page = h
        .app
        .get(&format!("/cases/{}", h.case))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        case_page.contains("Legal hold"),
        "the badge on the case page"
    );
    let res = h
        .app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("reason", "request"),
                ("confirm", &h.case.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("under legal hold"));
    assert_eq!(people_names(&h.app, h.case).await, [NAME, SPOUSE]);
    let res = h
        .app
        .post_form(
            &format!("/cases/{}/legal-hold/lift", h.case),
            &[("csrf", &csrf)],
        )
        .await;
    assert_redirects_to(&res, &format!("{path}?done=lifted"));
    erase(&h.app, h.case, None).await;
    assert_eq!(
        people_names(&h.app, h.case).await,
        ["Erased person", "Erased person"]
    );
}

#[tokio::test]
async fn an_empty_hold_reason_is_refused_beside_the_field() {
    let h = household_with(|_| {}).await;
    let csrf = h.app.csrf(&format!("/cases/{}/erasure", h.case)).await;
    let res = h
        .app
        .post_form(
            &format!("/cases/{}/legal-hold", h.case),
            &[("csrf", &csrf), ("reason", " ")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("hold-reason-error"));
}
