//! Scatter plot data: date (x) against a column (y, log10 when asked), one series per
//! country, with an index from record to point so the cursor's point is found at once.

use std::collections::HashMap;

use crate::data::sanitize::printable;
use crate::data::{Currency, Dataset, Unit};
use crate::view::ViewKind;
use crate::view::columns::{ColType, columns};

use super::rows::{by_country, cell, has_dates, mixed_note, row_country, row_date, rows_without, unit_of};
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
    pub index: HashMap<u32, (usize, usize)>,
}

impl Scatter {
    /// The point of record `row`: (series index, point).
    pub fn find(&self, row: u32) -> Option<(usize, (f64, f64))> {
        let &(i, p) = self.index.get(&row)?;
        self.series.get(i)?.points.get(p).map(|&pt| (i, pt))
    }

    /// Points plotted.
    pub fn plotted(&self) -> usize {
        self.series.iter().map(|s| s.points.len()).sum()
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
        index: HashMap::new(),
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
            s.index.insert(r, (i, p));
        }
    }
    ChartData::Scatter(s)
}
