//! Every record's figure in a numeric column, read once in idle time into flat arrays, so that
//! group-by reads plain numbers instead of calling each cell's getter (a derived figure looks
//! up its inputs, a lab's, a chip's) — at 1M models the getters are most of the cost.
//! About 9 bytes a record and column: the lowest value, a byte of flags, and the highest
//! value only for the few figures that are bounds or ranges.

use crate::data::{Currency, Dataset, Unit};

use super::ViewKind;
use super::cell::Value;
use super::chart::claim_ranges;
use super::columns::{ColType, Column, columns};
use super::group::keys::FastMap;
use super::search::{Interrupt, Interrupted};

/// The currencies a flag byte can name, by index.
const CURRENCIES: [Currency; 4] = [Currency::Usd, Currency::Usd2023, Currency::Eur, Currency::Cny];

const PRESENT: u8 = 1;
const APPROX: u8 = 2;
/// The highest value differs from the lowest (kept in `high`).
const SPREAD: u8 = 4;
const CURRENCY_SHIFT: u32 = 3;
/// The figure has no lowest value (`≤ x`): its headline is its highest.
const NO_LOW: u8 = 32;
/// Claims about the figure disagree (the cell's `‡`).
const DISPUTED: u8 = 64;

/// Records read between two questions to `Interrupt`.
const ROWS_PER_CHECK: usize = 1 << 14;

/// One record's figure as group-by aggregates it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fig {
    /// Lowest possible value (0 for an upper bound).
    pub lo: f64,
    /// Highest possible value (∞ for a lower bound).
    pub hi: f64,
    /// Approximate.
    pub approx: bool,
    /// Its currency (USD for what is not money).
    pub currency: Currency,
}

/// A numeric column's figures, record by record, all in one unit.
#[derive(Debug, PartialEq)]
pub struct FigureColumn {
    /// The unit of every figure.
    pub unit: Unit,
    low: Vec<f64>,
    flags: Vec<u8>,
    high: High,
    /// The one currency of all the figures, when they share one (`None`: several, or none).
    uniform: Option<Currency>,
    /// The whisker of every figure that gets one (`bar`'s flag), by record in record order:
    /// the lowest–highest of its claims or its own range (`None`: nothing to draw). Made by
    /// `add_whiskers`, so that a bar chart of 1M figures does not look up their claims.
    whiskers: Option<Vec<Whisker>>,
}

/// A view's figure arrays by column (`None`: a column without), shared by the cache that
/// built them in idle time and the group table that reads them when drawn.
pub type Arrays = [Option<std::sync::Arc<FigureColumn>>];

/// A record's whisker: its record and the lowest–highest to draw (`None`: nothing to draw).
pub type Whisker = (u32, Option<(f64, f64)>);

/// The highest values of the figures that are bounds or ranges: looked up when they are few,
/// one per record when they are many (a look-up per figure would cost more than the array).
#[derive(Debug, PartialEq)]
enum High {
    Few(FastMap<u32, f64>),
    Many(Vec<f64>),
}

impl FigureColumn {
    /// The figures of column `c` for the `n` records of its view; `Ok(None)` for a column
    /// that is not numeric or whose figures come in more than one unit (read cell by cell).
    pub fn build(ds: &Dataset, c: &Column, n: usize, interrupt: Interrupt<'_>) -> Result<Option<Self>, Interrupted> {
        if c.ty != ColType::Number {
            return Ok(None);
        }
        let mut col = FigureColumn {
            unit: Unit::Count,
            low: vec![0.0; n],
            flags: vec![0; n],
            high: High::Few(FastMap::default()),
            uniform: None,
            whiskers: None,
        };
        let mut few: FastMap<u32, f64> = FastMap::default();
        let mut unit = None;
        // The currencies met: one, or several (`mixed`).
        let (mut first_currency, mut mixed) = (None, false);
        for r in 0..n {
            if r.is_multiple_of(ROWS_PER_CHECK) && interrupt() {
                return Err(Interrupted);
            }
            let cell = (c.get)(ds, r as u32);
            let Value::Fig { fig, unit: u, currency } = &cell.value else {
                continue;
            };
            if *unit.get_or_insert(*u) != *u {
                return Ok(None);
            }
            let Some(k) = CURRENCIES.iter().position(|x| x == currency) else {
                return Ok(None);
            };
            mixed |= *first_currency.get_or_insert(*currency) != *currency;
            let (lo, hi) = super::group::span(fig);
            let mut flags = PRESENT | ((k as u8) << CURRENCY_SHIFT);
            if fig.approx {
                flags |= APPROX;
            }
            if fig.lo.is_none() {
                flags |= NO_LOW;
            }
            if cell.marks.disputed {
                flags |= DISPUTED;
            }
            if hi.to_bits() != lo.to_bits() {
                flags |= SPREAD;
                few.insert(r as u32, hi);
            }
            col.low[r] = lo;
            col.flags[r] = flags;
        }
        col.unit = unit.unwrap_or(Unit::Count);
        col.uniform = first_currency.filter(|_| !mixed);
        col.high = if few.len() > n / 16 {
            let mut many = vec![0.0; n];
            for (r, hi) in few {
                many[r as usize] = hi;
            }
            High::Many(many)
        } else {
            High::Few(few)
        };
        Ok(Some(col))
    }

    /// The one currency of the figures when every figure is exact (its lowest value is its
    /// highest) and all share it: then a figure is its low, its flag and that currency.
    pub fn plain(&self) -> Option<Currency> {
        match &self.high {
            High::Few(few) if few.is_empty() => self.uniform,
            _ => None,
        }
    }

    /// Appends the lows of `recs`' figures (records without one skipped; `u32::MAX` is none)
    /// to `out`, in `recs`' order; returns whether any is approximate. For `plain` columns,
    /// whose figures are their lows: a tight loop over two arrays.
    pub fn lows(&self, recs: &[u32], out: &mut Vec<f64>) -> bool {
        let mut approx = false;
        for &r in recs {
            let (Some(&flags), Some(&lo)) = (self.flags.get(r as usize), self.low.get(r as usize)) else {
                continue;
            };
            if flags & PRESENT != 0 {
                out.push(lo);
                approx |= flags & APPROX != 0;
            }
        }
        approx
    }

    /// Record `r`'s figure's currency, if it has a figure (its flags only: a pass counting
    /// currencies reads a byte a record).
    pub fn currency(&self, r: u32) -> Option<Currency> {
        let flags = *self.flags.get(r as usize)?;
        (flags & PRESENT != 0).then(|| CURRENCIES[usize::from(flags >> CURRENCY_SHIFT) % CURRENCIES.len()])
    }

    /// Record `r`'s figure, if it has one.
    pub fn get(&self, r: u32) -> Option<Fig> {
        let flags = *self.flags.get(r as usize)?;
        if flags & PRESENT == 0 {
            return None;
        }
        let lo = self.low[r as usize];
        let hi = match &self.high {
            _ if flags & SPREAD == 0 => lo,
            High::Few(few) => few.get(&r).copied().unwrap_or(lo),
            High::Many(many) => many.get(r as usize).copied().unwrap_or(lo),
        };
        Some(Fig {
            lo,
            hi,
            approx: flags & APPROX != 0,
            currency: CURRENCIES[usize::from(flags >> CURRENCY_SHIFT) % CURRENCIES.len()],
        })
    }

    /// Record `r`'s figure as a bar charts it: its headline number (`Figure::key`), its
    /// currency, and whether it gets a whisker (its claims disagree, or it is a range).
    pub fn bar(&self, r: u32) -> Option<(f64, Currency, bool)> {
        let flags = *self.flags.get(r as usize)?;
        let f = self.get(r)?;
        let spread = flags & SPREAD != 0;
        // As `Figure::key` over the shapes: a point or `≥ x` is its low, `≤ x` its high, a
        // range its middle.
        let (key, range) = if !spread || f.hi.is_infinite() {
            (f.lo, false)
        } else if flags & NO_LOW != 0 {
            (f.hi, false)
        } else {
            ((f.lo + f.hi) / 2.0, true)
        };
        Some((key, f.currency, range || flags & DISPUTED != 0))
    }

    /// Finds the whisker of every figure that gets one (see `whiskers`), for column `col`
    /// of `view`, whose figures these are.
    pub fn add_whiskers(
        &mut self,
        ds: &Dataset,
        view: ViewKind,
        col: usize,
        interrupt: Interrupt<'_>,
    ) -> Result<(), Interrupted> {
        let Some(c) = columns(view).get(col) else {
            return Ok(());
        };
        let mut ranged = Vec::new();
        for r in 0..self.flags.len() as u32 {
            if (r as usize).is_multiple_of(ROWS_PER_CHECK) && interrupt() {
                return Err(Interrupted);
            }
            if !self.bar(r).is_some_and(|b| b.2) {
                continue;
            }
            if let Value::Fig { fig, currency, .. } = (c.get)(ds, r).value {
                ranged.push((r, fig, currency));
            }
        }
        if interrupt() {
            return Err(Interrupted);
        }
        let found = claim_ranges(ds, view, col, &ranged);
        self.whiskers = Some(ranged.iter().map(|d| d.0).zip(found).collect());
        Ok(())
    }

    /// The whiskers, if `add_whiskers` made them.
    pub fn whiskers(&self) -> Option<&[Whisker]> {
        self.whiskers.as_deref()
    }

    /// Memory held, in bytes.
    pub fn bytes(&self) -> usize {
        let high = match &self.high {
            High::Few(few) => few.capacity() * 16,
            High::Many(many) => many.capacity() * 8,
        };
        let whiskers = self.whiskers.as_ref().map_or(0, |w| w.capacity() * 24);
        self.low.capacity() * 8 + self.flags.capacity() + high + whiskers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::group::GroupTable;
    use crate::view::{ViewKind, columns};

    fn load(name: &str, text: &str) -> Dataset {
        crate::data::load(name, text).unwrap_or_else(|d| panic!("{d:?}"))
    }

    /// Group tables from the arrays (and grouped and put in label order by ranks) are the
    /// tables from the cells: every view, every column grouped by, all rows and a scrambled
    /// part (bounds, ranges, approximations and other currencies are in the bundled data;
    /// labels that control characters make differ from their text, case variants and text
    /// sorting after `—` in the hostile and extreme files).
    #[test]
    fn group_tables_from_arrays_are_the_tables_from_cells() {
        let text = crate::generate::dataset(crate::generate::Sizes::models(900), 23);
        for ds in [
            load("gen", &text),
            load(crate::data::BUNDLED_NAME, crate::data::BUNDLED),
            load("hostile", include_str!("../../tests/fixtures/hostile.toml")),
            load("extreme", include_str!("../../tests/fixtures/extreme.toml")),
        ] {
            for view in ViewKind::ALL {
                let n = view.len(&ds);
                let cols = columns(view);
                let ranks: Vec<_> = cols
                    .iter()
                    .map(|c| crate::view::ranks::Ranks::build(&ds, c, n, &|| false).ok())
                    .collect();
                let arrays: Vec<Option<std::sync::Arc<FigureColumn>>> = cols
                    .iter()
                    .map(|c| {
                        let a = FigureColumn::build(&ds, c, n, &|| false).unwrap_or_else(|_| panic!("interrupted"));
                        a.map(std::sync::Arc::new)
                    })
                    .collect();
                if view != ViewKind::Claims {
                    assert!(arrays.iter().flatten().count() > 0, "{view:?}");
                }
                let all: Vec<u32> = (0..n as u32).collect();
                let part: Vec<u32> = (0..n as u32)
                    .map(|r| (r * 7919) % n.max(1) as u32)
                    .filter(|r| r % 4 != 1)
                    .collect();
                for by in 0..cols.len() {
                    for rows in [&all, &part] {
                        let want = GroupTable::build(&ds, view, rows, by);
                        let got = GroupTable::build_with(&ds, view, rows, by, Some(&arrays), ranks[by].as_ref());
                        assert_eq!(got.as_shown(&ds), want.as_shown(&ds), "{view:?} by {}", cols[by].id);
                    }
                }
            }
        }
    }

    /// Bar charts from the arrays, with and without the idle-time whiskers, are the charts
    /// from the cells (headlines of points, bounds and ranges; whiskers of ranges and of
    /// disputed figures): every view and column, all rows and a scrambled part, both scales.
    #[test]
    fn bar_charts_from_arrays_are_the_charts_from_cells() {
        use crate::view::chart::{Scale, bars, bars_prepared};
        let text = crate::generate::dataset(crate::generate::Sizes::models(900), 43);
        let mut whiskers = 0;
        for ds in [
            load("gen", &text),
            load(crate::data::BUNDLED_NAME, crate::data::BUNDLED),
        ] {
            for view in ViewKind::ALL {
                let n = view.len(&ds);
                let all: Vec<u32> = (0..n as u32).collect();
                let part: Vec<u32> = (0..n as u32)
                    .map(|r| (r * 7919) % n.max(1) as u32)
                    .filter(|r| r % 4 != 1)
                    .collect();
                for (col, c) in columns(view).iter().enumerate() {
                    let Ok(Some(mut a)) = FigureColumn::build(&ds, c, n, &|| false) else {
                        continue;
                    };
                    let plain = bars_prepared(&ds, view, col, &all, Scale::Linear, (None, Some(&a)));
                    a.add_whiskers(&ds, view, col, &|| false)
                        .unwrap_or_else(|_| panic!("interrupted"));
                    assert!(a.whiskers().is_some());
                    assert_eq!(plain, bars(&ds, view, col, &all, Scale::Linear), "{view:?} {}", c.id);
                    for rows in [&all, &part] {
                        for scale in [Scale::Linear, Scale::Log] {
                            let want = bars(&ds, view, col, rows, scale);
                            if let crate::view::chart::ChartData::Bars(b) = &want {
                                whiskers += b.items.iter().filter(|i| i.range.is_some()).count();
                            }
                            let got = bars_prepared(&ds, view, col, rows, scale, (None, Some(&a)));
                            assert_eq!(got, want, "{view:?} {}", c.id);
                        }
                    }
                }
            }
        }
        assert!(whiskers > 0, "some bars have whiskers");
    }

    /// Every figure reads back as its cell shows it, whether the bounds' highest values are
    /// kept by record or looked up.
    #[test]
    fn a_figure_reads_back_as_its_cell() {
        let text = crate::generate::dataset(crate::generate::Sizes::models(400), 37);
        let (mut few, mut many) = (0, 0);
        for ds in [
            load(crate::data::BUNDLED_NAME, crate::data::BUNDLED),
            load("gen", &text),
        ] {
            read_back(&ds, &mut few, &mut many);
        }
        assert!(few > 0 && many > 0, "{few} {many}");
    }

    fn read_back(ds: &Dataset, few: &mut usize, many: &mut usize) {
        for view in ViewKind::ALL {
            let n = view.len(ds);
            for c in columns(view) {
                let Ok(Some(col)) = FigureColumn::build(ds, c, n, &|| false) else {
                    continue;
                };
                match col.high {
                    High::Few(_) => *few += 1,
                    High::Many(_) => *many += 1,
                }
                for r in 0..n as u32 {
                    let want = match (c.get)(ds, r).value {
                        Value::Fig { fig, currency, unit } => {
                            assert_eq!(unit, col.unit);
                            let (lo, hi) = crate::view::group::span(&fig);
                            Some(Fig {
                                lo,
                                hi,
                                approx: fig.approx,
                                currency,
                            })
                        }
                        _ => None,
                    };
                    assert_eq!(col.get(r), want, "{view:?} {} row {r}", c.id);
                }
            }
        }
    }
}
