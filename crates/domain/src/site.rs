//! The centre's public site and its events (issue 22): what the public reads without an
//! account (guides from the route templates, articles, the deadline calculator), the
//! enquiries it sends, and the events it registers for.

pub mod article;
pub mod calculator;
pub mod enquiry;
pub mod event;
pub mod guide;
