//! Where a person's data lives: every table of the database, erased, anonymised or kept
//! (with why), and the kinds of data a dry run counts. A new table is one entry here (the
//! test `every_table_is_classified_for_erasure` fails until it has one) and, when it holds a
//! case's people's data, one step in `steps.rs`.

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
    /// E-mail addresses, phones, registrations, consents, enquiries, mails.
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
            DataKind::Contacts => {
                "E-mail addresses, phones, registrations, consents, enquiries, mails"
            }
            DataKind::SessionsAndTokens => {
                "Sessions, API tokens, calendar feeds, links, the account, its addresses in the access log"
            }
            DataKind::Mentions => "Mentions in history, referrals, buddy matches and other text",
        }
    }
}

/// Every table of the database and what an erasure does to it.
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
        "consent records (given, withdrawn, how): deleted with the person",
    ),
    (
        "access_log",
        Treatment::Anonymised,
        "the access log: the addresses the person's own account viewed from are set to NULL (the one change its triggers allow); ids stay",
    ),
    (
        "two_factor",
        Treatment::Erased,
        "a staff account's two-factor secret and last step: deleted with the account's other \
         credentials",
    ),
    (
        "recovery_codes",
        Treatment::Erased,
        "hashes of an account's recovery codes: deleted with the account's other credentials",
    ),
    (
        "security_settings",
        Treatment::Kept,
        "the centre's two-factor policy: no personal data",
    ),
    (
        "breaches",
        Treatment::Kept,
        "the breach register (Art. 33(5)): facts and dates; admins name cases by number, not \
         people",
    ),
    (
        "breach_cases",
        Treatment::Kept,
        "case ids affected by a breach: ids only",
    ),
    (
        "breach_events",
        Treatment::Kept,
        "a breach's dated timeline: about the breach, not a person",
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
        "database_identity",
        Treatment::Kept,
        "this database's random id, written into the erasure ledger",
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
    (
        "consultant_open_cases",
        Treatment::Kept,
        "each consultant's number of open cases",
    ),
    ("seaql_migrations", Treatment::Kept, "the schema's version"),
    ("sqlite_sequence", Treatment::Kept, "SQLite's counters"),
];
