//! The household's side of the buddy programme in the portal (`/my/buddy`, issue 20): the
//! request form (each refused field beside its message, what was typed kept), where a
//! request stands in words (the ambassador named only once they accept), withdrawing the
//! consent (the match ends and the buddy's card goes), and the feedback at the end.

use std::collections::BTreeSet;

use softland_domain::buddy::{Capacity, Language, Level, MatchEvent, Topic};
use softland_web::db::buddies::{self, AmbassadorStatus, NewAmbassador, Profile, Step};
use softland_web::ids::{AmbassadorId, MatchId, UserId};

use crate::messages::{Setup, household, page, setup_with, signed_in};
use crate::support::{TestApp, assert_redirects_to, csrf_in, date};

/// Anita, an active ambassador speaking Hindi and English, with `capacity` places.
async fn anita(app: &TestApp) -> (UserId, AmbassadorId) {
    let profile = Profile {
        nationality: "Indian".to_owned(),
        languages: vec![
            (Language::parse("Hindi").unwrap(), Level::Native),
            (Language::parse("English").unwrap(), Level::Fluent),
        ],
        years_here: 4,
        district: Some("Poruba".to_owned()),
        occupation: None,
        interests: None,
        family: None,
        children_at_school: false,
        helps_with: BTreeSet::from([Topic::Housing]),
        capacity: Capacity::new(2).unwrap(),
        available_until: None,
        introduction: "I came for work in 2022 and love showing people around.".to_owned(),
        phone: Some("+420 601 234 567".to_owned()),
    };
    let new = NewAmbassador {
        name: "Anita Rao",
        email: "anita@buddy.test",
        status: AmbassadorStatus::Active,
        profile: &profile,
        actor: None,
        link: None,
        notify: Vec::new(),
    };
    buddies::create_ambassador(&app.db, new).await.unwrap()
}

/// Moves request `id` one step as `actor` (the coordinator's and the ambassador's pages do
/// this elsewhere).
async fn step(
    app: &TestApp,
    id: MatchId,
    event: MatchEvent,
    actor: UserId,
    ambassador: AmbassadorId,
) {
    let step = Step {
        id,
        version: None,
        event,
        actor,
        ambassador: (event == MatchEvent::Propose).then_some(ambassador),
        note: None,
        today: date(2027, 1, 4),
        only_ambassador: (event != MatchEvent::Propose).then_some(ambassador),
        notify: Vec::new(),
    };
    buddies::step(&app.db, step).await.unwrap();
}

/// Posts `fields` (and the page's CSRF token) to `path` as `client`.
async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = page(app, client, "/my/buddy").await;
    let csrf = csrf_in(&html);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    client.post(app.url(path)).form(&form).send().await.unwrap()
}

/// A complete request of Priya's case `case`.
fn valid(case: &str) -> Vec<(&'static str, String)> {
    vec![
        ("person", format!("{case}:0")),
        ("languages", "Hindi, English".to_owned()),
        ("district", "Poruba".to_owned()),
        ("topics", "housing".to_owned()),
        ("topics", "doctors".to_owned()),
        ("share_email", "yes".to_owned()),
        ("consent", "yes".to_owned()),
    ]
}

/// Priya asks for a buddy through the form; returns the request's id.
async fn ask(s: &Setup, priya: &reqwest::Client) -> MatchId {
    let fields = valid(&s.case.to_string());
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = post(&s.app, priya, "/my/buddy", &borrowed).await;
    assert_redirects_to(&res, "/my/buddy");
    let found = buddies::matches(&s.app.db, &buddies::MatchFilter::default())
        .await
        .unwrap();
    found.last().unwrap().id
}

#[tokio::test]
async fn a_refused_request_shows_each_message_beside_its_field_and_keeps_what_was_typed() {
    let s = setup_with(|_| {}).await;
    let priya = signed_in(&s.app, "priya@mail.test").await;
    let (_, home) = page(&s.app, &priya, "/my").await;
    assert!(
        home.contains("href=\"/my/buddy\""),
        "linked from the portal"
    );
    let (status, form) = page(&s.app, &priya, "/my/buddy").await;
    assert_eq!(status, 200);
    assert!(form.contains("A buddy in Ostrava"));
    let me = format!("<option value=\"{}:0\">Priya Sharma (you)</option>", s.case);
    assert!(form.contains(&me), "{form}");
    assert!(form.contains("They never see our case, checklist, documents"));

    let person = format!("{}:0", s.case);
    let res = post(
        &s.app,
        &priya,
        "/my/buddy",
        &[
            ("person", &person),
            ("languages", "Hindi, 4"),
            ("wishes", "Tips for weekend trips, please"),
            ("share_phone", "yes"),
            ("phone", "12"),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<title>Error: A buddy in Ostrava"));
    for field in ["languages", "topics", "phone", "consent"] {
        assert!(
            html.contains(&format!("id=\"buddy-{field}-error\"")),
            "{field}: {html}"
        );
        let anchor = if field == "topics" {
            "buddy-topic-housing"
        } else {
            &format!("buddy-{field}")
        };
        assert!(
            html.contains(&format!("href=\"#{anchor}\"")),
            "{field} in the summary"
        );
    }
    assert!(html.contains("aria-describedby=\"buddy-languages-hint buddy-languages-error\""));
    assert!(html.contains("value=\"Hindi, 4\""), "typed languages kept");
    assert!(html.contains(">Tips for weekend trips, please</textarea>"));
    assert!(html.contains("id=\"buddy-share-phone\" name=\"share_phone\" value=\"yes\" checked"));
    assert!(
        buddies::matches(&s.app.db, &buddies::MatchFilter::default())
            .await
            .unwrap()
            .is_empty()
    );

    ask(&s, &priya).await;
    let (_, after) = page(&s.app, &priya, "/my/buddy").await;
    assert!(after.contains("Your request was sent"));
    assert!(after.contains("We are looking for a buddy for you"));
    assert!(after.contains("help with housing, doctors"));
    assert!(
        !after.contains("Ask for a buddy</h2>"),
        "her request is open: nothing more to ask"
    );

    let (staff, _) = page(&s.app, &s.app.client, "/my/buddy").await;
    assert_eq!(staff, 403, "the portal's page is the household's");
}

#[tokio::test]
async fn withdrawing_consent_ends_the_match_and_the_buddys_card_goes() {
    let s = setup_with(|_| {}).await;
    let priya = signed_in(&s.app, "priya@mail.test").await;
    let (anita_user, anita) = anita(&s.app).await;
    let id = ask(&s, &priya).await;
    step(&s.app, id, MatchEvent::Propose, s.jana, anita).await;
    let (_, proposed) = page(&s.app, &priya, "/my/buddy").await;
    assert!(proposed.contains("Proposed to an ambassador — waiting for their answer"));
    assert!(!proposed.contains("Anita"), "not named before they accept");

    step(&s.app, id, MatchEvent::Accept, anita_user, anita).await;
    let (_, matched) = page(&s.app, &priya, "/my/buddy").await;
    assert!(matched.contains("Your buddy is Anita Rao"));
    assert!(matched.contains("mailto:anita@buddy.test"));
    assert!(matched.contains("+420 601 234 567"));
    assert!(matched.contains("I came for work in 2022"));

    let res = post(
        &s.app,
        &priya,
        &format!("/my/buddy/{id}/end"),
        &[("reason", "withdrawn")],
    )
    .await;
    assert_redirects_to(&res, &format!("/my/buddy#buddy-{id}"));
    let (_, ended) = page(&s.app, &priya, "/my/buddy").await;
    assert!(ended.contains("Your consent is withdrawn"));
    assert!(ended.contains("Ended: you withdrew your consent"));
    assert!(!ended.contains("anita@buddy.test"), "the card is gone");
    assert!(!ended.contains("Withdraw my consent</button>"));
    let stored = buddies::get_match(&s.app.db, id).await.unwrap();
    assert!(stored.consent_withdrawn);
    assert!(
        !stored.state.shares_with_ambassador(),
        "the ambassador's access ended"
    );
    let a = buddies::ambassador(&s.app.db, anita).await.unwrap();
    assert_eq!(a.load, 0);
}

#[tokio::test]
async fn the_feedback_at_the_end_is_checked_and_kept() {
    let s = setup_with(|_| {}).await;
    let priya = signed_in(&s.app, "priya@mail.test").await;
    let (anita_user, anita) = anita(&s.app).await;
    let id = ask(&s, &priya).await;
    step(&s.app, id, MatchEvent::Propose, s.jana, anita).await;
    step(&s.app, id, MatchEvent::Accept, anita_user, anita).await;
    let (_, matched) = page(&s.app, &priya, "/my/buddy").await;
    assert!(!matched.contains("Send feedback"), "asked for at the end");
    let res = post(
        &s.app,
        &priya,
        &format!("/my/buddy/{id}/end"),
        &[("reason", "settled")],
    )
    .await;
    assert_redirects_to(&res, &format!("/my/buddy#buddy-{id}"));

    let path = format!("/my/buddy/{id}/feedback");
    let refused = post(
        &s.app,
        &priya,
        &path,
        &[("comment", "She found us a flat.")],
    )
    .await;
    assert_eq!(refused.status().as_u16(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains(&format!("id=\"rating-{id}-error\"")),
        "{html}"
    );
    assert!(html.contains(&format!("aria-describedby=\"rating-{id}-error\"")));
    assert!(html.contains("Your feedback was not sent"));
    assert!(
        html.contains(&format!("href=\"#rating-{id}-1\"")),
        "the summary links the field"
    );
    assert!(
        html.contains(">She found us a flat.</textarea>"),
        "the comment kept"
    );

    let res = post(
        &s.app,
        &priya,
        &path,
        &[("rating", "4"), ("comment", "She found us a flat.")],
    )
    .await;
    assert_redirects_to(&res, &format!("/my/buddy#buddy-{id}"));
    let (_, thanked) = page(&s.app, &priya, "/my/buddy").await;
    assert!(thanked.contains("You rated it 4 of 5"));
    assert!(thanked.contains(&format!("id=\"rating-{id}-4\" name=\"rating\" value=\"4\"")));
    let stored = buddies::get_match(&s.app.db, id).await.unwrap();
    assert_eq!(
        (stored.rating, stored.feedback.as_deref()),
        (Some(4), Some("She found us a flat."))
    );
}

#[tokio::test]
async fn another_household_cannot_end_or_rate_a_request() {
    let s = setup_with(|_| {}).await;
    let priya = signed_in(&s.app, "priya@mail.test").await;
    let id = ask(&s, &priya).await;
    household(&s.app, s.jana, "li@mail.test", "Li Wei").await;
    let li = signed_in(&s.app, "li@mail.test").await;
    let end = post(
        &s.app,
        &li,
        &format!("/my/buddy/{id}/end"),
        &[("reason", "withdrawn")],
    )
    .await;
    assert_eq!(end.status().as_u16(), 404);
    let rate = post(
        &s.app,
        &li,
        &format!("/my/buddy/{id}/feedback"),
        &[("rating", "1")],
    )
    .await;
    assert_eq!(rate.status().as_u16(), 404);
    let (_, theirs) = page(&s.app, &li, "/my/buddy").await;
    assert!(!theirs.contains("Priya"), "{theirs}");
    let stored = buddies::get_match(&s.app.db, id).await.unwrap();
    assert!(stored.is_open());
}
