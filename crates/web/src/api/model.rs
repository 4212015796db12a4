//! What the API sends and receives, with their OpenAPI schemas.

pub mod case;
pub mod feed;
pub mod file;
pub mod input;
pub mod item;
pub mod message;
pub mod note;
pub mod notification;
pub mod overview;
pub mod route;
pub mod search;
