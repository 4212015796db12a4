//! The centre's public site in the database (issue 22): its settings.

pub mod settings;
