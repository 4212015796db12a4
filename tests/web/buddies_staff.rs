//! The buddy programme's staff pages (issue 20): the coordinator invites and approves
//! ambassadors, sees open requests with ranked suggestions, proposes (refused clearly beyond
//! an ambassador's places), ends matches and matches again; consultants ask for a buddy on a
//! case and see the ambassadors' calls for help on their dashboard.

mod access;
mod export;
mod forms;
mod help;

use softland_web::auth::Role;
use softland_web::db::buddies::{self, MatchFilter};
use softland_web::db::outbox;
use softland_web::ids::{CaseId, MatchId, UserId};

use crate::messages::{household, page, setup_with, signed_in};
use crate::support::{TestApp, assert_redirects_to, csrf_in, make_user};

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

#[tokio::test]
async fn an_invited_ambassador_is_active_at_once_and_mailed_a_first_password_link() {
    let p = setup().await;
    let id = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    let (status, html) = page(
        &p.app,
        &p.cora,
        &format!("/buddies/ambassadors/{id}?done=invited"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Anita Desai") && html.contains("Active"),
        "{html}"
    );
    assert!(html.contains("0 of 1 place taken"));
    let mails = mails_to(&p.app, "anita@mail.test").await;
    assert_eq!(mails.len(), 1, "one invitation mail");
    assert!(mails[0].link.is_some(), "it carries a first-password link");
}

#[tokio::test]
async fn approving_an_applicant_activates_them_and_mails_a_first_password_link() {
    let p = setup().await;
    let id = applicant(&p.app, "Ben Okafor", "ben@mail.test").await;
    let (_, list) = page(&p.app, &p.cora, "/buddies/ambassadors").await;
    assert!(list.contains("Waiting for approval") && list.contains("Ben Okafor"));
    let res = post(
        &p.app,
        &p.cora,
        (
            "/buddies/ambassadors",
            &format!("/buddies/ambassadors/{id}/status"),
        ),
        &[("status", "active"), ("back", "list")],
    )
    .await;
    assert_redirects_to(
        &res,
        &format!("/buddies/ambassadors?done=active#ambassador-{id}"),
    );
    let found = buddies::ambassador(&p.app.db, softland_web::ids::AmbassadorId(id))
        .await
        .unwrap();
    assert_eq!(found.status, buddies::AmbassadorStatus::Active);
    assert!(found.account_active);
    let mails = mails_to(&p.app, "ben@mail.test").await;
    assert!(
        mails.iter().any(|m| m.link.is_some()),
        "an approval mail with a link"
    );
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

#[tokio::test]
async fn suggestions_are_ranked_best_first_with_their_reasons_in_words() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    let ben = applicant(&p.app, "Ben Okafor", "ben@mail.test").await;
    let approve = format!("/buddies/ambassadors/{ben}/status");
    post(
        &p.app,
        &p.cora,
        ("/buddies/ambassadors", &approve),
        &[("status", "active")],
    )
    .await;
    let mut czech = invitation("Petr Novák", "petr@mail.test");
    czech[3] = ("language", "Czech");
    czech[5] = ("language", "Polish");
    invite(&p, &czech).await;
    assert_eq!(
        ask(&p.app, &p.app.client, p.case, &request_fields())
            .await
            .status()
            .as_u16(),
        303
    );
    let id = request_of(&p.app, p.case).await;
    let (status, html) = page(&p.app, &p.cora, &format!("/buddies/requests/{id}")).await;
    assert_eq!(status, 200);
    let first = html.find("Anita Desai</a>").unwrap();
    let second = html.find("Ben Okafor</a>").unwrap();
    assert!(
        first < second,
        "Anita (Hindi, same district) ranks above Ben"
    );
    assert!(
        html.contains("speaks Hindi and English; same district; helps with housing; 1 of 1 place free; 4 years in Ostrava"),
        "{html}"
    );
    assert!(html.contains("speaks English; 2 of 2 places free; 2 years in Ostrava"));
    assert!(html.contains("Not suggested") && html.contains("speaks none of the newcomer"));
    assert!(html.contains(&format!(r#"name="ambassador" value="{anita}""#)));
    assert!(html.contains("Propose <span class=\"sr-only\">Anita Desai</span>"));
}

#[tokio::test]
async fn proposing_beyond_an_ambassadors_places_is_refused_with_the_reason() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let first = request_of(&p.app, p.case).await;
    let res = propose(&p, first, anita).await;
    assert_redirects_to(&res, &format!("/buddies/requests/{first}?done=proposed"));
    let proposed = mails_to(&p.app, "anita@mail.test").await;
    assert!(
        proposed.iter().any(|m| m.body.contains("/buddy")),
        "Anita is told"
    );

    let (raj_case, _) = household(&p.app, p.jana, "raj@mail.test", "Raj Kumar").await;
    ask(&p.app, &p.app.client, raj_case, &request_fields()).await;
    let second = request_of(&p.app, raj_case).await;
    let (_, html) = page(&p.app, &p.cora, &format!("/buddies/requests/{second}")).await;
    assert!(html.contains("full: 1 of 1 place taken"), "{html}");
    let res = propose(&p, second, anita).await;
    assert_eq!(res.status().as_u16(), 409);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Every place of this ambassador is taken"),
        "{html}"
    );
    assert!(
        html.contains("A buddy for Raj Kumar"),
        "the request page, as it is now"
    );
    let stored = buddies::get_match(&p.app.db, second).await.unwrap();
    assert_eq!(stored.ambassador, None, "nothing was proposed");
}

#[tokio::test]
async fn proposing_an_ambassador_that_does_not_exist_or_on_a_stale_page_is_refused_clearly() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let id = request_of(&p.app, p.case).await;
    let unknown = propose(&p, id, 9999).await;
    assert_eq!(unknown.status().as_u16(), 422);
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("Ambassador: choose one of the values offered.")
    );
    let path = format!("/buddies/requests/{id}");
    let stale = post(
        &p.app,
        &p.cora,
        (&path, &format!("{path}/propose")),
        &[("version", "7"), ("ambassador", &anita.to_string())],
    )
    .await;
    assert_eq!(stale.status().as_u16(), 409);
    assert!(
        stale
            .text()
            .await
            .unwrap()
            .contains("Below is how it is now")
    );
}

#[tokio::test]
async fn ending_a_match_as_not_a_fit_lets_the_newcomer_be_asked_for_again() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let id = request_of(&p.app, p.case).await;
    propose(&p, id, anita).await;
    let again = ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    assert_eq!(
        again.status().as_u16(),
        409,
        "an open request is not asked twice"
    );
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("has asked for a buddy already")
    );

    let path = format!("/buddies/requests/{id}");
    let res = post(
        &p.app,
        &p.cora,
        (&path, &format!("{path}/end")),
        &[("reason", "not_a_fit"), ("note", "Different schedules")],
    )
    .await;
    assert_redirects_to(&res, &format!("{path}?done=ended"));
    let (_, html) = page(&p.app, &p.cora, &path).await;
    assert!(html.contains("ended: not a fit") && html.contains("Different schedules"));
    let again_href = format!("/cases/{}/buddy?again={id}", p.case);
    assert!(html.contains(&again_href), "{html}");
    let (_, form) = page(&p.app, &p.app.client, &again_href).await;
    assert!(
        form.contains(r#"value="Hindi, English""#),
        "the form starts from the request"
    );
    assert!(
        !form.contains(r#"name="consent" value="yes" checked"#),
        "consent is asked again"
    );
    let res = ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    assert_redirects_to(&res, &format!("/cases/{}?at=buddy#buddy", p.case));
    let (_, programme) = page(&p.app, &p.cora, "/buddies").await;
    assert!(
        programme.contains("1 request is waiting for a buddy"),
        "{programme}"
    );
}

#[tokio::test]
async fn the_programme_page_shows_waiting_requests_pairs_load_and_figures() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    applicant(&p.app, "Ben Okafor", "ben@mail.test").await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let id = request_of(&p.app, p.case).await;
    let (status, html) = page(&p.app, &p.cora, "/buddies").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"aria-current="page">Buddies"#),
        "the nav's section"
    );
    assert!(html.contains("1 request is waiting for a buddy; the longest for less than a day."));
    assert!(html.contains(&format!(
        r#"href="/buddies/requests/{id}">Match Priya Sharma"#
    )));
    assert!(html.contains("0 of 1 place taken"));
    assert!(html.contains("1 ambassador active, 1 place free; 1 applicant waiting for approval."));
    assert!(html.contains("No request has been matched yet"));
    assert!(html.contains("<caption>"));

    propose(&p, id, anita).await;
    accept(&p.app, id, anita).await;
    let (_, html) = page(&p.app, &p.cora, "/buddies").await;
    assert!(html.contains("1 pair is matched"), "{html}");
    assert!(html.contains("From a request to an accepted match takes less than a day on average."));
    assert!(html.contains("1 of 1 place taken"));
    assert!(html.contains("none yet"), "no check-in yet");
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

#[tokio::test]
async fn the_case_page_lists_the_households_requests_and_links_the_form() {
    let p = setup().await;
    let path = format!("/cases/{}", p.case);
    let (_, before) = page(&p.app, &p.app.client, &path).await;
    assert!(before.contains(&format!(
        r#"href="/cases/{}/buddy">Ask for a buddy"#,
        p.case
    )));
    let res = ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    assert_redirects_to(&res, &format!("/cases/{}?at=buddy#buddy", p.case));
    let (_, after) = page(&p.app, &p.app.client, &format!("{path}?at=buddy")).await;
    assert!(
        after.contains("Priya Sharma: waiting for a buddy"),
        "{after}"
    );
    assert!(
        after.contains("Asked for a buddy: the programme"),
        "the flash beside the section"
    );
    assert!(
        !after.contains("/buddies/requests/"),
        "Jana does not coordinate: no link"
    );
    let (_, cora_sees) = page(&p.app, &p.cora, &path).await;
    let id = request_of(&p.app, p.case).await;
    assert!(cora_sees.contains(&format!(r#"href="/buddies/requests/{id}""#)));
    let mails = mails_to(&p.app, "cora@centre.test").await;
    assert!(!mails.is_empty(), "the coordinator is told of the request");
    let _ = p.priya;
}
