//! Humane number formatting: `2,048` chips, `$5.6M`, `3.8e24` FLOP, `14.8T` tokens, `671B`.
//! Missing values are `—`, never 0.

use crate::data::sanitize::printable;
use crate::data::{Confidence, Currency, Figure, Shape, Unit};

use super::cell::{Cell, Value};

/// Shown for a missing value.
pub const MISSING: &str = "—";

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Beyond this range (and below its reciprocal) a figure is written in scientific notation:
/// `1e25`, not 26 digits; `5e-324`, not 300 zeros that a narrow column cuts to `0.000`.
const SANE_MAX: f64 = 1e15;
const SANE_MIN: f64 = 1e-4;

/// Whether `v` is outside the range written out in full.
fn extreme(v: f64) -> bool {
    let a = v.abs();
    v.is_finite() && a != 0.0 && !(SANE_MIN..SANE_MAX).contains(&a)
}

/// Scientific notation with at most `digits` significant digits, trailing zeros trimmed:
/// `4.56e24`, `1e25`, `-5e-324`. Exact over the whole f64 range (no power of ten computed).
pub fn sci(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return non_finite(v);
    }
    let p = digits.max(1) - 1;
    let s = format!("{v:.p$e}");
    let (m, e) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let m = if m.contains('.') {
        m.trim_end_matches('0').trim_end_matches('.')
    } else {
        m
    };
    format!("{m}e{e}")
}

/// What a value that is not a number shows: a sum or product that overflowed says so.
fn non_finite(v: f64) -> String {
    if v.is_nan() {
        MISSING.to_string()
    } else if v > 0.0 {
        "overflow".to_string()
    } else {
        "-overflow".to_string()
    }
}

/// At most `sig` significant digits, trailing zeros trimmed: `2.788`, `14.8`, `0.0008`;
/// scientific beyond the sane range.
pub fn sig(v: f64, sig: usize) -> String {
    if !v.is_finite() {
        return non_finite(v);
    }
    if v == 0.0 {
        return "0".to_string();
    }
    if extreme(v) {
        return sci(v, sig);
    }
    let mag = v.abs().log10().floor() as i32;
    let decimals = (sig as i32 - 1 - mag).max(0) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Scales with K/M/B/T suffixes keeping `digits` significant digits: `2.788M`.
fn scaled(v: f64, digits: usize) -> String {
    if extreme(v) {
        return sci(v, digits);
    }
    let a = v.abs();
    let (div, suffix) = if a >= 1e12 {
        (1e12, "T")
    } else if a >= 1e9 {
        (1e9, "B")
    } else if a >= 1e6 {
        (1e6, "M")
    } else if a >= 1e4 {
        (1e3, "K")
    } else {
        (1.0, "")
    };
    if suffix.is_empty() {
        return plain(v);
    }
    format!("{}{suffix}", sig(v / div, digits))
}

/// An integer with separators, else up to 4 significant digits.
fn plain(v: f64) -> String {
    if extreme(v) {
        return sci(v, 3);
    }
    if v.fract() == 0.0 {
        let s = thousands(v.abs() as u64);
        if v < 0.0 { format!("-{s}") } else { s }
    } else if v.abs() >= 1.0 {
        format!("{:.2}", v)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        sig(v, 3)
    }
}

/// Money: `$5.6M`, `$78M`, `$294K`, `$118.42`.
fn money(v: f64, currency: Currency) -> String {
    let a = v.abs();
    let body = if extreme(v) {
        sci(v, 3)
    } else if a >= 1e4 {
        let (div, suffix) = if a >= 1e12 {
            (1e12, "T")
        } else if a >= 1e9 {
            (1e9, "B")
        } else if a >= 1e6 {
            (1e6, "M")
        } else {
            (1e3, "K")
        };
        let x = v / div;
        let n = if x.abs() < 10.0 { sig(x, 2) } else { format!("{x:.0}") };
        format!("{n}{suffix}")
    } else {
        plain(v)
    };
    match currency {
        Currency::Usd => format!("${body}"),
        Currency::Usd2023 => format!("${body}₂₀₂₃"),
        Currency::Eur => format!("€{body}"),
        Currency::Cny => format!("¥{body}"),
    }
}

/// One number in its unit, without range/bound decoration.
pub fn number(v: f64, unit: Unit, currency: Currency) -> String {
    if !v.is_finite() {
        return non_finite(v);
    }
    match unit {
        Unit::Money => money(v, currency),
        // `{:e}` rounds the mantissa itself (9.996e24 → 1e25), at any exponent.
        Unit::Flop if v.abs() >= 1e6 => sci(v, 3),
        Unit::BillionParams => format!("{}B", sig(v, 4)),
        Unit::TrillionTokens => format!("{}T", sig(v, 4)),
        Unit::Tokens | Unit::GpuHours => scaled(v, 4),
        Unit::Percent => format!("{}%", sig(v, 4)),
        Unit::Ratio => format!("{}×", sig(v, 3)),
        Unit::Year if extreme(v) => sci(v, 4),
        Unit::Year => format!("{v:.0}"),
        Unit::Rank => format!("#{}", plain(v)),
        _ => plain(v),
    }
}

/// A figure: point, range, bound, approximate.
pub fn figure(f: &Figure, unit: Unit, currency: Currency) -> String {
    let n = |v| number(v, unit, currency);
    let body = match f.shape() {
        Shape::Point(v) => n(v),
        Shape::Range(a, b) => format!("{}–{}", n(a), n(b)),
        Shape::AtLeast(a) => format!(">{}", n(a)),
        Shape::AtMost(b) => format!("≤{}", n(b)),
    };
    if f.approx { format!("≈{body}") } else { body }
}

/// The cell's text without provenance marks (sanitised).
pub fn value_text(cell: &Cell<'_>) -> String {
    match &cell.value {
        Value::Missing => MISSING.to_string(),
        Value::Text(s) => printable(s).into_owned(),
        Value::Fig { fig, unit, currency } => figure(fig, *unit, *currency),
        Value::Date(d) => d.to_string(),
    }
}

/// The marks as glyphs: provenance (`*` somebody else's, `ƒ` computed by labdash), `~`
/// likely, `?` speculative, `‡` disputed. A derived column says `ƒ` in its header, not in
/// every cell.
pub fn marks_text(cell: &Cell<'_>) -> String {
    let m = &cell.marks;
    let mut out = String::new();
    if !m.derived {
        out.push_str(m.provenance.glyph());
    }
    match m.confidence {
        Confidence::Likely => out.push('~'),
        Confidence::Speculative => out.push('?'),
        Confidence::Confident => {}
    }
    if m.disputed {
        out.push('‡');
    }
    out
}

/// The cell as shown in a table: value then marks.
pub fn cell_text(cell: &Cell<'_>) -> String {
    let mut s = value_text(cell);
    if !cell.is_missing() {
        s.push_str(&marks_text(cell));
    }
    s
}

/// The glyph legend, for help and exports.
pub const LEGEND: &str = "‡ disputed (claims disagree) · * somebody else's figure (press, analyst), not the subject's own · ~ likely · ? speculative · ƒ derived by labdash · ≈ about · — no figure";

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const UNITS: [Unit; 21] = [
        Unit::Count,
        Unit::Money,
        Unit::Flop,
        Unit::BillionParams,
        Unit::TrillionTokens,
        Unit::Tokens,
        Unit::GpuHours,
        Unit::Hours,
        Unit::Days,
        Unit::Months,
        Unit::Percent,
        Unit::Ratio,
        Unit::Year,
        Unit::Date,
        Unit::Tflops,
        Unit::Gigabytes,
        Unit::TbPerSec,
        Unit::GbPerSec,
        Unit::Watts,
        Unit::Rank,
        Unit::Text,
    ];

    #[test]
    fn extreme_figures_are_scientific() {
        assert_eq!(number(1e25, Unit::BillionParams, Currency::Usd), "1e25B");
        assert_eq!(number(1e40, Unit::GpuHours, Currency::Usd), "1e40");
        assert_eq!(number(5e-324, Unit::Count, Currency::Usd), "4.94e-324");
        assert_eq!(number(1.7e308, Unit::Flop, Currency::Usd), "1.7e308");
        assert_eq!(number(9.996e24, Unit::Flop, Currency::Usd), "1e25");
        assert_eq!(number(2e17, Unit::Money, Currency::Usd), "$2e17");
        assert_eq!(number(f64::INFINITY, Unit::BillionParams, Currency::Usd), "overflow");
        assert_eq!(number(f64::NAN, Unit::Count, Currency::Usd), MISSING);
        // The everyday range is unchanged.
        assert_eq!(number(2048.0, Unit::Count, Currency::Usd), "2,048");
        assert_eq!(number(0.0008, Unit::Count, Currency::Usd), "0.0008");
    }

    proptest! {
        /// Any f64, in any unit: a short text with at most a few digits, never noise.
        #[test]
        fn every_f64_formats_short(bits in any::<u64>(), unit in 0..UNITS.len()) {
            let v = f64::from_bits(bits);
            for v in [v, -v] {
                let t = number(v, UNITS[unit], Currency::Usd);
                let digits = t.chars().filter(char::is_ascii_digit).count();
                prop_assert!(t.chars().count() <= 20 && digits <= 19, "{v:e} {:?} -> {t}", UNITS[unit]);
                prop_assert!(!t.contains("NaN") && !t.contains("inf"), "{v:e} -> {t}");
            }
        }
    }

    fn f(v: f64) -> Figure {
        Figure::point(v)
    }

    #[test]
    fn formats_the_spec_examples() {
        assert_eq!(figure(&f(2048.0), Unit::Count, Currency::Usd), "2,048");
        assert_eq!(figure(&f(5_576_000.0), Unit::Money, Currency::Usd), "$5.6M");
        assert_eq!(figure(&f(78_352_034.0), Unit::Money, Currency::Usd), "$78M");
        assert_eq!(figure(&f(3.8e24), Unit::Flop, Currency::Usd), "3.8e24");
        assert_eq!(figure(&f(14.8), Unit::TrillionTokens, Currency::Usd), "14.8T");
        assert_eq!(figure(&f(671.0), Unit::BillionParams, Currency::Usd), "671B");
    }

    #[test]
    fn formats_other_units() {
        assert_eq!(figure(&f(2_788_000.0), Unit::GpuHours, Currency::Usd), "2.788M");
        assert_eq!(figure(&f(30_840_000.0), Unit::GpuHours, Currency::Usd), "30.84M");
        assert_eq!(figure(&f(294_000.0), Unit::Money, Currency::Usd), "$294K");
        assert_eq!(figure(&f(118.42), Unit::Money, Currency::Usd), "$118.42");
        assert_eq!(figure(&f(930.0), Unit::Money, Currency::Usd), "$930");
        assert_eq!(figure(&f(0.0008), Unit::Money, Currency::Cny), "¥0.0008");
        assert_eq!(figure(&f(40.6e6), Unit::Money, Currency::Usd2023), "$41M₂₀₂₃");
        assert_eq!(figure(&f(4.56e24), Unit::Flop, Currency::Usd), "4.56e24");
        assert_eq!(figure(&f(9.999e24), Unit::Flop, Currency::Usd), "1e25");
        assert_eq!(figure(&f(-16.97), Unit::Percent, Currency::Usd), "-16.97%");
        assert_eq!(figure(&f(1e20), Unit::Count, Currency::Usd), "1e20");
    }

    #[test]
    fn formats_ranges_bounds_and_approximations() {
        let r = Figure {
            lo: Some(80e6),
            hi: Some(100e6),
            approx: false,
            sig: 0,
        };
        assert_eq!(figure(&r, Unit::Money, Currency::Usd), "$80M–$100M");
        let b = Figure {
            lo: Some(100e6),
            hi: None,
            approx: false,
            sig: 0,
        };
        assert_eq!(figure(&b, Unit::Money, Currency::Usd), ">$100M");
        let u = Figure {
            lo: None,
            hi: Some(16384.0),
            approx: false,
            sig: 0,
        };
        assert_eq!(figure(&u, Unit::Count, Currency::Usd), "≤16,384");
        let a = Figure {
            lo: Some(2000.0),
            hi: Some(2000.0),
            approx: true,
            sig: 0,
        };
        assert_eq!(figure(&a, Unit::Count, Currency::Usd), "≈2,000");
    }

    #[test]
    fn missing_is_a_dash_not_zero() {
        assert_eq!(cell_text(&Cell::MISSING), "—");
    }
}
