use proptest::prelude::*;

use super::*;
use crate::deadline::{Anchor, Direction, Offset, Roll, Unit};
use crate::key_date::KeyDate;

const LIBRARY: &str = r#"
[[items]]
key = "biometrics"
title = "Give biometrics"
category = "residence_permit"
applies_to = "each_person"
instructions = "Go to the office."
where_to_go = "OAMP Ostrava"
source = "https://ipc.gov.cz/en/administrative-proceedings/biometrics"
"#;

fn route(items: &str) -> String {
    format!(
        "route = \"test-route\"\nname = \"Test\"\nversion = 1\nsummary = \"For tests.\"\n\
         source = \"https://example.org\"\ninclude = [\"biometrics\"]\n{items}"
    )
}

fn item(key: &str, extra: &str) -> String {
    format!(
        "[[items]]\nkey = \"{key}\"\ntitle = \"Title {key}\"\ncategory = \"registration\"\n\
         applies_to = \"principal\"\ninstructions = \"Do it.\"\nwhere_to_go = \"Office\"\n\
         source = \"https://example.org/{key}\"\n{extra}\n"
    )
}

fn library() -> ItemLibrary {
    ItemLibrary::parse("common.toml", LIBRARY).unwrap()
}

fn load(text: &str) -> Result<ChecklistTemplate, TemplateError> {
    ChecklistTemplate::parse("test-route.toml", text, &library())
}

#[test]
fn a_valid_template_includes_library_items_after_its_own() {
    let text = route(&item(
        "reg",
        "[items.deadline]\nanchor = \"arrival\"\nafter = 3\nunit = \"working_days\"",
    ));
    let t = load(&text).unwrap();
    let keys: Vec<_> = t.items.iter().map(|i| i.key.to_string()).collect();
    assert_eq!(keys, ["reg", "biometrics"]);
    let rule = t.items[0].deadline.clone().unwrap();
    let offset = Offset {
        amount: 3,
        unit: Unit::WorkingDays,
        direction: Direction::After,
    };
    assert_eq!(
        rule,
        crate::deadline::DeadlineRule::Offset {
            anchor: Anchor::Date(KeyDate::Arrival),
            offset,
            roll: Roll::NextWorkingDay
        }
    );
}

#[test]
fn an_unknown_anchor_names_file_item_and_anchor() {
    let text = route(&item(
        "reg",
        "[items.deadline]\nanchor = \"landing\"\nafter = 3",
    ));
    let err = load(&text).unwrap_err().to_string();
    assert!(
        err.starts_with("test-route.toml: item `reg`: unknown anchor date `landing`"),
        "{err}"
    );
}

#[test]
fn an_unknown_dependency_is_refused() {
    let text = route(&item("reg", "depends_on = [\"visa\"]"));
    let err = load(&text).unwrap_err();
    assert_eq!(err.item.as_deref(), Some("reg"));
    assert_eq!(err.fault, TemplateFault::UnknownDependency("visa".into()));
}

#[test]
fn a_done_anchor_must_name_an_item_of_the_template() {
    let text = route(&item(
        "reg",
        "[items.deadline]\nanchor = \"done:visa\"\nafter = 3",
    ));
    assert_eq!(
        load(&text).unwrap_err().fault,
        TemplateFault::UnknownDependency("visa".into())
    );
}

#[test]
fn a_dependency_cycle_is_shown_as_a_path() {
    let text = route(&format!(
        "{}{}{}",
        item("a", "depends_on = [\"b\"]"),
        item("b", "depends_on = [\"c\"]"),
        item("c", "depends_on = [\"a\"]")
    ));
    let err = load(&text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "test-route.toml: item `a`: dependency cycle: a → b → c → a"
    );
}

#[test]
fn a_cycle_through_done_anchors_is_refused() {
    let text = route(&format!(
        "{}{}",
        item("a", "[items.deadline]\nanchor = \"done:b\"\nafter = 1"),
        item("b", "depends_on = [\"a\"]")
    ));
    assert!(matches!(
        load(&text).unwrap_err().fault,
        TemplateFault::DependencyCycle(_)
    ));
    let own = route(&item(
        "a",
        "[items.deadline]\nanchor = \"done:a\"\nafter = 1",
    ));
    assert!(matches!(
        load(&own).unwrap_err().fault,
        TemplateFault::DependencyCycle(_)
    ));
}

#[test]
fn duplicate_keys_are_refused() {
    let text = route(&format!("{}{}", item("a", ""), item("a", "")));
    assert_eq!(
        load(&text).unwrap_err().fault,
        TemplateFault::DuplicateKey("a".into())
    );
    let clash = route(&item("biometrics", ""));
    assert_eq!(
        load(&clash).unwrap_err().fault,
        TemplateFault::DuplicateKey("biometrics".into())
    );
}

#[test]
fn a_missing_title_names_the_item_by_key() {
    let text = route(&item("a", "").replace("title = \"Title a\"\n", ""));
    assert_eq!(
        load(&text).unwrap_err().to_string(),
        "test-route.toml: item `a`: missing `title`"
    );
}

#[test]
fn an_item_without_key_is_named_by_position() {
    let text = route(&format!(
        "{}{}",
        item("a", ""),
        item("b", "").replace("key = \"b\"\n", "")
    ));
    assert_eq!(
        load(&text).unwrap_err().to_string(),
        "test-route.toml: item `#2`: missing `key`"
    );
}

#[test]
fn unknown_values_list_what_is_allowed() {
    let text = route(&item("a", "").replace("registration", "paperwork"));
    let err = load(&text).unwrap_err().to_string();
    assert!(
        err.contains("unknown category `paperwork`; expected one of: visa,"),
        "{err}"
    );
}

#[test]
fn contradictory_deadlines_are_refused() {
    for bad in [
        "anchor = \"arrival\"\nafter = 3\nbefore = 2",
        "anchor = \"arrival\"",
        "anchor = \"arrival\"\nday_of_next_month = 31",
        "anchor = \"arrival\"\nafter = 3\nday_of_next_month = 8",
        "anchor = \"arrival\"\nafter = 9999",
        "after = 3",
    ] {
        let text = route(&item("a", &format!("[items.deadline]\n{bad}")));
        assert!(load(&text).is_err(), "accepted: {bad}");
    }
}

#[test]
fn a_window_that_opens_after_it_closes_is_refused() {
    for deadline in [
        "anchor = \"permit_expiry\"\nopens_before = 10\ncloses_before = 30\nunit = \"days\"",
        "anchor = \"permit_expiry\"\nopens_after = 5\nunit = \"days\"",
        "anchor = \"permit_expiry\"\nopens_before = 1\ncloses_before = 1\nunit = \"months\"\nroll = \"none\"",
    ] {
        let text = route(&item("w", &format!("[items.deadline]\n{deadline}")));
        let result = load(&text);
        if deadline.contains("months") {
            assert!(
                result.is_ok(),
                "equal ends are a one-day window: {result:?}"
            );
            continue;
        }
        let err = result.unwrap_err();
        assert!(
            matches!(&err.fault, TemplateFault::Deadline(m) if m.contains("opens after it closes")),
            "{err}"
        );
    }
}

#[test]
fn syntax_errors_name_the_file() {
    let err = load("route = ").unwrap_err();
    assert_eq!(err.file, "test-route.toml");
    assert!(matches!(err.fault, TemplateFault::Syntax(_)));
    let unknown_field = load(&route(&item("a", "colour = \"red\""))).unwrap_err();
    assert!(
        unknown_field.to_string().contains("colour"),
        "{unknown_field}"
    );
}

#[test]
fn includes_must_exist_in_the_library() {
    let text = route(&item("a", "")).replace("[\"biometrics\"]", "[\"photo\"]");
    assert_eq!(
        load(&text).unwrap_err().fault,
        TemplateFault::UnknownInclude("photo".into())
    );
}

#[test]
fn validity_must_be_in_order() {
    let text = route(&item(
        "a",
        "valid_from = \"2026-01-01\"\nvalid_until = \"2025-01-01\"",
    ));
    assert!(matches!(
        load(&text).unwrap_err().fault,
        TemplateFault::Range(_)
    ));
}

#[test]
fn every_shipped_template_loads() {
    let catalog = Catalog::shipped().unwrap();
    assert_eq!(catalog.templates.len(), SHIPPED_ROUTES.len());
}

#[test]
fn an_item_says_who_does_it_and_the_expat_when_it_does_not() {
    let text = route(&item("a", "doer = \"employer\"\n"));
    assert_eq!(load(&text).unwrap().items[0].doer, Doer::Employer);
    assert_eq!(
        load(&route(&item("a", ""))).unwrap().items[0].doer,
        Doer::Expat
    );
    let err = load(&route(&item("a", "doer = \"boss\"\n")))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown doer `boss`; expected one of: expat,"),
        "{err}"
    );
}

#[test]
fn the_shipped_employer_and_centre_tasks_say_so() {
    let catalog = Catalog::shipped().unwrap();
    let doer = |route: &str, key: &str| {
        let route = catalog.template(&RouteKey::parse(route).unwrap()).unwrap();
        route.item(&ItemKey::parse(key).unwrap()).unwrap().doer
    };
    assert_eq!(doer("employee-card", "ec-vacancy"), Doer::Employer);
    assert_eq!(doer("employee-card", "employer-lo-start"), Doer::Employer);
    assert_eq!(
        doer("family-reunification", "fr-sponsor-check"),
        Doer::Centre
    );
    assert_eq!(doer("employee-card", "ec-apply"), Doer::Expat);
}

fn any_offset(unit: Unit) -> impl Strategy<Value = Offset> {
    (0u32..10, prop::bool::ANY).prop_map(move |(amount, before)| Offset {
        amount,
        unit,
        direction: if before {
            Direction::Before
        } else {
            Direction::After
        },
    })
}

fn any_unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        Just(Unit::Days),
        Just(Unit::WorkingDays),
        Just(Unit::Weeks),
        Just(Unit::Months),
        Just(Unit::Years)
    ]
}

fn any_roll() -> impl Strategy<Value = Roll> {
    prop_oneof![
        Just(Roll::NextWorkingDay),
        Just(Roll::PreviousWorkingDay),
        Just(Roll::None)
    ]
}

fn any_anchor() -> impl Strategy<Value = Anchor> {
    prop_oneof![
        prop::sample::select(KeyDate::ALL.to_vec()).prop_map(Anchor::Date),
        Just(Anchor::ItemDone(
            crate::key::ItemKey::parse("biometrics").unwrap()
        )),
    ]
}

fn any_rule() -> impl Strategy<Value = crate::deadline::DeadlineRule> {
    use crate::deadline::DeadlineRule as R;
    let offset = (any_anchor(), any_unit(), any_roll()).prop_flat_map(|(a, u, r)| {
        any_offset(u).prop_map(move |o| R::Offset {
            anchor: a.clone(),
            offset: o,
            roll: r,
        })
    });
    let monthly = (any_anchor(), 1u32..=28, any_roll())
        .prop_map(|(anchor, day, roll)| R::DayOfNextMonth { anchor, day, roll });
    let recurring = (
        any_anchor(),
        1u32..=12,
        1u32..=28,
        any::<bool>(),
        any::<bool>(),
        any_roll(),
    )
        .prop_map(
            |(anchor, month, day, yearly, next_year, roll)| R::Recurring {
                anchor,
                schedule: if yearly {
                    crate::deadline::Schedule::yearly(month, day, next_year).unwrap()
                } else {
                    crate::deadline::Schedule::monthly(day).unwrap()
                },
                roll,
            },
        );
    let window = (any_anchor(), any_unit(), any_roll()).prop_flat_map(|(a, u, r)| {
        (any_offset(u), any_offset(u))
            .prop_filter("a window opens before it closes", |(opens, closes)| {
                !super::parse::opens_after_it_closes(*opens, *closes)
            })
            .prop_map(move |(opens, closes)| R::Window {
                anchor: a.clone(),
                opens,
                closes,
                roll: r,
            })
    });
    prop_oneof![offset, monthly, recurring, window]
}

fn any_text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ,.'\"\\\\ěščřžýáíéů–→\n]{0,40}".prop_map(|s| format!("x{}", s.trim()))
}

fn any_item(key: String) -> impl Strategy<Value = TemplateItem> {
    (
        (
            any_text(),
            prop::sample::select(Category::ALL.to_vec()),
            prop::sample::select(AppliesTo::ALL.to_vec()),
        ),
        (
            any_text(),
            any_text(),
            prop::collection::vec(any_text(), 0..3),
        ),
        (
            prop::option::of(any_rule()),
            prop::option::of(0u32..20),
            prop::option::of(prop::sample::select(Watch::ALL.to_vec())),
        ),
        (
            prop::option::of(any_text()),
            prop::sample::select(super::Doer::ALL.to_vec()),
        ),
    )
        .prop_map(
            move |(
                (title, category, applies_to),
                (instructions, where_to_go, documents),
                (deadline, min_age, watch),
                (caveat, doer),
            )| TemplateItem {
                key: crate::key::ItemKey::parse(&key).unwrap(),
                title,
                category,
                applies_to,
                instructions,
                where_to_go,
                documents,
                deadline,
                depends_on: Vec::new(),
                valid_from: chrono::NaiveDate::from_ymd_opt(2021, 1, 1),
                valid_until: None,
                min_age,
                max_age: None,
                watch,
                source: "https://example.org".into(),
                caveat,
                doer,
            },
        )
}

proptest! {
    #[test]
    fn saving_then_loading_a_template_round_trips(
        a in any_item("step-a".into()), b in any_item("step-b".into()), name in any_text(), version in 1u32..50
    ) {
        let mut b = b;
        b.depends_on = vec![a.key.clone()];
        let lib = library();
        let mut items = vec![a, b];
        items.push(lib.items[0].clone());
        let template = ChecklistTemplate {
            route: crate::key::RouteKey::parse("some-route").unwrap(),
            name,
            version,
            summary: "Summary".into(),
            source: "https://example.org".into(),
            includes: vec![lib.items[0].key.clone()],
            items,
        };
        let text = template.to_toml().unwrap();
        let loaded = ChecklistTemplate::parse("saved.toml", &text, &lib);
        prop_assert_eq!(loaded, Ok(template), "{}", text);
    }
}

#[test]
fn a_source_must_be_a_web_address() {
    for bad in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "https://",
        "https://example.org/a b",
        "ftp://example.org",
        "//example.org",
    ] {
        let text = route(&item("reg", "")).replace("https://example.org/reg", bad);
        let err = load(&text).unwrap_err();
        assert!(
            matches!(err.fault, TemplateFault::NotWebAddress("source")),
            "{bad}: {err}"
        );
        let whole =
            route(&item("reg", "")).replacen("https://example.org\"", &format!("{bad}\""), 1);
        assert!(load(&whole).is_err(), "route source {bad}");
    }
    assert!(
        load(
            &route(&item("reg", ""))
                .replace("https://example.org/reg", "http://example.org/x?y=1#z")
        )
        .is_ok()
    );
}
