//! softland's server and command line: the staff and expat web pages, the database, the CLI.

pub mod access;
pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod cli;
pub(crate) mod client;
pub(crate) mod commands;
pub mod config;
pub mod db;
pub mod erasure_ledger;
pub(crate) mod error;
pub(crate) mod handlers;
pub mod ids;
pub mod jobs;
pub(crate) mod limits;
pub mod logging;
pub mod mail;
pub(crate) mod metrics;
#[cfg(feature = "seed")]
pub mod seed;
pub(crate) mod server;
pub mod storage;
pub(crate) mod upload;
pub(crate) mod views;
