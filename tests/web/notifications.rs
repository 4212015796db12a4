//! Issue 19: the job runner, digests, reminders and the outbox, through HTTP and a real SMTP
//! server ([`MailSink`]), with a clock the test moves (`Config::clock`). Every date is in the
//! future of the real one, so mails queued "now" are always due on the test's clock.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc, Weekday};
use softland_domain::Calendar;
use softland_web::auth::Role;
use softland_web::config::Clock;
use softland_web::db::{cases, outbox, templates};
use softland_web::ids::CaseId;
use softland_web::mail::Transport;

use crate::mail_sink::MailSink;
use crate::support::{
    PASSWORD, TestApp, assert_redirects_to, employee_card_case, make_user, spawn_app_with,
};

/// `date` at `h:m` in Prague.
fn at(date: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Prague
        .from_local_datetime(&date.and_hms_opt(h, m, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

/// A Monday at least three weeks ahead on which the office is open, with the four working days
/// after it open too.
fn future_monday() -> NaiveDate {
    let cal = Calendar::czech();
    let mut day = Utc::now().date_naive() + chrono::Duration::days(21);
    loop {
        if day.weekday() == Weekday::Mon
            && (0..5).all(|n| cal.is_working_day(day + chrono::Duration::days(n)))
        {
            return day;
        }
        day += chrono::Duration::days(1);
    }
}

/// The first Czech public holiday on a weekday after `after`.
fn weekday_holiday_after(after: NaiveDate) -> NaiveDate {
    let mut day = after + chrono::Duration::days(1);
    while !softland_domain::calendar::is_public_holiday(day)
        || matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    {
        day += chrono::Duration::days(1);
    }
    day
}

struct Centre {
    app: TestApp,
    sink: MailSink,
    clock: Clock,
    case: CaseId,
}

/// A centre with a mail server, the runner driven by hand, and Jana's case of Priya (who has a
/// portal account) arriving twenty days before `monday`: its registration is overdue.
async fn centre(monday: NaiveDate) -> Centre {
    let sink = MailSink::start().await;
    let clock = Clock::fixed(at(monday, 6, 0));
    let app = spawn_app_with(|c| {
        c.smtp_url = Some(sink.url.clone());
        c.run_jobs = false;
        c.plan_reminders = true;
        c.clock = clock.clone();
    })
    .await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let arrival = monday - chrono::Duration::days(20);
    let case = cases::create(
        &app.db,
        &employee_card_case(&catalog, arrival),
        jana,
        jana,
        None,
    )
    .await
    .unwrap();
    let stored = cases::load(&app.db, case).await.unwrap();
    let priya = make_user(&app.db, "priya@mail.test", Role::Expat).await;
    softland_web::db::users::link_person(&app.db, stored.person_ids[0], priya)
        .await
        .unwrap();
    Centre {
        app,
        sink,
        clock,
        case,
    }
}

impl Centre {
    async fn pass(&self, instance: &str) -> softland_web::jobs::Pass {
        let smtp = Transport::from_url(Some(&self.sink.url)).unwrap();
        self.app.runner(smtp, instance).pass().await.unwrap()
    }

    fn mails_to(&self, who: &str) -> Vec<crate::mail_sink::Received> {
        self.sink
            .mails()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.contains(who)))
            .collect()
    }

    /// Adds an item of the centre's own to the case, due on `due`.
    async fn add_item(&self, title: &str, due: NaiveDate) {
        let path = format!("/cases/{}", self.case);
        let csrf = self.app.csrf(&path).await;
        let due = due.to_string();
        let res = self
            .app
            .post_form(
                &format!("{path}/items"),
                &[
                    ("csrf", csrf.as_str()),
                    ("title", title),
                    ("category", "other"),
                    ("holder", "0"),
                    ("due", due.as_str()),
                    ("instructions", "Bring the signed form."),
                ],
            )
            .await;
        assert!(res.status().is_redirection(), "{}", res.status());
    }
}

#[tokio::test]
async fn a_digest_goes_once_on_office_days_after_its_time_over_smtp() {
    let monday = future_monday();
    let c = centre(monday).await;
    // 06:00: too early for the 07:30 digest.
    c.pass("a").await;
    assert!(c.mails_to("jana@").is_empty());
    c.clock.set(at(monday, 7, 31));
    c.pass("a").await;
    let mails = c.sink.wait_for(1).await;
    let digest = mails
        .iter()
        .find(|m| m.to.iter().any(|t| t.contains("jana@")))
        .expect("Jana's digest");
    assert!(digest.text.contains("Overdue"), "{}", digest.text);
    assert!(
        digest.text.contains(&format!("/cases/{}?at=item-", c.case)),
        "each line links to its item: {}",
        digest.text
    );
    // Another pass and another instance: still one digest that day.
    c.pass("a").await;
    c.pass("b").await;
    assert_eq!(c.mails_to("jana@").len(), 1);
    // Saturday and a weekday public holiday: none.
    c.clock.set(at(monday + chrono::Duration::days(5), 9, 0));
    c.pass("a").await;
    let holiday = weekday_holiday_after(monday);
    c.clock.set(at(holiday, 9, 0));
    c.pass("a").await;
    assert_eq!(
        c.mails_to("jana@").len(),
        1,
        "no digest on weekends or holidays"
    );
    // The next working day: the second digest.
    c.clock.set(at(monday + chrono::Duration::days(1), 7, 45));
    c.pass("a").await;
    assert_eq!(c.mails_to("jana@").len(), 2);
}

#[tokio::test]
async fn a_consultant_turns_the_digest_off_or_moves_it_and_a_wrong_time_is_422() {
    let monday = future_monday();
    let c = centre(monday).await;
    assert_redirects_to(&c.app.sign_in("jana@centre.test", PASSWORD).await, "/");
    let csrf = c.app.csrf("/account").await;
    let res = c
        .app
        .post_form(
            "/account/digest",
            &[("csrf", csrf.as_str()), ("digest", "on"), ("time", "25:70")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("nter a time of day as HH:MM"), "{page}");
    assert!(page.contains(r#"value="25:70""#), "what was typed is kept");
    // Moved to 09:15: nothing at 07:31, the digest at 09:15.
    let res = c
        .app
        .post_form(
            "/account/digest",
            &[("csrf", csrf.as_str()), ("digest", "on"), ("time", "9:15")],
        )
        .await;
    assert!(res.status().is_redirection());
    c.clock.set(at(monday, 7, 31));
    c.pass("a").await;
    assert!(c.mails_to("jana@").is_empty());
    c.clock.set(at(monday, 9, 15));
    c.pass("a").await;
    assert_eq!(c.mails_to("jana@").len(), 1);
    // Off: no digest the next day.
    let res = c
        .app
        .post_form("/account/digest", &[("csrf", csrf.as_str()), ("time", "")])
        .await;
    assert!(res.status().is_redirection());
    c.clock.set(at(monday + chrono::Duration::days(1), 10, 0));
    c.pass("a").await;
    assert_eq!(c.mails_to("jana@").len(), 1);
}

#[tokio::test]
async fn a_reminder_goes_once_per_lead_time_even_across_restarts_and_instances() {
    let monday = future_monday();
    let c = centre(monday).await;
    assert_redirects_to(&c.app.sign_in("jana@centre.test", PASSWORD).await, "/");
    let cal = Calendar::czech();
    let due = cal.add_working_days(monday, 6);
    c.add_item("Sign the lease", due).await;
    let about = |c: &Centre| {
        c.mails_to("priya@")
            .into_iter()
            .filter(|m| m.text.contains("Sign the lease"))
            .collect::<Vec<_>>()
    };
    // Before the centre's reminder time (08:00): nothing.
    c.clock.set(at(monday, 7, 59));
    c.pass("a").await;
    assert!(about(&c).is_empty());
    // 08:00: the 14-working-day reminder (its day has passed; 3 days before has not come).
    c.clock.set(at(monday, 8, 0));
    c.pass("a").await;
    c.sink.wait_for(1).await;
    let first = about(&c);
    assert_eq!(first.len(), 1, "{first:#?}");
    assert!(
        first[0].text.contains("Bring the signed form."),
        "{}",
        first[0].text
    );
    assert!(first[0].text.contains("/my#item-"), "{}", first[0].text);
    // The next day, a "restarted" runner and a second instance: no second copy.
    c.clock.set(at(monday + chrono::Duration::days(1), 8, 30));
    let (a, b) = tokio::join!(c.pass("restarted"), c.pass("other"));
    assert!(a.failed == 0 && b.failed == 0);
    assert_eq!(about(&c).len(), 1);
    // Three and one working day before, and the due day itself: one each, then none.
    for (day, expected) in [
        (cal.subtract_working_days(due, 3), 2),
        (cal.subtract_working_days(due, 1), 3),
        (due, 3),
    ] {
        c.clock.set(at(day, 8, 5));
        c.pass("a").await;
        c.pass("b").await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(about(&c).len(), expected, "on {day}");
    }
    // Each is in the case's history.
    let history = c
        .app
        .get(&format!("/cases/{}", c.case))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        history.contains("Notification mailed"),
        "the history shows the reminders"
    );
}

#[tokio::test]
async fn an_expat_who_turns_reminders_off_gets_none() {
    let monday = future_monday();
    let c = centre(monday).await;
    let priya = crate::messages::signed_in(&c.app, "priya@mail.test").await;
    let page = priya
        .get(c.app.url("/my/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Reminders by e-mail"));
    let csrf = crate::support::csrf_in(&page);
    let res = priya
        .post(c.app.url("/my/account/reminders"))
        .form(&[("csrf", csrf.as_str()), ("reminders", "sometimes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = priya
        .post(c.app.url("/my/account/reminders"))
        .form(&[("csrf", csrf.as_str()), ("reminders", "off")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    assert_redirects_to(&c.app.sign_in("jana@centre.test", PASSWORD).await, "/");
    c.add_item(
        "Sign the lease",
        Calendar::czech().add_working_days(monday, 2),
    )
    .await;
    c.clock.set(at(monday, 8, 30));
    c.pass("a").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(c.mails_to("priya@").is_empty());
}

#[tokio::test]
async fn team_leads_see_the_teams_items_overdue_too_long() {
    let monday = future_monday();
    let c = centre(monday).await;
    let lead = make_user(&c.app.db, "lead@centre.test", Role::Admin).await;
    assert_redirects_to(&c.app.sign_in("lead@centre.test", PASSWORD).await, "/");
    let dashboard = c.app.get("/").await.text().await.unwrap();
    assert!(!dashboard.contains("Escalated to you as team lead"));
    let csrf = c.app.csrf("/admin/users").await;
    let res = c
        .app
        .post_form(
            &format!("/admin/users/{}/team-lead", lead.0),
            &[("csrf", csrf.as_str()), ("lead", "maybe")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = c
        .app
        .post_form(
            &format!("/admin/users/{}/team-lead", lead.0),
            &[("csrf", csrf.as_str()), ("lead", "true")],
        )
        .await;
    assert!(res.status().is_redirection());
    c.clock.set(at(monday, 9, 0));
    let dashboard = c.app.get("/").await.text().await.unwrap();
    assert!(
        dashboard.contains("Escalated to you as team lead"),
        "{dashboard}"
    );
    assert!(
        dashboard.contains("Priya Sharma"),
        "Jana's overdue registration is escalated"
    );
    c.pass("a").await;
    let mails = c.sink.wait_for(2).await;
    let digest = mails
        .iter()
        .find(|m| m.to.iter().any(|t| t.contains("lead@")))
        .expect("the lead's digest");
    assert!(digest.text.contains("Escalated"), "{}", digest.text);
}

#[tokio::test]
async fn admins_see_jobs_and_mails_and_change_the_settings_with_errors_beside_fields() {
    let monday = future_monday();
    let c = centre(monday).await;
    make_user(&c.app.db, "admin@centre.test", Role::Admin).await;
    assert_redirects_to(&c.app.sign_in("admin@centre.test", PASSWORD).await, "/");
    let hub = c.app.get("/admin").await.text().await.unwrap();
    for link in ["/admin/outbox", "/admin/jobs", "/admin/reminders"] {
        assert!(hub.contains(link), "the hub links {link}");
    }
    let csrf = c.app.csrf("/admin/reminders").await;
    let res = c
        .app
        .post_form(
            "/admin/reminders",
            &[
                ("csrf", csrf.as_str()),
                ("digest_time", "7.30"),
                ("due_soon_days", "0"),
                ("escalation_days", "3"),
                ("reminder_time", "08:00"),
                ("lead_times.visa", "14, x"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("enter a time of day as HH:MM"));
    assert!(page.contains("enter 1 to 60 working days"));
    assert!(page.contains("is not a number of working days"));
    assert!(page.contains(r#"value="14, x""#), "typed values are kept");
    assert!(
        page.contains(r##"href="#digest-time""##) && page.contains(r##"href="#lead-visa""##),
        "the summary links each mistake to its field"
    );
    let res = c
        .app
        .post_form(
            "/admin/reminders",
            &[
                ("csrf", csrf.as_str()),
                ("digest_time", "06:45"),
                ("due_soon_days", "7"),
                ("escalation_days", "2"),
                ("reminder_time", "09:00"),
                ("expat_default", "on"),
                ("lead_times.other", "10, 2"),
            ],
        )
        .await;
    assert_redirects_to(&res, "/admin/reminders?saved=1");
    let settings = softland_web::db::reminders::settings(&c.app.db)
        .await
        .unwrap();
    assert_eq!(settings.digest_time.to_string(), "06:45");
    assert_eq!(
        settings
            .lead_times_of(softland_domain::template::Category::Other)
            .days(),
        &[10, 2]
    );
    assert!(
        settings
            .lead_times_of(softland_domain::template::Category::Visa)
            .is_empty(),
        "an empty field means no reminders for that category"
    );
    // The digest at 06:45 goes through the runner and is listed as a done job and a sent mail.
    c.clock.set(at(monday, 6, 46));
    c.pass("a").await;
    let jobs = c.app.get("/admin/jobs").await.text().await.unwrap();
    assert!(jobs.contains("Daily digest of jana for Mon "), "{jobs}");
    assert!(jobs.contains("done"));
    let sent = c
        .app
        .get("/admin/outbox?status=sent&kind=digest")
        .await
        .text()
        .await
        .unwrap();
    assert!(sent.contains("jana@centre.test"), "{sent}");
    let none = c
        .app
        .get("/admin/outbox?status=failed")
        .await
        .text()
        .await
        .unwrap();
    assert!(none.contains("No mail matches."));
}

#[tokio::test]
async fn without_a_mail_server_the_outbox_says_not_sent() {
    let monday = future_monday();
    let c = centre(monday).await;
    c.clock.set(at(monday, 7, 31));
    c.app.runner(Transport::Log, "log").pass().await.unwrap();
    let mails = outbox::list(&c.app.db, &outbox::Filter::default(), 10)
        .await
        .unwrap();
    assert!(!mails.is_empty());
    assert!(
        mails
            .iter()
            .all(|m| m.status == outbox::MailStatus::NotSent),
        "{mails:?}"
    );
    make_user(&c.app.db, "admin@centre.test", Role::Admin).await;
    assert_redirects_to(&c.app.sign_in("admin@centre.test", PASSWORD).await, "/");
    let page = c.app.get("/admin/outbox").await.text().await.unwrap();
    assert!(
        page.contains("not sent: no mail server configured"),
        "{page}"
    );
    assert!(!page.contains(r#"badge ok">sent<"#));
}

#[tokio::test]
async fn two_runners_on_one_database_deliver_each_mail_once() {
    let monday = future_monday();
    let c = centre(monday).await;
    for n in 0..40 {
        let text = outbox::MailText {
            subject: format!("Mail number {n}"),
            body: "Hello".to_owned(),
        };
        outbox::queue(&c.app.db, &format!("someone{n}@mail.test"), &text)
            .await
            .unwrap();
    }
    let (a, b) = tokio::join!(c.pass("one"), c.pass("two"));
    assert_eq!(a.failed + b.failed, 0);
    let mails = c.sink.wait_for(40).await;
    let mut subjects: Vec<String> = mails
        .iter()
        .filter_map(|m| {
            m.text
                .lines()
                .find(|l| l.starts_with("Subject: Mail number"))
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(subjects.len(), 40, "every mail arrived");
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 40, "none twice");
    let (again_a, again_b) = tokio::join!(c.pass("one"), c.pass("two"));
    assert_eq!(again_a.done + again_b.done, 0);
}

/// Tokens of a new admin and a new consultant.
async fn tokens(c: &Centre) -> (String, String) {
    let mut out = Vec::new();
    for (email, role) in [
        ("root@centre.test", Role::Admin),
        ("petr@centre.test", Role::Consultant),
    ] {
        let id = make_user(&c.app.db, email, role).await;
        let token = softland_web::db::api_tokens::create(
            &c.app.db,
            id,
            &softland_web::db::api_tokens::TokenName::parse("tests").unwrap(),
            None,
        )
        .await
        .unwrap()
        .secret;
        out.push(token);
    }
    (out[0].clone(), out[1].clone())
}

#[tokio::test]
async fn the_api_lists_jobs_and_mails_to_admins_only() {
    let monday = future_monday();
    let c = centre(monday).await;
    let (admin, consultant) = tokens(&c).await;
    let api = |path: &str| c.app.url(&format!("/api/v1{path}"));
    let http = reqwest::Client::new();
    // Consultants may not read the outbox or the jobs.
    let res = http
        .get(api("/outbox"))
        .bearer_auth(&consultant)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    c.clock.set(at(monday, 7, 31));
    c.pass("a").await;
    let jobs: serde_json::Value = http
        .get(api("/jobs?status=done"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        jobs["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|j| j["kind"] == "digest"),
        "{jobs}"
    );
    let mails: serde_json::Value = http
        .get(api("/outbox?kind=digest"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mails["mails"][0]["status"], "sent");
    assert_eq!(mails["mails"][0]["to"], "jana@centre.test");
    // Retrying a job that did not fail is "not found".
    let id = jobs["jobs"][0]["id"].as_i64().unwrap();
    let res = http
        .post(api(&format!("/jobs/{id}/retry")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn the_api_changes_the_settings_and_ones_digest_with_422_on_the_field() {
    let monday = future_monday();
    let c = centre(monday).await;
    let (admin, consultant) = tokens(&c).await;
    let api = |path: &str| c.app.url(&format!("/api/v1{path}"));
    let http = reqwest::Client::new();
    // Settings: a wrong time and an unknown category are 422 with the field.
    let mut settings: serde_json::Value = http
        .get(api("/settings/reminders"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(settings["digest_time"], "07:30");
    settings["digest_time"] = "7:3".into();
    let res = http
        .put(api("/settings/reminders"))
        .bearer_auth(&admin)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body.to_string().contains("digest_time"), "{body}");
    settings["digest_time"] = "06:00".into();
    settings["lead_times"]["pets"] = "3".into();
    let res = http
        .put(api("/settings/reminders"))
        .bearer_auth(&admin)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("lead_times.pets"));
    settings["lead_times"]
        .as_object_mut()
        .unwrap()
        .remove("pets");
    let res = http
        .put(api("/settings/reminders"))
        .bearer_auth(&admin)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // One's own digest.
    let res = http
        .put(api("/me/digest"))
        .bearer_auth(&consultant)
        .json(&serde_json::json!({"enabled": true, "time": "noon"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("\"time\""));
    let res = http
        .put(api("/me/digest"))
        .bearer_auth(&consultant)
        .json(&serde_json::json!({"enabled": false, "time": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_expat_is_told_once_when_the_extension_window_opens() {
    let monday = future_monday();
    let c = centre(monday).await;
    // Jana's second case: Priya's permit expires 117 days after Monday, so its extension
    // window (120 days before expiry) opened on the Friday before.
    let catalog = templates::catalog(&c.app.db).await.unwrap();
    let expiry = monday + chrono::Duration::days(117);
    let mut case = employee_card_case(&catalog, monday - chrono::Duration::days(400));
    case.set_key_date(
        softland_domain::KeyDate::PermitExpiry,
        Some(expiry),
        &Calendar::czech(),
    );
    let stored = cases::load(&c.app.db, c.case).await.unwrap();
    let jana = stored.consultant;
    let second = cases::create(&c.app.db, &case, jana, jana, None)
        .await
        .unwrap();
    let person = cases::load(&c.app.db, second).await.unwrap().person_ids[0];
    let priya = softland_web::db::users::find_by_email(&c.app.db, "priya@mail.test")
        .await
        .unwrap()
        .unwrap();
    softland_web::db::users::link_person(&c.app.db, person, priya.id)
        .await
        .unwrap();
    c.clock.set(at(monday, 8, 30));
    c.pass("a").await;
    c.clock.set(at(monday + chrono::Duration::days(1), 8, 30));
    c.pass("a").await;
    let told: Vec<_> = c
        .mails_to("priya@")
        .into_iter()
        .filter(|m| {
            m.text
                .contains("You can now apply: Apply to extend your residence permit")
        })
        .collect();
    assert_eq!(told.len(), 1, "once, not every day: {told:#?}");
    assert!(
        told[0].text.contains("Where to go: MoI (OAMP) office"),
        "{}",
        told[0].text
    );
    assert!(told[0].text.contains("What to bring:"), "{}", told[0].text);
}

#[tokio::test]
async fn replies_reach_only_expats_who_want_mail_and_digests_list_new_messages() {
    let monday = future_monday();
    let c = centre(monday).await;
    // Priya writes; Jana's digest lists the case under new messages.
    let priya = crate::messages::signed_in(&c.app, "priya@mail.test").await;
    let thread = format!("/my/cases/{}/messages", c.case);
    let res = crate::messages::write(&c.app, &priya, &thread, "Is my appointment confirmed?").await;
    assert!(res.status().is_redirection());
    c.clock.set(at(monday, 7, 31));
    c.pass("a").await;
    let digest = c
        .mails_to("jana@")
        .into_iter()
        .find(|m| m.text.contains("Your day"))
        .expect("Jana's digest");
    assert!(
        digest.text.contains("New messages from expats (1)"),
        "{}",
        digest.text
    );
    assert!(digest.text.contains(&format!("/cases/{}/messages", c.case)));
    // Priya turns mails off; Jana's reply then reaches her in the portal only.
    let account = priya
        .get(c.app.url("/my/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::support::csrf_in(&account);
    priya
        .post(c.app.url("/my/account/reminders"))
        .form(&[("csrf", csrf.as_str()), ("reminders", "off")])
        .send()
        .await
        .unwrap();
    assert_redirects_to(&c.app.sign_in("jana@centre.test", PASSWORD).await, "/");
    let staff_thread = format!("/cases/{}/messages", c.case);
    let csrf = c.app.csrf(&staff_thread).await;
    let res = c
        .app
        .post_form(
            &staff_thread,
            &[("csrf", csrf.as_str()), ("body", "Yes, Tuesday at 9.")],
        )
        .await;
    assert!(res.status().is_redirection());
    c.pass("a").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !c.mails_to("priya@")
            .iter()
            .any(|m| m.text.contains("Tuesday at 9")),
        "no mail to an expat who turned mails off"
    );
}

#[tokio::test]
async fn a_failed_job_is_shown_with_its_error_and_tried_again_on_request() {
    use softland_web::db::jobs;
    let monday = future_monday();
    let c = centre(monday).await;
    make_user(&c.app.db, "admin@centre.test", Role::Admin).await;
    assert_redirects_to(&c.app.sign_in("admin@centre.test", PASSWORD).await, "/");
    // A job that failed for good is shown with its error and tried again on request.
    let now = at(monday, 6, 50);
    let stuck = softland_web::jobs::Job::Reminders {
        date: monday + chrono::Duration::days(30),
    };
    jobs::enqueue(&c.app.db, &stuck, now).await.unwrap();
    let claimed = jobs::claim_due(&c.app.db, now, "test", 10, chrono::Duration::minutes(10))
        .await
        .unwrap();
    let id = claimed.iter().find(|j| j.job == stuck).unwrap().id;
    jobs::finish(
        &c.app.db,
        id,
        Err("the database was away".into()),
        true,
        now,
    )
    .await
    .unwrap();
    let failed = c
        .app
        .get("/admin/jobs?status=failed")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        failed.contains("last error: the database was away"),
        "{failed}"
    );
    let csrf = c.app.csrf("/admin/jobs").await;
    let res = c
        .app
        .post_form(
            &format!("/admin/jobs/{id}/retry"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_redirects_to(&res, "/admin/jobs");
    let pending = c
        .app
        .get("/admin/jobs?status=pending")
        .await
        .text()
        .await
        .unwrap();
    assert!(pending.contains("will be tried again"), "{pending}");
    assert!(!pending.contains(&format!("Try job {id} again")));
    let again = c
        .app
        .post_form(
            &format!("/admin/jobs/{id}/retry"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(again.status(), 404, "only a failed job is tried again");
}
