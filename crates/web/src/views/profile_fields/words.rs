//! The profile form's fields and words: a coordinator reads about "them", an ambassador (or
//! an applicant) about "you".

use softland_domain::buddy::{Level, MAX_CAPACITY};

/// A text field of the form.
pub struct Spec {
    /// Form name.
    pub name: &'static str,
    /// `text`, `email`, `number`, `date`, `tel` or `textarea`.
    pub kind: &'static str,
    /// Whether it must be filled in.
    pub required: bool,
    /// The longest text (the command's limit), or 0.
    pub max_length: u16,
    /// The smallest and largest number, for a number.
    pub range: Option<(u8, u8)>,
    /// The browser's autofill hint when the ambassador types their own details.
    pub autocomplete: &'static str,
    /// (label, hint) for a coordinator.
    pub coordinator: (&'static str, &'static str),
    /// (label, hint) for the ambassador themself.
    pub theirs: (&'static str, &'static str),
}

const fn text(name: &'static str, required: bool, max_length: u16) -> Spec {
    Spec {
        name,
        kind: "text",
        required,
        max_length,
        range: None,
        autocomplete: "",
        coordinator: ("", ""),
        theirs: ("", ""),
    }
}

/// The text fields.
const FIELDS: [Spec; 12] = [
    Spec {
        autocomplete: "name",
        coordinator: ("Name", ""),
        theirs: ("Your name", ""),
        ..text("name", true, 200)
    },
    Spec {
        kind: "email",
        autocomplete: "email",
        coordinator: ("E-mail", "They sign in with it."),
        theirs: ("E-mail", "You will sign in with it."),
        ..text("email", true, 254)
    },
    Spec {
        coordinator: ("Nationality", ""),
        theirs: ("Nationality", ""),
        ..text("nationality", true, 80)
    },
    Spec {
        kind: "number",
        range: Some((0, 80)),
        coordinator: ("Years in Ostrava", ""),
        theirs: ("Whole years you have lived in Ostrava", ""),
        ..text("years_here", false, 0)
    },
    Spec {
        coordinator: ("District of Ostrava", "e.g. Poruba"),
        theirs: ("District of Ostrava you live in", ""),
        ..text("district", false, 80)
    },
    Spec {
        coordinator: ("Occupation or field", ""),
        theirs: ("Your work or field", ""),
        ..text("occupation", false, 120)
    },
    Spec {
        kind: "tel",
        autocomplete: "tel",
        coordinator: ("Phone", ""),
        theirs: ("Phone", "Your newcomers and the coordinator see it."),
        ..text("phone", false, 30)
    },
    Spec {
        kind: "textarea",
        coordinator: ("Interests", ""),
        theirs: ("Interests", ""),
        ..text("interests", false, 500)
    },
    Spec {
        kind: "textarea",
        coordinator: ("Family", "e.g. married, two children"),
        theirs: (
            "Your family",
            "For example \u{201c}married, two children at a Czech primary school\u{201d}.",
        ),
        ..text("family", false, 500)
    },
    Spec {
        kind: "number",
        range: Some((1, MAX_CAPACITY)),
        coordinator: ("Newcomers at once", "1 to 10 newcomers at the same time."),
        theirs: (
            "How many newcomers at once",
            "1 to 10. Most buddies take one or two.",
        ),
        ..text("capacity", true, 0)
    },
    Spec {
        kind: "date",
        coordinator: ("Available until", "Leave empty when open-ended."),
        theirs: (
            "Available until",
            "The last day you can take newcomers, as YYYY-MM-DD. Leave it empty if there is no end.",
        ),
        ..text("available_until", false, 0)
    },
    Spec {
        kind: "textarea",
        coordinator: ("Introduction", "A few sentences newcomers read about them."),
        theirs: (
            "A few words about you for newcomers",
            "Newcomers read this when you become their buddy.",
        ),
        ..text("introduction", true, 1000)
    },
];

/// The text field named `name` (the first one for a name it does not have).
pub fn spec(name: &str) -> &'static Spec {
    FIELDS.iter().find(|f| f.name == name).unwrap_or(&FIELDS[0])
}

/// Every field that can be wrong, in the form's order (the error summary's order).
pub const ORDER: [&str; 16] = [
    "version",
    "name",
    "email",
    "nationality",
    "years_here",
    "district",
    "occupation",
    "phone",
    "interests",
    "family",
    "languages",
    "helps_with",
    "capacity",
    "available_until",
    "introduction",
    "consent",
];

/// The words around the fields.
pub struct Words {
    /// The first group's legend.
    pub who: &'static str,
    /// The language rows' legend.
    pub languages: &'static str,
    /// Their hint.
    pub languages_hint: &'static str,
    /// The topics' legend.
    pub helps_with: &'static str,
    /// The last group's legend (places, until when, introduction).
    pub time: &'static str,
    /// The children checkbox.
    pub children: &'static str,
    /// The consent checkbox (new ambassadors only).
    pub consent: &'static str,
}

/// For a coordinator, about an ambassador.
pub const COORDINATOR: Words = Words {
    who: "Who they are",
    languages: "Languages",
    languages_hint: "Newcomers are matched on the languages spoken at least conversationally. Leave a row empty if fewer are needed.",
    helps_with: "Likes to help with",
    time: "Time",
    children: "Has children at a Czech school",
    consent: "They agreed to be contacted by the centre and by the newcomers they look after",
};

/// For the ambassador (or an applicant), about themself.
pub const AMBASSADOR: Words = Words {
    who: "Who you are",
    languages: "Languages you speak",
    languages_hint: "Newcomers are matched with someone who speaks their language. Leave a row empty if you need fewer.",
    helps_with: "What you like to help with",
    time: "Your time",
    children: "I have children at a Czech school or kindergarten",
    consent: "I agree that the expat centre keeps these details and that the coordinator and my newcomers may contact me.",
};

/// How well a language is spoken, in words.
pub fn level(level: Level) -> &'static str {
    match level {
        Level::Native => "First language",
        Level::Fluent => "Fluent",
        Level::Conversational => "Conversational",
        Level::Basic => "Basic",
    }
}
