//! What a reload changed on screen: records matched by id between the old and the new data,
//! compared cell by cell as displayed (`format::cell_text`, so a change of marks such as a new
//! `‡` counts, and a re-formatting that shows the same text does not).

use std::collections::HashSet;

use crate::data::{Dataset, RecordRef};
use crate::view::{ViewKind, columns, format};

/// The difference between two loads, for highlighting and the status line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Cells to highlight: (view, record index in the *new* data, column index). Every cell
    /// of an added record is included.
    pub cells: HashSet<(ViewKind, u32, usize)>,
    /// Records present in both loads with at least one cell shown differently.
    pub changed: usize,
    /// Records only in the new load.
    pub added: usize,
    /// Records only in the old load.
    pub removed: usize,
}

impl Changes {
    /// Whether nothing on screen differs.
    pub fn is_empty(&self) -> bool {
        self.changed == 0 && self.added == 0 && self.removed == 0
    }

    /// `2 records changed, 1 added`, or `no changes`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if self.changed > 0 {
            let s = if self.changed == 1 { "" } else { "s" };
            parts.push(format!("{} record{s} changed", self.changed));
        }
        if self.added > 0 {
            parts.push(format!("{} added", self.added));
        }
        if self.removed > 0 {
            parts.push(format!("{} removed", self.removed));
        }
        if parts.is_empty() {
            "no changes".into()
        } else {
            parts.join(", ")
        }
    }
}

/// Compares every view's cells of `old` and `new`, matching records by id.
pub fn diff(old: &Dataset, new: &Dataset) -> Changes {
    let mut out = Changes::default();
    for view in ViewKind::ALL {
        let kind = view.kind();
        let cols = columns(view);
        for index in 0..new.count(kind) as u32 {
            let id = new.id_of(RecordRef { kind, index });
            let before = old.ids.get(id).filter(|r| r.kind == kind);
            let Some(before) = before else {
                out.added += 1;
                out.cells.extend((0..cols.len()).map(|c| (view, index, c)));
                continue;
            };
            let mut any = false;
            for (c, col) in cols.iter().enumerate() {
                let was = (col.get)(old, before.index);
                let now = (col.get)(new, index);
                // Equal cells show equal text; only formatting the rest keeps big files fast.
                if was != now && format::cell_text(&was) != format::cell_text(&now) {
                    out.cells.insert((view, index, c));
                    any = true;
                }
            }
            out.changed += usize::from(any);
        }
        out.removed += (0..old.count(kind) as u32)
            .filter(|&index| {
                let id = old.id_of(RecordRef { kind, index });
                new.ids.get(id).is_none_or(|r| r.kind != kind)
            })
            .count();
    }
    out
}

/// The changes of a reload that replaced the records `touched` in place, every record keeping
/// its index and id (`data::Patch`): `swap` switches `ds` between the records before and after
/// the reload. Only the replaced records' cells are compared: each is read twice, not the
/// whole data.
pub fn in_place(
    ds: &mut Dataset,
    touched: &[(crate::data::Kind, std::ops::Range<u32>)],
    swap: &mut dyn FnMut(&mut Dataset),
) -> Changes {
    let rows = || {
        ViewKind::ALL.into_iter().flat_map(|view| {
            touched
                .iter()
                .filter(move |(kind, _)| *kind == view.kind())
                .flat_map(move |(_, range)| range.clone().map(move |index| (view, index)))
        })
    };
    // Cells borrow the data, which swaps between the reads: their texts are kept.
    let cells = |ds: &Dataset| -> Vec<Vec<String>> {
        rows()
            .map(|(view, index)| {
                columns(view)
                    .iter()
                    .map(|col| format::cell_text(&(col.get)(ds, index)))
                    .collect()
            })
            .collect()
    };
    let now = cells(ds);
    swap(ds);
    let was = cells(ds);
    swap(ds);
    let mut out = Changes::default();
    for (((view, index), now), was) in rows().zip(now).zip(was) {
        let mut any = false;
        for (c, (n, w)) in now.iter().zip(&was).enumerate() {
            if n != w {
                out.cells.insert((view, index, c));
                any = true;
            }
        }
        out.changed += usize::from(any);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::data::load;

    const MINI: &str = include_str!("../../tests/fixtures/mini.toml");

    fn col(view: ViewKind, id: &str) -> usize {
        columns(view).iter().position(|c| c.id == id).unwrap()
    }

    fn index(ds: &Dataset, id: &str) -> u32 {
        ds.ids[id].index
    }

    #[test]
    fn the_same_data_has_no_changes() {
        let a = load("mini.toml", MINI).unwrap();
        let b = load("mini.toml", MINI).unwrap();
        let d = diff(&a, &b);
        assert!(d.is_empty() && d.cells.is_empty(), "{d:?}");
        assert_eq!(d.summary(), "no changes");
    }

    #[test]
    fn a_changed_figure_highlights_its_cell() {
        let a = load("mini.toml", MINI).unwrap();
        let text = MINI.replacen("chips = 2048", "chips = 4096", 1);
        assert_ne!(text, MINI);
        let b = load("mini.toml", &text).unwrap();
        let d = diff(&a, &b);
        let cell = (
            ViewKind::Models,
            index(&b, "deepseek-v3"),
            col(ViewKind::Models, "chips"),
        );
        assert!(d.cells.contains(&cell), "{d:?}");
        assert!(d.changed >= 1);
        assert_eq!((d.added, d.removed), (0, 0));
        // Only the model's row changed in the Models view, and not its name.
        assert!(!d.cells.contains(&(ViewKind::Models, cell.1, 0)));
        assert!(
            d.cells
                .iter()
                .filter(|c| c.0 == ViewKind::Models)
                .all(|c| c.1 == cell.1),
            "{d:?}"
        );
    }

    #[test]
    fn added_and_removed_records_are_counted_by_id() {
        let a = load("mini.toml", MINI).unwrap();
        // Rename a lab's id in the source: one removed, one added; the references follow.
        let text = MINI
            .replace("id = \"openai\"", "id = \"open-ai\"")
            .replace("lab = \"openai\"", "lab = \"open-ai\"");
        let b = load("mini.toml", &text).unwrap();
        let d = diff(&a, &b);
        assert_eq!((d.added, d.removed), (1, 1), "{d:?}");
        let row = index(&b, "open-ai");
        assert!((0..columns(ViewKind::Labs).len()).all(|c| d.cells.contains(&(ViewKind::Labs, row, c))));
        assert!(d.summary().contains("1 added") && d.summary().contains("1 removed"));
    }

    #[test]
    fn summary_reads_like_the_issue() {
        let d = Changes {
            changed: 2,
            added: 1,
            ..Changes::default()
        };
        assert_eq!(d.summary(), "2 records changed, 1 added");
        let one = Changes {
            changed: 1,
            ..Changes::default()
        };
        assert_eq!(one.summary(), "1 record changed");
    }
}
