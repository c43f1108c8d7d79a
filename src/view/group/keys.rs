//! Splitting rows into groups by one column's value, for group-by (`F`) and the bar chart's
//! rows per value. Cells are read in record order (see `visit`), and a text value's group is
//! remembered by where the text lives, so a column repeating a few values (a lab's country)
//! costs one small look-up per row rather than a lowercased copy.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::data::Dataset;
use crate::view::ViewKind;
use crate::view::cell::{Cell, Value};
use crate::view::chart;
use crate::view::format;
use crate::view::ranks::Ranks;
use crate::view::visit;

/// What makes two rows one group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Group-by: text case-insensitively, positive figures by decade (`super::decade`),
    /// others exactly, dates by year.
    Group,
    /// Bar-chart counts: the value as text — lowercased text, a date's zero-padded year, a
    /// figure as shown.
    Count,
}

/// How a group is recognised.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Missing,
    Text(String),
    Number(u64),
    Decade(i32),
    Year(u16),
}

fn key(rule: Rule, cell: &Cell<'_>) -> Key {
    match (&cell.value, rule) {
        (Value::Missing, _) => Key::Missing,
        (Value::Text(s), _) => Key::Text(s.to_lowercase()),
        (Value::Date(d), Rule::Group) => Key::Year(d.year),
        (Value::Date(d), Rule::Count) => Key::Text(format!("{:04}", d.year)),
        (Value::Fig { fig, .. }, Rule::Group) => match super::decade(fig.key()) {
            Some(d) => Key::Decade(d),
            // -0.0 and 0.0 are one group.
            None => Key::Number((fig.key() + 0.0).to_bits()),
        },
        (Value::Fig { .. }, Rule::Count) => Key::Text(format::value_text(cell)),
    }
}

/// FxHash's multiply-and-rotate: the keys are a data file's own values and addresses, with
/// nobody to flood the table, and SipHash would cost more than the rest of a row.
#[derive(Default)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u8(&mut self, x: u8) {
        self.write_u64(u64::from(x));
    }

    fn write_u16(&mut self, x: u16) {
        self.write_u64(u64::from(x));
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }

    fn finish(&self) -> u64 {
        // The table picks buckets by the low bits: fold the well-mixed high ones down.
        self.0.rotate_left(26)
    }
}

/// A hash map with `FastHasher`.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Rows split into groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouping {
    /// Each row's group (by position in the rows); groups are numbered in the order their
    /// first row appears.
    pub of_row: Vec<u32>,
    /// Each group's first row (a position in the rows).
    pub first: Vec<u32>,
    /// The group of the rows without a value, if any.
    pub missing: Option<u32>,
}

impl Grouping {
    /// How many groups.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// Rows per group.
    pub fn counts(&self) -> Vec<usize> {
        let mut n = vec![0; self.len()];
        for &g in &self.of_row {
            n[g as usize] += 1;
        }
        n
    }
}

/// Groups `rows` of `view` by column `col` under `rule`.
#[cfg(test)]
pub fn group_rows(ds: &Dataset, view: ViewKind, col: usize, rows: &[u32], rule: Rule) -> Grouping {
    group_in_order(ds, view, col, &visit::record_order(rows), rule)
}

/// `group_in_order`, from the column's sort `ranks` when they are given and the column holds
/// only text (then equal ranks are equal texts ignoring case, which is what both rules
/// group) or only dates (grouped by the year of their rank): a look-up per row, no cell read.
pub fn group_ranked(
    ds: &Dataset,
    view: ViewKind,
    col: usize,
    order: &[(u32, u32)],
    rule: Rule,
    ranks: Option<&Ranks>,
) -> Grouping {
    let len = view.len(ds) as u32;
    match ranks {
        Some(ranks) if ranks.texts() => {
            // A row past the data (a view outliving a reload) reads as missing, as `chart::cell` has it.
            let provisional = visit::map_in_order(order, |r| if r < len { ranks.get(r) } else { ranks.classes() });
            let classes = ranks.classes() as usize + 1;
            renumber(&provisional, classes, Some(ranks.classes()))
        }
        // Dates group by year under both rules: a rank's year, the missing ones after all years.
        Some(ranks) if let Some(years) = ranks.years() => {
            const MISSING: u32 = 1 << 16;
            let year = |r: u32| {
                let k = if r < len { ranks.get(r) } else { ranks.classes() };
                years.get(k as usize).map_or(MISSING, |&y| u32::from(y))
            };
            let provisional = visit::map_in_order(order, year);
            renumber(&provisional, MISSING as usize + 1, Some(MISSING))
        }
        _ => group_in_order(ds, view, col, order, rule),
    }
}

/// Groups numbered by first appearance in row order, from any numbering (`provisional`, below
/// `count`) of which `missing` is the rows without a value.
fn renumber(provisional: &[u32], count: usize, missing: Option<u32>) -> Grouping {
    let mut renumber = vec![u32::MAX; count];
    let mut first = Vec::new();
    let of_row = provisional
        .iter()
        .enumerate()
        .map(|(p, &g)| {
            let slot = &mut renumber[g as usize];
            if *slot == u32::MAX {
                *slot = first.len() as u32;
                first.push(p as u32);
            }
            *slot
        })
        .collect();
    let missing = missing
        .and_then(|g| renumber.get(g as usize).copied())
        .filter(|&g| g != u32::MAX);
    Grouping { of_row, first, missing }
}

/// `group_rows` given the rows' `visit::record_order`.
pub fn group_in_order(ds: &Dataset, view: ViewKind, col: usize, order: &[(u32, u32)], rule: Rule) -> Grouping {
    let mut keys: FastMap<Key, u32> = FastMap::default();
    // Text borrowed from the dataset is the same text wherever it has the same address and
    // length, so its group is found without lowercasing it again; a date's by its year.
    let mut by_addr: FastMap<(usize, usize), u32> = FastMap::default();
    let mut by_year: FastMap<u16, u32> = FastMap::default();
    let provisional = visit::map_in_order(order, |r| {
        let cell = chart::cell(ds, view, col, r);
        let addr = match &cell.value {
            Value::Text(Cow::Borrowed(s)) => Some((s.as_ptr() as usize, s.len())),
            _ => None,
        };
        let year = match &cell.value {
            Value::Date(d) => Some(d.year),
            _ => None,
        };
        let cached = match (addr, year) {
            (Some(a), _) => by_addr.get(&a),
            (_, Some(y)) => by_year.get(&y),
            _ => None,
        };
        if let Some(&g) = cached {
            return g;
        }
        let next = keys.len() as u32;
        let g = *keys.entry(key(rule, &cell)).or_insert(next);
        if let Some(a) = addr {
            by_addr.insert(a, g);
        }
        if let Some(y) = year {
            by_year.insert(y, g);
        }
        g
    });
    // Renumber by first appearance in row order: groups come in the table's order.
    renumber(&provisional, keys.len(), keys.get(&Key::Missing).copied())
}

/// The rows of each group (in row order, or in record order): positions grouped by group, with
/// each group's range.
pub struct Members {
    /// Positions, group by group.
    pub order: Vec<u32>,
    /// Group `g` is `order[start[g]..start[g + 1]]`.
    pub start: Vec<usize>,
}

impl Members {
    /// Gathers each group's rows (a counting sort, O(n)), each group's in record order
    /// (`order`: the rows' `visit::record_order`, as (record, position) pairs by record). What a group adds up then does not depend on how
    /// its rows happen to be sorted (a sum's last bits depend on the order of its terms), and
    /// reading a record-indexed array group by group walks it forwards.
    pub fn of_in_record_order(g: &Grouping, order: &[(u32, u32)]) -> Members {
        let counts = g.counts();
        let mut start = Vec::with_capacity(counts.len() + 1);
        let mut at = 0;
        start.push(0);
        for n in counts {
            at += n;
            start.push(at);
        }
        let mut next = start.clone();
        let mut out = vec![0u32; g.of_row.len()];
        for &(_, p) in order {
            let Some(&k) = g.of_row.get(p as usize) else { continue };
            let slot = &mut next[k as usize];
            out[*slot] = p;
            *slot += 1;
        }
        Members { order: out, start }
    }

    /// The rows (positions) of group `g`.
    pub fn group(&self, g: usize) -> &[u32] {
        match (self.start.get(g), self.start.get(g + 1)) {
            (Some(&a), Some(&b)) => &self.order[a..b],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::columns::find;

    fn generated() -> Dataset {
        let text = crate::generate::dataset(crate::generate::Sizes::models(3000), 7);
        crate::data::load("gen", &text).unwrap_or_else(|d| panic!("{d:?}"))
    }

    /// The straightforward grouping: a map from each row's key, in row order.
    fn reference(ds: &Dataset, view: ViewKind, col: usize, rows: &[u32], rule: Rule) -> Grouping {
        let mut index: HashMap<Key, u32> = HashMap::new();
        let mut first = Vec::new();
        let of_row = rows
            .iter()
            .enumerate()
            .map(|(p, &r)| {
                let next = index.len() as u32;
                let g = *index.entry(key(rule, &chart::cell(ds, view, col, r))).or_insert(next);
                if g == next {
                    first.push(p as u32);
                }
                g
            })
            .collect();
        let missing = index.get(&Key::Missing).copied();
        Grouping { of_row, first, missing }
    }

    #[test]
    fn grouping_matches_a_plain_map_over_the_rows() {
        let ds = generated();
        let sorted = crate::view::project(
            &ds,
            &crate::view::Query {
                view: ViewKind::Models,
                sort: Some(crate::view::SortSpec {
                    col: find(ViewKind::Models, "chips").unwrap_or(0),
                    dir: crate::view::SortDir::Desc,
                }),
                filter: Default::default(),
            },
        );
        let part: Vec<u32> = sorted.iter().copied().filter(|r| r % 3 != 0).collect();
        for view in ViewKind::ALL {
            let all: Vec<u32> = (0..view.len(&ds) as u32).rev().collect();
            for rows in [&all, &sorted, &part] {
                let rows: Vec<u32> = rows.iter().copied().filter(|&r| (r as usize) < view.len(&ds)).collect();
                for col in 0..crate::view::columns(view).len() {
                    let c = &crate::view::columns(view)[col];
                    let ranks = Ranks::build(&ds, c, view.len(&ds), &|| false).ok();
                    for rule in [Rule::Group, Rule::Count] {
                        let want = reference(&ds, view, col, &rows, rule);
                        assert_eq!(
                            group_rows(&ds, view, col, &rows, rule),
                            want,
                            "{view:?} column {col} {rule:?}"
                        );
                        let order = visit::record_order(&rows);
                        let ranked = group_ranked(&ds, view, col, &order, rule, ranks.as_ref());
                        assert_eq!(ranked, want, "ranked: {view:?} column {col} {rule:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn members_list_each_groups_rows_in_record_order() {
        // Rows (by position) 0..6 show records 50, 10, 40, 30, 20, 0.
        let rows = [50, 10, 40, 30, 20, 0];
        let g = Grouping {
            of_row: vec![0, 1, 0, 2, 1, 0],
            first: vec![0, 1, 3],
            missing: None,
        };
        let m = Members::of_in_record_order(&g, &visit::record_order(&rows));
        assert_eq!(m.group(0), [5, 2, 0]);
        assert_eq!(m.group(1), [1, 4]);
        assert_eq!(m.group(2), [3]);
        assert_eq!(m.group(3), [] as [u32; 0]);
    }
}
