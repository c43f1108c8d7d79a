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

enum Key {
    Num(f64),
    Text(String),
    Missing,
}

fn key(ds: &Dataset, c: &Column, row: u32) -> Key {
    let cell = (c.get)(ds, row);
    match (&cell.value, c.ty) {
        (Value::Missing, _) => Key::Missing,
        (Value::Text(s), _) => Key::Text(s.to_lowercase()),
        _ => cell.number().map_or(Key::Missing, Key::Num),
    }
}

fn cmp_present(a: &Key, b: &Key) -> Ordering {
    match (a, b) {
        (Key::Num(x), Key::Num(y)) => x.total_cmp(y),
        (Key::Text(x), Key::Text(y)) => x.cmp(y),
        // Mixed columns (the claims' value column): numbers before text.
        (Key::Num(_), Key::Text(_)) => Ordering::Less,
        (Key::Text(_), Key::Num(_)) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// Sorts `rows` in place. Stable, so equal keys keep file order.
pub fn sort_rows(ds: &Dataset, cols: &[Column], spec: SortSpec, rows: &mut [u32]) {
    let Some(c) = cols.get(spec.col) else { return };
    let mut keyed: Vec<(Key, u32)> = rows.iter().map(|&r| (key(ds, c, r), r)).collect();
    keyed.sort_by(|(a, _), (b, _)| match (a, b) {
        (Key::Missing, Key::Missing) => Ordering::Equal,
        (Key::Missing, _) => Ordering::Greater,
        (_, Key::Missing) => Ordering::Less,
        _ => {
            let o = cmp_present(a, b);
            if spec.dir == SortDir::Desc { o.reverse() } else { o }
        }
    });
    for (slot, (_, r)) in rows.iter_mut().zip(keyed) {
        *slot = r;
    }
}
