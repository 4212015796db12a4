//! The profile form's parts as the templates show them: an input, a language row, a topic
//! checkbox, a line of the error summary.

use softland_domain::buddy::Topic;

/// One input or textarea, rendered by `templates/partials/profile_field.html`.
pub struct Input {
    /// Element id: `profile-years-here`.
    pub id: String,
    /// Form name: `years_here`.
    pub name: &'static str,
    /// Label.
    pub label: &'static str,
    /// `text`, `email`, `number`, `date`, `tel` or `textarea`.
    pub kind: &'static str,
    /// The value typed.
    pub value: String,
    /// A hint under the label, or empty.
    pub hint: &'static str,
    /// Whether it must be filled in (else "(optional)" is shown).
    pub required: bool,
    /// The longest text (`maxlength`), or 0.
    pub max_length: u16,
    /// The smallest and largest number, for a number.
    pub range: Option<(u8, u8)>,
    /// The browser's autofill hint, or empty (a coordinator types someone else's details).
    pub autocomplete: &'static str,
    /// The error, as a sentence.
    pub error: Option<String>,
}

/// A text field of a form as a table row: (name, label, input type, hint, required, most
/// characters).
pub type FieldSpec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    u16,
);

/// Where a form's field comes from: its table of fields, the prefix of its element ids
/// (`event` gives `event-starts-time`) and the browser's autofill hint for all of them.
pub struct FieldTable {
    /// The fields.
    pub fields: &'static [FieldSpec],
    /// The prefix of their element ids.
    pub prefix: &'static str,
    /// `autocomplete`, or empty.
    pub autocomplete: &'static str,
}

impl FieldTable {
    /// The input of field `name` (the table's first when unknown) showing `value` and its
    /// mistake in `errors`.
    pub fn input(&self, name: &str, value: &str, errors: &crate::commands::FieldErrors) -> Input {
        let spec = self
            .fields
            .iter()
            .find(|f| f.0 == name)
            .unwrap_or(&self.fields[0]);
        Input {
            id: format!("{}-{}", self.prefix, spec.0.replace('_', "-")),
            name: spec.0,
            label: spec.1,
            kind: spec.2,
            value: value.to_owned(),
            hint: spec.3,
            required: spec.4,
            max_length: spec.5,
            range: None,
            autocomplete: self.autocomplete,
            error: errors.get(spec.0).map(crate::views::sentence),
        }
    }
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

/// One language row.
pub struct LanguageRow {
    /// 1, 2, … (ids and labels).
    pub n: usize,
    /// The language typed.
    pub language: String,
    /// The level chosen.
    pub level: String,
}

impl LanguageRow {
    /// Whether `value` is the row's level.
    pub fn is_level(&self, value: &str) -> bool {
        self.level == value
    }
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
    /// `#profile-capacity`.
    pub href: String,
    /// "Newcomers at once: an ambassador looks after 1 to 10 newcomers at once."
    pub text: String,
}

/// A checkbox for every topic, those named in `ticked` ticked (the profile's and the request
/// form's).
pub fn topic_boxes(ticked: &[String]) -> Vec<TopicBox> {
    Topic::ALL
        .iter()
        .map(|t| TopicBox {
            value: t.as_str(),
            label: t.label(),
            checked: ticked.iter().any(|v| v == t.as_str()),
        })
        .collect()
}
