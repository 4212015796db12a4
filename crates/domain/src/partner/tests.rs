use chrono::{NaiveDate, NaiveTime, Weekday};

use super::*;

mod progress;
mod properties;

fn lang(name: &str) -> Language {
    Language::parse(name).unwrap()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hours(text: &str) -> OpeningHours {
    OpeningHours::parse(text).unwrap().unwrap()
}

fn hours_error(text: &str) -> String {
    OpeningHours::parse(text).unwrap_err().to_string()
}

#[test]
fn kind_keys_are_lowercase_words_joined_by_single_hyphens() {
    assert_eq!(
        KindSlug::parse("language-school").unwrap().as_str(),
        "language-school"
    );
    assert_eq!(KindSlug::parse("x"), Err(InvalidKind::Length));
    assert_eq!(KindSlug::parse("Bank"), Err(InvalidKind::Characters));
    assert_eq!(KindSlug::parse("-bank"), Err(InvalidKind::Hyphens));
    assert_eq!(KindSlug::parse("bank--x"), Err(InvalidKind::Hyphens));
    assert_eq!(KindSlug::parse(&"a".repeat(41)), Err(InvalidKind::Length));
}

#[test]
fn a_kind_key_is_made_from_its_name_with_diacritics_folded() {
    let key = |name: &str| KindSlug::from_name(name).unwrap().as_str().to_owned();
    assert_eq!(key("Language school"), "language-school");
    assert_eq!(key("Kindergarten / school"), "kindergarten-school");
    assert_eq!(key("Úřad"), "urad");
    assert_eq!(key("  Health care (GPs) "), "health-care-gps");
    assert_eq!(
        key(&"word ".repeat(20)).len(),
        39,
        "cut at 40 without a hyphen last"
    );
    assert_eq!(KindSlug::from_name("Школа"), Err(InvalidKind::NoLetters));
    assert_eq!(
        KindName::parse(" Language school ").unwrap().as_str(),
        "Language school"
    );
    assert_eq!(KindName::parse("x"), Err(InvalidKindName::Length));
    assert_eq!(KindName::parse("a\tb"), Err(InvalidKindName::Characters));
}

#[test]
fn opening_hours_read_ranges_lists_and_closed_days() {
    let h = hours("mon-thu 8:00-12:00, 13:00 – 17:00\nFriday 8-14; Sat–Sun closed");
    assert_eq!(
        h.to_text(),
        "Mon–Thu 08:00–12:00, 13:00–17:00; Fri 08:00–14:00; Sat–Sun closed"
    );
    assert_eq!(h.lines().len(), 3);
    assert_eq!(
        h.on(Weekday::Wed).unwrap(),
        [(t(8, 0), t(12, 0)), (t(13, 0), t(17, 0))]
    );
    assert_eq!(h.on(Weekday::Sun).unwrap(), []);
    assert_eq!(h.is_open_at(Weekday::Tue, t(12, 30)), Some(false));
    assert_eq!(h.is_open_at(Weekday::Tue, t(13, 0)), Some(true));
    assert_eq!(h.is_open_at(Weekday::Fri, t(14, 0)), Some(false));
    assert_eq!(h.is_open_at(Weekday::Sat, t(10, 0)), Some(false));
    let partial = hours("Mon, Wed 9-11");
    assert_eq!(partial.on(Weekday::Tue), None);
    assert_eq!(partial.is_open_at(Weekday::Tue, t(10, 0)), None);
    assert_eq!(partial.to_text(), "Mon, Wed 09:00–11:00");
}

#[test]
fn opening_hours_are_kept_in_week_order_and_may_close_at_midnight() {
    let h = hours("Sat 0-24; Mon-Fri 7:30-15:30");
    assert_eq!(h.to_text(), "Mon–Fri 07:30–15:30; Sat 00:00–24:00");
    assert_eq!(h.is_open_at(Weekday::Sat, t(23, 59)), Some(true));
    assert_eq!(OpeningHours::parse(&h.to_text()).unwrap(), Some(h));
}

#[test]
fn blank_opening_hours_are_not_given() {
    assert_eq!(OpeningHours::parse(""), Ok(None));
    assert_eq!(OpeningHours::parse(" ;\n ; "), Ok(None));
}

#[test]
fn bad_opening_hours_say_which_entry_and_what_is_wrong() {
    assert_eq!(
        hours_error("Mon 8-12; 8:00-16:00"),
        "entry 2: write the days first, e.g. Mon-Fri 8:00-16:00"
    );
    assert_eq!(
        hours_error("Mon 19:00-18:00"),
        "entry 1: 18:00 is not after 19:00"
    );
    assert_eq!(
        hours_error("Mon-Fri 8-13, 12-16"),
        "entry 1: 12:00–16:00 overlaps 08:00–13:00"
    );
    assert_eq!(
        hours_error("Mon-Fri 8-16; Fri 8-12"),
        "entry 2: Fri is already given in entry 1"
    );
    assert_eq!(hours_error("Mon, Mon 8-16"), "entry 1: Mon is given twice");
    assert_eq!(
        hours_error("Mox 8-16"),
        "entry 1: “Mox” is not a day; write Mon, Tue, Wed, Thu, Fri, Sat or Sun"
    );
    assert!(hours_error("Fri-Mon 8-16").starts_with("entry 1: Fri–Mon runs backwards"));
    assert!(hours_error("Mon-Fri").starts_with("entry 1: after the days write the hours"));
    assert!(hours_error("Mon 8:5-12").contains("“8:5” is not a time"));
    assert!(hours_error("Mon 25-26").contains("“25” is not a time"));
    assert!(hours_error("Mon 8").contains("“8” is not a time range"));
    assert!(hours_error(&format!("Mon 8-16 {}", "x".repeat(100))).contains("at most 100"));
}

#[test]
fn more_than_fourteen_entries_are_refused_before_anything_else() {
    let entries = vec!["Mon 8-9"; 15].join("\n");
    let err = OpeningHours::parse(&entries).unwrap_err();
    assert_eq!(err.entry, 15);
    assert_eq!(err.problem, HoursProblem::TooManyEntries);
}

#[test]
fn websites_get_https_and_refuse_other_schemes() {
    let site = Website::parse(" www.vsb.cz/en?x=1 ").unwrap();
    assert_eq!(site.as_str(), "https://www.vsb.cz/en?x=1");
    assert_eq!(site.host(), "www.vsb.cz");
    let site = Website::parse("HTTP://Fno.cz:8080/").unwrap();
    assert_eq!(
        (site.as_str(), site.host()),
        ("http://Fno.cz:8080/", "Fno.cz")
    );
    assert_eq!(Website::parse("https://úřad.cz").unwrap().host(), "úřad.cz");
    assert_eq!(
        Website::parse("javascript:alert(1)"),
        Err(InvalidWebsite::Scheme("javascript".into()))
    );
    assert_eq!(
        Website::parse("ftp://files.vsb.cz"),
        Err(InvalidWebsite::Scheme("ftp".into()))
    );
    assert_eq!(Website::parse("vsb"), Err(InvalidWebsite::Host));
    assert_eq!(
        Website::parse("https://vsb.cz@evil.com"),
        Err(InvalidWebsite::Host)
    );
    assert_eq!(Website::parse("https://vsb..cz"), Err(InvalidWebsite::Host));
    assert_eq!(
        Website::parse("www.vsb.cz/a b"),
        Err(InvalidWebsite::Characters)
    );
    assert_eq!(Website::parse("  "), Err(InvalidWebsite::Empty));
    let long = format!("vsb.cz/{}", "a".repeat(300));
    assert_eq!(Website::parse(&long), Err(InvalidWebsite::TooLong));
    assert!(
        InvalidWebsite::Scheme("ftp".into())
            .to_string()
            .contains("https://")
    );
}

#[test]
fn languages_are_read_once_each_in_order() {
    let list = Languages::parse("English, Czech, ukrainian, english,").unwrap();
    assert_eq!(list.to_text(), "English, Czech, Ukrainian");
    assert!(list.speaks(&lang("czech")));
    assert_eq!(
        list.shared_with(&[lang("Hindi"), lang("Ukrainian"), lang("English")]),
        [lang("Ukrainian"), lang("English")]
    );
    assert_eq!(Languages::parse(" ").unwrap(), Languages::default());
    assert_eq!(
        Languages::parse("English, Engl1sh")
            .unwrap_err()
            .to_string(),
        "“Engl1sh”: a language's name has letters, spaces and hyphens only"
    );
    let thirteen: Vec<String> = (0..13)
        .map(|i| format!("Lang{}", "a".repeat(i + 1)))
        .collect();
    assert_eq!(
        Languages::parse(&thirteen.join(",")),
        Err(InvalidLanguages::TooMany)
    );
    assert_eq!(
        Languages::new(vec![lang("Czech"), lang("czech")]).as_slice(),
        [lang("Czech")]
    );
}

#[test]
fn labels_are_read_once_each_and_filter_by_part() {
    let labels = Labels::parse("GP, Paediatrics,  gp , vaccination").unwrap();
    assert_eq!(labels.as_slice(), ["GP", "Paediatrics", "vaccination"]);
    assert_eq!(labels.to_text(), "GP, Paediatrics, vaccination");
    assert!(labels.matches("PAEDIATR"));
    assert!(!labels.matches("dentist"));
    assert!(labels.matches(" "));
    assert!(matches!(
        Labels::parse(&"x".repeat(61)),
        Err(InvalidLabels::TooLong(_))
    ));
    assert_eq!(Labels::parse("a\nb"), Err(InvalidLabels::Characters));
    let many: Vec<String> = (0..21).map(|i| format!("l{i}")).collect();
    assert_eq!(Labels::parse(&many.join(",")), Err(InvalidLabels::TooMany));
}

#[test]
fn name_keys_ignore_case_diacritics_punctuation_and_legal_forms() {
    assert_eq!(name_key("Vítkovice a.s."), "vitkovice");
    assert_eq!(name_key("VITKOVICE, a. s."), "vitkovice");
    assert_eq!(name_key("Žluťoučký kůň, spol. s r.o."), "zlutoucky kun");
    assert_eq!(name_key("Straße GmbH"), "strasse");
    assert_eq!(name_key("Łódź Ltd."), "lodz");
    assert_eq!(name_key("Kovo AS"), "kovo as", "a bare AS is a word");
    assert_eq!(
        name_key("s.r.o."),
        "s r o",
        "a name that is only a legal form keeps it"
    );
    assert_ne!(
        name_key("Fakultní nemocnice Ostrava"),
        name_key("Městská nemocnice Ostrava")
    );
}

#[test]
fn categories_and_agreement_statuses_round_trip() {
    for c in Category::ALL {
        assert_eq!(Category::parse(c.as_str()), Some(c));
    }
    assert_eq!(Category::Money.label(), "Banking and taxes");
    for s in AgreementStatus::ALL {
        assert_eq!(AgreementStatus::parse(s.as_str()), Some(s));
    }
    assert_eq!(Category::parse("nope"), None);
}

#[test]
fn a_referral_moves_to_its_outcome_and_can_be_reopened() {
    use ReferralEvent as E;
    use ReferralStatus as S;
    assert_eq!(S::Sent.step(E::Contacted), Ok(S::InContact));
    assert_eq!(S::InContact.step(E::Solved), Ok(S::Solved));
    assert_eq!(S::Sent.step(E::NotSolved), Ok(S::NotSolved));
    assert_eq!(S::NotSolved.step(E::Reopen), Ok(S::InContact));
    assert_eq!(
        S::Solved.step(E::Contacted).unwrap_err().to_string(),
        "a solved referral cannot be marked in contact; reopen it first"
    );
    assert_eq!(
        S::NotSolved.step(E::Solved).unwrap_err().to_string(),
        "a referral marked not solved cannot be marked solved; reopen it first"
    );
    assert_eq!(
        S::Sent.step(E::Reopen).unwrap_err().to_string(),
        "only a solved or not solved referral can be reopened"
    );
    assert_eq!(S::InContact.events(), [E::Solved, E::NotSolved]);
    assert!(E::NotSolved.needs_note() && !E::Solved.needs_note());
    for s in S::ALL {
        assert_eq!(S::parse(s.as_str()), Some(s));
    }
    for e in E::ALL {
        assert_eq!(E::parse(e.as_str()), Some(e));
    }
}

#[test]
fn an_agreement_has_the_dates_its_status_needs() {
    use AgreementStatus as A;
    let (jan, jun) = (day(2026, 1, 1), day(2026, 6, 30));
    let err = |s, f, u| Agreement::new(s, f, u).unwrap_err();
    assert_eq!(err(A::None, Some(jan), None).field(), "agreement_from");
    assert_eq!(err(A::None, None, Some(jan)).field(), "agreement_until");
    assert_eq!(
        err(A::Active, None, None),
        InvalidAgreement::ActiveWithoutFrom
    );
    assert_eq!(
        err(A::Ended, Some(jan), None),
        InvalidAgreement::EndedWithoutUntil
    );
    assert_eq!(
        err(A::Active, Some(jun), Some(jan)).field(),
        "agreement_until"
    );
    assert!(Agreement::new(A::Negotiating, None, None).is_ok());
    let active = Agreement::new(A::Active, Some(jan), Some(jun)).unwrap();
    assert_eq!(
        (active.status(), active.from(), active.until()),
        (A::Active, Some(jan), Some(jun))
    );
    assert!(active.in_force_on(jan) && active.in_force_on(jun));
    assert!(!active.in_force_on(day(2025, 12, 31)) && !active.in_force_on(day(2026, 7, 1)));
    let ended = Agreement::new(A::Ended, Some(jan), Some(jun)).unwrap();
    assert!(!ended.in_force_on(day(2026, 3, 1)));
}

#[test]
fn who_can_help_keeps_partners_speaking_the_households_languages() {
    let english = Languages::parse("English").unwrap();
    let both = Languages::parse("Czech, English, Hindi").unwrap();
    let czech = Languages::parse("Czech").unwrap();
    let candidate = |id, name, languages, named| Candidate {
        id,
        name,
        languages,
        named,
    };
    let candidates = [
        candidate(1, "zeta bank", &english, false),
        candidate(2, "Alfa bank", &english, false),
        candidate(3, "Mixed", &both, false),
        candidate(4, "Czech only", &czech, false),
        candidate(5, "Named one", &english, false),
        candidate(5, "Named one", &english, true),
        candidate(4, "Czech only", &czech, true),
    ];
    let help = who_can_help(&candidates, &[lang("Hindi"), lang("English")]);
    let ids: Vec<i64> = help.speaking.iter().map(|h| h.id).collect();
    assert_eq!(ids, [5, 3, 2, 1]);
    assert_eq!(help.speaking[1].shared, [lang("Hindi"), lang("English")]);
    assert_eq!(help.others, 1);
    let english_only = who_can_help(&candidates, &[]);
    assert_eq!(
        english_only.speaking.len(),
        4,
        "no languages recorded: English"
    );
}
