use std::collections::BTreeSet;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn lang(name: &str) -> Language {
    Language::parse(name).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ambassador(account: i64) -> Ambassador {
    Ambassador {
        account,
        active: true,
        available_until: None,
        capacity: Capacity::new(3).unwrap(),
        load: 1,
        languages: vec![(lang("English"), Level::Fluent)],
        district: Some("Poruba".into()),
        children_at_school: false,
        helps_with: BTreeSet::new(),
        years_here: 4,
    }
}

fn priya() -> Request {
    Request {
        account: 100,
        languages: vec![lang("Hindi"), lang("English")],
        district: Some("poruba".into()),
        topics: [Topic::School, Topic::Housing].into_iter().collect(),
        has_children: true,
    }
}

#[test]
fn languages_are_names_compared_without_case() {
    assert_eq!(lang(" hindi "), lang("HINDI"));
    assert_eq!(lang("hindi").as_str(), "Hindi");
    assert_eq!(Language::parse("x"), Err(InvalidLanguage::Length));
    assert_eq!(Language::parse("C++"), Err(InvalidLanguage::Characters));
    assert_eq!(
        lang("Brazilian-portuguese").as_str(),
        "Brazilian-portuguese"
    );
}

#[test]
fn the_best_match_comes_first_with_its_reasons() {
    let today = day(2027, 1, 4);
    let mut anita = ambassador(1);
    anita.languages = vec![
        (lang("Hindi"), Level::Native),
        (lang("English"), Level::Fluent),
    ];
    anita.children_at_school = true;
    anita.helps_with = [Topic::School].into_iter().collect();
    let tom = ambassador(2);
    let mut far = ambassador(3);
    far.district = Some("Hrabová".into());
    let found = suggest(&priya(), &[tom, far, anita], today);
    assert_eq!(
        found.iter().map(|s| s.account).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(
        found[0].reasons,
        [
            "speaks Hindi and English",
            "same district",
            "has children at a Czech school",
            "helps with school for the children",
            "2 of 3 places free",
            "4 years in Ostrava",
        ]
    );
    assert_eq!(found[1].reasons[0], "speaks English");
}

#[test]
fn nobody_unsuitable_is_suggested_and_the_reason_is_named() {
    let today = day(2027, 1, 4);
    let request = priya();
    let mut inactive = ambassador(1);
    inactive.active = false;
    let mut gone = ambassador(2);
    gone.available_until = Some(day(2027, 1, 3));
    let mut full = ambassador(3);
    full.load = 3;
    let mut basic = ambassador(4);
    basic.languages = vec![(lang("English"), Level::Basic)];
    let mut themselves = ambassador(100);
    themselves.languages = vec![(lang("Hindi"), Level::Native)];
    let until_today = Ambassador {
        available_until: Some(today),
        ..ambassador(5)
    };
    assert_eq!(
        excluded(&request, &inactive, today),
        Some(Excluded::Inactive)
    );
    assert_eq!(
        excluded(&request, &gone, today),
        Some(Excluded::Unavailable)
    );
    assert_eq!(excluded(&request, &full, today), Some(Excluded::Full));
    assert_eq!(
        excluded(&request, &basic, today),
        Some(Excluded::NoSharedLanguage)
    );
    assert_eq!(
        excluded(&request, &themselves, today),
        Some(Excluded::Themselves)
    );
    assert_eq!(excluded(&request, &until_today, today), None);
    let found = suggest(
        &request,
        &[inactive, gone, full, basic, themselves, until_today],
        today,
    );
    assert_eq!(found.iter().map(|s| s.account).collect::<Vec<_>>(), [5]);
}

#[test]
fn a_match_moves_only_forward_and_a_decline_goes_back_to_requested() {
    let s = MatchState::Requested;
    let s = s.step(MatchEvent::Propose).unwrap();
    assert_eq!(s.step(MatchEvent::Decline).unwrap(), MatchState::Requested);
    let s = s.step(MatchEvent::Accept).unwrap();
    assert!(s.shares_with_ambassador());
    let s = s.step(MatchEvent::Start).unwrap();
    let ended = s.step(MatchEvent::End(EndReason::Settled)).unwrap();
    assert!(!ended.shares_with_ambassador() && !ended.takes_a_place());
    assert_eq!(
        ended.step(MatchEvent::Start).unwrap_err().to_string(),
        "a match that is ended cannot be started"
    );
    assert!(MatchState::Requested.step(MatchEvent::Accept).is_err());
    assert!(!MatchState::Proposed.shares_with_ambassador());
    assert!(MatchState::Proposed.takes_a_place());
    assert!(Capacity::new(0).is_err() && Capacity::new(MAX_CAPACITY + 1).is_err());
}

fn any_language() -> impl Strategy<Value = Language> {
    prop::sample::select(vec!["English", "Hindi", "Czech", "Spanish", "Vietnamese"]).prop_map(lang)
}

fn any_level() -> impl Strategy<Value = Level> {
    prop::sample::select(Level::ALL.to_vec())
}

fn any_topics() -> impl Strategy<Value = BTreeSet<Topic>> {
    prop::collection::btree_set(prop::sample::select(Topic::ALL.to_vec()), 0..4)
}

fn any_district() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        prop::sample::select(vec!["Poruba", "Zábřeh", "Hrabová"]).prop_map(String::from),
    )
}

fn any_ambassador() -> impl Strategy<Value = Ambassador> {
    (
        (
            0i64..8,
            any::<bool>(),
            prop::option::of(0i64..20),
            1u8..=MAX_CAPACITY,
            0u8..=MAX_CAPACITY,
        ),
        (
            prop::collection::vec((any_language(), any_level()), 0..3),
            any_district(),
            any::<bool>(),
            any_topics(),
            0u8..30,
        ),
    )
        .prop_map(
            |(
                (account, active, until, capacity, load),
                (languages, district, children, topics, years),
            )| {
                Ambassador {
                    account,
                    active,
                    available_until: until.map(|d| day(2027, 1, 1) + chrono::Duration::days(d)),
                    capacity: Capacity::new(capacity).unwrap(),
                    load,
                    languages,
                    district,
                    children_at_school: children,
                    helps_with: topics,
                    years_here: years,
                }
            },
        )
}

fn any_request() -> impl Strategy<Value = Request> {
    (
        1000i64..1010,
        prop::collection::vec(any_language(), 1..3),
        any_district(),
        any_topics(),
        any::<bool>(),
    )
        .prop_map(
            |(account, languages, district, topics, has_children)| Request {
                account,
                languages,
                district,
                topics,
                has_children,
            },
        )
}

/// The ambassadors with accounts 1000, 1001 … in order (the request's account falls among
/// them now and then: the newcomer themselves).
fn distinct(mut ambassadors: Vec<Ambassador>) -> Vec<Ambassador> {
    for (n, a) in ambassadors.iter_mut().enumerate() {
        a.account = 1000 + i64::try_from(n).unwrap();
    }
    ambassadors
}

proptest! {
    /// Never an ambassador who is inactive, unavailable, full, without a shared language or
    /// the newcomer; every one who is none of these is suggested.
    #[test]
    fn suggestions_are_exactly_the_suitable_ambassadors(
        request in any_request(),
        generated in prop::collection::vec(any_ambassador(), 0..8),
        offset in 0i64..20,
    ) {
        let ambassadors = distinct(generated);
        let today = day(2027, 1, 1) + chrono::Duration::days(offset);
        let found = suggest(&request, &ambassadors, today);
        for s in &found {
            let a = ambassadors.iter().find(|a| a.account == s.account).unwrap();
            prop_assert!(a.active);
            prop_assert!(a.account != request.account);
            prop_assert!(a.load < a.capacity.get());
            prop_assert!(a.available_until.is_none_or(|u| u >= today));
            prop_assert!(a.languages.iter().any(|(l, level)| request.languages.contains(l)
                && *level >= Level::Conversational));
            prop_assert!(s.reasons[0].starts_with("speaks "));
        }
        let suitable = ambassadors.iter().filter(|a| excluded(&request, a, today).is_none()).count();
        prop_assert_eq!(found.len(), suitable);
        // Best first.
        for pair in found.windows(2) {
            prop_assert!(pair[0].score >= pair[1].score);
        }
    }

    /// The same input gives the same ranking, whatever order the ambassadors come in.
    #[test]
    fn the_ranking_does_not_depend_on_the_input_order(
        request in any_request(),
        generated in prop::collection::vec(any_ambassador(), 0..8),
    ) {
        let ambassadors = distinct(generated);
        let today = day(2027, 1, 5);
        let mut reversed = ambassadors.clone();
        reversed.reverse();
        let key = |s: &[Suggestion]| s.iter().map(|s| (s.account, s.score)).collect::<Vec<_>>();
        let a = suggest(&request, &ambassadors, today);
        let b = suggest(&request, &reversed, today);
        prop_assert_eq!(key(&a), key(&b));
    }

    /// Freeing a place never lowers an ambassador's score.
    #[test]
    fn a_free_place_never_lowers_the_score(request in any_request(), a in any_ambassador()) {
        let today = day(2027, 1, 1);
        // Made suitable, with at least one place taken.
        let mut a = Ambassador { account: 1, active: true, available_until: None, ..a };
        prop_assume!(a.capacity.get() > 1);
        a.load = a.load.clamp(1, a.capacity.get() - 1);
        a.languages.push((request.languages[0].clone(), Level::Fluent));
        prop_assert!(excluded(&request, &a, today).is_none());
        let before = score(&request, &a).score;
        let freer = Ambassador { load: a.load - 1, ..a };
        prop_assert!(score(&request, &freer).score >= before);
    }
}

#[test]
fn phones_are_digits_with_spacing() {
    assert!(Phone::parse("+420 601 234 567").is_ok());
    assert!(Phone::parse("(0) 601-234.567").is_ok());
    assert_eq!(Phone::parse(" 601234567 ").unwrap().as_str(), "601234567");
    for bad in [
        "",
        "12345",
        "601 234 567 ext 2",
        "42+0601234567",
        "+4206012345678901234567",
    ] {
        assert_eq!(Phone::parse(bad), Err(InvalidPhone), "{bad}");
    }
}

#[test]
fn a_language_name_stays_within_forty_characters_after_its_case_changes() {
    // 'İ' lowercases to two characters: 40 of them would be kept as 79.
    let long: String = std::iter::once('A')
        .chain(std::iter::repeat_n('İ', 39))
        .collect();
    assert_eq!(long.chars().count(), 40);
    assert_eq!(Language::parse(&long), Err(InvalidLanguage::Length));
    let fits: String = std::iter::once('A')
        .chain(std::iter::repeat_n('İ', 19))
        .collect();
    assert!(Language::parse(&fits).unwrap().as_str().chars().count() <= 40);
}
