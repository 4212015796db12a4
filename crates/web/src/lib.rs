//! softland's server and command line: the staff and expat web pages, the database, the CLI.

pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod db;
pub mod error;
pub mod handlers;
pub mod ids;
pub mod limits;
pub mod logging;
pub mod mail;
pub mod metrics;
pub mod seed;
pub mod server;
pub mod views;
