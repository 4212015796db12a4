//! Opening a new case: the form (`/cases/new`), its preview and `POST /cases`. Bad input is
//! in `invalid`, who may open cases in `access`.

mod access;
mod invalid;

use softland_domain::person::Relation;
use softland_domain::{KeyDate, RouteKey};
use softland_web::auth::Role;
use softland_web::db::cases::{self, StoredCase};
use softland_web::ids::{CaseId, UserId};

use crate::support::{PASSWORD, TestApp, csrf_in, date, make_user, spawn_app_with};

/// Today in these tests: Tue 1 Dec 2026.
fn today() -> chrono::NaiveDate {
    date(2026, 12, 1)
}

struct Setup {
    app: TestApp,
    jana: UserId,
    petr: UserId,
}

async fn setup() -> Setup {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let petr = make_user(&app.db, "petr@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    Setup { app, jana, petr }
}

fn value_of(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .expect("a closing quote")
        .to_owned()
}

/// The message shown beside field `id`, if any.
fn error_beside(html: &str, id: &str) -> Option<String> {
    let marker = format!(r#"<p class="field-error" id="{id}-error">"#);
    let start = html.find(&marker)? + marker.len();
    let text = html[start..].split("</p>").next()?;
    Some(
        text.trim_start_matches(r#"<span class="visually-hidden">Error: </span>"#)
            .to_owned(),
    )
}

/// A form as posted, field by field (repeated names allowed).
struct Form(Vec<(String, String)>);

impl Form {
    /// A valid form: Priya Sharma on the employee card, arriving Wed 23 Dec 2026.
    async fn valid(s: &Setup) -> Self {
        let html = s
            .app
            .get("/cases/new")
            .await
            .text()
            .await
            .expect("form page");
        let fields = [
            ("csrf", csrf_in(&html)),
            ("creation_token", value_of(&html, "creation_token")),
            ("principal.name", "Priya Sharma".into()),
            ("principal.email", "Priya@Example.com".into()),
            ("principal.date_of_birth", "1991-04-12".into()),
            ("principal.nationality", "Indian".into()),
            ("principal.passport_number", "z7654321".into()),
            ("principal.passport_expiry", "2032-01-01".into()),
            ("routes", "employee-card".into()),
            ("key_dates.arrival", "2026-12-23".into()),
            ("key_dates.permit_expiry", "2028-12-22".into()),
            ("consultant", s.jana.to_string()),
            ("action", "create".into()),
        ];
        Self(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    /// Sets `name` (the first occurrence, else adds it).
    fn set(mut self, name: &str, value: &str) -> Self {
        match self.0.iter_mut().find(|(k, _)| k == name) {
            Some(field) => value.clone_into(&mut field.1),
            None => self.0.push((name.to_owned(), value.to_owned())),
        }
        self
    }

    /// Adds a dependant row.
    fn dependant(mut self, fields: [&str; 6]) -> Self {
        let names = [
            "name",
            "relation",
            "date_of_birth",
            "nationality",
            "passport_number",
            "passport_expiry",
        ];
        for (name, value) in names.iter().zip(fields) {
            self.0
                .push((format!("dependants.{name}"), value.to_owned()));
        }
        self
    }

    async fn post(&self, app: &TestApp) -> reqwest::Response {
        let fields: Vec<(&str, &str)> = self
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        app.post_form("/cases", &fields).await
    }
}

/// Asserts that `html` contains every one of `texts`.
fn assert_has(html: &str, texts: &[&str]) {
    for text in texts {
        assert!(html.contains(text), "{text}: {html}");
    }
}

#[tokio::test]
async fn the_form_offers_routes_key_dates_three_dependant_rows_and_me_as_consultant() {
    let s = setup().await;
    let res = s.app.get("/cases/new").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let me = format!(r#"<option value="{}" selected>jana</option>"#, s.jana);
    let routes = [
        "Employee card",
        "EU Blue Card",
        r#"name="routes" value="study""#,
    ];
    assert_has(&html, &routes);
    assert_has(
        &html,
        &[
            "Arrival",
            "Insurance end",
            "Dependant 3",
            "Add another dependant",
            &me,
        ],
    );
    assert_has(&html, &[r#"<label for="principal.passport_expiry">"#]);
    assert!(!html.contains("Dependant 4"), "{html}");
    assert!(
        !html.contains("Card collected"),
        "only dates known at opening are asked for"
    );
    assert_eq!(value_of(&html, "creation_token").len(), 32);
}

#[tokio::test]
async fn another_dependant_row_is_added_and_values_are_kept() {
    let s = setup().await;
    let form = Form::valid(&s).await.set("action", "add_dependant");
    let res = form
        .dependant(["Ravi Sharma", "spouse", "", "", "", ""])
        .post(&s.app)
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let kept = [
        r#"value="Ravi Sharma""#,
        r#"<option value="spouse" selected>"#,
    ];
    assert_has(&html, &["Dependant 4", kept[0], kept[1]]);
    assert!(!html.contains("Dependant 5"), "{html}");
    let no_check = error_beside(&html, "dependants.0.date_of_birth");
    assert!(no_check.is_none(), "nothing is checked yet: {html}");
    assert_eq!(cases::count(&s.app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn the_preview_shows_the_checklist_with_due_dates_and_their_explanation() {
    let s = setup().await;
    let form = Form::valid(&s).await.set("action", "preview");
    let ravi = ["Ravi Sharma", "spouse", "1990-02-03", "Indian", "", ""];
    let res = form.dependant(ravi).post(&s.app).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let headings = [
        "Checklist preview",
        "Priya Sharma (principal)",
        "Ravi Sharma (spouse)",
    ];
    assert_has(&html, &headings);
    assert_has(
        &html,
        &["Report to the Ministry of the Interior office after arrival"],
    );
    let explanation =
        "arrived Wed 23 Dec 2026 + 3 working days, skipping 24–27 Dec → Wed 30 Dec 2026";
    assert_has(
        &html,
        &[
            "due Wed 30 Dec 2026",
            explanation,
            r#"value="Priya Sharma""#,
        ],
    );
    assert_eq!(
        cases::count(&s.app.db).await.unwrap(),
        0,
        "a preview stores nothing"
    );
}

/// Posts `form` (expecting a redirect to the new case) and loads the case stored.
async fn created(s: &Setup, form: Form) -> StoredCase {
    let res = form.post(&s.app).await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"]
        .to_str()
        .expect("a text location")
        .to_owned();
    let id: CaseId = location
        .strip_prefix("/cases/")
        .expect("a case address")
        .parse()
        .expect("a case address");
    cases::load(&s.app.db, id).await.expect("stored case")
}

#[tokio::test]
async fn creating_stores_the_case_with_its_routes_key_dates_and_consultant_and_goes_to_it() {
    let s = setup().await;
    let form = Form::valid(&s).await.set("consultant", &s.petr.to_string());
    let stored = created(&s, form).await;
    assert_eq!(stored.consultant, s.petr);
    let case = &stored.case;
    assert_eq!(case.opened_on(), today());
    assert_eq!(
        case.routes(),
        vec![RouteKey::parse("employee-card").unwrap()]
    );
    let dates: Vec<_> = case.key_dates().iter().collect();
    let arrival = (KeyDate::Arrival, date(2026, 12, 23));
    assert_eq!(
        dates,
        [arrival, (KeyDate::PermitExpiry, date(2028, 12, 22))]
    );
    assert!(!case.items().is_empty());
}

#[tokio::test]
async fn creating_stores_the_principal_and_the_dependants_of_the_rows_filled_in() {
    let s = setup().await;
    let anya = [
        "Anya Sharma",
        "child",
        "2019-06-30",
        "Indian",
        "C1234567",
        "2029-06-30",
    ];
    let blank = ["", "", "", "", "", ""];
    let form = Form::valid(&s)
        .await
        .dependant(blank)
        .dependant(anya)
        .dependant(blank);
    let case = created(&s, form).await.case;
    let [principal, child] = case.people() else {
        panic!("{:?}", case.people())
    };
    assert_eq!(principal.name.as_str(), "Priya Sharma");
    assert_eq!(
        principal.email.as_ref().unwrap().as_str(),
        "priya@example.com"
    );
    let passport = principal.passport.as_ref().unwrap();
    assert_eq!(
        (passport.number.as_str(), passport.expiry),
        ("Z7654321", date(2032, 1, 1))
    );
    assert_eq!(
        (child.name.as_str(), child.relation),
        ("Anya Sharma", Relation::Child)
    );
    assert_eq!(child.date_of_birth, date(2019, 6, 30));
    assert_eq!(child.passport.as_ref().unwrap().number.as_str(), "C1234567");
}

#[tokio::test]
async fn the_same_creation_token_twice_creates_one_case() {
    let s = setup().await;
    let form = Form::valid(&s).await;
    let first = form.post(&s.app).await;
    let second = form.post(&s.app).await;
    assert_eq!(first.status(), 303);
    assert_eq!(second.status(), 303);
    assert_eq!(first.headers()["location"], second.headers()["location"]);
    assert_eq!(cases::count(&s.app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn the_lawful_basis_chosen_is_stored_and_a_value_not_offered_is_refused_beside_it() {
    let s = setup().await;
    let html = s.app.get("/cases/new").await.text().await.unwrap();
    assert!(html.contains("Lawful basis of the processing"), "{html}");
    let form = Form::valid(&s).await.set("lawful_basis", "whim");
    let res = form.post(&s.app).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(error_beside(&html, "lawful_basis").is_some(), "{html}");
    let form = Form::valid(&s).await.set("lawful_basis", "public_task");
    assert_eq!(created(&s, form).await.lawful_basis.as_str(), "public_task");
    let stored = created(&s, Form::valid(&s).await).await;
    assert_eq!(stored.lawful_basis.as_str(), "contract", "the default");
}
