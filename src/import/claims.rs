//! One claim by Epoch AI per figure of a row, each with the row's confidence and date.

use super::rows::Row;
use super::slug::Ids;
use super::write::{self, Record};
use crate::data::PartialDate;

/// Who every imported figure is a claim by.
pub const CLAIMANT: &str = "Epoch AI";

/// What every claim of a row shares.
pub struct About<'a> {
    /// The model's id.
    pub model: &'a str,
    /// The export's source and the row's own.
    pub sources: &'a [&'a str],
    /// The row's `Last modified`, else the snapshot.
    pub date: PartialDate,
}

/// One claim's figure and what goes with it.
struct Fig<'a> {
    suffix: &'a str,
    metric: &'a str,
    shape: Shape,
    unit: Option<&'a str>,
    currency: Option<&'a str>,
    note: Option<&'a str>,
}

enum Shape {
    Value(f64),
    Range(Option<f64>, Option<f64>),
    Text(String),
}

fn fig<'a>(suffix: &'a str, metric: &'a str, shape: Shape, note: Option<&'a str>) -> Fig<'a> {
    Fig {
        suffix,
        metric,
        shape,
        unit: None,
        currency: None,
        note,
    }
}

/// Writes the row's claims to `out`; how many.
pub fn write(out: &mut String, ids: &mut Ids, r: &Row, about: &About<'_>) -> usize {
    let hardware = (!r.hardware.is_empty()).then(|| r.hardware.join(", "));
    let notes = |i: usize| r.notes[i].as_deref();
    let figs = [
        r.released
            .map(|d| fig("released", "released", Shape::Text(d.to_string()), None)),
        r.params_b.map(|v| fig("params", "params_b", Shape::Value(v), notes(0))),
        r.flop.map(|v| fig("flop", "train_flop", Shape::Value(v), notes(1))),
        (r.flop_low.is_some() || r.flop_high.is_some())
            .then(|| fig("flop-range", "train_flop", Shape::Range(r.flop_low, r.flop_high), None)),
        r.datapoints.map(|v| Fig {
            unit: Some("datapoints"),
            ..fig("datapoints", "dataset_datapoints", Shape::Value(v), notes(2))
        }),
        r.hours.map(|v| fig("hours", "train_hours", Shape::Value(v), notes(3))),
        r.quantity.map(|v| Fig {
            unit: hardware.as_deref(),
            ..fig("chips", "chips", Shape::Value(v), None)
        }),
        r.util_pct
            .map(|v| fig("utilization", "hardware_utilization_pct", Shape::Value(v), None)),
        r.cost_2023.map(|v| Fig {
            unit: Some("USD-2023"),
            currency: Some("USD-2023"),
            ..fig("cost", "cost_usd", Shape::Value(v), notes(4))
        }),
    ];
    let mut n = 0;
    for f in figs.into_iter().flatten() {
        let id = ids.take(&format!("epoch-{}-{}", about.model, f.suffix)).0;
        let mut c = Record::new(out, "claim");
        c.str("id", &id).str("subject", about.model).str("metric", f.metric);
        match f.shape {
            Shape::Value(v) => {
                c.raw("value", &write::number(v));
            }
            Shape::Range(lo, hi) => {
                if let Some(lo) = lo {
                    c.raw("min", &write::number(lo));
                }
                if let Some(hi) = hi {
                    c.raw("max", &write::number(hi));
                }
            }
            Shape::Text(t) => {
                c.str("text", &t);
            }
        }
        // Epoch's confidence is about its estimates, not about when a model was published.
        let (kind, confidence) = if f.metric == "released" {
            ("reported", None)
        } else {
            ("estimated", Some(r.confidence))
        };
        c.opt("currency", f.currency)
            .opt("unit", f.unit)
            .str("claimant", CLAIMANT)
            .str("kind", kind)
            .opt("confidence", confidence)
            .raw("date", &write::date(about.date))
            .list("sources", about.sources)
            .opt("note", f.note);
        n += 1;
    }
    n
}
