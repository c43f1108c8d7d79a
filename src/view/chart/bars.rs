//! Bar chart data: one bar per row (numbers, with the range of disputed claims), per value
//! (text) or per year (dates), or per computed category (groups).

use crate::data::sanitize::printable;
use crate::data::{Currency, Dataset, Figure, Shape, Unit};
use crate::view::ViewKind;
use crate::view::cell::{Cell, Value};
use crate::view::columns::{ColType, columns};
use crate::view::format;
use crate::view::group::keys::{self, Rule};
use crate::view::ranks::Ranks;
use crate::view::sort::{TextKey, cmp_text_keys, text_key};
use crate::view::visit;

use super::rows::{cell, claim_ranges, mixed_measures, mixed_note, rows_without, unit_of};
use super::{ChartData, Scale, Scaler};

/// What a whisker means, under every chart that draws one.
pub const WHISKER_NOTE: &str = "├──┤ lowest–highest: the figure's bounds, or ‡ its claims";

/// What a bar stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum BarKey {
    /// A row of the view (record index): label and value text are read when drawn, so only
    /// the visible bars cost anything per frame.
    Row(u32),
    /// A computed category (a value's count, a group).
    Label {
        /// Label.
        name: String,
        /// The figure shown.
        text: String,
    },
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
    let figures = visit::map_rows(rows, |r| {
        let cell = cell(ds, view, col, r);
        let (Some(v), Some(kind)) = (cell.number(), unit_of(&cell)) else {
            return None;
        };
        Some((v, kind, ranged(&cell)))
    });
    let disputed: Vec<(u32, Figure, Currency)> = rows
        .iter()
        .zip(&figures)
        .filter(|(_, f)| f.is_some_and(|(.., d)| d))
        .filter_map(|(&r, _)| disputed_fig(r).map(|(fig, currency)| (r, fig, currency)))
        .collect();
    let mut ranges = claim_ranges(ds, view, col, &disputed).into_iter();
    let (mut items, mut missing, mut kinds) = (Vec::with_capacity(rows.len()), 0, Vec::new());
    for (&r, figure) in rows.iter().zip(figures) {
        let Some((value, kind, disputed)) = figure else {
            missing += 1;
            continue;
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        items.push(BarItem {
            key: BarKey::Row(r),
            value,
            range: if disputed { ranges.next().flatten() } else { None },
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
        self.scaler = Scaler::new(
            scale,
            self.items
                .iter()
                .flat_map(|i| [Some(i.value), i.range.map(|r| r.1)])
                .flatten(),
        );
        self.no_bar = self.items.iter().filter(|i| !self.scaler.shows(i.value)).count();
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
    // Each value's label from its first row, once per value.
    let mut groups: Vec<(String, usize, TextKey)> = grouping
        .first
        .iter()
        .zip(sizes)
        .enumerate()
        .filter(|&(g, _)| Some(g as u32) != grouping.missing)
        .map(|(_, (&first, n))| {
            let cell = cell(ds, view, col, rows[first as usize]);
            let label = match &cell.value {
                Value::Date(d) => d.year.to_string(),
                Value::Text(s) => printable(s).into_owned(),
                _ => format::value_text(&cell),
            };
            let key = text_key(&label);
            (label, n, key)
        })
        .collect();
    if c.ty == ColType::Date {
        groups.sort_by(|a, b| a.0.cmp(&b.0));
    } else {
        groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| cmp_text_keys(a.2, b.2, &a.0, &b.0)));
    }
    if groups.is_empty() {
        return ChartData::Empty(format!("{} has no values in these rows", c.id));
    }
    let items = groups
        .into_iter()
        .map(|(name, n, _)| BarItem {
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

/// Bars of computed categories (`(label, shown figure, value)`; `None` = no value).
pub fn label_bars(
    title: String,
    rows: impl IntoIterator<Item = (String, String, Option<f64>)>,
    (unit, currency): (Unit, Currency),
    scale: Scale,
) -> ChartData {
    let mut missing = 0;
    let items: Vec<BarItem> = rows
        .into_iter()
        .filter_map(|(name, text, v)| match v {
            Some(value) if value.is_finite() => Some(BarItem {
                key: BarKey::Label { name, text },
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
