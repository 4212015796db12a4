//! Field errors of a form: each message is shown beside its field, the entered values kept.

use std::collections::BTreeMap;

/// Messages by field name.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// No errors.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `message` for `field` (the first message of a field wins).
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_insert_with(|| message.into());
    }

    /// The message of `field`, for templates: `{% if let Some(e) = errors.get("email") %}`.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many fields have errors.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Every (field, message), for a summary at the top of the form.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
