//! Group-by: the visible rows of a view grouped by one column's value, one row per group with
//! its count and, for each numeric column, what its `Aggregation` allows: sum, median and
//! largest for counts and amounts; median, smallest and largest for rates. Every aggregate is
//! computed by labdash (marked `ƒ`) over intervals, so one that includes a bound or a range
//! says so (`>$1.2B`, `2,048–18,432`); money is aggregated in one currency only.

mod build;
pub(crate) use build::span;
pub(crate) mod keys;
#[cfg(test)]
mod oracle;

use std::borrow::Cow;

use crate::data::{Currency, Dataset, Figure, Unit};

use super::ViewKind;
use super::chart::{self, BarKey, ChartData, Scale};
use super::columns::Aggregation;
use super::format;
use super::sort::{SortDir, TextKey, cmp_text_keys_by, text_key};

/// What a group column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agg {
    /// The group's value (the grouped-by column).
    Key,
    /// Rows in the group.
    Count,
    /// Sum of a numeric column.
    Sum,
    /// Median of a numeric column.
    Median,
    /// Largest figure of a numeric column.
    Max,
    /// Smallest figure of a numeric column (rates).
    Min,
}

/// The aggregate columns, in table order; `STAT_ORDER[i]` is `Stats` slot `i`.
pub(crate) const STAT_ORDER: [Agg; 4] = [Agg::Sum, Agg::Median, Agg::Min, Agg::Max];

impl Agg {
    /// Whether a column aggregated this way shows this aggregate.
    pub(crate) fn allowed(self, a: Aggregation) -> bool {
        match a {
            Aggregation::Sum => matches!(self, Agg::Sum | Agg::Median | Agg::Max),
            Aggregation::Spread => matches!(self, Agg::Median | Agg::Min | Agg::Max),
        }
    }
}

/// An aggregate from the lowest and highest values it can take.
fn interval(l: f64, h: f64, approx: bool) -> Figure {
    Figure {
        lo: (l.is_finite() && l > 0.0).then_some(l),
        hi: h.is_finite().then_some(h),
        approx,
        sig: 0,
    }
}

/// A sum from the sums of the lows and of the highs. Lows are finite: an infinite sum of them
/// overflowed, and says so (`overflow`), where a figure without bounds would read as missing.
fn sum_of(sum_lo: f64, sum_hi: f64, approx: bool) -> Figure {
    if sum_lo.is_infinite() {
        Figure {
            lo: Some(sum_lo),
            hi: Some(sum_lo),
            approx,
            sig: 0,
        }
    } else {
        interval(sum_lo, sum_hi, approx)
    }
}

/// Sum, median, smallest and largest of `lo` (reordered); `None` when empty.
fn lo_stats(lo: &mut [f64]) -> Option<[f64; 4]> {
    let sum = lo.iter().sum::<f64>();
    let max = lo.iter().copied().reduce(f64::max)?;
    let min = lo.iter().copied().reduce(f64::min)?;
    Some([sum, median(lo)?, min, max])
}

/// `interval_stats` of exact figures (each its own lowest and highest value), given once.
pub(crate) fn exact_stats(lo: &mut [f64], approx: bool) -> Option<[Figure; 4]> {
    let [sum, median, min, max] = lo_stats(lo)?;
    let point = |v: f64| interval(v, v, approx);
    Some([sum_of(sum, sum, approx), point(median), point(min), point(max)])
}

/// Interval aggregates of one group's figures (each figure as its lowest and highest possible
/// value: a lower bound reaches to ∞, an upper bound down to 0), in `STAT_ORDER`.
pub(crate) fn interval_stats(lo: &mut [f64], hi: &mut [f64], approx: bool) -> Option<[Figure; 4]> {
    // Exact figures (most): the highs are the lows, bit for bit, so each statistic is
    // computed once.
    let exact = lo.len() == hi.len() && lo.iter().zip(hi.iter()).all(|(l, h)| l.to_bits() == h.to_bits());
    if exact {
        return exact_stats(lo, approx);
    }
    let [sum_lo, median_lo, min_lo, max_lo] = lo_stats(lo)?;
    let fig = |l: f64, h: f64| interval(l, h, approx);
    let sum = sum_of(sum_lo, hi.iter().sum::<f64>(), approx);
    let max = fig(max_lo, hi.iter().copied().reduce(f64::max)?);
    let min = fig(min_lo, hi.iter().copied().reduce(f64::min)?);
    // Order statistics are monotone: the median of the lows and of the highs bound it.
    let median = fig(median_lo, median(hi)?);
    Some([sum, median, min, max])
}

impl Agg {
    fn name(self) -> &'static str {
        match self {
            Agg::Key => "",
            Agg::Count => "Rows",
            Agg::Sum => "sum",
            Agg::Median => "median",
            Agg::Max => "max",
            Agg::Min => "min",
        }
    }
}

/// One column of the group table.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupColumn {
    /// Header text (with `ƒ` for computed figures).
    pub header: String,
    /// What it holds.
    pub agg: Agg,
    /// The view column aggregated (for `Key`: the grouped-by column).
    pub source: usize,
    /// Unit of the figures.
    pub unit: Unit,
    /// Currency aggregated (money).
    pub currency: Currency,
}

impl GroupColumn {
    /// Whether the column holds numbers (sorts largest first, charts as bars).
    pub fn numeric(&self) -> bool {
        self.agg != Agg::Key
    }
}

/// One group, in the table's order: its number, by which the table finds its label, counts
/// and aggregates (see `build::Groups`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct GroupRow {
    g: u32,
}

/// The grouped table.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupTable {
    /// The view grouped.
    pub view: ViewKind,
    /// The grouped-by column (index in the view).
    pub by: usize,
    /// Columns: key, count, then sum/median/max per numeric column.
    pub columns: Vec<GroupColumn>,
    /// Groups, in display order.
    rows: Vec<GroupRow>,
    /// Their labels, counts, aggregates and first records, by group number: a row's numbers
    /// and figures are made when it is drawn or sorted by, so 100k groups of one cost little
    /// more than their labels.
    groups: build::Groups,
    /// Rows grouped.
    pub total: usize,
    /// Money figures left out because they are in another currency than their column's.
    pub skipped: usize,
    /// Columns left out of the aggregates because their rows measure different things here
    /// (a claim's value over several metrics).
    pub mixed: Vec<&'static str>,
}

/// Median of unsorted values (mean of the middle two for an even count); reorders `values`.
/// A selection, not a sort: O(n) per group and column.
pub fn median(values: &mut [f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (below, &mut mid, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return Some(mid);
    }
    // The largest of the lower half is the other middle value.
    let lower = below.iter().copied().max_by(f64::total_cmp)?;
    // Halved first when the sum overflows (two figures near f64::MAX).
    let sum = lower + mid;
    Some(if sum.is_finite() {
        sum / 2.0
    } else {
        lower / 2.0 + mid / 2.0
    })
}

/// The decade a positive figure falls in (`k` for 10^k ≤ v < 10^(k+1)), by the same bounds
/// the group's filter term tests; `None` for zero, negatives and non-numbers.
pub(crate) fn decade(v: f64) -> Option<i32> {
    if !(v.is_finite() && v > 0.0) {
        return None;
    }
    let mut k = v.log10().floor() as i32;
    // `log10` may land one off at exact powers: settle against the bounds the filter parses.
    if v < decade_bound(k) {
        k -= 1;
    } else if v >= decade_bound(k + 1) {
        k += 1;
    }
    Some(k)
}

/// 10^k exactly as the filter reads `1e{k}`.
fn decade_bound(k: i32) -> f64 {
    format!("1e{k}").parse().unwrap_or(f64::NAN)
}

/// A group's label, from the group's first cell (borrowed from the data where it is its text).
pub(crate) fn label_of<'a>(cell: &'a super::cell::Cell<'_>) -> std::borrow::Cow<'a, str> {
    use super::cell::Value;
    use crate::data::sanitize::printable;
    use std::borrow::Cow;
    match &cell.value {
        Value::Missing => Cow::Borrowed(format::MISSING),
        Value::Text(s) => printable(s),
        Value::Date(d) => Cow::Owned(d.year.to_string()),
        Value::Fig { fig, unit, currency } => match decade(fig.key()) {
            Some(k) => Cow::Owned(format!(
                "{}–{}",
                format::number(decade_bound(k), *unit, *currency),
                format::number(decade_bound(k + 1), *unit, *currency)
            )),
            None => Cow::Owned(format::value_text(cell)),
        },
    }
}

/// A group's position for sorting the key column (numbers and years sort as numbers), from
/// the group's first cell; `None` for text.
pub(crate) fn key_of(cell: &super::cell::Cell<'_>) -> Option<f64> {
    use super::cell::Value;
    match &cell.value {
        Value::Missing | Value::Text(_) => None,
        Value::Date(d) => Some(f64::from(d.year)),
        Value::Fig { fig, .. } => match decade(fig.key()) {
            Some(k) => Some(decade_bound(k)),
            None => Some(fig.key() + 0.0),
        },
    }
}

/// The filter term selecting exactly a group's rows (`country=US`, `lab="Meta AI"`,
/// `chip=""`), from the group's first cell; `text_in_numbers`: text in a number column (a
/// claim stated in words), which has no exact test, so is matched by contains.
pub(crate) fn term_of(by_id: &str, text_in_numbers: bool, cell: &super::cell::Cell<'_>) -> String {
    use super::cell::Value;
    use super::filter::quote;
    let op = if text_in_numbers { ':' } else { '=' };
    match &cell.value {
        Value::Missing => format!("{by_id}{op}{}", quote("")),
        Value::Text(s) => format!("{by_id}{op}{}", quote(s)),
        Value::Date(d) => format!("{by_id}{op}{}", d.year),
        Value::Fig { fig, .. } => match decade(fig.key()) {
            Some(k) => format!("{by_id}>=1e{k} {by_id}<1e{}", k + 1),
            None => format!("{by_id}{op}{}", number_term(fig.key() + 0.0)),
        },
    }
}

/// `items` stably sorted by `value` (`f64::total_cmp`, reversed for `Desc`), those without
/// one after in their order: an LSD radix sort of the numbers' ordered bits, skipping the
/// bytes all numbers share (a table of counts, all alike, costs one pass).
pub(crate) fn radix_by_number(items: &[u32], value: impl Fn(u32) -> Option<f64>, dir: SortDir) -> Vec<u32> {
    let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(items.len());
    let mut none = Vec::new();
    for &g in items {
        match value(g) {
            Some(v) => {
                // The order `total_cmp` gives, as unsigned integers.
                let b = v.to_bits();
                let k = if b >> 63 == 1 { !b } else { b | 1 << 63 };
                keyed.push((if dir == SortDir::Desc { !k } else { k }, g));
            }
            None => none.push(g),
        }
    }
    let mut other = vec![(0u64, 0u32); keyed.len()];
    for byte in 0..8 {
        let shift = byte * 8;
        let digit = |k: u64| ((k >> shift) & 0xff) as usize;
        let mut count = [0usize; 256];
        for &(k, _) in &keyed {
            count[digit(k)] += 1;
        }
        if count.contains(&keyed.len()) {
            continue;
        }
        let mut at = 0;
        for c in count.iter_mut() {
            let n = *c;
            *c = at;
            at += n;
        }
        for &e in &keyed {
            let d = digit(e.0);
            other[count[d]] = e;
            count[d] += 1;
        }
        std::mem::swap(&mut keyed, &mut other);
    }
    keyed.into_iter().map(|e| e.1).chain(none).collect()
}

/// A number as a filter value the parser reads back exactly.
fn number_term(v: f64) -> String {
    if v.abs() < 1e15 {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

impl GroupTable {
    /// Sorts groups by column `col`: text A→Z or numbers by `dir`; "—" and missing figures
    /// always last; ties by label.
    pub fn sort(&mut self, col: usize, dir: SortDir) {
        let Some(c) = self.columns.get(col) else { return };
        let numeric = c.numeric();
        let groups = &self.groups;
        if numeric {
            // By number (`dir`), ties by label, no number last: a stable radix sort of the
            // numbers taken in label order.
            let order = radix_by_number(groups.by_label(), |g| groups.value(g, col), dir);
            for (row, g) in self.rows.iter_mut().zip(order) {
                row.g = g;
            }
            return;
        }
        // The key column. Text only (no group's key is a number): the label order, or its
        // reverse, with the "—" groups last — what the comparison below gives, without one.
        let labels = groups.by_label();
        if !groups.keyed() {
            let dashes = groups.dashes();
            let (before, after) = (
                &labels[..dashes.start.min(labels.len())],
                labels.get(dashes.end..).unwrap_or(&[]),
            );
            let dash = labels.get(dashes).unwrap_or(&[]);
            let order: Vec<u32> = if dir == SortDir::Desc {
                after
                    .iter()
                    .rev()
                    .chain(before.iter().rev())
                    .chain(dash.iter().rev())
                    .copied()
                    .collect()
            } else {
                before.iter().chain(after).chain(dash).copied().collect()
            };
            for (row, g) in self.rows.iter_mut().zip(order) {
                row.g = g;
            }
            return;
        }
        // Numbers among the keys (decades, years): what a comparison reads, side by side in
        // one array — the number, whether the group is "—", the label's case-insensitive key
        // (its first bytes, where that tells labels apart) and the group — in label order
        // (reversed from Z to A), so that ties by label are already in order.
        struct Entry {
            key: TextKey,
            num: Option<f64>,
            g: u32,
            dash: bool,
        }
        // Keys with numbers come from cells that are not all text: the table keeps their labels.
        let entry = |&g: &u32| Entry {
            key: text_key(groups.stored_label(g)),
            num: groups.value(g, 0),
            g,
            dash: groups.stored_label(g) == format::MISSING,
        };
        let mut entries: Vec<Entry> = if dir == SortDir::Desc {
            labels.iter().rev().map(entry).collect()
        } else {
            labels.iter().map(entry).collect()
        };
        entries.sort_by(|a, b| {
            let tie = || cmp_text_keys_by(a.key, b.key, || (groups.stored_label(a.g), groups.stored_label(b.g)));
            // Numeric keys (decades, years) by number, not as text: 2,000 before 10,000.
            match (a.dash, b.dash, a.num, b.num) {
                (false, true, ..) => std::cmp::Ordering::Less,
                (true, false, ..) => std::cmp::Ordering::Greater,
                (_, _, Some(x), Some(y)) => {
                    let o = x.total_cmp(&y).then_with(tie);
                    if dir == SortDir::Desc { o.reverse() } else { o }
                }
                _ if dir == SortDir::Desc => tie().reverse(),
                _ => tie(),
            }
        });
        for (row, e) in self.rows.iter_mut().zip(&entries) {
            row.g = e.g;
        }
    }

    /// How many groups.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no groups (no rows were grouped).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Row `row`'s label: the value shown ("US", "2024", "—" for rows without a value), read
    /// from `ds` (the data the table was built from) where the table does not keep it.
    pub fn label<'a>(&'a self, ds: &'a Dataset, row: usize) -> Cow<'a, str> {
        self.rows
            .get(row)
            .map_or(Cow::Borrowed(""), |r| self.groups.label(ds, r.g))
    }

    /// The labels in the table's order.
    pub fn labels<'a>(&'a self, ds: &'a Dataset) -> impl Iterator<Item = Cow<'a, str>> {
        self.rows.iter().map(move |r| self.groups.label(ds, r.g))
    }

    /// The number row `row` sorts and charts by in column `col`: the key's (decades, years),
    /// the count, or the aggregate's (`None` for text keys and for no figure).
    pub fn value(&self, row: usize, col: usize) -> Option<f64> {
        self.rows.get(row).and_then(|r| self.groups.value(r.g, col))
    }

    /// Row `row`'s aggregate in column `col` as an interval (`None` for key and count).
    pub fn figure(&self, row: usize, col: usize) -> Option<Figure> {
        self.rows.get(row).and_then(|r| self.groups.figure(r.g, col))
    }

    /// The filter term selecting exactly row `row`'s rows (`country=US`, `lab="Meta AI"`,
    /// `chip=""`), from `ds`, the data the table was built from.
    pub fn term(&self, ds: &Dataset, row: usize) -> String {
        let cols = super::columns::columns(self.view);
        let Some((c, first)) = cols
            .get(self.by)
            .zip(self.rows.get(row).and_then(|r| self.groups.first(r.g)))
        else {
            return String::new();
        };
        let cell = chart::cell(ds, self.view, self.by, first);
        let text_in_numbers =
            c.ty != super::columns::ColType::Text && matches!(cell.value, super::cell::Value::Text(_));
        term_of(c.id, text_in_numbers, &cell)
    }

    /// The text of one cell: the label, a count, or a humane figure (`—` when none).
    pub fn text(&self, ds: &Dataset, row: usize, col: usize) -> String {
        let (Some(r), Some(c)) = (self.rows.get(row), self.columns.get(col)) else {
            return String::new();
        };
        match c.agg {
            Agg::Key => self.groups.label(ds, r.g).into_owned(),
            Agg::Count => self
                .groups
                .value(r.g, col)
                .map_or_else(String::new, |n| format::thousands(n as u64)),
            _ => match self.groups.figure(r.g, col) {
                Some(fig) => format::figure(&fig, c.unit, c.currency),
                None => format::MISSING.to_string(),
            },
        }
    }

    /// A bar chart of column `col` over the groups in their order (the key column charts
    /// the counts).
    pub fn bars(&self, col: usize, scale: Scale) -> ChartData {
        let col = if self.columns.get(col).is_some_and(GroupColumn::numeric) {
            col
        } else {
            1
        };
        let Some(c) = self.columns.get(col) else {
            return ChartData::Empty("nothing to chart".into());
        };
        let by = self.columns.first().map_or("", |k| k.header.as_str());
        let title = format!("{} per {by}", c.header);
        let rows = (0..self.rows.len()).map(|i| {
            let key = BarKey::Group {
                row: i as u32,
                col: col as u32,
            };
            (key, self.value(i, col))
        });
        chart::keyed_bars(title, rows, (c.unit, c.currency), scale)
    }

    /// What a bar of this table's chart shows: its row's label and figure (see
    /// `BarKey::Group`); `None` for another key.
    pub fn shown(&self, ds: &Dataset, key: &BarKey) -> Option<(String, String)> {
        match *key {
            BarKey::Group { row, col } => {
                let row = row as usize;
                Some((self.label(ds, row).into_owned(), self.text(ds, row, col as usize)))
            }
            _ => None,
        }
    }

    /// Everything the table shows, row by row (label, filter term, numbers, texts), with its
    /// columns and notes: two tables built differently compare equal when they show the same.
    #[cfg(test)]
    #[allow(clippy::type_complexity)]
    pub(crate) fn as_shown(
        &self,
        ds: &Dataset,
    ) -> (
        Vec<GroupColumn>,
        Vec<(String, String, Vec<Option<u64>>, Vec<String>)>,
        (usize, usize, Vec<&'static str>),
    ) {
        let rows = (0..self.len())
            .map(|i| {
                let cols = 0..self.columns.len();
                (
                    self.label(ds, i).into_owned(),
                    self.term(ds, i),
                    cols.clone().map(|c| self.value(i, c).map(f64::to_bits)).collect(),
                    cols.map(|c| self.text(ds, i, c)).collect(),
                )
            })
            .collect();
        (
            self.columns.clone(),
            rows,
            (self.total, self.skipped, self.mixed.clone()),
        )
    }

    /// How the aggregates were computed, for the overlay's help line.
    pub fn method(&self) -> String {
        let mut s = "ƒ computed by labdash; money sums/medians/max use one currency per column (USD unless most figures are in another)".to_string();
        if self.skipped > 0 {
            s.push_str(&format!(
                ", {} figure{} in other currencies left out",
                self.skipped,
                if self.skipped == 1 { "" } else { "s" }
            ));
        }
        s.push_str("; rates take median/min/max, never a sum; a bound or range in a group makes its aggregate a bound or range");
        for label in &self.mixed {
            s.push_str(&format!(
                "; {label} is not aggregated: its rows hold figures of different metrics (filter to one metric to aggregate it)"
            ));
        }
        s
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::data::Dataset;
    use crate::view::columns::{columns, find};
    use crate::view::{Filter, Query, project};

    fn mini() -> Dataset {
        crate::data::load("mini", include_str!("../../tests/fixtures/mini.toml")).unwrap()
    }

    fn all(ds: &Dataset, view: ViewKind) -> Vec<u32> {
        (0..view.len(ds) as u32).collect()
    }

    #[test]
    fn median_by_selection_is_the_median_by_sorting() {
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        for n in 0..200 {
            let values: Vec<f64> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    // Repeats, zeros of both signs and large spreads.
                    match x % 7 {
                        0 => 0.0,
                        1 => -0.0,
                        2 => 5.0,
                        _ => (x % 1_000_000) as f64 * 1e3_f64.powi((x % 5) as i32),
                    }
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let want = match n {
                0 => None,
                _ if n % 2 == 1 => Some(sorted[n / 2]),
                _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
            };
            let mut v = values.clone();
            assert_eq!(median(&mut v).map(f64::to_bits), want.map(f64::to_bits), "{values:?}");
        }
    }

    /// The radix sort is the comparison sort it replaces: by `total_cmp` (reversed for
    /// `Desc`), ties and missing numbers in their given order, the missing last.
    #[test]
    fn radix_by_number_is_a_stable_sort_by_total_cmp() {
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for n in [0usize, 1, 2, 7, 300, 5000] {
            let values: Vec<Option<f64>> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    match x % 11 {
                        0 => None,
                        1 => Some(0.0),
                        2 => Some(-0.0),
                        3 => Some(f64::INFINITY),
                        4 => Some(f64::NEG_INFINITY),
                        5 => Some(f64::NAN),
                        6 => Some(1.0),
                        _ => Some(((x >> 8) % 2000) as f64 * 10f64.powi((x % 9) as i32 - 4) - 500.0),
                    }
                })
                .collect();
            let items: Vec<u32> = (0..n as u32).rev().collect();
            for dir in [SortDir::Asc, SortDir::Desc] {
                let mut want = items.clone();
                want.sort_by(|&a, &b| match (values[a as usize], values[b as usize]) {
                    (Some(p), Some(q)) if dir == SortDir::Desc => q.total_cmp(&p),
                    (Some(p), Some(q)) => p.total_cmp(&q),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                });
                assert_eq!(
                    radix_by_number(&items, |g| values[g as usize], dir),
                    want,
                    "{n} {dir:?}"
                );
            }
        }
    }

    #[test]
    fn median_of_odd_even_and_none() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn groups_by_country_with_counts_and_sums() {
        let ds = mini();
        let by = find(ViewKind::Models, "country").unwrap();
        let t = GroupTable::build(&ds, ViewKind::Models, &all(&ds, ViewKind::Models), by);
        let labels: Vec<String> = t.labels(&ds).map(|l| l.into_owned()).collect();
        assert_eq!(labels, ["US", "CN"]);
        assert_eq!(t.text(&ds, 0, 1), "2");
        assert_eq!(t.text(&ds, 1, 1), "1");
        let sum = t
            .columns
            .iter()
            .position(|c| c.agg == Agg::Sum && columns(ViewKind::Models)[c.source].id == "chips")
            .unwrap();
        assert!(t.columns[sum].header.ends_with('ƒ'));
        // US: Llama's `≤16,384` counts at its bound; GPT-4 has no chip count.
        assert_eq!(t.value(0, sum), Some(16384.0));
        assert_eq!(t.value(1, sum), Some(2048.0));
        assert_eq!(t.term(&ds, 0), "country=US");
    }

    #[test]
    fn missing_values_group_under_a_dash_that_sorts_last() {
        let ds = mini();
        let by = find(ViewKind::Models, "chip").unwrap();
        let mut t = GroupTable::build(&ds, ViewKind::Models, &all(&ds, ViewKind::Models), by);
        t.sort(0, SortDir::Asc);
        let labels: Vec<String> = t.labels(&ds).map(|l| l.into_owned()).collect();
        assert_eq!(labels, ["H100 SXM5 80GB", "H800 SXM5", "—"]);
        assert_eq!(t.term(&ds, 0), "chip=\"H100 SXM5 80GB\"");
        assert_eq!(t.term(&ds, 2), "chip=\"\"");
        t.sort(0, SortDir::Desc);
        assert_eq!(t.labels(&ds).last().as_deref(), Some("—"));
    }

    #[test]
    fn every_group_term_selects_exactly_its_rows() {
        let ds = mini();
        for view in [ViewKind::Models, ViewKind::Labs, ViewKind::Claims] {
            for by in 0..columns(view).len() {
                let t = GroupTable::build(&ds, view, &all(&ds, view), by);
                let total: usize = (0..t.len()).map(|i| t.value(i, 1).unwrap() as usize).sum();
                assert_eq!(total, view.len(&ds));
                for i in 0..t.len() {
                    let term = t.term(&ds, i);
                    let filter = Filter::parse(view, &term).unwrap_or_else(|e| panic!("{term}: {e}"));
                    let q = Query {
                        view,
                        sort: None,
                        filter,
                    };
                    assert_eq!(
                        project(&ds, &q).len(),
                        t.value(i, 1).unwrap() as usize,
                        "{view:?} {term}"
                    );
                }
            }
        }
    }

    #[test]
    fn sorts_numbers_with_missing_last() {
        let ds = mini();
        let by = find(ViewKind::Models, "name").unwrap();
        let mut t = GroupTable::build(&ds, ViewKind::Models, &all(&ds, ViewKind::Models), by);
        let flop = t
            .columns
            .iter()
            .position(|c| c.agg == Agg::Max && columns(ViewKind::Models)[c.source].id == "train_flop")
            .unwrap();
        t.sort(flop, SortDir::Asc);
        assert_eq!(t.label(&ds, 0), "Llama 3.1 405B");
        assert_eq!(t.text(&ds, 0, flop), "3.8e25");
        assert_eq!(t.text(&ds, 2, flop), "—");
        t.sort(flop, SortDir::Desc);
        assert_eq!(t.text(&ds, 2, flop), "—");
    }

    #[test]
    fn rates_are_never_summed_and_bounds_stay_bounds() {
        let ds = crate::data::load(crate::data::BUNDLED_NAME, crate::data::BUNDLED).unwrap();
        let by = find(ViewKind::Models, "lab").unwrap();
        let t = GroupTable::build(&ds, ViewKind::Models, &all(&ds, ViewKind::Models), by);
        let headers: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
        for rate in ["$/GPU-h", "Days", "FLOP/$"] {
            assert!(!headers.contains(&format!("{rate} sum ƒ").as_str()), "{headers:?}");
            assert!(headers.contains(&format!("{rate} median ƒ").as_str()), "{headers:?}");
            assert!(headers.contains(&format!("{rate} min ƒ").as_str()), "{headers:?}");
        }
        // OpenAI's cost sum includes GPT-4's "over $100M": the sum is a bound, not a number.
        let sum = t.columns.iter().position(|c| c.header == "Cost sum ƒ").unwrap();
        let openai = t.labels(&ds).position(|l| l == "OpenAI").unwrap();
        let text = t.text(&ds, openai, sum);
        assert!(text.starts_with('>'), "{text}");
    }

    #[test]
    fn numeric_keys_group_by_decade_and_sort_as_numbers() {
        let ds = crate::data::load(crate::data::BUNDLED_NAME, crate::data::BUNDLED).unwrap();
        let by = find(ViewKind::Models, "train_flop").unwrap();
        let mut t = GroupTable::build(&ds, ViewKind::Models, &all(&ds, ViewKind::Models), by);
        t.sort(0, SortDir::Asc);
        let labels: Vec<String> = t.labels(&ds).map(|l| l.into_owned()).collect();
        assert!(labels.iter().any(|l| l == "1e24–1e25"), "{labels:?}");
        assert_eq!(labels.last().map(String::as_str), Some("—"));
        let at: Vec<f64> = (0..t.len()).filter_map(|i| t.value(i, 0)).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{labels:?}");
        // Each decade's term selects exactly its rows.
        for i in 0..t.len() {
            let term = t.term(&ds, i);
            let filter = Filter::parse(ViewKind::Models, &term).unwrap();
            let q = Query {
                view: ViewKind::Models,
                sort: None,
                filter,
            };
            assert_eq!(Some(project(&ds, &q).len() as f64), t.value(i, 1), "{term}");
        }
        // Chips by TDP: 1,000 W before 10,000 W, whatever the text says.
        let by = find(ViewKind::Chips, "tdp_w").unwrap();
        let mut t = GroupTable::build(&ds, ViewKind::Chips, &all(&ds, ViewKind::Chips), by);
        t.sort(0, SortDir::Desc);
        let at: Vec<f64> = (0..t.len()).filter_map(|i| t.value(i, 0)).collect();
        assert!(at.windows(2).all(|w| w[0] > w[1]), "{at:?}");
    }

    /// Groups of one show their record's own figure in every aggregate, as `interval_stats`
    /// makes it (made from the column's figure array when the row is drawn).
    #[test]
    fn groups_of_one_show_their_records_figures() {
        let text = crate::generate::dataset(crate::generate::Sizes::models(300), 31);
        for ds in [
            crate::data::load(crate::data::BUNDLED_NAME, crate::data::BUNDLED).unwrap(),
            crate::data::load("gen", &text).unwrap(),
        ] {
            let view = ViewKind::Models;
            let cols = columns(view);
            let t = GroupTable::build(&ds, view, &all(&ds, view), find(view, "name").unwrap());
            for (i, label) in t.labels(&ds).enumerate() {
                let records: Vec<u32> = all(&ds, view)
                    .into_iter()
                    .filter(|&r| crate::view::sort::cmp_ci(&ds.models[r as usize].name, &label).is_eq())
                    .collect();
                let [r] = records[..] else { continue };
                for (k, c) in t.columns.iter().enumerate().skip(2) {
                    let slot = STAT_ORDER.iter().position(|&a| a == c.agg).unwrap();
                    let want = match (cols[c.source].get)(&ds, r).value {
                        super::super::cell::Value::Fig { fig, currency, .. }
                            if c.unit != Unit::Money || currency == c.currency =>
                        {
                            let (lo, hi) = span(&fig);
                            let s = interval_stats(&mut [lo], &mut [hi], fig.approx).unwrap();
                            format::figure(&s[slot], c.unit, c.currency)
                        }
                        _ => format::MISSING.to_string(),
                    };
                    assert_eq!(t.text(&ds, i, k), want, "{label} {}", c.header);
                }
            }
        }
    }

    /// A group's sums, medians and maxima do not depend on how its rows are sorted: the same
    /// rows in another order give bit-identical figures (a sum's last bits depend on the order
    /// of its terms, so sums are taken in record order).
    #[test]
    fn aggregates_do_not_depend_on_the_rows_order() {
        let text = crate::generate::dataset(crate::generate::Sizes::models(700), 41);
        let ds = crate::data::load("gen", &text).unwrap();
        for view in ViewKind::ALL {
            let n = view.len(&ds) as u32;
            let scrambled: Vec<u32> = (0..n).map(|r| (r * 7919) % n.max(1)).filter(|r| r % 5 != 2).collect();
            let mut sorted = scrambled.clone();
            sorted.sort_unstable();
            let reversed: Vec<u32> = sorted.iter().rev().copied().collect();
            for by in 0..columns(view).len() {
                let table = |rows: &[u32]| {
                    let t = GroupTable::build(&ds, view, rows, by);
                    let mut v: Vec<(String, Vec<Option<u64>>)> = (0..t.len())
                        .map(|i| {
                            let values = (0..t.columns.len()).map(|c| t.value(i, c).map(f64::to_bits)).collect();
                            (t.term(&ds, i), values)
                        })
                        .collect();
                    v.sort();
                    (t.columns, v)
                };
                let want = table(&sorted);
                assert_eq!(table(&scrambled), want, "{view:?} by {}", columns(view)[by].id);
                assert_eq!(table(&reversed), want, "{view:?} by {}", columns(view)[by].id);
            }
        }
    }

    #[test]
    fn charts_a_group_column() {
        let ds = mini();
        let by = find(ViewKind::Models, "country").unwrap();
        let t = GroupTable::build(&ds, ViewKind::Models, &all(&ds, ViewKind::Models), by);
        match t.bars(0, Scale::Linear) {
            ChartData::Bars(b) => {
                assert_eq!(b.items.len(), 2);
                assert_eq!(b.items[0].value, 2.0);
                assert!(b.title.starts_with("Rows per Country"));
                // Each bar's label and figure come from its row of the table.
                assert_eq!(t.shown(&ds, &b.items[0].key), Some(("US".to_string(), "2".to_string())));
                assert_eq!(t.shown(&ds, &b.items[1].key), Some(("CN".to_string(), "1".to_string())));
            }
            other => panic!("{other:?}"),
        }
    }
}
