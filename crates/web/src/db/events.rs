//! Events of the centre's programme in the database (issue 22).

pub mod read;
