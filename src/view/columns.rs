//! The columns of every view: id (used by `--sort`, filters, export), header, type, and how
//! to read the cell from the dataset. The screen and `export` both read these tables.

use crate::data::{Dataset, Kind, RecordRef, Unit};

use super::ViewKind;
use super::cell::Cell;
use super::derive;

/// How a column's values compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    /// Text: sorts A→Z first.
    Text,
    /// Numbers: sort largest first.
    Number,
    /// Dates: sort latest first.
    Date,
}

/// Reads one cell of a row (row = index into the view's record vector).
pub type Getter = for<'a> fn(&'a Dataset, u32) -> Cell<'a>;

/// One column of a view.
pub struct Column {
    /// snake_case id.
    pub id: &'static str,
    /// Readable header.
    pub label: &'static str,
    /// Unit shown in the header ("USD", "FLOP"), or "".
    pub unit: &'static str,
    /// How values compare.
    pub ty: ColType,
    /// Computed by labdash, not claimed by anyone.
    pub derived: bool,
    /// How group-by may aggregate its figures.
    pub aggregation: Aggregation,
    /// Cell reader.
    pub get: Getter,
}

/// What a numeric column's figures may be aggregated into (group-by): declared per column,
/// here, beside its definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregation {
    /// Counts and amounts (chips, GPU-hours, dollars, FLOP): sum, median, largest.
    Sum,
    /// Rates, ratios, per-unit specifications and per-record maxima ($/GPU-h, days, a chip's
    /// TFLOP/s, a lab's largest run): median, smallest, largest — a sum would mean nothing.
    Spread,
}

impl Column {
    /// The same column, aggregated as a rate (see `Aggregation::Spread`).
    const fn spread(mut self) -> Column {
        self.aggregation = Aggregation::Spread;
        self
    }
}

impl Column {
    /// Header text: label, unit, and `ƒ` for derived columns.
    pub fn header(&self) -> String {
        let mut h = self.label.to_string();
        if !self.unit.is_empty() {
            h.push_str(" (");
            h.push_str(self.unit);
            h.push(')');
        }
        if self.derived {
            h.push_str(" ƒ");
        }
        h
    }
}

const fn col(id: &'static str, label: &'static str, unit: &'static str, ty: ColType, get: Getter) -> Column {
    Column {
        id,
        label,
        unit,
        ty,
        derived: false,
        aggregation: Aggregation::Sum,
        get,
    }
}

const fn derived(id: &'static str, label: &'static str, unit: &'static str, get: Getter) -> Column {
    Column {
        id,
        label,
        unit,
        ty: ColType::Number,
        derived: true,
        aggregation: Aggregation::Sum,
        get,
    }
}

use ColType::{Date as D, Number as N, Text as T};

fn lab_of(ds: &Dataset, i: u32) -> Option<&crate::data::Lab> {
    ds.models.get(i as usize).and_then(|m| ds.labs.get(m.lab as usize))
}

fn name_of(ds: &Dataset, r: Option<RecordRef>) -> Cell<'_> {
    r.map_or(Cell::MISSING, |r| Cell::text(ds.name_of(r)))
}

/// Columns of the Labs view.
pub static LABS: &[Column] = &[
    col("name", "Lab", "", T, |ds, i| {
        Cell::text(ds.labs[i as usize].name.as_str())
    }),
    col("name_native", "Native name", "", T, |ds, i| {
        Cell::opt_text(ds.labs[i as usize].name_native.as_deref())
    }),
    col("country", "Country", "", T, |ds, i| {
        Cell::text(ds.labs[i as usize].country.as_str())
    }),
    col("hq", "HQ", "", T, |ds, i| {
        Cell::opt_text(ds.labs[i as usize].hq.as_deref())
    }),
    col("founded", "Founded", "", D, |ds, i| {
        Cell::date(ds.labs[i as usize].founded)
    }),
    derived("models", "Models", "", |ds, i| {
        Cell::num(ds.models_by_lab.get(i as usize).map(|m| m.len() as f64), Unit::Count).derived()
    }),
    col("open_weights", "Weights", "", T, |ds, i| {
        Cell::opt_text(ds.labs[i as usize].open_weights.as_deref())
    }),
    col("gpu_fleet", "GPU fleet", "", N, |ds, i| {
        Cell::slot(&ds.labs[i as usize].gpu_fleet, Unit::Count)
    }),
    col("hardware_spend_usd", "HW spend", "USD", N, |ds, i| {
        Cell::slot(&ds.labs[i as usize].hardware_spend_usd, Unit::Money)
    }),
    derived("max_train_flop", "Largest run", "FLOP", |ds, i| {
        let best = ds
            .models_by_lab
            .get(i as usize)
            .into_iter()
            .flatten()
            .filter_map(|&m| ds.models.get(m as usize))
            // A cumulative figure (R1 = V3's run + its RL) is no single run: it cannot be the
            // largest run.
            .filter(|m| derive::basis_of(ds, &m.train_flop) != Some("cumulative"))
            .filter_map(|m| m.train_flop.fig.map(|f| (f.key(), &m.train_flop)))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        best.map_or(Cell::MISSING, |(_, s)| Cell::slot(s, Unit::Flop).derived())
    })
    .spread(),
    col("ceo", "CEO", "", T, |ds, i| {
        Cell::opt_text(ds.labs[i as usize].ceo.as_deref())
    }),
];

/// Columns of the Models view.
pub static MODELS: &[Column] = &[
    col("name", "Model", "", T, |ds, i| {
        Cell::text(ds.models[i as usize].name.as_str())
    }),
    col("lab", "Lab", "", T, |ds, i| {
        lab_of(ds, i).map_or(Cell::MISSING, |l| Cell::text(l.name.as_str()))
    }),
    col("country", "Country", "", T, |ds, i| {
        lab_of(ds, i).map_or(Cell::MISSING, |l| Cell::text(l.country.as_str()))
    }),
    col("released", "Released", "", D, |ds, i| {
        Cell::date(ds.models[i as usize].released)
    }),
    col("params_b", "Params", "B", N, |ds, i| {
        Cell::slot(&ds.models[i as usize].params_b, Unit::BillionParams)
    })
    .spread(),
    col("active_params_b", "Active", "B", N, |ds, i| {
        Cell::slot(&ds.models[i as usize].active_params_b, Unit::BillionParams)
    })
    .spread(),
    col("tokens_t", "Tokens", "T", N, |ds, i| {
        Cell::slot(&ds.models[i as usize].tokens_t, Unit::TrillionTokens)
    }),
    col("chip", "Chip", "", T, |ds, i| {
        let m = &ds.models[i as usize];
        m.chip
            .and_then(|c| ds.chips.get(c as usize))
            .map_or(Cell::MISSING, |c| Cell::text(c.name.as_str()))
    }),
    col("chips", "Chips", "", N, |ds, i| {
        Cell::slot(&ds.models[i as usize].chips, Unit::Count)
    }),
    col("gpu_hours", "GPU-hours", "", N, |ds, i| {
        Cell::slot(&ds.models[i as usize].gpu_hours, Unit::GpuHours)
    }),
    col("train_flop", "Compute", "FLOP", N, |ds, i| {
        Cell::slot(&ds.models[i as usize].train_flop, Unit::Flop)
    }),
    col("cost_usd", "Cost", "USD", N, |ds, i| {
        Cell::slot(&ds.models[i as usize].cost_usd, Unit::Money)
    }),
    derived("usd_per_gpu_hour", "$/GPU-h", "USD", |ds, i| {
        derive::usd_per_gpu_hour(ds, &ds.models[i as usize])
    })
    .spread(),
    derived("train_days", "Days", "", |ds, i| {
        derive::train_days(ds, &ds.models[i as usize])
    })
    .spread(),
    derived("flop_per_usd", "FLOP/$", "", |ds, i| {
        derive::flop_per_usd(ds, &ds.models[i as usize])
    })
    .spread(),
    derived("est_flop", "Est. compute", "FLOP", derive::est_flop_at),
];

/// Columns of the Claims view.
pub static CLAIMS: &[Column] = &[
    col("subject", "Subject", "", T, |ds, i| {
        Cell::text(ds.name_of(ds.claims[i as usize].subject))
    }),
    col("metric", "Metric", "", T, |ds, i| {
        Cell::text(ds.claims[i as usize].metric.id)
    }),
    col("value", "Value", "", N, |ds, i| {
        super::claims::value_cell(ds, &ds.claims[i as usize])
    })
    .spread(),
    col("unit", "Unit", "", T, |ds, i| {
        let c = &ds.claims[i as usize];
        // Money claims carry their currency, so a USD-2023 figure is never read as nominal USD.
        if c.metric.unit == Unit::Money {
            Cell::text(c.currency.code())
        } else {
            Cell::text(super::claims::unit_text(c))
        }
    }),
    col("claimant", "Claimant", "", T, |ds, i| {
        Cell::text(ds.claims[i as usize].claimant.as_str())
    }),
    col("kind", "Kind", "", T, |ds, i| {
        Cell::text(ds.claims[i as usize].kind.name())
    }),
    col("date", "Said on", "", D, |ds, i| Cell::date(ds.claims[i as usize].date)),
    col("source", "Source", "", T, |ds, i| {
        let c = &ds.claims[i as usize];
        c.sources
            .first()
            .and_then(|s| ds.sources.get(*s as usize))
            .map_or(Cell::MISSING, |s| Cell::text(s.id.as_str()))
    }),
    col("basis", "Basis", "", T, |ds, i| {
        Cell::opt_text(ds.claims[i as usize].basis.as_deref())
    }),
    col("confidence", "Confidence", "", T, |ds, i| {
        Cell::text(ds.claims[i as usize].confidence.name())
    }),
    col("id", "Id", "", T, |ds, i| Cell::text(ds.claims[i as usize].id.as_str())),
];

/// Columns of the Compute view.
pub static COMPUTE: &[Column] = &[
    col("name", "Name", "", T, |ds, i| {
        Cell::text(ds.compute[i as usize].name.as_str())
    }),
    col("owner", "Owner", "", T, |ds, i| {
        name_of(ds, ds.compute[i as usize].owner)
    }),
    col("kind", "Kind", "", T, |ds, i| {
        Cell::text(ds.compute[i as usize].kind.as_str())
    }),
    col("chip", "Chip", "", T, |ds, i| {
        let c = &ds.compute[i as usize];
        c.chip
            .and_then(|c| ds.chips.get(c as usize))
            .map_or(Cell::MISSING, |c| Cell::text(c.name.as_str()))
    }),
    col("chips", "Chips", "", N, |ds, i| {
        Cell::slot(&ds.compute[i as usize].chips, Unit::Count)
    }),
    col("capex_usd", "Capex", "USD", N, |ds, i| {
        Cell::slot(&ds.compute[i as usize].capex_usd, Unit::Money)
    }),
    col("announced", "Announced", "", D, |ds, i| {
        Cell::date(ds.compute[i as usize].announced)
    }),
    col("location", "Location", "", T, |ds, i| {
        Cell::opt_text(ds.compute[i as usize].location.as_deref())
    }),
];

/// Columns of the Events view.
pub static EVENTS: &[Column] = &[
    col("date", "Date", "", D, |ds, i| Cell::date(ds.events[i as usize].date)),
    col("title", "Event", "", T, |ds, i| {
        Cell::text(ds.events[i as usize].title.as_str())
    }),
    col("actor", "Actor", "", T, |ds, i| {
        Cell::opt_text(ds.events[i as usize].actor.as_deref())
    }),
    col("kind", "Kind", "", T, |ds, i| {
        Cell::text(ds.events[i as usize].kind.as_str())
    }),
    col("amount_usd", "Amount", "USD", N, |ds, i| {
        Cell::slot(&ds.events[i as usize].amount_usd, Unit::Money)
    }),
    derived("claims", "Claims", "", |ds, i| {
        let r = RecordRef {
            kind: Kind::Event,
            index: i,
        };
        Cell::num(Some(ds.claims_of(r).len() as f64), Unit::Count).derived()
    }),
];

/// Columns of the Chips view.
pub static CHIPS: &[Column] = &[
    col("name", "Chip", "", T, |ds, i| {
        Cell::text(ds.chips[i as usize].name.as_str())
    }),
    col("vendor", "Vendor", "", T, |ds, i| {
        Cell::opt_text(ds.chips[i as usize].vendor.as_deref())
    }),
    col("bf16_tflops", "BF16", "TFLOP/s", N, |ds, i| {
        Cell::slot(&ds.chips[i as usize].bf16_tflops, Unit::Tflops)
    })
    .spread(),
    col("fp8_tflops", "FP8", "TFLOP/s", N, |ds, i| {
        Cell::slot(&ds.chips[i as usize].fp8_tflops, Unit::Tflops)
    })
    .spread(),
    col("memory_gb", "Memory", "GB", N, |ds, i| {
        Cell::slot(&ds.chips[i as usize].memory_gb, Unit::Gigabytes)
    })
    .spread(),
    col("mem_bw_tbs", "Mem BW", "TB/s", N, |ds, i| {
        Cell::slot(&ds.chips[i as usize].mem_bw_tbs, Unit::TbPerSec)
    })
    .spread(),
    col("interconnect_gbs", "Interconnect", "GB/s", N, |ds, i| {
        Cell::slot(&ds.chips[i as usize].interconnect_gbs, Unit::GbPerSec)
    })
    .spread(),
    col("tdp_w", "TDP", "W", N, |ds, i| {
        Cell::slot(&ds.chips[i as usize].tdp_w, Unit::Watts)
    })
    .spread(),
    col("export_status", "Export status (China)", "", T, |ds, i| {
        Cell::opt_text(ds.chips[i as usize].export_status.as_deref())
    }),
];

/// The columns of a view.
pub fn columns(view: ViewKind) -> &'static [Column] {
    match view {
        ViewKind::Labs => LABS,
        ViewKind::Models => MODELS,
        ViewKind::Claims => CLAIMS,
        ViewKind::Compute => COMPUTE,
        ViewKind::Events => EVENTS,
        ViewKind::Chips => CHIPS,
    }
}

/// Finds a column of a view by id.
pub fn find(view: ViewKind, id: &str) -> Option<usize> {
    columns(view).iter().position(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_columns_exist() {
        let want: &[(ViewKind, &[&str])] = &[
            (
                ViewKind::Labs,
                &["name", "country", "hq", "founded", "models", "open_weights"],
            ),
            (
                ViewKind::Models,
                &[
                    "name",
                    "lab",
                    "country",
                    "released",
                    "params_b",
                    "active_params_b",
                    "tokens_t",
                    "chip",
                    "chips",
                    "gpu_hours",
                    "train_flop",
                    "cost_usd",
                ],
            ),
            (
                ViewKind::Claims,
                &["subject", "metric", "value", "claimant", "kind", "date", "source"],
            ),
            (
                ViewKind::Compute,
                &["name", "owner", "chip", "chips", "capex_usd", "announced"],
            ),
            (ViewKind::Events, &["date", "title", "actor", "kind"]),
        ];
        for (view, ids) in want {
            for id in *ids {
                assert!(find(*view, id).is_some(), "{view:?} lacks {id}");
            }
        }
    }

    #[test]
    fn ids_are_unique_per_view() {
        for v in ViewKind::ALL {
            let cols = columns(v);
            for (i, c) in cols.iter().enumerate() {
                assert!(cols[i + 1..].iter().all(|d| d.id != c.id), "{v:?}: {} twice", c.id);
            }
        }
    }
}
