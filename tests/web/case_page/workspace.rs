//! The case page as a workspace: a family's task is one row with a chip per person, steps
//! in order with finished ones folded, filters, the "what now" header, only the key dates
//! the case uses up front, history a page at a time, and answers shown where the change was
//! made with what was typed kept.

use softland_domain::person::{
    Nationality, Passport, PassportNumber, Person, PersonName, Relation,
};
use softland_domain::{Calendar, Case, KeyDate, NewCase, RouteKey};
use softland_web::auth::Role;
use softland_web::db::cases::{self, StoredCase};
use softland_web::db::templates;
use softland_web::ids::CaseId;

use crate::support::{PASSWORD, TestApp, assert_redirects_to, date, make_user, spawn_app_with};

fn person(name: &str, relation: Relation, born: chrono::NaiveDate) -> Person {
    Person {
        name: PersonName::parse(name).unwrap(),
        relation,
        date_of_birth: born,
        nationality: Nationality::parse("Indian").unwrap(),
        email: None,
        passport: Some(Passport {
            number: PassportNumber::parse("Z7654321").unwrap(),
            expiry: date(2035, 1, 1),
        }),
    }
}

/// Today Mon 4 Jan 2027; Jana signed in; the Rao family of four (employee card and family
/// reunification), arrived Wed 23 Dec 2026, permits until Fri 30 Jun 2028.
async fn family() -> (TestApp, CaseId) {
    let app = spawn_app_with(|c| c.today_override = Some(date(2027, 1, 4))).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let new = NewCase {
        principal: person("Asha Rao", Relation::Principal, date(1988, 3, 1)),
        dependants: vec![
            person("Ravi Rao", Relation::Spouse, date(1987, 7, 9)),
            person("Mira Rao", Relation::Child, date(2010, 5, 5)),
            person("Dev Rao", Relation::Child, date(2019, 8, 8)),
        ],
        routes: vec![
            RouteKey::parse("employee-card").unwrap(),
            RouteKey::parse("family-reunification").unwrap(),
        ],
        key_dates: [
            (KeyDate::Arrival, date(2026, 12, 23)),
            (KeyDate::PermitExpiry, date(2028, 6, 30)),
        ]
        .into_iter()
        .collect(),
        opened_on: date(2026, 11, 25),
    };
    let case = Case::open(new, &catalog, &Calendar::czech()).unwrap();
    let id = cases::create(&app.db, &case, jana, jana, None)
        .await
        .unwrap();
    assert_redirects_to(&app.sign_in("jana@centre.test", PASSWORD).await, "/");
    (app, id)
}

async fn page(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

async fn stored(app: &TestApp, id: CaseId) -> StoredCase {
    cases::load(&app.db, id).await.unwrap()
}

/// The number of times `needle` occurs in `html`.
fn occurrences(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

/// The chips (names) of the task row titled `title`.
fn chips_of(html: &str, title: &str) -> Vec<String> {
    let start = html
        .find(&format!(r#"<span class="task-title">{title}</span>"#))
        .unwrap_or_else(|| panic!("no task {title}"));
    let row = &html[start..];
    let row = &row[..row.find(r#"<li class="task"#).unwrap_or(row.len())];
    row.split(r#"<span class="who">"#)
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_task_of_the_whole_family_is_one_row_with_a_chip_per_person() {
    let (app, id) = family().await;
    let html = page(&app, &format!("/cases/{id}")).await;
    let stored = stored(&app, id).await;
    // Every person-level task appears once, however many people have it.
    let title = stored
        .case
        .items()
        .iter()
        .find(|i| i.key().as_str() == "biometrics")
        .map(|i| i.title().to_owned())
        .expect("biometrics for each person");
    assert_eq!(
        occurrences(
            &html,
            &format!(r#"<span class="task-title">{title}</span>"#)
        ),
        1
    );
    let holders = stored
        .case
        .items()
        .iter()
        .filter(|i| i.key().as_str() == "biometrics")
        .count();
    assert!(holders >= 3, "several people give biometrics");
    assert_eq!(chips_of(&html, &title).len(), holders);
    assert!(chips_of(&html, &title).contains(&"Ravi Rao".to_owned()));
    // Steps are numbered in the order they are done.
    let visa = html.find("<h3>1. Visa <span").expect("step 1");
    let permit = html.find("<h3>2. Residence permit <span").expect("step 2");
    assert!(visa < permit);
    // Status words are the same as on the buttons and in the history, with colours by class.
    assert!(html.contains(r#"<span class="badge status-to_do">To do</span>"#));
    assert!(
        html.contains(">Filed: waiting for the authority</button>"),
        "the button says the status it leads to (the badge's 'Waiting for the authority')"
    );
}

#[tokio::test]
async fn the_header_says_what_is_overdue_what_comes_next_and_what_waits_for_the_authority() {
    let (app, id) = family().await;
    let html = page(&app, &format!("/cases/{id}")).await;
    let now = &html[html.find(r#"id="now""#).unwrap()..html.find(r#"id="checklist""#).unwrap()];
    assert!(now.contains("<h3>Overdue</h3>"));
    assert!(now.contains("overdue by"), "{now}");
    assert!(now.contains("<h3>Next steps</h3>"));
    assert!(now.contains("Nothing filed and pending."));
    // Pointers lead to the item's chip.
    let href = now
        .split(r##"<a href="#item-"##)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a pointer to an item");
    assert!(html.contains(&format!(r#"id="item-{href}""#)));
    // Route names, never keys.
    assert!(!html.contains("employee-card, family"), "routes are named");
}

#[tokio::test]
async fn finished_steps_are_folded_and_the_filters_narrow_the_checklist() {
    let (app, id) = family().await;
    let stored = stored(&app, id).await;
    // Finish every visa item: the visa step folds.
    for (i, item) in stored.case.items().iter().enumerate() {
        if item.category() != softland_domain::template::Category::Visa {
            continue;
        }
        let fresh = cases::load(&app.db, id).await.unwrap();
        let csrf = app.csrf(&format!("/cases/{id}")).await;
        let res = app
            .post_form(
                &format!("/cases/{id}/items/{}/status", stored.item_ids[i]),
                &[
                    ("csrf", &csrf),
                    ("action", "not_applicable"),
                    ("reason", "already in the country"),
                    ("version", &fresh.item_versions[i].to_string()),
                ],
            )
            .await;
        assert!(res.status().is_redirection(), "{}", res.status());
    }
    let html = page(&app, &format!("/cases/{id}")).await;
    assert!(
        html.contains(r#"<details class="step finished" id="step-visa">"#),
        "a finished step starts folded"
    );
    assert!(html.contains(r#"<details class="step" id="step-residence_permit" open>"#));
    let everything = page(&app, &format!("/cases/{id}?show=all")).await;
    assert!(everything.contains(r#"<details class="step finished" id="step-visa" open>"#));
    let open_only = page(&app, &format!("/cases/{id}?show=open")).await;
    assert!(
        !open_only.contains(r#"id="step-visa""#),
        "nothing left to do there"
    );
    // One person's items (and the household's).
    let ravi = page(&app, &format!("/cases/{id}?person=1")).await;
    let checklist =
        &ravi[ravi.find(r#"id="checklist""#).unwrap()..ravi.find(r#"id="people""#).unwrap()];
    assert!(checklist.contains(r#"<span class="who">Ravi Rao</span>"#));
    assert!(!checklist.contains(r#"<span class="who">Asha Rao</span>"#));
    assert!(ravi.contains(r#"aria-current="true">Ravi Rao</a>"#));
    // Unknown filter values fall back to the usual page, never an error.
    assert_eq!(
        app.get(&format!("/cases/{id}?show=x&person=z&history_before=-"))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn only_the_key_dates_the_case_uses_are_up_front() {
    let (app, id) = family().await;
    let html = page(&app, &format!("/cases/{id}")).await;
    let dates = &html[html.find(r#"id="dates""#).unwrap()..];
    let up_front = &dates[..dates.find("Other dates").unwrap()];
    assert!(up_front.contains(r#"name="arrival""#));
    assert!(up_front.contains(r#"name="permit_expiry""#));
    assert!(
        !up_front.contains(r#"name="study_start""#),
        "a study date is not for this case"
    );
    let folded = &dates[dates.find("Other dates").unwrap()..];
    assert!(
        folded.contains(r#"name="study_start""#),
        "but one click away"
    );
    // Events that have not happened (a move) wait folded under their own heading.
    let events = dates
        .find("When something happens")
        .expect("an events section");
    let moved = dates.find(r#"name="address_change""#).expect("a move date");
    assert!(moved > events, "a move that has not happened is folded");
}

#[tokio::test]
async fn a_refused_override_keeps_what_was_typed_at_the_item_with_an_error_summary() {
    let (app, id) = family().await;
    let stored = stored(&app, id).await;
    let item = stored.item_ids[0];
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let res = app
        .post_form(
            &format!("/cases/{id}/items/{item}/due"),
            &[
                ("csrf", &csrf),
                ("op", "set"),
                ("date", "2027-02-15"),
                ("reason", ""),
                ("version", &stored.item_versions[0].to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("<title>Error: Asha Rao · softland</title>"),
        "{html}"
    );
    assert!(html.contains(r#"class="error-summary""#));
    assert!(
        html.contains(&format!(r##"<a href="#item-{item}">"##)),
        "the summary links to the item"
    );
    let chip = &html[html.find(&format!(r#"id="item-{item}""#)).unwrap()..];
    let chip = &chip[..chip.find("</details>\n          </li>").unwrap()];
    assert!(chip.starts_with(&format!(r#"id="item-{item}">"#)));
    assert!(chip.contains("<details open>"), "the item's chip is open");
    assert!(
        chip.contains(r#"class="error-message""#),
        "the message is beside the form"
    );
    assert!(
        chip.contains(r#"value="2027-02-15""#),
        "the typed date is kept"
    );
}

#[tokio::test]
async fn after_a_change_the_message_is_shown_at_the_item_it_concerns() {
    let (app, id) = family().await;
    let stored = stored(&app, id).await;
    let i = stored
        .case
        .items()
        .iter()
        .position(|it| it.key().as_str() == "health-insurance")
        .unwrap_or(0);
    let item = stored.item_ids[i];
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let res = app
        .post_form(
            &format!("/cases/{id}/items/{item}/status"),
            &[
                ("csrf", &csrf),
                ("action", "start"),
                ("version", &stored.item_versions[i].to_string()),
            ],
        )
        .await;
    let location = format!("/cases/{id}?at=item-{item}#item-{item}");
    assert_redirects_to(&res, &location);
    let html = page(&app, &location).await;
    let chip = &html[html.find(&format!(r#"id="item-{item}""#)).unwrap()..];
    let chip = &chip[..chip.find("</details>\n          </li>").unwrap()];
    assert!(chip.contains("<details open>"));
    assert!(
        chip.contains(r#"<p class="flash" role="status">"#),
        "{chip}"
    );
    assert!(chip.contains("In progress"));
}

#[tokio::test]
async fn the_history_is_paged_newest_first() {
    let (app, id) = family().await;
    // 30 notes give 30 history events.
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    for n in 1..=30 {
        let res = app
            .post_form(
                &format!("/cases/{id}/notes"),
                &[
                    ("csrf", &csrf),
                    ("body", &format!("call number {n}")),
                    ("visibility", "internal"),
                ],
            )
            .await;
        assert!(res.status().is_redirection());
    }
    let first = page(&app, &format!("/cases/{id}")).await;
    let history = &first[first.find(r#"id="history""#).unwrap()..];
    assert_eq!(occurrences(history, r#"<li class="event">"#), 10);
    let older = history
        .split(r#"<a href=""#)
        .find(|s| s.contains("Older changes"))
        .and_then(|s| s.split('"').next())
        .expect("a link to older changes")
        .to_owned();
    assert!(older.contains("history_before="), "{older}");
    let second = page(&app, &older).await;
    let history = &second[second.find(r#"id="history""#).unwrap()..];
    assert_eq!(occurrences(history, r#"<li class="event">"#), 10);
    assert!(history.contains("Newest changes"));
    assert!(
        history.contains("call number 20"),
        "the second page goes on where the first ended"
    );
    assert!(!history.contains("call number 21"));
}

#[tokio::test]
async fn a_due_date_set_on_a_weekend_is_saved_with_a_warning_at_the_item() {
    let (app, id) = family().await;
    let stored = stored(&app, id).await;
    let item = stored.item_ids[0];
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let res = app
        .post_form(
            &format!("/cases/{id}/items/{item}/due"),
            &[
                ("csrf", &csrf),
                ("op", "set"),
                ("date", "2027-01-09"),
                ("reason", "agreed with the office"),
                ("version", &stored.item_versions[0].to_string()),
            ],
        )
        .await;
    let location = format!("/cases/{id}?at=item-{item}#item-{item}");
    assert_redirects_to(&res, &location);
    let html = page(&app, &location).await;
    let chip = &html[html.find(&format!(r#"id="item-{item}""#)).unwrap()..];
    assert!(
        chip.contains("Note: Sat 9 Jan 2027 is a weekend day, not a working day"),
        "{chip}"
    );
}

#[tokio::test]
async fn after_a_change_the_page_comes_back_filtered_as_it_was() {
    let (app, id) = family().await;
    let stored = stored(&app, id).await;
    let i = stored
        .case
        .items()
        .iter()
        .position(|it| it.key().as_str() == "health-insurance")
        .unwrap_or(0);
    let item = stored.item_ids[i];
    let filtered = format!("/cases/{id}?show=open&person=1");
    let csrf = app.csrf(&filtered).await;
    let res = app
        .client
        .post(app.url(&format!("/cases/{id}/items/{item}/status")))
        .header("referer", app.url(&format!("{filtered}#checklist")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("action", "start"),
            ("version", &stored.item_versions[i].to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_redirects_to(
        &res,
        &format!("/cases/{id}?show=open&person=1&at=item-{item}#item-{item}"),
    );
}
