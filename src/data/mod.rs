//! Everything that knows the data file's shape: reading, validating, and the resulting
//! immutable `Dataset`.

mod chunks;
pub mod claim_index;
pub mod dataset;
pub mod date;
pub mod diagnostic;
mod fields;
pub mod figure;
pub mod metric;
mod parallel;
mod provenance;
pub mod sanitize;
mod slots;
mod syntax;
mod validate;

pub use dataset::*;
pub use date::PartialDate;
pub use diagnostic::{Diagnostic, SourceMap};
pub use figure::{Figure, Shape};
pub use metric::{Metric, Unit};
pub use parallel::{
    First, HEAD_BYTES, MIN_BYTES as PARALLEL_MIN_BYTES, Plan, first_chunk, load_planned, plan, wants_more,
};
pub use provenance::Provenance;
pub use slots::conflicts;
pub use validate::{keys, load, load_whole, load_with_progress};

/// The bundled dataset, compiled into the binary.
pub const BUNDLED: &str = include_str!("../../data/labs.toml");

/// The name diagnostics use for the bundled dataset.
pub const BUNDLED_NAME: &str = "<bundled>/data/labs.toml";
