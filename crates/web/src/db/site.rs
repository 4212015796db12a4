//! The centre's public site in the database (issue 22): its settings and the enquiries of
//! its contact form.

pub mod enquiries;
pub mod settings;
