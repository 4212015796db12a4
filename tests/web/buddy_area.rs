//! The ambassador's own area of the buddy programme (issue 20): proposals answered, check-ins,
//! ends, the own profile, the public sign-up form, and the access rules (a buddy sees their
//! own newcomers' shared details and nothing else).

mod access;
mod apply;
mod newcomers;
mod profile;
mod sign_in;

use std::collections::BTreeSet;

use softland_domain::buddy::{Capacity, Language, Level, MatchEvent, Topic};
use softland_web::auth::Role;
use softland_web::db::buddies::{
    self, AmbassadorStatus, NewAmbassador, NewRequest, Profile, RequestDetails, Step,
};
use softland_web::db::{credentials, outbox};
use softland_web::ids::{AmbassadorId, CaseId, MatchId, UserId};

use crate::messages::{household, page, signed_in};
use crate::support::{PASSWORD, TestApp, assert_redirects_to, csrf_in, date, make_user};

/// Asha's profile: Hindi and English, Poruba, three places, helps with housing and doctors.
pub fn profile() -> Profile {
    Profile {
        nationality: "Indian".to_owned(),
        languages: vec![
            (Language::parse("Hindi").unwrap(), Level::Native),
            (Language::parse("English").unwrap(), Level::Fluent),
        ],
        years_here: 4,
        district: Some("Poruba".to_owned()),
        occupation: Some("Engineer".to_owned()),
        interests: Some("Hiking in the Beskydy".to_owned()),
        family: None,
        children_at_school: false,
        helps_with: BTreeSet::from([Topic::Housing, Topic::Doctors]),
        capacity: Capacity::new(3).unwrap(),
        available_until: None,
        introduction: "I came from Pune six years ago and love it here.".to_owned(),
        phone: Some("+420 777 111 222".to_owned()),
    }
}

/// An approved ambassador who signs in with [`PASSWORD`].
pub async fn ambassador(app: &TestApp, email: &str, name: &str) -> (AmbassadorId, UserId) {
    use softland_web::auth::password::{Password, hash};
    let new = NewAmbassador {
        name,
        email,
        status: AmbassadorStatus::Active,
        profile: &profile(),
        actor: None,
        link: None,
        notify: Vec::new(),
    };
    let (user, id) = buddies::create_ambassador(&app.db, new).await.unwrap();
    let change = credentials::PasswordChange {
        user,
        hash: hash(&Password::parse(PASSWORD).unwrap()).unwrap(),
        keep_session: None,
        notice: None,
    };
    credentials::change_password(&app.db, change).await.unwrap();
    (id, user)
}

/// What Priya asks for: Hindi and English, Poruba, housing and doctors; e-mail and phone
/// shared.
pub fn request_details() -> RequestDetails {
    RequestDetails {
        languages: vec![
            Language::parse("Hindi").unwrap(),
            Language::parse("English").unwrap(),
        ],
        district: Some("Poruba".to_owned()),
        topics: BTreeSet::from([Topic::Housing, Topic::Doctors]),
        has_children: false,
        wishes: Some("A flat near the tram, please".to_owned()),
        share_email: true,
        share_phone: true,
        phone: Some("+420 601 234 567".to_owned()),
    }
}

/// A request for the principal of `case`, asked by `actor`.
pub async fn request(app: &TestApp, case: CaseId, actor: UserId) -> MatchId {
    let stored = softland_web::db::cases::load(&app.db, case).await.unwrap();
    let new = NewRequest {
        case,
        person: stored.person_ids[0],
        actor,
        details: &request_details(),
        notify: Vec::new(),
    };
    buddies::request(&app.db, new).await.unwrap()
}

/// Moves match `id` by `event` as `actor` (`ambassador`: whom a proposal names, or whose
/// own step it is).
pub async fn step(
    app: &TestApp,
    id: MatchId,
    event: MatchEvent,
    actor: UserId,
    ambassador: Option<AmbassadorId>,
) {
    let own = matches!(event, MatchEvent::Accept | MatchEvent::Decline);
    let step = Step {
        id,
        version: None,
        event,
        actor,
        ambassador: (!own).then_some(ambassador).flatten(),
        note: None,
        today: date(2027, 1, 4),
        only_ambassador: own.then_some(ambassador).flatten(),
        notify: Vec::new(),
    };
    buddies::step(&app.db, step).await.unwrap();
}

/// An app on Mon 4 Jan 2027: Jana (consultant and buddy coordinator), Priya's case (with her
/// portal account) whose request is proposed to Asha, an ambassador signed in on `buddy`.
pub struct Setup {
    pub app: TestApp,
    pub jana: UserId,
    pub case: CaseId,
    pub priya: UserId,
    pub asha: AmbassadorId,
    pub asha_user: UserId,
    pub id: MatchId,
    pub buddy: reqwest::Client,
}

pub async fn setup() -> Setup {
    let app = crate::support::spawn_app_with(|c| c.today_override = Some(date(2027, 1, 4))).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    softland_web::db::reminders::set_buddy_coordinator(&app.db, jana, true)
        .await
        .unwrap();
    let (case, priya) = household(&app, jana, "priya@mail.test", "Priya Sharma").await;
    let (asha, asha_user) = ambassador(&app, "asha@buddies.test", "Asha Verma").await;
    let id = request(&app, case, priya).await;
    step(&app, id, MatchEvent::Propose, jana, Some(asha)).await;
    let buddy = signed_in(&app, "asha@buddies.test").await;
    Setup {
        app,
        jana,
        case,
        priya,
        asha,
        asha_user,
        id,
        buddy,
    }
}

impl Setup {
    /// Asha accepts (in the store).
    pub async fn accept(&self) {
        let (app, asha_user) = (&self.app, self.asha_user);
        step(app, self.id, MatchEvent::Accept, asha_user, Some(self.asha)).await;
    }

    /// Asha posts `fields` (with her CSRF token) to `path`.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let (_, html) = page(&self.app, &self.buddy, "/buddy").await;
        let csrf = csrf_in(&html);
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.buddy
            .post(self.app.url(path))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Asha's page at `path`: (status, HTML).
    pub async fn page(&self, path: &str) -> (u16, String) {
        page(&self.app, &self.buddy, path).await
    }

    /// Mails queued to `to`, newest first.
    pub async fn mails_to(&self, to: &str) -> Vec<outbox::Mail> {
        let filter = outbox::Filter {
            to: Some(to.to_owned()),
            ..outbox::Filter::default()
        };
        outbox::list(&self.app.db, &filter, 50).await.unwrap()
    }

    /// The match as stored.
    pub async fn stored(&self) -> buddies::Match {
        buddies::get_match(&self.app.db, self.id).await.unwrap()
    }
}

#[tokio::test]
async fn a_buddy_signs_in_to_their_area_and_sees_what_the_proposed_newcomer_asks_for() {
    let s = setup().await;
    assert_redirects_to(
        &s.app.sign_in("asha@buddies.test", PASSWORD).await,
        "/buddy",
    );
    let (status, html) = s.page("/buddy").await;
    assert_eq!(status, 200);
    assert!(html.contains("Priya would like a buddy"), "{html}");
    assert!(html.contains("Hindi, English"));
    assert!(html.contains("Poruba"));
    assert!(html.contains("housing, doctors"));
    assert!(html.contains("A flat near the tram, please"));
    assert!(html.contains("Wed 23 Dec 2026"), "the arrival date");
    assert!(html.contains("1 of 3 places taken"), "{html}");
    assert!(
        !html.contains("priya@mail.test"),
        "no contact before accepting"
    );
    assert!(!html.contains("601 234 567"));
    assert!(!html.contains("Sharma"));
}

#[tokio::test]
async fn accepting_tells_the_newcomer_by_mail_and_shows_the_shared_contact_details() {
    let s = setup().await;
    let path = format!("/buddy/newcomers/{}/answer", s.id);
    let res = s.post(&path, &[("action", "accept")]).await;
    assert_redirects_to(&res, &format!("/buddy/newcomers/{}", s.id));
    assert_eq!(s.stored().await.state.label(), "accepted");
    let mails = s.mails_to("priya@mail.test").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].subject, "You have a buddy");
    assert!(mails[0].body.contains("Asha Verma"));
    let (_, html) = s.page(&format!("/buddy/newcomers/{}", s.id)).await;
    assert!(html.contains("The newcomer is told"), "the flash: {html}");
    assert!(
        html.contains(r#"<a href="mailto:priya@mail.test">"#),
        "{html}"
    );
    assert!(html.contains(r#"<a href="tel:+420601234567">+420 601 234 567</a>"#));
    let (_, home) = s.page("/buddy").await;
    assert!(home.contains("No newcomer is waiting for your answer."));
    assert!(home.contains("Accepted: you have not met yet"));
}

#[tokio::test]
async fn declining_needs_a_reason_beside_the_field_and_then_tells_the_coordinator() {
    let s = setup().await;
    let path = format!("/buddy/newcomers/{}/answer", s.id);
    let res = s
        .post(&path, &[("action", "decline"), ("reason", "  ")])
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    let id = s.id;
    assert!(html.contains("<title>Error: Your newcomers · softland</title>"));
    assert!(
        html.contains(&format!(
            r#"<p class="field-error" id="reason-{id}-error">Please fill this in.</p>"#
        )),
        "{html}"
    );
    assert!(html.contains(&format!(r#"aria-describedby="reason-{id}-error""#)));
    assert_eq!(
        s.stored().await.state.label(),
        "proposed",
        "nothing changed"
    );

    let reason = "I am away until March";
    let res = s
        .post(&path, &[("action", "decline"), ("reason", reason)])
        .await;
    assert_redirects_to(&res, "/buddy");
    let stored = s.stored().await;
    assert_eq!(stored.state.label(), "requested", "back to be matched");
    assert_eq!(stored.decline_reason.as_deref(), Some(reason));
    assert_eq!(stored.ambassador, None);
    let told = s.mails_to("jana@centre.test").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].body.contains(reason), "{}", told[0].body);
    assert!(s.mails_to("priya@mail.test").await.is_empty());
    let (_, home) = s.page("/buddy").await;
    assert!(home.contains("You declined."));
    assert!(!home.contains("Priya"), "no longer shown");
}
