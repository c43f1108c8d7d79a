//! Placeholder until the dashboard lands.
use crate::cli::Origin;
use crate::data::Dataset;
use crate::view::Query;

/// Runs the dashboard.
pub fn run(_ds: Dataset, _origin: Origin, _q: Query) -> color_eyre::Result<()> {
    Ok(())
}
