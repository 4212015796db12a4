//! The buddy programme's staff pages (issue 20): the coordinator invites and approves
//! ambassadors, sees open requests with ranked suggestions, proposes (refused clearly beyond
//! an ambassador's places), ends matches and matches again; consultants ask for a buddy on a
//! case and see the ambassadors' calls for help on their dashboard.

mod access;
mod export;
mod forms;
mod help;
mod matching;
mod pages;

use softland_web::auth::Role;
use softland_web::db::buddies::{self, MatchFilter};
use softland_web::db::outbox;
use softland_web::ids::{CaseId, MatchId, UserId};

use crate::messages::{page, setup_with, signed_in};
use crate::support::{TestApp, csrf_in, make_user};

/// An app on Mon 4 Jan 2027: Jana (consultant, no permission, signed in on `app.client`) with
/// Priya's case; Cora, a consultant who coordinates the programme, signed in on `cora`.
pub struct Programme {
    pub app: TestApp,
    pub case: CaseId,
    pub jana: UserId,
    pub priya: UserId,
    pub cora: reqwest::Client,
}

pub async fn setup() -> Programme {
    let s = setup_with(|_| {}).await;
    let cora = make_user(&s.app.db, "cora@centre.test", Role::Consultant).await;
    softland_web::db::reminders::set_buddy_coordinator(&s.app.db, cora, true)
        .await
        .unwrap();
    let client = signed_in(&s.app, "cora@centre.test").await;
    Programme {
        case: s.case,
        jana: s.jana,
        priya: s.priya,
        cora: client,
        app: s.app,
    }
}

/// `client` posts `fields` to `path` with the CSRF token of the page at `form_page`.
pub async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    (form_page, path): (&str, &str),
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = page(app, client, form_page).await;
    let csrf = csrf_in(&html);
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    client.post(app.url(path)).form(&all).send().await.unwrap()
}

/// The invitation form's fields for `name` at `email`: Indian, speaks Hindi (native) and
/// English (fluent), lives in Poruba, helps with housing, one place.
pub fn invitation<'a>(name: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("email", email),
        ("nationality", "Indian"),
        ("language", "Hindi"),
        ("level", "native"),
        ("language", "English"),
        ("level", "fluent"),
        ("language", ""),
        ("level", ""),
        ("language", ""),
        ("level", ""),
        ("years_here", "4"),
        ("district", "Poruba"),
        ("helps_with", "housing"),
        ("capacity", "1"),
        (
            "introduction",
            "I came from Pune in 2022 and work at the university.",
        ),
        ("consent", "yes"),
    ]
}

/// Cora invites an ambassador with `fields`; returns the new profile's id.
pub async fn invite(p: &Programme, fields: &[(&str, &str)]) -> i64 {
    let res = post(
        &p.app,
        &p.cora,
        ("/buddies/ambassadors/new", "/buddies/ambassadors"),
        fields,
    )
    .await;
    assert_eq!(res.status().as_u16(), 303, "the invitation is accepted");
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    location
        .trim_start_matches("/buddies/ambassadors/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The request form's fields: Hindi and English, Poruba, housing, consent given.
pub fn request_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("person", "0"),
        ("languages", "Hindi, English"),
        ("district", "Poruba"),
        ("topics", "housing"),
        ("share_email", "yes"),
        ("consent", "yes"),
    ]
}

/// `client` asks for a buddy on `case` with `fields`.
pub async fn ask(
    app: &TestApp,
    client: &reqwest::Client,
    case: CaseId,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let path = format!("/cases/{case}/buddy");
    post(app, client, (&path, &path), fields).await
}

/// The newest request of `case`.
pub async fn request_of(app: &TestApp, case: CaseId) -> MatchId {
    let filter = MatchFilter {
        case: Some(case),
        ..MatchFilter::default()
    };
    buddies::matches(&app.db, &filter)
        .await
        .unwrap()
        .last()
        .unwrap()
        .id
}

/// Cora proposes ambassador `ambassador` for request `id` with the version its page shows.
pub async fn propose(p: &Programme, id: MatchId, ambassador: i64) -> reqwest::Response {
    let path = format!("/buddies/requests/{id}");
    let (_, html) = page(&p.app, &p.cora, &path).await;
    let version = html
        .split(r#"name="version" value=""#)
        .nth(1)
        .map_or("1", |rest| rest.split('"').next().unwrap());
    let ambassador = ambassador.to_string();
    let fields = [
        ("csrf", csrf_in(&html)),
        ("version", version.to_owned()),
        ("ambassador", ambassador),
    ];
    p.cora
        .post(p.app.url(&format!("{path}/propose")))
        .form(&fields)
        .send()
        .await
        .unwrap()
}

/// Mails queued to `to`, newest first.
pub async fn mails_to(app: &TestApp, to: &str) -> Vec<outbox::Mail> {
    let filter = outbox::Filter {
        to: Some(to.to_owned()),
        ..outbox::Filter::default()
    };
    outbox::list(&app.db, &filter, 20).await.unwrap()
}

/// An application as the public form stores it: Ben speaks English fluently, lives in
/// Ostrava-Jih, helps with doctors, two places.
pub async fn applicant(app: &TestApp, name: &str, email: &str) -> i64 {
    use softland_domain::buddy::{Capacity, Language, Level, Topic};
    let profile = buddies::Profile {
        nationality: "Nigerian".to_owned(),
        languages: vec![(Language::parse("English").unwrap(), Level::Fluent)],
        years_here: 2,
        district: Some("Ostrava-Jih".to_owned()),
        occupation: None,
        interests: None,
        family: None,
        children_at_school: false,
        helps_with: [Topic::Doctors].into_iter().collect(),
        capacity: Capacity::new(2).unwrap(),
        available_until: None,
        introduction: "Engineer, here since 2024.".to_owned(),
        phone: None,
    };
    let new = buddies::NewAmbassador {
        name,
        email,
        status: buddies::AmbassadorStatus::Applied,
        profile: &profile,
        actor: None,
        link: None,
        notify: Vec::new(),
    };
    buddies::create_ambassador(&app.db, new).await.unwrap().1.0
}

/// Ambassador `ambassador` accepts proposal `id` (their own page is another engineer's).
pub async fn accept(app: &TestApp, id: MatchId, ambassador: i64) {
    let found = buddies::ambassador(&app.db, softland_web::ids::AmbassadorId(ambassador))
        .await
        .unwrap();
    let step = buddies::Step {
        id,
        version: None,
        event: softland_domain::buddy::MatchEvent::Accept,
        actor: found.user,
        ambassador: None,
        note: None,
        today: crate::support::date(2027, 1, 4),
        only_ambassador: Some(found.id),
        notify: Vec::new(),
    };
    buddies::step(&app.db, step).await.unwrap();
}
