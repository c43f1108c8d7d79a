//! Building the group table fast enough for 100k rows: the rows are grouped once (`keys`),
//! every numeric column's figures are read in one pass over the records in record order
//! (`visit`), and each column is then aggregated group by group from plain `f64`s — no cell
//! text, no allocation per row. One thread: splitting the columns over two saved ~2 ms at 100k
//! on an idle two-core machine but cost ~4 ms (median) when the other core was busy. The tests
//! pin the result to brute-force definitions (`oracle`).

use crate::data::{Currency, Dataset, Figure, Unit};
use crate::view::ViewKind;
use crate::view::cell::Value;
use crate::view::chart;
use crate::view::columns::{ColType, Getter, columns};
use crate::view::figures::FigureColumn;
use crate::view::ranks::Ranks;
use crate::view::sort::SortDir;
use crate::view::visit;

use super::keys::{self, Members, Rule};
use super::{Agg, GroupColumn, GroupRow, GroupTable, STAT_ORDER, interval_stats};

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
pub(crate) type Arrays<'a> = Option<&'a [Option<FigureColumn>]>;

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
        .map(|&c| arrays.and_then(|a| a.get(c)).and_then(Option::as_ref))
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
struct Stats<'a> {
    /// Unit of its figures (`None`: no row has one).
    unit: Option<Unit>,
    /// The one currency money is aggregated in.
    currency: Currency,
    /// Per group: the aggregates in `STAT_ORDER` (all or none: a group without figures).
    groups: Vec<Option<[Figure; 4]>>,
    /// When every group is one row: the column's array, each group's aggregates being its
    /// row's figure (made when the group's row is built, not kept for 100k groups at once).
    single: Option<&'a FigureColumn>,
    /// Money figures left out for being in another currency.
    skipped: usize,
}

impl Stats<'_> {
    /// Group `g`'s aggregates (`rows`: the rows grouped; `len`: the view's record count).
    fn group(&self, g: usize, m: &Members, rows: &[u32], len: usize) -> Option<[Figure; 4]> {
        let Some(a) = self.single else {
            return self.groups.get(g).copied().flatten();
        };
        let f = m
            .group(g)
            .first()
            .and_then(|&p| rows.get(p as usize))
            .filter(|&&r| (r as usize) < len)
            .and_then(|&r| a.get(r))?;
        if self.unit == Some(Unit::Money) && f.currency != self.currency {
            return None;
        }
        interval_stats(&mut [f.lo], &mut [f.hi], f.approx)
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
fn aggregate(f: &Figures, m: &Members) -> Vec<Stats<'static>> {
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
/// fresh memory costs more than the arithmetic), the figures read group by group. `rows`
/// are the rows grouped, `len` the view's record count.
fn aggregate_array<'a>(a: &'a FigureColumn, rows: &[u32], m: &Members, len: usize) -> Stats<'a> {
    let fig = |p: u32| {
        rows.get(p as usize)
            .filter(|&&r| (r as usize) < len)
            .and_then(|&r| a.get(r))
    };
    // As `tally`: the most common currency, among equals the last to appear group by group.
    let mut tally: Vec<(Currency, usize)> = Vec::new();
    for f in m.order.iter().filter_map(|&p| fig(p)) {
        match tally.iter_mut().find(|(x, _)| *x == f.currency) {
            Some(t) => t.1 += 1,
            None => tally.push((f.currency, 1)),
        }
    }
    let unit = (!tally.is_empty()).then_some(a.unit);
    let currency = tally.iter().max_by_key(|t| t.1).map_or(Currency::Usd, |t| t.0);
    let money = unit == Some(Unit::Money);
    if m.order.len() + 1 == m.start.len() {
        let skipped = if money {
            tally.iter().filter(|t| t.0 != currency).map(|t| t.1).sum()
        } else {
            0
        };
        return Stats {
            unit,
            currency,
            groups: Vec::new(),
            single: Some(a),
            skipped,
        };
    }
    let (mut lo, mut hi, mut skipped) = (Vec::new(), Vec::new(), 0);
    let mut groups = Vec::with_capacity(m.start.len());
    for range in m.start.windows(2) {
        lo.clear();
        hi.clear();
        let mut approx = false;
        for f in m.order[range[0]..range[1]].iter().filter_map(|&p| fig(p)) {
            if money && f.currency != currency {
                skipped += 1;
                continue;
            }
            lo.push(f.lo);
            hi.push(f.hi);
            approx |= f.approx;
        }
        groups.push(interval_stats(&mut lo, &mut hi, approx));
    }
    Stats {
        unit,
        currency,
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
fn column_stats<'a>(
    ds: &Dataset,
    view: ViewKind,
    numeric: &[usize],
    (rows, order): (&[u32], &[(u32, u32)]),
    members: &Members,
    arrays: Arrays<'a>,
) -> Vec<Stats<'a>> {
    // Straight from the arrays: the members of a group are in record order, so each group
    // reads the arrays forwards whatever order the rows are sorted in.
    let array = |c: usize| arrays.and_then(|a| a.get(c)).and_then(Option::as_ref);
    let place = if numeric.iter().all(|&c| array(c).is_some()) {
        Vec::new()
    } else {
        places(members)
    };
    let len = view.len(ds);
    let run = |cols: &[usize]| -> Vec<Stats<'a>> {
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
                Some(a) => Some(aggregate_array(a, rows, members, len)),
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
        let by_id = cols.get(by).map_or("", |c| c.id);
        let by_type = cols.get(by).map_or(ColType::Text, |c| c.ty);
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
        let len = view.len(ds);
        let mut per_column = Vec::with_capacity(kept.len());
        // One group's figures, built here and copied out only when the group keeps them.
        let mut buf: Vec<Option<Figure>> = Vec::with_capacity(2 + 3 * kept.len());
        let rows_out = (0..grouping.len())
            .map(|g| {
                per_column.clear();
                per_column.extend(kept.iter().map(|&k| stats[k].group(g, &members, rows, len)));
                // Labels and filter terms come from the group's first row, once per group.
                let first = grouping.first[g] as usize;
                let cell = chart::cell(ds, view, by, rows[first]);
                let text_in_numbers = by_type != ColType::Text && matches!(cell.value, Value::Text(_));
                let (mut label, term, at) = super::label_and_term(by_id, text_in_numbers, &cell);
                // A column showing a title for an id (a claim's metric) labels its groups so.
                if let Some(c) = cols.get(by).filter(|c| c.shown.is_some() && c.ty == ColType::Text) {
                    label = crate::view::format::value_text(&c.screen(ds, rows[first]));
                }
                let figures = &mut buf;
                figures.clear();
                figures.extend([None, None]);
                for (slot, agg) in STAT_ORDER.into_iter().enumerate() {
                    figures.extend(
                        kept.iter()
                            .zip(&per_column)
                            .filter(|&(&k, _)| agg.allowed(cols[numeric[k]].aggregation))
                            .map(|(_, s)| s.map(|s| s[slot])),
                    );
                }
                let mut values: Vec<Option<f64>> = figures.iter().map(|f| f.map(|f| f.key())).collect();
                values[0] = at;
                values[1] = Some(members.group(g).len() as f64);
                let figures = if figures.iter().flatten().all(|f| *f == super::point(f.key())) {
                    Vec::new()
                } else {
                    figures.clone()
                };
                GroupRow {
                    label,
                    term,
                    values,
                    figures,
                }
            })
            .collect();
        let mut table = GroupTable {
            view,
            by,
            columns: table_cols,
            rows: rows_out,
            total: rows.len(),
            skipped,
            mixed: mixed.iter().filter_map(|&i| cols.get(i).map(|c| c.label)).collect(),
        };
        table.sort(1, SortDir::Desc);
        table
    }
}
