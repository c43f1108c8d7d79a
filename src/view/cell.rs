//! One table cell: a value plus what a reader must know about it (disputed, derived, …).

use std::borrow::Cow;

use crate::data::{Confidence, Currency, Figure, PartialDate, Provenance, Slot, Unit};

/// The value in a cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// No figure: shown as `—`, never as 0.
    Missing,
    /// Text straight from the data file (raw: sanitised when displayed).
    Text(Cow<'a, str>),
    /// A number with its unit.
    Fig {
        /// The figure.
        fig: Figure,
        /// Its unit.
        unit: Unit,
        /// For money.
        currency: Currency,
    },
    /// A date.
    Date(PartialDate),
}

/// Provenance marks shown beside a value.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Marks {
    /// Claims about this figure disagree (`‡`).
    pub disputed: bool,
    /// Taken from someone else's claim, not the record's headline (`*`).
    pub provenance: Provenance,
    /// Computed by labdash (`ƒ`).
    pub derived: bool,
    /// Confidence (`~` likely, `?` speculative).
    pub confidence: Confidence,
}

/// A cell of a view.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell<'a> {
    /// What it holds.
    pub value: Value<'a>,
    /// Its marks.
    pub marks: Marks,
}

impl<'a> Cell<'a> {
    /// An empty cell.
    pub const MISSING: Cell<'static> = Cell {
        value: Value::Missing,
        marks: Marks {
            disputed: false,
            provenance: Provenance::Own,
            derived: false,
            confidence: Confidence::Confident,
        },
    };

    /// A text cell; empty text is missing.
    pub fn text(s: impl Into<Cow<'a, str>>) -> Self {
        let s = s.into();
        if s.is_empty() {
            Cell::MISSING
        } else {
            Cell {
                value: Value::Text(s),
                marks: Marks::default(),
            }
        }
    }

    /// An optional text cell.
    pub fn opt_text(s: Option<&'a str>) -> Self {
        s.map_or(Cell::MISSING, Cell::text)
    }

    /// A date cell.
    pub fn date(d: Option<PartialDate>) -> Self {
        d.map_or(Cell::MISSING, |d| Cell {
            value: Value::Date(d),
            marks: Marks::default(),
        })
    }

    /// A plain number.
    pub fn num(v: Option<f64>, unit: Unit) -> Self {
        match v {
            Some(v) if v.is_finite() => Cell {
                value: Value::Fig {
                    fig: Figure::point(v),
                    unit,
                    currency: Currency::Usd,
                },
                marks: Marks::default(),
            },
            _ => Cell::MISSING,
        }
    }

    /// A figure slot of a record, with its provenance marks.
    pub fn slot(s: &Slot, unit: Unit) -> Self {
        match s.fig {
            None => Cell::MISSING,
            Some(fig) => Cell {
                value: Value::Fig {
                    fig,
                    unit,
                    currency: s.currency,
                },
                marks: Marks {
                    disputed: s.disputed,
                    provenance: s.provenance,
                    derived: false,
                    confidence: s.confidence,
                },
            },
        }
    }

    /// Marks the cell as computed by labdash.
    pub fn derived(mut self) -> Self {
        self.marks.derived = true;
        self
    }

    /// The number used to sort and chart, if any.
    pub fn number(&self) -> Option<f64> {
        match &self.value {
            Value::Fig { fig, .. } => Some(fig.key()),
            Value::Date(d) => Some(d.day_number() as f64),
            _ => None,
        }
    }

    /// Whether the cell is empty.
    pub fn is_missing(&self) -> bool {
        matches!(self.value, Value::Missing)
    }
}
