//! How a claim reads in a table and in details.

use crate::data::{Claim, Dataset, Unit};

use super::cell::{Cell, Marks, Value};

/// The claim's value cell: its figure in the metric's unit, or its text; marked disputed when
/// other claims about the same subject and metric say something else.
pub fn value_cell<'a>(ds: &'a Dataset, c: &'a Claim) -> Cell<'a> {
    let value = match (&c.figure, &c.text) {
        (Some(fig), _) => Value::Fig {
            fig: *fig,
            unit: c.metric.unit,
            currency: c.currency,
        },
        (None, Some(t)) => Value::Text(t.as_str().into()),
        (None, None) => Value::Missing,
    };
    // Qualitative statements differ by nature; only figures and dates can disagree, and only
    // between claims covering the same basis (see `data::conflicts`).
    let disputed = c.metric.unit != Unit::Text
        && ds
            .claims_for(c.subject, c.metric.id)
            .iter()
            .filter_map(|&o| ds.claims.get(o as usize))
            .any(|o| crate::data::conflicts(o, c));
    Cell {
        value,
        marks: Marks {
            disputed,
            // The claim's own kind says whose figure it is (`*`, `ƒ`), as on every record.
            provenance: crate::data::Provenance::of(Some(c.kind)),
            derived: false,
            confidence: c.confidence,
        },
    }
}

/// A claim's value as the Claims table shows it: a duration with its unit (`≤2 months`,
/// `80 hours`), since three metrics share the title "training duration" and one Value column
/// holds them all (other metrics' titles name their unit: GPU-hours, training compute).
/// Sorting, filters and exports read `value_cell`.
pub fn value_shown<'a>(ds: &'a Dataset, c: &'a Claim) -> Cell<'a> {
    let cell = value_cell(ds, c);
    let word = match c.metric.unit {
        Unit::Hours => "hours",
        Unit::Days => "days",
        Unit::Months => "months",
        _ => return cell,
    };
    match cell.value {
        Value::Fig { fig, unit, currency } => Cell {
            value: Value::Text(format!("{} {word}", super::format::figure(&fig, unit, currency)).into()),
            marks: cell.marks,
        },
        _ => cell,
    }
}

/// A claim's unit as the claimant wrote it, else the metric's unit label.
pub fn unit_text(c: &Claim) -> std::borrow::Cow<'_, str> {
    // Figures of scaled metrics are stored in billions/trillions: say so, so "671" is never
    // read as 671 parameters.
    let scale = match c.metric.unit {
        Unit::BillionParams => "billion ",
        Unit::TrillionTokens => "trillion ",
        _ => "",
    };
    match (&c.unit, scale) {
        (Some(u), "") => u.as_str().into(),
        (Some(u), s) => format!("{s}{u}").into(),
        (None, "") => c.metric.unit.label().into(),
        (None, s) => format!(
            "{s}{}",
            if c.metric.unit == Unit::BillionParams {
                "params"
            } else {
                "tokens"
            }
        )
        .into(),
    }
}
