//! The centre's public site in the database (issue 22): its settings, the enquiries of its
//! contact form, articles, and the search index of guides and articles.

pub mod articles;
pub mod enquiries;
pub mod guides;
pub mod search;
pub mod settings;
