//! Bar chart data: one bar per row (numbers, with the range of disputed claims), per value
//! (text) or per year (dates), or per computed category (groups).

use crate::data::sanitize::printable;
use crate::data::{Currency, Dataset, Shape, Unit};
use crate::view::ViewKind;
use crate::view::cell::{Cell, Value};
use crate::view::columns::{ColType, columns};
use crate::view::figures::FigureColumn;
use crate::view::format;
use crate::view::group::keys::{self, Rule};
use crate::view::ranks::Ranks;
use crate::view::sort::{TextKey, cmp_text_keys, text_key};
use crate::view::visit;

use super::rows::{cell, claim_ranges, mixed_measures, mixed_note, rows_without, unit_of};
use super::{ChartData, Extent, Scale, Scaler};

/// What a whisker means, under every chart that draws one.
pub const WHISKER_NOTE: &str = "├──┤ lowest–highest: the figure's bounds, or ‡ its claims";

/// What a bar stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum BarKey {
    /// A row of the view (record index): label and value text are read when drawn, so only
    /// the visible bars cost anything per frame.
    Row(u32),
    /// A value of a text column and how many rows show it: its label is read from one of
    /// those rows (`row`, a record index) when drawn, so a column of 1M distinct names
    /// makes no label until its bars are on screen.
    Value {
        /// A record showing the value.
        row: u32,
        /// Rows showing it.
        count: u32,
    },
    /// A computed category (a value's count); boxed, so that a chart of 1M rows' bars holds
    /// 16 bytes a key, not 48.
    Label(Box<Named>),
    /// A row of the group table the chart was opened from (its place in the table's order)
    /// and the table column charted: label and figure are read from the table when drawn, so
    /// a chart of 1M groups makes no label until its bars are on screen.
    Group {
        /// The group's row in the table.
        row: u32,
        /// The table column charted.
        col: u32,
    },
}

// A bar per row at 1M rows: every byte of a key is a megabyte.
const _: () = assert!(std::mem::size_of::<BarKey>() <= 16);

/// A computed category's label and the figure shown for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    /// Label.
    pub name: String,
    /// The figure shown.
    pub text: String,
}

impl BarKey {
    /// A computed category's key.
    pub fn label(name: String, text: String) -> BarKey {
        BarKey::Label(Box::new(Named { name, text }))
    }
}

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct BarItem {
    /// What it stands for.
    pub key: BarKey,
    /// The number charted.
    pub value: f64,
    /// Lowest–highest claim when claims about this figure disagree.
    pub range: Option<(f64, f64)>,
}

/// A bar chart's data.
#[derive(Clone, Debug, PartialEq)]
pub struct Bars {
    /// What is charted ("Cost", "Rows per Country").
    pub title: String,
    /// Bars in display order.
    pub items: Vec<BarItem>,
    /// The scale.
    pub scaler: Scaler,
    /// Unit of the values (of the first, when they are mixed).
    pub unit: Unit,
    /// Currency of the values (money).
    pub currency: Currency,
    /// Rows skipped for having no value.
    pub missing: usize,
    /// Values with no bar on this scale (zero or negative on log).
    pub no_bar: usize,
    /// Notes a reader needs (mixed units, what ranges mean).
    pub notes: Vec<String>,
}

/// Bars over `rows` (in their order) of column `col`: values for a number column, rows per
/// value for a text column, rows per year for a date column.
pub fn bars(ds: &Dataset, view: ViewKind, col: usize, rows: &[u32], scale: Scale) -> ChartData {
    bars_ranked(ds, view, col, rows, scale, None)
}

/// `bars`, counting a text column's values by the column's sort `ranks` (built from `ds` in
/// idle time) when given: the same chart without reading the texts.
pub fn bars_ranked(
    ds: &Dataset,
    view: ViewKind,
    col: usize,
    rows: &[u32],
    scale: Scale,
    ranks: Option<&Ranks>,
) -> ChartData {
    bars_prepared(ds, view, col, rows, scale, (ranks, None))
}

/// `bars_ranked`, reading a number column's figures from its idle-time array (`figures`,
/// built from `ds`) when given: the same chart without calling each cell's getter (a derived
/// figure looks up its inputs); only the rows with a whisker are read again.
pub fn bars_prepared(
    ds: &Dataset,
    view: ViewKind,
    col: usize,
    rows: &[u32],
    scale: Scale,
    (ranks, figures): (Option<&Ranks>, Option<&FigureColumn>),
) -> ChartData {
    let Some(c) = columns(view).get(col) else {
        return ChartData::Empty("no column to chart".into());
    };
    if c.ty != ColType::Number {
        return counts(ds, view, col, rows, scale, ranks);
    }
    if let Some(why) = mixed_measures(ds, c, rows) {
        return ChartData::Empty(why);
    }
    // Each row's figure read in record order, then taken in row order; the ranges of the
    // disputed ones in one go. Only a flag is kept per row (16 bytes, not 64: at 1M rows
    // the working memory, faulted in fresh, costs more than the reading); the disputed rows'
    // figures are read again.
    // A whisker spans a disputed figure's claims, or a figure's own bounds (`80–100M`).
    let ranged = |cell: &Cell<'_>| match cell.value {
        Value::Fig { fig, .. } => cell.marks.disputed || matches!(fig.shape(), Shape::Range(..)),
        _ => false,
    };
    let disputed_fig = |r: u32| match cell(ds, view, col, r) {
        c @ Cell {
            value: Value::Fig { fig, currency, .. },
            ..
        } if ranged(&c) => Some((fig, currency)),
        _ => None,
    };
    // Per row: its headline, unit, whether its whisker is still to be found, and the whisker
    // found in idle time. `map_rows` reads the records in record order, so the idle-time
    // whiskers (by record) are merged in one forward pass.
    type Read = Option<(f64, (Unit, Currency), bool, Option<(f64, f64)>)>;
    let figures: Vec<Read> = match figures {
        Some(a) => match a.whiskers() {
            Some(w) => {
                let mut k = 0;
                visit::map_rows(rows, |r| {
                    let (v, currency, ranged) = a.bar(r)?;
                    let mut whisker = None;
                    if ranged {
                        while w.get(k).is_some_and(|x| x.0 < r) {
                            k += 1;
                        }
                        whisker = w.get(k).filter(|x| x.0 == r).and_then(|x| x.1);
                    }
                    Some((v, (a.unit, currency), false, whisker))
                })
            }
            None => visit::map_rows(rows, |r| {
                a.bar(r).map(|(v, currency, d)| (v, (a.unit, currency), d, None))
            }),
        },
        None => visit::map_rows(rows, |r| {
            let cell = cell(ds, view, col, r);
            let (Some(v), Some(kind)) = (cell.number(), unit_of(&cell)) else {
                return None;
            };
            Some((v, kind, ranged(&cell), None))
        }),
    };
    // The rows with a whisker are read again in record order (rows sorted by another column
    // would miss the cache at every one: at 1M generated models they are 1 in 4), and their
    // ranges put back in row order.
    let mut whiskered: Vec<(u32, u32)> = rows
        .iter()
        .zip(&figures)
        .filter(|(_, f)| f.is_some_and(|(_, _, d, _)| d))
        .zip(0..)
        .map(|((&r, _), i)| (r, i))
        .collect();
    whiskered.sort_unstable();
    let (mut disputed, mut at) = (Vec::with_capacity(whiskered.len()), Vec::with_capacity(whiskered.len()));
    for &(r, i) in &whiskered {
        if let Some((fig, currency)) = disputed_fig(r) {
            disputed.push((r, fig, currency));
            at.push(i);
        }
    }
    let mut in_row_order: Vec<Option<(f64, f64)>> = vec![None; whiskered.len()];
    for (range, i) in claim_ranges(ds, view, col, &disputed).into_iter().zip(at) {
        if let Some(slot) = in_row_order.get_mut(i as usize) {
            *slot = range;
        }
    }
    let mut ranges = in_row_order.into_iter();
    let (mut items, mut missing, mut kinds) = (Vec::with_capacity(rows.len()), 0, Vec::new());
    for (&r, figure) in rows.iter().zip(figures) {
        let Some((value, kind, look_up, whisker)) = figure else {
            missing += 1;
            continue;
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        items.push(BarItem {
            key: BarKey::Row(r),
            value,
            range: if look_up { ranges.next().flatten() } else { whisker },
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
        notes.push(WHISKER_NOTE.into());
    }
    let (unit, currency) = kinds.first().copied().unwrap_or((Unit::Count, Currency::Usd));
    let mut b = finish(c.header(), items, missing, scale, notes);
    (b.unit, b.currency) = (unit, currency);
    ChartData::Bars(b)
}

impl Bars {
    /// The same bars on another scale. Only the scaler and the count of values without a bar
    /// depend on the scale, so `L` need not read the rows again.
    pub fn rescale(&mut self, scale: Scale) {
        // One pass (at 1M bars each pass over them costs ~10 ms): the axis, and the values
        // without a bar on either scale (not finite; on log, also zero and below).
        let (mut e, mut not_finite, mut not_positive) = (Extent::default(), 0, 0);
        for i in &self.items {
            e.add(i.value);
            if let Some((_, hi)) = i.range {
                e.add(hi);
            }
            if !i.value.is_finite() {
                not_finite += 1;
            } else if i.value <= 0.0 {
                not_positive += 1;
            }
        }
        self.scaler = Scaler::fit(scale, e);
        self.no_bar = not_finite + if scale == Scale::Log { not_positive } else { 0 };
    }
}

pub(super) fn finish(title: String, items: Vec<BarItem>, missing: usize, scale: Scale, notes: Vec<String>) -> Bars {
    let mut bars = Bars {
        title,
        items,
        scaler: Scaler::new(scale, std::iter::empty()),
        unit: Unit::Count,
        currency: Currency::Usd,
        missing,
        no_bar: 0,
        notes,
    };
    bars.rescale(scale);
    bars
}

/// Rows per distinct value (text) or per year (dates), largest first (years in order).
fn counts(ds: &Dataset, view: ViewKind, col: usize, rows: &[u32], scale: Scale, ranks: Option<&Ranks>) -> ChartData {
    let Some(c) = columns(view).get(col) else {
        return ChartData::Empty("no column to chart".into());
    };
    let grouping = keys::group_ranked(ds, view, col, &visit::record_order(rows), Rule::Count, ranks);
    let sizes = grouping.counts();
    let missing = grouping.missing.map_or(0, |g| sizes[g as usize]);
    let values = grouping
        .first
        .iter()
        .zip(sizes)
        .enumerate()
        .filter(|&(g, _)| Some(g as u32) != grouping.missing)
        .map(|(_, (&first, n))| (rows[first as usize], n));
    let items: Vec<BarItem> = match ranks.filter(|r| r.texts() && c.ty == ColType::Text) {
        // A text column's values in the order of its sort ranks (its texts ignoring case), most
        // rows first: no label is made, each bar's is read from its row when drawn.
        Some(ranks) => {
            let mut groups: Vec<(u32, usize, u32)> = values.map(|(r, n)| (r, n, ranks.get(r))).collect();
            groups.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
            groups
                .into_iter()
                .map(|(row, n, _)| BarItem {
                    key: BarKey::Value {
                        row,
                        count: u32::try_from(n).unwrap_or(u32::MAX),
                    },
                    value: n as f64,
                    range: None,
                })
                .collect()
        }
        None => {
            // Each value's label from its first row, once per value.
            let mut groups: Vec<(String, usize, TextKey)> = values
                .map(|(r, n)| {
                    let label = value_label(ds, view, col, r);
                    let key = text_key(&label);
                    (label, n, key)
                })
                .collect();
            if c.ty == ColType::Date {
                groups.sort_by(|a, b| a.0.cmp(&b.0));
            } else {
                groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| cmp_text_keys(a.2, b.2, &a.0, &b.0)));
            }
            groups
                .into_iter()
                .map(|(name, n, _)| BarItem {
                    key: BarKey::label(name, format::thousands(n as u64)),
                    value: n as f64,
                    range: None,
                })
                .collect()
        }
    };
    if items.is_empty() {
        return ChartData::Empty(format!("{} has no values in these rows", c.id));
    }
    let what = if c.ty == ColType::Date { "year" } else { "value" };
    let notes = vec![format!(
        "{} is not numeric: bars count rows per {what} (h/l: another column)",
        c.id
    )];
    ChartData::Bars(finish(format!("Rows per {}", c.header()), items, missing, scale, notes))
}

/// The label of a count bar: the value record `row` shows in column `col` (a date's year).
pub fn value_label(ds: &Dataset, view: ViewKind, col: usize, row: u32) -> String {
    let cell = cell(ds, view, col, row);
    match &cell.value {
        Value::Date(d) => d.year.to_string(),
        Value::Text(s) => printable(s).into_owned(),
        _ => format::value_text(&cell),
    }
}

impl BarKey {
    /// The label and figure text of a bar that is not a row (`None` for a row: its cells
    /// say), in a chart of column `col`.
    pub fn shown(&self, ds: &Dataset, view: ViewKind, col: usize) -> Option<(String, String)> {
        match self {
            BarKey::Row(_) => None,
            BarKey::Value { row, count } => {
                Some((value_label(ds, view, col, *row), format::thousands(u64::from(*count))))
            }
            BarKey::Label(l) => Some((l.name.clone(), l.text.clone())),
            // Read from the group table (see `GroupTable::shown`).
            BarKey::Group { .. } => None,
        }
    }
}

/// Bars of computed categories (`(key, value)`; `None` = no value).
pub fn keyed_bars(
    title: String,
    rows: impl IntoIterator<Item = (BarKey, Option<f64>)>,
    (unit, currency): (Unit, Currency),
    scale: Scale,
) -> ChartData {
    let mut missing = 0;
    let items: Vec<BarItem> = rows
        .into_iter()
        .filter_map(|(key, v)| match v {
            Some(value) if value.is_finite() => Some(BarItem {
                key,
                value,
                range: None,
            }),
            _ => {
                missing += 1;
                None
            }
        })
        .collect();
    if items.is_empty() {
        return ChartData::Empty(format!("no group has a value for {title}"));
    }
    let mut b = finish(title, items, missing, scale, Vec::new());
    (b.unit, b.currency) = (unit, currency);
    ChartData::Bars(b)
}
