//! Ratatui-free chart data: real figures scaled (linear or log10) into bar lengths and axis
//! positions, humane tick labels, bar rows with the range of conflicting claims, and scatter
//! series of date against value, one per country. Built once when a chart opens (again on
//! `L` or a reload), never per frame.

mod bars;
#[cfg(test)]
mod oracle;
mod rows;
mod scatter;

pub use bars::{BarItem, BarKey, Bars, Named, bars, bars_prepared, bars_ranked, keyed_bars};
pub use rows::{
    by_country, cell, claim_range, claim_ranges, has_dates, row_country, row_date, row_label, rows_without,
};
pub use scatter::{PointIndex, Scatter, Series, scatter};

use crate::data::{Currency, Unit};

use super::format;

/// Bars are scaled into `0..=RESOLUTION` (ratatui's `BarChart` takes `u64`; raw figures reach
/// 1e26 FLOP, past `u64::MAX`).
pub const RESOLUTION: u64 = 1_000_000;

/// Linear or logarithmic axis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scale {
    /// Proportional, from zero.
    #[default]
    Linear,
    /// log10: orders of magnitude.
    Log,
}

impl Scale {
    /// `Log` when `log` is set.
    pub fn from_log(log: bool) -> Scale {
        if log { Scale::Log } else { Scale::Linear }
    }

    /// "linear" / "log".
    pub fn name(self) -> &'static str {
        match self {
            Scale::Linear => "linear",
            Scale::Log => "log",
        }
    }
}

/// The smallest, largest and smallest positive of some values (non-finite ones ignored), as a
/// scaler needs them.
#[derive(Clone, Copy, Debug)]
pub struct Extent {
    min_pos: f64,
    max: f64,
    /// Never above 0: linear axes start at zero.
    min: f64,
}

impl Default for Extent {
    fn default() -> Self {
        Extent {
            min_pos: f64::INFINITY,
            max: f64::NEG_INFINITY,
            min: 0.0,
        }
    }
}

impl Extent {
    /// Takes `v` into account.
    pub fn add(&mut self, v: f64) {
        if !v.is_finite() {
            return;
        }
        self.max = self.max.max(v);
        self.min = self.min.min(v);
        if v > 0.0 {
            self.min_pos = self.min_pos.min(v);
        }
    }
}

/// Maps real values onto `0.0..=1.0` of an axis (and bars onto `0..=RESOLUTION`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scaler {
    /// Linear or log.
    pub scale: Scale,
    /// Axis start: a value (linear, always 0 or below) or a decade exponent (log).
    pub lo: f64,
    /// Axis end, in the same terms.
    pub hi: f64,
}

impl Scaler {
    /// A scaler fitting `values` (non-finite ones ignored). Linear bars start at zero; log
    /// bars start one decade below the smallest positive value's decade, so the smallest bar
    /// is still at least a decade long.
    pub fn new(scale: Scale, values: impl IntoIterator<Item = f64>) -> Scaler {
        let mut e = Extent::default();
        values.into_iter().for_each(|v| e.add(v));
        Scaler::fit(scale, e)
    }

    /// The scaler fitting the values `e` has seen.
    pub fn fit(scale: Scale, e: Extent) -> Scaler {
        let Extent { min_pos, max, min } = e;
        match scale {
            Scale::Linear => {
                let hi = if max > min { max } else { min + 1.0 };
                Scaler { scale, lo: min, hi }
            }
            Scale::Log if min_pos.is_finite() => {
                let lo = min_pos.log10().floor() - 1.0;
                let hi = max.log10().max(lo + 1.0);
                Scaler { scale, lo, hi }
            }
            Scale::Log => Scaler {
                scale,
                lo: 0.0,
                hi: 1.0,
            },
        }
    }

    /// Where `v` falls on the axis, `0.0..=1.0`; zero and negative values are 0 on a log
    /// scale (they have no logarithm), missing/non-finite values 0.
    pub fn fraction(&self, v: f64) -> f64 {
        let x = match self.scale {
            Scale::Linear => v,
            Scale::Log if v > 0.0 => v.log10(),
            Scale::Log => return 0.0,
        };
        if !x.is_finite() {
            return 0.0;
        }
        fraction_between(x, self.lo, self.hi).clamp(0.0, 1.0)
    }

    /// The bar length of `v` in `0..=RESOLUTION`.
    pub fn bar(&self, v: f64) -> u64 {
        (self.fraction(v) * RESOLUTION as f64).round() as u64
    }

    /// Whether `v` can be drawn on this scale at all (log has no place for zero or less).
    pub fn shows(&self, v: f64) -> bool {
        v.is_finite() && (self.scale == Scale::Linear || v > 0.0)
    }
}

/// Where `x` lies between `lo` and `hi` (0 at `lo`, 1 at `hi`), without overflow: the span
/// of an axis from -1e308 to 1e308 is past f64, so a span that overflows is taken halved.
/// NaN when the span is empty or not a number.
pub fn fraction_between(x: f64, lo: f64, hi: f64) -> f64 {
    let span = hi - lo;
    if span.is_finite() {
        (x - lo) / span
    } else {
        (x / 2.0 - lo / 2.0) / (hi / 2.0 - lo / 2.0)
    }
}

/// Axis ticks: the plotted bounds and the tick positions, in plotting space (log10 of the
/// value on a log axis), evenly spaced and ending on the bounds.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Tick positions from `lo` to `hi`.
    pub at: Vec<f64>,
}

/// 1, 2, 2.5 or 5 × 10ⁿ, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    // Past 1e308 there is no round step left (2e308 overflows): then `raw` itself.
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .filter(|s| s.is_finite())
        .unwrap_or(raw)
}

/// Round linear ticks covering `min..=max` (and zero), at most `max_ticks` of them. Near the
/// end of the f64 range, where the next round tick does not exist (2e308), the axis ends on
/// `max` itself, with a tick of its own.
pub fn linear_ticks(min: f64, max: f64, max_ticks: usize) -> Ticks {
    let finite = |v: f64, or: f64| if v.is_finite() { v } else { or };
    let min = finite(min, 0.0).min(0.0);
    let max = finite(max, 0.0).max(min);
    let max_ticks = max_ticks.max(2);
    let n = max_ticks as f64 - 1.0;
    let span = if max > min { max - min } else { 1.0 };
    if !span.is_finite() {
        // From below -9e307 to above 9e307: no round step fits, the bounds are the ticks.
        let at = if min < 0.0 && max > 0.0 {
            vec![min, 0.0, max]
        } else {
            vec![min, max]
        };
        return Ticks { lo: min, hi: max, at };
    }
    let mut step = nice_step(span / n);
    // Rounding both ends outwards can add a tick: widen the step until the count fits.
    loop {
        let lo = (min / step).floor() * step;
        let round_hi = ((max / step).ceil() * step).max(lo + step);
        let at: Vec<f64> = if round_hi.is_finite() {
            let count = ((round_hi - lo) / step).round() as usize + 1;
            (0..count).map(|i| lo + step * i as f64).collect()
        } else {
            // The round ticks below `max`, then `max`.
            let whole = ((max - lo) / step).floor() as usize;
            let mut at: Vec<f64> = (0..=whole).map(|i| lo + step * i as f64).filter(|t| *t < max).collect();
            at.push(max);
            at
        };
        let hi = if round_hi.is_finite() { round_hi } else { max };
        if at.len() <= max_ticks || step > span * 10.0 || !(step * 1.01).is_finite() {
            return Ticks { lo, hi, at };
        }
        step = nice_step(step * 1.01);
    }
}

/// Whole-decade ticks (exponents) covering `min_pos..=max`, at most `max_ticks`.
pub fn log_ticks(min_pos: f64, max: f64, max_ticks: usize) -> Ticks {
    let lo = if min_pos > 0.0 && min_pos.is_finite() {
        min_pos.log10().floor()
    } else {
        0.0
    };
    let top = if max > 0.0 && max.is_finite() {
        max.log10().ceil().max(lo + 1.0)
    } else {
        lo + 1.0
    };
    let decades = (top - lo) as usize;
    let step = decades.div_ceil(max_ticks.max(2) - 1).max(1);
    if step == 1 {
        let at: Vec<f64> = (0..=decades).map(|i| lo + i as f64).collect();
        return Ticks { lo, hi: top, at };
    }
    // Several decades a tick (a chart from 5e-324 to 1e308): round steps from a round start,
    // widened until the ticks fit.
    let mut step = [1, 2, 5]
        .into_iter()
        .flat_map(|m| (0..4).map(move |k| m * 10usize.pow(k)))
        .filter(|s| *s >= step)
        .min()
        .unwrap_or(step);
    loop {
        let s = step as f64;
        let (first, last) = ((lo / s).floor() * s, (top / s).ceil() * s);
        let count = ((last - first) / s).round() as usize + 1;
        if count <= max_ticks.max(2) {
            let at: Vec<f64> = (0..count).map(|i| first + s * i as f64).collect();
            return Ticks {
                lo: first,
                hi: last,
                at,
            };
        }
        if step > decades {
            // Room for two ticks alone, and round ones would straddle 1: the ends.
            return Ticks {
                lo,
                hi: top,
                at: vec![lo, top],
            };
        }
        step *= 2;
    }
}

/// Whole-year ticks covering fractional years `min..=max`, at most `max_ticks`.
pub fn year_ticks(min: f64, max: f64, max_ticks: usize) -> Ticks {
    let lo = min.floor();
    let top = max.ceil().max(lo + 1.0);
    let years = (top - lo) as usize;
    let step = years.div_ceil(max_ticks.max(2) - 1).max(1);
    let count = years.div_ceil(step) + 1;
    let at: Vec<f64> = (0..count).map(|i| lo + (i * step) as f64).collect();
    let hi = at.last().copied().unwrap_or(lo + 1.0);
    Ticks { lo, hi, at }
}

/// A tick's label in the column's unit: `1e24`, `$10M`, `100,000`.
pub fn tick_label(pos: f64, scale: Scale, unit: Unit, currency: Currency) -> String {
    let v = match scale {
        Scale::Linear => pos,
        Scale::Log => 10f64.powf(pos),
    };
    if scale == Scale::Linear || (v.is_finite() && v >= f64::MIN_POSITIVE) || !pos.is_finite() {
        return format::number(v, unit, currency);
    }
    // A decade past f64 (1e309 tops an axis holding 1.7e308) or among the subnormals (1e-324
    // is 0 in f64): labelled from its exponent, in the unit's own form.
    let stand_in: f64 = if pos > 0.0 { 1e100 } else { 1e-100 };
    format::number(stand_in, unit, currency).replacen(&format::sci(stand_in, 1), &format!("1e{pos:.0}"), 1)
}

/// What a chart overlay shows.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartData {
    /// Horizontal bars.
    Bars(Bars),
    /// Date against value.
    Scatter(Scatter),
    /// Nothing to chart, and why (shown instead of a chart).
    Empty(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_scales_from_zero_to_the_largest() {
        let s = Scaler::new(Scale::Linear, [2048.0, 100_000.0, 0.0]);
        assert_eq!(s.bar(100_000.0), RESOLUTION);
        assert_eq!(s.bar(0.0), 0);
        assert_eq!(s.bar(50_000.0), RESOLUTION / 2);
        assert_eq!(s.bar(2048.0), 20_480);
    }

    #[test]
    fn log_scale_gives_every_positive_value_a_bar() {
        let s = Scaler::new(Scale::Log, [2048.0, 100_000.0]);
        // Bars start a decade below 2,048's decade: at 1e2.
        assert_eq!(s.lo, 2.0);
        assert!(s.bar(2048.0) > 0);
        assert_eq!(s.bar(100_000.0), RESOLUTION);
        // A power of ten still gets a decade-long bar.
        let p = Scaler::new(Scale::Log, [1000.0, 1e6]);
        assert_eq!(p.lo, 2.0);
        assert_eq!(p.bar(1000.0), RESOLUTION / 4);
        // Each decade is the same length.
        let d = Scaler::new(Scale::Log, [10.0, 1e4]);
        assert_eq!(d.bar(100.0) - d.bar(10.0), d.bar(1000.0) - d.bar(100.0));
    }

    #[test]
    fn zero_negative_and_missing_values_have_no_log_bar() {
        let s = Scaler::new(Scale::Log, [0.0, -5.0, f64::NAN, 10.0, 1000.0]);
        assert_eq!(s.bar(0.0), 0);
        assert_eq!(s.bar(-5.0), 0);
        assert_eq!(s.bar(f64::NAN), 0);
        assert!(!s.shows(0.0) && !s.shows(-5.0) && !s.shows(f64::NAN));
        assert!(s.shows(10.0));
        // Nothing positive at all: a harmless unit axis, no NaN.
        let e = Scaler::new(Scale::Log, [0.0]);
        assert_eq!(e.bar(0.0), 0);
        let none = Scaler::new(Scale::Linear, std::iter::empty());
        assert_eq!(none.bar(1.0), RESOLUTION);
        assert_eq!(none.bar(f64::NAN), 0);
    }

    #[test]
    fn values_over_u64_range_scale_without_overflow() {
        // 5e26 FLOP is far past u64::MAX (1.8e19).
        let lin = Scaler::new(Scale::Linear, [1e23, 5e26, 3.8e25]);
        assert_eq!(lin.bar(5e26), RESOLUTION);
        assert_eq!(lin.bar(1e23), 200);
        assert_eq!(lin.bar(2.5e26), RESOLUTION / 2);
        let log = Scaler::new(Scale::Log, [1e23, 5e26]);
        assert_eq!(log.bar(5e26), RESOLUTION);
        assert!(log.bar(1e23) > 0 && log.bar(1e23) < log.bar(3.8e25));
        assert_eq!(log.bar(f64::MAX), RESOLUTION);
    }

    #[test]
    fn linear_ticks_are_round_and_cover_the_data() {
        let t = linear_ticks(0.0, 191e6, 5);
        assert_eq!(t.lo, 0.0);
        assert!(t.hi >= 191e6 && t.at.len() <= 5);
        assert_eq!(t.at.first(), Some(&0.0));
        assert_eq!(t.at.last(), Some(&t.hi));
        assert_eq!(t.at, vec![0.0, 50e6, 100e6, 150e6, 200e6]);
        let labels: Vec<String> =
            t.at.iter()
                .map(|&v| tick_label(v, Scale::Linear, Unit::Money, Currency::Usd))
                .collect();
        assert_eq!(labels, ["$0", "$50M", "$100M", "$150M", "$200M"]);
        // Degenerate input still yields two ticks.
        assert!(linear_ticks(0.0, 0.0, 5).at.len() >= 2);
    }

    #[test]
    fn log_ticks_are_decades_labelled_humanely() {
        let t = log_ticks(1e23, 5e26, 6);
        assert_eq!(t.at, vec![23.0, 24.0, 25.0, 26.0, 27.0]);
        let labels: Vec<String> =
            t.at.iter()
                .map(|&e| tick_label(e, Scale::Log, Unit::Flop, Currency::Usd))
                .collect();
        assert_eq!(labels, ["1e23", "1e24", "1e25", "1e26", "1e27"]);
        let m = log_ticks(3e6, 191e6, 6);
        let labels: Vec<String> =
            m.at.iter()
                .map(|&e| tick_label(e, Scale::Log, Unit::Money, Currency::Usd))
                .collect();
        assert_eq!(labels, ["$1M", "$10M", "$100M", "$1B"]);
        // Too many decades for the room: every other decade, still ending on a tick.
        let w = log_ticks(1.0, 1e10, 4);
        assert!(w.at.len() <= 4 && w.hi >= 10.0);
        assert_eq!(w.at.last(), Some(&w.hi));
    }

    #[test]
    fn year_ticks_span_whole_years() {
        let t = year_ticks(2023.2, 2025.1, 8);
        assert_eq!(t.at, vec![2023.0, 2024.0, 2025.0, 2026.0]);
        let narrow = year_ticks(2015.0, 2025.5, 3);
        assert!(narrow.at.len() <= 3 && narrow.hi >= 2025.5);
    }

    mod whole_range {
        use super::*;
        use proptest::prelude::*;

        /// Every finite positive f64: subnormals (5e-324), normals, up to f64::MAX.
        fn positive() -> impl Strategy<Value = f64> {
            proptest::num::f64::POSITIVE | proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL
        }

        fn label_is_a_number(label: &str) -> bool {
            let body: String = label
                .chars()
                .filter(|c| c.is_ascii_digit() || ".e-".contains(*c))
                .collect();
            let (m, e) = body.split_once('e').unwrap_or((&body, "0"));
            m.parse::<f64>().is_ok_and(f64::is_finite) && e.parse::<i32>().is_ok_and(|e| e.abs() < 1000)
        }

        proptest! {
            #[test]
            fn scalers_place_every_value_within_the_axis_in_order(
                mut values in proptest::collection::vec(positive(), 1..8),
                log in any::<bool>(),
            ) {
                let scale = Scale::from_log(log);
                let s = Scaler::new(scale, values.iter().copied());
                prop_assert!(s.lo.is_finite() && s.hi.is_finite() && s.lo < s.hi, "{s:?}");
                values.sort_by(f64::total_cmp);
                let f: Vec<f64> = values.iter().map(|&v| s.fraction(v)).collect();
                prop_assert!(f.iter().all(|x| (0.0..=1.0).contains(x)), "{f:?}");
                prop_assert!(f.windows(2).all(|w| w[0] <= w[1]), "not monotonic: {values:?} → {f:?}");
                // The largest value ends the axis.
                prop_assert!((f[f.len() - 1] - 1.0).abs() < 1e-9, "{values:?} → {f:?}");
            }

            #[test]
            fn ticks_cover_the_values_and_place_them_in_order(
                mut values in proptest::collection::vec(positive(), 1..8),
                log in any::<bool>(),
                max_ticks in 2usize..12,
            ) {
                values.sort_by(f64::total_cmp);
                let (min, max) = (values[0], values[values.len() - 1]);
                let (t, plotted): (Ticks, Vec<f64>) = if log {
                    (log_ticks(min, max, max_ticks), values.iter().map(|v| v.log10()).collect())
                } else {
                    (linear_ticks(min, max, max_ticks), values.clone())
                };
                prop_assert!(t.lo.is_finite() && t.hi.is_finite() && t.lo < t.hi, "{t:?}");
                prop_assert!(t.at.len() >= 2 && t.at.len() <= max_ticks, "{t:?}");
                prop_assert!(t.at.iter().all(|x| x.is_finite()), "{t:?}");
                prop_assert!(t.at.windows(2).all(|w| w[0] < w[1]), "{t:?}");
                prop_assert_eq!(t.at.first(), Some(&t.lo));
                prop_assert_eq!(t.at.last(), Some(&t.hi));
                let pos: Vec<f64> = plotted.iter().map(|&y| fraction_between(y, t.lo, t.hi)).collect();
                prop_assert!(pos.iter().all(|p| (0.0..=1.0).contains(p)), "{t:?} {values:?} → {pos:?}");
                prop_assert!(pos.windows(2).all(|w| w[0] <= w[1]), "{pos:?}");
                for &at in &t.at {
                    let label = tick_label(at, Scale::from_log(log), Unit::Count, Currency::Usd);
                    prop_assert!(label_is_a_number(&label), "tick {at} labelled {label:?}");
                    let money = tick_label(at, Scale::from_log(log), Unit::Money, Currency::Usd);
                    prop_assert!(label_is_a_number(&money), "tick {at} labelled {money:?}");
                }
            }

            #[test]
            fn fraction_between_never_overflows(x in any::<f64>(), a in positive(), b in positive()) {
                let (lo, hi) = (-a, b);
                let f = fraction_between(x.clamp(lo, hi), lo, hi);
                prop_assert!((0.0..=1.0 + 1e-12).contains(&f), "{x} in {lo}..{hi} → {f}");
            }
        }
    }
}
