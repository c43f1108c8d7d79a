//! A numeric figure as people state it: a point, a range, a bound, maybe approximate.

/// A claimed number. `lo == hi` is a point; only `lo` is a lower bound ("over $100M"); only
/// `hi` an upper bound ("up to 16,384"); both differing a range ("$80–100M").
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    /// Lower end (or the point).
    pub lo: Option<f64>,
    /// Upper end (or the point).
    pub hi: Option<f64>,
    /// "About", "~".
    pub approx: bool,
    /// Significant digits of a point as written in the file (`30_800_000` → 3); 0 when not
    /// known (computed figures): the point is then taken as exact.
    pub sig: u8,
}

/// What shape a figure has, for formatting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    /// One value.
    Point(f64),
    /// From–to.
    Range(f64, f64),
    /// More than.
    AtLeast(f64),
    /// Up to.
    AtMost(f64),
}

impl Figure {
    /// An exact point value.
    pub fn point(v: f64) -> Self {
        Self {
            lo: Some(v),
            hi: Some(v),
            approx: false,
            sig: 0,
        }
    }

    /// The figure's shape.
    pub fn shape(&self) -> Shape {
        match (self.lo, self.hi) {
            (Some(a), Some(b)) if a == b => Shape::Point(a),
            (Some(a), Some(b)) => Shape::Range(a, b),
            (Some(a), None) => Shape::AtLeast(a),
            (None, Some(b)) => Shape::AtMost(b),
            (None, None) => Shape::Point(f64::NAN),
        }
    }

    /// The one number used to sort and chart: the point, a range's midpoint, or the bound.
    pub fn key(&self) -> f64 {
        match self.shape() {
            Shape::Point(v) | Shape::AtLeast(v) | Shape::AtMost(v) => v,
            Shape::Range(a, b) => (a + b) / 2.0,
        }
    }

    /// Whether the figure is a plain exact point.
    pub fn is_exact_point(&self) -> bool {
        !self.approx && matches!(self.shape(), Shape::Point(_))
    }

    /// Whether two figures state the same thing (used to detect conflicting claims).
    pub fn same_as(&self, other: &Figure) -> bool {
        self.lo == other.lo && self.hi == other.hi
    }

    /// Every value the figure allows given its stated precision: a point covers half a unit of
    /// its last significant digit either side (30.8M: 30.75–30.85M), counting at least two
    /// significant digits (a round "$100M" is 95–105M, not 50–150M); `≈` widens that to a whole
    /// unit or 10% of the value, whichever is larger (≈15T: 13.5–16.5T); ranges and bounds
    /// cover what they say (an approximate one 10% further out).
    pub fn allowed(&self) -> (f64, f64) {
        let lo = self.lo.unwrap_or(f64::NEG_INFINITY);
        let hi = self.hi.unwrap_or(f64::INFINITY);
        if let Shape::Point(v) = self.shape() {
            let unit = if self.sig == 0 || v == 0.0 {
                0.0
            } else {
                10f64.powi(v.abs().log10().floor() as i32 - i32::from(self.sig.max(2)) + 1)
            };
            let half = if self.approx {
                unit.max(0.1 * v.abs())
            } else {
                unit / 2.0
            };
            return (v - half, v + half);
        }
        if self.approx {
            (lo - 0.1 * lo.abs(), hi + 0.1 * hi.abs())
        } else {
            (lo, hi)
        }
    }

    /// Whether two figures can both be true given each one's stated precision: the values
    /// they allow overlap (touching ends count, except at the value an "over" bound excludes).
    /// The one agreement rule behind `‡`.
    pub fn agrees(&self, other: &Figure) -> bool {
        let (a_lo, a_hi) = self.allowed();
        let (b_lo, b_hi) = other.allowed();
        // A relative slack for float noise in `allowed` (30.84M + 5,000 vs 30.8M + 50,000).
        let slack = |x: f64| if x.is_finite() { x.abs() * 1e-12 } else { 0.0 };
        // "Over $100M" excludes $100M itself: it does not meet "$80–100M" at the end.
        let fits = |lo: f64, open: bool, hi: f64| {
            if open {
                lo < hi - slack(hi)
            } else {
                lo <= hi + slack(hi)
            }
        };
        fits(a_lo, self.open_below(), b_hi) && fits(b_lo, other.open_below(), a_hi)
    }

    /// A lower bound stated as "over"/"more than" (an exact `min` alone) excludes its value.
    fn open_below(&self) -> bool {
        !self.approx && matches!(self.shape(), Shape::AtLeast(_))
    }

    /// Lowest and highest numbers the figure mentions.
    pub fn extent(&self) -> (f64, f64) {
        let lo = self.lo.or(self.hi).unwrap_or(f64::NAN);
        let hi = self.hi.or(self.lo).unwrap_or(f64::NAN);
        (lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_point_midpoint_or_bound() {
        assert_eq!(Figure::point(5.0).key(), 5.0);
        let r = Figure {
            lo: Some(80.0),
            hi: Some(100.0),
            approx: false,
            sig: 0,
        };
        assert_eq!(r.key(), 90.0);
        let b = Figure {
            lo: Some(100.0),
            hi: None,
            approx: false,
            sig: 0,
        };
        assert_eq!(b.key(), 100.0);
        assert_eq!(b.shape(), Shape::AtLeast(100.0));
    }

    fn written(v: f64, sig: u8, approx: bool) -> Figure {
        Figure {
            sig,
            approx,
            ..Figure::point(v)
        }
    }

    #[test]
    fn agreement_follows_stated_precision() {
        // Meta's 30.84M GPU-hours and Lambert's "30.8M" (30.75–30.85M) agree.
        assert!(written(30_840_000.0, 4, false).agrees(&written(30_800_000.0, 3, false)));
        // 15.6T and "≈15T" agree; 15.6T and an exact 15T do not.
        assert!(written(15.6, 3, false).agrees(&written(15.0, 2, true)));
        assert!(!written(15.6, 3, false).agrees(&written(15.0, 2, false)));
        // 2,048 and "2,000" (1,950–2,050) agree; $5.576M and $10M do not.
        assert!(written(2048.0, 4, false).agrees(&written(2000.0, 1, false)));
        assert!(!written(2200.0, 2, false).agrees(&written(2000.0, 1, false)));
        assert!(!written(5_576_000.0, 4, false).agrees(&written(10_000_000.0, 1, false)));
        // A bound: "over $100M" vs $80–100M only touch at what "over" excludes; "up to 16,384"
        // and 16,384 agree; "over $100M" vs $63M do not.
        let over = Figure {
            lo: Some(100e6),
            hi: None,
            approx: false,
            sig: 0,
        };
        let range = Figure {
            lo: Some(80e6),
            hi: Some(100e6),
            approx: false,
            sig: 0,
        };
        assert!(!over.agrees(&range) && !range.agrees(&over));
        let up_to = Figure {
            lo: None,
            hi: Some(16384.0),
            approx: false,
            sig: 0,
        };
        assert!(up_to.agrees(&written(16384.0, 5, false)));
        assert!(over.agrees(&written(150e6, 2, false)));
        assert!(!over.agrees(&written(63e6, 2, false)));
        // Unknown precision is exact.
        assert!(!Figure::point(2.0).agrees(&Figure::point(2.01)));
    }
}
