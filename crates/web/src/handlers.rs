//! HTTP handlers, a module per resource.

pub mod account;
pub mod admin;
pub mod assets;
pub mod buddies;
pub mod buddy;
pub mod calendar;
pub mod case_page;
pub mod cases;
pub mod dashboard;
pub mod employer;
pub mod employers;
pub mod enquiries;
pub mod erasure;
pub mod events;
pub mod files;
pub mod health;
pub mod items;
pub mod lifecycle;
pub mod login;
pub mod messages;
pub mod outbox;
pub mod partners;
pub mod password;
pub mod portal;
pub mod privacy;
pub mod profile_form;
pub mod public;
pub mod referrals;
pub mod request_form;
pub mod search;
pub mod wallet;

use crate::commands::Field;

/// A field's name as the pages show it, for a message about it.
pub(crate) fn field_label(field: Field) -> String {
    match field {
        Field::List => "List".into(),
        Field::Version => "The form".into(),
        Field::Action => "Action".into(),
        Field::Reason => "Reason".into(),
        Field::Date | Field::Due => "Due date".into(),
        Field::Title => "Title".into(),
        Field::Category => "Category".into(),
        Field::Holder => "For whom".into(),
        Field::Instructions => "Instructions".into(),
        Field::KeyDate(kind) => kind.label().into(),
        Field::PersonKeyDate(person, kind) => format!("{} (person {})", kind.label(), person + 1),
        Field::Outcome => "Outcome".into(),
        Field::Consultant => "Consultant".into(),
        Field::Body | Field::Note => "Note".into(),
        Field::Visibility => "Who may read it".into(),
        Field::CurrentPassword => "Current password".into(),
        Field::NewPassword => "New password".into(),
        Field::Confirm => "The new password again".into(),
        Field::Password => "Your password".into(),
        Field::TokenName | Field::HireName => "Name".into(),
        Field::Days => "Expires after (days)".into(),
        Field::Search => "Search".into(),
        Field::Email => "E-mail".into(),
        Field::Document(field) => match field {
            softland_domain::document::DocumentField::Kind => "Kind of document".into(),
            softland_domain::document::DocumentField::Number => "Number".into(),
            softland_domain::document::DocumentField::Country => "Issuing country".into(),
            softland_domain::document::DocumentField::IssuedOn => "Issued on".into(),
            softland_domain::document::DocumentField::ValidUntil => "Valid until".into(),
        },
        Field::Item => "Checklist item".into(),
        Field::Person => "Person".into(),
        Field::Review => "Review".into(),
        Field::Time(crate::commands::TimeField::Digest) => "Digest time".into(),
        Field::Time(crate::commands::TimeField::Reminders) => "Reminder time".into(),
        Field::Time(crate::commands::TimeField::Own) => "Time".into(),
        Field::WorkingDays(crate::commands::DaysField::DueSoon) => "Due soon".into(),
        Field::WorkingDays(crate::commands::DaysField::Escalation) => "Escalation".into(),
        Field::LeadTimes(category) => format!("Lead times ({})", category.label()),
        Field::Choice => "Your choice".into(),
        Field::MailTo => "To".into(),
        Field::MailFrom => "From".into(),
        Field::MailText => "Text".into(),
        Field::Ambassador => "Ambassador".into(),
        Field::Photo => "Photo".into(),
        Field::Organisation => "Partner".into(),
        Field::Contact => "Contact person".into(),
        Field::Need => "Need".into(),
        Field::Consent => "How they agreed".into(),
        Field::FollowUp => "Follow up on".into(),
        Field::Event => "Step".into(),
        Field::Languages => "Languages".into(),
        Field::Route => "Route".into(),
        Field::Arrival => "Expected arrival".into(),
        Field::Employer => "Employer".into(),
        Field::Case => "Case".into(),
        Field::LawfulBasis => "Lawful basis".into(),
        Field::Purpose => "Purpose".into(),
        Field::RetentionYears => "Years kept after closing".into(),
        Field::Code => "Code".into(),
    }
}

pub(crate) use crate::views::sentence;

/// The actor of a signed-in person's command.
pub(crate) fn actor(current: &crate::auth::extract::CurrentUser) -> crate::commands::Actor {
    crate::commands::Actor::of(&current.user)
}

/// A field's problem as a page says it on its own: "Due date: enter a real date as …".
pub(crate) fn field_sentence(field: Field, problem: &crate::commands::Problem) -> String {
    sentence(&format!("{}: {problem}", field_label(field)))
}

/// A field's problem as the field's own message in a form's errors.
pub(crate) fn field_errors(
    field: Field,
    problem: &crate::commands::Problem,
) -> crate::commands::FieldErrors {
    let mut errors = crate::commands::FieldErrors::new();
    errors.add(field.name(), sentence(&problem.to_string()));
    errors
}
