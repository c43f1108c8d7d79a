//! Test oracle for the group table: what each group and aggregate must be, checked from the
//! definitions by brute force over the rows (groups in a `BTreeMap`, medians by sorting, sums
//! in row order), never by re-running the fast build's steps. The table's columns are taken
//! as it declares them (which aggregate of which view column); every value is then checked
//! against that aggregate's definition.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::data::sanitize::printable;
use crate::data::{Currency, Dataset, Unit};
use crate::view::ViewKind;
use crate::view::cell::Value;
use crate::view::chart;
use crate::view::columns::{ColType, columns};
use crate::view::format;
use crate::view::sort::SortDir;

use crate::view::oracle_inputs::{row_lists, sets};

use super::{Agg, GroupTable};

/// What puts two rows in one group: text ignoring case, a date's year, a positive figure's
/// decade (`1e24–1e25`), any other figure's exact number (`-0` is `0`), or no value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum GroupKey {
    Missing,
    Text(String),
    Year(u16),
    Decade(i32),
    Number(u64),
}

/// 10^k as the filter reads `1e{k}` (so a group's `>=1e24 <1e25` term selects its rows).
fn power(k: i32) -> f64 {
    format!("1e{k}").parse().unwrap_or(f64::NAN)
}

/// The decade of `v`: the k with 10^k ≤ v < 10^(k+1), found by stepping from 0.
fn decade_of(v: f64) -> Option<i32> {
    if !(v.is_finite() && v > 0.0) {
        return None;
    }
    let mut k = 0;
    while v < power(k) {
        k -= 1;
    }
    while v >= power(k + 1) {
        k += 1;
    }
    Some(k)
}

/// A row's group: its key, its label as the table shows it, and the number the key column
/// sorts by (a year, a decade's lower end, a number; none for text).
fn group_key(ds: &Dataset, view: ViewKind, col: usize, r: u32) -> (GroupKey, String, Option<f64>) {
    let (key, label, at) = group_key_of_cell(ds, view, col, r);
    // A column showing a title for its id (a claim's metric) is labelled with the title.
    match crate::view::columns(view)
        .get(col)
        .filter(|c| c.shown.is_some() && c.ty == ColType::Text)
    {
        Some(c) => (key, format::value_text(&c.screen(ds, r)), at),
        None => (key, label, at),
    }
}

fn group_key_of_cell(ds: &Dataset, view: ViewKind, col: usize, r: u32) -> (GroupKey, String, Option<f64>) {
    let cell = chart::cell(ds, view, col, r);
    match &cell.value {
        Value::Missing => (GroupKey::Missing, format::MISSING.to_string(), None),
        Value::Text(s) => (GroupKey::Text(s.to_lowercase()), printable(s).into_owned(), None),
        Value::Date(d) => (GroupKey::Year(d.year), d.year.to_string(), Some(f64::from(d.year))),
        Value::Fig { fig, unit, currency } => match decade_of(fig.key()) {
            Some(k) => {
                let label = format!(
                    "{}–{}",
                    format::number(power(k), *unit, *currency),
                    format::number(power(k + 1), *unit, *currency)
                );
                (GroupKey::Decade(k), label, Some(power(k)))
            }
            None => (
                GroupKey::Number((fig.key() + 0.0).to_bits()),
                format::value_text(&cell),
                Some(fig.key() + 0.0),
            ),
        },
    }
}

/// A row's figure in column `c`: number, unit, currency.
fn figure(ds: &Dataset, view: ViewKind, c: usize, r: u32) -> Option<(f64, Unit, Currency)> {
    span_of(ds, view, c, r).map(|(_, u, c, _)| (0.0, u, c))
}

/// A row's figure in column `c` as the interval of values it allows — a lower bound reaches
/// to ∞, an upper bound down to 0 — with its unit, currency and whether it is approximate.
fn span_of(ds: &Dataset, view: ViewKind, c: usize, r: u32) -> Option<((f64, f64), Unit, Currency, bool)> {
    let cell = chart::cell(ds, view, c, r);
    match &cell.value {
        Value::Fig { fig, unit, currency } => Some((
            (fig.lo.unwrap_or(0.0), fig.hi.unwrap_or(f64::INFINITY)),
            *unit,
            *currency,
            fig.approx,
        )),
        _ => None,
    }
}

/// The value an aggregate over intervals shows (and sorts by): the interval as a figure, its
/// midpoint for a range, its end for a bound.
fn interval_value(lo: f64, hi: f64) -> Option<f64> {
    let fig = crate::data::Figure {
        lo: (lo.is_finite() && lo > 0.0).then_some(lo),
        hi: hi.is_finite().then_some(hi),
        approx: false,
        sig: 0,
    };
    (fig.lo.is_some() || fig.hi.is_some()).then(|| fig.key())
}

fn median_by_sorting(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

fn close(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// One group as the definitions make it: its label (its first row's value as shown), the
/// number its key sorts by, its rows.
struct Expected {
    label: String,
    at: Option<f64>,
    rows: Vec<u32>,
}

fn check(ds: &Dataset, view: ViewKind, rows: &[u32], by: usize) {
    let what = format!("{view:?} by {} ({} rows)", columns(view)[by].id, rows.len());
    let t = GroupTable::build(ds, view, rows, by);
    let mut groups: BTreeMap<GroupKey, Expected> = BTreeMap::new();
    for &r in rows {
        let (key, label, at) = group_key(ds, view, by, r);
        groups
            .entry(key)
            .or_insert(Expected {
                label,
                at,
                rows: Vec::new(),
            })
            .rows
            .push(r);
    }
    assert_eq!(t.len(), groups.len(), "{what}");
    assert_eq!(t.total, rows.len(), "{what}");
    assert_eq!((t.columns[0].agg, t.columns[0].source), (Agg::Key, by), "{what}");
    assert_eq!(t.columns[1].agg, Agg::Count, "{what}");
    // Every numeric column with a figure in these rows is aggregated; no other column is.
    // Columns whose rows measure different things here (a claim's value) are never aggregated.
    let numeric: Vec<usize> = (0..columns(view).len())
        .filter(|&c| columns(view)[c].ty == ColType::Number && !columns(view)[c].mixes_measures(ds, rows))
        .collect();
    let with_figures: BTreeSet<usize> = numeric
        .iter()
        .copied()
        .filter(|&c| rows.iter().any(|&r| figure(ds, view, c, r).is_some()))
        .collect();
    let aggregated: BTreeSet<usize> = t.columns[2..].iter().map(|c| c.source).collect();
    assert_eq!(aggregated, with_figures, "{what}");
    // A money column is aggregated in its most common currency; other currencies are left out.
    let mut skipped = 0;
    for &c in &aggregated {
        let figs: Vec<(f64, Unit, Currency)> = rows.iter().filter_map(|&r| figure(ds, view, c, r)).collect();
        let mut tally: HashMap<Currency, usize> = HashMap::new();
        for f in &figs {
            *tally.entry(f.2).or_default() += 1;
        }
        let aggregates = || t.columns[2..].iter().filter(|x| x.source == c);
        for col in aggregates() {
            // Rates and ratios are never summed; amounts are never given a minimum.
            let rule = columns(view)[c].aggregation;
            let fits = match rule {
                crate::view::columns::Aggregation::Sum => matches!(col.agg, Agg::Sum | Agg::Median | Agg::Max),
                crate::view::columns::Aggregation::Spread => matches!(col.agg, Agg::Median | Agg::Min | Agg::Max),
            };
            assert!(fits, "{what}: {} is not allowed for a {rule:?} column", col.header);
            assert_eq!(col.unit, figs[0].1, "{what}: unit of {}", col.header);
            if col.unit == Unit::Money {
                let most = tally.values().copied().max().unwrap_or(0);
                assert_eq!(
                    tally.get(&col.currency).copied(),
                    Some(most),
                    "{what}: currency of {}",
                    col.header
                );
            }
        }
        let currency = aggregates().next().map_or(Currency::Usd, |x| x.currency);
        if figs[0].1 == Unit::Money {
            skipped += figs.iter().filter(|f| f.2 != currency).count();
        }
    }
    assert_eq!(t.skipped, skipped, "{what}");
    // Each group is one row of the table: found by label and count, then every aggregate.
    let mut by_label: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, label) in t.labels(ds).enumerate() {
        by_label.entry(label.into_owned()).or_default().push(i);
    }
    let values = |i: usize| -> Vec<Option<f64>> { (0..t.columns.len()).map(|c| t.value(i, c)).collect() };
    let mut used = vec![false; t.len()];
    for (key, g) in &groups {
        let want: Vec<Option<f64>> = t
            .columns
            .iter()
            .map(|col| {
                let spans: Vec<(f64, f64)> = g
                    .rows
                    .iter()
                    .filter_map(|&r| span_of(ds, view, col.source, r))
                    // A money column (its first figure is money) counts one currency only.
                    .filter(|f| col.unit != Unit::Money || f.2 == col.currency)
                    .map(|f| f.0)
                    .collect();
                let lo: Vec<f64> = spans.iter().map(|s| s.0).collect();
                let hi: Vec<f64> = spans.iter().map(|s| s.1).collect();
                // Every aggregate of intervals is the interval of the aggregates of their ends
                // (sums, medians, minima and maxima are monotone).
                let both = |f: &dyn Fn(Vec<f64>) -> Option<f64>| Some((f(lo.clone())?, f(hi.clone())?));
                let agg = match col.agg {
                    Agg::Key => return g.at,
                    Agg::Count => return Some(g.rows.len() as f64),
                    Agg::Sum => both(&|v| (!v.is_empty()).then(|| v.iter().sum())),
                    Agg::Median => both(&median_by_sorting),
                    Agg::Min => both(&|v| v.into_iter().reduce(f64::min)),
                    Agg::Max => both(&|v| v.into_iter().reduce(f64::max)),
                };
                agg.and_then(|(l, h)| interval_value(l, h))
            })
            .collect();
        let matches = |i: usize| {
            let got = values(i);
            got.len() == want.len()
                && got.iter().zip(&want).all(|(a, b)| match (a, b) {
                    (Some(a), Some(b)) => close(*a, *b),
                    (a, b) => a == b,
                })
        };
        let candidates = by_label.get(g.label.as_str()).map_or(&[][..], Vec::as_slice);
        let found = candidates.iter().copied().find(|&i| !used[i] && matches(i));
        let Some(i) = found else {
            let rows: Vec<Vec<Option<f64>>> = candidates.iter().map(|&i| values(i)).collect();
            panic!(
                "{what}: no row for group {:?} {key:?} = {want:?}; rows so labelled: {rows:?}",
                g.label
            )
        };
        used[i] = true;
        let term = t.term(ds, i);
        let id = columns(view)[by].id;
        assert!(
            term.starts_with(&format!("{id}="))
                || term.starts_with(&format!("{id}:"))
                || term.starts_with(&format!("{id}>=")),
            "{what}: {term}"
        );
        if *key == GroupKey::Missing {
            assert_eq!(term, format!("{id}=\"\""), "{what}");
        }
    }
    // Most rows first, ties A→Z.
    check_order(ds, &t, 1, SortDir::Desc, &what);
}

/// Whether the groups are in the order `sort(col, dir)` defines: numbers by `dir` with
/// missing ones last, text by `dir` ignoring case with `—` last; ties by label A→Z.
fn check_order(ds: &Dataset, t: &GroupTable, col: usize, dir: SortDir, what: &str) {
    let numeric = t.columns[col].numeric();
    let lower = |i: usize| t.label(ds, i).to_lowercase();
    let missing = |i: usize| t.label(ds, i) == format::MISSING;
    for a in 0..t.len().saturating_sub(1) {
        let b = a + 1;
        let (va, vb) = (t.value(a, col), t.value(b, col));
        // Keys with a number (years, decades, figures) sort by it, missing ones last.
        let keyed = !numeric && !missing(a) && !missing(b) && va.is_some() && vb.is_some();
        let ok = if keyed {
            let (x, y) = (va.unwrap_or(0.0), vb.unwrap_or(0.0));
            let o = x.total_cmp(&y).then_with(|| lower(a).cmp(&lower(b)));
            if dir == SortDir::Desc { o.is_ge() } else { o.is_le() }
        } else if numeric {
            match (va, vb) {
                (Some(x), Some(y)) => {
                    let o = if dir == SortDir::Desc {
                        y.total_cmp(&x)
                    } else {
                        x.total_cmp(&y)
                    };
                    o.is_lt() || (o.is_eq() && lower(a) <= lower(b))
                }
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => lower(a) <= lower(b),
            }
        } else {
            match (missing(a), missing(b)) {
                (false, true) | (true, true) => true,
                (true, false) => false,
                _ if dir == SortDir::Desc => lower(a) >= lower(b),
                _ => lower(a) <= lower(b),
            }
        };
        assert!(
            ok,
            "{what}: sorted by {col} {dir:?}, {:?} before {:?}",
            t.label(ds, a),
            t.label(ds, b)
        );
    }
}

#[test]
fn group_tables_hold_what_groups_are_defined_to() {
    for ds in &sets(11) {
        for view in ViewKind::ALL {
            for rows in row_lists(ds, view, 4) {
                for by in 0..columns(view).len() {
                    check(ds, view, &rows, by);
                }
            }
        }
    }
}

#[test]
fn every_sort_of_a_group_table_keeps_its_groups_in_the_defined_order() {
    let ds = crate::data::load(crate::data::BUNDLED_NAME, crate::data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
    for view in ViewKind::ALL {
        let all: Vec<u32> = (0..view.len(&ds) as u32).collect();
        for by in 0..columns(view).len() {
            let mut t = GroupTable::build(&ds, view, &all, by);
            let mut labels: Vec<String> = t.labels(&ds).map(|l| l.into_owned()).collect();
            labels.sort();
            for col in 0..t.columns.len() {
                for dir in [SortDir::Asc, SortDir::Desc] {
                    t.sort(col, dir);
                    check_order(&ds, &t, col, dir, &format!("{view:?} by {by}"));
                    let mut now: Vec<String> = t.labels(&ds).map(|l| l.into_owned()).collect();
                    now.sort();
                    assert_eq!(now, labels, "{view:?} by {by}: sorting lost or added groups");
                }
            }
        }
    }
}
