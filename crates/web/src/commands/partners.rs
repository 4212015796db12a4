//! The partner network's use cases (issue 21).

pub mod employers;
