//! The ambassador's profile form (`templates/buddies/profile_fields.html`), shared by the
//! invitation page and the profile page: every field of [`ProfileInput`] with its value as
//! typed and its error beside it, and the error summary linking to each.

use softland_domain::buddy::{Level, Topic};

use crate::commands::FieldErrors;
use crate::commands::buddies::ProfileInput;
use crate::db::buddies::Profile;

/// How many language rows the form offers.
pub const LANGUAGE_ROWS: usize = 4;

/// One input or textarea, rendered by `templates/buddies/field.html`.
pub struct Input {
    /// Element id: `p-nationality`.
    pub id: String,
    /// Form name: `nationality`.
    pub name: &'static str,
    /// Label.
    pub label: &'static str,
    /// `text`, `email`, `number`, `date`, `tel` or `textarea`.
    pub kind: &'static str,
    /// The value typed.
    pub value: String,
    /// A hint under the label, or empty.
    pub hint: &'static str,
    /// Whether "(optional)" is shown.
    pub optional: bool,
    /// The error, if any.
    pub error: Option<String>,
}

impl Input {
    /// The `aria-describedby` value: the hint's and the error's ids, or empty.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// A language row.
pub struct LanguageRow {
    /// 1 to [`LANGUAGE_ROWS`].
    pub n: usize,
    /// The language typed.
    pub language: String,
    /// The level chosen.
    pub level: String,
}

/// A topic checkbox.
pub struct TopicBox {
    /// Its name.
    pub value: &'static str,
    /// Its words.
    pub label: &'static str,
    /// Whether it is ticked.
    pub checked: bool,
}

/// A line of the error summary.
pub struct ErrorLink {
    /// `#p-nationality`.
    pub href: String,
    /// The message.
    pub text: String,
}

/// (name, label, kind, hint, optional) of the text fields, in form order.
const FIELDS: [(&str, &str, &str, &str, bool); 12] = [
    ("name", "Name", "text", "", false),
    ("email", "E-mail", "email", "They sign in with it.", false),
    ("nationality", "Nationality", "text", "", false),
    ("years_here", "Years in Ostrava", "number", "", true),
    (
        "district",
        "District of Ostrava",
        "text",
        "e.g. Poruba",
        true,
    ),
    ("occupation", "Occupation or field", "text", "", true),
    ("interests", "Interests", "textarea", "", true),
    (
        "family",
        "Family",
        "textarea",
        "e.g. married, two children",
        true,
    ),
    (
        "capacity",
        "Newcomers at once",
        "number",
        "1 to 10 newcomers at the same time.",
        false,
    ),
    (
        "available_until",
        "Available until",
        "date",
        "Leave empty when open-ended.",
        true,
    ),
    (
        "introduction",
        "Introduction",
        "textarea",
        "A few sentences newcomers read about them.",
        false,
    ),
    ("phone", "Phone", "tel", "", true),
];

/// The profile form: values and errors.
pub struct ProfileForm {
    /// Whether it makes a new ambassador (name, e-mail and consent are asked).
    pub new: bool,
    /// What was typed.
    pub values: ProfileInput,
    /// What is wrong, by field name.
    pub errors: FieldErrors,
}

impl ProfileForm {
    /// An empty form for a new ambassador.
    pub fn blank() -> Self {
        Self {
            new: true,
            values: ProfileInput {
                capacity: "2".to_owned(),
                ..ProfileInput::default()
            },
            errors: FieldErrors::new(),
        }
    }

    /// The form filled with `profile`, to change it.
    pub fn of(profile: &Profile) -> Self {
        let values = ProfileInput {
            nationality: profile.nationality.clone(),
            languages: profile
                .languages
                .iter()
                .map(|(l, level)| (l.as_str().to_owned(), level.as_str().to_owned()))
                .collect(),
            years_here: profile.years_here.to_string(),
            district: profile.district.clone().unwrap_or_default(),
            occupation: profile.occupation.clone().unwrap_or_default(),
            interests: profile.interests.clone().unwrap_or_default(),
            family: profile.family.clone().unwrap_or_default(),
            children_at_school: profile.children_at_school,
            helps_with: profile
                .helps_with
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
            capacity: profile.capacity.get().to_string(),
            available_until: profile
                .available_until
                .map(|d| d.to_string())
                .unwrap_or_default(),
            introduction: profile.introduction.clone(),
            phone: profile.phone.clone().unwrap_or_default(),
            ..ProfileInput::default()
        };
        Self {
            new: false,
            values,
            errors: FieldErrors::new(),
        }
    }

    /// The input named `name`.
    pub fn input(&self, name: &str) -> Input {
        let (name, label, kind, hint, optional) = FIELDS
            .iter()
            .copied()
            .find(|f| f.0 == name)
            .unwrap_or(("", "", "text", "", true));
        let v = &self.values;
        let value = match name {
            "name" => &v.name,
            "email" => &v.email,
            "nationality" => &v.nationality,
            "years_here" => &v.years_here,
            "district" => &v.district,
            "occupation" => &v.occupation,
            "interests" => &v.interests,
            "family" => &v.family,
            "capacity" => &v.capacity,
            "available_until" => &v.available_until,
            "introduction" => &v.introduction,
            "phone" => &v.phone,
            _ => "",
        };
        Input {
            id: format!("p-{name}"),
            name,
            label,
            kind,
            value: value.to_owned(),
            hint,
            optional,
            error: self.errors.get(name).map(str::to_owned),
        }
    }

    /// The language rows, padded to [`LANGUAGE_ROWS`].
    pub fn language_rows(&self) -> Vec<LanguageRow> {
        (1..=LANGUAGE_ROWS)
            .map(|n| {
                let (language, level) = self
                    .values
                    .languages
                    .get(n - 1)
                    .cloned()
                    .unwrap_or_default();
                LanguageRow { n, language, level }
            })
            .collect()
    }

    /// The levels: (name, words).
    #[expect(clippy::unused_self, reason = "askama calls it on the form")]
    pub fn levels(&self) -> Vec<&'static str> {
        Level::ALL.iter().rev().map(|l| l.as_str()).collect()
    }

    /// The topic checkboxes.
    pub fn topics(&self) -> Vec<TopicBox> {
        Topic::ALL
            .iter()
            .map(|t| TopicBox {
                value: t.as_str(),
                label: t.label(),
                checked: self.values.helps_with.iter().any(|h| h == t.as_str()),
            })
            .collect()
    }

    /// The error summary, in form order.
    pub fn summary(&self) -> Vec<ErrorLink> {
        let (head, tail) = FIELDS.split_at(3);
        let fields = |fields: &[(&'static str, &'static str, &str, &str, bool)]| {
            fields
                .iter()
                .map(|f| (f.0, f.1, format!("#p-{}", f.0)))
                .collect::<Vec<_>>()
        };
        let mut order = fields(head);
        order.push(("languages", "Languages", "#p-language-1".to_owned()));
        order.extend(fields(tail));
        order.push(("helps_with", "Helps with", "#p-helps-housing".to_owned()));
        order.push(("consent", "Consent", "#p-consent".to_owned()));
        order
            .into_iter()
            .filter_map(|(name, label, href)| {
                let text = self.errors.get(name)?;
                Some(ErrorLink {
                    href,
                    text: format!("{label}: {text}"),
                })
            })
            .collect()
    }
}
