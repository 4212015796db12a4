//! softland's schema, as migrations that run unchanged on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_users_and_sessions;
mod m20261125_000002_create_cases_and_checklists;
mod m20261125_000003_create_notes_audit_and_templates;
mod m20261125_000004_create_login_failures;
mod m20261125_000005_create_tokens_and_outbox;
mod m20261125_000006_create_api_tokens;
mod m20261125_120000_create_read_path_indexes;
mod m20261125_140000_add_dashboard_keys;
mod m20261125_170000_store_papers_risk_on;
mod m20261203_120000_create_watch_indexes;
mod m20261203_150000_create_open_item_indexes;
mod m20261204_100000_create_server_keys;
mod m20261204_110000_add_link_confirmations;
mod m20261204_120000_clear_stored_links;
mod m20261204_130000_rename_legacy_audit_actions;
mod m20261204_140000_create_case_routes;
mod m20261204_150000_create_data_fixes;
mod m20261204_160000_add_person_key_dates;
mod m20261205_100000_add_item_doers;
mod m20261206_100000_create_case_files;
mod m20261206_120000_create_person_documents;
mod m20261207_100000_create_messages;
mod m20261207_110000_add_outbox_reply_to;
mod m20261207_200000_create_feed_tokens;
mod m20261207_300000_create_jobs_and_reminders;
mod m20261207_400000_add_conversation_consultants;
mod m20261208_100000_create_buddy_programme;
mod m20261209_100000_add_ambassador_photos;
mod m20261210_100000_create_partner_network;
mod m20261211_100000_create_public_site;
mod m20261211_200000_add_article_version_addresses;
mod m20261212_100000_create_consents;
mod m20261212_200000_create_access_log;
mod m20261212_210000_create_breaches;
mod m20261212_300000_create_erasures;
mod m20261212_400000_create_two_factor;
mod m20261213_100000_add_case_revisions;
mod m20261214_100000_count_open_cases;
mod m20261215_100000_count_open_cases_in_order;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_users_and_sessions::Migration),
            Box::new(m20261125_000002_create_cases_and_checklists::Migration),
            Box::new(m20261125_000003_create_notes_audit_and_templates::Migration),
            Box::new(m20261125_000004_create_login_failures::Migration),
            Box::new(m20261125_000005_create_tokens_and_outbox::Migration),
            Box::new(m20261125_000006_create_api_tokens::Migration),
            Box::new(m20261125_120000_create_read_path_indexes::Migration),
            Box::new(m20261125_140000_add_dashboard_keys::Migration),
            Box::new(m20261125_170000_store_papers_risk_on::Migration),
            Box::new(m20261203_120000_create_watch_indexes::Migration),
            Box::new(m20261203_150000_create_open_item_indexes::Migration),
            Box::new(m20261204_100000_create_server_keys::Migration),
            Box::new(m20261204_110000_add_link_confirmations::Migration),
            Box::new(m20261204_120000_clear_stored_links::Migration),
            Box::new(m20261204_130000_rename_legacy_audit_actions::Migration),
            Box::new(m20261204_140000_create_case_routes::Migration),
            Box::new(m20261204_150000_create_data_fixes::Migration),
            Box::new(m20261204_160000_add_person_key_dates::Migration),
            Box::new(m20261205_100000_add_item_doers::Migration),
            Box::new(m20261206_100000_create_case_files::Migration),
            Box::new(m20261206_120000_create_person_documents::Migration),
            Box::new(m20261207_100000_create_messages::Migration),
            Box::new(m20261207_110000_add_outbox_reply_to::Migration),
            Box::new(m20261207_200000_create_feed_tokens::Migration),
            Box::new(m20261207_300000_create_jobs_and_reminders::Migration),
            Box::new(m20261207_400000_add_conversation_consultants::Migration),
            Box::new(m20261208_100000_create_buddy_programme::Migration),
            Box::new(m20261209_100000_add_ambassador_photos::Migration),
            Box::new(m20261210_100000_create_partner_network::Migration),
            Box::new(m20261211_100000_create_public_site::Migration),
            Box::new(m20261211_200000_add_article_version_addresses::Migration),
            Box::new(m20261212_100000_create_consents::Migration),
            Box::new(m20261212_200000_create_access_log::Migration),
            Box::new(m20261212_210000_create_breaches::Migration),
            Box::new(m20261212_300000_create_erasures::Migration),
            Box::new(m20261212_400000_create_two_factor::Migration),
            Box::new(m20261213_100000_add_case_revisions::Migration),
            Box::new(m20261214_100000_count_open_cases::Migration),
            Box::new(m20261215_100000_count_open_cases_in_order::Migration),
        ]
    }
}
