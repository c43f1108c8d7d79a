//! Type-aware sorting of row indices: numbers largest-first, text A→Z first, dates latest
//! first by default; missing values always last, whatever the direction; ties keep file order.

use std::cmp::Ordering;

use crate::data::Dataset;

use super::cell::Value;
use super::columns::{ColType, Column};

/// Sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortDir {
    /// Smallest / A first.
    Asc,
    /// Largest / Z first.
    Desc,
}

impl SortDir {
    /// The other direction.
    pub fn flip(self) -> SortDir {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }

    /// The natural first direction for a column type.
    pub fn natural(ty: ColType) -> SortDir {
        match ty {
            ColType::Text => SortDir::Asc,
            ColType::Number | ColType::Date => SortDir::Desc,
        }
    }

    /// `▲` / `▼`, shown on the sorted header.
    pub fn glyph(self) -> &'static str {
        match self {
            SortDir::Asc => "▲",
            SortDir::Desc => "▼",
        }
    }
}

/// Sort by column `col` in direction `dir`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortSpec {
    /// Column index in the view.
    pub col: usize,
    /// Direction.
    pub dir: SortDir,
}

impl SortSpec {
    /// The one sort rule of every table (the view, a chart's table, the group table): "sort by
    /// this column; again flips it". Sorts by `col` in `dir` when one is asked for, else in the
    /// column's `natural` direction — reversed when `current` already sorts by `col`.
    pub fn toggled(current: Option<SortSpec>, col: usize, natural: SortDir, dir: Option<SortDir>) -> SortSpec {
        let dir = dir.unwrap_or(match current {
            Some(s) if s.col == col => s.dir.flip(),
            _ => natural,
        });
        SortSpec { col, dir }
    }
}

pub(super) enum Key {
    Num(f64),
    /// The first 16 lowercased bytes packed big-endian, and the text's length when that is all
    /// of it (ASCII, at most 16 bytes). Most comparisons end with the prefix; two whole texts
    /// with one prefix order by length (the longer one goes on with NULs); otherwise the texts
    /// are read again and compared whole. Ties are many in a column of a few repeated values
    /// (lab, country), so they must not read the texts. 32 bytes with the row.
    Text(u128, Option<u8>),
    Missing,
}

fn prefix(s: &str) -> u128 {
    let mut p = [0u8; 16];
    if s.is_ascii() {
        for (d, b) in p.iter_mut().zip(s.bytes()) {
            *d = b.to_ascii_lowercase();
        }
    } else {
        for (d, b) in p.iter_mut().zip(s.to_lowercase().bytes()) {
            *d = b;
        }
    }
    u128::from_be_bytes(p)
}

/// A text's length when its `prefix` holds all of it.
fn whole_len(s: &str) -> Option<u8> {
    (s.is_ascii() && s.len() <= 16).then_some(s.len() as u8)
}

/// A longer sort key than `Key::Text`'s, for ordering many labels (groups, counted values) by
/// `cmp_text_keys`: the first 32 lowercased bytes, and the length when that is all of the text
/// (ASCII, at most 32 bytes). Labels of copies (`Llama 3.1 405B #1234`) often share 16.
pub(crate) type TextKey = ([u128; 2], Option<u8>);

/// `s`'s `TextKey`.
pub(crate) fn text_key(s: &str) -> TextKey {
    let mut p = [0u8; 32];
    if s.is_ascii() {
        for (d, b) in p.iter_mut().zip(s.bytes()) {
            *d = b.to_ascii_lowercase();
        }
    } else {
        for (d, b) in p.iter_mut().zip(s.to_lowercase().bytes()) {
            *d = b;
        }
    }
    let (mut hi, mut lo) = ([0u8; 16], [0u8; 16]);
    hi.copy_from_slice(&p[..16]);
    lo.copy_from_slice(&p[16..]);
    let whole = (s.is_ascii() && s.len() <= 32).then_some(s.len() as u8);
    ([u128::from_be_bytes(hi), u128::from_be_bytes(lo)], whole)
}

/// `cmp_ci(a, b)` given their keys: most pairs are told apart by the keys alone.
pub(crate) fn cmp_text_keys(ka: TextKey, kb: TextKey, a: &str, b: &str) -> Ordering {
    cmp_text_keys_by(ka, kb, || (a, b))
}

/// `cmp_text_keys`, the texts looked up only when the keys do not tell them apart (a
/// look-up per comparison would cost more than the comparison).
pub(crate) fn cmp_text_keys_by<'s>(ka: TextKey, kb: TextKey, texts: impl FnOnce() -> (&'s str, &'s str)) -> Ordering {
    ka.0.cmp(&kb.0).then_with(|| match (ka.1, kb.1) {
        (Some(m), Some(n)) => m.cmp(&n),
        _ => {
            let (a, b) = texts();
            cmp_ci(a, b)
        }
    })
}

/// Case-insensitive order (ASCII without allocating), as `to_lowercase` then `cmp` gives it.
pub(crate) fn cmp_ci(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        a.to_lowercase().cmp(&b.to_lowercase())
    }
}

pub(super) fn key(ds: &Dataset, c: &Column, row: u32) -> Key {
    key_of(&(c.get)(ds, row))
}

/// A cell's sort key.
fn key_of(cell: &crate::view::cell::Cell<'_>) -> Key {
    match &cell.value {
        Value::Missing => Key::Missing,
        Value::Text(s) => Key::Text(prefix(s), whole_len(s)),
        _ => cell.number().map_or(Key::Missing, Key::Num),
    }
}

/// `key`, and whether the value, if text, is shown as it is (`sanitize::is_printable`).
pub(super) fn key_printable(ds: &Dataset, c: &Column, row: u32) -> (Key, bool) {
    let cell = (c.get)(ds, row);
    let shown_as_is = match &cell.value {
        Value::Text(s) => crate::data::sanitize::is_printable(s),
        _ => true,
    };
    (key_of(&cell), shown_as_is)
}

/// Two rows' texts compared whole, case-insensitively, for keys whose prefixes tie (read
/// again in place: no copy, since ties are many in a column of a few repeated values).
pub(super) fn cmp_texts(ds: &Dataset, c: &Column, x: u32, y: u32) -> Ordering {
    match ((c.get)(ds, x).value, (c.get)(ds, y).value) {
        (Value::Text(a), Value::Text(b)) => cmp_ci(&a, &b),
        _ => Ordering::Equal,
    }
}

/// Views this large are sorted on two threads: each builds and sorts the keys of half the
/// rows, then the halves are merged (1M rows: about half the time).
const PARALLEL_ROWS: usize = 65_536;

/// Sort keys for some rows, and the rows set aside (missing values), in row order.
type Built<T> = Option<(Vec<T>, Vec<u32>)>;

/// `build` applied to `rows` (given each part's offset), sorted by `cmp` — on two threads for
/// large views. `cmp` must be a total order where ties keep the build order (a stable result).
/// `None` when `build` refuses.
fn build_sorted<T: Send>(
    rows: &[u32],
    build: &(dyn Fn(usize, &[u32]) -> Built<T> + Sync),
    cmp: &(dyn Fn(&T, &T) -> Ordering + Sync),
) -> Built<T> {
    let sort = |(mut keyed, rest): (Vec<T>, Vec<u32>)| {
        keyed.sort_by(|a, b| cmp(a, b));
        (keyed, rest)
    };
    let two = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if rows.len() < PARALLEL_ROWS || !two {
        return build(0, rows).map(sort);
    }
    let (left, right) = rows.split_at(rows.len() / 2);
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| build(left.len(), right).map(sort));
        let mine = build(0, left).map(sort);
        (mine, other.join().ok().flatten())
    });
    let ((a, mut rest), (b, more)) = (a?, b?);
    rest.extend(more);
    // Merge; on ties the left half (earlier rows) first, so the result is stable.
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let left_first = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => cmp(x, y) != Ordering::Greater,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        out.extend(if left_first { a.next() } else { b.next() });
    }
    Some((out, rest))
}

/// The fast path for number and date columns: plain `(f64, row)` keys, missing values
/// appended after. Returns false (nothing done) when a cell holds text (the claims' mixed
/// value column), which the general path orders.
fn sort_numbers(ds: &Dataset, c: &Column, dir: SortDir, rows: &mut [u32]) -> bool {
    let build = |_: usize, part: &[u32]| {
        let mut present: Vec<(f64, u32)> = Vec::with_capacity(part.len());
        let mut missing: Vec<u32> = Vec::new();
        for &r in part {
            let cell = (c.get)(ds, r);
            match cell.value {
                Value::Missing => missing.push(r),
                Value::Text(_) => return None,
                _ => match cell.number() {
                    Some(v) => present.push((v, r)),
                    None => missing.push(r),
                },
            }
        }
        Some((present, missing))
    };
    // Rows arrive in their previous order, so a stable sort keeps ties in that order.
    let cmp = |a: &(f64, u32), b: &(f64, u32)| match dir {
        SortDir::Asc => a.0.total_cmp(&b.0),
        SortDir::Desc => b.0.total_cmp(&a.0),
    };
    let Some((present, missing)) = build_sorted(rows, &build, &cmp) else {
        return false;
    };
    for (slot, r) in rows.iter_mut().zip(present.iter().map(|p| p.1).chain(missing)) {
        *slot = r;
    }
    true
}

pub(super) fn cmp_present(a: (&Key, u32), b: (&Key, u32), full: &dyn Fn(u32, u32) -> Ordering) -> Ordering {
    match (a.0, b.0) {
        (Key::Num(x), Key::Num(y)) => x.total_cmp(y),
        (Key::Text(p, m), Key::Text(q, n)) => p.cmp(q).then_with(|| match (m, n) {
            (Some(m), Some(n)) => m.cmp(n),
            _ => full(a.1, b.1),
        }),
        // Mixed columns (the claims' value column): numbers before text.
        (Key::Num(_), Key::Text(..)) => Ordering::Less,
        (Key::Text(..), Key::Num(_)) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// Sorts `rows` in place, stably: ties keep their previous order.
pub fn sort_rows(ds: &Dataset, cols: &[Column], spec: SortSpec, rows: &mut [u32]) {
    let Some(c) = cols.get(spec.col) else { return };
    if c.ty != ColType::Text && sort_numbers(ds, c, spec.dir, rows) {
        return;
    }
    // Keys are built in row order and sorted stably (halves merged left first on ties), so
    // equal keys keep their previous order without a position in every comparison.
    let build =
        |_: usize, part: &[u32]| Some((part.iter().map(|&r| (key(ds, c, r), r)).collect::<Vec<_>>(), Vec::new()));
    let full = |x: u32, y: u32| cmp_texts(ds, c, x, y);
    let cmp = |(a, ra): &(Key, u32), (b, rb): &(Key, u32)| match (a, b) {
        (Key::Missing, Key::Missing) => Ordering::Equal,
        (Key::Missing, _) => Ordering::Greater,
        (_, Key::Missing) => Ordering::Less,
        _ => {
            let o = cmp_present((a, *ra), (b, *rb), &full);
            if spec.dir == SortDir::Desc { o.reverse() } else { o }
        }
    };
    let Some((keyed, _)) = build_sorted(rows, &build, &cmp) else {
        return;
    };
    for (slot, (_, r)) in rows.iter_mut().zip(keyed) {
        *slot = r;
    }
}

/// The order `project` gives two records of a view under `spec` (unfiltered, so file order
/// breaks ties), without sorting the view: to order a few records — the compared ones — as the
/// table does, at the cost of two cell reads.
pub fn cmp_records(ds: &Dataset, cols: &[Column], spec: Option<SortSpec>, a: u32, b: u32) -> Ordering {
    let Some((c, dir)) = spec.and_then(|s| cols.get(s.col).map(|c| (c, s.dir))) else {
        return a.cmp(&b);
    };
    // The comparison `sort_rows` makes (its number-only path orders the same way).
    let (ka, kb) = (key(ds, c, a), key(ds, c, b));
    let full = |x: u32, y: u32| cmp_texts(ds, c, x, y);
    let o = match (&ka, &kb) {
        (Key::Missing, Key::Missing) => Ordering::Equal,
        (Key::Missing, _) => Ordering::Greater,
        (_, Key::Missing) => Ordering::Less,
        _ => {
            let o = cmp_present((&ka, a), (&kb, b), &full);
            if dir == SortDir::Desc { o.reverse() } else { o }
        }
    };
    o.then(a.cmp(&b))
}

/// Reverses a sorted `rows` in place, keeping missing values last: pressing `s` again on the
/// sorted column costs O(n), not a new sort.
pub fn reverse_sorted(ds: &Dataset, c: &Column, rows: &mut [u32]) {
    let missing = rows.iter().rev().take_while(|&&r| (c.get)(ds, r).is_missing()).count();
    let present = rows.len() - missing;
    rows[..present].reverse();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_by_a_column_again_flips_it() {
        use SortDir::{Asc, Desc};
        let by = |col, dir| Some(SortSpec { col, dir });
        // First time: the natural direction; again: flipped; again: back.
        assert_eq!(SortSpec::toggled(None, 2, Desc, None), SortSpec { col: 2, dir: Desc });
        assert_eq!(
            SortSpec::toggled(by(2, Desc), 2, Desc, None),
            SortSpec { col: 2, dir: Asc }
        );
        assert_eq!(
            SortSpec::toggled(by(2, Asc), 2, Desc, None),
            SortSpec { col: 2, dir: Desc }
        );
        // Another column starts at its own natural direction.
        assert_eq!(
            SortSpec::toggled(by(2, Asc), 3, Asc, None),
            SortSpec { col: 3, dir: Asc }
        );
        // An explicit direction always wins.
        assert_eq!(
            SortSpec::toggled(by(2, Asc), 2, Desc, Some(Asc)),
            SortSpec { col: 2, dir: Asc }
        );
    }
    use crate::view::{Query, ViewKind, columns, project};

    /// The two-thread path gives exactly the one-thread stable sort: same order, ties in
    /// build order, refused parts refused, the rest kept in row order.
    #[test]
    fn sorting_on_two_threads_equals_a_stable_sort() {
        let rows: Vec<u32> = (0..(PARALLEL_ROWS as u32 * 2 + 7)).rev().collect();
        // Few distinct keys: ties everywhere.
        let key = |r: u32| (r.wrapping_mul(2_654_435_761) >> 7) % 97;
        let build = |offset: usize, part: &[u32]| {
            let keyed: Vec<(u32, u32)> = part
                .iter()
                .enumerate()
                .filter(|&(_, &r)| r % 10 != 0)
                .map(|(pos, &r)| (key(r), (offset + pos) as u32))
                .collect();
            let rest = part.iter().copied().filter(|r| r % 10 == 0).collect();
            Some((keyed, rest))
        };
        let cmp = |a: &(u32, u32), b: &(u32, u32)| a.0.cmp(&b.0);
        let (keyed, rest) = build_sorted(&rows, &build, &cmp).unwrap_or_default();
        let (mut expected, expected_rest) = build(0, &rows).unwrap_or_default();
        expected.sort_by(cmp);
        assert_eq!(keyed, expected);
        assert_eq!(rest, expected_rest);
        let refuse = |_: usize, part: &[u32]| (!part.contains(&5)).then(|| (Vec::<(u32, u32)>::new(), Vec::new()));
        assert!(build_sorted(&rows, &refuse, &cmp).is_none());
    }

    /// Text columns sort exactly as lowercasing every cell and sorting stably would, in both
    /// directions, missing values last — repeated values (lab, country) and short texts that
    /// differ only past their end (NUL) included.
    #[test]
    fn text_keys_order_as_lowercased_text() {
        let text = crate::generate::dataset(crate::generate::Sizes::models(400), 3);
        let generated = crate::data::load("gen", &text).unwrap_or_else(|d| panic!("{d:?}"));
        let bundled =
            crate::data::load(crate::data::BUNDLED_NAME, crate::data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
        for ds in [&generated, &bundled] {
            for view in ViewKind::ALL {
                let cols = columns(view);
                for (col, c) in cols.iter().enumerate().filter(|(_, c)| c.ty == ColType::Text) {
                    for dir in [SortDir::Asc, SortDir::Desc] {
                        let all: Vec<u32> = (0..view.len(ds) as u32).collect();
                        let mut rows = all.clone();
                        sort_rows(ds, cols, SortSpec { col, dir }, &mut rows);
                        let lower = |r: u32| match (c.get)(ds, r).value {
                            Value::Text(s) => Some(s.to_lowercase()),
                            _ => None,
                        };
                        let mut expected = all;
                        expected.sort_by(|&a, &b| match (lower(a), lower(b)) {
                            (Some(x), Some(y)) if dir == SortDir::Asc => x.cmp(&y),
                            (Some(x), Some(y)) => y.cmp(&x),
                            (x, y) => x.is_none().cmp(&y.is_none()),
                        });
                        assert_eq!(rows, expected, "{view:?} {} {dir:?}", c.id);
                    }
                }
            }
        }
        // Texts a data file could hold that the columns above don't: compared as the sort
        // compares keys (the whole texts read again only where a key can't tell).
        let texts = [
            "ab",
            "ab\0",
            "Ab",
            "aB",
            "lab 1",
            "Lab 10",
            "x",
            "",
            "sixteen-bytes-ab",
            "sixteen-bytes-abc",
            "thirty-two-bytes-of-text-abcdefg",
            "thirty-two-bytes-of-text-abcdefgh",
            "Thirty-two-bytes-of-text-abcdefg\0",
            "É",
            "é",
        ];
        for a in texts {
            for b in texts {
                let key = |s: &str| Key::Text(prefix(s), whole_len(s));
                let full = |x: u32, y: u32| cmp_ci(texts[x as usize], texts[y as usize]);
                let at = |s: &str| texts.iter().position(|t| *t == s).unwrap_or(0) as u32;
                let fast = cmp_present((&key(a), at(a)), (&key(b), at(b)), &full);
                assert_eq!(fast, cmp_ci(a, b), "{a:?} {b:?}");
                assert_eq!(
                    cmp_text_keys(text_key(a), text_key(b), a, b),
                    cmp_ci(a, b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn comparing_two_records_agrees_with_the_sorted_view() {
        let text = crate::generate::dataset(crate::generate::Sizes::models(600), 13);
        let load = |name: &str, text: &str| crate::data::load(name, text).unwrap_or_else(|d| panic!("{d:?}"));
        for ds in [
            load(crate::data::BUNDLED_NAME, crate::data::BUNDLED),
            load("gen", &text),
        ] {
            for view in ViewKind::ALL {
                let cols = columns(view);
                let specs = (0..cols.len())
                    .flat_map(|col| [SortDir::Asc, SortDir::Desc].map(|dir| Some(SortSpec { col, dir })))
                    .chain([None]);
                for sort in specs {
                    let order = project(
                        &ds,
                        &Query {
                            view,
                            sort,
                            filter: Default::default(),
                        },
                    );
                    let mut again: Vec<u32> = (0..view.len(&ds) as u32).rev().collect();
                    again.sort_by(|&a, &b| cmp_records(&ds, cols, sort, a, b));
                    assert_eq!(again, order, "{view:?} {sort:?}");
                }
            }
        }
    }
}
