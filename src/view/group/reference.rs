//! The group table built the straightforward way — every row, every numeric column, one cell
//! at a time, the median by sorting — as it was before the fast build. The tests hold the
//! fast build to exactly this.

use std::collections::HashMap;

use crate::data::{Currency, Dataset, Unit};
use crate::view::ViewKind;
use crate::view::cell::Value;
use crate::view::chart;
use crate::view::columns::{ColType, columns};
use crate::view::format;
use crate::view::sort::SortDir;

use super::build::span;
use super::{Agg, GroupColumn, GroupRow, GroupTable, STAT_ORDER, interval_stats};

/// How a group is recognised: text case-insensitively, numbers exactly, dates by year.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Missing,
    Text(String),
    Number(u64),
    Decade(i32),
    Year(u16),
}

/// A group being gathered: its row, count, and per numeric column the figures with their
/// currency.
struct Acc {
    row: GroupRow,
    count: usize,
    figs: Vec<Vec<(crate::data::Figure, Currency)>>,
}

/// Median by sorting.
fn median_sorted(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// The straightforward build: every row, every numeric column, one cell at a time.
pub(super) fn build(ds: &Dataset, view: ViewKind, rows: &[u32], by: usize) -> GroupTable {
    let cols = columns(view);
    let by_id = cols.get(by).map_or("", |c| c.id);
    let by_type = cols.get(by).map_or(ColType::Text, |c| c.ty);
    let numeric: Vec<usize> = (0..cols.len()).filter(|&i| cols[i].ty == ColType::Number).collect();
    let mut groups: Vec<Acc> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut units: Vec<Option<Unit>> = vec![None; numeric.len()];
    for &r in rows {
        let cell = chart::cell(ds, view, by, r);
        let text_in_numbers = by_type != ColType::Text && matches!(cell.value, Value::Text(_));
        let key = match &cell.value {
            Value::Missing => Key::Missing,
            Value::Text(s) => Key::Text(s.to_lowercase()),
            Value::Date(d) => Key::Year(d.year),
            Value::Fig { fig, .. } => match super::decade(fig.key()) {
                Some(d) => Key::Decade(d),
                // -0.0 and 0.0 are one group.
                None => Key::Number((fig.key() + 0.0).to_bits()),
            },
        };
        // Labels and filter terms are built once per group, not once per row.
        let g = *index.entry(key).or_insert_with(|| {
            let (label, term, at) = super::label_and_term(by_id, text_in_numbers, &cell);
            let row = GroupRow {
                label,
                term,
                values: vec![at],
                figures: Vec::new(),
            };
            groups.push(Acc {
                row,
                count: 0,
                figs: vec![Vec::new(); numeric.len()],
            });
            groups.len() - 1
        });
        groups[g].count += 1;
        for (k, &c) in numeric.iter().enumerate() {
            let cell = chart::cell(ds, view, c, r);
            if let Value::Fig { fig, unit, currency } = &cell.value {
                units[k].get_or_insert(*unit);
                groups[g].figs[k].push((*fig, *currency));
            }
        }
    }
    // Each money column is aggregated in its most common currency; the rest are counted.
    let currencies: Vec<Currency> = (0..numeric.len())
        .map(|k| {
            let mut tally: Vec<(Currency, usize)> = Vec::new();
            for acc in &groups {
                for &(_, c) in &acc.figs[k] {
                    match tally.iter_mut().find(|(x, _)| *x == c) {
                        Some(t) => t.1 += 1,
                        None => tally.push((c, 1)),
                    }
                }
            }
            tally.iter().max_by_key(|t| t.1).map_or(Currency::Usd, |t| t.0)
        })
        .collect();
    let mut table_cols = vec![
        GroupColumn {
            header: cols.get(by).map_or_else(String::new, |c| c.header()),
            agg: Agg::Key,
            source: by,
            unit: Unit::Text,
            currency: Currency::Usd,
        },
        GroupColumn {
            header: "Rows".into(),
            agg: Agg::Count,
            source: by,
            unit: Unit::Count,
            currency: Currency::Usd,
        },
    ];
    // Sums first (the one-keystroke summary), then medians, then maxima; columns without
    // a single figure in these rows are left out rather than shown as a wall of `—`.
    let kept: Vec<usize> = (0..numeric.len()).filter(|&k| units[k].is_some()).collect();
    for agg in STAT_ORDER {
        for &k in kept.iter().filter(|&&k| agg.allowed(cols[numeric[k]].aggregation)) {
            let c = numeric[k];
            table_cols.push(GroupColumn {
                header: format!("{} {} ƒ", cols[c].label, agg.name()),
                agg,
                source: c,
                unit: units[k].unwrap_or(Unit::Count),
                currency: currencies[k],
            });
        }
    }
    let mut skipped = 0;
    let rows_out = groups
        .into_iter()
        .map(|Acc { mut row, count, figs }| {
            let mut stats = Vec::with_capacity(kept.len());
            for (k, figs) in figs.into_iter().enumerate().filter(|(k, _)| kept.contains(k)) {
                let is_money = units[k] == Some(Unit::Money);
                let (mut lo, mut hi, mut approx) = (Vec::new(), Vec::new(), false);
                for (fig, c) in figs {
                    if is_money && c != currencies[k] {
                        skipped += 1;
                    } else {
                        let (l, h) = span(&fig);
                        lo.push(l);
                        hi.push(h);
                        approx |= fig.approx;
                    }
                }
                let s = interval_stats(&mut lo, &mut hi, approx);
                // The median by sorting, to check the selection `interval_stats` uses.
                if let Some(s) = s {
                    let lows = median_sorted(&mut lo);
                    assert_eq!(
                        s[1].lo.unwrap_or(0.0),
                        lows.map_or(0.0, |l| if l > 0.0 { l } else { 0.0 })
                    );
                }
                stats.push((cols[numeric[k]].aggregation, s));
            }
            row.figures = vec![None, None];
            for (slot, agg) in STAT_ORDER.into_iter().enumerate() {
                row.figures.extend(
                    stats
                        .iter()
                        .filter(|(a, _)| agg.allowed(*a))
                        .map(|(_, s)| s.map(|s| s[slot])),
                );
            }
            let at = row.values.first().copied().flatten();
            row.values = row.figures.iter().map(|f| f.map(|f| f.key())).collect();
            row.values[0] = at;
            row.values[1] = Some(count as f64);
            row
        })
        .collect();
    let mut table = GroupTable {
        view,
        by,
        columns: table_cols,
        rows: rows_out,
        total: rows.len(),
        skipped,
    };
    sort(&mut table, 1, SortDir::Desc);
    table
}

/// The sort with a lowercased copy of both labels per comparison.
pub(super) fn sort(t: &mut GroupTable, col: usize, dir: SortDir) {
    let Some(c) = t.columns.get(col) else { return };
    let numeric = c.numeric();
    t.rows.sort_by(|a, b| {
        let tie = || a.label.to_lowercase().cmp(&b.label.to_lowercase());
        if numeric {
            match (
                a.values.get(col).copied().flatten(),
                b.values.get(col).copied().flatten(),
            ) {
                (Some(x), Some(y)) => {
                    let o = x.total_cmp(&y);
                    (if dir == SortDir::Desc { o.reverse() } else { o }).then_with(tie)
                }
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => tie(),
            }
        } else {
            let missing = |r: &GroupRow| r.label == format::MISSING;
            let at = |r: &GroupRow| r.values.first().copied().flatten();
            match (missing(a), missing(b), at(a), at(b)) {
                (false, true, ..) => std::cmp::Ordering::Less,
                (true, false, ..) => std::cmp::Ordering::Greater,
                (_, _, Some(x), Some(y)) => {
                    let o = x.total_cmp(&y).then_with(tie);
                    if dir == SortDir::Desc { o.reverse() } else { o }
                }
                _ if dir == SortDir::Desc => tie().reverse(),
                _ => tie(),
            }
        }
    });
}
