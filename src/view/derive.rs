//! Metrics computed by labdash from sourced figures. Every one is marked derived and carries
//! its formula, so a reader never mistakes it for somebody's claim.

use crate::data::{Confidence, Dataset, Model, Slot, Unit};

use super::cell::Cell;

/// Model FLOP utilisation assumed when a model gives none (Llama 3.1 405B reports 0.40, C140).
pub const DEFAULT_MFU: f64 = 0.4;

/// A derived metric's description, for details and help.
pub struct Derivation {
    /// Column id.
    pub id: &'static str,
    /// The formula in words.
    pub formula: &'static str,
}

/// Every derived model metric and how it is computed.
pub const DERIVATIONS: &[Derivation] = &[
    Derivation {
        id: "usd_per_gpu_hour",
        formula: "cost_usd ÷ gpu_hours",
    },
    Derivation {
        id: "train_days",
        formula: "gpu_hours ÷ chips ÷ 24 (wall-clock days if every chip ran throughout)",
    },
    Derivation {
        id: "flop_per_usd",
        formula: "train_flop ÷ cost_usd",
    },
    Derivation {
        id: "est_flop",
        formula: "gpu_hours × 3600 × chip peak dense BF16 FLOP/s × MFU (model's `mfu`, default 0.4); only when no FLOP figure exists",
    },
];

/// The formula of a derived column.
pub fn formula(id: &str) -> Option<&'static str> {
    DERIVATIONS.iter().find(|d| d.id == id).map(|d| d.formula)
}

fn val(s: &Slot) -> Option<f64> {
    s.fig.map(|f| f.key())
}

/// The least confident of the inputs, so a derived figure never looks surer than them.
fn worst(slots: &[&Slot]) -> Confidence {
    slots.iter().map(|s| s.confidence).max().unwrap_or_default()
}

fn derived(v: Option<f64>, unit: Unit, inputs: &[&Slot]) -> Cell<'static> {
    let mut c = Cell::num(v.filter(|v| v.is_finite() && *v > 0.0), unit);
    if !c.is_missing() {
        c.marks.confidence = worst(inputs);
        c.marks.disputed = inputs.iter().any(|s| s.disputed);
    }
    c.derived()
}

/// Cost per GPU-hour.
pub fn usd_per_gpu_hour(m: &Model) -> Cell<'static> {
    let v = val(&m.cost_usd).zip(val(&m.gpu_hours)).map(|(c, h)| c / h);
    let money_usd = m.cost_usd.currency == crate::data::Currency::Usd;
    derived(v.filter(|_| money_usd), Unit::Money, &[&m.cost_usd, &m.gpu_hours])
}

/// Training days: GPU-hours per chip, in days.
pub fn train_days(m: &Model) -> Cell<'static> {
    let v = val(&m.gpu_hours).zip(val(&m.chips)).map(|(h, n)| h / n / 24.0);
    derived(v, Unit::Days, &[&m.gpu_hours, &m.chips])
}

/// FLOP per dollar.
pub fn flop_per_usd(m: &Model) -> Cell<'static> {
    let v = val(&m.train_flop).zip(val(&m.cost_usd)).map(|(f, c)| f / c);
    let money_usd = m.cost_usd.currency == crate::data::Currency::Usd;
    derived(v.filter(|_| money_usd), Unit::Flop, &[&m.train_flop, &m.cost_usd])
}

/// Training compute estimated from GPU-hours × chip peak × MFU, when no FLOP figure exists.
pub fn est_flop(ds: &Dataset, m: &Model) -> Cell<'static> {
    if m.train_flop.fig.is_some() {
        return Cell::MISSING.derived();
    }
    let Some(chip) = m.chip.and_then(|c| ds.chips.get(c as usize)) else {
        return Cell::MISSING.derived();
    };
    let mfu = m.mfu.unwrap_or(DEFAULT_MFU);
    let v = val(&m.gpu_hours)
        .zip(val(&chip.bf16_tflops))
        .map(|(h, peak)| h * 3600.0 * peak * 1e12 * mfu);
    derived(v, Unit::Flop, &[&m.gpu_hours, &chip.bf16_tflops])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Figure;

    fn slot(v: f64) -> Slot {
        Slot {
            fig: Some(Figure::point(v)),
            ..Slot::default()
        }
    }

    #[test]
    fn deepseek_v3_costs_two_dollars_per_gpu_hour() {
        let m = Model {
            cost_usd: slot(5_576_000.0),
            gpu_hours: slot(2_788_000.0),
            chips: slot(2048.0),
            ..Model::default()
        };
        assert_eq!(usd_per_gpu_hour(&m).number(), Some(2.0));
        // 2,788,000 h ÷ 2,048 chips ÷ 24 = 56.72 days.
        let days = train_days(&m).number().unwrap_or(0.0);
        assert!((days - 56.722).abs() < 0.001, "{days}");
        assert!(train_days(&m).marks.derived);
    }

    #[test]
    fn missing_inputs_give_missing_not_zero() {
        let m = Model {
            cost_usd: slot(1.0),
            ..Model::default()
        };
        assert!(usd_per_gpu_hour(&m).is_missing());
        assert!(flop_per_usd(&m).is_missing());
    }

    #[test]
    fn estimates_flop_from_gpu_hours_and_chip_peak() {
        let mut ds = Dataset::default();
        ds.chips.push(crate::data::Chip {
            bf16_tflops: slot(989.4),
            ..Default::default()
        });
        let m = Model {
            gpu_hours: slot(1000.0),
            chip: Some(0),
            mfu: Some(0.5),
            ..Model::default()
        };
        // 1000 h × 3600 s × 989.4e12 FLOP/s × 0.5 = 1.78092e21.
        let v = est_flop(&ds, &m).number().unwrap_or(0.0);
        assert!((v - 1.78092e21).abs() / 1.78092e21 < 1e-9, "{v}");
    }
}
