//! The reviewed list of where a person's data lives: every table of the database is in
//! [`TABLES`], erased, anonymised or kept (with why), and every table that is erased or
//! anonymised has its [`Step`]s here. A new table is one entry (the test
//! `every_table_is_classified` fails until it has one).

use sea_orm::Value;

use super::Target;

pub use super::inventory::{DataKind, TABLES, Treatment};

/// What a change does to the rows its filter finds.
#[derive(Debug, Clone)]
pub enum Action {
    /// Deletes them.
    Delete,
    /// Sets fixed values (SQL of constants only, no input).
    Set(&'static str),
    /// Replaces every mention of `needle` in `column` with `[erased]`.
    Scrub(&'static str, String),
}

/// One statement of an erasure: an action on the rows of a table a filter finds.
#[derive(Debug, Clone)]
pub struct Change {
    /// The action.
    pub action: Action,
    /// The `WHERE` condition, with `?` placeholders.
    pub filter: String,
    /// The placeholders' values.
    pub values: Vec<Value>,
}

/// One table's part of an erasure.
pub struct Step {
    /// The table.
    pub table: &'static str,
    /// What the dry run counts it as.
    pub kind: DataKind,
    /// The changes for a target.
    pub changes: fn(&Target) -> Vec<Change>,
}

/// `?, ?, ?` for `n` values (`NULL` for none, which matches nothing).
fn marks(n: usize) -> String {
    if n == 0 {
        return "NULL".to_owned();
    }
    vec!["?"; n].join(", ")
}

fn ints(ids: &[i64]) -> Vec<Value> {
    ids.iter().map(|i| Value::from(*i)).collect()
}

fn texts(items: &[String]) -> Vec<Value> {
    items.iter().map(|s| Value::from(s.clone())).collect()
}

fn change(action: Action, filter: String, values: Vec<Value>) -> Change {
    Change {
        action,
        filter,
        values,
    }
}

/// Rows whose `column` is one of the target's people.
fn of_people(t: &Target, column: &str, action: Action) -> Change {
    let filter = format!("{column} IN ({})", marks(t.people.len()));
    change(action, filter, ints(&t.people))
}

/// Rows whose `column` is one of the target's accounts.
fn of_users(t: &Target, column: &str, action: Action) -> Change {
    let filter = format!("{column} IN ({})", marks(t.users.len()));
    change(action, filter, ints(&t.users))
}

/// Rows of the case (household erasures), else of the people's `column`.
fn of_case_or(t: &Target, column: &str, action: Action) -> Change {
    if t.household {
        change(action, "case_id = ?".to_owned(), vec![t.case.into()])
    } else {
        of_people(t, column, action)
    }
}

/// Rows whose `column` is one of the target's e-mail addresses (compared in lower case).
fn of_emails(t: &Target, column: &str, action: Action) -> Change {
    let filter = format!("LOWER({column}) IN ({})", marks(t.emails.len()));
    change(action, filter, texts(&t.emails))
}

/// Every mention of the target's names, e-mails and passport numbers in `columns`, in the
/// rows `within` finds (`1 = 1`: all rows).
fn scrub(t: &Target, columns: &[&'static str], within: &str, values: &[Value]) -> Vec<Change> {
    let mut out = Vec::new();
    for column in columns {
        for needle in &t.needles {
            let mut v = vec![Value::from(format!("%{needle}%"))];
            v.extend(values.iter().cloned());
            out.push(change(
                Action::Scrub(column, needle.clone()),
                format!("{column} LIKE ? AND ({within})"),
                v,
            ));
        }
    }
    out
}

/// The throttle counters of one e-mail address, by whole key (`db/throttle.rs`): `<kind>:<e>`
/// (`account:`, `reset-mail:`, `public-recipient:<form>:`) and `pair:<e>|<network>`,
/// `reset-mail:<e>|<network>`. No `LIKE`: `_` is a wildcard and `an@x.cz` is inside `jan@x.cz`.
fn throttle_keys(email: &str) -> Change {
    // 32-bit: PostgreSQL's SUBSTR takes an `integer`, not a `bigint`.
    let length = |s: &str| i32::try_from(s.chars().count()).unwrap_or(i32::MAX);
    let suffix = format!(":{email}");
    let mut values: Vec<Value> = vec![length(&suffix).into(), suffix.into()];
    for prefix in ["pair", "reset-mail"] {
        let start = format!("{prefix}:{email}|");
        values.push(length(&start).into());
        values.push(start.into());
    }
    let filter = "SUBSTR(LOWER(key), LENGTH(key) - ? + 1) = ? \
        OR SUBSTR(LOWER(key), 1, ?) = ? OR SUBSTR(LOWER(key), 1, ?) = ?";
    change(Action::Delete, filter.to_owned(), values)
}

const ERASED_PERSON: &str = "name = 'Erased person', date_of_birth = '1900-01-01', \
    nationality = 'Erased', email = NULL, passport_number = NULL, passport_expiry = NULL, \
    user_id = NULL, pending_user_id = NULL";

/// Every step, in the order they run (children before what they hang on).
pub const STEPS: &[Step] = &[
    Step {
        table: "person_key_dates",
        kind: DataKind::Documents,
        changes: |t| vec![of_people(t, "person_id", Action::Delete)],
    },
    Step {
        table: "person_documents",
        kind: DataKind::Documents,
        changes: |t| vec![of_people(t, "person_id", Action::Delete)],
    },
    Step {
        table: "access_log",
        kind: DataKind::SessionsAndTokens,
        // The log is append-only; its triggers allow exactly this change: the addresses the
        // erased person's own account viewed from. The ids stay (they name nobody now).
        changes: |t| {
            vec![change(
                Action::Set("address = NULL"),
                format!(
                    "user_id IN ({}) AND address IS NOT NULL",
                    marks(t.users.len())
                ),
                ints(&t.users),
            )]
        },
    },
    Step {
        table: "consents",
        kind: DataKind::Contacts,
        changes: |t| vec![of_people(t, "person_id", Action::Delete)],
    },
    Step {
        table: "case_files",
        kind: DataKind::Files,
        changes: |t| vec![of_case_or(t, "person_id", Action::Delete)],
    },
    Step {
        table: "conversations",
        kind: DataKind::NotesAndMessages,
        changes: |t| {
            if t.household {
                vec![change(
                    Action::Delete,
                    "case_id = ?".into(),
                    vec![t.case.into()],
                )]
            } else {
                vec![]
            }
        },
    },
    Step {
        table: "notes",
        kind: DataKind::NotesAndMessages,
        changes: |t| {
            if t.household {
                vec![change(
                    Action::Delete,
                    "case_id = ?".into(),
                    vec![t.case.into()],
                )]
            } else {
                let mut out = vec![of_users(t, "author_id", Action::Delete)];
                out.extend(scrub(t, &["body"], "case_id = ?", &[t.case.into()]));
                out
            }
        },
    },
    Step {
        table: "messages",
        kind: DataKind::NotesAndMessages,
        changes: |t| {
            if t.household {
                vec![change(
                    Action::Delete,
                    "case_id = ?".into(),
                    vec![t.case.into()],
                )]
            } else {
                let accounts = t.accounts();
                let mut values = ints(&accounts);
                values.push(t.case.into());
                let mut out = vec![change(
                    Action::Set("body = '[Erased]'"),
                    format!("author_id IN ({}) AND case_id = ?", marks(accounts.len())),
                    values,
                )];
                out.extend(scrub(t, &["body"], "case_id = ?", &[t.case.into()]));
                out
            }
        },
    },
    Step {
        table: "checklist_items",
        kind: DataKind::Mentions,
        changes: |t| {
            if t.household {
                vec![change(
                    Action::Set("status_reason = NULL, override_reason = NULL"),
                    "case_id = ?".into(),
                    vec![t.case.into()],
                )]
            } else {
                scrub(
                    t,
                    &["status_reason", "override_reason", "title"],
                    "case_id = ?",
                    &[t.case.into()],
                )
            }
        },
    },
    Step {
        table: "item_status_history",
        kind: DataKind::Mentions,
        changes: |t| {
            if t.household {
                vec![change(
                    Action::Set("reason = NULL"),
                    "case_id = ?".into(),
                    vec![t.case.into()],
                )]
            } else {
                scrub(t, &["reason"], "case_id = ?", &[t.case.into()])
            }
        },
    },
    Step {
        table: "audit_events",
        kind: DataKind::Mentions,
        changes: |t| {
            let mut out = Vec::new();
            if t.household {
                out.push(change(
                    Action::Set("subject = 'Erased', \"before\" = NULL, \"after\" = NULL"),
                    "case_id = ?".into(),
                    vec![t.case.into()],
                ));
            }
            // The case's lines and the account lines of its accounts: never other cases'.
            let accounts = t.accounts();
            let mut values = vec![t.case.into()];
            values.extend(ints(&accounts));
            let within = format!(
                "case_id = ? OR (case_id IS NULL AND actor_id IN ({}))",
                marks(accounts.len())
            );
            out.extend(scrub(
                t,
                &["subject", "\"before\"", "\"after\""],
                &within,
                &values,
            ));
            out
        },
    },
    Step {
        table: "employments",
        kind: DataKind::Mentions,
        changes: |t| vec![of_case_or(t, "person_id", Action::Delete)],
    },
    Step {
        table: "hire_requests",
        kind: DataKind::Contacts,
        changes: |t| {
            let set = "name = 'Erased person', email = 'erased@erased.invalid', note = NULL, decline_reason = NULL";
            let mut out = vec![of_emails(t, "email", Action::Set(set))];
            if t.household {
                out.push(change(
                    Action::Set(set),
                    "case_id = ?".into(),
                    vec![t.case.into()],
                ));
            }
            out
        },
    },
    Step {
        table: "referral_steps",
        kind: DataKind::Mentions,
        changes: |t| {
            let (within, values) = if t.household {
                (
                    "referral_id IN (SELECT id FROM referrals WHERE case_id = ?)".to_owned(),
                    vec![t.case.into()],
                )
            } else {
                (
                    format!(
                        "referral_id IN (SELECT id FROM referrals WHERE person_id IN ({}))",
                        marks(t.people.len())
                    ),
                    ints(&t.people),
                )
            };
            vec![change(Action::Set("note = NULL"), within, values)]
        },
    },
    Step {
        table: "referrals",
        kind: DataKind::Mentions,
        changes: |t| {
            let mut out = vec![of_case_or(
                t,
                "person_id",
                Action::Set("need = '[Erased]', note = NULL"),
            )];
            out.extend(scrub(t, &["need", "note"], "case_id = ?", &[t.case.into()]));
            out
        },
    },
    Step {
        table: "buddy_checkins",
        kind: DataKind::Mentions,
        changes: |t| {
            let (within, values) = if t.household {
                (
                    "match_id IN (SELECT id FROM buddy_matches WHERE case_id = ?)".to_owned(),
                    vec![t.case.into()],
                )
            } else {
                (
                    format!(
                        "match_id IN (SELECT id FROM buddy_matches WHERE person_id IN ({}))",
                        marks(t.people.len())
                    ),
                    ints(&t.people),
                )
            };
            vec![change(Action::Set("body = '[Erased]'"), within, values)]
        },
    },
    Step {
        table: "buddy_matches",
        kind: DataKind::Mentions,
        changes: |t| {
            vec![of_case_or(
                t,
                "person_id",
                Action::Set(
                    "wishes = NULL, phone = NULL, district = NULL, end_note = NULL, decline_reason = NULL, feedback = NULL",
                ),
            )]
        },
    },
    Step {
        table: "event_registrations",
        kind: DataKind::Contacts,
        changes: |t| {
            let set = "name = 'Erased person', email = 'erased@erased.invalid', \
            email_key = 'erased-' || CAST(id AS TEXT), user_id = NULL";
            vec![
                of_users(t, "user_id", Action::Set(set)),
                of_emails(t, "email", Action::Set(set)),
            ]
        },
    },
    Step {
        table: "enquiries",
        kind: DataKind::Contacts,
        changes: |t| {
            let set = "name = 'Erased person', email = 'erased@erased.invalid', phone = NULL, \
            message = '[Erased]', note = NULL";
            let mut out = vec![of_emails(t, "email", Action::Set(set))];
            if t.household {
                out.push(change(
                    Action::Set(set),
                    "case_id = ?".into(),
                    vec![t.case.into()],
                ));
            }
            out
        },
    },
    Step {
        table: "outbox",
        kind: DataKind::Contacts,
        changes: |t| {
            let mut out = vec![
                of_emails(t, "to_address", Action::Delete),
                of_users(t, "recipient_id", Action::Delete),
            ];
            // Mails to their kept accounts stay (that account's other case), their mentions of
            // the erased people blanked; other people's mails are never touched.
            let mut values = ints(&t.kept_users);
            values.extend(texts(&t.emails));
            let within = format!(
                "recipient_id IN ({}) OR LOWER(to_address) IN ({})",
                marks(t.kept_users.len()),
                marks(t.emails.len())
            );
            out.extend(scrub(t, &["subject", "body"], &within, &values));
            out
        },
    },
    Step {
        table: "jobs",
        kind: DataKind::Mentions,
        // Payloads are ids only (a mail, a consultant, a date): nothing to scrub; a queued
        // delivery of an erased mail finds no mail.
        changes: |_| Vec::new(),
    },
    Step {
        table: "login_failures",
        kind: DataKind::Contacts,
        changes: |t| t.emails.iter().map(|e| throttle_keys(e)).collect(),
    },
    Step {
        table: "sessions",
        kind: DataKind::SessionsAndTokens,
        changes: |t| vec![of_users(t, "user_id", Action::Delete)],
    },
    Step {
        table: "two_factor",
        kind: DataKind::SessionsAndTokens,
        changes: |t| vec![of_users(t, "user_id", Action::Delete)],
    },
    Step {
        table: "recovery_codes",
        kind: DataKind::SessionsAndTokens,
        changes: |t| vec![of_users(t, "user_id", Action::Delete)],
    },
    Step {
        table: "api_tokens",
        kind: DataKind::SessionsAndTokens,
        changes: |t| vec![of_users(t, "user_id", Action::Delete)],
    },
    Step {
        table: "feed_tokens",
        kind: DataKind::SessionsAndTokens,
        changes: |t| vec![of_users(t, "user_id", Action::Delete)],
    },
    Step {
        table: "link_tokens",
        kind: DataKind::SessionsAndTokens,
        changes: |t| vec![of_users(t, "user_id", Action::Delete)],
    },
    Step {
        table: "users",
        kind: DataKind::SessionsAndTokens,
        changes: |t| {
            vec![of_users(
                t,
                "id",
                Action::Set(
                    "email = 'erased-' || CAST(id AS TEXT) || '@erased.invalid', display_name = 'Erased person', \
         phone = '', password_hash = NULL, active = FALSE",
                ),
            )]
        },
    },
    Step {
        table: "people",
        kind: DataKind::People,
        changes: |t| vec![of_people(t, "id", Action::Set(ERASED_PERSON))],
    },
    Step {
        table: "cases",
        kind: DataKind::Mentions,
        changes: |t| {
            if t.household {
                vec![change(
                    Action::Set(
                        "principal_name = 'Erased household', search_text = '', hold_reason = NULL, \
                creation_token = NULL, interests = ''",
                    ),
                    "id = ?".into(),
                    vec![t.case.into()],
                )]
            } else {
                scrub(
                    t,
                    &["principal_name", "search_text", "hold_reason"],
                    "id = ?",
                    &[t.case.into()],
                )
            }
        },
    },
];
