//! The programme's forms: every wrong field is named, with words a person understands.

use super::*;

fn profile() -> ProfileInput {
    ProfileInput {
        name: "Priya Sharma".into(),
        email: "priya@buddy.test".into(),
        nationality: "Indian".into(),
        languages: vec![
            ("english".into(), "fluent".into()),
            ("Hindi".into(), "native".into()),
            (String::new(), "basic".into()),
        ],
        years_here: "4".into(),
        district: " Poruba ".into(),
        helps_with: vec!["housing".into(), "school".into()],
        capacity: "3".into(),
        introduction: "Engineer, here since 2022.".into(),
        phone: "+420 601 234 567".into(),
        consent: true,
        ..ProfileInput::default()
    }
}

fn fields(err: CommandError) -> Vec<String> {
    match err {
        CommandError::InvalidFields(errors) => errors.iter().map(|(f, _)| f.to_owned()).collect(),
        other => panic!("not field errors: {other:?}"),
    }
}

#[test]
fn a_whole_profile_reads_with_languages_best_first() {
    let (name, email, p) = profile().parse_new().unwrap();
    assert_eq!(name.as_str(), "Priya Sharma");
    assert_eq!(email.as_str(), "priya@buddy.test");
    let languages: Vec<_> = p
        .languages
        .iter()
        .map(|(l, level)| (l.as_str(), *level))
        .collect();
    assert_eq!(
        languages,
        [("Hindi", Level::Native), ("English", Level::Fluent)]
    );
    assert_eq!(p.district.as_deref(), Some("Poruba"));
    assert_eq!(p.capacity.get(), 3);
    assert_eq!(p.available_until, None);
    assert_eq!(
        p.helps_with,
        BTreeSet::from([Topic::Housing, Topic::School])
    );
}

#[test]
fn every_wrong_field_of_a_profile_is_named() {
    let input = ProfileInput {
        name: String::new(),
        email: "not an address".into(),
        nationality: " ".into(),
        languages: vec![
            ("Klingon9".into(), "fluent".into()),
            ("English".into(), "perfect".into()),
        ],
        years_here: "-1".into(),
        helps_with: vec!["gardening".into()],
        capacity: "11".into(),
        available_until: "31.02.2027".into(),
        introduction: String::new(),
        phone: "call me".into(),
        consent: false,
        ..ProfileInput::default()
    };
    let mut named = fields(input.parse_new().unwrap_err());
    named.sort();
    assert_eq!(
        named,
        [
            "available_until",
            "capacity",
            "consent",
            "email",
            "helps_with",
            "introduction",
            "languages",
            "name",
            "nationality",
            "phone",
            "years_here"
        ]
    );
}

#[test]
fn a_profile_without_languages_or_topics_is_refused() {
    let input = ProfileInput {
        languages: Vec::new(),
        helps_with: Vec::new(),
        ..profile()
    };
    assert_eq!(
        fields(input.parse_profile().unwrap_err()),
        ["helps_with", "languages"]
    );
}

fn request() -> RequestInput {
    RequestInput {
        person: "1".into(),
        languages: "Hindi, english; Hindi".into(),
        topics: vec!["school".into()],
        has_children: true,
        share_email: true,
        consent: true,
        ..RequestInput::default()
    }
}

#[test]
fn a_request_reads_its_languages_in_order_without_repeats() {
    let (position, details) = request().parse().unwrap();
    assert_eq!(position, 1);
    let languages: Vec<_> = details.languages.iter().map(Language::as_str).collect();
    assert_eq!(languages, ["Hindi", "English"]);
    assert!(details.share_email && !details.share_phone && details.phone.is_none());
}

#[test]
fn a_request_needs_consent_and_a_phone_when_sharing_one() {
    let input = RequestInput {
        share_phone: true,
        consent: false,
        ..request()
    };
    let mut named = fields(input.parse().unwrap_err());
    named.sort();
    assert_eq!(named, ["consent", "phone"]);
    let input = RequestInput {
        person: "x".into(),
        languages: "  ".into(),
        topics: Vec::new(),
        ..request()
    };
    let mut named = fields(input.parse().unwrap_err());
    named.sort();
    assert_eq!(named, ["languages", "person", "topics"]);
}

#[test]
fn a_phone_not_shared_is_not_kept() {
    let input = RequestInput {
        phone: "+420 601 234 567".into(),
        share_phone: false,
        ..request()
    };
    assert_eq!(input.parse().unwrap().1.phone, None);
}
