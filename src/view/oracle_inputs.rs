//! What the charts' and group tables' test oracles are checked on: the bundled, small and a
//! generated dataset, and the row lists a view may hold.

use crate::data::Dataset;
use crate::view::columns::columns;
use crate::view::{Query, SortDir, SortSpec, ViewKind, project};

/// The small fixture, the bundled curated file and a generated 1,500-model file (seed `seed`).
pub(crate) fn sets(seed: u64) -> Vec<Dataset> {
    let text = crate::generate::dataset(crate::generate::Sizes::models(1500), seed);
    let load = |name: &str, text: &str| crate::data::load(name, text).unwrap_or_else(|d| panic!("{d:?}"));
    vec![
        load("mini", include_str!("../../tests/fixtures/mini.toml")),
        load(crate::data::BUNDLED_NAME, crate::data::BUNDLED),
        load("gen", &text),
    ]
}

/// Row lists a view may hold: file order, reversed, sorted by each of its first `sorted`
/// columns, and those sorts with a third of the rows filtered out.
pub(crate) fn row_lists(ds: &Dataset, view: ViewKind, sorted: usize) -> Vec<Vec<u32>> {
    let all: Vec<u32> = (0..view.len(ds) as u32).collect();
    let mut lists = vec![all.iter().rev().copied().collect(), all];
    for col in 0..columns(view).len().min(sorted) {
        let q = Query {
            view,
            sort: Some(SortSpec {
                col,
                dir: SortDir::Desc,
            }),
            filter: Default::default(),
        };
        let sorted = project(ds, &q);
        lists.push(sorted.iter().copied().filter(|r| r % 3 != 1).collect());
        lists.push(sorted);
    }
    lists
}
