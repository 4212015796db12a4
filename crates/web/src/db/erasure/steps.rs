//! The reviewed list of where a person's data lives: every table of the database is in
//! [`TABLES`], erased, anonymised or kept (with why), and every table that is erased or
//! anonymised has its [`Step`]s here. A new table is one entry (the test
//! `every_table_is_classified` fails until it has one).

use sea_orm::Value;

use super::Target;

/// What an erasure does to a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// The person's rows are deleted (or their text blanked).
    Erased,
    /// The rows stay without what names the person (case statistics, history lines).
    Anonymised,
    /// The table holds nothing of a case's people.
    Kept,
}

/// The kinds of data a dry run counts, as the admin reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DataKind {
    /// Names, dates of birth, nationalities, passports: the people rows themselves.
    People,
    /// Passports, cards and other documents of the wallet, their dates.
    Documents,
    /// Uploaded files (rows and stored objects).
    Files,
    /// Notes and messages.
    NotesAndMessages,
    /// E-mail addresses, phones, registrations, enquiries, mails.
    Contacts,
    /// Sessions, API tokens, calendar feeds, single-use links, the account.
    SessionsAndTokens,
    /// Mentions in history lines, referrals, buddy matches and other text.
    Mentions,
}

impl DataKind {
    /// The kind in words.
    pub fn label(self) -> &'static str {
        match self {
            DataKind::People => "Names, dates of birth, nationalities, passport numbers",
            DataKind::Documents => "Documents of the wallet and personal key dates",
            DataKind::Files => "Uploaded files (and the stored copies)",
            DataKind::NotesAndMessages => "Notes and messages",
            DataKind::Contacts => "E-mail addresses, phones, registrations, enquiries, mails",
            DataKind::SessionsAndTokens => "Sessions, API tokens, calendar feeds, links, account",
            DataKind::Mentions => "Mentions in history, referrals, buddy matches and other text",
        }
    }
}

/// Every table of the database and what an erasure does to it. `consents` (engineer A) and
/// `access_log` (engineer B) are classified ahead of their merge; their steps are added
/// with them.
pub const TABLES: &[(&str, Treatment, &str)] = &[
    (
        "people",
        Treatment::Anonymised,
        "names, birth dates, passports, e-mails blanked; the row stays for the case's statistics",
    ),
    (
        "person_key_dates",
        Treatment::Erased,
        "a person's own dates",
    ),
    (
        "person_documents",
        Treatment::Erased,
        "passports, cards, visas",
    ),
    ("case_files", Treatment::Erased, "rows and stored objects"),
    (
        "notes",
        Treatment::Erased,
        "household: all; person: what they wrote, mentions blanked",
    ),
    (
        "messages",
        Treatment::Erased,
        "household: all; person: what they wrote, mentions blanked",
    ),
    (
        "conversations",
        Treatment::Erased,
        "household: the conversation's read state",
    ),
    (
        "checklist_items",
        Treatment::Anonymised,
        "reasons typed by staff blanked; route items stay",
    ),
    (
        "item_status_history",
        Treatment::Anonymised,
        "reasons blanked; the status dates stay",
    ),
    (
        "audit_events",
        Treatment::Anonymised,
        "the case's lines lose their text; mentions elsewhere blanked",
    ),
    (
        "cases",
        Treatment::Anonymised,
        "the principal's name and search text; route, dates, outcome stay",
    ),
    (
        "case_key_dates",
        Treatment::Kept,
        "the household's dates (arrival…): statistics",
    ),
    (
        "case_routes",
        Treatment::Kept,
        "the case's routes: statistics",
    ),
    (
        "employments",
        Treatment::Erased,
        "the link to an employer and its consent",
    ),
    (
        "hire_requests",
        Treatment::Anonymised,
        "name, e-mail, notes of the employer's request",
    ),
    (
        "referrals",
        Treatment::Anonymised,
        "need and notes blanked; the partner and status stay",
    ),
    ("referral_steps", Treatment::Anonymised, "notes blanked"),
    (
        "buddy_matches",
        Treatment::Anonymised,
        "wishes, phone, notes, feedback blanked",
    ),
    (
        "buddy_checkins",
        Treatment::Anonymised,
        "the ambassador's notes about them blanked",
    ),
    (
        "event_registrations",
        Treatment::Anonymised,
        "name and e-mail of their registrations",
    ),
    (
        "enquiries",
        Treatment::Anonymised,
        "name, e-mail, phone, message of their enquiries",
    ),
    (
        "outbox",
        Treatment::Erased,
        "mails to them; mentions in other mails blanked",
    ),
    (
        "login_failures",
        Treatment::Erased,
        "throttle keys naming their e-mail",
    ),
    ("sessions", Treatment::Erased, "their sign-ins end at once"),
    ("api_tokens", Treatment::Erased, "their tokens end at once"),
    (
        "feed_tokens",
        Treatment::Erased,
        "their calendar feeds end at once",
    ),
    (
        "link_tokens",
        Treatment::Erased,
        "their invitation and password links",
    ),
    (
        "users",
        Treatment::Anonymised,
        "their account: disabled, e-mail and name replaced",
    ),
    (
        "jobs",
        Treatment::Anonymised,
        "mentions in job payloads blanked",
    ),
    (
        "consents",
        Treatment::Erased,
        "engineer A's consent records: erased per person (step added at merge)",
    ),
    (
        "access_log",
        Treatment::Anonymised,
        "engineer B's log: addresses of the person's own account NULLed (step added at merge)",
    ),
    (
        "erasures",
        Treatment::Kept,
        "the tombstones: ids, counts, reason category",
    ),
    (
        "legal_holds",
        Treatment::Kept,
        "a case's hold: reason typed by staff about the case",
    ),
    (
        "privacy_settings",
        Treatment::Kept,
        "the centre's retention period",
    ),
    (
        "retention_runs",
        Treatment::Kept,
        "case ids of each retention run",
    ),
    (
        "ambassadors",
        Treatment::Kept,
        "ambassadors' own profiles, not a case's people",
    ),
    ("organisations", Treatment::Kept, "partner organisations"),
    (
        "organisation_contacts",
        Treatment::Kept,
        "partners' staff, not a case's people",
    ),
    ("partner_kinds", Treatment::Kept, "vocabulary"),
    ("partner_links", Treatment::Kept, "vocabulary"),
    ("route_templates", Treatment::Kept, "templates"),
    ("template_libraries", Treatment::Kept, "templates"),
    ("office_closures", Treatment::Kept, "the office calendar"),
    ("reminder_settings", Treatment::Kept, "settings"),
    ("server_keys", Treatment::Kept, "the server's keys"),
    ("data_fixes", Treatment::Kept, "names of data fixes"),
    (
        "site_settings",
        Treatment::Kept,
        "the centre's public settings",
    ),
    ("articles", Treatment::Kept, "public articles"),
    ("article_versions", Treatment::Kept, "public articles"),
    ("events", Treatment::Kept, "public events"),
    ("event_organisers", Treatment::Kept, "public events"),
    (
        "site_search",
        Treatment::Kept,
        "index of public articles and guides",
    ),
    (
        "site_search_config",
        Treatment::Kept,
        "SQLite's full-text index of public pages",
    ),
    (
        "site_search_content",
        Treatment::Kept,
        "SQLite's full-text index of public pages",
    ),
    (
        "site_search_data",
        Treatment::Kept,
        "SQLite's full-text index of public pages",
    ),
    (
        "site_search_docsize",
        Treatment::Kept,
        "SQLite's full-text index of public pages",
    ),
    (
        "site_search_idx",
        Treatment::Kept,
        "SQLite's full-text index of public pages",
    ),
    ("seaql_migrations", Treatment::Kept, "the schema's version"),
    ("sqlite_sequence", Treatment::Kept, "SQLite's counters"),
];

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
                let mut out = vec![of_users(t, "author_id", Action::Set("body = '[Erased]'"))];
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
            out.extend(scrub(
                t,
                &["subject", "\"before\"", "\"after\""],
                "1 = 1",
                &[],
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
            out.extend(scrub(t, &["subject", "body"], "1 = 1", &[]));
            out
        },
    },
    Step {
        table: "jobs",
        kind: DataKind::Mentions,
        changes: |t| scrub(t, &["payload"], "1 = 1", &[]),
    },
    Step {
        table: "login_failures",
        kind: DataKind::Contacts,
        changes: |t| {
            t.emails
                .iter()
                .map(|e| {
                    change(
                        Action::Delete,
                        "LOWER(key) LIKE ?".into(),
                        vec![format!("%{e}%").into()],
                    )
                })
                .collect()
        },
    },
    Step {
        table: "sessions",
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
