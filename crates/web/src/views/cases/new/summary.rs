//! The error summary at the top of the new-case form: every problem in form order, each
//! linking to its field.

use super::{DependantRow, Field};
use crate::commands::FieldErrors;

/// A line of the error summary.
pub struct ErrorLink {
    /// `#principal.name`.
    pub href: String,
    /// "Principal, full name (as in the passport): please enter the name".
    pub text: String,
}

/// The form's fields, by section.
pub(super) struct Sections<'a> {
    pub principal: &'a [Field],
    pub dependants: &'a [DependantRow],
    pub key_dates: &'a [Field],
    pub consultant: &'a Field,
}

fn add(links: &mut Vec<ErrorLink>, section: &str, fields: &[Field]) {
    for f in fields {
        if let Some(e) = &f.error {
            let text = format!("{section}, {}: {e}", f.label.to_lowercase());
            links.push(ErrorLink {
                href: format!("#{}", f.id),
                text,
            });
        }
    }
}

/// The summary of `errors`; an error of a field the form does not show is listed last.
pub(super) fn error_links(errors: &FieldErrors, sections: &Sections<'_>) -> Vec<ErrorLink> {
    let mut links = Vec::new();
    add(&mut links, "Principal", sections.principal);
    for row in sections.dependants {
        add(&mut links, &row.legend, &row.fields);
    }
    if let Some(e) = errors.get("routes") {
        links.push(ErrorLink {
            href: "#routes".to_owned(),
            text: format!("Routes: {e}"),
        });
    }
    add(&mut links, "Key dates", sections.key_dates);
    add(
        &mut links,
        "Case",
        std::slice::from_ref(sections.consultant),
    );
    for (field, message) in errors.iter() {
        if !links.iter().any(|l| l.href[1..] == *field) {
            links.push(ErrorLink {
                href: format!("#{field}"),
                text: message.to_owned(),
            });
        }
    }
    links
}
