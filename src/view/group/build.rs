//! Building the group table fast enough for 100k rows: the rows are grouped once (`keys`),
//! every numeric column's figures are read in one pass over the records in record order
//! (`visit`), and each column is then aggregated group by group from plain `f64`s — no cell
//! text, no allocation per row. One thread: splitting the columns over two saved ~2 ms at 100k
//! on an idle two-core machine but cost ~4 ms (median) when the other core was busy. The tests
//! pin the result to brute-force definitions (`oracle`).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

use crate::data::{Currency, Dataset, Figure, Unit};
use crate::view::ViewKind;
use crate::view::cell::Value;
use crate::view::chart;
use crate::view::columns::{ColType, Getter, columns};
use crate::view::figures::FigureColumn;
use crate::view::format;
use crate::view::ranks::Ranks;
use crate::view::sort::{SortDir, TextKey, cmp_ci, cmp_text_keys_by, text_key};
use crate::view::visit;

use super::keys::{self, Members, Rule};
use super::{Agg, GroupColumn, GroupRow, GroupTable, STAT_ORDER, exact_stats, interval_stats, key_of, label_of};

/// The numeric columns' figures, group by group (rows in record order within a group), a row's
/// figures together: the `i`th row of that order has column `j`'s figure at `i * width + j`.
/// Written in record order, read front to back by the aggregation.
struct Figures {
    /// Columns.
    width: usize,
    /// The figures' lowest possible values (0 for an upper bound), meaningful where
    /// `currency` is set.
    lo: Vec<f64>,
    /// Their highest possible values (∞ for a lower bound).
    hi: Vec<f64>,
    /// Whether each is approximate.
    approx: Vec<bool>,
    /// Each figure's currency; `None` = no figure.
    currency: Vec<Option<Currency>>,
    /// Per column: the unit of its first figure in row order, and the currencies of all.
    seen: Vec<Seen>,
}

/// What a pass learnt about a column besides its figures.
#[derive(Clone, Default)]
struct Seen {
    /// The position (in the rows) of its first figure, and that figure's unit.
    first: Option<(u32, Unit)>,
    /// The currencies of its figures.
    currencies: Vec<Currency>,
}

/// Each row's place in the group-by-group order, by position in the rows.
fn places(m: &Members) -> Vec<u32> {
    let mut place = vec![0u32; m.order.len()];
    for (i, &p) in (0..).zip(&m.order) {
        place[p as usize] = i;
    }
    place
}

/// Figure arrays built in idle time, by view column (`None`: read the cells).
pub(crate) type Arrays<'a> = Option<&'a crate::view::figures::Arrays>;

/// The figures of columns `cols` for every row, in one pass over the records (`order`: the
/// rows' `visit::record_order`), each row's written at its place; from `arrays` where built.
fn read(
    ds: &Dataset,
    view: ViewKind,
    cols: &[usize],
    order: &[(u32, u32)],
    place: &[u32],
    arrays: Arrays<'_>,
) -> Figures {
    let width = cols.len();
    let mut f = Figures {
        width,
        lo: vec![0.0; order.len() * width],
        hi: vec![0.0; order.len() * width],
        approx: vec![false; order.len() * width],
        currency: vec![None; order.len() * width],
        seen: vec![Seen::default(); width],
    };
    let all = columns(view);
    // `chart::cell` without its checks per cell: the getters once, the row's range per row.
    let getters: Vec<Option<Getter>> = cols.iter().map(|&c| all.get(c).map(|c| c.get)).collect();
    let built: Vec<Option<&FigureColumn>> = cols
        .iter()
        .map(|&c| arrays.and_then(|a| a.get(c)).and_then(Option::as_deref))
        .collect();
    let len = view.len(ds);
    for &(r, p) in order.iter().filter(|v| (v.0 as usize) < len) {
        let at = place[p as usize] as usize * width;
        for (((get, seen), j), built) in getters.iter().zip(&mut f.seen).zip(at..).zip(&built) {
            if let Some(col) = built {
                if let Some(fig) = col.get(r) {
                    (f.lo[j], f.hi[j]) = (fig.lo, fig.hi);
                    f.approx[j] = fig.approx;
                    f.currency[j] = Some(fig.currency);
                    if seen.first.is_none_or(|(q, _)| p < q) {
                        seen.first = Some((p, col.unit));
                    }
                    if !seen.currencies.contains(&fig.currency) {
                        seen.currencies.push(fig.currency);
                    }
                }
                continue;
            }
            let Some(get) = get else { continue };
            let cell = get(ds, r);
            if let Value::Fig { fig, unit, currency } = &cell.value {
                (f.lo[j], f.hi[j]) = span(fig);
                f.approx[j] = fig.approx;
                f.currency[j] = Some(*currency);
                if seen.first.is_none_or(|(q, _)| p < q) {
                    seen.first = Some((p, *unit));
                }
                if !seen.currencies.contains(currency) {
                    seen.currencies.push(*currency);
                }
            }
        }
    }
    f
}

/// A figure's lowest and highest possible values (see `interval_stats`).
pub(crate) fn span(fig: &Figure) -> (f64, f64) {
    (fig.lo.unwrap_or(0.0), fig.hi.unwrap_or(f64::INFINITY))
}

/// A numeric column aggregated per group.
#[derive(Clone, Debug, PartialEq)]
struct Stats {
    /// Unit of its figures (`None`: no row has one).
    unit: Option<Unit>,
    /// The one currency money is aggregated in.
    currency: Currency,
    /// Per group: the aggregates in `STAT_ORDER` (all or none: a group without figures).
    groups: Vec<Option<[Figure; 4]>>,
    /// When every group is one row: the column's array, each group's aggregates being its
    /// row's figure (made when the group's row is drawn, not kept for 100k groups at once).
    single: Option<Arc<FigureColumn>>,
    /// Money figures left out for being in another currency.
    skipped: usize,
}

impl Stats {
    /// Group `g`'s aggregates (`first`: each group's first record; `len`: the view's record
    /// count).
    fn group(&self, g: usize, first: &[u32], len: usize) -> Option<[Figure; 4]> {
        let Some(a) = &self.single else {
            return self.groups.get(g).copied().flatten();
        };
        let f = first.get(g).filter(|&&r| (r as usize) < len).and_then(|&r| a.get(r))?;
        if self.unit == Some(Unit::Money) && f.currency != self.currency {
            return None;
        }
        interval_stats(&mut [f.lo], &mut [f.hi], f.approx)
    }
}

/// What the group table reads its rows' numbers from, by group number: made once when the
/// table is built, each row's numbers and figures taken from it when drawn or sorted by.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Groups {
    /// The aggregated columns.
    stats: Vec<Stats>,
    /// By table column: the aggregated column (in `stats`) and the `STAT_ORDER` slot shown.
    slots: Vec<Option<(usize, usize)>>,
    /// Each group's first record (in row order).
    first: Vec<u32>,
    /// Each group's rows.
    count: Vec<u32>,
    /// Each group's number for sorting the key column (decades, years).
    key: Vec<Option<f64>>,
    /// The groups' labels, one after another (one allocation, not one per group)…
    labels: String,
    /// …group `g`'s at `spans[g]` (start, end). Both empty when the labels are read from the
    /// data when asked (`lazy`).
    spans: Vec<(u32, u32)>,
    /// The view and column grouped by, whose cells a lazy label is read from.
    source: (ViewKind, usize),
    /// Whether labels are read from the data when asked: each group's first text, shown as
    /// it is, when the sort ranks gave the groups and their order (100k groups of one read
    /// only the labels drawn).
    lazy: bool,
    /// The groups in label order (case-insensitive, as the table sorts ties): every sort
    /// starts from it, so that a sort whose ties are all by label (100k groups of one, each
    /// counted once) finds its input in order and costs one pass.
    by_label: Vec<u32>,
    /// Where in `by_label` the groups labelled `—` are (equal labels are neighbours there).
    dashes: std::ops::Range<usize>,
    /// Whether some group's key is a number (then the key column sorts by it).
    keyed: bool,
    /// The view's record count when built.
    len: usize,
}

impl Groups {
    /// Group `g`'s aggregate in table column `col` (`None` for key and count, or no figure).
    pub(super) fn figure(&self, g: u32, col: usize) -> Option<Figure> {
        let (k, slot) = self.slots.get(col).copied().flatten()?;
        let s = self.stats.get(k)?.group(g as usize, &self.first, self.len)?;
        s.get(slot).copied()
    }

    /// Group `g`'s number in table column `col`: its key's, its count, or its aggregate's.
    pub(super) fn value(&self, g: u32, col: usize) -> Option<f64> {
        match col {
            0 => self.key.get(g as usize).copied().flatten(),
            1 => self.count.get(g as usize).map(|&n| f64::from(n)),
            _ => self.figure(g, col).map(|f| f.key()),
        }
    }

    /// Group `g`'s label, read from `ds` (the data the table was built from) when lazy.
    pub(super) fn label<'a>(&'a self, ds: &'a Dataset, g: u32) -> Cow<'a, str> {
        if !self.lazy {
            return Cow::Borrowed(self.stored_label(g));
        }
        let Some(&r) = self.first.get(g as usize) else {
            return Cow::Borrowed("");
        };
        text_label(ds, self.source, r)
    }

    /// Group `g`'s label when the table keeps its labels (`""` when lazy).
    pub(super) fn stored_label(&self, g: u32) -> &str {
        let (start, end) = self.spans.get(g as usize).copied().unwrap_or_default();
        self.labels.get(start as usize..end as usize).unwrap_or("")
    }

    /// Where in the label order the groups labelled `—` are.
    pub(super) fn dashes(&self) -> std::ops::Range<usize> {
        self.dashes.clone()
    }

    /// Whether some group's key is a number (decades, years).
    pub(super) fn keyed(&self) -> bool {
        self.keyed
    }

    /// The groups in label order.
    pub(super) fn by_label(&self) -> &[u32] {
        &self.by_label
    }

    /// Group `g`'s first record.
    pub(super) fn first(&self, g: u32) -> Option<u32> {
        self.first.get(g as usize).copied()
    }
}

/// The most common currency of column `j`; among equals the last to appear, group by group.
fn tally(f: &Figures, j: usize) -> Currency {
    let mut tally: Vec<(Currency, usize)> = Vec::new();
    for c in f.currency.iter().skip(j).step_by(f.width).flatten() {
        match tally.iter_mut().find(|(x, _)| x == c) {
            Some(t) => t.1 += 1,
            None => tally.push((*c, 1)),
        }
    }
    tally.iter().max_by_key(|t| t.1).map_or(Currency::Usd, |t| t.0)
}

/// Sum, median and largest figure of every column, group by group (one pass over the rows).
fn aggregate(f: &Figures, m: &Members) -> Vec<Stats> {
    let w = f.width;
    let mut out: Vec<Stats> = (0..w)
        .map(|j| Stats {
            unit: f.seen[j].first.map(|(_, u)| u),
            // One currency needs no tally.
            currency: match f.seen[j].currencies.as_slice() {
                [] => Currency::Usd,
                [one] => *one,
                _ => tally(f, j),
            },
            groups: Vec::with_capacity(m.start.len()),
            single: None,
            skipped: 0,
        })
        .collect();
    let money: Vec<bool> = out.iter().map(|s| s.unit == Some(Unit::Money)).collect();
    let mut figures: Vec<(Vec<f64>, Vec<f64>, bool)> = vec![(Vec::new(), Vec::new(), false); w];
    for range in m.start.windows(2) {
        figures.iter_mut().for_each(|(lo, hi, approx)| {
            lo.clear();
            hi.clear();
            *approx = false;
        });
        for i in range[0]..range[1] {
            for (j, (lo, hi, approx)) in figures.iter_mut().enumerate() {
                match f.currency[i * w + j] {
                    Some(c) if money[j] && c != out[j].currency => out[j].skipped += 1,
                    Some(_) => {
                        lo.push(f.lo[i * w + j]);
                        hi.push(f.hi[i * w + j]);
                        *approx |= f.approx[i * w + j];
                    }
                    None => {}
                }
            }
        }
        for (s, (lo, hi, approx)) in out.iter_mut().zip(&mut figures) {
            // Summed in record order within the group, whatever the rows' sort.
            s.groups.push(interval_stats(lo, hi, *approx));
        }
    }
    out
}

/// `aggregate` of one column from its idle-time array: no working copy of the figures (whose
/// fresh memory costs more than the arithmetic), the figures read group by group. `recs` are
/// the members' records, group by group (`m.order` read through the rows; `u32::MAX` for a
/// row past the data).
fn aggregate_array(a: &Arc<FigureColumn>, recs: &[u32], m: &Members) -> Stats {
    // As `tally`: the most common currency, among equals the last to appear group by group.
    let count = |tally: &mut Vec<(Currency, usize)>, c: Currency| match tally.iter_mut().find(|(x, _)| *x == c) {
        Some(t) => t.1 += 1,
        None => tally.push((c, 1)),
    };
    let most = |tally: &[(Currency, usize)]| tally.iter().max_by_key(|t| t.1).map_or(Currency::Usd, |t| t.0);
    let single = m.order.len() + 1 == m.start.len();
    // Money needs its currency before it is summed (others are left out); other columns
    // count theirs while they are aggregated, in the same pass.
    let mut tally: Vec<(Currency, usize)> = Vec::new();
    if a.unit == Unit::Money || single {
        for c in recs.iter().filter_map(|&r| a.currency(r)) {
            count(&mut tally, c);
        }
    }
    let money = a.unit == Unit::Money && !tally.is_empty();
    let currency = most(&tally);
    if single {
        let skipped = if money {
            tally.iter().filter(|t| t.0 != currency).map(|t| t.1).sum()
        } else {
            0
        };
        return Stats {
            unit: (!tally.is_empty()).then_some(a.unit),
            currency,
            groups: Vec::new(),
            single: Some(Arc::clone(a)),
            skipped,
        };
    }
    let (mut lo, mut hi, mut skipped) = (Vec::new(), Vec::new(), 0);
    let mut groups = Vec::with_capacity(m.start.len());
    // Exact figures in one currency (most columns): each group's lows in a tight loop. The
    // same statistics as below: nothing is skipped, nothing spread, one currency counted.
    if let Some(only) = a.plain() {
        let mut total = 0;
        for range in m.start.windows(2) {
            lo.clear();
            let approx = a.lows(&recs[range[0]..range[1]], &mut lo);
            total += lo.len();
            groups.push(exact_stats(&mut lo, approx));
        }
        return Stats {
            unit: (total > 0).then_some(a.unit),
            currency: only,
            groups,
            single: None,
            skipped: 0,
        };
    }
    for range in m.start.windows(2) {
        lo.clear();
        hi.clear();
        // The highs are kept only once a figure's differs from its low (most are exact).
        let (mut approx, mut spread) = (false, false);
        for f in recs[range[0]..range[1]].iter().filter_map(|&r| a.get(r)) {
            if money {
                if f.currency != currency {
                    skipped += 1;
                    continue;
                }
            } else {
                count(&mut tally, f.currency);
            }
            if !spread && f.hi.to_bits() != f.lo.to_bits() {
                spread = true;
                hi.extend_from_slice(&lo);
            }
            lo.push(f.lo);
            if spread {
                hi.push(f.hi);
            }
            approx |= f.approx;
        }
        groups.push(if spread {
            interval_stats(&mut lo, &mut hi, approx)
        } else {
            exact_stats(&mut lo, approx)
        });
    }
    Stats {
        unit: (!tally.is_empty()).then_some(a.unit),
        currency: if money { currency } else { most(&tally) },
        groups,
        single: None,
        skipped,
    }
}

/// Columns read in one pass over the records of a view over `FEW_PASSES_ROWS` rows: every
/// pass reads the records again, but one pass for all columns needs working arrays so large
/// (1M rows: 117 MB) that faulting in their fresh memory costs more than the reading.
const BATCH: usize = 4;

/// See `BATCH`: up to this many rows, one pass reads all of a thread's columns.
#[cfg(not(test))]
const FEW_PASSES_ROWS: usize = 256 * 1024;
/// Low in tests, so that the oracle's checks cover batches too.
#[cfg(test)]
const FEW_PASSES_ROWS: usize = 512;

/// Views this large have their columns read and aggregated on two threads.
#[cfg(not(test))]
const PARALLEL_ROWS: usize = 16 * 1024;
/// Low in tests, so that the oracle's checks cover both paths.
#[cfg(test)]
const PARALLEL_ROWS: usize = 64;

/// The statistics of columns `numeric` (in that order): each column's are computed on its
/// own, so large views give alternate columns to a second thread — same numbers, about half
/// the time. Should that thread fail, its columns are done here.
fn column_stats(
    ds: &Dataset,
    view: ViewKind,
    numeric: &[usize],
    (rows, order): (&[u32], &[(u32, u32)]),
    members: &Members,
    arrays: Arrays<'_>,
) -> Vec<Stats> {
    // Straight from the arrays: the members of a group are in record order, so each group
    // reads the arrays forwards whatever order the rows are sorted in.
    let array = |c: usize| arrays.and_then(|a| a.get(c)).and_then(Option::as_ref);
    let place = if numeric.iter().all(|&c| array(c).is_some()) {
        Vec::new()
    } else {
        places(members)
    };
    let len = view.len(ds);
    // The members' records, read through the rows once for all the columns from arrays.
    let recs: Vec<u32> = if numeric.iter().any(|&c| array(c).is_some()) {
        members
            .order
            .iter()
            .map(|&p| {
                rows.get(p as usize)
                    .copied()
                    .filter(|&r| (r as usize) < len)
                    .unwrap_or(u32::MAX)
            })
            .collect()
    } else {
        Vec::new()
    };
    let run = |cols: &[usize]| -> Vec<Stats> {
        let cells: Vec<usize> = cols.iter().copied().filter(|&c| array(c).is_none()).collect();
        let batch = if order.len() <= FEW_PASSES_ROWS {
            cells.len().max(1)
        } else {
            BATCH
        };
        let mut from_cells = cells
            .chunks(batch)
            .flat_map(|batch| aggregate(&read(ds, view, batch, order, &place, arrays), members));
        cols.iter()
            .filter_map(|&c| match array(c) {
                Some(a) => Some(aggregate_array(a, &recs, members)),
                None => from_cells.next(),
            })
            .collect()
    };
    let two = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if !two || numeric.len() < 2 || order.len() < PARALLEL_ROWS {
        return run(numeric);
    }
    // Alternate columns, so that costly neighbours (derived figures) are shared out.
    let even: Vec<usize> = numeric.iter().copied().step_by(2).collect();
    let odd: Vec<usize> = numeric.iter().copied().skip(1).step_by(2).collect();
    let (even, odd) = std::thread::scope(|s| {
        let other = s.spawn(|| run(&odd));
        let mine = run(&even);
        (mine, other.join().ok())
    });
    let odd = odd.unwrap_or_else(|| run(&numeric.iter().copied().skip(1).step_by(2).collect::<Vec<_>>()));
    let mut out = Vec::with_capacity(numeric.len());
    let (mut e, mut o) = (even.into_iter(), odd.into_iter());
    for i in 0..numeric.len() {
        out.extend(if i % 2 == 0 { e.next() } else { o.next() });
    }
    out
}

/// The label of a group whose column's texts are all shown as they are (`Ranks::printable`):
/// its first record's text, borrowed from the data, or `—`.
fn text_label(ds: &Dataset, (view, by): (ViewKind, usize), r: u32) -> Cow<'_, str> {
    match chart::cell(ds, view, by, r).value {
        Value::Text(t) => t,
        _ => Cow::Borrowed(format::MISSING),
    }
}

/// The groups in rank order when each is one rank class of a text column (see
/// `keys::group_ranked`), and apart the group of the rows without a value (whose class comes
/// last in ranks but whose label `—` sorts among the others); `None` when they are not.
fn rank_order(grouping: &keys::Grouping, rows: &[u32], ranks: &Ranks) -> Option<(Vec<u32>, Option<u32>)> {
    if !ranks.texts() {
        return None;
    }
    let mut slot = vec![u32::MAX; ranks.classes() as usize];
    let mut missing = None;
    for (g, &p) in (0..).zip(&grouping.first) {
        match rows.get(p as usize).map(|&r| ranks.get(r)) {
            Some(k) if (k as usize) < slot.len() && slot[k as usize] == u32::MAX => slot[k as usize] = g,
            _ if missing.is_none() => missing = Some(g),
            _ => return None,
        }
    }
    let order: Vec<u32> = slot.into_iter().filter(|&g| g != u32::MAX).collect();
    (order.len() + usize::from(missing.is_some()) == grouping.len()).then_some((order, missing))
}

/// `order` (groups in label order) with group `missing` placed by its label.
fn with_missing(mut order: Vec<u32>, missing: Option<u32>, cmp: &dyn Fn(u32, u32) -> Ordering) -> Vec<u32> {
    if let Some(m) = missing {
        let at = order.partition_point(|&g| cmp(g, m).is_lt());
        order.insert(at, m);
    }
    order
}

/// The groups in label order, stably, from their stored labels: from the sort ranks when the
/// groups are their classes (one pass, checked pair by pair against the labels, since a label
/// is the text made printable), else by comparing labels.
fn label_order<'a>(
    grouping: &keys::Grouping,
    label: &dyn Fn(u32) -> &'a str,
    rows: &[u32],
    ranks: Option<&Ranks>,
) -> Vec<u32> {
    // The order `sort::cmp_text_keys` gives labels (case-insensitive).
    let cmp = |a: u32, b: u32| cmp_ci(label(a), label(b));
    if let Some((order, missing)) = ranks.and_then(|r| rank_order(grouping, rows, r)) {
        let order = with_missing(order, missing, &cmp);
        if order.windows(2).all(|w| cmp(w[0], w[1]).is_lt()) {
            return order;
        }
    }
    // By each label's key (its first bytes), the texts compared only where keys tie.
    let keys: Vec<TextKey> = (0..grouping.len() as u32).map(|g| text_key(label(g))).collect();
    let mut order: Vec<u32> = (0..grouping.len() as u32).collect();
    order.sort_by(|&a, &b| cmp_text_keys_by(keys[a as usize], keys[b as usize], || (label(a), label(b))));
    order
}

/// Where the groups labelled `—` are in `by_label` (a label order).
fn dashes<'a>(by_label: &[u32], label: &dyn Fn(u32) -> Cow<'a, str>) -> std::ops::Range<usize> {
    let start = by_label.partition_point(|&g| cmp_ci(&label(g), format::MISSING).is_lt());
    let n = by_label[start..]
        .iter()
        .take_while(|&&g| label(g) == format::MISSING)
        .count();
    start..start + n
}

impl GroupTable {
    /// Groups `rows` of `view` by column `by`; groups come largest first.
    pub fn build(ds: &Dataset, view: ViewKind, rows: &[u32], by: usize) -> GroupTable {
        Self::build_with(ds, view, rows, by, None, None)
    }

    /// `build`, reading figures from `arrays` (the view's `FigureColumn`s by column, built
    /// from `ds` in idle time) where they are built, and grouping a text column by its sort
    /// `ranks`: the same table, without the cell reads.
    pub fn build_with(
        ds: &Dataset,
        view: ViewKind,
        rows: &[u32],
        by: usize,
        arrays: Arrays<'_>,
        ranks: Option<&Ranks>,
    ) -> GroupTable {
        let cols = columns(view);
        // A column whose rows measure different things here (a claim's value: chips beside
        // dollars) is never aggregated.
        let mixed: Vec<usize> = (0..cols.len()).filter(|&i| cols[i].mixes_measures(ds, rows)).collect();
        let numeric: Vec<usize> = (0..cols.len())
            .filter(|&i| cols[i].ty == ColType::Number && !mixed.contains(&i))
            .collect();
        let order = visit::record_order(rows);
        let grouping = keys::group_ranked(ds, view, by, &order, Rule::Group, ranks);
        let members = Members::of_in_record_order(&grouping, &order);
        let stats = column_stats(ds, view, &numeric, (rows, &order), &members, arrays);
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
        let kept: Vec<usize> = (0..numeric.len()).filter(|&k| stats[k].unit.is_some()).collect();
        for agg in STAT_ORDER {
            for &k in kept.iter().filter(|&&k| agg.allowed(cols[numeric[k]].aggregation)) {
                let c = numeric[k];
                // The unit as the table's header names it: only where the figures do not.
                let unit = match cols[c].unit {
                    u if u.is_empty() || cols[c].unit_in_cells() => String::new(),
                    u => format!(" ({u})"),
                };
                table_cols.push(GroupColumn {
                    header: format!("{} {}{unit} ƒ", cols[c].label, agg.name()),
                    agg,
                    source: c,
                    unit: stats[k].unit.unwrap_or(Unit::Count),
                    currency: stats[k].currency,
                });
            }
        }
        let skipped = kept.iter().map(|&k| stats[k].skipped).sum();
        // Each table column's aggregated column and statistic, in the order pushed above.
        let mut slots: Vec<Option<(usize, usize)>> = vec![None, None];
        for (slot, agg) in STAT_ORDER.into_iter().enumerate() {
            slots.extend(
                (0..kept.len())
                    .filter(|&i| agg.allowed(cols[numeric[kept[i]]].aggregation))
                    .map(|i| Some((i, slot))),
            );
        }
        let shown = cols.get(by).filter(|c| c.shown.is_some() && c.ty == ColType::Text);
        let rows_out = (0..grouping.len() as u32).map(|g| GroupRow { g }).collect();
        let first: Vec<u32> = grouping.first.iter().map(|&p| rows[p as usize]).collect();
        // Texts shown as they are, grouped by their ranks: the ranks give the label order and
        // the labels are read when drawn.
        let lazy = ranks
            .filter(|r| shown.is_none() && r.texts() && r.printable())
            .and_then(|r| rank_order(&grouping, rows, r));
        let is_lazy = lazy.is_some();
        let mut key = vec![None; grouping.len()];
        let (mut labels, mut spans) = (String::new(), Vec::new());
        let by_label = if let Some((order, missing)) = lazy {
            let label = |g: u32| text_label(ds, (view, by), first[g as usize]);
            with_missing(order, missing, &|a, b| cmp_ci(&label(a), &label(b)))
        } else {
            // Labels come from each group's first row: what the table sorts by on ties. Read
            // in record order (the records' memory forwards, whatever the rows' sort), one
            // after another in one string.
            spans = vec![(0u32, 0u32); grouping.len()];
            // Few groups: their first rows directly; many: found by a walk of all rows.
            let firsts: Box<dyn Iterator<Item = (u32, u32)>> = if grouping.len() * 16 < order.len() {
                Box::new((0..).zip(&first).map(|(g, &r)| (r, g)))
            } else {
                Box::new(order.iter().filter_map(|&(r, p)| {
                    let &g = grouping.of_row.get(p as usize)?;
                    (grouping.first.get(g as usize) == Some(&p)).then_some((r, g))
                }))
            };
            for (r, g) in firsts {
                let cell = chart::cell(ds, view, by, r);
                let start = labels.len();
                // A column showing a title for an id (a claim's metric) labels its groups so.
                match shown {
                    Some(c) => labels.push_str(&crate::view::format::value_text(&c.screen(ds, r))),
                    None => labels.push_str(&label_of(&cell)),
                }
                key[g as usize] = key_of(&cell);
                // Labels past 4 GiB in all would need wider offsets: cut there (never met).
                let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                spans[g as usize] = (at(start), at(labels.len()));
            }
            let label = |g: u32| {
                let (start, end) = spans[g as usize];
                labels.get(start as usize..end as usize).unwrap_or("")
            };
            label_order(&grouping, &label, rows, ranks)
        };
        // The kept columns' statistics (`kept` is in column order).
        let kept_stats: Vec<Stats> = stats
            .into_iter()
            .enumerate()
            .filter_map(|(k, s)| kept.contains(&k).then_some(s))
            .collect();
        let mut groups = super::build::Groups {
            stats: kept_stats,
            slots,
            first,
            count: (0..grouping.len()).map(|g| members.group(g).len() as u32).collect(),
            keyed: key.iter().any(Option::is_some),
            key,
            labels,
            spans,
            source: (view, by),
            lazy: is_lazy,
            by_label,
            dashes: 0..0,
            len: view.len(ds),
        };
        groups.dashes = dashes(&groups.by_label, &|g| groups.label(ds, g));
        let groups = groups;
        let mut table = GroupTable {
            view,
            by,
            columns: table_cols,
            rows: rows_out,
            groups,
            total: rows.len(),
            skipped,
            mixed: mixed.iter().filter_map(|&i| cols.get(i).map(|c| c.label)).collect(),
        };
        table.sort(1, SortDir::Desc);
        table
    }
}
