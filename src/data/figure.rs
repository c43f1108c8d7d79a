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
        };
        assert_eq!(r.key(), 90.0);
        let b = Figure {
            lo: Some(100.0),
            hi: None,
            approx: false,
        };
        assert_eq!(b.key(), 100.0);
        assert_eq!(b.shape(), Shape::AtLeast(100.0));
    }
}
