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

enum Key<'a> {
    Num(f64),
    /// The first 16 lowercased bytes packed big-endian (most comparisons end here), then the
    /// text itself, compared case-insensitively.
    Text(u128, std::borrow::Cow<'a, str>),
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

fn cmp_ci(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        a.to_lowercase().cmp(&b.to_lowercase())
    }
}

fn key<'a>(ds: &'a Dataset, c: &Column, row: u32) -> Key<'a> {
    let cell = (c.get)(ds, row);
    match cell.value {
        Value::Missing => Key::Missing,
        Value::Text(s) => Key::Text(prefix(&s), s),
        _ => cell.number().map_or(Key::Missing, Key::Num),
    }
}

/// The fast path for number and date columns: plain `(f64, position)` keys, missing values
/// appended after. Returns false (nothing done) when a cell holds text (the claims' mixed
/// value column), which the general path orders.
fn sort_numbers(ds: &Dataset, c: &Column, dir: SortDir, rows: &mut [u32]) -> bool {
    let mut present: Vec<(f64, u32)> = Vec::with_capacity(rows.len());
    let mut missing: Vec<u32> = Vec::new();
    for &r in rows.iter() {
        let cell = (c.get)(ds, r);
        match cell.value {
            Value::Missing => missing.push(r),
            Value::Text(_) => return false,
            _ => match cell.number() {
                Some(v) => present.push((v, r)),
                None => missing.push(r),
            },
        }
    }
    // Rows arrive in their previous order, so a stable sort keeps ties in that order.
    match dir {
        SortDir::Asc => present.sort_by(|a, b| a.0.total_cmp(&b.0)),
        SortDir::Desc => present.sort_by(|a, b| b.0.total_cmp(&a.0)),
    }
    for (slot, r) in rows.iter_mut().zip(present.iter().map(|p| p.1).chain(missing)) {
        *slot = r;
    }
    true
}

fn cmp_present(a: &Key<'_>, b: &Key<'_>) -> Ordering {
    match (a, b) {
        (Key::Num(x), Key::Num(y)) => x.total_cmp(y),
        (Key::Text(p, x), Key::Text(q, y)) => p.cmp(q).then_with(|| cmp_ci(x, y)),
        // Mixed columns (the claims' value column): numbers before text.
        (Key::Num(_), Key::Text(..)) => Ordering::Less,
        (Key::Text(..), Key::Num(_)) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// Sorts `rows` in place. Ties keep their previous order (the row position breaks them), so
/// the result is that of a stable sort at the speed of an unstable one.
pub fn sort_rows(ds: &Dataset, cols: &[Column], spec: SortSpec, rows: &mut [u32]) {
    let Some(c) = cols.get(spec.col) else { return };
    if c.ty != ColType::Text && sort_numbers(ds, c, spec.dir, rows) {
        return;
    }
    let mut keyed: Vec<(Key<'_>, u32, u32)> = rows
        .iter()
        .enumerate()
        .map(|(pos, &r)| (key(ds, c, r), pos as u32, r))
        .collect();
    keyed.sort_unstable_by(|(a, pa, _), (b, pb, _)| {
        let o = match (a, b) {
            (Key::Missing, Key::Missing) => Ordering::Equal,
            (Key::Missing, _) => Ordering::Greater,
            (_, Key::Missing) => Ordering::Less,
            _ => {
                let o = cmp_present(a, b);
                if spec.dir == SortDir::Desc { o.reverse() } else { o }
            }
        };
        o.then(pa.cmp(pb))
    });
    for (slot, (_, _, r)) in rows.iter_mut().zip(keyed) {
        *slot = r;
    }
}

/// Reverses a sorted `rows` in place, keeping missing values last: pressing `s` again on the
/// sorted column costs O(n), not a new sort.
pub fn reverse_sorted(ds: &Dataset, c: &Column, rows: &mut [u32]) {
    let missing = rows.iter().rev().take_while(|&&r| (c.get)(ds, r).is_missing()).count();
    let present = rows.len() - missing;
    rows[..present].reverse();
}
