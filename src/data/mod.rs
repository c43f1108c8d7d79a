//! Everything that knows the data file's shape: reading, validating, and the resulting
//! immutable `Dataset`.

pub mod as_of;
mod chunk_layout;
mod chunks;
mod chunks_reload;
pub mod claim_index;
pub mod dataset;
pub mod date;
pub mod diagnostic;
mod fields;
pub mod figure;
pub mod layers;
pub mod metric;
pub mod overlay;
mod parallel;
mod provenance;
pub mod record;
mod records;
pub mod sanitize;
pub mod schema;
mod slots;
pub mod syntax;
mod validate;

pub use chunks::{Cut, Layout};
pub use chunks_reload::{Patch, ReadRange, Undo};
pub use dataset::*;
pub use date::PartialDate;
pub use diagnostic::{Diagnostic, SourceMap};
pub use fields::type_name;
pub use figure::{Figure, Shape};
pub use metric::{Metric, Unit};
pub use parallel::{
    First, HEAD_BYTES, MIN_BYTES as PARALLEL_MIN_BYTES, Plan, PlannedProblems, first_chunk, load_planned, plan,
    problems_planned, wants_more,
};
pub use provenance::Provenance;
pub use record::{AnyRecord, Record};
pub use schema::keys;
pub use slots::conflicts;
pub use validate::load_whole;

/// The bundled dataset, compiled into the binary.
pub const BUNDLED: &str = include_str!("../../data/labs.toml");

/// The name diagnostics use for the bundled dataset.
pub const BUNDLED_NAME: &str = "<bundled>/data/labs.toml";

/// Files compiled in after the curated one, each laid over the ones before (name, text): the
/// Epoch AI snapshot, converted by `labdash import epoch` (figures only; CC BY 4.0, see its
/// header).
pub const BUNDLED_LAYERS: &[(&str, &str)] = &[("<bundled>/data/epoch.toml", include_str!("../../data/epoch.toml"))];

/// Parses and validates a whole data file. Large files are read in chunks on several threads
/// (`parallel`), with the same result; any problem is reported from the one-piece reading.
pub fn load(name: &str, text: &str) -> Result<Dataset, Vec<Diagnostic>> {
    load_with_progress(name, text, &|_, _| {}, None, None)
}

/// As `load`, reporting progress (chunks done, chunks in all) while a large file loads, handing
/// its first rows to `preview`; `first` is the file's first chunk when already parsed.
pub fn load_with_progress(
    name: &str,
    text: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
    preview: parallel::Preview<'_>,
    first: Option<parallel::First>,
) -> Result<Dataset, Vec<Diagnostic>> {
    let mut ds = match parallel::load_with_preview(name, text, progress, preview, first) {
        Some(ds) => ds,
        None => validate::load_whole(name, text)?,
    };
    // Every dataset knows the file it comes from (the `from` column), laid over or not.
    overlay::first(&mut ds, name);
    Ok(ds)
}

/// A large file's chunks read from `reader`, cut where a load cuts them, each with its
/// fingerprint: what `reload_changed` compares with the chunks the data was loaded from.
pub fn cut(reader: &mut dyn std::io::Read) -> Option<Vec<Cut>> {
    chunks::cuts(reader, parallel::CHUNK_BYTES)
}

/// After an edit of the large file `ds` was loaded from (named `name`, now cut as `new`): its
/// changed chunks parsed again (read with `read`), ready to patch `ds` in place; `None` when
/// that would not give exactly what a full load gives (then load the file whole).
pub fn reload_changed(name: &str, ds: &Dataset, new: Vec<Cut>, read: ReadRange<'_>) -> Option<Patch> {
    chunks_reload::prepare(name, ds, new, read)
}

/// Lays the data file `text` (named `name`) over `base`: its records and claims are added, a
/// record with an id `base` has is merged with it (see `overlay`). On any problem `base` is
/// unchanged and the problems are `text`'s, exactly as `load` would report them — except that
/// references to `base`'s records are fine.
pub fn lay_over(base: &mut Dataset, name: &str, text: &str) -> Result<(), Vec<Diagnostic>> {
    let layer = validate::load_layer(base, name, text)?;
    overlay::merge(base, layer, name);
    Ok(())
}
