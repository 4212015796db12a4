use chrono::Weekday;
use proptest::prelude::*;

use crate::partner::*;

fn lang(name: &str) -> Language {
    Language::parse(name).unwrap()
}

fn any_language() -> impl Strategy<Value = Language> {
    prop::sample::select(vec!["English", "Hindi", "Czech", "Ukrainian", "Vietnamese"])
        .prop_map(lang)
}

fn any_hours() -> impl Strategy<Value = (Vec<Option<u8>>, Vec<Vec<u8>>)> {
    (
        prop::collection::vec(prop::option::of(0u8..4), 7),
        prop::collection::vec(prop::collection::btree_set(0u8..=96, 0..=6), 4)
            .prop_map(|sets| sets.into_iter().map(|s| s.into_iter().collect()).collect()),
    )
}

/// Opening hours as someone might type them: day groups with `points` (quarter hours, 96 =
/// midnight) paired into ranges.
fn typed_hours(groups: &[Option<u8>], points: &[Vec<u8>]) -> String {
    const NAMES: [&str; 7] = ["monday", "Tue", "WED", "thu", "Friday", "sat", "Sun"];
    let quarter = |q: u8| format!("{}:{:02}", q / 4, (q % 4) * 15);
    let mut entries = Vec::new();
    for g in 0..4u8 {
        let days: Vec<&str> = (0..7)
            .filter(|&d| groups[d] == Some(g))
            .map(|d| NAMES[d])
            .collect();
        if days.is_empty() {
            continue;
        }
        let pairs: Vec<String> = points[usize::from(g)]
            .chunks_exact(2)
            .map(|p| format!("{}-{}", quarter(p[0]), quarter(p[1])))
            .collect();
        let hours = if pairs.is_empty() {
            "closed".to_owned()
        } else {
            pairs.join(", ")
        };
        entries.push(format!("{} {hours}", days.join(", ")));
    }
    entries.join("\n")
}

proptest! {
    #[test]
    fn opening_hours_read_back_their_canonical_text((groups, points) in any_hours()) {
        let text = typed_hours(&groups, &points);
        let parsed = OpeningHours::parse(&text).unwrap();
        prop_assert_eq!(parsed.is_none(), groups.iter().all(Option::is_none));
        if let Some(h) = parsed {
            prop_assert_eq!(OpeningHours::parse(&h.to_text()).unwrap(), Some(h.clone()));
            for (d, g) in groups.iter().enumerate() {
                let weekday = Weekday::try_from(u8::try_from(d).unwrap()).unwrap();
                prop_assert_eq!(h.on(weekday).is_some(), g.is_some());
                if let Some(g) = g {
                    let ranges = h.on(weekday).unwrap();
                    prop_assert_eq!(ranges.len(), points[usize::from(*g)].len() / 2);
                }
            }
        }
    }

    #[test]
    fn opening_hours_never_panic_on_any_text(text in "\\PC{0,120}") {
        let _ = OpeningHours::parse(&text);
        let _ = Website::parse(&text);
        let _ = KindSlug::from_name(&text);
    }

    #[test]
    fn a_kind_key_made_from_a_name_is_a_valid_key(name in "[ a-zA-ZáčďéěíňóřšťúůýžÁČŘŠŽ/&()-]{0,60}") {
        if let Ok(slug) = KindSlug::from_name(&name) {
            prop_assert_eq!(KindSlug::parse(slug.as_str()), Ok(slug.clone()));
            prop_assert_eq!(KindSlug::from_name(slug.as_str()), Ok(slug));
        }
    }

    #[test]
    fn name_keys_are_idempotent(name in "\\PC{0,40}") {
        let key = name_key(&name);
        prop_assert_eq!(name_key(&key), key);
    }

    #[test]
    fn name_keys_ignore_case_and_surrounding_spaces(
        name in "[a-zA-ZáčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽäöüßłŁ .,&-]{0,40}",
        pad in " {0,3}",
    ) {
        let key = name_key(&name);
        prop_assert_eq!(name_key(&name.to_uppercase()), key.clone());
        prop_assert_eq!(name_key(&name.to_lowercase()), key.clone());
        prop_assert_eq!(name_key(&format!("{pad}{name}{pad}")), key);
    }

    #[test]
    fn language_and_label_lists_read_back_their_text(
        names in prop::collection::vec(any_language(), 0..8),
        labels in prop::collection::vec("[a-zA-Z][a-zA-Z /]{0,20}", 0..20),
    ) {
        let languages = Languages::new(names);
        prop_assert_eq!(Languages::parse(&languages.to_text()), Ok(languages));
        let labels = Labels::parse(&labels.join(",")).unwrap();
        prop_assert_eq!(Labels::parse(&labels.to_text()), Ok(labels));
    }

    #[test]
    fn a_referral_takes_exactly_the_steps_it_offers(
        from in prop::sample::select(ReferralStatus::ALL.to_vec()),
        event in prop::sample::select(ReferralEvent::ALL.to_vec()),
    ) {
        let offered = from.events().contains(&event);
        let stepped = from.step(event);
        prop_assert_eq!(stepped.is_ok(), offered);
        if let Ok(to) = stepped {
            // Reopening is the only way back to open; closing takes an open referral.
            prop_assert_eq!(to.is_open(), event == ReferralEvent::Contacted || event == ReferralEvent::Reopen);
            prop_assert_eq!(from.is_open(), event != ReferralEvent::Reopen);
        }
    }

    #[test]
    fn who_can_help_keeps_each_speaking_partner_once(
        picks in prop::collection::vec((0i64..8, prop::collection::vec(any_language(), 0..3), any::<bool>()), 0..12),
        household in prop::collection::vec(any_language(), 0..3),
    ) {
        let lists: Vec<Languages> = picks.iter().map(|(_, l, _)| Languages::new(l.clone())).collect();
        let candidates: Vec<Candidate<'_>> = picks
            .iter()
            .zip(&lists)
            .map(|((id, _, named), languages)| Candidate { id: *id, name: "p", languages, named: *named })
            .collect();
        let help = who_can_help(&candidates, &household);
        let wanted = if household.is_empty() { vec![Language::english()] } else { household.clone() };
        let mut seen = std::collections::BTreeSet::new();
        for helper in &help.speaking {
            prop_assert!(seen.insert(helper.id), "id {} twice", helper.id);
            prop_assert!(!helper.shared.is_empty());
            prop_assert!(helper.shared.iter().all(|l| wanted.contains(l)));
        }
        let distinct: std::collections::BTreeSet<i64> = picks.iter().map(|(id, _, _)| *id).collect();
        prop_assert_eq!(help.speaking.len() + help.others, distinct.len());
    }
}
