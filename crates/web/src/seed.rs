//! Seed data: the demo centre of `serve --demo` and the benchmark workload of `seed-bench`.

pub mod bench;
pub mod demo;
