//! HTTP handlers, a module per resource.

pub mod account;
pub mod admin;
pub mod assets;
pub mod case_page;
pub mod cases;
pub mod dashboard;
pub mod health;
pub mod items;
pub mod lifecycle;
pub mod login;
pub mod outbox;
pub mod password;
pub mod portal;
