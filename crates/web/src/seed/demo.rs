//! The demo centre of `serve --demo`: an admin, three consultants and about forty cases over
//! every route, at every stage, dated relative to today; plus one expat login. Seeded only
//! into a database without accounts.

mod articles;
mod buddies;
mod build;
mod changes;
mod conversations;
mod employers;
mod events;
mod family;
pub mod files;
mod notes;
mod partners;
pub mod photos;
mod privacy;
mod privacy_records;
mod referrals;
mod retention;
mod site;
mod spec;
mod store;
#[cfg(test)]
mod tests;
mod work;

use anyhow::Context as _;
use chrono::{Datelike as _, NaiveDate};
use softland_domain::Calendar;

use crate::auth::Role;
use crate::auth::password::{self, Password};
use crate::db::users::{self, NewUser};
use crate::db::{Db, cases, templates};
use crate::ids::{CaseId, UserId};
use store::Centre;

/// A login printed after seeding.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// Role label.
    pub role: String,
    /// E-mail.
    pub email: String,
    /// Password.
    pub password: String,
    /// The two-factor secret (base32), for the admin, who must use two-factor (issue 23).
    pub two_factor_secret: Option<String>,
}

/// The admin's password (printed by `serve --demo`).
const ADMIN_PASSWORD: &str = "Ostrava-admin-demo-2026";
/// The password every demo consultant shares.
const CONSULTANT_PASSWORD: &str = "Ostrava-consultant-demo-2026";
/// The demo expat's password.
const EXPAT_PASSWORD: &str = "Ostrava-expat-demo-2026";

/// The staff: three consultants, then the admin (who also has a few cases).
const STAFF: [(&str, &str, Role); 4] = [
    (
        "jana.novakova@demo.softland.test",
        "Jana Nováková",
        Role::Consultant,
    ),
    (
        "petr.dvorak@demo.softland.test",
        "Petr Dvořák",
        Role::Consultant,
    ),
    (
        "lucie.horakova@demo.softland.test",
        "Lucie Horáková",
        Role::Consultant,
    ),
    (
        "martin.svoboda@demo.softland.test",
        "Martin Svoboda",
        Role::Admin,
    ),
];

async fn hash(raw: &'static str) -> anyhow::Result<String> {
    let password = Password::parse(raw).map_err(|e| anyhow::anyhow!("demo password: {e}"))?;
    tokio::task::spawn_blocking(move || password::hash(&password)).await?
}

fn login(role: Role, email: &str, password: &str) -> DemoLogin {
    DemoLogin {
        role: role.as_str().to_owned(),
        email: email.to_owned(),
        password: password.to_owned(),
        two_factor_secret: None,
    }
}

/// The two-factor secret (base32, 160 bits) of the demo admin and of one consultant: fixed, so that the printed logins
/// work in a browser with any authenticator app (or `oathtool --totp -b SECRET`).
pub const ADMIN_TWO_FACTOR_SECRET: &str = "SOFTLANDDEMOADMINTWOFACTORSECRET";

/// A consultant who chose two-factor too (same secret: the admins' security page then lists
/// one to reset, and the printed logins still work).
const TWO_FACTOR_CONSULTANT: &str = "lucie.horakova@demo.softland.test";

/// Sets up `user`'s two-factor with [`ADMIN_TWO_FACTOR_SECRET`] and ten recovery
/// codes nobody is shown (the secret is printed instead).
async fn enrol_with_demo_secret(db: &Db, user: UserId) -> anyhow::Result<()> {
    use crate::auth::two_factor::{FactorSecret, new_recovery_codes, recovery_hash};
    let keys = crate::auth::keys::Keys::load(db).await?;
    let secret = FactorSecret::from_base32(ADMIN_TWO_FACTOR_SECRET)
        .context("the demo two-factor secret is base32")?;
    let hashes: Vec<String> = new_recovery_codes()
        .iter()
        .map(|c| recovery_hash(&keys, c))
        .collect();
    let then = crate::db::two_factor::Consequences {
        actor: user,
        note: "set up by the demo".to_owned(),
        keep_session: None,
        revoke_tokens: false,
    };
    crate::db::two_factor::enrol(db, user, &secret.mask(&keys), 0, &hashes, &then).await?;
    Ok(())
}

/// Creates the staff; returns their ids (in [`STAFF`] order) and logins (admin first).
async fn create_staff(db: &Db) -> anyhow::Result<(Vec<UserId>, Vec<DemoLogin>)> {
    let admin_hash = hash(ADMIN_PASSWORD).await?;
    let consultant_hash = hash(CONSULTANT_PASSWORD).await?;
    let mut ids = Vec::new();
    let mut logins = Vec::new();
    for (email, name, role) in STAFF {
        let (hash, password) = if role == Role::Admin {
            (&admin_hash, ADMIN_PASSWORD)
        } else {
            (&consultant_hash, CONSULTANT_PASSWORD)
        };
        let new = NewUser {
            email,
            display_name: name,
            role,
            password_hash: Some(hash.clone()),
        };
        let id = users::create(db, new).await?;
        ids.push(id);
        let mut staff_login = login(role, email, password);
        if role == Role::Admin || email == TWO_FACTOR_CONSULTANT {
            enrol_with_demo_secret(db, id).await?;
            staff_login.two_factor_secret = Some(ADMIN_TWO_FACTOR_SECRET.to_owned());
        }
        logins.push(staff_login);
    }
    logins.rotate_right(1);
    Ok((ids, logins))
}

/// Creates the expat login of the principal of case `id` and links the two.
async fn create_expat(db: &Db, id: CaseId) -> anyhow::Result<DemoLogin> {
    let stored = cases::load(db, id).await?;
    let principal = stored.case.principal();
    let email = principal
        .email
        .as_ref()
        .context("the expat has an e-mail")?
        .to_string();
    let new = NewUser {
        email: &email,
        display_name: principal.name.as_str(),
        role: Role::Expat,
        password_hash: Some(hash(EXPAT_PASSWORD).await?),
    };
    let user = users::create(db, new).await?;
    let person = *stored
        .person_ids
        .first()
        .context("a stored case has a principal")?;
    users::link_person(db, person, user).await?;
    Ok(login(Role::Expat, &email, EXPAT_PASSWORD))
}

/// Office closure days: a training day on the day the demo expat's next item is due (so that
/// the case page and the portal show the "go by" advice; the due date stays the legal one),
/// and the day between Christmas and New Year that MoI offices close.
async fn add_closures(db: &Db, expat_case: CaseId, today: NaiveDate) -> anyhow::Result<()> {
    let stored = cases::load(db, expat_case).await?;
    let law = Calendar::czech();
    let next_due = stored
        .case
        .items()
        .iter()
        .filter(|i| i.status().kind().is_open())
        .filter_map(softland_domain::ChecklistItem::due)
        .filter(|d| *d > today && law.is_working_day(*d))
        .min();
    if let Some(day) = next_due {
        templates::add_closure(db, day, "Staff training").await?;
    }
    let year_end = NaiveDate::from_ymd_opt(today.year(), 12, 31).context("31 December")?;
    if year_end > today && law.is_working_day(year_end) {
        templates::add_closure(db, year_end, "Office closed between the holidays").await?;
    }
    Ok(())
}

/// Makes a calendar feed address for the demo consultant with `email` and returns its secret
/// (`serve --demo` prints the feed's address with the logins).
pub async fn feed_secret(db: &Db, email: &str) -> anyhow::Result<String> {
    let user = users::find_by_email(db, email)
        .await?
        .context("the demo consultant exists")?;
    Ok(crate::db::feed_tokens::create(db, user.id).await?.secret)
}

/// Seeds the demo centre into a database without accounts and returns the logins (admin,
/// consultants, expat). A database with any account is left alone (empty result).
pub async fn seed(db: &Db, today: NaiveDate) -> anyhow::Result<Vec<DemoLogin>> {
    if !users::list(db).await?.is_empty() {
        return Ok(Vec::new());
    }
    let catalog = templates::catalog(db)
        .await
        .context("loading the route templates")?;
    let closures = templates::closures(db).await?.into_iter().map(|(d, _)| d);
    let (staff, mut logins) = create_staff(db).await?;
    let centre = Centre {
        db,
        catalog,
        cal: Calendar::with_closures(closures),
        today,
        staff,
    };
    let mut expat_case = None;
    let mut others = Vec::new();
    for (n, spec) in family::CASES.iter().chain(work::CASES).enumerate() {
        let id = centre
            .write(n, spec)
            .await
            .with_context(|| format!("writing demo case {n}"))?;
        if n == family::EXPAT_CASE {
            expat_case = Some(id);
        } else {
            others.push(id);
        }
    }
    let id = expat_case.context("the expat's demo case exists")?;
    add_closures(db, id, today).await?;
    let expat = create_expat(db, id).await?;
    let expat_user = users::find_by_email(db, &expat.email)
        .await?
        .context("the demo expat's account exists")?;
    let expat_account = (
        expat_user.id,
        expat_user.display_name.clone(),
        expat.email.clone(),
    );
    logins.push(expat);
    // From the end: the work cases, whose households are not the demo expat's.
    others.reverse();
    conversations::write(db, id, &others, today).await?;
    notifications(db, &centre.staff).await?;
    let lucie = *centre
        .staff
        .get(2)
        .context("the demo has four staff members")?;
    let all: Vec<_> = std::iter::once(id).chain(others.iter().copied()).collect();
    buddies::write(
        db,
        lucie,
        &all,
        today,
        &hash(buddies::BUDDY_PASSWORD).await?,
    )
    .await?;
    logins.push(login(
        Role::Buddy,
        buddies::BUDDY_EMAIL,
        buddies::BUDDY_PASSWORD,
    ));
    let martin = *centre
        .staff
        .get(3)
        .context("the demo has four staff members")?;
    let network = partners::write(db, martin, today).await?;
    articles::write(db, *centre.staff.first().context("the demo has staff")?).await?;
    referrals::write(db, &network, id, &others, today).await?;
    employers::write(
        db,
        network.get(partners::EMPLOYER)?,
        martin,
        &others,
        (today, &hash(employers::EMPLOYER_PASSWORD).await?),
    )
    .await?;
    logins.push(login(
        Role::Employer,
        employers::EMPLOYER_EMAIL,
        employers::EMPLOYER_PASSWORD,
    ));
    site::write(db, martin).await?;
    let mut kept = Vec::new();
    let written = family::CASES.len() + work::CASES.len();
    for (k, spec) in retention::CASES.iter().enumerate() {
        kept.push(centre.write(written + k, spec).await?);
    }
    retention::write(db, &kept, martin, today).await?;
    let (user, name, email) = &expat_account;
    events::write(db, &network, martin, today, (*user, name, email)).await?;
    privacy::write(db, id, &others, martin).await?;
    let viewers = privacy_records::Viewers {
        staff: centre.staff.clone(),
        expat: *user,
    };
    privacy_records::write_views(db, &viewers, id, &others, today).await?;
    privacy_records::write_breaches(db, martin, &all, today).await?;
    Ok(logins)
}

/// Reminders and digests (issue 19): the admin, Martin, leads the team (escalated items on
/// his dashboard and in his digest); Petr reads his digest at 08:15 instead of the centre's
/// 07:30; Lucie turned hers off; the demo expat asked for reminders; residence permits are
/// reminded of earlier than the other categories.
async fn notifications(db: &Db, staff: &[UserId]) -> anyhow::Result<()> {
    use crate::db::reminders;
    use softland_domain::reminder::{LeadTimes, TimeOfDay};
    let [_jana, petr, lucie, martin] = staff else {
        anyhow::bail!("the demo has four staff members");
    };
    reminders::set_team_lead(db, *martin, true).await?;
    reminders::set_digest(db, *petr, true, TimeOfDay::new(8, 15)).await?;
    reminders::set_digest(db, *lucie, false, None).await?;
    for login in users::list(db).await? {
        if login.role == Role::Expat {
            reminders::set_reminders(db, login.id, Some(true)).await?;
        }
    }
    let mut settings = reminders::settings(db).await?;
    settings.lead_times.insert(
        softland_domain::template::Category::ResidencePermit,
        LeadTimes::new([20, 10, 3, 1]).map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    reminders::save_settings(db, &settings, *martin).await?;
    Ok(())
}
