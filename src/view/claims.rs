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
    let disputed = ds
        .claims_for(c.subject, c.metric.id)
        .iter()
        .filter_map(|&o| ds.claims.get(o as usize))
        .any(|o| match (&o.figure, &c.figure) {
            (Some(a), Some(b)) => !a.same_as(b) || o.currency != c.currency,
            (None, None) => o.text != c.text && c.metric.unit != Unit::Text,
            _ => false,
        });
    Cell {
        value,
        marks: Marks {
            disputed,
            from_claim: false,
            derived: c.kind == crate::data::ClaimKind::Derived,
            confidence: c.confidence,
        },
    }
}

/// A claim's unit as the claimant wrote it, else the metric's unit label.
pub fn unit_text(c: &Claim) -> &str {
    c.unit.as_deref().unwrap_or(c.metric.unit.label())
}
