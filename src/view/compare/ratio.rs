//! A record's figure relative to the base record's: interval division (so bounds give bounded
//! ratios), an arrow for the direction, and rounding that never overstates a bound.

use crate::data::{Figure, Shape, Unit};
use crate::view::cell::Value;
use crate::view::{derive, format};

/// Which way a ratio points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// More than the base (`▲`).
    More,
    /// Less than the base (`▼`).
    Less,
    /// The same (`=`).
    Same,
}

impl Direction {
    /// The glyph, so the direction reads without colour.
    pub fn glyph(self) -> &'static str {
        match self {
            Direction::More => "▲",
            Direction::Less => "▼",
            Direction::Same => "=",
        }
    }
}

/// A record's figure relative to the first record's.
#[derive(Clone, Debug, PartialEq)]
pub enum Ratio {
    /// The quotient, itself a figure: a point, or a range/bound when an input is one.
    Of(Figure),
    /// Why there is no ratio ("different currency", "bounds only").
    None(&'static str),
}

/// Which way to round a ratio for display: a bound is rounded away from what it promises,
/// so "more than 17.93×" never reads as "more than 18×".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Round {
    /// To the nearest (points).
    Nearest,
    /// Down (lower bounds, a range's low end).
    Down,
    /// Up (upper bounds, a range's high end).
    Up,
}

/// `8.0`, `11`, `0.04`, `0.003`: one decimal below 10, none above, two (or one significant
/// digit) below 1.
pub fn ratio_number(v: f64) -> String {
    ratio_number_rounded(v, Round::Nearest)
}

/// `ratio_number`, rounded `round`.
pub fn ratio_number_rounded(v: f64, round: Round) -> String {
    if !v.is_finite() {
        return "?".into();
    }
    let decimals: i32 = if v >= 10.0 {
        0
    } else if v >= 1.0 {
        1
    } else if v >= 0.01 {
        2
    } else if v > 0.0 {
        // One significant digit.
        -(v.log10().floor() as i32)
    } else {
        0
    };
    let scale = 10f64.powi(decimals);
    // The epsilon keeps 0.03 (= 3 ÷ 100, stored as 0.0299999…) from flooring to 0.02.
    let x = match round {
        Round::Nearest => (v * scale).round(),
        Round::Down => (v * scale + 1e-9).floor(),
        Round::Up => (v * scale - 1e-9).ceil(),
    } / scale;
    if decimals == 0 {
        format::thousands(x as u64)
    } else {
        format!("{x:.prec$}", prec = decimals.max(0) as usize)
    }
}

impl Ratio {
    /// The ratio between two figures of the same unit (`other ÷ base`).
    pub fn between(base: &Value<'_>, other: &Value<'_>) -> Option<Ratio> {
        let (
            Value::Fig {
                fig: b,
                unit: ub,
                currency: cb,
            },
            Value::Fig {
                fig: o,
                unit: uo,
                currency: co,
            },
        ) = (base, other)
        else {
            return match (base, other) {
                (Value::Fig { unit, .. }, _) | (_, Value::Fig { unit, .. }) if has_ratio(*unit) => {
                    Some(Ratio::None("no figure"))
                }
                _ => None,
            };
        };
        if !has_ratio(*ub) {
            return None;
        }
        if ub != uo {
            return Some(Ratio::None("different units"));
        }
        if *ub == Unit::Money && cb != co {
            return Some(Ratio::None("different currency"));
        }
        Some(match derive::divide(o, b) {
            Some(r) => Ratio::Of(r),
            None => Ratio::None("bounds only: no ratio"),
        })
    }

    /// Which way it points (by the quotient's key: point, midpoint or bound).
    pub fn direction(&self) -> Option<Direction> {
        let Ratio::Of(f) = self else { return None };
        let k = f.key();
        Some(if (k - 1.0).abs() < 0.0005 {
            Direction::Same
        } else if k > 1.0 {
            Direction::More
        } else {
            Direction::Less
        })
    }

    /// The quotient: `8.0×`, `≤8.0×`, `>0.03×`, `14–18×`, `≈2.0×`; or why there is none.
    pub fn number_text(&self) -> String {
        match self {
            Ratio::None(why) => (*why).to_string(),
            Ratio::Of(f) => {
                let body = match f.shape() {
                    Shape::Point(v) => format!("{}×", ratio_number(v)),
                    Shape::Range(a, b) => format!(
                        "{}–{}×",
                        ratio_number_rounded(a, Round::Down),
                        ratio_number_rounded(b, Round::Up)
                    ),
                    Shape::AtLeast(a) => format!(">{}×", ratio_number_rounded(a, Round::Down)),
                    Shape::AtMost(b) => format!("≤{}×", ratio_number_rounded(b, Round::Up)),
                };
                if f.approx { format!("≈{body}") } else { body }
            }
        }
    }

    /// Glyph and quotient: `▲ ≤8.0×`.
    pub fn short(&self) -> String {
        match self.direction() {
            Some(d) => format!("{} {}", d.glyph(), self.number_text()),
            None => self.number_text(),
        }
    }

    /// In words a person would say, led by the direction's glyph: `▲ 8.0× more chips`,
    /// `▲ at most 8.0× the chips`, `▼ more than 0.03× the training cost`, `▲ between 17× and
    /// 21× the GPU-hours`, `= the same chips`, `▲ about 2.0× more chips`.
    pub fn phrase(&self, noun: &str) -> String {
        let (Ratio::Of(f), Some(d)) = (self, self.direction()) else {
            return self.number_text();
        };
        let about = if f.approx { "about " } else { "" };
        let words = match (f.shape(), d) {
            (Shape::Point(_), Direction::Same) => format!("the same {noun}"),
            (Shape::Point(v), Direction::More) => format!("{about}{}× more {noun}", ratio_number(v)),
            (Shape::Point(v), Direction::Less) => format!("{about}{}× the {noun}", ratio_number(v)),
            (Shape::Range(a, b), _) => format!(
                "{about}between {}× and {}× the {noun}",
                ratio_number_rounded(a, Round::Down),
                ratio_number_rounded(b, Round::Up)
            ),
            (Shape::AtLeast(a), _) => format!("{about}more than {}× the {noun}", ratio_number_rounded(a, Round::Down)),
            (Shape::AtMost(b), _) => format!("{about}at most {}× the {noun}", ratio_number_rounded(b, Round::Up)),
        };
        format!("{} {words}", d.glyph())
    }
}

/// Whether figures of a unit compare by quotient (relative figures, ranks and dates do not).
pub(super) fn has_ratio(unit: Unit) -> bool {
    !matches!(
        unit,
        Unit::Percent | Unit::Ratio | Unit::Rank | Unit::Year | Unit::Date | Unit::Text
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Currency;

    fn fig(lo: Option<f64>, hi: Option<f64>) -> Value<'static> {
        Value::Fig {
            fig: Figure {
                lo,
                hi,
                approx: false,
                sig: 0,
            },
            unit: Unit::Count,
            currency: Currency::Usd,
        }
    }

    #[test]
    fn ratios_read_as_the_issue_writes_them() {
        let r = Ratio::between(&fig(Some(2048.0), Some(2048.0)), &fig(Some(16384.0), Some(16384.0)));
        assert_eq!(r.as_ref().map(Ratio::short), Some("▲ 8.0×".into()));
        assert_eq!(r.map(|r| r.phrase("chips")), Some("▲ 8.0× more chips".into()));
        let r = Ratio::between(&fig(Some(80.0), Some(80.0)), &fig(Some(3.0), Some(3.0)));
        assert_eq!(r.map(|r| r.phrase("cost")), Some("▼ 0.04× the cost".into()));
        // Bounds and ranges in words.
        let r = Ratio::between(&fig(Some(2048.0), Some(2048.0)), &fig(None, Some(16384.0)));
        assert_eq!(r.map(|r| r.phrase("chips")), Some("▲ at most 8.0× the chips".into()));
        let r = Ratio::between(&fig(Some(100.0), Some(100.0)), &fig(Some(1793.0), Some(2107.0)));
        assert_eq!(
            r.map(|r| r.phrase("chips")),
            Some("▲ between 17× and 22× the chips".into())
        );
        let r = Ratio::between(&fig(Some(100.0), Some(100.0)), &fig(Some(3.0), None));
        assert_eq!(r.map(|r| r.phrase("cost")), Some("▼ more than 0.03× the cost".into()));
        let r = Ratio::between(&fig(Some(7.0), Some(7.0)), &fig(Some(7.0), Some(7.0)));
        assert_eq!(r.map(|r| r.phrase("chips")), Some("= the same chips".into()));
    }

    #[test]
    fn bounds_give_bounded_ratios_or_none() {
        let up_to = Ratio::between(&fig(Some(2048.0), Some(2048.0)), &fig(None, Some(16384.0)));
        assert_eq!(up_to.map(|r| r.short()), Some("▲ ≤8.0×".into()));
        let both_over = Ratio::between(&fig(Some(1.0), None), &fig(Some(2.0), None));
        assert_eq!(both_over, Some(Ratio::None("bounds only: no ratio")));
        let missing = Ratio::between(&fig(Some(1.0), Some(1.0)), &Value::Missing);
        assert_eq!(missing, Some(Ratio::None("no figure")));
    }

    #[test]
    fn currencies_must_match() {
        let usd = Value::Fig {
            fig: Figure::point(1.0),
            unit: Unit::Money,
            currency: Currency::Usd,
        };
        let eur = Value::Fig {
            fig: Figure::point(2.0),
            unit: Unit::Money,
            currency: Currency::Eur,
        };
        assert_eq!(Ratio::between(&usd, &eur), Some(Ratio::None("different currency")));
    }

    #[test]
    fn ratio_numbers_are_humane() {
        assert_eq!(ratio_number(8.0), "8.0");
        assert_eq!(ratio_number(11.06), "11");
        assert_eq!(ratio_number(1234.0), "1,234");
        assert_eq!(ratio_number(0.0375), "0.04");
        assert_eq!(ratio_number(0.0031), "0.003");
        // Bounds never promise more than they hold: >17.93 is ">17", ≤1.383 is "≤1.4".
        assert_eq!(ratio_number_rounded(17.93, Round::Down), "17");
        assert_eq!(ratio_number_rounded(1.383, Round::Down), "1.3");
        assert_eq!(ratio_number_rounded(1.383, Round::Up), "1.4");
        assert_eq!(ratio_number_rounded(3.0 / 100.0, Round::Down), "0.03");
        assert_eq!(ratio_number_rounded(16384.0 / 2048.0, Round::Up), "8.0");
    }
}
