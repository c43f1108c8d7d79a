//! The bar data built the straightforward way — every row in table order, one cell at a time
//! — as it was before the record-order passes. The tests hold `bars` to exactly this.

use std::collections::HashMap;

use crate::data::sanitize::printable;
use crate::data::{Currency, Dataset, Unit};
use crate::view::ViewKind;
use crate::view::cell::Value;
use crate::view::columns::{ColType, columns};
use crate::view::format;

use super::bars::finish;
use super::rows::{by_country, cell, claim_range, has_dates, mixed_note, row_country, row_date, rows_without, unit_of};
use super::{BarItem, BarKey, ChartData, PointIndex, Scale, Scatter, Series};

/// Bars over `rows` (in their order) of column `col`: values for a number column, rows per
/// value for a text column, rows per year for a date column.
pub(super) fn bars(ds: &Dataset, view: ViewKind, col: usize, rows: &[u32], scale: Scale) -> ChartData {
    let Some(c) = columns(view).get(col) else {
        return ChartData::Empty("no column to chart".into());
    };
    if c.ty != ColType::Number {
        return counts(ds, view, col, rows, scale);
    }
    let (mut items, mut missing, mut kinds) = (Vec::new(), 0, Vec::new());
    for &r in rows {
        let cell = cell(ds, view, col, r);
        let (Some(v), Some(kind)) = (cell.number(), unit_of(&cell)) else {
            missing += 1;
            continue;
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        let range = claim_range(ds, view, col, r, &cell);
        items.push(BarItem {
            key: BarKey::Row(r),
            value: v,
            range,
        });
    }
    if items.is_empty() {
        return ChartData::Empty(format!(
            "no row shows a value for {} — {}",
            c.id,
            rows_without(missing, "a value")
        ));
    }
    let mut notes: Vec<String> = mixed_note(&kinds).into_iter().collect();
    if items.iter().any(|i| i.range.is_some()) {
        notes.push("├──┤ ‡ = lowest–highest claim (same currency as the figure)".into());
    }
    let (unit, currency) = kinds.first().copied().unwrap_or((Unit::Count, Currency::Usd));
    let mut b = finish(c.header(), items, missing, scale, notes);
    (b.unit, b.currency) = (unit, currency);
    ChartData::Bars(b)
}

/// Rows per distinct value (text) or per year (dates), largest first (years in order).
fn counts(ds: &Dataset, view: ViewKind, col: usize, rows: &[u32], scale: Scale) -> ChartData {
    let Some(c) = columns(view).get(col) else {
        return ChartData::Empty("no column to chart".into());
    };
    let mut groups: Vec<(String, usize)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut missing = 0;
    for &r in rows {
        let cell = cell(ds, view, col, r);
        let (key, label) = match &cell.value {
            Value::Missing => {
                missing += 1;
                continue;
            }
            Value::Date(d) => (format!("{:04}", d.year), d.year.to_string()),
            Value::Text(s) => (s.to_lowercase(), printable(s).into_owned()),
            _ => {
                let t = format::value_text(&cell);
                (t.clone(), t)
            }
        };
        let i = *index.entry(key).or_insert_with(|| {
            groups.push((label, 0));
            groups.len() - 1
        });
        groups[i].1 += 1;
    }
    if c.ty == ColType::Date {
        groups.sort_by(|a, b| a.0.cmp(&b.0));
    } else {
        groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase())));
    }
    if groups.is_empty() {
        return ChartData::Empty(format!("{} has no values in these rows", c.id));
    }
    let items = groups
        .into_iter()
        .map(|(name, n)| BarItem {
            key: BarKey::Label {
                name,
                text: format::thousands(n as u64),
            },
            value: n as f64,
            range: None,
        })
        .collect();
    let what = if c.ty == ColType::Date { "year" } else { "value" };
    let notes = vec![format!(
        "{} is not numeric: bars count rows per {what} (h/l: another column)",
        c.id
    )];
    ChartData::Bars(finish(format!("Rows per {}", c.header()), items, missing, scale, notes))
}

/// Date (x) against column `col` (y) over `rows`, one series per country.
pub(super) fn scatter(ds: &Dataset, view: ViewKind, col: usize, rows: &[u32], scale: Scale) -> ChartData {
    let Some(c) = columns(view).get(col) else {
        return ChartData::Empty("no column to chart".into());
    };
    if !has_dates(view) {
        return ChartData::Empty(format!(
            "this view has no dates: the {} view cannot be plotted over time — try b for bars",
            view.title()
        ));
    }
    if c.ty != ColType::Number {
        return ChartData::Empty(format!(
            "column {} is not numeric; move to a numeric column (h/l)",
            c.id
        ));
    }
    let mut s = Scatter {
        title: c.header(),
        unit: Unit::Count,
        currency: Currency::Usd,
        scale,
        series: Vec::new(),
        x: (f64::INFINITY, f64::NEG_INFINITY),
        y: (f64::INFINITY, f64::NEG_INFINITY),
        no_date: 0,
        no_value: 0,
        no_log: 0,
        notes: Vec::new(),
        index: PointIndex::default(),
    };
    let mut kinds = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for &r in rows {
        let cell = cell(ds, view, col, r);
        let (Some(v), Some(kind)) = (cell.number(), unit_of(&cell)) else {
            s.no_value += 1;
            continue;
        };
        let Some(date) = row_date(ds, view, r) else {
            s.no_date += 1;
            continue;
        };
        if scale == Scale::Log && v <= 0.0 {
            s.no_log += 1;
            continue;
        }
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        let x = date.as_year_fraction();
        let y = if scale == Scale::Log { v.log10() } else { v };
        s.x = (s.x.0.min(x), s.x.1.max(x));
        s.y = (s.y.0.min(v), s.y.1.max(v));
        let country = if by_country(view) {
            row_country(ds, view, r).unwrap_or("—")
        } else {
            "all"
        };
        let i = *index.entry(country).or_insert_with(|| {
            s.series.push(Series {
                name: printable(country).into_owned(),
                points: Vec::new(),
                rows: Vec::new(),
            });
            s.series.len() - 1
        });
        s.series[i].points.push((x, y));
        s.series[i].rows.push(r);
    }
    if s.series.is_empty() {
        return ChartData::Empty(format!(
            "nothing to plot for {}: {}, {}{}",
            c.id,
            rows_without(s.no_value, "a value"),
            rows_without(s.no_date, "a date"),
            if s.no_log > 0 {
                format!(", {} at or below zero (no logarithm)", s.no_log)
            } else {
                String::new()
            }
        ));
    }
    if let Some(&(unit, currency)) = kinds.first() {
        s.unit = unit;
        s.currency = currency;
    }
    s.notes.extend(mixed_note(&kinds));
    s.series
        .sort_by(|a, b| b.points.len().cmp(&a.points.len()).then_with(|| a.name.cmp(&b.name)));
    for (i, series) in s.series.iter().enumerate() {
        for (p, &r) in series.rows.iter().enumerate() {
            s.index.insert(r, i, p);
        }
    }
    ChartData::Scatter(s)
}

mod tests {
    use super::*;
    use crate::view::{Query, SortDir, SortSpec, project};

    fn sets() -> Vec<Dataset> {
        let text = crate::generate::dataset(crate::generate::Sizes::models(1500), 5);
        let load = |name: &str, text: &str| crate::data::load(name, text).unwrap_or_else(|d| panic!("{d:?}"));
        vec![
            load(crate::data::BUNDLED_NAME, crate::data::BUNDLED),
            load("mini", include_str!("../../../tests/fixtures/mini.toml")),
            load("gen", &text),
        ]
    }

    /// File order, reversed, sorted by a few columns, and filtered.
    fn row_lists(ds: &Dataset, view: ViewKind) -> Vec<Vec<u32>> {
        let all: Vec<u32> = (0..view.len(ds) as u32).collect();
        let mut lists = vec![all.iter().rev().copied().collect(), all];
        for col in 0..columns(view).len().min(5) {
            let q = Query {
                view,
                sort: Some(SortSpec {
                    col,
                    dir: SortDir::Desc,
                }),
                filter: Default::default(),
            };
            let sorted = project(ds, &q);
            lists.push(sorted.iter().copied().filter(|r| r % 4 != 2).collect());
            lists.push(sorted);
        }
        lists
    }

    /// Bit-for-bit equality (Debug prints `-0.0` and NaN as such).
    fn same<T: std::fmt::Debug>(a: &T, b: &T) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    #[test]
    fn claim_ranges_in_one_pass_are_the_per_row_ranges() {
        for ds in &sets() {
            for view in crate::view::ViewKind::ALL {
                for col in 0..columns(view).len() {
                    let rows: Vec<u32> = (0..view.len(ds) as u32).rev().collect();
                    let disputed: Vec<(u32, crate::data::Figure, Currency)> = rows
                        .iter()
                        .filter_map(|&r| match cell(ds, view, col, r).value {
                            Value::Fig { fig, currency, .. } => Some((r, fig, currency)),
                            _ => None,
                        })
                        .collect();
                    let want: Vec<Option<(f64, f64)>> = disputed
                        .iter()
                        .map(|&(r, ..)| {
                            let mut c = cell(ds, view, col, r);
                            c.marks.disputed = true;
                            claim_range(ds, view, col, r, &c)
                        })
                        .collect();
                    let got = super::super::claim_ranges(ds, view, col, &disputed);
                    assert!(same(&got, &want), "{view:?} {col}");
                }
            }
        }
    }

    #[test]
    fn the_claim_indexes_list_the_claims_in_file_order() {
        // `claim_ranges` walks the claims instead of `claims_for`: the two must agree.
        for ds in &sets() {
            for (i, c) in ds.claims.iter().enumerate() {
                let want: Vec<u32> = (0..ds.claims.len() as u32)
                    .filter(|&j| {
                        let d = &ds.claims[j as usize];
                        d.subject == c.subject && d.metric.id == c.metric.id
                    })
                    .collect();
                assert_eq!(ds.claims_for(c.subject, c.metric.id), want.as_slice(), "claim {i}");
                if i > 300 {
                    break;
                }
            }
        }
    }

    #[test]
    fn rescaled_bars_are_the_bars_built_on_that_scale() {
        for ds in &sets() {
            for view in crate::view::ViewKind::ALL {
                let rows: Vec<u32> = (0..view.len(ds) as u32).collect();
                for col in 0..columns(view).len() {
                    for (from, to) in [(Scale::Linear, Scale::Log), (Scale::Log, Scale::Linear)] {
                        let mut got = super::super::bars(ds, view, col, &rows, from);
                        if let ChartData::Bars(b) = &mut got {
                            b.rescale(to);
                        }
                        let want = super::super::bars(ds, view, col, &rows, to);
                        assert!(same(&got, &want), "{view:?} {col} {from:?}→{to:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn record_order_bars_and_scatter_match_the_row_by_row_ones() {
        for ds in &sets() {
            for view in crate::view::ViewKind::ALL {
                for rows in row_lists(ds, view) {
                    for col in 0..columns(view).len() {
                        for scale in [Scale::Linear, Scale::Log] {
                            let fast = super::super::bars(ds, view, col, &rows, scale);
                            let slow = bars(ds, view, col, &rows, scale);
                            assert!(same(&fast, &slow), "bars {view:?} {col} {scale:?}");
                            let fast = super::super::scatter(ds, view, col, &rows, scale);
                            let slow = scatter(ds, view, col, &rows, scale);
                            assert!(same(&fast, &slow), "scatter {view:?} {col} {scale:?}");
                        }
                    }
                }
            }
        }
    }
}
