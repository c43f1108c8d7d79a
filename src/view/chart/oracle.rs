//! Test oracles for the chart data: what bars and scatter plots must hold, checked from their
//! definitions by brute force over the rows (and, for claim ranges, over every claim), never
//! by re-running the production steps. Inputs a definition starts from — a row's cell, date
//! and country — are read with the same accessors the charts use.

use std::collections::BTreeMap;

use crate::data::sanitize::printable;
use crate::data::{Currency, Dataset, Unit};
use crate::view::ViewKind;
use crate::view::cell::{Cell, Value};
use crate::view::columns::{ColType, columns};

use crate::view::oracle_inputs::{row_lists, sets};

use super::{BarKey, ChartData, Scale, by_country, cell, has_dates, row_country, row_date};

/// A row's figure: its number and (unit, currency), when the cell holds one.
fn figure_of(c: &Cell<'_>) -> Option<(f64, (Unit, Currency))> {
    match c.value {
        Value::Fig { unit, currency, .. } => c.number().map(|v| (v, (unit, currency))),
        _ => None,
    }
}

/// The lowest–highest range of a disputed or ranged figure and every claim about the same record and
/// metric in its currency, found by reading every claim.
fn brute_range(ds: &Dataset, view: ViewKind, col: usize, row: u32) -> Option<(f64, f64)> {
    let c = cell(ds, view, col, row);
    let Value::Fig { fig, currency, .. } = c.value else {
        return None;
    };
    // A disputed figure, or one stated as a range (`80–100M`): both draw a whisker.
    if !c.marks.disputed && !matches!(fig.shape(), crate::data::Shape::Range(..)) {
        return None;
    }
    let (subject, metric) = match view {
        ViewKind::Claims => {
            let claim = &ds.claims[row as usize];
            (claim.subject, claim.metric.id)
        }
        _ => (
            crate::data::RecordRef {
                kind: view.kind(),
                index: row,
            },
            columns(view)[col].id,
        ),
    };
    let (mut lo, mut hi) = fig.extent();
    for claim in &ds.claims {
        if claim.subject == subject
            && claim.metric.id == metric
            && claim.currency == currency
            && let Some(f) = claim.figure
        {
            lo = lo.min(f.extent().0);
            hi = hi.max(f.extent().1);
        }
    }
    (lo.is_finite() && hi.is_finite() && lo < hi).then_some((lo, hi))
}

/// How a text or date cell is counted: one bar per year, or per value ignoring case.
fn count_key(c: &Cell<'_>) -> Option<String> {
    match &c.value {
        Value::Missing => None,
        Value::Date(d) => Some(d.year.to_string()),
        Value::Text(s) => Some(printable(s).to_lowercase()),
        _ => Some(crate::view::format::value_text(c).to_lowercase()),
    }
}

/// `brute_range` of every row of a column (rows are record indices).
fn brute_ranges(ds: &Dataset, view: ViewKind, col: usize) -> Vec<Option<(f64, f64)>> {
    (0..view.len(ds) as u32)
        .map(|r| brute_range(ds, view, col, r))
        .collect()
}

fn check_bars(ds: &Dataset, view: ViewKind, col: usize, rows: &[u32], scale: Scale, ranges: &[Option<(f64, f64)>]) {
    let c = &columns(view)[col];
    let what = format!("bars {view:?} {} {scale:?} ({} rows)", c.id, rows.len());
    let got = super::bars(ds, view, col, rows, scale);
    // Figures of different metrics (a claim's value) are never drawn on one axis.
    if c.ty == ColType::Number && c.mixes_measures(ds, rows) {
        assert!(matches!(got, ChartData::Empty(_)), "{what}: mixed metrics charted");
        return;
    }
    if c.ty == ColType::Number {
        // One bar per row with a figure, in row order, its value the cell's number.
        let want: Vec<(u32, f64, (Unit, Currency))> = rows
            .iter()
            .filter_map(|&r| figure_of(&cell(ds, view, col, r)).map(|(v, k)| (r, v, k)))
            .collect();
        let ChartData::Bars(b) = got else {
            assert!(want.is_empty(), "{what}: no bars for {} figures", want.len());
            return;
        };
        assert_eq!(b.items.len(), want.len(), "{what}");
        assert_eq!(b.missing, rows.len() - want.len(), "{what}");
        for (item, &(r, v, _)) in b.items.iter().zip(&want) {
            assert_eq!(item.key, BarKey::Row(r), "{what}");
            assert_eq!(item.value.to_bits(), v.to_bits(), "{what} row {r}");
            assert_eq!(item.range, ranges[r as usize], "{what} row {r}");
        }
        assert_eq!((b.unit, b.currency), want[0].2, "{what}");
        let mixed = want.iter().any(|w| w.2 != want[0].2);
        assert_eq!(b.notes.iter().any(|n| n.starts_with("mixed")), mixed, "{what}");
        let ranged = b.items.iter().any(|i| i.range.is_some());
        assert_eq!(b.notes.iter().any(|n| n.contains("lowest–highest")), ranged, "{what}");
        assert_eq!(b.title, c.header());
    } else {
        // One bar per distinct value (per year for dates) with its number of rows.
        let mut want: BTreeMap<String, usize> = BTreeMap::new();
        let mut missing = 0;
        for &r in rows {
            match count_key(&cell(ds, view, col, r)) {
                Some(k) => *want.entry(k).or_default() += 1,
                None => missing += 1,
            }
        }
        let ChartData::Bars(b) = got else {
            assert!(want.is_empty(), "{what}: no bars for {} values", want.len());
            return;
        };
        assert_eq!(b.missing, missing, "{what}");
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut labels = Vec::new();
        for item in &b.items {
            let Some((name, _)) = item.key.shown(ds, view, col) else {
                panic!("{what}: a row bar in a count chart")
            };
            seen.insert(name.to_lowercase(), item.value as usize);
            labels.push((name, item.value));
        }
        assert_eq!(seen, want, "{what}");
        // Years in order; values most rows first, ties A→Z.
        for pair in labels.windows(2) {
            let ((a, x), (b, y)) = (&pair[0], &pair[1]);
            if c.ty == ColType::Date {
                let year = |s: &str| s.parse::<i32>().unwrap_or_else(|_| panic!("{what}: year {s}"));
                assert!(year(a) < year(b), "{what}: {a} before {b}");
            } else {
                assert!(
                    x > y || (x == y && a.to_lowercase() <= b.to_lowercase()),
                    "{what}: {a} before {b}"
                );
            }
        }
    }
}

/// Series name → its (row, point) pairs in order.
type Plot = BTreeMap<String, Vec<(u32, (f64, f64))>>;

fn check_scatter(ds: &Dataset, view: ViewKind, col: usize, rows: &[u32], scale: Scale) {
    let c = &columns(view)[col];
    let what = format!("scatter {view:?} {} {scale:?} ({} rows)", c.id, rows.len());
    let got = super::scatter(ds, view, col, rows, scale);
    if !has_dates(view) || c.ty != ColType::Number || c.mixes_measures(ds, rows) {
        assert!(matches!(got, ChartData::Empty(_)), "{what}");
        return;
    }
    // Each row is a point of its country's series, or counted as why it is not one.
    let (mut no_value, mut no_date, mut no_log) = (0, 0, 0);
    let mut want: Plot = BTreeMap::new();
    let mut kinds = Vec::new();
    let (mut xs, mut ys, mut whiskers) = (Vec::new(), Vec::new(), Vec::new());
    for &r in rows {
        let Some((v, kind)) = figure_of(&cell(ds, view, col, r)) else {
            no_value += 1;
            continue;
        };
        let Some(date) = row_date(ds, view, r) else {
            no_date += 1;
            continue;
        };
        if scale == Scale::Log && v <= 0.0 {
            no_log += 1;
            continue;
        }
        kinds.push(kind);
        let series = match by_country(view) {
            true => printable(row_country(ds, view, r).unwrap_or("—")).into_owned(),
            false => "all".to_string(),
        };
        let y = if scale == Scale::Log { v.log10() } else { v };
        xs.push(date.as_year_fraction());
        ys.push(v);
        // A ranged figure's whisker, where its axis can place both ends; the axis spans it.
        if let Some((lo, hi)) = brute_range(ds, view, col, r).filter(|&(lo, _)| scale == Scale::Linear || lo > 0.0) {
            let at = |v: f64| if scale == Scale::Log { v.log10() } else { v };
            whiskers.push((date.as_year_fraction(), at(lo), at(hi)));
            ys.extend([lo, hi]);
        }
        want.entry(series).or_default().push((r, (date.as_year_fraction(), y)));
    }
    let ChartData::Scatter(s) = got else {
        assert!(want.is_empty(), "{what}: no plot for {} points", xs.len());
        return;
    };
    assert_eq!((s.no_value, s.no_date, s.no_log), (no_value, no_date, no_log), "{what}");
    let mut got_series: Plot = BTreeMap::new();
    for (i, series) in s.series.iter().enumerate() {
        assert_eq!(series.rows.len(), series.points.len(), "{what}");
        let points: Vec<(u32, (f64, f64))> = series.rows.iter().copied().zip(series.points.iter().copied()).collect();
        for (p, &r) in series.rows.iter().enumerate() {
            assert_eq!(s.index.get(r), Some((i, p)), "{what}: row {r}");
        }
        got_series.insert(series.name.clone(), points);
    }
    assert_eq!(got_series, want, "{what}");
    // Largest series first, ties by name.
    for pair in s.series.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            a.points.len() > b.points.len() || (a.points.len() == b.points.len() && a.name <= b.name),
            "{what}: {} before {}",
            a.name,
            b.name
        );
    }
    let span = |v: &[f64]| {
        (
            v.iter().copied().fold(f64::INFINITY, f64::min),
            v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )
    };
    assert_eq!((s.x, s.y), (span(&xs), span(&ys)), "{what}");
    assert_eq!(s.whiskers, whiskers, "{what}: whiskers");
    assert_eq!((s.unit, s.currency), kinds[0], "{what}");
    assert_eq!(
        s.notes.iter().any(|n| n.starts_with("mixed")),
        kinds.iter().any(|k| *k != kinds[0]),
        "{what}"
    );
}

#[test]
fn bars_and_scatter_plots_hold_what_they_are_defined_to() {
    for ds in &sets(5) {
        for view in ViewKind::ALL {
            let lists = row_lists(ds, view, 5);
            for col in 0..columns(view).len() {
                let ranges = brute_ranges(ds, view, col);
                for rows in &lists {
                    for scale in [Scale::Linear, Scale::Log] {
                        check_bars(ds, view, col, rows, scale, &ranges);
                        check_scatter(ds, view, col, rows, scale);
                    }
                }
            }
        }
    }
}

#[test]
fn claim_ranges_in_one_pass_are_the_ranges_over_every_claim() {
    for ds in &sets(5) {
        for view in ViewKind::ALL {
            for col in 0..columns(view).len() {
                let rows: Vec<u32> = (0..view.len(ds) as u32).rev().collect();
                let disputed: Vec<(u32, crate::data::Figure, Currency)> = rows
                    .iter()
                    .filter_map(|&r| match cell(ds, view, col, r) {
                        Cell {
                            value: Value::Fig { fig, currency, .. },
                            marks,
                        } if marks.disputed => Some((r, fig, currency)),
                        _ => None,
                    })
                    .collect();
                let want: Vec<Option<(f64, f64)>> =
                    disputed.iter().map(|&(r, ..)| brute_range(ds, view, col, r)).collect();
                assert_eq!(super::claim_ranges(ds, view, col, &disputed), want, "{view:?} {col}");
            }
        }
    }
}

#[test]
fn the_claim_indexes_list_the_claims_in_file_order() {
    for ds in &sets(5) {
        for (i, c) in ds.claims.iter().enumerate().take(300) {
            let want: Vec<u32> = (0..ds.claims.len() as u32)
                .filter(|&j| {
                    let d = &ds.claims[j as usize];
                    d.subject == c.subject && d.metric.id == c.metric.id
                })
                .collect();
            assert_eq!(ds.claims_for(c.subject, c.metric.id), want.as_slice(), "claim {i}");
        }
    }
}

#[test]
fn rescaled_bars_are_the_bars_built_on_that_scale() {
    let same = |a: &ChartData, b: &ChartData| format!("{a:?}") == format!("{b:?}");
    for ds in &sets(5) {
        for view in ViewKind::ALL {
            let rows: Vec<u32> = (0..view.len(ds) as u32).collect();
            for col in 0..columns(view).len() {
                for (from, to) in [(Scale::Linear, Scale::Log), (Scale::Log, Scale::Linear)] {
                    let mut got = super::bars(ds, view, col, &rows, from);
                    if let ChartData::Bars(b) = &mut got {
                        b.rescale(to);
                    }
                    let want = super::bars(ds, view, col, &rows, to);
                    assert!(same(&got, &want), "{view:?} {col} {from:?}→{to:?}");
                }
            }
        }
    }
}
