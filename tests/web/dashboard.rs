use softland_domain::KeyDate;
use softland_web::auth::Role;
use softland_web::db::cases::{self, Expect};
use softland_web::db::templates;

use crate::support::{
    PASSWORD, assert_redirects_to, date, edited, employee_card_case, make_user, spawn_app_with,
};

/// Today in these tests: Mon 4 Jan 2027.
fn today() -> chrono::NaiveDate {
    date(2027, 1, 4)
}

#[tokio::test]
async fn the_dashboard_lists_my_overdue_and_due_soon_items_with_counts() {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let petr = make_user(&app.db, "petr@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    // Arrived Wed 23 Dec 2026: reporting to the MoI was due Wed 30 Dec → overdue.
    let mine = employee_card_case(&catalog, date(2026, 12, 23));
    let id = cases::create(&app.db, &mine, jana, jana, None)
        .await
        .unwrap();
    cases::update(&app.db, id, jana, Expect::Case(1), |case, cal| {
        case.set_key_date(KeyDate::EmploymentStart, Some(date(2027, 1, 11)), cal);
        Ok::<_, String>(((), vec![]))
    })
    .await
    .unwrap();
    let theirs = edited(employee_card_case(&catalog, date(2026, 12, 28)), |c| {
        c.people[0].name = softland_domain::person::PersonName::parse("Someone Else").unwrap();
    });
    cases::create(&app.db, &theirs, petr, petr, None)
        .await
        .unwrap();

    app.sign_in("jana@centre.test", PASSWORD).await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(
        html.contains("Report to the Ministry of the Interior office after arrival"),
        "{html}"
    );
    assert!(html.contains("Wed 30 Dec 2026"), "{html}");
    assert!(html.contains("overdue by 2 working days"), "{html}");
    // Employment starts Mon 11 Jan 2027: the employer's Labour Office notice is due that day.
    assert!(html.contains("Mon 11 Jan 2027"), "{html}");
    assert!(html.contains("5 working days left"), "{html}");
    assert!(
        !html.contains("Someone Else"),
        "another consultant's case leaked: {html}"
    );
    // Health insurance (due on arrival) and the MoI report are overdue.
    assert!(
        html.contains(r#"<strong class="overdue">2</strong> overdue"#),
        "{html}"
    );

    let team = app.get("/?team=1").await.text().await.unwrap();
    assert!(team.contains("Someone Else"), "{team}");
    assert!(team.contains("Team deadlines"));
}

#[tokio::test]
async fn items_waiting_for_the_authority_long_are_listed() {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let id = cases::create(
        &app.db,
        &employee_card_case(&catalog, date(2026, 10, 1)),
        jana,
        jana,
        None,
    )
    .await
    .unwrap();
    let stored = cases::load(&app.db, id).await.unwrap();
    let index = stored
        .case
        .items()
        .iter()
        .position(|i| i.key().as_str() == "ec-vacancy")
        .unwrap();
    let (item, version) = (stored.item_ids[index], stored.item_versions[index]);
    cases::update(
        &app.db,
        id,
        jana,
        Expect::Item(item, version),
        |case, cal| {
            case.apply(
                index,
                &softland_domain::Action::Submit,
                date(2026, 11, 2),
                cal,
            )
            .map_err(|e| e.to_string())?;
            Ok::<_, String>(((), vec![]))
        },
    )
    .await
    .unwrap();
    app.sign_in("jana@centre.test", PASSWORD).await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("waiting 63 days"), "{html}");
}

#[tokio::test]
async fn risk_warnings_show_passports_and_insurance_ending_before_the_permit() {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let id = cases::create(
        &app.db,
        &employee_card_case(&catalog, date(2026, 12, 23)),
        jana,
        jana,
        None,
    )
    .await
    .unwrap();
    cases::update(&app.db, id, jana, Expect::Case(1), |case, cal| {
        case.set_key_date(KeyDate::PermitExpiry, Some(date(2033, 6, 30)), cal);
        case.set_key_date(KeyDate::InsuranceEnd, Some(date(2030, 12, 31)), cal);
        Ok::<_, String>(((), vec![]))
    })
    .await
    .unwrap();
    app.sign_in("jana@centre.test", PASSWORD).await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(
        html.contains("passport expires Thu 1 Jan 2032, before the permit (Thu 30 Jun 2033)"),
        "{html}"
    );
    assert!(
        html.contains("health insurance ends Tue 31 Dec 2030, before the permit (Thu 30 Jun 2033)"),
        "{html}"
    );
}

/// The three item warnings: an extension window open today, a registration missed, an
/// integration course due within 60 days; an item outside its window gives none.
#[tokio::test]
async fn risk_warnings_show_open_extension_windows_missed_registrations_and_courses_due() {
    use softland_domain::{Action, Holder, ItemKey};
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let mut case = employee_card_case(&catalog, date(2026, 12, 23));
    let cal = softland_domain::Calendar::czech();
    case.set_key_date(KeyDate::PermitExpiry, Some(date(2027, 3, 31)), &cal);
    // The residence card was collected a year ago: the course is due in January.
    for (key, on) in [
        ("biometrics", date(2026, 1, 10)),
        ("card-collect", date(2026, 1, 20)),
    ] {
        let index = case
            .position(&ItemKey::parse(key).unwrap(), Holder::Person(0))
            .unwrap();
        case.apply(index, &Action::Complete, on, &cal).unwrap();
    }
    cases::create(&app.db, &case, jana, jana, None)
        .await
        .unwrap();
    // Another case whose extension window opens only next year.
    let mut later = employee_card_case(&catalog, date(2026, 12, 23));
    later.set_key_date(KeyDate::PermitExpiry, Some(date(2028, 3, 31)), &cal);
    cases::create(&app.db, &later, jana, jana, None)
        .await
        .unwrap();
    app.sign_in("jana@centre.test", PASSWORD).await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(
        html.contains(
            "extension window open since Tue 1 Dec 2026; closes Wed 31 Mar 2027 (60 working days left)"
        ),
        "{html}"
    );
    assert_eq!(html.matches("extension window open").count(), 1, "{html}");
    assert_eq!(
        html.matches("registration deadline missed (Wed 30 Dec 2026)")
            .count(),
        2,
        "{html}"
    );
    assert!(
        html.contains("integration course due by Wed 20 Jan 2027"),
        "{html}"
    );
}

#[tokio::test]
async fn free_text_is_escaped_on_the_dashboard() {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let case = edited(employee_card_case(&catalog, date(2026, 12, 23)), |c| {
        c.people[0].name =
            softland_domain::person::PersonName::parse("<script>alert(1)</script>").unwrap();
    });
    cases::create(&app.db, &case, jana, jana, None)
        .await
        .unwrap();
    app.sign_in("jana@centre.test", PASSWORD).await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
        "{html}"
    );
}

/// The dashboard reads a consultant's items by the case's consultant and status as kept on
/// write: holding, reopening and reassigning a case move its items and warnings at once.
#[tokio::test]
async fn holding_reopening_and_reassigning_a_case_move_its_items_and_warnings() {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let petr = make_user(&app.db, "petr@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let id = cases::create(
        &app.db,
        &employee_card_case(&catalog, date(2026, 12, 23)),
        jana,
        jana,
        None,
    )
    .await
    .unwrap();
    let change = |f: fn(&mut softland_domain::Case)| {
        cases::update(&app.db, id, jana, Expect::Any, move |case, _| {
            f(case);
            Ok::<_, String>(((), vec![]))
        })
    };
    change(|case| {
        let cal = softland_domain::Calendar::czech();
        case.set_key_date(KeyDate::PermitExpiry, Some(date(2033, 6, 30)), &cal);
    })
    .await
    .unwrap();
    app.sign_in("jana@centre.test", PASSWORD).await;
    let shows_case = |html: &str| {
        html.contains("Report to the Ministry of the Interior office after arrival")
            && html.contains("passport expires Thu 1 Jan 2032")
    };
    assert!(shows_case(&app.get("/").await.text().await.unwrap()));

    change(|case| {
        let reason = softland_domain::Reason::parse("waiting for the employer").unwrap();
        case.hold(reason).unwrap();
    })
    .await
    .unwrap();
    let held = app.get("/").await.text().await.unwrap();
    assert!(!held.contains("Report to the Ministry"), "{held}");
    assert!(!held.contains("passport expires"), "{held}");
    assert!(
        held.contains(r#"<strong class="overdue">0</strong> overdue"#),
        "{held}"
    );

    change(|case| case.reopen().unwrap()).await.unwrap();
    assert!(shows_case(&app.get("/").await.text().await.unwrap()));

    let version = cases::load(&app.db, id).await.unwrap().version;
    cases::reassign(
        &app.db,
        id,
        softland_web::db::cases::Expect::Case(version),
        petr,
        jana,
    )
    .await
    .unwrap();
    let mine = app.get("/").await.text().await.unwrap();
    assert!(!mine.contains("Report to the Ministry"), "{mine}");
    assert!(!mine.contains("passport expires"), "{mine}");
    let horizon = date(2027, 1, 18);
    let petrs = softland_web::db::dashboard::due_items(&app.db, Some(petr), horizon, 100)
        .await
        .unwrap();
    assert!(
        petrs.iter().all(|r| r.case_id == id.0) && petrs.len() >= 2,
        "{petrs:?}"
    );
    assert!(petrs.iter().all(|r| r.consultant == "petr"), "{petrs:?}");
}

/// The benchmark's centre (40 consultants, cases spread evenly over them) of `cases` cases
/// on Wed 25 Nov 2026, with the app's today that day; and the last day an integration course
/// due warns.
async fn bench_centre(
    cases: u32,
) -> (
    crate::support::TestApp,
    chrono::NaiveDate,
    chrono::NaiveDate,
) {
    let day = date(2026, 11, 25);
    let app = spawn_app_with(|c| c.today_override = Some(day)).await;
    softland_web::seed::bench::seed(&app.db, cases, 7, day)
        .await
        .unwrap();
    let course_soon = day
        .checked_add_days(chrono::Days::new(
            softland_domain::case::INTEGRATION_COURSE_DAYS,
        ))
        .unwrap();
    (app, day, course_soon)
}

/// The lines of the list of risk warnings that opens with `opening` in `html`.
fn warning_lines(html: &str, opening: &str) -> Vec<String> {
    let Some(start) = html.find(opening) else {
        return Vec::new();
    };
    let rest = &html[start..];
    let end = [rest.find("</ul>"), rest.find("</ol>")]
        .into_iter()
        .flatten()
        .min()
        .unwrap();
    let list = &rest[..end];
    list.split("<li>")
        .skip(1)
        .map(|l| l.trim_end().trim_end_matches("</li>").to_owned())
        .collect()
}

/// The case ids the lines link to.
fn linked_cases(lines: &[String]) -> Vec<i64> {
    lines
        .iter()
        .map(|l| {
            let id = l
                .strip_prefix(r#"<a href="/cases/"#)
                .and_then(|rest| rest.split('"').next())
                .unwrap();
            id.parse().unwrap()
        })
        .collect()
}

const PANEL: &str = r#"<ul class="risks">"#;
const ALL_WARNINGS: &str = r#"<ol class="risks all-warnings""#;

#[tokio::test]
async fn the_dashboard_lists_the_soonest_20_warnings_and_links_to_a_paged_list_of_all() {
    use softland_web::db::dashboard;
    let (app, day, course_soon) = bench_centre(600).await;
    let total = dashboard::risk_total(&app.db, None, day, course_soon)
        .await
        .unwrap();
    assert!(total > 100, "more warnings than two pages: {total}");
    app.sign_in(
        "consultant1@bench.softland.test",
        softland_web::seed::bench::CONSULTANT_PASSWORD,
    )
    .await;

    let team = app.get("/?team=1").await.text().await.unwrap();
    let risks = &team[team.find(r#"id="risks-heading""#).unwrap()..];
    let panel = warning_lines(risks, PANEL);
    assert_eq!(panel.len(), 20, "{risks}");
    // The figures of all of them: each a count of its own.
    let counts = dashboard::risk_counts(&app.db, None, day, course_soon)
        .await
        .unwrap();
    assert!(
        counts.papers_cases > 1 && counts.extensions > 1,
        "{counts:?}"
    );
    for figure in [
        format!(
            "papers ending before the stay on {} cases",
            counts.papers_cases
        ),
        format!("{} extension windows open or missed", counts.extensions),
    ] {
        assert!(risks.contains(&figure), "{figure}: {risks}");
    }
    assert!(risks.contains("The 20 soonest are listed"), "{risks}");
    assert!(
        risks.contains(r#"<a href="/dashboard/warnings?team=1">See all warnings</a>"#),
        "{risks}"
    );

    // The list of all: 50 a page, every warning once, the dashboard's 20 first.
    let pages = total.div_ceil(50);
    let mut all = Vec::new();
    for page in 1..=pages {
        let html = app
            .get(&format!("/dashboard/warnings?team=1&page={page}"))
            .await
            .text()
            .await
            .unwrap();
        let first = (page - 1) * 50 + 1;
        let last = (page * 50).min(total);
        assert!(
            html.contains(&format!(
                "{total} warnings, soonest first, showing {first}–{last}."
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                r#"<a href="/dashboard/warnings?team=1&#38;page={page}" aria-current="page">"#
            )),
            "page {page}: {html}"
        );
        let lines = warning_lines(&html, ALL_WARNINGS);
        assert_eq!(
            u64::try_from(lines.len()).unwrap(),
            last - first + 1,
            "page {page}"
        );
        all.extend(lines);
    }
    assert_eq!(u64::try_from(all.len()).unwrap(), total);
    assert_eq!(all[..20], panel[..]);
    let soonest = dashboard::risks(
        &app.db,
        None,
        day,
        course_soon,
        dashboard::Window::soonest(total),
    )
    .await
    .unwrap();
    assert_eq!(
        linked_cases(&all),
        soonest.iter().map(|r| r.case_id).collect::<Vec<_>>()
    );
    // A page past the last shows the last.
    let beyond = app
        .get("/dashboard/warnings?team=1&page=9999")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        warning_lines(&beyond, ALL_WARNINGS),
        all[usize::try_from((pages - 1) * 50).unwrap()..]
    );
}

#[tokio::test]
async fn a_consultants_list_of_warnings_holds_only_their_own_cases() {
    use softland_web::db::{dashboard, users};
    let (app, day, course_soon) = bench_centre(600).await;
    let email = "consultant1@bench.softland.test";
    let me = users::find_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id;
    let mine: std::collections::BTreeSet<i64> = cases::ids_of(&app.db, me)
        .await
        .unwrap()
        .into_iter()
        .map(|id| id.0)
        .collect();
    let own = dashboard::risk_total(&app.db, Some(me), day, course_soon)
        .await
        .unwrap();
    let team = dashboard::risk_total(&app.db, None, day, course_soon)
        .await
        .unwrap();
    assert!(own > 0 && own < team, "{own} of {team}");
    assert_redirects_to(
        &app.get("/dashboard/warnings").await,
        "/login?next=/dashboard/warnings",
    );
    app.sign_in(email, softland_web::seed::bench::CONSULTANT_PASSWORD)
        .await;

    let html = app.get("/dashboard/warnings").await.text().await.unwrap();
    assert!(html.contains("My risk warnings"), "{html}");
    let lines = warning_lines(&html, ALL_WARNINGS);
    assert_eq!(u64::try_from(lines.len()).unwrap(), own, "{html}");
    let cases = linked_cases(&lines);
    assert!(cases.iter().all(|id| mine.contains(id)), "{cases:?}");
    // The dashboard's own panel is the same list's beginning, without "see all" when every
    // warning fits.
    let dashboard = app.get("/").await.text().await.unwrap();
    let panel = warning_lines(
        &dashboard[dashboard.find(r#"id="risks-heading""#).unwrap()..],
        PANEL,
    );
    assert_eq!(panel[..], lines[..panel.len()]);
    assert_eq!(
        dashboard.contains("See all warnings"),
        own > 20,
        "{dashboard}"
    );
}

/// The item ids the rows of the due table in `html` link to, in order.
fn row_items(html: &str) -> Vec<i64> {
    html.split("<tr>")
        .skip(2) // before the table, and the heading row
        .filter_map(|row| {
            let rest = &row[row.find("#item-")? + "#item-".len()..];
            rest.split('"').next()?.parse().ok()
        })
        .collect()
}

/// The section of the dashboard with heading id `id`.
fn dashboard_section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!(r#"<h2 id="{id}">"#)).unwrap();
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap()]
}

#[tokio::test]
async fn each_dashboard_list_shows_its_first_20_and_links_to_all_of_it_a_page_at_a_time() {
    use softland_web::db::dashboard;
    let (app, day, _) = bench_centre(600).await;
    app.sign_in(
        "consultant1@bench.softland.test",
        softland_web::seed::bench::CONSULTANT_PASSWORD,
    )
    .await;
    let counts = dashboard::counts(&app.db, None, day, day + chrono::Days::new(14))
        .await
        .unwrap();
    let overdue = u64::try_from(counts.overdue).unwrap();
    assert!(
        overdue > 100,
        "more than two pages of overdue items: {overdue}"
    );
    assert!(counts.due_soon > 0, "{counts:?}");

    let team = app.get("/?team=1").await.text().await.unwrap();
    let section = dashboard_section(&team, "overdue");
    let first = row_items(section);
    assert_eq!(first.len(), 20, "{section}");
    assert!(
        section.contains(&format!("The 20 most overdue of {overdue} are listed.")),
        "{section}"
    );
    assert!(
        section.contains(&format!(
            r#"<a href="/dashboard/items?list=overdue&#38;team=1">See all {overdue} overdue items</a>"#
        )),
        "{section}"
    );
    // However many are overdue, what is due soon is listed too.
    let soon = row_items(dashboard_section(&team, "due-soon"));
    assert_eq!(
        soon.len(),
        usize::try_from(counts.due_soon.min(20)).unwrap(),
        "{team}"
    );

    // The whole list, 50 a page: every overdue item once, most overdue first, the
    // dashboard's 20 first.
    let pages = overdue.div_ceil(50);
    let mut all = Vec::new();
    for page in 1..=pages {
        let html = app
            .get(&format!("/dashboard/items?list=overdue&team=1&page={page}"))
            .await
            .text()
            .await
            .unwrap();
        let (from, to) = ((page - 1) * 50 + 1, (page * 50).min(overdue));
        assert!(
            html.contains(&format!(
                "{overdue} items, most overdue first, showing {from}–{to}."
            )),
            "{html}"
        );
        all.extend(row_items(&html));
    }
    assert_eq!(u64::try_from(all.len()).unwrap(), overdue);
    assert_eq!(all[..20], first[..]);
    let expected = dashboard::due_page(
        &app.db,
        None,
        dashboard::DueDays {
            from: None,
            until: day.pred_opt().unwrap(),
        },
        dashboard::Window::soonest(overdue),
    )
    .await
    .unwrap();
    assert_eq!(all, expected.iter().map(|r| r.item_id).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_waiting_figure_counts_every_waiting_item_and_an_unknown_list_is_refused() {
    use softland_web::db::dashboard;
    let (app, day, _) = bench_centre(600).await;
    app.sign_in(
        "consultant1@bench.softland.test",
        softland_web::seed::bench::CONSULTANT_PASSWORD,
    )
    .await;
    let team = app.get("/?team=1").await.text().await.unwrap();
    // The waiting list's total is the figure at the top, however many are listed.
    let waiting = dashboard::waiting_count(
        &app.db,
        None,
        day.checked_sub_days(chrono::Days::new(30)).unwrap(),
    )
    .await
    .unwrap();
    assert!(
        team.contains(&format!(
            "<strong>{waiting}</strong> waiting for the authority"
        )),
        "{team}"
    );
    let html = app
        .get("/dashboard/items?list=waiting&team=1")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        u64::try_from(row_items(&html).len()).unwrap(),
        waiting.min(50),
        "{html}"
    );

    // A list that does not exist is refused in words.
    let res = app.get("/dashboard/items?list=everything").await;
    assert_eq!(res.status(), reqwest::StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(
            "There is no such list: the dashboard&#39;s lists are overdue, due-soon and waiting."
        ),
        "{html}"
    );
}

/// The open-case figure is kept by triggers (`consultant_open_cases`): it follows every case
/// made, held, closed, reopened and handed over, per consultant and for the team, on both
/// databases, and the dashboard shows it.
#[tokio::test]
async fn the_open_case_figure_follows_holds_closes_reopenings_and_handovers() {
    use softland_domain::Reason;
    use softland_domain::case::CaseOutcome;
    use softland_web::db::dashboard;

    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    let db = &app.db;
    let admin = make_user(db, "ada@centre.test", Role::Admin).await;
    let jana = make_user(db, "jana@centre.test", Role::Consultant).await;
    let petr = make_user(db, "petr@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(db).await.unwrap();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let case = employee_card_case(&catalog, date(2026, 12, 23));
        ids.push(cases::create(db, &case, jana, jana, None).await.unwrap());
    }
    let case = employee_card_case(&catalog, date(2026, 12, 23));
    cases::create(db, &case, petr, petr, None).await.unwrap();
    let open = async |who| {
        dashboard::counts(db, who, today(), today())
            .await
            .unwrap()
            .open_cases
    };
    assert_eq!(
        (
            open(Some(jana)).await,
            open(Some(petr)).await,
            open(None).await
        ),
        (3, 1, 4)
    );

    let change = async |id, version, to: &str| {
        cases::update(db, id, jana, Expect::Case(version), |c, _| {
            let moved = match to {
                "hold" => c.hold(Reason::parse("waiting for the employer").unwrap()),
                "close" => c.close(CaseOutcome::Granted, today()),
                _ => c.reopen(),
            };
            moved.map(|()| ((), vec![])).map_err(|e| e.to_string())
        })
        .await
        .unwrap();
    };
    change(ids[0], 1, "hold").await;
    change(ids[1], 1, "close").await;
    assert_eq!((open(Some(jana)).await, open(None).await), (1, 2));
    // A held case closed is still not open; a closed one reopened is.
    change(ids[0], 2, "close").await;
    change(ids[1], 2, "reopen").await;
    assert_eq!((open(Some(jana)).await, open(None).await), (2, 3));
    // Handed to Petr: it leaves Jana's figure and joins his; a closed case handed over
    // moves nothing.
    cases::reassign(db, ids[1], Expect::Case(3), petr, admin)
        .await
        .unwrap();
    cases::reassign(db, ids[0], Expect::Case(3), petr, admin)
        .await
        .unwrap();
    assert_eq!(
        (
            open(Some(jana)).await,
            open(Some(petr)).await,
            open(None).await
        ),
        (1, 2, 3)
    );
    // What the page says is the same figure.
    app.sign_in("jana@centre.test", PASSWORD).await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("<strong>1</strong> open cases"), "{html}");
}
