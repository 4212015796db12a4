//! Employers as partners (issue 21): an employer's user sees the progress of its employees who
//! consent, and nothing else of them; withdrawal ends access at once; requests for new hires
//! go from the employer to a case; an employer's token reaches the employer endpoints only.

mod access;
mod requests;

use softland_domain::partner::{Agreement, Labels, Languages};
use softland_web::auth::Role;
use softland_web::db::buddies::AccountLink;
use softland_web::db::partners::{self, ConsentChange, ConsentHow, Details, NewEmployerAccount};
use softland_web::db::{credentials, outbox};
use softland_web::ids::{CaseId, EmploymentId, OrganisationId, UserId};

use crate::messages::{household, signed_in};
use crate::support::{PASSWORD, TestApp, make_user, spawn_app};

/// An employer organisation called `name`.
pub async fn employer_org(app: &TestApp, name: &str, actor: UserId) -> OrganisationId {
    let kind = partners::kinds(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.slug == "employer")
        .unwrap();
    let details = Details {
        kind: kind.id,
        name: name.to_owned(),
        address: None,
        district: None,
        opening_hours: None,
        website: None,
        email: None,
        phone: None,
        languages: Languages::default(),
        services: Labels::default(),
        tags: Labels::default(),
        notes: Some("Staff-only note about the employer".to_owned()),
        active: true,
        public: false,
        agreement: Agreement::default(),
        last_contact_on: None,
    };
    partners::create_organisation(&app.db, &details, actor)
        .await
        .unwrap()
}

/// A user of employer `org` who signs in with [`PASSWORD`].
pub async fn employer_user(
    app: &TestApp,
    org: OrganisationId,
    email: &str,
    actor: UserId,
) -> UserId {
    use softland_web::auth::password::{Password, hash};
    let mail = |_: &str, _| softland_web::db::outbox::MailText {
        subject: "Welcome".to_owned(),
        body: "Set your password".to_owned(),
    };
    let new = NewEmployerAccount {
        organisation: org,
        name: "Helena Šťastná",
        email,
        actor,
        link: AccountLink {
            base_url: "http://localhost",
            ttl: chrono::Duration::days(7),
            mail: &mail,
        },
    };
    let user = partners::create_account(&app.db, new).await.unwrap();
    let change = credentials::PasswordChange {
        user,
        hash: hash(&Password::parse(PASSWORD).unwrap()).unwrap(),
        keep_session: None,
        notice: None,
    };
    credentials::change_password(&app.db, change).await.unwrap();
    user
}

/// The world of these tests: a consultant, Priya's case (her portal account linked), Vítkov
/// Steelworks with its user Helena, and Priya linked to it.
pub struct Setup {
    pub app: TestApp,
    pub jana: UserId,
    pub case: CaseId,
    pub employment: EmploymentId,
    pub employer: reqwest::Client,
}

pub async fn setup() -> Setup {
    let app = spawn_app().await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let (case, _) = household(&app, jana, "priya@mail.test", "Priya Sharma").await;
    let org = employer_org(&app, "Vítkov Steelworks", jana).await;
    employer_user(&app, org, "helena@steel.test", jana).await;
    let stored = softland_web::db::cases::load(&app.db, case).await.unwrap();
    let employment = partners::link(&app.db, case, stored.person_ids[0], org, jana)
        .await
        .unwrap();
    let employer = signed_in(&app, "helena@steel.test").await;
    Setup {
        app,
        jana,
        case,
        employment,
        employer,
    }
}

impl Setup {
    /// Records consent given on paper.
    pub async fn consent(&self) {
        partners::change_consent(
            &self.app.db,
            self.employment,
            ConsentChange::Give(ConsentHow::Paper),
            self.jana,
            None,
        )
        .await
        .unwrap();
    }

    /// The employer's answer to `path`.
    pub async fn page(&self, path: &str) -> (u16, String) {
        crate::messages::page(&self.app, &self.employer, path).await
    }
}

#[tokio::test]
async fn staff_invite_an_employer_user_who_gets_a_first_password_link() {
    let app = spawn_app().await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let org = employer_org(&app, "Vítkov Steelworks", jana).await;
    let staff = signed_in(&app, "jana@centre.test").await;
    let path = format!("/partners/{}/accounts", org.0);
    let (status, html) = crate::messages::page(&app, &staff, &path).await;
    assert_eq!(status, 200, "{html}");
    let csrf = crate::support::csrf_in(&html);
    let bad = staff
        .post(app.url(&path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Helena"),
            ("email", "not an address"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains(r#"value="not an address""#), "{html}");
    let ok = staff
        .post(app.url(&path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Helena Šťastná"),
            ("email", "helena@steel.test"),
        ])
        .send()
        .await
        .unwrap();
    assert!(ok.status().is_redirection());
    let filter = outbox::Filter {
        to: Some("helena@steel.test".to_owned()),
        ..outbox::Filter::default()
    };
    let mails = outbox::list(&app.db, &filter, 20).await.unwrap();
    assert!(
        mails
            .iter()
            .any(|m| m.subject == "Your employer account at the expat centre"),
        "{mails:?}"
    );
    let user = softland_web::db::users::find_by_email(&app.db, "helena@steel.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.role, Role::Employer);
    assert_eq!(user.organisation, Some(org));
}
