//! Scatter plot data: date (x) against a column (y, log10 when asked), one series per
//! country, with an index from record to point so the cursor's point is found at once.

use crate::data::sanitize::printable;
use crate::data::{Currency, Dataset, Figure, Shape, Unit};
use crate::view::ViewKind;
use crate::view::cell::{Cell, Value};
use crate::view::columns::{ColType, columns};
use crate::view::group::keys::FastMap;
use crate::view::visit;

use super::rows::{
    by_country, cell, claim_ranges, has_dates, mixed_note, row_country, row_date, rows_without, unit_of,
};
use super::{ChartData, Scale};

/// One scatter series: the points of one country.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Country code, or "all".
    pub name: String,
    /// (fractional year, y in plotting space).
    pub points: Vec<(f64, f64)>,
    /// The record of each point.
    pub rows: Vec<u32>,
}

/// A scatter plot's data.
#[derive(Clone, Debug, PartialEq)]
pub struct Scatter {
    /// The y column's header.
    pub title: String,
    /// Unit of y.
    pub unit: Unit,
    /// Currency of y (money).
    pub currency: Currency,
    /// y scale.
    pub scale: Scale,
    /// Series, largest first.
    pub series: Vec<Series>,
    /// x extent (fractional years).
    pub x: (f64, f64),
    /// y extent in real values (the smallest positive on log).
    pub y: (f64, f64),
    /// Rows without a date.
    pub no_date: usize,
    /// Rows without a value.
    pub no_value: usize,
    /// Values a log axis cannot place (zero or negative).
    pub no_log: usize,
    /// Notes a reader needs (mixed units).
    pub notes: Vec<String>,
    /// Record → (series, point), so finding the cursor's point costs nothing per frame.
    pub index: PointIndex,
    /// Vertical whiskers (x, low, high in plotting space): a figure's own bounds, or the
    /// lowest–highest claim of a disputed one, as bars draw them.
    pub whiskers: Vec<(f64, f64, f64)>,
}

/// Record → (series, point): a slot per record, filled in one pass (a hash map of 100k points
/// took longer to build than the rest of the plot).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointIndex {
    slots: Vec<Option<(u32, u32)>>,
    /// The plotted records, in the order they were indexed.
    records: Vec<u32>,
}

impl PointIndex {
    pub(super) fn insert(&mut self, row: u32, series: usize, point: usize) {
        let r = row as usize;
        if self.slots.len() <= r {
            self.slots.resize(r + 1, None);
        }
        if self.slots[r].replace((series as u32, point as u32)).is_none() {
            self.records.push(row);
        }
    }

    /// The (series, point) of record `row`, if plotted.
    pub fn get(&self, row: u32) -> Option<(usize, usize)> {
        let (i, p) = self.slots.get(row as usize).copied().flatten()?;
        Some((i as usize, p as usize))
    }

    /// Whether record `row` is plotted.
    pub fn contains(&self, row: u32) -> bool {
        self.get(row).is_some()
    }

    /// The plotted records.
    pub fn keys(&self) -> impl Iterator<Item = &u32> {
        self.records.iter()
    }
}

impl Scatter {
    /// The point of record `row`: (series index, point).
    pub fn find(&self, row: u32) -> Option<(usize, (f64, f64))> {
        let (i, p) = self.index.get(row)?;
        self.series.get(i)?.points.get(p).map(|&pt| (i, pt))
    }

    /// Points plotted.
    pub fn plotted(&self) -> usize {
        self.series.iter().map(|s| s.points.len()).sum()
    }
}

/// What one row contributes to a scatter plot.
#[derive(Default)]
enum Place<'a> {
    #[default]
    NoValue,
    NoDate,
    NoLog,
    Point {
        x: f64,
        y: f64,
        v: f64,
        kind: (Unit, Currency),
        country: &'a str,
        ranged: bool,
    },
}

/// A figure that draws a whisker (disputed, or a range), with its currency.
fn whiskered(cell: &Cell<'_>) -> Option<(Figure, Currency)> {
    match cell.value {
        Value::Fig { fig, currency, .. } if cell.marks.disputed || matches!(fig.shape(), Shape::Range(..)) => {
            Some((fig, currency))
        }
        _ => None,
    }
}

/// Date (x) against column `col` (y) over `rows`, one series per country.
pub fn scatter(ds: &Dataset, view: ViewKind, col: usize, rows: &[u32], scale: Scale) -> ChartData {
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
    if let Some(why) = super::rows::mixed_measures(ds, c, rows) {
        return ChartData::Empty(why);
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
        whiskers: Vec::new(),
    };
    // Each row's place read in record order (see `visit`), then taken in row order.
    let places = visit::map_rows(rows, |r| {
        let cell = cell(ds, view, col, r);
        let (Some(v), Some(kind)) = (cell.number(), unit_of(&cell)) else {
            return Place::NoValue;
        };
        let Some(date) = row_date(ds, view, r) else {
            return Place::NoDate;
        };
        if scale == Scale::Log && v <= 0.0 {
            return Place::NoLog;
        }
        let country = if by_country(view) {
            row_country(ds, view, r).unwrap_or("—")
        } else {
            "all"
        };
        Place::Point {
            x: date.as_year_fraction(),
            y: if scale == Scale::Log { v.log10() } else { v },
            v,
            kind,
            country,
            ranged: whiskered(&cell).is_some(),
        }
    });
    let mut kinds = Vec::new();
    let mut ranged_rows: Vec<(u32, f64)> = Vec::new();
    let mut by_name: FastMap<&str, usize> = FastMap::default();
    // A country's series by where its text lives (rows of one lab share it): no hashing of
    // the text for every row.
    let mut by_addr: FastMap<(usize, usize), usize> = FastMap::default();
    for (&r, place) in rows.iter().zip(places) {
        let (x, y, v, kind, country) = match place {
            Place::NoValue => {
                s.no_value += 1;
                continue;
            }
            Place::NoDate => {
                s.no_date += 1;
                continue;
            }
            Place::NoLog => {
                s.no_log += 1;
                continue;
            }
            Place::Point {
                x,
                y,
                v,
                kind,
                country,
                ranged,
            } => {
                if ranged {
                    ranged_rows.push((r, x));
                }
                (x, y, v, kind, country)
            }
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        s.x = (s.x.0.min(x), s.x.1.max(x));
        s.y = (s.y.0.min(v), s.y.1.max(v));
        let addr = (country.as_ptr() as usize, country.len());
        let i = match by_addr.get(&addr) {
            Some(&i) => i,
            None => {
                let i = *by_name.entry(country).or_insert_with(|| {
                    s.series.push(Series {
                        name: printable(country).into_owned(),
                        points: Vec::new(),
                        rows: Vec::new(),
                    });
                    s.series.len() - 1
                });
                by_addr.insert(addr, i);
                i
            }
        };
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
    // The ranged rows' figures are read again (a handful, not a field on every point).
    let (figs, xs): (Vec<(u32, Figure, Currency)>, Vec<f64>) = ranged_rows
        .iter()
        .filter_map(|&(r, x)| whiskered(&cell(ds, view, col, r)).map(|(f, c)| ((r, f, c), x)))
        .unzip();
    let to_plot = |v: f64| match scale {
        Scale::Log if v > 0.0 => Some(v.log10()),
        Scale::Log => None,
        Scale::Linear => Some(v),
    };
    for (&x, range) in xs.iter().zip(claim_ranges(ds, view, col, &figs)) {
        if let Some((lo, hi)) = range
            && let (Some(a), Some(b)) = (to_plot(lo), to_plot(hi))
        {
            s.whiskers.push((x, a, b));
            // The axis reaches the whole whisker.
            s.y = (s.y.0.min(lo), s.y.1.max(hi));
        }
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
