//! The demo's employer as a partner (issue 21): Helena Šťastná of Vítkov Steelworks signs in
//! (printed login) and sees two employees among the work cases: one who agreed on paper, and
//! the new hire she asked the centre for before he arrived (accepted into his case, consent
//! given in the portal). A third employee withdrew consent (she sees nothing of him); the
//! centre is still waiting for one more request, and another accepted request waits for its
//! employee's consent.

use anyhow::Context as _;
use chrono::{Duration, NaiveDate};

use crate::db::buddies::AccountLink;
use crate::db::credentials::{self, PasswordChange};
use crate::db::partners::{self, ConsentChange, ConsentHow, NewEmployerAccount, NewHire};
use crate::db::{Db, cases};
use crate::ids::{CaseId, OrganisationId, UserId};

/// The demo employer user's password.
pub(super) const EMPLOYER_PASSWORD: &str = "Vitkov-employer-demo-2026";
/// The printed employer login.
pub(super) const EMPLOYER_EMAIL: &str = "helena.stastna@demo.softland.test";

/// The employee-card cases among `cases` (their principals work for an employer).
async fn employees(db: &Db, cases: &[CaseId]) -> anyhow::Result<Vec<CaseId>> {
    let mut out = Vec::new();
    for id in cases {
        let stored = cases::load(db, *id).await?;
        if stored
            .case
            .routes()
            .iter()
            .any(|r| r.as_str() == "employee-card")
        {
            out.push(*id);
        }
    }
    Ok(out)
}

async fn principal_employment(
    db: &Db,
    case: CaseId,
    org: OrganisationId,
    actor: UserId,
) -> anyhow::Result<crate::ids::EmploymentId> {
    let stored = cases::load(db, case).await?;
    let person = *stored.person_ids.first().context("a principal")?;
    Ok(partners::link(db, case, person, org, actor).await?)
}

/// Writes the employer's account, employments and requests; `work` are the work cases (not
/// the demo expat's household), `hash` the employer's password hash.
pub(super) async fn write(
    db: &Db,
    org: OrganisationId,
    actor: UserId,
    work: &[CaseId],
    (today, hash): (NaiveDate, &str),
) -> anyhow::Result<()> {
    let mail = |name: &str, until| {
        crate::views::mail::employer_invitation(name, "Vítkov Steelworks a.s.", "Martin", until)
    };
    let new = NewEmployerAccount {
        organisation: org,
        name: "Helena Šťastná",
        email: EMPLOYER_EMAIL,
        actor,
        link: AccountLink {
            base_url: "http://localhost:3000",
            ttl: Duration::days(7),
            mail: &mail,
        },
    };
    let helena = partners::create_account(db, new).await?;
    let change = PasswordChange {
        user: helena,
        hash: hash.to_owned(),
        keep_session: None,
        notice: None,
    };
    credentials::change_password(db, change).await?;
    let staff = employees(db, work).await?;
    let [agreed, new_hire, withdrawn, waiting, ..] = staff.as_slice() else {
        anyhow::bail!("the demo has at least four employee-card work cases");
    };
    let e = principal_employment(db, *agreed, org, actor).await?;
    partners::change_consent(db, e, ConsentChange::Give(ConsentHow::Paper), actor, None).await?;
    let e = principal_employment(db, *withdrawn, org, actor).await?;
    partners::change_consent(db, e, ConsentChange::Give(ConsentHow::Portal), actor, None).await?;
    partners::change_consent(db, e, ConsentChange::Withdraw, actor, None).await?;
    for (case, consents) in [(*new_hire, true), (*waiting, false)] {
        let stored = cases::load(db, case).await?;
        let person = &stored.case.principal();
        let hire = NewHire {
            name: person.name.as_str().to_owned(),
            email: format!("new.hire.{}@demo.softland.test", case.0),
            route: "employee-card".to_owned(),
            expected_arrival: today - Duration::days(20),
            note: Some("Joins the rolling mill team".to_owned()),
        };
        let request = partners::create_hire_request(db, org, &hire, helena).await?;
        let e = partners::accept_hire_request(db, request, case, actor).await?;
        if consents {
            partners::change_consent(db, e, ConsentChange::Give(ConsentHow::Portal), actor, None)
                .await?;
        }
    }
    let open = NewHire {
        name: "Ravi Kumar".to_owned(),
        email: "ravi.kumar@demo.softland.test".to_owned(),
        route: "employee-card".to_owned(),
        expected_arrival: today + Duration::days(45),
        note: Some("Metallurgist from Pune; arrives with his wife".to_owned()),
    };
    partners::create_hire_request(db, org, &open, helena).await?;
    Ok(())
}
