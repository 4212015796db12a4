//! Integration tests of the softland server: each boots the real app on 127.0.0.1:0 against
//! a fresh database (a SQLite file in a temporary folder, or a new PostgreSQL database when
//! `TEST_DATABASE_URL` is set) and speaks HTTP to it.

mod support;

mod admin;
mod auth;
mod case_list;
mod case_page;
mod cli;
mod dashboard;
mod durability;
mod health;
mod portal;
mod new_case;
mod store;
