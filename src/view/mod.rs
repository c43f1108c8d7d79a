//! Ratatui-free projections of the dataset: which rows a view shows, in which order, with
//! which columns. The dashboard and `export` both go through `project`, so they cannot
//! disagree.

pub mod cache;
pub mod cell;
pub mod changes;
pub mod chart;
pub mod claims;
pub mod column_choice;
pub mod columns;
pub mod compare;
pub mod derive;
pub mod details;
pub mod figures;
pub mod filter;
pub mod find;
pub mod format;
pub mod group;
pub mod layout;
#[cfg(test)]
mod oracle_inputs;
pub mod ranks;
pub mod search;
pub mod sort;
pub mod split;
pub mod visit;

pub use cell::{Cell, Marks, Value};
pub use columns::{ColType, Column, columns};
pub use filter::{Filter, FilterError};
pub use layout::Layout;
pub use sort::{SortDir, SortSpec};

use crate::data::{Dataset, Kind};

/// The views of the dashboard (keys 1–6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ViewKind {
    /// Labs: one row per lab.
    Labs,
    /// Models: one row per model.
    #[default]
    Models,
    /// Claims: one row per sourced claim.
    Claims,
    /// Compute: clusters, fleets, investments.
    Compute,
    /// Events: dated events.
    Events,
    /// Chips: accelerators and their peaks.
    Chips,
}

impl ViewKind {
    /// Every view, in tab order.
    pub const ALL: [ViewKind; 6] = [
        ViewKind::Labs,
        ViewKind::Models,
        ViewKind::Claims,
        ViewKind::Compute,
        ViewKind::Events,
        ViewKind::Chips,
    ];

    /// The id used by `--view`.
    pub fn id(self) -> &'static str {
        match self {
            ViewKind::Labs => "labs",
            ViewKind::Models => "models",
            ViewKind::Claims => "claims",
            ViewKind::Compute => "compute",
            ViewKind::Events => "events",
            ViewKind::Chips => "chips",
        }
    }

    /// The tab title.
    pub fn title(self) -> &'static str {
        match self {
            ViewKind::Labs => "Labs",
            ViewKind::Models => "Models",
            ViewKind::Claims => "Claims",
            ViewKind::Compute => "Compute",
            ViewKind::Events => "Events",
            ViewKind::Chips => "Chips",
        }
    }

    /// Parses `--view` (id, title or number 1–6).
    pub fn parse(s: &str) -> Option<ViewKind> {
        let s = s.to_ascii_lowercase();
        ViewKind::ALL
            .into_iter()
            .enumerate()
            .find(|(i, v)| v.id() == s || (i + 1).to_string() == s)
            .map(|(_, v)| v)
    }

    /// The record kind one row stands for.
    pub fn kind(self) -> Kind {
        match self {
            ViewKind::Labs => Kind::Lab,
            ViewKind::Models => Kind::Model,
            ViewKind::Claims => Kind::Claim,
            ViewKind::Compute => Kind::Compute,
            ViewKind::Events => Kind::Event,
            ViewKind::Chips => Kind::Chip,
        }
    }

    /// How many records the view has before filtering.
    pub fn len(self, ds: &Dataset) -> usize {
        ds.count(self.kind())
    }

    /// The next/previous view, wrapping.
    pub fn cycle(self, step: isize) -> ViewKind {
        let i = ViewKind::ALL.iter().position(|v| *v == self).unwrap_or(0) as isize;
        let n = ViewKind::ALL.len() as isize;
        ViewKind::ALL[(i + step).rem_euclid(n) as usize]
    }
}

/// What the user asked a view to show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// Which view.
    pub view: ViewKind,
    /// Sort, or file order.
    pub sort: Option<SortSpec>,
    /// Filter (empty = all rows).
    pub filter: Filter,
}

/// The rows a query shows, as record indices in display order.
pub fn project(ds: &Dataset, q: &Query) -> Vec<u32> {
    project_with(ds, q, None)
}

/// `project`, answering free-text terms from `index` when it indexes this view.
pub fn project_with(ds: &Dataset, q: &Query, index: Option<&search::TextIndex>) -> Vec<u32> {
    let n = q.view.len(ds) as u32;
    let mut rows: Vec<u32> = (0..n).collect();
    if !q.filter.is_empty() {
        rows = search::retain(&search::Matcher::new(ds, q.view, &q.filter, index), &rows);
    }
    if let Some(spec) = q.sort {
        sort::sort_rows(ds, columns(q.view), spec, &mut rows);
    }
    rows
}
