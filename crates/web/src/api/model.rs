//! What the API sends and receives, with their OpenAPI schemas.

pub mod ambassador;
pub mod buddy_request;
pub mod case;
pub mod employer;
pub mod event;
pub mod feed;
pub mod file;
pub mod input;
pub mod item;
pub mod message;
pub mod note;
pub mod notification;
pub mod organisation;
pub mod overview;
pub mod privacy;
pub mod programme;
pub mod referral;
pub mod route;
pub mod search;
pub mod site;
