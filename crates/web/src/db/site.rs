//! The centre's public site in the database (issue 22): its settings, articles, the search
//! index of guides and articles.

pub mod articles;
pub mod guides;
pub mod search;
pub mod settings;
