//! Metrics computed by labdash from sourced figures. Every one is marked derived and carries
//! its formula, so a reader never mistakes it for somebody's claim. This is the only module
//! that computes figures: the Models columns, details and compare all call it.
//!
//! Inputs may be ranges or bounds ("up to 16,384 chips"), so the arithmetic works on
//! intervals: 30.84M GPU-hours ÷ at most 16,384 chips is *at least* 78 days, never a
//! plain "78 days".

use crate::data::{Confidence, Currency, Dataset, Figure, Kind, Model, RecordRef, Slot, Unit};

use super::cell::{Cell, Marks, Value};

/// Model FLOP utilisation assumed when neither the model's `mfu` key nor an `mfu_pct` claim
/// about it gives one: the facts put MFU at 0.3–0.4, and Llama 3.1 405B reports 0.40 (C140).
pub const DEFAULT_MFU: f64 = 0.4;

/// A derived metric's description, for details, help and exports.
pub struct Derivation {
    /// Column (or compare row) id.
    pub id: &'static str,
    /// What it measures, for sentences ("2.0× more cost per GPU-hour").
    pub noun: &'static str,
    /// The formula in words.
    pub formula: &'static str,
}

/// Every derived metric and how it is computed.
pub const DERIVATIONS: &[Derivation] = &[
    Derivation {
        id: "usd_per_gpu_hour",
        noun: "cost per GPU-hour",
        formula: "cost_usd ÷ gpu_hours",
    },
    Derivation {
        id: "train_days",
        noun: "training days",
        formula: "gpu_hours ÷ chips ÷ 24 (wall-clock days if every chip ran throughout)",
    },
    Derivation {
        id: "flop_per_usd",
        noun: "FLOP per dollar",
        formula: "train_flop ÷ cost_usd",
    },
    Derivation {
        id: "est_flop",
        noun: "estimated compute",
        formula: "gpu_hours × 3600 × chip peak dense BF16 FLOP/s × MFU (the model's `mfu`, else its mfu_pct claim, else 0.4); only when no FLOP figure exists",
    },
    Derivation {
        id: "models",
        noun: "models",
        formula: "number of the lab's models in the data file",
    },
    Derivation {
        id: "max_train_flop",
        noun: "compute of the largest run",
        formula: "largest train_flop stated for any of the lab's models (a cumulative figure is no single run and is left out)",
    },
    Derivation {
        id: "max_chips",
        noun: "chips",
        formula: "largest chip count stated for any of the lab's models",
    },
    Derivation {
        id: "total_gpu_hours",
        noun: "GPU-hours",
        formula: "sum of gpu_hours over the lab's models (a lower bound when some models state none)",
    },
    Derivation {
        id: "max_cost_usd",
        noun: "training cost",
        formula: "largest USD cost_usd stated for any of the lab's models",
    },
    Derivation {
        id: "claims",
        noun: "claims",
        formula: "number of claims about the record",
    },
];

/// The formula of a derived column.
pub fn formula(id: &str) -> Option<&'static str> {
    DERIVATIONS.iter().find(|d| d.id == id).map(|d| d.formula)
}

/// What a derived column measures, in words.
pub fn noun(id: &str) -> Option<&'static str> {
    DERIVATIONS.iter().find(|d| d.id == id).map(|d| d.noun)
}

/// A non-negative interval: `lo == 0` means no lower bound, `hi == ∞` no upper bound.
#[derive(Clone, Copy, Debug)]
struct Span {
    lo: f64,
    hi: f64,
    approx: bool,
}

impl Span {
    fn of(f: &Figure) -> Span {
        Span {
            lo: f.lo.unwrap_or(0.0),
            hi: f.hi.unwrap_or(f64::INFINITY),
            approx: f.approx,
        }
    }

    /// Back to a figure; `None` when nothing is bounded (or the result is not a number).
    fn figure(self) -> Option<Figure> {
        if self.lo.is_nan() || self.hi.is_nan() || self.hi <= 0.0 {
            return None;
        }
        let lo = (self.lo > 0.0 && self.lo.is_finite()).then_some(self.lo);
        let hi = self.hi.is_finite().then_some(self.hi);
        if lo.is_none() && hi.is_none() {
            return None;
        }
        Some(Figure {
            lo,
            hi,
            approx: self.approx,
            sig: 0,
        })
    }
}

/// `a ÷ b` over intervals: the smallest over the largest up to the largest over the smallest.
/// `None` when the quotient is unbounded on both sides (e.g. "over X" ÷ "over Y").
pub fn divide(a: &Figure, b: &Figure) -> Option<Figure> {
    let (a, b) = (Span::of(a), Span::of(b));
    let lo = if b.hi.is_infinite() { 0.0 } else { a.lo / b.hi };
    let hi = if b.lo <= 0.0 { f64::INFINITY } else { a.hi / b.lo };
    Span {
        lo,
        hi,
        approx: a.approx || b.approx,
    }
    .figure()
}

/// `a × b` over intervals.
pub fn multiply(a: &Figure, b: &Figure) -> Option<Figure> {
    let (a, b) = (Span::of(a), Span::of(b));
    Span {
        lo: a.lo * b.lo,
        hi: a.hi * b.hi,
        approx: a.approx || b.approx,
    }
    .figure()
}

/// `a × k` for a positive constant.
fn scale(a: &Figure, k: f64) -> Option<Figure> {
    multiply(a, &Figure::point(k))
}

/// The least confident of the inputs, so a derived figure never looks surer than them.
fn worst(slots: &[&Slot]) -> Confidence {
    slots.iter().map(|s| s.confidence).max().unwrap_or_default()
}

/// A derived cell: the figure (if every input had one), marked derived, as unsure as its
/// least sure input and disputed when any input is.
fn derived(fig: Option<Figure>, unit: Unit, currency: Currency, inputs: &[&Slot]) -> Cell<'static> {
    match fig {
        None => Cell::MISSING.derived(),
        Some(fig) => Cell {
            value: Value::Fig { fig, unit, currency },
            marks: Marks {
                disputed: inputs.iter().any(|s| s.disputed),
                provenance: crate::data::Provenance::Computed,
                derived: true,
                confidence: worst(inputs),
            },
        },
    }
}

fn both<T>(a: Option<T>, b: Option<T>) -> Option<(T, T)> {
    a.zip(b)
}

/// Claim `basis` values that say which part of the work a figure covers. Other bases say how
/// a figure was made (`6ND`, `upper_bound_50pct_utilisation`) or what it counts
/// (`training_cluster`), and do not stop a derivation.
pub const SCOPES: &[&str] = &[
    "final_run",
    "pre_training",
    "context_extension",
    "post_training",
    "rl_stage",
    "rl_last_step",
    "cumulative",
    "total_experimental_compute",
    "per_training_run",
    "company",
    "total_hardware",
    "family",
];

/// What part of the work a figure covers, as its claim states it (`final_run`, `rl_stage`,
/// `cumulative`…); `None` for a headline no claim backs, or a basis outside `SCOPES`.
pub fn basis_of<'d>(ds: &'d Dataset, s: &Slot) -> Option<&'d str> {
    s.claim
        .and_then(|c| ds.claims.get(c as usize))
        .and_then(|c| c.basis.as_deref())
        .filter(|b| SCOPES.contains(b))
}

/// Why these inputs may not be combined, or `None` when they may: two of them state different
/// bases, so they describe different things (DeepSeek-R1's cumulative compute ÷ its RL-stage
/// cost is no FLOP per dollar of anything). A figure without a stated scope does not clash.
pub fn scope_clash(ds: &Dataset, inputs: &[(&str, &Slot)]) -> Option<String> {
    let stated: Vec<(&str, &str, &str)> = inputs
        .iter()
        .filter(|(_, s)| s.fig.is_some())
        .filter_map(|(name, s)| {
            let basis = basis_of(ds, s)?;
            let id = s
                .claim
                .and_then(|c| ds.claims.get(c as usize))
                .map_or("", |c| c.id.as_str());
            Some((*name, basis, id))
        })
        .collect();
    let first = stated.first()?;
    if stated.iter().all(|x| x.1 == first.1) {
        return None;
    }
    let parts: Vec<String> = stated
        .iter()
        .map(|(name, basis, id)| format!("{name} covers {basis} ({id})"))
        .collect();
    Some(crate::data::sanitize::printable(&format!("not derived: {}", parts.join("; "))).into_owned())
}

/// Cost per GPU-hour from a cost and GPU-hours (USD only: the column is "$/GPU-h").
pub fn usd_per_gpu_hour_of(ds: &Dataset, cost: &Slot, hours: &Slot) -> Cell<'static> {
    if scope_clash(ds, &[("cost", cost), ("GPU-hours", hours)]).is_some() {
        return Cell::MISSING.derived();
    }
    let fig = both(cost.fig, hours.fig)
        .filter(|_| cost.currency == Currency::Usd)
        .and_then(|(c, h)| divide(&c, &h));
    derived(fig, Unit::Money, Currency::Usd, &[cost, hours])
}

/// Training days from GPU-hours and chips: GPU-hours per chip, ÷ 24.
pub fn train_days_of(ds: &Dataset, hours: &Slot, chips: &Slot) -> Cell<'static> {
    if scope_clash(ds, &[("GPU-hours", hours), ("chips", chips)]).is_some() {
        return Cell::MISSING.derived();
    }
    let fig = both(hours.fig, chips.fig)
        .and_then(|(h, n)| divide(&h, &n))
        .and_then(|d| scale(&d, 1.0 / 24.0));
    derived(fig, Unit::Days, Currency::Usd, &[hours, chips])
}

/// FLOP per dollar from compute and a USD cost.
pub fn flop_per_usd_of(ds: &Dataset, flop: &Slot, cost: &Slot) -> Cell<'static> {
    if scope_clash(ds, &[("compute", flop), ("cost", cost)]).is_some() {
        return Cell::MISSING.derived();
    }
    let fig = both(flop.fig, cost.fig)
        .filter(|_| cost.currency == Currency::Usd)
        .and_then(|(f, c)| divide(&f, &c));
    derived(fig, Unit::Flop, Currency::Usd, &[flop, cost])
}

/// Where the MFU used for a compute estimate comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MfuSource {
    /// The model's `mfu` key in the data file.
    Record,
    /// An `mfu_pct` claim about the model (claim index).
    Claim(u32),
    /// `DEFAULT_MFU`.
    Default,
}

/// The model FLOP utilisation for a compute estimate, as a fraction, and where it came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mfu {
    /// The fraction (may be a range, e.g. 0.32–0.36).
    pub fig: Figure,
    /// Where it came from.
    pub source: MfuSource,
    /// Its confidence (a speculative MFU claim makes the estimate speculative).
    pub confidence: Confidence,
}

impl Mfu {
    /// "0.4 (default)", "0.4042 (claim C140)", "0.5 (the model's `mfu`)".
    pub fn describe(&self, ds: &Dataset) -> String {
        let v = super::format::figure(&self.fig, Unit::Count, Currency::Usd);
        match self.source {
            MfuSource::Record => format!("MFU {v} (the model's `mfu`)"),
            MfuSource::Claim(c) => format!(
                "MFU {v} (claim {})",
                ds.claims.get(c as usize).map_or("?", |c| c.id.as_str())
            ),
            MfuSource::Default => format!("MFU {v} (default)"),
        }
    }
}

/// The MFU for model `index`: its `mfu` key, else its first `mfu_pct` claim (÷ 100), else
/// `DEFAULT_MFU`.
pub fn mfu(ds: &Dataset, index: u32) -> Mfu {
    let fallback = Mfu {
        fig: Figure::point(DEFAULT_MFU),
        source: MfuSource::Default,
        confidence: Confidence::Confident,
    };
    let Some(m) = ds.models.get(index as usize) else {
        return fallback;
    };
    if let Some(v) = m.mfu {
        return Mfu {
            fig: Figure::point(v),
            source: MfuSource::Record,
            confidence: Confidence::Confident,
        };
    }
    let subject = RecordRef {
        kind: Kind::Model,
        index,
    };
    ds.claims_for(subject, "mfu_pct")
        .iter()
        .filter_map(|&c| ds.claims.get(c as usize).map(|claim| (c, claim)))
        .find_map(|(c, claim)| {
            let fig = claim.figure.and_then(|f| scale(&f, 0.01))?;
            // A utilisation above 100% is a typo, not a fact to compute with.
            (fig.hi.unwrap_or(0.0) <= 1.0 && fig.lo.unwrap_or(0.0) <= 1.0).then_some(Mfu {
                fig,
                source: MfuSource::Claim(c),
                confidence: claim.confidence,
            })
        })
        .unwrap_or(fallback)
}

/// Training compute estimated from GPU-hours × 3600 × chip peak (TFLOP/s × 1e12) × MFU.
/// Missing when a FLOP figure exists: an estimate never stands beside a stated figure.
pub fn est_flop_of(flop: &Slot, hours: &Slot, peak_tflops: &Slot, mfu: &Mfu) -> Cell<'static> {
    if flop.fig.is_some() {
        return Cell::MISSING.derived();
    }
    let fig = both(hours.fig, peak_tflops.fig)
        .and_then(|(h, p)| multiply(&h, &p))
        .and_then(|x| scale(&x, 3600.0 * 1e12))
        .and_then(|x| multiply(&x, &mfu.fig));
    let mfu_slot = Slot {
        confidence: mfu.confidence,
        ..Slot::default()
    };
    derived(fig, Unit::Flop, Currency::Usd, &[hours, peak_tflops, &mfu_slot])
}

/// Cost per GPU-hour.
pub fn usd_per_gpu_hour(ds: &Dataset, m: &Model) -> Cell<'static> {
    usd_per_gpu_hour_of(ds, &m.cost_usd, &m.gpu_hours)
}

/// Training days: GPU-hours per chip, in days.
pub fn train_days(ds: &Dataset, m: &Model) -> Cell<'static> {
    train_days_of(ds, &m.gpu_hours, &m.chips)
}

/// FLOP per dollar.
pub fn flop_per_usd(ds: &Dataset, m: &Model) -> Cell<'static> {
    flop_per_usd_of(ds, &m.train_flop, &m.cost_usd)
}

fn model_index(ds: &Dataset, m: &Model) -> Option<u32> {
    ds.ids.get(&m.id).filter(|r| r.kind == Kind::Model).map(|r| r.index)
}

/// The peak dense BF16 TFLOP/s of the model's chip (empty when the chip or its peak is unknown).
pub fn chip_peak(ds: &Dataset, m: &Model) -> Slot {
    m.chip
        .and_then(|c| ds.chips.get(c as usize))
        .map_or_else(Slot::default, |c| c.bf16_tflops)
}

/// Training compute estimated from GPU-hours × chip peak × MFU, when no FLOP figure exists.
pub fn est_flop(ds: &Dataset, m: &Model) -> Cell<'static> {
    if m.train_flop.fig.is_some() {
        return Cell::MISSING.derived();
    }
    let Some(index) = model_index(ds, m) else {
        return Cell::MISSING.derived();
    };
    est_flop_at(ds, index)
}

/// `est_flop` of model `index`, for callers that know the index (the Models column): no id
/// search, and the MFU (a claims look-up) only when there is something to estimate — a
/// stated FLOP figure or a missing input already decides the cell, and at 100k rows those
/// look-ups cost more than the rest of the row.
pub fn est_flop_at(ds: &Dataset, index: u32) -> Cell<'static> {
    let Some(m) = ds.models.get(index as usize) else {
        return Cell::MISSING.derived();
    };
    let peak = chip_peak(ds, m);
    if m.train_flop.fig.is_some() || m.gpu_hours.fig.is_none() || peak.fig.is_none() {
        return Cell::MISSING.derived();
    }
    est_flop_of(&m.train_flop, &m.gpu_hours, &peak, &mfu(ds, index))
}

/// A lab's models, each with the slot `pick` reads.
fn lab_slots(ds: &Dataset, lab: u32, pick: fn(&Model) -> &Slot) -> impl Iterator<Item = (u32, &Slot)> {
    ds.models_by_lab
        .get(lab as usize)
        .into_iter()
        .flatten()
        .filter_map(move |&m| ds.models.get(m as usize).map(|model| (m, pick(model))))
}

/// An aggregate over a lab's models: the cell and which models it came from.
pub struct Aggregate {
    /// The derived cell.
    pub cell: Cell<'static>,
    /// Models whose figure the cell uses (one for a maximum).
    pub models: Vec<u32>,
    /// How many of the lab's models there are.
    pub of: usize,
}

/// The largest figure of `pick` over a lab's models (USD only for money).
pub fn lab_max(ds: &Dataset, lab: u32, pick: fn(&Model) -> &Slot, unit: Unit) -> Aggregate {
    let of = ds.models_by_lab.get(lab as usize).map_or(0, Vec::len);
    let best = lab_slots(ds, lab, pick)
        .filter(|(_, s)| s.fig.is_some() && (unit != Unit::Money || s.currency == Currency::Usd))
        // A cumulative figure (R1 = V3's run + its RL) is no single run: it cannot be the
        // largest run.
        .filter(|(_, s)| basis_of(ds, s) != Some("cumulative"))
        .max_by(|a, b| {
            let key = |s: &Slot| s.fig.map_or(f64::NAN, |f| f.key());
            key(a.1).total_cmp(&key(b.1))
        });
    match best {
        Some((m, s)) => Aggregate {
            cell: derived(s.fig, unit, s.currency, &[s]),
            models: vec![m],
            of,
        },
        None => Aggregate {
            cell: Cell::MISSING.derived(),
            models: Vec::new(),
            of,
        },
    }
}

/// The sum of `pick` over a lab's models; a lower bound ("more than") when some models state
/// no figure, since their share is unknown but not zero.
pub fn lab_total(ds: &Dataset, lab: u32, pick: fn(&Model) -> &Slot, unit: Unit) -> Aggregate {
    let of = ds.models_by_lab.get(lab as usize).map_or(0, Vec::len);
    let stated: Vec<(u32, &Slot)> = lab_slots(ds, lab, pick).filter(|(_, s)| s.fig.is_some()).collect();
    if stated.is_empty() {
        return Aggregate {
            cell: Cell::MISSING.derived(),
            models: Vec::new(),
            of,
        };
    }
    let mut span = Span {
        lo: 0.0,
        hi: 0.0,
        approx: false,
    };
    for (_, s) in &stated {
        if let Some(f) = s.fig {
            let x = Span::of(&f);
            span.lo += x.lo;
            span.hi += x.hi;
            span.approx |= x.approx;
        }
    }
    if stated.len() < of {
        span.hi = f64::INFINITY;
    }
    let slots: Vec<&Slot> = stated.iter().map(|(_, s)| *s).collect();
    Aggregate {
        cell: derived(span.figure(), unit, Currency::Usd, &slots),
        models: stated.iter().map(|(m, _)| *m).collect(),
        of,
    }
}

/// The computation behind a derived model column with this model's numbers, for details:
/// "2,788,000 ÷ 2,048 ÷ 24".
pub fn explain(ds: &Dataset, index: u32, id: &str) -> Option<String> {
    let m = ds.models.get(index as usize)?;
    let f = |s: &Slot, unit: Unit| {
        s.fig.map_or(super::format::MISSING.to_string(), |f| {
            super::format::figure(&f, unit, s.currency)
        })
    };
    let clash = match id {
        "usd_per_gpu_hour" => scope_clash(ds, &[("cost", &m.cost_usd), ("GPU-hours", &m.gpu_hours)]),
        "train_days" => scope_clash(ds, &[("GPU-hours", &m.gpu_hours), ("chips", &m.chips)]),
        "flop_per_usd" => scope_clash(ds, &[("compute", &m.train_flop), ("cost", &m.cost_usd)]),
        _ => None,
    };
    if clash.is_some() {
        return clash;
    }
    let text = match id {
        "usd_per_gpu_hour" => format!(
            "{} ÷ {} GPU-h",
            f(&m.cost_usd, Unit::Money),
            f(&m.gpu_hours, Unit::GpuHours)
        ),
        "train_days" => format!(
            "{} GPU-h ÷ {} chips ÷ 24",
            f(&m.gpu_hours, Unit::GpuHours),
            f(&m.chips, Unit::Count)
        ),
        "flop_per_usd" => format!(
            "{} FLOP ÷ {}",
            f(&m.train_flop, Unit::Flop),
            f(&m.cost_usd, Unit::Money)
        ),
        "est_flop" if m.train_flop.fig.is_some() => "not estimated: a FLOP figure exists".to_string(),
        "est_flop" => format!(
            "{} GPU-h × 3600 × {} TFLOP/s × {}",
            f(&m.gpu_hours, Unit::GpuHours),
            f(&chip_peak(ds, m), Unit::Tflops),
            mfu(ds, index).describe(ds)
        ),
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Shape;

    fn slot(v: f64) -> Slot {
        Slot {
            fig: Some(Figure::point(v)),
            ..Slot::default()
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn deepseek_v3_costs_two_dollars_per_gpu_hour() {
        let m = Model {
            cost_usd: slot(5_576_000.0),
            gpu_hours: slot(2_788_000.0),
            chips: slot(2048.0),
            ..Model::default()
        };
        // $5,576,000 ÷ 2,788,000 GPU-h = $2.00 exactly (DeepSeek's assumed rental price).
        assert_eq!(usd_per_gpu_hour(&Dataset::default(), &m).number(), Some(2.0));
        // 2,788,000 h ÷ 2,048 chips ÷ 24 = 56.722 days.
        let days = train_days(&Dataset::default(), &m).number().unwrap_or(0.0);
        assert!((days - 56.722).abs() < 0.001, "{days}");
        assert!(train_days(&Dataset::default(), &m).marks.derived);
    }

    #[test]
    fn llama_405b_flop_per_dollar_and_days_from_an_upper_bound_of_chips() {
        let m = Model {
            gpu_hours: slot(30_840_000.0),
            chips: Slot {
                fig: Some(Figure {
                    lo: None,
                    hi: Some(16384.0),
                    approx: false,
                    sig: 0,
                }),
                ..Slot::default()
            },
            train_flop: slot(3.8e25),
            cost_usd: slot(100e6),
            ..Model::default()
        };
        // 30,840,000 ÷ 16,384 ÷ 24 = 78.43 days — and "up to 16,384 chips" makes it "at least".
        let days = train_days(&Dataset::default(), &m);
        let Value::Fig { fig, .. } = days.value else {
            panic!("{days:?}")
        };
        match fig.shape() {
            Shape::AtLeast(v) => assert!((v - 78.430_175_781_25).abs() < 1e-9, "{v}"),
            other => panic!("{other:?}"),
        }
        // 3.8e25 FLOP ÷ $100M = 3.8e17 FLOP per dollar.
        assert!(close(
            flop_per_usd(&Dataset::default(), &m).number().unwrap_or(0.0),
            3.8e17
        ));
    }

    #[test]
    fn figures_covering_different_things_are_not_combined() {
        let ds = crate::data::load(crate::data::BUNDLED_NAME, crate::data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
        let model = |id: &str| &ds.models[ds.ids.get(id).map_or(0, |r| r.index as usize)];
        let r1 = model("deepseek-r1");
        // Epoch's cumulative compute ÷ DeepSeek's RL-stage cost: no FLOP per dollar of anything.
        assert!(flop_per_usd(&ds, r1).is_missing(), "{:?}", flop_per_usd(&ds, r1));
        // RL-stage cost ÷ GPU-hours of the last RL step only.
        assert!(usd_per_gpu_hour(&ds, r1).is_missing());
        let index = ds.ids.get("deepseek-r1").map_or(0, |r| r.index);
        let why = explain(&ds, index, "flop_per_usd").unwrap_or_default();
        assert!(
            why.contains("cumulative (C083)") && why.contains("rl_stage (C080)"),
            "{why}"
        );
        // DeepSeek-V3's figures all cover the final run: $2.00 per GPU-hour stands.
        assert_eq!(usd_per_gpu_hour(&ds, model("deepseek-v3")).number(), Some(2.0));
    }

    #[test]
    fn missing_inputs_give_missing_not_zero() {
        let m = Model {
            cost_usd: slot(1.0),
            ..Model::default()
        };
        assert!(usd_per_gpu_hour(&Dataset::default(), &m).is_missing());
        assert!(flop_per_usd(&Dataset::default(), &m).is_missing());
        assert!(train_days(&Dataset::default(), &m).is_missing());
    }

    #[test]
    fn other_currencies_give_no_dollar_figures() {
        let m = Model {
            cost_usd: Slot {
                currency: Currency::Usd2023,
                ..slot(5_390_000.0)
            },
            gpu_hours: slot(2_788_000.0),
            train_flop: slot(4.56e24),
            ..Model::default()
        };
        assert!(usd_per_gpu_hour(&Dataset::default(), &m).is_missing());
        assert!(flop_per_usd(&Dataset::default(), &m).is_missing());
    }

    #[test]
    fn derived_figures_are_as_unsure_as_their_inputs() {
        let m = Model {
            cost_usd: Slot {
                confidence: Confidence::Speculative,
                disputed: true,
                ..slot(10.0)
            },
            gpu_hours: slot(5.0),
            ..Model::default()
        };
        let c = usd_per_gpu_hour(&Dataset::default(), &m);
        assert_eq!(c.marks.confidence, Confidence::Speculative);
        assert!(c.marks.disputed && c.marks.derived);
    }

    #[test]
    fn estimates_flop_from_gpu_hours_and_chip_peak() {
        let mut ds = Dataset::default();
        ds.chips.push(crate::data::Chip {
            bf16_tflops: slot(989.4),
            ..Default::default()
        });
        ds.models.push(Model {
            id: "m".into(),
            gpu_hours: slot(1000.0),
            chip: Some(0),
            mfu: Some(0.5),
            ..Model::default()
        });
        ds.ids.insert(
            "m".into(),
            RecordRef {
                kind: Kind::Model,
                index: 0,
            },
        );
        // 1000 h × 3600 s × 989.4e12 FLOP/s × 0.5 = 1.78092e21.
        let v = est_flop(&ds, &ds.models[0]).number().unwrap_or(0.0);
        assert!(close(v, 1.78092e21), "{v}");
        // Without the model's own MFU the default 0.4 applies: 1.424736e21.
        ds.models[0].mfu = None;
        let v = est_flop(&ds, &ds.models[0]).number().unwrap_or(0.0);
        assert!(close(v, 1.424736e21), "{v}");
        assert_eq!(mfu(&ds, 0).source, MfuSource::Default);
        // A FLOP figure wins: no estimate beside it.
        ds.models[0].train_flop = slot(3e21);
        assert!(est_flop(&ds, &ds.models[0]).is_missing());
    }

    #[test]
    fn est_flop_by_index_is_the_full_computation() {
        let text = crate::generate::dataset(crate::generate::Sizes::models(400), 3);
        let mut sets = vec![
            crate::data::load(crate::data::BUNDLED_NAME, crate::data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}")),
            crate::data::load("gen", &text).unwrap_or_else(|d| panic!("{d:?}")),
        ];
        // Generated models all state their FLOP: drop it from some, and inputs from others.
        for (i, m) in sets[1].models.iter_mut().enumerate() {
            match i % 4 {
                0 => m.train_flop = Slot::default(),
                1 => (m.train_flop, m.gpu_hours) = (Slot::default(), Slot::default()),
                2 => (m.train_flop, m.chip, m.mfu) = (Slot::default(), None, Some(0.3)),
                _ => {}
            }
        }
        for ds in &sets {
            let mut estimated = 0;
            for (i, m) in ds.models.iter().enumerate() {
                let index = ds.ids.get(&m.id).map(|r| r.index);
                let full = index.map_or(Cell::MISSING.derived(), |index| {
                    est_flop_of(&m.train_flop, &m.gpu_hours, &chip_peak(ds, m), &mfu(ds, index))
                });
                assert_eq!(est_flop_at(ds, i as u32), full, "{}", m.id);
                assert_eq!(est_flop(ds, m), full, "{}", m.id);
                estimated += usize::from(!full.is_missing());
            }
            assert!(estimated > 0);
        }
    }

    #[test]
    fn mfu_comes_from_a_claim_before_the_default() {
        let ds = crate::data::load(crate::data::BUNDLED_NAME, crate::data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
        let Some(llama) = ds.ids.get("llama-3.1-405b") else {
            panic!("no llama")
        };
        let m = mfu(&ds, llama.index);
        // C140: Epoch AI reads 40.42% from the Llama 3 paper.
        assert!(matches!(m.source, MfuSource::Claim(_)), "{m:?}");
        assert!(close(m.fig.key(), 0.4042), "{m:?}");
    }

    #[test]
    fn interval_division_covers_bounds_and_ranges() {
        let range = Figure {
            lo: Some(80e6),
            hi: Some(100e6),
            approx: false,
            sig: 0,
        };
        let over = Figure {
            lo: Some(3e6),
            hi: None,
            approx: false,
            sig: 0,
        };
        // $80–100M ÷ $5.576M = 14.35–17.93.
        let r = divide(&range, &Figure::point(5.576e6)).unwrap_or_else(|| panic!("none"));
        assert!(close(r.lo.unwrap_or(0.0), 80.0 / 5.576) && close(r.hi.unwrap_or(0.0), 100.0 / 5.576));
        // Over $3M ÷ $100M: more than 0.03, no upper bound.
        let r = divide(&over, &Figure::point(100e6)).unwrap_or_else(|| panic!("none"));
        assert_eq!(r.shape(), Shape::AtLeast(0.03));
        // Over ÷ over: nothing is known.
        assert_eq!(divide(&over, &over), None);
    }

    #[test]
    fn lab_totals_are_lower_bounds_when_a_model_states_nothing() {
        let mut ds = Dataset::default();
        ds.models.push(Model {
            gpu_hours: slot(100.0),
            chips: slot(2048.0),
            ..Model::default()
        });
        ds.models.push(Model {
            chips: slot(512.0),
            ..Model::default()
        });
        ds.models_by_lab = vec![vec![0, 1]];
        let total = lab_total(&ds, 0, |m| &m.gpu_hours, Unit::GpuHours);
        let Value::Fig { fig, .. } = total.cell.value else {
            panic!("{:?}", total.cell)
        };
        // 100 GPU-h stated, the other model's unknown: at least 100.
        assert_eq!(fig.shape(), Shape::AtLeast(100.0));
        assert!(total.cell.marks.derived);
        assert_eq!((total.models.as_slice(), total.of), (&[0][..], 2));
        // Once both state one, the total is a plain sum: 100 + 200 = 300.
        ds.models[1].gpu_hours = slot(200.0);
        let total = lab_total(&ds, 0, |m| &m.gpu_hours, Unit::GpuHours);
        assert_eq!(total.cell.number(), Some(300.0));
        let max = lab_max(&ds, 0, |m| &m.chips, Unit::Count);
        assert_eq!((max.cell.number(), max.models), (Some(2048.0), vec![0]));
        // No lab, no models: missing, never 0.
        assert!(lab_total(&ds, 7, |m| &m.gpu_hours, Unit::GpuHours).cell.is_missing());
    }
}
