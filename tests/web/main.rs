//! Integration tests of the softland server: each boots the real app on 127.0.0.1:0 against
//! a fresh database (a SQLite file in a temporary folder, or a new PostgreSQL database when
//! `TEST_DATABASE_URL` is set) and speaks HTTP to it.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions panic when a fixture is broken"
)]

mod mail_sink;
mod process;
mod support;

mod access_log;
mod account;
mod admin;
mod api;
mod auth;
mod breaches;
mod buddies_api;
mod buddies_portal;
mod buddies_staff;
mod buddy_area;
mod buddy_photo;
mod calendar;
mod case_list;
mod case_page;
mod cli;
mod closures_law;
mod concurrency;
mod dashboard;
mod durability;
mod employers;
mod erasure;
mod erasure_ledger;
mod erasure_scope;
mod events;
mod faults;
mod files;
mod hardening;
mod health;
mod logs;
mod messages;
mod new_case;
mod notifications;
mod partners_directory;
mod person_dates;
mod portal;
mod privacy_consent;
mod privacy_export;
mod public_articles;
mod public_calculator;
mod public_contact;
mod public_feeds;
mod public_guides;
mod public_home;
mod public_search;
mod recurring;
mod referrals;
mod retention;
mod risks;
mod search;
mod security;
mod site_api;
mod store;
mod two_factor;
mod wallet;
